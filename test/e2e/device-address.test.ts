/**
The device address as an engineer types it, end to end: the built `cloudmail-setup` in tmux at
80x24 against the built emulator as a separate process, over loopback. `--device 127.0.0.1:<port>`
(no scheme, no /api/v1) logs in; an address that cannot be reached keeps the typed password, the
address is changed on Log In, and it is saved as the preference once the log-in succeeded.
*/
import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {closedPort} from '../scripted/cli-process.js';
import {startEmulator, startSession, startTui} from '../support/e2e-harness.js';
import type {EmulatorProcess} from '../support/emulator-process.js';

function portOf(emulator: EmulatorProcess): number {
	return Number(/^http:\/\/127\.0\.0\.1:(\d+)\/api\/v1$/.exec(emulator.deviceUrl)![1]);
}

/** The preferences file once it names a device (it is written just after the log-in). */
async function savedPreferences(file: string): Promise<Record<string, unknown>> {
	const deadline = Date.now() + 15_000;
	for (;;) {
		const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
		if (text.includes('deviceUrl')) {
			return JSON.parse(text) as Record<string, unknown>;
		}

		if (Date.now() > deadline) {
			throw new Error(`No deviceUrl in ${file}: ${text}`);
		}

		// eslint-disable-next-line no-await-in-loop
		await new Promise(resolve => {
			setTimeout(resolve, 100);
		});
	}
}

function deviceLine(screen: string): string {
	return screen.split('\n').find(line => line.includes('Device')) ?? '';
}

describe('the device address in a real terminal', () => {
	it('--device 127.0.0.1:<port>, without scheme or path, logs in', async () => {
		const {emulator, terminal} = await startSession({language: 'en', deviceFor: started => `127.0.0.1:${portOf(started)}`});
		const port = portOf(emulator);
		const login = await terminal.waitForText('Log In (System Manager Mode)');
		expect(deviceLine(login)).toMatch(new RegExp(`Device\\s+http://127\\.0\\.0\\.1:${port}\\s*$`));
		// Loopback: no plain HTTP warning.
		expect(login).not.toContain('unencrypted');
		terminal.type('7654321');
		terminal.keys('Enter');
		const portal = await terminal.waitForText('Logged in as');
		expect(portal).toContain(`http://127.0.0.1:${port}/api/v1`);
		await emulator.waitForLog(/POST \/api\/v1\/session 201/);

		terminal.keys('C-c');
		await terminal.waitFor(() => terminal.exited(), 'the program to exit');
		expect(terminal.exitStatus()).toBe(0);
		expect(emulator.log()).not.toContain('7654321');
	}, 60_000);

	it('after "cannot reach" the password is kept; the address changed on Log In logs in and is saved', async () => {
		const emulator = await startEmulator();
		const port = portOf(emulator);
		const nowhere = await closedPort();
		const {terminal, home} = startTui({language: 'en', device: `127.0.0.1:${nowhere}`});
		await terminal.waitForText('Log In (System Manager Mode)');
		terminal.type('7654321');
		terminal.keys('Enter');
		const refused = await terminal.waitForText(`Cannot reach the device at http://127.0.0.1:${nowhere}/api/v1`);
		expect(refused).toMatch(/Password\s+•{7}/);
		expect(refused).toContain('Check the Device address');

		// ↑ User Name, ↑ Device: the emulator's address instead, then Enter, Enter to the password, Enter.
		terminal.keys('Up', 'Up', 'C-u');
		terminal.type(`127.0.0.1:${port}`);
		await terminal.waitFor(screen => deviceLine(screen).includes(`127.0.0.1:${port}`), 'the new address');
		terminal.keys('Enter', 'Enter', 'Enter');
		await terminal.waitForText('Logged in as');
		await emulator.waitForLog(/POST \/api\/v1\/session 201/);

		const preferences = await savedPreferences(path.join(home, 'config', 'cloudmail-setup', 'preferences.json'));
		expect(preferences['deviceUrl']).toBe(`http://127.0.0.1:${port}/api/v1`);
		expect(JSON.stringify(preferences)).not.toContain('7654321');

		terminal.keys('C-c');
		await terminal.waitFor(() => terminal.exited(), 'the program to exit');
		expect(terminal.exitStatus()).toBe(0);
	}, 60_000);
});
