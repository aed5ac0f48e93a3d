/**
Cold start to the first drawn frame, and peak RSS, of the TUI (its log-in screen) and of a
hello-world Ink app, each started the same way in tmux at 80x24, and the time of the TUI
started with `npm start` (as the README's quick start does), with what makes up that time:
Node alone, npm alone, `npm run` of a script that does nothing, and source/start.mjs's build
check alone, each timed from its exec to its exit in the same kind of pane. All are interleaved
so that all see the same machine. The frame is seen in the output as tmux relays it (polling
capture-pane while a program starts would load a small machine and slow the start it times),
and then checked on the screen.
*/
import {spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {Pane, sleep} from './pane.js';

export type StartUpSample = {firstFrameMs: number; peakRssKib: number};

/**
`npmStart`: the TUI started as the README says, `npm start -- …` (the time only: the RSS is npm's).
`parts`: what `npm start` is made of, each from its exec to its exit (`firstFrameMs` is that time).
*/
export type StartUpResult = {tui: StartUpSample[]; hello: StartUpSample[]; npmStart: StartUpSample[]; parts: Record<StartUpPart, StartUpSample[]>};

/**
`node`: `node -e 0`; `npm`: `npm --version`; `npmRun`: `npm run bench:noop` (package.json: `true`,
run by npm's script shell as `npm start` runs its script); `startCheck`: `node source/start.mjs`
as npm's prepare runs it, the build check without starting the CLI.
*/
export const startUpParts = ['node', 'npm', 'npmRun', 'startCheck'] as const;
export type StartUpPart = (typeof startUpParts)[number];

export const helloPath = path.resolve('dist/test/bench/hello-ink.js');

/** After the first frame the program runs this long more before it is stopped, so that the peak includes settling down. */
const settleMs = 500;

/**
`lastText` is drawn at the end of the first frame; `screenText` must then be on the screen.
Without them, the program is timed to its exit (it must exit with 0).
*/
type Program = {command: string[]; env: Record<string, string>; lastText?: string; screenText?: string};

async function measure(program: Program): Promise<StartUpSample> {
	const pane = new Pane(program.command, program.env);
	try {
		await pane.ready();
		await pane.recordOutput();
		const started = await pane.go();
		if (program.lastText === undefined || program.screenText === undefined) {
			return {firstFrameMs: await pane.waitForExit(started, program.command.join(' ')), peakRssKib: 0};
		}

		const {lastText, screenText} = program;
		let peak = 0;
		const sample = (): void => {
			peak = Math.max(peak, pane.peakRssKib() ?? 0);
		};

		const elapsedMs = await pane.waitForOutput(output => output.includes(lastText), started, 'the first frame', {onSample: sample});
		await pane.watch(screen => screen.includes(screenText) && screen.includes(lastText), started, 'the first frame on the screen', {gapMs: 5});
		const settled = performance.now() + settleMs;
		while (performance.now() < settled) {
			sample();
			await sleep(20);
		}

		sample();
		return {firstFrameMs: elapsedMs, peakRssKib: peak};
	} finally {
		await pane.close();
	}
}

export async function measureStartUp(options: {runs: number; cliPath: string; deviceUrl: string}): Promise<StartUpResult> {
	const home = mkdtempSync(path.join(tmpdir(), 'cloudmail-bench-home-'));
	// The node running the benchmark first in PATH: npm (a node script) and the node of its script are then the one that runs the TUI directly.
	const env = {
		XDG_CONFIG_HOME: path.join(home, 'config'),
		XDG_DATA_HOME: path.join(home, 'data'),
		PATH: [path.dirname(process.execPath), process.env['PATH'] ?? ''].join(path.delimiter),
	};
	const tui: Program = {
		command: [process.execPath, options.cliPath, '--device', options.deviceUrl, '--lang', 'en'],
		env,
		// The key hints are the frame's last line; the title its first.
		lastText: 'Quit',
		screenText: 'Log In (System Manager Mode)',
	};
	const hello: Program = {
		command: [process.execPath, helloPath],
		env,
		lastText: 'Hello from Ink',
		screenText: 'Hello from Ink',
	};

	// npm start in the project (the bench runs from its top), with the same arguments after `--`.
	const npmStart: Program = {...tui, command: ['npm', 'start', '--', ...tui.command.slice(2)]};
	// What npm start is made of, in the same panes with the same environment.
	const parts: Record<StartUpPart, Program> = {
		node: {command: [process.execPath, '-e', '0'], env},
		npm: {command: ['npm', '--version'], env},
		npmRun: {command: ['npm', 'run', 'bench:noop'], env},
		startCheck: {command: [process.execPath, 'source/start.mjs'], env: {...env, npm_lifecycle_event: 'prepare'}},
	};

	// What npm start would build first (sources newer than dist) is built now, as npm ci's prepare
	// does: the rows time starting, not compiling.
	const build = spawnSync(process.execPath, ['source/start.mjs'], {stdio: 'inherit', env: {...process.env, npm_lifecycle_event: 'prepare'}});
	if (build.status !== 0) {
		throw new Error('the program could not be built (source/start.mjs)');
	}

	const result: StartUpResult = {tui: [], hello: [], npmStart: [], parts: {node: [], npm: [], npmRun: [], startCheck: []}};
	const samples = new Map([[tui, result.tui], [hello, result.hello], [npmStart, result.npmStart]]);
	for (const part of startUpParts) {
		samples.set(parts[part], result.parts[part]);
	}

	try {
		// One unmeasured run of each fills the file cache ("cold" is a new process, not a cold
		// disk), and lets npm start build first if the sources are newer than the build.
		await measure(tui);
		await measure(hello);
		await measure(npmStart);
		const partPrograms = startUpParts.map(part => parts[part]);
		for (const program of partPrograms) {
			await measure(program);
		}

		// The parts run between the programs, in turn forwards and backwards.
		const orders = [
			[tui, hello, npmStart, ...partPrograms],
			[npmStart, hello, tui, ...partPrograms.toReversed()],
			[hello, ...partPrograms, npmStart, tui],
		];
		for (let run = 0; run < options.runs; run++) {
			for (const program of orders[run % orders.length]!) {
				samples.get(program)!.push(await measure(program));
			}
		}
	} finally {
		rmSync(home, {recursive: true, force: true});
	}

	return result;
}
