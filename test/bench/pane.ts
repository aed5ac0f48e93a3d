/**
A program started in tmux (test/support/tmux.ts) for timing. The pane first runs a small
shell gate that records its pid and waits on a FIFO; `go()` releases it and the shell execs
the program (same pid), so that a measurement starts at the program's exec and not at tmux's
own start-up. Screens are read with an asynchronous capture-pane, so that a device served
from the benchmark's own process keeps answering while the benchmark watches the screen; the
program's output can also be followed as tmux relays it (`recordOutput`).
*/
import {execFile, execFileSync} from 'node:child_process';
import {closeSync, constants, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {Terminal} from '../support/tmux.js';

const run = promisify(execFile);

// $0 is the gate's directory. Ink draws nothing until exit when it thinks it runs in CI.
const gateScript = [
	'echo $$ > "$0/pid.tmp"',
	'mv "$0/pid.tmp" "$0/pid"',
	'read _ < "$0/go"',
	'unset CI CONTINUOUS_INTEGRATION',
	'exec "$@"',
].join('; ');

export function tmuxAvailable(): boolean {
	try {
		execFileSync('tmux', ['-V'], {stdio: 'ignore'});
		return true;
	} catch {
		return false;
	}
}

export async function sleep(milliseconds: number): Promise<void> {
	await new Promise(resolve => {
		setTimeout(resolve, milliseconds);
	});
}

/** Not yet exited: a zombie waits here for whoever adopted it to reap it, which can take a second. */
function running(pid: number): boolean {
	try {
		return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
	} catch {
		return false;
	}
}

export type Watch = {screen: string; elapsedMs: number};

export class Pane {
	readonly terminal: Terminal;
	readonly #gate = mkdtempSync(path.join(tmpdir(), 'cloudmail-bench-gate-'));
	readonly #outputFile = path.join(this.#gate, 'output');
	#pid: number | undefined;

	/** `command` is started at 80x24 with `env` (LANG and TERM are set as the e2e tests set them). */
	constructor(command: string[], env: Record<string, string> = {}) {
		execFileSync('mkfifo', [path.join(this.#gate, 'go')]);
		this.terminal = new Terminal({
			command: ['sh', '-c', gateScript, this.#gate, ...command],
			env: {LANG: 'C.UTF-8', TERM: 'xterm-256color', ...env},
		});
	}

	/** The program's pid (the gate's shell until `go()`). */
	get pid(): number {
		if (this.#pid === undefined) {
			throw new Error('The gate is not ready yet.');
		}

		return this.#pid;
	}

	async ready(timeoutMs = 10_000): Promise<void> {
		const file = path.join(this.#gate, 'pid');
		const deadline = Date.now() + timeoutMs;
		while (!existsSync(file)) {
			if (Date.now() > deadline) {
				throw new Error(`The pane did not start. The screen was:\n${this.terminal.screen()}`);
			}

			await sleep(5);
		}

		this.#pid = Number(readFileSync(file, 'utf8'));
	}

	/**
	From now on, everything the program writes is also appended to a file as tmux relays it
	(pipe-pane): what is about to be drawn can be seen within a millisecond, without the load
	of reading the screen over and over while the program starts.
	*/
	async recordOutput(): Promise<void> {
		writeFileSync(this.#outputFile, '');
		execFileSync('tmux', ['-L', this.terminal.socket, 'pipe-pane', '-t', this.terminal.session, '-o', `cat >> '${this.#outputFile}'`]);
		await sleep(20);
	}

	/** Polls the recorded output every millisecond until `predicate` holds; the time since `since`. */
	async waitForOutput(predicate: (output: string) => boolean, since: number, what: string, options: {timeoutMs?: number; onSample?: () => void} = {}): Promise<number> {
		const deadline = since + (options.timeoutMs ?? 15_000);
		while (performance.now() < deadline) {
			const output = readFileSync(this.#outputFile, 'utf8');
			const now = performance.now();
			options.onSample?.();
			if (predicate(output)) {
				return now - since;
			}

			await sleep(1);
		}

		throw new Error(`Timed out waiting for ${what}. The screen was:\n${this.terminal.screen()}`);
	}

	/**
	Polls every millisecond until the program has exited; the time since `since`. Then waits for
	its exit status and throws unless it is 0 (a time to a failure would mean nothing).
	*/
	async waitForExit(since: number, what: string, timeoutMs = 15_000): Promise<number> {
		const deadline = since + timeoutMs;
		let elapsedMs: number | undefined;
		while (elapsedMs === undefined) {
			if (!running(this.pid)) {
				elapsedMs = performance.now() - since;
			} else if (performance.now() > deadline) {
				throw new Error(`Timed out waiting for ${what} to exit. The screen was:\n${this.terminal.screen()}`);
			} else {
				await sleep(1);
			}
		}

		while (!this.terminal.exited()) {
			if (performance.now() > deadline) {
				throw new Error(`Timed out waiting for the exit status of ${what}.`);
			}

			await sleep(1);
		}

		const status = this.terminal.exitStatus();
		if (status !== 0) {
			throw new Error(`${what} exited with ${status}. The screen was:\n${this.terminal.screen()}`);
		}

		return elapsedMs;
	}

	/** Starts the program; returns the moment it was released (performance.now()). */
	async go(timeoutMs = 5000): Promise<number> {
		const deadline = Date.now() + timeoutMs;
		let fifo: number | undefined;
		while (fifo === undefined) {
			try {
				// Non-blocking: fails with ENXIO until the gate's shell has the FIFO open for reading.
				fifo = openSync(path.join(this.#gate, 'go'), constants.O_WRONLY | constants.O_NONBLOCK);
			} catch (error) {
				if ((error as NodeJS.ErrnoException).code !== 'ENXIO' || Date.now() > deadline) {
					throw error;
				}

				await sleep(1);
			}
		}

		const started = performance.now();
		writeSync(fifo, '\n');
		closeSync(fifo);
		return started;
	}

	async screen(): Promise<string> {
		const {stdout} = await run('tmux', ['-L', this.terminal.socket, 'capture-pane', '-p', '-t', this.terminal.session], {encoding: 'utf8'});
		return stdout;
	}

	/**
	Reads the screen until `predicate` holds, back to back unless `gapMs` asks for a pause: the
	elapsed time since `since` is known to within one capture-pane (plus the pause).
	*/
	async watch(predicate: (screen: string) => boolean, since: number, what: string, options: {timeoutMs?: number; gapMs?: number} = {}): Promise<Watch> {
		const deadline = since + (options.timeoutMs ?? 15_000);
		let screen = '';
		while (performance.now() < deadline) {
			screen = await this.screen();
			const now = performance.now();
			if (predicate(screen)) {
				return {screen, elapsedMs: now - since};
			}

			if (options.gapMs) {
				await sleep(options.gapMs);
			}
		}

		throw new Error(`Timed out waiting for ${what}. The screen was:\n${screen}`);
	}

	/** Peak resident set size of the program so far, in KiB (VmHWM), or undefined once it is gone. */
	peakRssKib(): number | undefined {
		try {
			const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
			const match = /^VmHWM:\s+(\d+) kB/m.exec(status);
			return match ? Number(match[1]) : undefined;
		} catch {
			return undefined;
		}
	}

	/** Kills the tmux server (the program gets SIGHUP) and waits until the program is gone. */
	async close(timeoutMs = 5000): Promise<void> {
		this.terminal.close();
		const deadline = Date.now() + timeoutMs;
		while (this.#pid !== undefined && running(this.#pid) && Date.now() < deadline) {
			await sleep(10);
		}

		rmSync(this.#gate, {recursive: true, force: true});
	}
}

/** What one asynchronous capture-pane costs, `samples` times (ms): the resolution of every time read off the screen. */
export async function captureCostMs(pane: Pane, samples = 30): Promise<number[]> {
	const costs: number[] = [];
	for (let index = 0; index < samples; index++) {
		const started = performance.now();
		await pane.screen();
		costs.push(performance.now() - started);
	}

	return costs;
}
