/**
`npm run bench`: start-up, memory, keypress latency and device API traffic of the TUI in a real
terminal (tmux, 80x24), against the emulated device in this process; and the cost of a frame
when the device sends 100 KB of text (long-text.tsx, in this process). Prints a table and writes
the figures as JSON. Exit codes: 0 every budget met, 1 a budget missed, 2 could not measure
(tmux missing, not built, bad option, a step that did not happen).
*/
import {execFileSync} from 'node:child_process';
import {existsSync, mkdirSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {parseArgs} from 'node:util';
import {BenchDevice, type RequestCount} from './device.js';
import {captureCostMs, Pane, tmuxAvailable} from './pane.js';
import {approvalWatchGapMs, measureSession, type SessionResult} from './polling.js';
import {table, verdict, type Row} from './report.js';
import * as fixtures from '../screens/support/fixtures.js';
import {measureSettingsFrames, type FrameResult} from './long-text.js';
import {helloPath, measureStartUp, type StartUpPart, type StartUpResult} from './start-up.js';
import {median, percentile, round} from './statistics.js';

const usage = `Usage: npm run bench -- [options]   (or: node dist/test/bench/run.js [options])

  --runs N            start-up runs of each program (default 10)
  --presses N         arrow keys for the menu latency (default 40)
  --approvals N       sign-ins timed from approval to Active (default 5)
  --window S          seconds each request count lasts (default 15; the one while
                      waiting for authorization lasts at least 60, as polls are long polls)
  --poll-interval S   the TUI's poll interval preference, 1-60 (default 1)
  --idp-interval S    the identity provider's device-code poll interval (default 1)
  --out FILE          where the JSON goes (default dist/bench-results.json)
  --only start-up     only the start-up rows (a few minutes less; on a busy machine)

Exit codes: 0 every budget met, 1 a budget missed, 2 could not measure.`;

const cliPath = path.resolve('dist/source/cli.js');

function setupFailure(message: string): never {
	process.stderr.write(`bench: ${message}\n`);
	process.exit(2);
}

function readOptions() {
	let parsed;
	try {
		parsed = parseArgs({
			options: {
				runs: {type: 'string', default: '10'},
				presses: {type: 'string', default: '40'},
				approvals: {type: 'string', default: '5'},
				window: {type: 'string', default: '15'},
				'poll-interval': {type: 'string', default: '1'},
				'idp-interval': {type: 'string', default: '1'},
				out: {type: 'string', default: 'dist/bench-results.json'},
				only: {type: 'string'},
				help: {type: 'boolean', default: false},
			},
			strict: true,
		}).values;
	} catch (error) {
		setupFailure(`${(error as Error).message}\n${usage}`);
	}

	if (parsed.help) {
		process.stdout.write(`${usage}\n`);
		process.exit(0);
	}

	const integer = (name: keyof typeof parsed, min: number, max: number): number => {
		const value = Number(parsed[name]);
		if (!Number.isInteger(value) || value < min || value > max) {
			setupFailure(`--${name} must be a whole number from ${min} to ${max}.\n${usage}`);
		}

		return value;
	};

	if (parsed.only !== undefined && parsed.only !== 'start-up') {
		setupFailure(`--only takes start-up.\n${usage}`);
	}

	return {
		startUpOnly: parsed.only === 'start-up',
		runs: integer('runs', 1, 1000),
		presses: integer('presses', 2, 10_000),
		approvals: integer('approvals', 1, 100),
		windowSeconds: integer('window', 1, 3600),
		pollIntervalSeconds: integer('poll-interval', 1, 60),
		idpIntervalSeconds: integer('idp-interval', 1, 3600),
		out: path.resolve(parsed.out!),
	};
}

function machine() {
	const cpus = os.cpus();
	return {
		node: process.version,
		os: `${os.type()} ${os.release()} ${os.arch()}`,
		cpu: `${cpus.length} × ${cpus[0]?.model ?? 'unknown'}`,
		memoryGiB: round(os.totalmem() / (1024 ** 3), 1),
		tmux: execFileSync('tmux', ['-V'], {encoding: 'utf8'}).trim(),
	};
}

/** The cost of reading the screen once, measured on a program that is already drawn. */
async function screenResolution(): Promise<number[]> {
	const pane = new Pane([process.execPath, helloPath]);
	try {
		await pane.ready();
		const started = await pane.go();
		await pane.watch(screen => screen.includes('Hello from Ink'), started, 'the hello-world frame');
		return await captureCostMs(pane);
	} finally {
		await pane.close();
	}
}

function perMinute(count: RequestCount): number {
	return round((count.total / count.windowMs) * 60_000, 1);
}

function requestRow(metric: string, count: RequestCount, budget: number, budgetShown?: string): Row {
	return {metric, value: perMinute(count), unit: '/min', budget, ...(budgetShown ? {budgetShown} : {})};
}

/** The same page with ordinary texts (for comparison), and with a 100 KB one. */
type LongTextResult = {ordinary: FrameResult; long: FrameResult};

/** The budget of one frame when the device sends 100 KB of text (p95). */
const longTextFrameBudgetMs = 50;

/**
What `npm start` is made of, each part from its exec to its exit, with what it adds to Node's own
start-up; and the difference it makes to the first frame, against what the parts predict (npm run
of a script that does nothing, plus start.mjs's check over Node alone).
*/
function npmStartParts(startUp: StartUpResult, tuiStart: number, npmStart: number, runs: string): Row[] {
	const ms = (value: number): number => round(value, 0);
	const part = (name: StartUpPart): number => median(startUp.parts[name].map(sample => sample.firstFrameMs));
	const [node, npm, npmRun, startCheck] = [part('node'), part('npm'), part('npmRun'), part('startCheck')];
	const more = (value: number): string => `${value >= node ? '+' : '−'}${ms(Math.abs(value - node))} ms`;
	const row = (metric: string, value: number, note: string): Row => ({metric, value: ms(value), unit: 'ms', shown: `${ms(value)} ms (${note})`});
	return [
		row(`npm start part: node -e 0, to exit (${runs})`, node, 'Node alone'),
		row(`npm start part: npm --version, to exit (${runs})`, npm, more(npm)),
		row(`npm start part: npm run bench:noop, to exit (${runs})`, npmRun, more(npmRun)),
		row(`npm start part: start.mjs build check, to exit (${runs})`, startCheck, more(startCheck)),
		row('npm start − node dist/source/cli.js, first frame', npmStart - tuiStart, `parts: ${ms(npmRun + startCheck - node)} ms`),
	];
}

function startUpRows(startUp: StartUpResult, options: ReturnType<typeof readOptions>): Row[] {
	const ms = (value: number): number => round(value, 0);
	const mib = (kib: number): number => round(kib / 1024, 1);
	const tuiStart = median(startUp.tui.map(sample => sample.firstFrameMs));
	const helloStart = median(startUp.hello.map(sample => sample.firstFrameMs));
	const npmStart = median(startUp.npmStart.map(sample => sample.firstFrameMs));
	const tuiRss = median(startUp.tui.map(sample => sample.peakRssKib));
	const helloRss = median(startUp.hello.map(sample => sample.peakRssKib));
	const runs = `median of ${options.runs}`;
	return [
		{metric: `Cold start to first frame, TUI (${runs})`, value: ms(tuiStart), unit: 'ms'},
		{metric: `Cold start to first frame, hello-world Ink (${runs})`, value: ms(helloStart), unit: 'ms'},
		{metric: 'Cold start, TUI / hello-world', value: round(tuiStart / helloStart, 2), unit: '×', shown: `${round(tuiStart / helloStart, 2)}×`, budget: 1.3, budgetShown: '≤ 1.3×'},
		{metric: `Cold start to first frame, npm start (${runs})`, value: ms(npmStart), unit: 'ms'},
		{metric: 'Cold start, npm start / node dist/source/cli.js', value: round(npmStart / tuiStart, 2), unit: '×', shown: `${round(npmStart / tuiStart, 2)}×`, budget: 1.3, budgetShown: '≤ 1.3×'},
		...npmStartParts(startUp, tuiStart, npmStart, runs),
		{metric: `Peak RSS, TUI (${runs})`, value: mib(tuiRss), unit: 'MiB'},
		{metric: `Peak RSS, hello-world Ink (${runs})`, value: mib(helloRss), unit: 'MiB'},
		{metric: 'Peak RSS, TUI / hello-world', value: round(tuiRss / helloRss, 2), unit: '×', shown: `${round(tuiRss / helloRss, 2)}×`, budget: 1.2, budgetShown: '≤ 1.2×'},
	];
}

function rowsFor(startUp: StartUpResult, session: SessionResult, longText: LongTextResult, options: ReturnType<typeof readOptions>): Row[] {
	const ms = (value: number): number => round(value, 0);
	const mib = (kib: number): number => round(kib / 1024, 1);
	const helloRss = median(startUp.hello.map(sample => sample.peakRssKib));
	const pollsPerMinute = 60 / options.pollIntervalSeconds;
	const activeBudgetMs = (options.pollIntervalSeconds + 1) * 1000;
	return [
		...startUpRows(startUp, options),
		{metric: 'Peak RSS, TUI after the whole session below', value: mib(session.peakRssKib), unit: 'MiB', shown: `${mib(session.peakRssKib)} MiB (${round(session.peakRssKib / helloRss, 2)}×)`},
		{metric: `Keypress to frame in menus, p50 (${session.menuLatencyMs.length} keys)`, value: ms(median(session.menuLatencyMs)), unit: 'ms'},
		{metric: `Keypress to frame in menus, p95 (${session.menuLatencyMs.length} keys)`, value: ms(percentile(session.menuLatencyMs, 95)), unit: 'ms'},
		requestRow('Device API requests, idle on a menu (Portal)', session.idleOnMenu, 0),
		requestRow('Device API requests, settings screen, nothing pending', session.idleOnSettings, 0),
		requestRow('Device API requests, settings screen, token Active', session.idleWhileActive, 0),
		requestRow('Device API requests, waiting for authorization', session.waitingForAuthorization, pollsPerMinute, `≤ ${pollsPerMinute} /min (1 per poll)`),
		{metric: `Approval to Active on screen (median of ${options.approvals})`, value: ms(median(session.approvalToActiveMs)), unit: 'ms'},
		{metric: `Approval to Active on screen (worst of ${options.approvals})`, value: ms(Math.max(...session.approvalToActiveMs)), unit: 'ms', budget: activeBudgetMs, budgetShown: `≤ ${activeBudgetMs} ms (poll + 1 s)`},
		{metric: `Frame with ordinary device texts, p95 (in-process 80x24, ${longText.ordinary.frameMs.length} keys)`, value: round(percentile(longText.ordinary.frameMs, 95), 1), unit: 'ms'},
		{metric: `Frame with a 100 KB device text, p50 (in-process 80x24, ${longText.long.frameMs.length} keys)`, value: round(median(longText.long.frameMs), 1), unit: 'ms'},
		{metric: `Frame with a 100 KB device text, p95 (in-process 80x24, ${longText.long.frameMs.length} keys)`, value: round(percentile(longText.long.frameMs, 95), 1), unit: 'ms', budget: longTextFrameBudgetMs},
	];
}

function describeCount(name: string, count: RequestCount): string {
	const routes = Object.entries(count.byRoute).map(([route, made]) => `${route} ×${made}`).join(', ');
	return `${name}: ${count.total} in ${round(count.windowMs / 1000, 1)} s${count.total > 0 ? ` (${routes}; ${count.notModified} answered 304)` : ''}`;
}

async function main(): Promise<void> {
	const options = readOptions();
	if (!tmuxAvailable()) {
		setupFailure('tmux is needed (it is the real terminal the TUI is measured in). Install it, e.g. `apt-get install tmux`.');
	}

	for (const file of [cliPath, helloPath]) {
		if (!existsSync(file)) {
			setupFailure(`${path.relative(process.cwd(), file)} is missing: build first (\`npx tsc -b\`; \`npm run bench\` does).`);
		}
	}

	const started = Date.now();
	const device = new BenchDevice();
	let startUp: StartUpResult;
	let session: SessionResult | undefined;
	let longText: LongTextResult | undefined;
	let resolution: number[];
	try {
		await device.start({idpIntervalSeconds: options.idpIntervalSeconds});
		process.stderr.write('bench: screen read cost…\n');
		resolution = await screenResolution();
		process.stderr.write(`bench: start-up, ${options.runs} runs of each program…\n`);
		startUp = await measureStartUp({runs: options.runs, cliPath, deviceUrl: device.url});
		if (options.startUpOnly) {
			await finish({options, started, startUp, resolution});
			return;
		}

		process.stderr.write(`bench: logged-in session (3 windows of ${options.windowSeconds} s, one of at least 60 s, ${options.approvals} sign-ins)…\n`);
		session = await measureSession(device, {
			cliPath,
			pollIntervalSeconds: options.pollIntervalSeconds,
			windowSeconds: options.windowSeconds,
			menuPresses: options.presses,
			approvals: options.approvals,
		});
		process.stderr.write(`bench: frames with a 100 KB device text, ${options.presses} keys…\n`);
		// Once each unrecorded first: the JIT compiles React's and Ink's paths on the first frames.
		await measureSettingsFrames(20, fixtures.waiting);
		await measureSettingsFrames(20);
		longText = {ordinary: await measureSettingsFrames(options.presses, fixtures.waiting), long: await measureSettingsFrames(options.presses)};
	} catch (error) {
		setupFailure(`a step did not happen: ${error instanceof Error ? error.message : String(error)}`);
	} finally {
		await device.close();
	}

	await finish({options, started, startUp, resolution, session, longText});
}

async function finish({options, started, startUp, resolution, session, longText}: {
	options: ReturnType<typeof readOptions>;
	started: number;
	startUp: StartUpResult;
	resolution: number[];
	session?: SessionResult | undefined;
	longText?: LongTextResult | undefined;
}): Promise<void> {
	const rows = session && longText ? rowsFor(startUp, session, longText, options) : startUpRows(startUp, options);
	const sessionNotes = session && longText ? [
		`Poll interval (TUI preference pollIntervalSeconds): ${options.pollIntervalSeconds} s; identity provider's device-code interval: ${options.idpIntervalSeconds} s.`,
		describeCount('Idle on a menu', session.idleOnMenu),
		describeCount('Settings screen, nothing pending', session.idleOnSettings),
		describeCount('Settings screen, token Active', session.idleWhileActive),
		describeCount('Waiting for authorization', session.waitingForAuthorization),
		`Approval to Active, each: ${session.approvalToActiveMs.map(value => round(value, 0)).join(', ')} ms`,
		`100 KB device text (the sign-in message, from a fake device: the HTTP client would refuse it): the page's first frame ${round(longText.long.firstFrameMs, 0)} ms (ordinary texts: ${round(longText.ordinary.firstFrameMs, 0)} ms); each frame is a keypress (x, n) to the frame written, React and Ink in this process, no terminal, after 20 unrecorded frames of each page.`,
	] : ['Only the start-up rows (--only start-up).'];
	const notes = [
		`Resolution: start-up is read from the pane's output as tmux relays it (pipe-pane), polled every 1 ms, and then checked on the screen. Keypress and approval times are read off the screen: one capture-pane takes ${round(median(resolution), 1)} ms (p95 ${round(percentile(resolution, 95), 1)} ms), so they are late by up to that much (approval: plus a ${approvalWatchGapMs} ms pause between reads). Keypress times include tmux send-keys.`,
		'npm start: `npm start -- --device … --lang en` in the project, from the exec of npm to the same first frame; it includes npm\'s own start-up (loading npm, reading package.json, a shell) and source/start.mjs checking that the build is newer than the sources. Its parts (rows "npm start part"): each program from its exec to its exit, in the same kind of pane with the same environment (the node running the benchmark first in PATH, for npm too), interleaved with the rows above.',
		...sessionNotes,
	];
	const about = machine();
	process.stdout.write(`\n${table(rows)}\n\n${notes.join('\n')}\nMachine: ${about.cpu}, ${about.memoryGiB} GiB, ${about.os}, Node ${about.node}, ${about.tmux}\n`);

	const failed = rows.filter(row => verdict(row) === 'FAIL');
	mkdirSync(path.dirname(options.out), {recursive: true});
	writeFileSync(options.out, `${JSON.stringify({
		date: new Date().toISOString(),
		durationSeconds: round((Date.now() - started) / 1000, 1),
		machine: about,
		settings: {
			runs: options.runs,
			presses: options.presses,
			approvals: options.approvals,
			windowSeconds: options.windowSeconds,
			pollIntervalSeconds: options.pollIntervalSeconds,
			identityProviderIntervalSeconds: options.idpIntervalSeconds,
			terminal: '80x24',
			only: options.startUpOnly ? 'start-up' : null,
		},
		resolutionMs: {capturePaneMedian: round(median(resolution), 2), capturePaneP95: round(percentile(resolution, 95), 2)},
		rows: rows.map(row => ({metric: row.metric, value: row.value, unit: row.unit, budget: row.budget ?? null, result: verdict(row) || null})),
		samples: {startUp, session, longText},
		passed: failed.length === 0,
	}, undefined, 2)}\n`);
	process.stdout.write(`JSON: ${path.relative(process.cwd(), options.out) || options.out}\n`);

	if (failed.length > 0) {
		process.stdout.write(`\nOver budget: ${failed.map(row => row.metric).join('; ')}\n`);
		process.exitCode = 1;
	}
}

await main();
