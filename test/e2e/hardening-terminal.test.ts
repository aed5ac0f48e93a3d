/**
The terminal under stress, end to end: the built `cloudmail-setup` in tmux against the built
emulator as a separate process. (a) The window shrinks to 60x20 and grows back while a user
code or Google's long URL is shown; (b) SIGTERM and SIGHUP log out of the device and leave the
terminal as it was; (c) two engineers edit the same settings at once (412).
*/
import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {HttpDeviceClient} from '../../source/device/http-device-client.js';
import {scratchDirectory, shellQuote as quote, startEmulator, startTui} from '../support/e2e-harness.js';
import type {Terminal} from '../support/tmux.js';
import {urlOnScreen} from '../support/tui.js';

const password = '7654321';

type Tui = {terminal: Terminal; files: string};

/**
The TUI in tmux at 80x24, run by a shell that records the terminal's settings (`stty -g`)
before it starts and after it ends, so that a test can see that the terminal was restored.
*/
function startTuiRecordingStty(deviceUrl: string): Tui {
	const files = scratchDirectory('e2e-stty');
	const {terminal} = startTui({device: deviceUrl, language: 'en', shell: program => [
		`stty -g > ${quote(path.join(files, 'before'))}`,
		program,
		'status=$?',
		`stty -g > ${quote(path.join(files, 'after.tmp'))}`,
		`mv ${quote(path.join(files, 'after.tmp'))} ${quote(path.join(files, 'after'))}`,
		// The pane stays alive a moment, so that tmux's view of the terminal can still be read.
		'sleep 3',
		'exit $status',
	]});
	return {terminal, files};
}

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/**
Once the TUI has ended: the terminal's line settings are as before it started (no raw mode,
echo on), the cursor is visible, and the program exited 0.
*/
async function expectRestored(terminal: Terminal, files: string): Promise<void> {
	await terminal.waitFor(() => existsSync(path.join(files, 'after')), 'the program to end');
	expect(readFileSync(path.join(files, 'after'), 'utf8')).toBe(readFileSync(path.join(files, 'before'), 'utf8'));
	expect(terminal.cursorVisible()).toBe(true);
	await terminal.waitFor(() => terminal.exited(), 'the shell to exit');
	expect(terminal.exitStatus()).toBe(0);
}

function sessionDeletes(log: string): number {
	return log.match(/DELETE \/api\/v1\/session 204/g)?.length ?? 0;
}

async function logIn(terminal: Terminal): Promise<void> {
	await terminal.waitForText('Log In (System Manager Mode)');
	terminal.type(password);
	terminal.keys('Enter');
	await terminal.waitForText('Logged in as');
}

async function openMicrosoft(terminal: Terminal): Promise<void> {
	await logIn(terminal);
	terminal.keys('1', '1', '1');
	await terminal.waitForText('Server Connection Status');
}

async function openMicrosoftEdit(terminal: Terminal): Promise<void> {
	await openMicrosoft(terminal);
	terminal.keys('e');
	await terminal.waitForText('Edit Basic Settings');
	await terminal.waitForText('[ OK ]');
}

/** Enables Microsoft with the tenant reached by `rights` presses of → from an empty endpoint, and saves. */
async function enableMicrosoftAndSave(terminal: Terminal, rights: number, tenant: string): Promise<void> {
	terminal.keys('Space');
	await terminal.waitForText(/\[x\] Use OAuth 2\.0 \(Microsoft\)/);
	terminal.keys('Tab', 'Tab', 'Tab', 'Tab', ...Array.from({length: rights}, () => 'Right'));
	await terminal.waitForText(`https://login.microsoftonline.com/${tenant}/oauth2/v2.0`);
	terminal.keys('Tab', 'Enter');
}

const clientId = '1234567890-offline.apps.googleusercontent.com';

async function openGoogleRegister(terminal: Terminal, configure: boolean): Promise<void> {
	await logIn(terminal);
	terminal.keys('1', '1', '2');
	await terminal.waitForText('Authorization Information');
	if (configure) {
		terminal.keys('e');
		await terminal.waitForText('Edit Basic Settings');
		terminal.keys('Space');
		await terminal.waitForText(/\[x\] Use OAuth 2\.0 \(Google\)/);
		terminal.keys('Tab', 'Tab', 'Tab');
		terminal.type(clientId);
		terminal.keys('Tab');
		terminal.type('GOCSPX-e2e-Secret-Value');
		await terminal.waitForText(clientId);
		terminal.keys('Tab', 'Enter');
		await terminal.waitForText('Successfully Connected');
	}

	terminal.keys('a');
	await terminal.waitForText('Register Authorization Information');
	if (configure) {
		await terminal.waitForText('https://localhost:');
	}
}

function count(screen: string, text: string): number {
	return screen.split(text).length - 1;
}

/**
After a resize: line 1 is the breadcrumb (nothing scrolled away), the footer is drawn once and
is the last line drawn, the bottom line of the window is free, and nothing from the old size
is left over (each of `once` appears exactly once).
*/
async function expectCleanAfterResize(terminal: Terminal, columns: number, rows: number, once: string[], mustShow: Array<string | RegExp>): Promise<string> {
	terminal.resize(columns, rows);
	// The first captures may still show the frame drawn for the old size.
	await new Promise(resolve => {
		setTimeout(resolve, 500);
	});
	const screen = await terminal.waitFor(current => {
		const lines = current.replace(/\n$/, '').split('\n');
		return lines.length === rows
			&& lines.every(line => line.length <= columns)
			&& /^(…|Portal)/.test(lines[0]!)
			&& mustShow.every(text => (typeof text === 'string' ? current.includes(text) : text.test(current)))
			&& once.every(text => count(current, text) === 1);
	}, `a clean ${columns}x${rows} screen`);
	const lines = screen.replace(/\n$/, '').split('\n');
	expect(lines).toHaveLength(rows);
	expect(lines[0]).toMatch(/^(…|Portal) /);
	for (const text of once) {
		expect(count(screen, text), `"${text}" appears once:\n${screen}`).toBe(1);
	}

	// The last line of the window is left free, and the footer is the last line drawn.
	expect(lines.at(-1)!.trim()).toBe('');
	const drawn = lines.filter(line => line.trim() !== '');
	expect(drawn.at(-1)).toMatch(/Quit|Esc /);
	// The screen stays as it is: no later frame scrolls it.
	await new Promise(resolve => {
		setTimeout(resolve, 600);
	});
	expect(terminal.screen().split('\n')[0]).toBe(lines[0]);
	return screen;
}

describe('(a) resizing a real terminal', () => {
	it('OAuth 2.0 (Microsoft) Settings with a user code: 80x24 → 60x20 → 80x24, the code stays, nothing is left over', async () => {
		const device = await startEmulator();
		const {terminal} = startTuiRecordingStty(device.deviceUrl);
		await openMicrosoft(terminal);
		terminal.keys('e');
		await terminal.waitForText('Edit Basic Settings');
		await enableMicrosoftAndSave(terminal, 3, 'organizations');
		const waiting = await terminal.waitFor(screen => /code [A-Z0-9]{9}/.test(screen) && screen.includes('Successfully Connected'), 'a user code');
		const userCode = /code ([A-Z0-9]{9})/.exec(waiting)![1]!;
		const spaced = userCode.split('').join(' ');

		const once = ['Server Connection Status', 'Token Status', 'q Quit', spaced];
		await expectCleanAfterResize(terminal, 60, 20, once, [spaced, 'User Code Expires In']);
		await expectCleanAfterResize(terminal, 80, 24, once, [spaced, 'User Code Expires In']);
		await expectCleanAfterResize(terminal, 60, 20, once, [spaced]);
		await expectCleanAfterResize(terminal, 80, 24, once, [spaced]);
	}, 90_000);

	it('Register Authorization Information with Google\'s long URL: 80x24 → 60x20 → 80x24', async () => {
		const device = await startEmulator();
		const {terminal} = startTuiRecordingStty(device.deviceUrl);
		await openGoogleRegister(terminal, true);
		terminal.keys('Tab');
		terminal.type('4/typed');
		await terminal.waitForText('4/typed');

		const once = ['URL for Google Authorization Server', 'Authorization Code', 'Esc Cancel', '4/typed'];
		const small = await expectCleanAfterResize(terminal, 60, 20, once, ['https://localhost:']);
		expect(small).toContain('4/typed');
		const normal = await expectCleanAfterResize(terminal, 80, 24, once, ['https://localhost:']);
		// The URL, drawn whole across its lines.
		const url = urlOnScreen(normal, 'https://localhost:');
		expect(new URL(url).searchParams.get('client_id')).toBe(clientId);
		expect(new URL(url).searchParams.get('code_challenge_method')).toBe('S256');
	}, 90_000);
});

const signalCases: Array<{screen: string; open(terminal: Terminal): Promise<void>}> = [
	{screen: 'Portal', open: logIn},
	{screen: 'Edit Basic Settings (Microsoft)', open: openMicrosoftEdit},
	{screen: 'Register Authorization Information', open: async terminal => openGoogleRegister(terminal, false)},
];

describe('(b) SIGTERM and SIGHUP log out and restore the terminal', () => {
	for (const {screen, open} of signalCases) {
		for (const signal of ['SIGTERM', 'SIGHUP'] as const) {
			it(`${signal} on ${screen}`, async () => {
				const device = await startEmulator();
				const {terminal, files} = startTuiRecordingStty(device.deviceUrl);
				await open(terminal);
				expect(terminal.cursorVisible()).toBe(false);
				const before = sessionDeletes(device.log());
				process.kill(terminal.programPid(), signal);
				await device.waitForLog(new RegExp(`(DELETE /api/v1/session 204[\\s\\S]*){${before + 1}}`));
				await expectRestored(terminal, files);
				expect(sessionDeletes(device.log())).toBe(before + 1);
			}, 60_000);
		}
	}

	it('the terminal itself goes away (tmux kills the pane, as sshd does when the connection drops): still logs out and ends', async () => {
		const device = await startEmulator();
		const {terminal} = startTuiRecordingStty(device.deviceUrl);
		await openMicrosoftEdit(terminal);
		const pid = terminal.programPid();
		const before = sessionDeletes(device.log());
		// The pty closes and its processes get SIGHUP; every later write to the terminal fails.
		terminal.killPane();
		await device.waitForLog(new RegExp(`(DELETE /api/v1/session 204[\\s\\S]*){${before + 1}}`));
		const deadline = Date.now() + 10_000;
		while (isAlive(pid)) {
			expect(Date.now(), 'the TUI process ends').toBeLessThan(deadline);
			// eslint-disable-next-line no-await-in-loop
			await new Promise(resolve => {
				setTimeout(resolve, 100);
			});
		}
	}, 60_000);

	it('q also restores the terminal (for comparison with the signals)', async () => {
		const device = await startEmulator();
		const {terminal, files} = startTuiRecordingStty(device.deviceUrl);
		await logIn(terminal);
		terminal.keys('q');
		await device.waitForLog(/DELETE \/api\/v1\/session 204/);
		await expectRestored(terminal, files);
	}, 60_000);
});

describe('(c) two TUIs editing the same settings', () => {
	it('the second save gets "changed elsewhere" with r to reload; the device keeps the first\'s settings', async () => {
		const device = await startEmulator();
		const first = startTuiRecordingStty(device.deviceUrl).terminal;
		const second = startTuiRecordingStty(device.deviceUrl).terminal;
		await openMicrosoftEdit(first);
		await openMicrosoftEdit(second);

		// The first saves "common" and goes back to the settings page.
		await enableMicrosoftAndSave(first, 1, 'common');
		await first.waitForText('Server Connection Status');
		// The second, still on the old settings, tries "organizations".
		await enableMicrosoftAndSave(second, 3, 'organizations');
		const conflict = await second.waitForText('Changed elsewhere: press r to reload (your edits are discarded) or Esc.');
		expect(conflict).toContain('Edit Basic Settings');

		const check = new HttpDeviceClient({baseUrl: device.deviceUrl});
		await check.login('Administrator', password);
		const state = await check.getMicrosoft();
		await check.logout();
		expect(state.settings.enabled).toBe(true);
		expect(state.settings.endpoint).toBe('https://login.microsoftonline.com/common/oauth2/v2.0');

		// r reloads: the second now shows what the first saved.
		second.keys('r');
		const reloaded = await second.waitFor(screen => screen.includes('[x] Use OAuth 2.0 (Microsoft)') && screen.includes('login.microsoftonline.com/common/oauth2/v2.0') && !screen.includes('Changed elsewhere'), 'the reloaded settings');
		expect(reloaded).toContain('[common]');
		expect(device.log()).toMatch(/PUT \/api\/v1\/oauth2\/microsoft\/basic 412/);
	}, 90_000);
});
