/**
The key bindings table is the one source of the keys: every binding's keys are keys a terminal
sends, and the README's keys table is the table rendered as markdown.
To regenerate the README's section after changing the table:
UPDATE_README_KEYS=1 npx vitest run --config test/vitest.config.ts test/unit/key-bindings.test.ts
*/
import {readFileSync, writeFileSync} from 'node:fs';
import process from 'node:process';
import {describe, expect, it} from 'vitest';
import {emptyKey} from '../../source/input/key-dispatcher.js';
import {messagesFor} from '../../source/i18n/index.js';
import {
	actionFor,
	escapeGoesBack,
	hintsFor,
	keyBindings,
	keyContexts,
	keyNames,
	keysMarkdown,
	readmeKeysEnd,
	readmeKeysStart,
	routeContexts,
} from '../../source/input/key-bindings.js';

const readmePath = new URL('../../README.md', import.meta.url);

describe('the key bindings table', () => {
	it('is what the README\'s keys table says (regenerate: UPDATE_README_KEYS=1)', () => {
		const readme = readFileSync(readmePath, 'utf8');
		const start = readme.indexOf(readmeKeysStart);
		const end = readme.indexOf(readmeKeysEnd);
		expect(start, 'README.md has the keys:start marker').toBeGreaterThanOrEqual(0);
		expect(end, 'README.md has the keys:end marker').toBeGreaterThan(start);
		const generated = keysMarkdown(messagesFor('en'));
		const current = readme.slice(start + readmeKeysStart.length, end).trim();
		if (process.env['UPDATE_README_KEYS'] === '1' && current !== generated) {
			writeFileSync(readmePath, `${readme.slice(0, start + readmeKeysStart.length)}\n${generated}\n${readme.slice(end)}`);
			return;
		}

		expect(current).toBe(generated);
	});

	it('has words for every binding in both languages', () => {
		for (const language of ['ja', 'en'] as const) {
			const messages = messagesFor(language);
			for (const context of keyContexts) {
				expect(messages.bindings.contexts[context]).toBeTruthy();
				for (const binding of keyBindings[context]) {
					expect(messages.bindings.labels[binding.label], `${language} ${context} ${binding.label}`).toBeTruthy();
					expect(messages.bindings.descriptions[binding.label], `${language} ${context} ${binding.label}`).toBeTruthy();
				}
			}
		}
	});

	it('reads each key the way the terminal layer delivers it', () => {
		expect(keyNames('', emptyKey({escape: true, meta: true}))).toEqual(['Esc']);
		expect(keyNames('', emptyKey({tab: true, shift: true}))).toEqual(['Shift+Tab']);
		expect(keyNames('u', emptyKey({ctrl: true}))).toEqual(['Ctrl+U']);
		expect(keyNames(' ', emptyKey())).toEqual(['Space']);
		expect(keyNames('q', emptyKey())).toEqual(['q']);
		// A burst of text is no key of the table.
		expect(keyNames('qq', emptyKey())).toEqual([]);
	});

	it('means nothing for a key that is not in it', () => {
		expect(actionFor('portal', '', emptyKey({escape: true, meta: true}))).toBeUndefined();
		expect(actionFor('login', '', emptyKey({escape: true, meta: true}))).toBeUndefined();
		expect(actionFor('menu', '', emptyKey({escape: true, meta: true}))).toBe('back');
		expect(actionFor('microsoftSettings', 'z', emptyKey())).toBeUndefined();
		expect(actionFor('microsoftSettings', 'v', emptyKey())).toBe('qr-code');
		expect(actionFor('login', ' ', emptyKey(), ['plainHttp'])).toBe('toggle-consent');
		expect(actionFor('login', ' ', emptyKey())).toBeUndefined();
		expect(actionFor('deviceCertificate', 'y', emptyKey(), ['asking'])).toBe('trust');
	});

	it('says Esc goes back exactly where the app takes it back', () => {
		expect(escapeGoesBack(routeContexts.portal)).toBe(false);
		expect(escapeGoesBack(routeContexts.login)).toBe(false);
		for (const name of ['settingsRegistration', 'sendSettings', 'microsoftSettings', 'googleSettings', 'microsoftEditBasicSettings', 'googleRegisterAuthorization', 'microsoftTestMail'] as const) {
			expect(escapeGoesBack(routeContexts[name]), name).toBe(true);
		}

		const en = messagesFor('en');
		expect(hintsFor(en, 'portal', ['notTyping']).map(hint => hint.keys)).not.toContain('Esc');
		expect(hintsFor(en, 'menu', ['notTyping']).map(hint => hint.keys)).toContain('Esc');
	});
});
