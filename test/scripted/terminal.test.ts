/**
Scripted mode in a real terminal (tmux): with stdin a terminal and no CLOUDMAIL_PASSWORD the
password is asked for without echo; with stdout a terminal `microsoft authorize` adds a QR
code of the verification URL; Ctrl+C at the prompt ends at once, having sent nothing.
*/
import {expect, it} from 'vitest';
import {startTui} from '../support/e2e-harness.js';
import {withDevice, type Harness} from '../support/emulator-harness.js';
import type {Terminal} from '../support/tmux.js';
import {adminPassword, home, runCli} from './cli-process.js';

let device: Harness;
withDevice({}, current => {
	({device} = current);
});

/** The command in tmux (closed when the test ends), with this file's preferences and data. */
function inTerminal(args: readonly string[]): Terminal {
	return startTui({args: [...args, '--device', device.emulator.url], size: '100x60', home}).terminal;
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
