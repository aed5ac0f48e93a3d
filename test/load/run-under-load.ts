/**
The whole suite with every core busy, several times in a row (`npm run test:load`, default 3
runs): a test that passes only on an idle machine fails here. One CPU burner per core runs in a
child process for as long as the runs last (each bounded: it stops by itself after 45 minutes per
run, and is killed when this script ends). Exits with the first failing run's code.
*/
import {spawn, spawnSync} from 'node:child_process';
import os from 'node:os';

const runs = Number(process.argv[2] ?? 3);
const burnerSeconds = 45 * 60 * runs;
const burners = Array.from({length: os.availableParallelism()}, () => spawn(process.execPath, [
	'-e',
	`const end = Date.now() + ${burnerSeconds * 1000}; while (Date.now() < end) { for (let i = 0; i < 1e6; i++); }`,
], {stdio: 'ignore'}));

function stopBurners(): void {
	for (const burner of burners) {
		burner.kill('SIGKILL');
	}
}

process.on('exit', stopBurners);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	process.on(signal, () => {
		stopBurners();
		process.exit(130);
	});
}

let failed = 0;
for (let run = 1; run <= runs && failed === 0; run++) {
	const started = Date.now();
	console.log(`test:load: run ${run} of ${runs}, ${burners.length} CPU burners busy`);
	const result = spawnSync('npx', ['vitest', 'run', '--config', 'test/vitest.config.ts'], {stdio: 'inherit'});
	const seconds = Math.round((Date.now() - started) / 1000);
	console.log(`test:load: run ${run} ended with ${result.status ?? result.signal} after ${seconds} s`);
	failed = result.status ?? 1;
}

stopBurners();
console.log(failed === 0 ? `test:load: ${runs} runs passed under load` : 'test:load: a run failed under load');
process.exit(failed);
