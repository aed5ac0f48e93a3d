/**
A crash in the middle of a save, end to end: the built `cloudmail-setup` in tmux at 80x24
against the built emulator as a separate process. The emulator is told (fault injection) to hold
its answer to PUT basic; it writes the new settings, and is killed (SIGKILL) before it answers.
It comes back on the same port with the same state directory. The TUI must not say "Not saved"
nor "Changed elsewhere": it reads the device's settings again (after the new log-in, since the
restart ended the session) and says "Saved", because the device holds what was sent.
*/
import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {stateFileName} from '../../source/emulator/store.js';
import {startSession} from '../support/e2e-harness.js';
import type {EmulatorProcess} from '../support/emulator-process.js';
import {logInAndOpenMicrosoft} from '../support/tui.js';

/** POST /api/v1/_faults on the emulator process (with the run's test token). */
async function injectFault(device: EmulatorProcess, fault: unknown): Promise<void> {
	const response = await fetch(`${device.deviceUrl}/_faults`, {
		method: 'POST',
		headers: {'content-type': 'application/json', 'x-test-token': device.testToken},
		body: JSON.stringify(fault),
	});
	expect(response.status).toBe(204);
}

/** The Microsoft settings in the state file, once it holds them. */
async function settingsOnDisk(stateDir: string, predicate: (settings: {enabled: boolean; endpoint: string}) => boolean): Promise<void> {
	const file = path.join(stateDir, stateFileName);
	const deadline = Date.now() + 10_000;
	for (;;) {
		try {
			const saved = JSON.parse(readFileSync(file, 'utf8')) as {microsoft: {settings: {enabled: boolean; endpoint: string}}};
			if (predicate(saved.microsoft.settings)) {
				return;
			}
		} catch {
			// Not there yet, or being replaced.
		}

		if (Date.now() > deadline) {
			throw new Error(`The state file never held the new settings: ${existsSync(file) ? readFileSync(file, 'utf8') : '(none)'}`);
		}

		await new Promise(resolve => {
			setTimeout(resolve, 50);
		});
	}
}

const organizations = 'https://login.microsoftonline.com/organizations/oauth2/v2.0';

describe('the emulator is killed after writing a save, before answering', () => {
	it('after the restart and a new log-in the TUI reads the settings again and says "Saved"', async () => {
		const {emulator, terminal} = await startSession({language: 'en'});
		const {port, stateDir} = emulator;
		// The answer to the save waits a minute: long enough to kill the device before it goes out.
		await injectFault(emulator, {next: 1, kind: 'delay', delayMs: 60_000, paths: ['PUT oauth2/microsoft/basic']});

		// Log in, enable Microsoft for organizations, OK.
		await logInAndOpenMicrosoft(terminal);
		await settingsOnDisk(stateDir, settings => settings.enabled && settings.endpoint === organizations);
		await emulator.kill();

		// The answer is lost and the device is gone: not known, the edits kept, r to check.
		const unknown = await terminal.waitForText('Not known whether it was saved', 20_000);
		expect(unknown).toContain('r Check if saved');
		expect(unknown).not.toContain('Not saved');
		expect(unknown).not.toContain('Changed elsewhere');

		await emulator.start({port});
		terminal.keys('r');
		// The restart ended the session.
		await terminal.waitForText('Your session ended. Enter the password to continue.');
		terminal.type('7654321');
		terminal.keys('Enter');
		const saved = await terminal.waitForText('Saved. The device\'s answer was lost', 15_000);
		expect(saved).not.toContain('Not saved');
		expect(saved).not.toContain('Changed elsewhere');
		expect(saved).toContain('[x] Use OAuth 2.0 (Microsoft)');
		expect(saved).toContain(organizations);

		// Back on the settings page: what the device holds, checked as usual.
		terminal.keys('Escape');
		await terminal.waitForText('Server Connection Status');
		expect(emulator.log()).toMatch(/fault delay on PUT \/api\/v1\/oauth2\/microsoft\/basic/);
	// Two emulator starts, two log-ins and a kill: the bound is for a hang, like the other e2e flows
	// (it took 30 s with both cores burning and six other test runs on the machine).
	}, 120_000);
});
