/**
Renders an Ink tree into a fake terminal of a chosen size (80x24 by default, where
ink-testing-library's is 100 columns wide), with helpers that wait for a frame instead of
sleeping, and checks that a frame fits the terminal.
*/
import {EventEmitter} from 'node:events';
import type {ReactElement} from 'react';
import {render as inkRender, type Instance} from 'ink';
import stringWidth from 'string-width';
import {expect} from 'vitest';
import {stripControl} from '../../source/terminal/sanitize.js';

export const keys = {
	enter: '\r',
	escape: '\u001B',
	tab: '\t',
	shiftTab: '\u001B[Z',
	up: '\u001B[A',
	down: '\u001B[B',
	right: '\u001B[C',
	left: '\u001B[D',
	home: '\u001B[H',
	end: '\u001B[F',
	backspace: '\u007F',
	space: ' ',
	ctrlC: '\u0003',
	ctrlU: '\u0015',
} as const;

class FakeStdout extends EventEmitter {
	columns: number;
	rows: number;
	readonly frames: string[] = [];
	/** What was written around Ink (OSC 52 clipboard writes). */
	readonly raw: string[] = [];
	private last: string | undefined;

	constructor(columns: number, rows: number) {
		super();
		this.columns = columns;
		this.rows = rows;
	}

	write = (data: string): boolean => {
		if (data.startsWith('\u001B]52;') || data.startsWith('\u001BP')) {
			this.raw.push(data);
			return true;
		}

		this.frames.push(data);
		this.last = data;
		return true;
	};

	lastFrame = (): string | undefined => this.last;
}

class FakeStderr extends EventEmitter {
	readonly frames: string[] = [];
	write = (data: string): boolean => {
		this.frames.push(data);
		return true;
	};
}

class FakeStdin extends EventEmitter {
	isTTY = true;
	private data: string | null = null;

	write = (data: string): void => {
		this.data = data;
		this.emit('readable');
		this.emit('data', data);
	};

	read = (): string | null => {
		const {data} = this;
		this.data = null;
		return data;
	};

	setEncoding(): void {}
	setRawMode(): void {}
	resume(): void {}
	pause(): void {}
	ref(): void {}
	unref(): void {}
}

export type Rendered = {
	stdin: FakeStdin;
	stdout: FakeStdout;
	instance: Instance;
	lastFrame(): string;
	/** The frame as a person sees it: escape sequences (colours, links) removed. */
	visibleFrame(): string;
	waitForFrame(predicate: (frame: string) => boolean, timeoutMs?: number): Promise<string>;
	waitForText(text: string, timeoutMs?: number): Promise<string>;
	/** Writes keys, then waits until the frame changed (or a short while, if nothing changes). */
	press(...inputs: string[]): Promise<void>;
	resize(columns: number, rows: number): void;
	unmount(): void;
};

export function visible(frame: string): string {
	return stripControl(frame);
}

export async function sleep(ms: number): Promise<void> {
	await new Promise(resolve => {
		setTimeout(resolve, ms);
	});
}

async function tick(): Promise<void> {
	await new Promise(resolve => {
		setImmediate(resolve);
	});
}

export function renderAt(tree: ReactElement, {columns = 80, rows = 24} = {}): Rendered {
	const stdout = new FakeStdout(columns, rows);
	const stderr = new FakeStderr();
	const stdin = new FakeStdin();
	const instance = inkRender(tree, {
		stdout: stdout as unknown as NodeJS.WriteStream,
		stderr: stderr as unknown as NodeJS.WriteStream,
		stdin: stdin as unknown as NodeJS.ReadStream,
		debug: true,
		exitOnCtrlC: false,
		patchConsole: false,
	});

	const lastFrame = () => stdout.lastFrame() ?? '';
	let unmounted = false;

	const waitForFrame = async (predicate: (frame: string) => boolean, timeoutMs = 3000) => {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const frame = visible(lastFrame());
			if (frame !== '' && predicate(frame)) {
				return frame;
			}

			if (Date.now() > deadline) {
				throw new Error(`No matching frame within ${timeoutMs} ms. Last frame:\n${frame}`);
			}

			// eslint-disable-next-line no-await-in-loop
			await new Promise(resolve => {
				setTimeout(resolve, 5);
			});
		}
	};

	return {
		stdin,
		stdout,
		instance,
		lastFrame,
		visibleFrame: () => visible(lastFrame()),
		waitForFrame,
		waitForText: async (text, timeoutMs) => waitForFrame(frame => frame.includes(text), timeoutMs),
		async press(...inputs) {
			for (const input of inputs) {
				const before = stdout.frames.length;
				stdin.write(input);
				// A bare Esc is delivered one setImmediate later; React commits on the next ones.
				for (let round = 0; round < 20 && stdout.frames.length === before; round++) {
					// eslint-disable-next-line no-await-in-loop
					await tick();
				}
			}
		},
		resize(nextColumns, nextRows) {
			stdout.columns = nextColumns;
			stdout.rows = nextRows;
			stdout.emit('resize');
		},
		unmount() {
			if (!unmounted) {
				unmounted = true;
				instance.unmount();
				instance.cleanup();
			}
		},
	};
}

/** Every frame must leave the last terminal line free and no line may be wider than the terminal. */
export function expectFits(frame: string, {columns = 80, rows = 24} = {}): void {
	const lines = frame.split('\n');
	expect(lines.length, `frame is ${lines.length} lines tall:\n${frame}`).toBeLessThanOrEqual(rows - 1);
	for (const line of lines) {
		expect(stringWidth(line), `line too wide: "${line}"`).toBeLessThanOrEqual(columns);
	}
}
