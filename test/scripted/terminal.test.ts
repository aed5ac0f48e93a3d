/**
Scripted mode in a real terminal (tmux): with stdin a terminal and no CLOUDMAIL_PASSWORD the
password is asked for without echo; with stdout a terminal `microsoft authorize` adds a QR
code of the verification URL; Ctrl+C at the prompt ends at once, having sent nothing.
*/
import path from 'node:path';
import {afterEach, expect, it} from 'vitest';
import {withDevice, type Harness} from '../support/emulator-harness.js';
import {Terminal} from '../support/tmux.js';
import {adminPassword, cliPath, home, runCli} from './cli-process.js';

let device: Harness;
withDevice({}, current => {
	({device} = current);
});

let terminal: Terminal | undefined;
afterEach(() => {
	terminal?.close();
	terminal = undefined;
});

function inTerminal(args: readonly string[]): Terminal {
	terminal = new Terminal({
		command: [process.execPath, cliPath, ...args, '--device', device.emulator.url],
		columns: 100,
		rows: 60,
		env: {XDG_CONFIG_HOME: path.join(home, 'config'), XDG_DATA_HOME: path.join(home, 'data'), LANG: 'C.UTF-8', TERM: 'xterm-256color'},
	});
	return terminal;
}

async function exitStatus(current: Terminal): Promise<number | undefined> {
	await current.waitFor(() => current.exited(), 'the command to end');
	return current.exitStatus();
}

it('asks for the password without echoing it, then shows the user code with a QR code', async () => {
	expect((await runCli(['microsoft', 'configure', '--tenant', 'organizations', '--enable', '--device', device.emulator.url])).code).toBe(0);
	const current = inTerminal(['microsoft', 'authorize']);
	await current.waitForText('Password for Administrator:');
	current.type(adminPassword);
	current.keys('Enter');
	const screen = await current.waitForText(/User Code:\s+[A-Z\d]{9}[\s\S]*Scan with a phone\n[▀▄█ ]+/);
	expect(screen).not.toContain(adminPassword);
	expect(await exitStatus(current)).toBe(0);
	expect(device.emulator.stats()['DELETE /api/v1/session']).toBe(2);
});

it('no QR code when stdout is not a terminal', async () => {
	expect((await runCli(['microsoft', 'configure', '--tenant', 'organizations', '--enable', '--device', device.emulator.url])).code).toBe(0);
	const run = await runCli(['microsoft', 'authorize', '--device', device.emulator.url]);
	expect(run.code, run.stderr).toBe(0);
	expect(run.stdout).toMatch(/User Code:\s+[A-Z\d]{9}/);
	expect(run.stdout).not.toMatch(/[▀▄█]/);
});

it('Ctrl+C at the password prompt: exit 130, nothing sent', async () => {
	const current = inTerminal(['status']);
	await current.waitForText('Password for Administrator:');
	current.type('76');
	current.keys('C-c');
	expect(await exitStatus(current)).toBe(130);
	expect(device.emulator.stats()).toEqual({});
});
