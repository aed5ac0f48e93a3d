/**
Renders an Ink tree with ink-testing-library, in a terminal of a chosen size (80x24 by default;
the library's own is 100 columns wide and has no rows), with helpers that wait for a frame
instead of sleeping, and checks that a frame fits the terminal.

What the library does as it is: the fake stdin (isTTY, raw mode, `readable`/`read()` and `data`,
exactly what Ink's input handling and the app's key reader use: bursts, a bare Esc, bracketed
paste all arrive as they would from a terminal), the fake stderr, and the frames Ink writes
(`frames`, `lastFrame()`).

What it cannot do, and is added here:
- A size. The library's `render` takes no options and its stdout's `columns` is a getter that
  always answers 100 (and there is no `rows`), read by Ink and the app when the tree mounts.
  So an empty tree is mounted first, the instance's stdout gets its own `columns`/`rows`, a
  'resize' tells Ink the width (as a terminal of that size would have from the start), and
  only then is the tree rendered. `resize()` changes them later and emits 'resize' again.
- Writes around Ink. The app writes OSC 52 (clipboard) straight to stdout; the library would
  take such a write as the last frame. They are kept apart in `stdout.raw` instead.
- Waiting for the app to exit. The library does not give Ink's `waitUntilExit`; the tree is
  wrapped in a component that draws nothing and tells when Ink unmounts it (after exit() or
  `unmount()`, as Ink's own promise does).
*/
import {createElement, Fragment, useLayoutEffect, type ReactElement, type ReactNode} from 'react';
import {render as libraryRender} from 'ink-testing-library';
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

type LibraryInstance = ReturnType<typeof libraryRender>;

export type TestStdin = LibraryInstance['stdin'];
export type TestStdout = LibraryInstance['stdout'] & {
	readonly rows: number;
	/** What was written around Ink (OSC 52 clipboard writes, plain or passed through a multiplexer). */
	readonly raw: string[];
};

export type Rendered = {
	stdin: TestStdin;
	stdout: TestStdout;
	instance: {
		rerender(tree: ReactElement): void;
		unmount(): void;
		cleanup(): void;
		/** Resolves once the app exited (Ink unmounted the tree). */
		waitUntilExit(): Promise<void>;
	};
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

/** OSC 52, or DCS (OSC 52 passed through tmux or screen): written by the app, not by Ink. */
function isWriteAroundInk(data: string): boolean {
	return data.startsWith('\u001B]52;') || data.startsWith('\u001BP');
}

/** Gives the library's stdout a size of its own, and keeps writes around Ink apart. */
function terminalOf(library: LibraryInstance, size: {columns: number; rows: number}): TestStdout {
	const {stdout} = library;
	Object.defineProperties(stdout, {
		columns: {get: () => size.columns, configurable: true},
		rows: {get: () => size.rows, configurable: true},
	});
	const raw: string[] = [];
	const inkWrite = stdout.write;
	stdout.write = (data: string) => {
		if (isWriteAroundInk(data)) {
			raw.push(data);
			return;
		}

		inkWrite(data);
	};

	return Object.assign(stdout as LibraryInstance['stdout'] & {readonly rows: number}, {raw});
}

/** Draws its children only; tells when Ink unmounts it. */
function ExitWatch({children, onUnmount}: {children?: ReactNode; onUnmount: () => void}): ReactNode {
	useLayoutEffect(() => onUnmount, [onUnmount]);
	return children;
}

export function renderAt(tree: ReactElement, {columns = 80, rows = 24} = {}): Rendered {
	const size = {columns, rows};
	const library = libraryRender(createElement(Fragment));
	const stdout = terminalOf(library, size);
	stdout.emit('resize');
	let exit: () => void = () => undefined;
	const exited = new Promise<void>(resolve => {
		// Like Ink with a stdout that is no stream: resolved on the next turn after the unmount.
		exit = () => setImmediate(resolve);
	});
	const rerender = (next: ReactElement) => {
		library.rerender(createElement(ExitWatch, {onUnmount: exit}, next));
	};

	rerender(tree);
	const {stdin} = library;

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
		instance: {rerender, unmount: library.unmount, cleanup: library.cleanup, waitUntilExit: async () => exited},
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
			size.columns = nextColumns;
			size.rows = nextRows;
			stdout.emit('resize');
		},
		unmount() {
			if (!unmounted) {
				unmounted = true;
				library.unmount();
				library.cleanup();
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
