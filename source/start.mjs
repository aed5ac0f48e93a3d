/*
`npm start` and `npm run emulator`: start the compiled program at once. Only when it was never
built, or a source is newer than the last build, build it first (source/tsconfig.build.json:
the program alone, not test/), saying so; with errors in the sources it does not start. As
npm's `prepare` (npm ci, npm install) it only builds, saying so, and never fails the install.
Plain JavaScript, not compiled: it runs before there is anything compiled. The CLI is imported
into this process (no second Node start-up), with the same arguments after the script name as
`node dist/source/cli.js` gets.

Checking costs a few milliseconds (the modification times of source/, screens/ and the
tsconfig files against dist/source.tsbuildinfo); tsc itself is run only when needed, and
node:child_process is loaded only then (the CLI does not need it).
*/
import {existsSync, readdirSync, statSync, utimesSync} from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import {fileURLToPath, pathToFileURL} from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = path.join(root, 'dist', 'source', 'cli.js');
// Written by every build of source/tsconfig.build.json (and touched here after one).
const stamp = path.join(root, 'dist', 'source.tsbuildinfo');
const buildConfig = path.join(root, 'source', 'tsconfig.build.json');

/** The newest modification time of the TypeScript sources and configs under `directory`. */
function newestSource(directory) {
	let newest = 0;
	for (const entry of readdirSync(directory, {withFileTypes: true})) {
		// Not path.join: the names are plain entry names, and this runs before every start.
		const full = `${directory}${path.sep}${entry.name}`;
		if (entry.isDirectory()) {
			newest = Math.max(newest, newestSource(full));
		} else if (/\.(tsx?|json)$/.test(entry.name)) {
			newest = Math.max(newest, statSync(full).mtimeMs);
		}
	}

	return newest;
}

function stale() {
	if (!existsSync(cli) || !existsSync(stamp)) {
		return 'not built yet';
	}

	const built = statSync(stamp).mtimeMs;
	const newest = Math.max(
		newestSource(path.join(root, 'source')),
		newestSource(path.join(root, 'screens')),
		statSync(path.join(root, 'tsconfig.json')).mtimeMs,
	);
	return newest > built ? 'the sources changed since the last build' : undefined;
}

const prepare = process.env['npm_lifecycle_event'] === 'prepare';
const reason = stale();
if (reason === undefined && prepare) {
	process.stderr.write('cloudmail-setup: the program is built and up to date (dist/source).\n');
} else if (reason !== undefined) {
	const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
	if (!existsSync(tsc)) {
		// npm ci --omit=dev: no compiler. Installing must not fail for that; starting cannot work.
		process.stderr.write(`cloudmail-setup: cannot build the program (${reason}): TypeScript is not installed (run npm ci without --omit=dev).\n`);
		process.exit(prepare ? 0 : 1);
	}

	process.stderr.write(`cloudmail-setup: building the program (${reason}; tsc -b source/tsconfig.build.json)…\n`);
	const {spawnSync} = await import('node:child_process');
	const result = spawnSync(process.execPath, [tsc, '-b', buildConfig], {cwd: root, stdio: 'inherit'});
	if (result.status !== 0) {
		// tsc wrote the build info all the same: mark it older than any source, so that the next
		// start builds (and refuses) again instead of taking the build for up to date.
		if (existsSync(stamp)) {
			utimesSync(stamp, 0, 0);
		}

		// As prepare (npm ci, npm install), an error in the sources must not undo the install:
		// it is said here, npm start says it again, and npm test fails on it.
		process.stderr.write(`cloudmail-setup: the build failed (errors above)${prepare ? '; npm start will build again' : '; not starting'}.\n`);
		process.exit(prepare ? 0 : (result.status ?? 1));
	}

	// tsc -b leaves the build info alone when nothing needed emitting: the sources are checked now.
	const now = new Date();
	utimesSync(stamp, now, now);
}

if (!prepare) {
	await import(pathToFileURL(cli).href);
}
