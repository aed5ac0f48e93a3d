/**
Runs the TUI against a device API until the engineer quits. Quitting (q, Ctrl+C), SIGTERM and
SIGHUP (the SSH connection dropped) all log out of the device before the process ends.
*/
import process from 'node:process';
import {render} from 'ink';
import {App} from './app.js';
import {HttpDeviceClient} from './http-device-client.js';
import type {Language} from './i18n/index.js';

export type RunAppOptions = {
	baseUrl: string;
	language: Language;
	pollIntervalMs: number;
	userName?: string;
};

export async function runApp(options: RunAppOptions): Promise<void> {
	const client = new HttpDeviceClient({baseUrl: options.baseUrl});
	// After a hang-up the terminal is gone: a write to it must not crash the log-out.
	const ignore = (): void => {};
	process.stdout.on('error', ignore);

	const instance = render(
		<App
			client={client}
			language={options.language}
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
		stopping = true;
		// Covers every way out, including an unexpected error inside the app.
		await client.logout();
	}
}
