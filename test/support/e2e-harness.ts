/**
The end-to-end harness every tmux test uses: the built `cloudmail-setup` in a real terminal (tmux,
80x24 unless told), with its own empty config and data directories, against the built emulator as
a separate process (support/emulator-process.ts) or any device address. Everything it starts is
closed when the test ends, passed or failed (vitest's onTestFinished): the tmux server killed,
the emulator stopped, the temporary directories removed. An emulator shared by the tests of a file
is `sharedEmulator`, closed after the last of them.

	const {emulator, terminal} = await startSession({language: 'en'});
*/
import {rmSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, onTestFinished} from 'vitest';
import {cliPath, EmulatorProcess, requireBuild, temporaryDirectory, type EmulatorOptions} from './emulator-process.js';
import {RogueDevice} from './rogue-device.js';
import {Terminal} from './tmux.js';

export type TuiOptions = {
	/** `--device` (as typed: a URL or host:port); none: the program finds it (preferences, or the built-in device). */
	device?: string;
	/** `--lang`; none: the saved language, or the default. */
	language?: 'en' | 'ja';
	/** Columns x rows; default 80x24. */
	size?: `${number}x${number}`;
	/** More arguments after `--device` and `--lang`. */
	args?: string[];
	/** Node's own options before the CLI (e.g. `--import` a recorder). */
	nodeArgs?: string[];
	/** More environment; XDG_CONFIG_HOME and XDG_DATA_HOME are under `home`, LANG C.UTF-8, TERM xterm-256color. */
	env?: Record<string, string>;
	/** The config and data directories' parent: a test's own (kept between runs), else a new one removed at the end. */
	home?: string;
	/**
	A shell around the program: the lines of a `sh -c` script, given the program's command line
	(quoted), e.g. to record the terminal's settings before and after it.
	*/
	shell?: (program: string) => string[];
};

export type Tui = {terminal: Terminal; home: string};

export type SessionOptions = TuiOptions & {
	/** The emulator process's options; the TUI's `--device` is its address unless `device` says otherwise. */
	emulator?: EmulatorOptions;
	/** `--device` from the started emulator (e.g. its port without scheme); default its device URL. */
	deviceFor?: (emulator: EmulatorProcess) => string;
};

export type Session = Tui & {
	emulator: EmulatorProcess;
	/** Closes the terminal and stops the emulator now (the end of the test does it anyway). */
	close(): Promise<void>;
};

/** Runs `close` when the current test ends, whether it passed or not. */
function atTheEnd(close: () => void | Promise<void>): void {
	onTestFinished(async () => {
		await close();
	});
}

function remove(directory: string): void {
	rmSync(directory, {recursive: true, force: true, maxRetries: 5});
}

/** A temporary directory for this test, removed when it ends. */
export function scratchDirectory(name: string): string {
	const directory = temporaryDirectory(name);
	atTheEnd(() => {
		remove(directory);
	});
	return directory;
}

/** One argument for `sh`, quoted. */
export function shellQuote(argument: string): string {
	return `'${argument.replaceAll("'", "'\\''")}'`;
}

/** The built TUI in tmux; closed (and its own home removed) when the test ends. */
export function startTui(options: TuiOptions = {}): Tui {
	requireBuild();
	const home = options.home ?? scratchDirectory('e2e-home');
	const [columns, rows] = (options.size ?? '80x24').split('x').map(Number);
	const program = [
		process.execPath, ...(options.nodeArgs ?? []), cliPath,
		...(options.device === undefined ? [] : ['--device', options.device]),
		...(options.language === undefined ? [] : ['--lang', options.language]),
		...(options.args ?? []),
	];
	const terminal = new Terminal({
		command: options.shell ? ['sh', '-c', options.shell(program.map(argument => shellQuote(argument)).join(' ')).join('; ')] : program,
		columns,
		rows,
		env: {XDG_CONFIG_HOME: path.join(home, 'config'), XDG_DATA_HOME: path.join(home, 'data'), LANG: 'C.UTF-8', TERM: 'xterm-256color', ...options.env},
	});
	atTheEnd(() => {
		terminal.close();
	});
	return {terminal, home};
}

/** The emulator as a separate process, not started yet (a test that starts and kills it itself); stopped and its state removed when the test ends. */
export function newEmulator(options: EmulatorOptions = {}): EmulatorProcess {
	const emulator = new EmulatorProcess(options);
	atTheEnd(async () => {
		await emulator.stop();
		remove(emulator.stateDir);
	});
	return emulator;
}

/** The emulator as a separate process, started; stopped (and its state removed) when the test ends. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<EmulatorProcess> {
	const emulator = newEmulator(options);
	await emulator.start();
	return emulator;
}

/** A rogue device (support/rogue-device.ts) on loopback, listening; closed when the test ends. */
export async function startRogueDevice(): Promise<RogueDevice> {
	const device = new RogueDevice();
	atTheEnd(async () => {
		await device.close();
	});
	return device.start();
}

/** An emulator process, then the TUI against it: both closed when the test ends. */
export async function startSession(options: SessionOptions = {}): Promise<Session> {
	const emulator = await startEmulator(options.emulator);
	const device = options.device ?? options.deviceFor?.(emulator) ?? emulator.deviceUrl;
	const tui = startTui({...options, device});
	return {
		...tui,
		emulator,
		async close() {
			tui.terminal.close();
			await emulator.stop();
		},
	};
}

/** A temporary directory for all the tests of a file, removed after the last. */
export function sharedDirectory(name: string): string {
	const directory = temporaryDirectory(name);
	afterAll(() => {
		remove(directory);
	});
	return directory;
}

/** One emulator process for all the tests of a file: started before the first, stopped after the last. */
export function sharedEmulator(options: EmulatorOptions = {}): EmulatorProcess {
	const emulator = new EmulatorProcess(options);
	beforeAll(async () => {
		await emulator.start();
	});
	afterAll(async () => {
		await emulator.stop();
		remove(emulator.stateDir);
	});
	return emulator;
}
