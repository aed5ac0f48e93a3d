/**
What every scripted command works with: the logged-in device client, the words of the chosen
language, where output goes, the clock, and the signal that says the user stopped it.
*/
import type {DeviceClient} from '../device/device-client.js';
import type {Messages} from '../i18n/index.js';
import type {Output} from './output.js';

export type CommandContext = {
	client: DeviceClient;
	messages: Messages;
	output: Output;
	now(): number;
	/** Waits; rejects when `signal` is aborted. */
	sleep(milliseconds: number): Promise<void>;
	/** The saved preference pollIntervalSeconds, in ms, if one is saved. */
	pollIntervalMs: number | undefined;
	/** Whether stdout is a terminal (a QR code is drawn only then, and never with --json). */
	stdoutIsTerminal: boolean;
};

/** What a command prints when it is done: its JSON document and its human lines. */
export type CommandResult = {document: Record<string, unknown>; lines: string[]};

/** Polling while the device is still at work (a connection check, a code being requested). */
export const settlePollMs = 500;
/** How long a device may take to finish a check and issue a code or a URL. */
export const settleTimeoutMs = 60_000;

/** A sleep that ends early, rejecting with the signal's reason, when `signal` is aborted. */
export function abortableSleep(signal: AbortSignal): (milliseconds: number) => Promise<void> {
	return async milliseconds => new Promise((resolve, reject) => {
		if (signal.aborted) {
			reject(signal.reason as Error);
			return;
		}

		const onAbort = (): void => {
			clearTimeout(timer);
			reject(signal.reason as Error);
		};

		const timer = setTimeout(() => {
			signal.removeEventListener('abort', onAbort);
			resolve();
		}, milliseconds);
		signal.addEventListener('abort', onAbort, {once: true});
	});
}
