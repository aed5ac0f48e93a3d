/**
Keys exactly as typed, end to end: the built `cloudmail-setup` in tmux at 80x24 against the
built emulator as a separate process. Several keys in one read (one `send-keys` is one write to
the terminal) are applied one by one, in order, as if typed with gaps: Enter submits, and what
follows goes to whatever has the focus next. Only a bracketed paste (ESC[200~ … ESC[201~, which
tmux's `paste-buffer -p` sends only to a program that turned the mode on) is a paste: its line
breaks are never Enter, its escape sequences and control characters are dropped, and it may come
in several reads. After the program ends, by any way out, the terminal is out of that mode again.
*/
import {spawnSync} from 'node:child_process';
import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {scratchDirectory, shellQuote as quote, startEmulator, startSession, startTui} from '../support/e2e-harness.js';
import type {EmulatorProcess} from '../support/emulator-process.js';
import type {Terminal} from '../support/tmux.js';
import {logInAndOpenMicrosoft} from '../support/tui.js';

const password = '7654321';
const escape = '\u001B';

async function start(): Promise<{device: EmulatorProcess; terminal: Terminal}> {
	const {emulator, terminal} = await startSession({language: 'en'});
	await terminal.waitForText('Log In (System Manager Mode)');
	return {device: emulator, terminal};
}

/** The device's answers to log-in attempts so far. */
function logIns(device: EmulatorProcess): string[] {
	return [...device.log().matchAll(/POST \/api\/v1\/session (\d{3})/g)].map(match => match[1]!);
}

/** The line of the field labelled `label` (e.g. "Password"), as drawn. */
function fieldLine(screen: string, label: string): string {
	return screen.split('\n').find(line => line.replace(/^[›\s]+/, '').startsWith(label)) ?? '';
}

describe('a burst of keys is keys (tmux, emulator process)', () => {
	it('Log In: 7654321 Enter 1 in one read logs in once, and the 1 opens the first item of the Portal', async () => {
		const {device, terminal} = await start();
		terminal.type(`${password}\r1`);
		const screen = await terminal.waitForText(/Send Settings/);
		expect(screen.split('\n')[0]).toMatch(/^Portal › Settings\/Registration$/);
		expect(logIns(device)).toEqual(['201']);
	});

	it('Log In: bad1 Enter bad2 Enter in one read are two attempts; five wrong ones lock the log-in', async () => {
		const {device, terminal} = await start();
		terminal.type('bad1\rbad2\r');
		await device.waitForLog(/(POST \/api\/v1\/session 401[\s\S]*){2}/);
		await terminal.waitForText('The user name or password is wrong.');
		expect(logIns(device)).toEqual(['401', '401']);

		terminal.type('bad3\rbad4\rbad5\r');
		await device.waitForLog(/locked for \d+ s after 5 failed log-ins/);
		await terminal.waitForText('Locked after too many failed log-ins.');
		expect(logIns(device)).toHaveLength(5);
		// Nothing was left in the field for a sixth.
		expect(fieldLine(terminal.screen(), 'Password')).not.toContain('•');
	});

	it('Send Test Mail: a@example.com Enter x in one read sends to a@example.com', async () => {
		const {device, terminal} = await start();
		await logInAndOpenMicrosoft(terminal);
		const waiting = await terminal.waitFor(screen => /code [A-Z0-9]{9}/.test(screen) && screen.includes('Successfully Connected'), 'a user code');
		const userCode = /code ([A-Z0-9]{9})/.exec(waiting)![1]!;
		const verificationUri = /(https:\/\/localhost:\d+\/devicelogin)/.exec(waiting)![1]!;
		expect((await device.postForm(verificationUri, {user_code: userCode, decision: 'allow', account: 'helpdesk@contoso.example'})).status).toBe(200);
		await terminal.waitForText(/Token Status\s+Active/);
		terminal.keys('m');
		await terminal.waitForText('[ Send ]');
		terminal.type('a@example.com\rx');
		const sent = await terminal.waitFor(screen => /Test mail (not )?sent\./.test(screen), 'the device\'s report', 20_000);
		expect(sent).toMatch(/To +a@example\.com\n/);
		expect(sent).not.toContain('a@example.comx');
		const {body} = await device.control('mail');
		expect(body.messages.map((message: {to: string[]}) => message.to)).toEqual([['a@example.com']]);
	}, 60_000);
});

describe('a paste is a paste (tmux, emulator process)', () => {
	it('a bracketed paste that ends in a line break fills the field and submits nothing', async () => {
		const {device, terminal} = await start();
		terminal.paste(`${password}\n`);
		await terminal.waitFor(screen => fieldLine(screen, 'Password').includes('•'.repeat(password.length)) && !screen.includes('Logging in'), 'the pasted password');
		// The paste did not log in: the form is still there, with the password, and the device saw nothing.
		expect(terminal.screen()).toContain('Log In (System Manager Mode)');
		expect(logIns(device)).toEqual([]);
		terminal.keys('Enter');
		await terminal.waitForText('Logged in as');
		expect(logIns(device)).toEqual(['201']);
	});

	it('a bracketed paste split across two reads is one paste: its line break is not Enter', async () => {
		const {terminal} = await start();
		// To the User Name field, emptied; Enter there would go on to Password.
		terminal.keys('BTab', 'C-u');
		await terminal.waitFor(screen => /^› User Name\s*$/m.test(screen), 'an empty user name with the focus');
		// Typed text and the start of a paste in one write: once "ab" is drawn, that write was read.
		terminal.type(`ab${escape}[200~cd`);
		await terminal.waitFor(screen => fieldLine(screen, 'User Name').includes('ab'), 'the first read');
		terminal.type(`ef\r${escape}[201~`);
		const screen = await terminal.waitFor(current => fieldLine(current, 'User Name').includes('abcdef'), 'the paste');
		expect(screen).toMatch(/^› User Name +abcdef\s*$/m);
		expect(screen).toMatch(/^ {2}Password\s*$/m);
	});

	it('escape sequences, line breaks and Ctrl+C inside a paste are dropped, and the program keeps running', async () => {
		const {terminal} = await start();
		// To the User Name field, emptied.
		terminal.keys('BTab', 'C-u');
		await terminal.waitFor(screen => /^› User Name\s*$/m.test(screen), 'an empty user name with the focus');
		terminal.paste(`${escape}[31mred${escape}[0m\u0003\n${escape}]8;;https://example.com/${escape}\\blue${escape}]8;;${escape}\\`);
		await terminal.waitFor(screen => fieldLine(screen, 'User Name').includes('redblue'), 'the pasted text');
		expect(terminal.exited()).toBe(false);
		expect(fieldLine(terminal.screen(), 'User Name')).not.toMatch(/\[|31m|\]8|https/);
		// Ctrl+C outside a paste quits as always.
		terminal.keys('C-c');
		await terminal.waitFor(() => terminal.exited(), 'the program to end');
	});
});

/**
The TUI in tmux, run by a shell that, once it has ended, reads one line from the terminal and
records its bytes: a paste into that line shows whether the terminal still brackets pastes.
*/
function startRecordingTui(deviceUrl: string): {terminal: Terminal; record: string} {
	const record = path.join(scratchDirectory('e2e-paste'), 'line');
	const {terminal} = startTui({device: deviceUrl, language: 'en', shell: program => [
		program,
		'status=$?',
		'echo; echo READY-FOR-A-PASTE',
		'IFS= read -r line',
		`printf '%s' "$line" | od -An -c > ${quote(`${record}.tmp`)}`,
		`mv ${quote(`${record}.tmp`)} ${quote(record)}`,
		'exit $status',
	]});
	return {terminal, record};
}

describe('the terminal is out of bracketed paste mode after the program (tmux)', () => {
	for (const way of ['q', 'Ctrl+C', 'SIGTERM'] as const) {
		it(`after ${way}`, async () => {
			const emulator = await startEmulator();
			const {terminal, record} = startRecordingTui(emulator.deviceUrl);
			await terminal.waitForText('Log In (System Manager Mode)');
			// While the program runs, a paste is bracketed (the mode is on): its line break is not Enter.
			terminal.paste('x\n');
			await terminal.waitFor(screen => fieldLine(screen, 'Password').includes('•'), 'the paste');
			expect(terminal.screen()).not.toContain('The user name or password is wrong.');
			terminal.keys('C-u');
			switch (way) {
				case 'q': {
					terminal.type(password);
					terminal.keys('Enter');
					await terminal.waitForText('Logged in as');
					terminal.keys('q');
					break;
				}

				case 'Ctrl+C': {
					terminal.keys('C-c');
					break;
				}

				case 'SIGTERM': {
					process.kill(terminal.programPid(), 'SIGTERM');
					break;
				}
			}

			await terminal.waitForText('READY-FOR-A-PASTE');
			terminal.paste('after\n');
			await terminal.waitFor(() => existsSync(record), 'the line to be read');
			const bytes = readFileSync(record, 'utf8').replace(/\s+/g, ' ').trim();
			expect(bytes).toBe('a f t e r');
		});
	}
});

describe('bracketed paste mode is turned off however the process ends', () => {
	const hooks = path.resolve('dist/source/hooks/use-terminal-keys.js');
	/** The bytes a process that turned the mode on writes, when it then ends as `end` says. */
	function output(end: string): {stdout: string; status: number | null} {
		const script = `import {enableBracketedPaste} from ${JSON.stringify(hooks)}; enableBracketedPaste(process.stdout); ${end}`;
		const {stdout, status} = spawnSync(process.execPath, ['--input-type=module', '-e', script], {encoding: 'utf8'});
		return {stdout, status};
	}

	it.each([
		['an uncaught error', 'setImmediate(() => { throw new Error(\'boom\'); });', 1],
		['an unhandled rejection', 'void Promise.reject(new Error(\'boom\'));', 1],
		['process.exit', 'process.exit(3);', 3],
		['the end of the work', '', 0],
	])('%s', (_name, end, status) => {
		const result = output(end);
		expect(result.status).toBe(status);
		expect(result.stdout).toBe('\u001B[?2004h\u001B[?2004l');
	});
});
