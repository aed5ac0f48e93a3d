/**
The cost of a frame when the device sends 100 KB of text: the TUI in this process (Ink on a fake
80x24 terminal, as the screen tests render it, without throttling) against an in-memory device
that skips the contract (the HTTP client would refuse such an answer) and puts 100 KB into every
text the OAuth 2.0 (Microsoft) Settings page draws: the sign-in message (Japanese and ASCII,
so the grapheme segmenter works), user code, verification URI, endpoint and both details. Each
sample is one keypress (x asks "Start over?", n takes it back) to the frame it causes: React
renders the page again, Ink lays it out and writes it. No terminal or tmux in the way.
*/
import {EventEmitter} from 'node:events';
import {render} from 'ink';
import {App} from '../../source/tui/app.js';
import {manualClock} from '../../source/clock.js';
import type {MicrosoftState} from '../../source/device/contract.js';
import * as fixtures from '../screens/support/fixtures.js';
import {FakeDeviceClient} from '../support/fake-device-client.js';

export const longTextBytes = 100 * 1024;

function long(unit: string): string {
	return unit.repeat(Math.ceil(longTextBytes / unit.length)).slice(0, longTextBytes);
}

/**
The waiting page with the sign-in message at 100 KB (Japanese and ASCII, so that the grapheme
segmenter works); with `everywhere`, the user code, verification URI, endpoint and both details too.
*/
export function longTextState(everywhere = false): MicrosoftState {
	const message = long('サインインするには、ブラウザーで https://microsoft.com/devicelogin を開き、コード FJ2K8QWXR を入力してください。');
	if (!everywhere) {
		return {...fixtures.waiting, authorization: {...fixtures.authorization, message}};
	}

	return {
		settings: {...fixtures.waiting.settings, endpoint: `https://login.microsoftonline.com/${long('organizations/')}`},
		connection: {status: 'failed', reason: 'tls_error', detail: long('unable to get local issuer certificate; '), checkedAt: fixtures.isoAt(-5000)},
		authorization: {...fixtures.authorization, userCode: long('FJ2K8QWXR'), verificationUri: `https://microsoft.com/devicelogin/${long('a')}`, message},
		token: {status: 'error', reason: 'idp_error', detail: long('AADSTS90033: A transient error has occurred. ')},
	};
}

type Waiter = {predicate: (frame: string) => boolean; resolve: (at: number) => void};

/** A terminal of 80x24 that keeps the last frame and tells waiters the moment a matching one is written. */
class BenchStdout extends EventEmitter {
	readonly columns = 80;
	readonly rows = 24;
	last = '';
	#waiters: Waiter[] = [];

	write = (data: string): boolean => {
		const at = performance.now();
		if (data.startsWith('\u001B]52;') || data.startsWith('\u001BP')) {
			return true;
		}

		this.last = data;
		for (const waiter of [...this.#waiters]) {
			if (waiter.predicate(data)) {
				this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
				waiter.resolve(at);
			}
		}

		return true;
	};

	async next(predicate: (frame: string) => boolean, what: string, timeoutMs = 60_000): Promise<number> {
		if (predicate(this.last)) {
			return performance.now();
		}

		return new Promise<number>((resolve, reject) => {
			const timer = setTimeout(() => {
				reject(new Error(`No frame with ${what} within ${timeoutMs} ms. Last frame:\n${this.last}`));
			}, timeoutMs);
			this.#waiters.push({predicate, resolve(at) {
				clearTimeout(timer);
				resolve(at);
			}});
		});
	}
}

class BenchStdin extends EventEmitter {
	isTTY = true;
	#data: string | null = null;

	write(data: string): void {
		this.#data = data;
		this.emit('readable');
		this.emit('data', data);
	}

	read = (): string | null => {
		const data = this.#data;
		this.#data = null;
		return data;
	};

	setEncoding(): void {}
	setRawMode(): void {}
	resume(): void {}
	pause(): void {}
	ref(): void {}
	unref(): void {}
}

export type FrameResult = {firstFrameMs: number; frameMs: number[]};

/**
`frames` keypress-to-frame times (ms) on the OAuth 2.0 (Microsoft) Settings page showing `state`
(default: the 100 KB sign-in message), after the first frame of it.
*/
export async function measureSettingsFrames(frames: number, state: MicrosoftState = longTextState()): Promise<FrameResult> {
	const client = new FakeDeviceClient(state);
	const stdout = new BenchStdout();
	const stdin = new BenchStdin();
	const instance = render(
		<App client={client} language="en" clock={manualClock(fixtures.now)} pollIntervalMs={3_600_000} tickIntervalMs={3_600_000}/>,
		{
			stdout: stdout as unknown as NodeJS.WriteStream,
			stderr: new EventEmitter() as unknown as NodeJS.WriteStream,
			stdin: stdin as unknown as NodeJS.ReadStream,
			debug: true,
			exitOnCtrlC: false,
			patchConsole: false,
		},
	);
	try {
		await stdout.next(frame => frame.includes('Log In (System Manager Mode)'), 'the log-in screen');
		stdin.write(client.password);
		stdin.write('\r');
		await stdout.next(frame => frame.includes('Logged in as'), 'the portal');
		stdin.write('\r');
		await stdout.next(frame => frame.includes('› 1 Send Settings'), 'Settings/Registration');
		stdin.write('\r');
		await stdout.next(frame => frame.includes('› 1 OAuth 2.0 (Microsoft) Settings'), 'Send Settings');
		const opened = performance.now();
		stdin.write('1');
		const shown = await stdout.next(frame => frame.includes('Server Connection Status') && frame.includes('Token Status'), 'the settings page with its state');
		const frameMs: number[] = [];
		for (let press = 0; press < frames; press++) {
			const asking = press % 2 === 0;
			const started = performance.now();
			stdin.write(asking ? 'x' : 'n');
			// eslint-disable-next-line no-await-in-loop
			const at = await stdout.next(frame => frame.includes('(y/n)') === asking && frame.includes('Token Status'), asking ? 'the question' : 'the page again');
			frameMs.push(at - started);
		}

		return {firstFrameMs: shown - opened, frameMs};
	} finally {
		instance.unmount();
		instance.cleanup();
	}
}
