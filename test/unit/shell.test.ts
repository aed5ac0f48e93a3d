import {describe, expect, test} from 'vitest';
import {activeTargetId, initialShellState, shellReducer, topRoute} from '../../source/tui/shell.js';
import {breadcrumbText} from '../../screens/widgets/breadcrumb.js';
import {displayWidth} from '../../source/terminal/terminal.js';
import {en} from '../../source/i18n/en.js';
import {ja} from '../../source/i18n/ja.js';

describe('shell', () => {
	test('the menu path as a stack', () => {
		let state = initialShellState('Administrator');
		expect(topRoute(state).name).toBe('login');
		state = shellReducer(state, {type: 'logged-in', userName: 'Administrator'});
		state = shellReducer(state, {type: 'push', name: 'settingsRegistration'});
		state = shellReducer(state, {type: 'push', name: 'sendSettings'});
		expect(state.stack.map(route => route.name)).toEqual(['portal', 'settingsRegistration', 'sendSettings']);
		state = shellReducer(state, {type: 'pop'});
		state = shellReducer(state, {type: 'pop'});
		expect(shellReducer(state, {type: 'pop'})).toBe(state);
	});

	test('who gets the keys: help, then the session prompt, then the top screen; nobody while quitting', () => {
		let state = shellReducer(initialShellState('Administrator'), {type: 'logged-in', userName: 'Administrator'});
		expect(activeTargetId(state)).toBe(topRoute(state).id);
		state = shellReducer(state, {type: 'session-expired'});
		expect(activeTargetId(state)).toBe('session');
		state = shellReducer(state, {type: 'toggle-help'});
		expect(activeTargetId(state)).toBe('help');
		state = shellReducer(state, {type: 'busy', busy: 'quit'});
		expect(activeTargetId(state)).toBeUndefined();
	});

	test('a session cannot expire on the log-in screen', () => {
		const state = initialShellState('Administrator');
		expect(shellReducer(state, {type: 'session-expired'})).toBe(state);
	});
});

describe('breadcrumb', () => {
	test('the deepest paths fit one line of 80 columns in both languages, ending in the screen\'s name', () => {
		for (const messages of [ja, en]) {
			const {screens} = messages;
			const menus = [screens.portal, screens.settingsRegistration, screens.sendSettings];
			const paths = [
				[...menus, screens.microsoftSettings, screens.microsoftEditBasicSettings],
				[...menus, screens.googleSettings, screens.googleEditBasicSettings],
				[...menus, screens.googleSettings, screens.googleRegisterAuthorization],
			];
			for (const labels of paths) {
				const text = breadcrumbText(labels, 80);
				expect(displayWidth(text)).toBeLessThanOrEqual(80);
				expect(text.endsWith(`${labels.at(-2)!} › ${labels.at(-1)!}`)).toBe(true);
			}
		}
	});

	test('leading crumbs are elided with …', () => {
		expect(breadcrumbText(['Portal', 'Settings/Registration', 'Send Settings'], 30)).toBe('… › Send Settings');
		expect(breadcrumbText(['Portal', 'Send Settings'], 80)).toBe('Portal › Send Settings');
	});
});
