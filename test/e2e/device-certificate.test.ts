/**
The built TUI in a real terminal (tmux, 80x24) against the emulated printer over HTTPS with its
own self-signed certificate: the first log-in shows the fingerprint before sending the
password and pins it on "y"; the next run logs in without asking; after the printer's
certificate is regenerated, the log-in is refused with the changed-certificate warning (old
and new fingerprints), and the device receives no password.
*/
import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {sharedDirectory, sharedEmulator, startTui} from '../support/e2e-harness.js';
import type {Terminal} from '../support/tmux.js';

const password = '7654321';
const device = sharedEmulator({tls: true});
/** One home for the file's tests: the pin the first saves is there for the next. */
const home = sharedDirectory('e2e-certificate-home');

function startTuiHere(): Terminal {
	return startTui({device: device.deviceUrl, language: 'en', home}).terminal;
}

function savedPins(): Record<string, string> | undefined {
	const file = path.join(home, 'config', 'cloudmail-setup', 'preferences.json');
	return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as {pins?: Record<string, string>}).pins : undefined;
}

function logIns(): number {
	return device.log().split('\n').filter(line => line.includes('POST /api/v1/session')).length;
}

/** The 32 hex pairs as the screen draws them: 16 to a line. */
function hexLines(hex: string): [string, string] {
	return [hex.slice(0, 47), hex.slice(48)];
}

async function quit(target: Terminal, key = 'q'): Promise<void> {
	target.keys(key);
	await target.waitFor(() => target.exited(), 'the TUI to exit');
}

describe('the device certificate in the TUI', () => {
	it('first log-in: the fingerprint is shown before the password is sent, and y pins it', async () => {
		const tui = startTuiHere();
		await tui.waitForText('Log In (System Manager Mode)');
		tui.type(password);
		tui.keys('Enter');
		const screen = await tui.waitForText('Device Certificate');
		const [first, second] = hexLines(device.fingerprintHex);
		expect(screen).toContain(first);
		expect(screen).toContain(second);
		expect(screen).toContain(device.fingerprint);
		expect(screen).toContain('self-signed');
		// The password has not gone anywhere yet.
		expect(logIns()).toBe(0);

		tui.keys('y');
		await tui.waitForText('Logged in as');
		expect(logIns()).toBe(1);
		await tui.waitFor(() => savedPins() !== undefined, 'the pin in the preferences');
		expect(savedPins()).toEqual({[`https://127.0.0.1:${device.port}`]: device.fingerprint});
		await quit(tui);
	});

	it('the next run: logs in without asking', async () => {
		const tui = startTuiHere();
		await tui.waitForText('Log In (System Manager Mode)');
		tui.type(password);
		tui.keys('Enter');
		let asked = false;
		await tui.waitFor(screen => {
			asked ||= screen.includes('Device Certificate');
			return screen.includes('Logged in as');
		}, 'the Portal');
		expect(asked).toBe(false);
		await quit(tui);
	});

	it('a regenerated certificate: refused with the changed-certificate warning; no password sent', async () => {
		const old = device.fingerprint;
		await device.stop();
		await device.start({regenerate: true});
		expect(device.fingerprint).not.toBe(old);
		const before = logIns();

		const tui = startTuiHere();
		await tui.waitForText('Log In (System Manager Mode)');
		tui.type(password);
		tui.keys('Enter');
		const screen = await tui.waitForText('WARNING: THE DEVICE CERTIFICATE HAS CHANGED');
		expect(screen).toContain(old);
		expect(screen).toContain(device.fingerprint);
		expect(screen).toContain(hexLines(device.fingerprintHex)[0]);
		expect(screen).toContain(`cloudmail-setup config unpin https://127.0.0.1:${device.port}`);
		// y does not trust a changed certificate.
		tui.keys('y');
		tui.keys('Enter');
		await tui.waitForText('has CHANGED since it was trusted');
		expect(logIns()).toBe(before);
		expect(savedPins()).toEqual({[`https://127.0.0.1:${device.port}`]: old});
		// On Log In the password field has the focus (q would be typed): Ctrl+C quits.
		await quit(tui, 'C-c');
	});
});
