/**
After q or Ctrl+C the program ends with one line on the normal screen that says it logged out,
or that it could not and why (the device could not be reached), in the engineer's language.
The built `cloudmail-setup` in tmux at 80x24, against the built emulator over loopback.
*/
import {describe, expect, it} from 'vitest';
import {messagesFor} from '../../source/i18n/index.js';
import {startSession} from '../support/e2e-harness.js';
import type {EmulatorProcess} from '../support/emulator-process.js';
import type {Terminal} from '../support/tmux.js';

const portal = {en: 'Logged in as', ja: 'ログイン中'} as const;
const login = {en: 'Log In (System Manager Mode)', ja: 'ログイン(管理者モード)'} as const;

async function logIn(language: 'en' | 'ja'): Promise<{emulator: EmulatorProcess; terminal: Terminal}> {
	const {emulator, terminal} = await startSession({language});
	await terminal.waitForText(login[language]);
	terminal.type('7654321');
	terminal.keys('Enter');
	await terminal.waitForText(portal[language]);
	return {emulator, terminal};
}

/** The screen once the program has exited, its lines joined (a long last line wraps at 80 columns). */
async function finalText(target: Terminal): Promise<string> {
	await target.waitFor(() => target.exited(), 'the program to exit');
	const screen = target.screen().trimEnd();
	return screen;
}

/**
What the program printed last: the lines from the last one that starts with `start` to the end,
joined (a line longer than 80 columns wraps), without tmux's own "Pane is dead" line.
*/
function lastPrinted(screen: string, start: string | RegExp): string {
	const lines = screen.split('\n').map(line => line.trimEnd()).filter(line => !line.startsWith('Pane is dead'));
	const from = lines.findLastIndex(line => (typeof start === 'string' ? line.startsWith(start) : start.test(line)));
	expect(from, `a line starting with ${String(start)} in:\n${screen}`).toBeGreaterThanOrEqual(0);
	return lines.slice(from).join('').trim();
}

describe('the last line after quitting', () => {
	it.each(['en', 'ja'] as const)('q on the Portal (%s): logged out of the device at its address', async language => {
		const started = await logIn(language);
		started.terminal.keys('q');
		const screen = await finalText(started.terminal);
		expect(started.terminal.exitStatus()).toBe(0);
		const url = started.emulator.deviceUrl.replace(/\/$/, '');
		const expected = messagesFor(language).exit.loggedOut(url.endsWith('/api/v1') ? url : `${url}/api/v1`);
		expect(lastPrinted(screen, expected.slice(0, 12))).toBe(expected);
	});

	it.each(['en', 'ja'] as const)('Ctrl+C (%s): logged out', async language => {
		const started = await logIn(language);
		started.terminal.keys('1');
		await started.terminal.waitForText(language === 'en' ? 'Send Settings' : '送信設定');
		started.terminal.keys('C-c');
		const screen = await finalText(started.terminal);
		const last = lastPrinted(screen, language === 'en' ? 'Logged out' : 'http://127.0.0.1:');
		expect(last).toMatch(language === 'en'
			? /^Logged out of the device at http:\/\/127\.0\.0\.1:\d+\/api\/v1\.$/
			: /^http:\/\/127\.0\.0\.1:\d+\/api\/v1 からログアウトしました。$/);
	});

	it('the device is gone by then (en): it says it could not log out, and why', async () => {
		const started = await logIn('en');
		await started.emulator.kill();
		started.terminal.keys('q');
		const screen = await finalText(started.terminal);
		const last = lastPrinted(screen, 'Quit, but');
		expect(last).toMatch(/^Quit, but not logged out: Cannot reach the device at http:\/\/127\.0\.0\.1:\d+\/api\/v1\./);
	});

	it('Ctrl+C on Log In (ja): there was no session', async () => {
		const {terminal} = await startSession({language: 'ja'});
		await terminal.waitForText(login.ja);
		terminal.keys('C-c');
		const screen = await finalText(terminal);
		expect(lastPrinted(screen, '終了しました')).toBe(messagesFor('ja').exit.notLoggedIn);
	});
});
