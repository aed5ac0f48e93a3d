/**
The footers, the keys and the help overlay come from one table (source/input/key-bindings.ts): the
footer of Portal and Log In says what Esc and q do there (nothing, and quit on [Log In]), the
help overlay shows every description whole, one column, scrolled with ↑↓ and PgUp/PgDn, and
Log In says "Logged out." after the Portal's Log Out.
*/
import {describe, expect, test} from 'vitest';
import * as fixtures from './support/fixtures.js';
import {appStarter, logIn, openMicrosoft, titles} from './support/app-driver.js';
import {expectFits, keys} from '../support/render.js';
import {messagesFor, type Language} from '../../source/i18n/index.js';
import {helpSections} from '../../source/input/key-bindings.js';

const start = appStarter();

/** The footer: the lines under the last blank line of the body (the last one or two lines). */
function footer(frame: string, lines = 2): string {
	return frame.split('\n').slice(-lines).join('\n');
}

describe.each([
	['en', 80, 24],
	['ja', 80, 24],
	['en', 60, 20],
	['ja', 60, 20],
] as const)('keys (%s, %sx%s)', (language: Language, columns, rows) => {
	const messages = messagesFor(language);
	const labels = messages.bindings.labels;

	test('the help overlay shows every description whole, and scrolls to the end with ↓ and PgDn', async () => {
		const started = await start({state: fixtures.waiting, language, columns, rows});
		const {r} = started;
		await openMicrosoft(started, language);
		await r.press('?');
		const first = await r.waitForText(messages.help.title);
		expectFits(first, {columns, rows});
		// This screen's keys first: the QR code key among them, described whole.
		expect(first).toContain(messages.bindings.contexts.microsoftSettings);
		expect(first).toContain(messages.bindings.descriptions.qrCode.slice(0, 10));
		// The overlay's own footer says how to scroll and close.
		expect(footer(first)).toContain(`PgUp/PgDn ${labels.page}`);
		expect(footer(first)).toContain(`?/Esc ${labels.closeHelp}`);

		const seen = new Set<string>();
		let frame = first;
		for (let page = 0; page < 40 && !frame.includes(messages.bindings.contexts.help); page++) {
			for (const line of frame.split('\n')) {
				seen.add(line.trim());
			}

			// eslint-disable-next-line no-await-in-loop
			await r.press(page % 2 === 0 ? '\u001B[6~' : keys.down);
			frame = r.visibleFrame();
			expectFits(frame, {columns, rows});
		}

		for (const line of frame.split('\n')) {
			seen.add(line.trim());
		}

		expect(frame).toContain(messages.bindings.contexts.help);
		const text = [...seen].join('\n');
		// No description was cut (no line ends in …), and each one's start and end are there.
		expect(text).not.toMatch(/…$/m);
		for (const section of helpSections(messages)) {
			expect(text).toContain(section.title);
			for (const entry of section.entries) {
				const characters = [...entry.description];
				const start = characters.slice(0, 8).join('').split(' ').slice(0, -1).join(' ') || characters.slice(0, 4).join('');
				const end = language === 'ja' ? characters.slice(-2).join('') : entry.description.split(' ').at(-1)!;
				expect(text, `${section.context}: ${entry.description}`).toContain(start);
				expect(text, `${section.context}: ${entry.description}`).toContain(end);
			}
		}

		// PgUp goes back up, Esc closes.
		await r.press('\u001B[5~');
		await r.press(keys.escape);
		await r.waitForText(titles[language].microsoft);
	});

	test('Portal: the footer has no Esc, and Esc does nothing there', async () => {
		const started = await start({language, columns, rows});
		const {r} = started;
		await logIn(started, language);
		const portal = r.visibleFrame();
		expect(footer(portal)).not.toContain('Esc');
		await r.press(keys.escape, '?');
		await r.waitForText(messages.help.title);
		await r.press('?');
		const after = await r.waitForText(titles[language].portal);
		expect(after).toBe(portal);
	});

	test('Log In: q is in the footer on [Log In] and quits there; while typing the footer says Ctrl+C', async () => {
		const started = await start({language, columns, rows});
		const {r} = started;
		expect(footer(r.visibleFrame())).toContain(`Ctrl+C ${labels.quitNoSession}`);
		expect(footer(r.visibleFrame())).not.toMatch(/(^|\s)q /);
		await r.press(keys.down);
		const onButton = await r.waitForFrame(frame => /(^|\s)q /.test(footer(frame)));
		expect(footer(onButton)).toContain(`q ${labels.quit}`);
		const exited = r.instance.waitUntilExit();
		await r.press('q');
		await exited;
		expect(started.exits.count).toBe(1);
	});

	test('Portal → Log Out: Log In says "Logged out."', async () => {
		const started = await start({language, columns, rows});
		const {r, client} = started;
		await logIn(started, language);
		await r.press('2');
		const frame = await r.waitForText(messages.exit.loggedOutNotice);
		expectFits(frame, {columns, rows});
		expect(frame).toContain(messages.screens.login);
		expect(client.calls.logout).toBe(1);
		// It goes with the next log-in attempt.
		await r.press(client.password, keys.enter);
		await r.waitForText(titles[language].portal);
	});
});
