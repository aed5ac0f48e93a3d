/**
Runs the TUI against a device API until the engineer quits. Quitting (q, Ctrl+C), SIGTERM and
SIGHUP (the SSH connection dropped) all log out of the device before the process ends. The
terminal is in bracketed paste mode while it runs, and out of it again on every way out.
*/
import process from 'node:process';
import {render} from 'ink';
import {App} from './app.js';
import type {DeviceAddress} from '../device/device-address.js';
import type {DeviceClient} from '../device/device-client.js';
import {createDeviceTrust, savePinToPreferences} from '../hooks/use-device-certificate.js';
import {enableBracketedPaste} from '../hooks/use-terminal-keys.js';
import {HttpDeviceClient} from '../device/http-device-client.js';
import type {Language} from '../i18n/index.js';

export type RunAppOptions = {
	baseUrl: string;
	language: Language;
	pollIntervalMs: number;
	userName?: string;
	/** https devices: the saved pins (preferences `pins`) and a device CA (--ca, PEM). */
	pins?: Record<string, string>;
	ca?: string;
};

/**
After a log-in to an address typed on Log In: that address becomes the saved deviceUrl (conf,
loaded only now). A preference that cannot be written must not end the session.
*/
async function saveDeviceAddress(address: DeviceAddress): Promise<void> {
	try {
		const {openPreferences} = await import('../config/config.js');
		openPreferences().set('deviceUrl', address.url);
	} catch {
		// The device is in use all the same; only the next start will not remember it.
	}
}

export async function runApp(options: RunAppOptions): Promise<void> {
	// The client the app uses: another one once a log-in to an address typed on Log In succeeded.
	// An https device's certificate: pinned, from the CA, or shown to the engineer before Log In sends anything.
	const trust = createDeviceTrust({...(options.pins ? {pins: options.pins} : {}), ...(options.ca ? {ca: options.ca} : {}), save: savePinToPreferences});
	let client: DeviceClient = new HttpDeviceClient({baseUrl: options.baseUrl, trust: trust.clientTrust(options.baseUrl)});
	// After a hang-up the terminal is gone: a write to it must not crash the log-out.
	const ignore = (): void => {};
	process.stdout.on('error', ignore);

	// A paste comes marked (input/parse-key.ts): its line breaks are never Enter, and keys typed
	// ahead are never taken for a paste. Turned off after Ink's last frame, or at exit whatever ends it.
	const bracketedPasteOff = enableBracketedPaste(process.stdout);
	// Raw mode before the first frame: Ink turns it on only in an effect after that frame, and a
	// key typed in between would go to the terminal's line editing (Ctrl+U erases what was typed
	// ahead, Ctrl+C is a signal) instead of to the app. Ink turns it off again when it unmounts.
	const rawInput = process.stdin.isTTY === true;
	if (rawInput) {
		process.stdin.setRawMode(true);
	}

	// After q or Ctrl+C: one line under Ink's last frame that says whether it logged out (hooks/use-app-session.ts).
	let farewell: string | undefined;
	const instance = render(
		<App
			client={client}
			connect={address => new HttpDeviceClient({baseUrl: address.url, trust: trust.clientTrust(address.url)})}
			trust={trust}
			onConnected={(connected, address) => {
				client = connected;
				void saveDeviceAddress(address);
			}}
			language={options.language}
			onExit={line => {
				farewell = line;
			}}
			pollIntervalMs={options.pollIntervalMs}
			{...(options.userName ? {initialUserName: options.userName} : {})}
		/>,
		{exitOnCtrlC: false, patchConsole: true},
	);

	let stopping = false;
	const stop = (): void => {
		if (stopping) {
			return;
		}

		stopping = true;
		void client.logout().finally(() => {
			instance.unmount();
		});
	};

	// The handlers stay until the process ends. Ink's `signal-exit` re-sends a signal to the
	// process when it thinks no one else listens: with no handler of ours left, that signal (or a
	// late hang-up) would kill the process before the log-out below has finished (exit 129).
	process.on('SIGTERM', stop);
	process.on('SIGHUP', stop);
	try {
		await instance.waitUntilExit();
	} finally {
		bracketedPasteOff();
		if (rawInput) {
			try {
				process.stdin.setRawMode(false);
			} catch {
				// After a hang-up the terminal is gone; there is nothing to restore.
			}
		}

		stopping = true;
		// Covers every way out, including an unexpected error inside the app.
		await client.logout();
	}

	if (farewell !== undefined) {
		process.stdout.write(`${farewell}\n`);
	}
}
