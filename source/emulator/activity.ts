/**
Background work of the emulated device, as firmware runs it. An `Activity` is one line of
work (the connection check, or a provider's token flow) with its own AbortController and at
most one timer: starting it again aborts what ran before, so a continuation of an old flow
finds its signal aborted and returns without touching the state. Background work never
throws into the event loop.
*/
import {AbortedError} from './outbound.js';

// setTimeout's largest delay; a longer one would fire at once.
const maxTimerMs = 2_147_483_647;

export function errorName(error: unknown): string {
	return error instanceof Error ? error.name : typeof error;
}

export class Activity {
	readonly #log: (line: string) => void;
	#controller: AbortController | undefined;
	#timer: NodeJS.Timeout | undefined;
	#failures = 0;
	#closed = false;

	/** `log` gets one line per unexpected error, with the error's name only (its message could hold a secret). */
	constructor(log: (line: string) => void) {
		this.#log = log;
	}

	get running(): boolean {
		return this.#controller !== undefined;
	}

	/** The signal of what runs now; undefined when nothing does. */
	get signal(): AbortSignal | undefined {
		return this.#controller?.signal;
	}

	/** Aborts what ran before and starts anew. */
	start(): AbortSignal {
		this.stop();
		this.#controller = new AbortController();
		return this.#controller.signal;
	}

	/** Marks `signal`'s run as done, unless a newer one replaced it. */
	finish(signal: AbortSignal): void {
		if (this.#controller?.signal === signal) {
			this.#controller = undefined;
		}
	}

	stop(): void {
		this.#controller?.abort();
		this.#controller = undefined;
		this.#clearTimer();
		this.#failures = 0;
	}

	close(): void {
		this.#closed = true;
		this.stop();
	}

	/** Runs `task` after `delayMs`, replacing the timer set before. */
	schedule(delayMs: number, task: () => Promise<void>): void {
		this.#clearTimer();
		if (this.#closed) {
			return;
		}

		this.#timer = setTimeout(() => {
			this.#timer = undefined;
			this.run(task);
		}, Math.max(0, Math.min(delayMs, maxTimerMs)));
		this.#timer.unref();
	}

	run(task: () => Promise<void>): void {
		task().catch((error: unknown) => {
			if (!(error instanceof AbortedError)) {
				this.#log(`internal error ${errorName(error)}`);
			}
		});
	}

	/** Counts a failure of this run and says how many there were in a row. */
	countFailure(): number {
		return ++this.#failures;
	}

	resetFailures(): void {
		this.#failures = 0;
	}

	#clearTimer(): void {
		if (this.#timer) {
			clearTimeout(this.#timer);
			this.#timer = undefined;
		}
	}
}

/** Exponential backoff: `baseMs` after the first failure, doubling up to `maxMs`. */
export function backoffMs(failures: number, baseMs: number, maxMs: number): number {
	return Math.min(baseMs * (2 ** Math.min(Math.max(failures - 1, 0), 6)), maxMs);
}
