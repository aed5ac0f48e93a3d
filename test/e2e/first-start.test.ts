/**
First start, as a new user does it: `npm start` in a fresh copy of the project (source, screens,
package.json, tsconfig.json and the installed node_modules; no dist) builds the program once,
saying so, and only the program (not test/); later starts run the compiled CLI at once, without
tsc; a source newer than the build is built first, saying so; npm's `prepare` (what npm ci runs)
builds or says it is up to date. And the README's commands work where they say they do:
`npx cloudmail-setup …` in the project (a bare `cloudmail-setup` is not on PATH after npm ci).
*/
import {spawnSync} from 'node:child_process';
import {cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';

const root = path.resolve('.');
const version = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {version: string}).version;
let project = '';

/** npm (or npx) in the copy, without the npm settings of a surrounding `npm test`. */
function run(command: 'npm' | 'npx', ...arguments_: string[]) {
	const environment = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('npm_')));
	const result = spawnSync(command, arguments_, {cwd: project, encoding: 'utf8', env: {...environment, NO_UPDATE_NOTIFIER: '1', npm_config_update_notifier: 'false'}, timeout: 240_000});
	return {status: result.status, stdout: result.stdout, stderr: result.stderr};
}

beforeAll(() => {
	project = mkdtempSync(path.join(tmpdir(), 'cloudmail-first-start-'));
	for (const entry of ['source', 'screens', 'package.json', 'tsconfig.json']) {
		cpSync(path.join(root, entry), path.join(project, entry), {recursive: true});
	}

	// As after npm ci (the packages themselves are not what is tested here).
	symlinkSync(path.join(root, 'node_modules'), path.join(project, 'node_modules'), 'dir');
});

afterAll(() => {
	if (project) {
		rmSync(project, {recursive: true, force: true});
	}
});

describe('first start and later starts', () => {
	it('npm start builds the program once (saying so, source only), then starts it at once; a newer source is built first', () => {
		const first = run('npm', 'start', '--', '--version');
		expect(first.stderr).toContain('cloudmail-setup: building the program (not built yet');
		expect(first.stdout.trim().split('\n').at(-1)).toBe(version);
		expect(first.status).toBe(0);
		expect(existsSync(path.join(project, 'dist/source/cli.js'))).toBe(true);
		// The program only: the tests are built by npm test.
		expect(existsSync(path.join(project, 'dist/test'))).toBe(false);

		const stamp = path.join(project, 'dist/source.tsbuildinfo');
		const builtAt = readFileSync(stamp, 'utf8');
		const again = run('npm', 'start', '--', '--version');
		expect(again.stderr).not.toContain('building');
		expect(again.stdout.trim().split('\n').at(-1)).toBe(version);
		expect(again.status).toBe(0);
		expect(readFileSync(stamp, 'utf8')).toBe(builtAt);

		// The last build older than the sources (an edit since): built first, saying why.
		const anHourAgo = new Date(Date.now() - 3_600_000);
		utimesSync(stamp, anHourAgo, anHourAgo);
		const changed = run('npm', 'start', '--', '--version');
		expect(changed.stderr).toContain('cloudmail-setup: building the program (the sources changed since the last build');
		expect(changed.stdout.trim().split('\n').at(-1)).toBe(version);
		expect(changed.status).toBe(0);
		const afterRebuild = run('npm', 'start', '--', '--version');
		expect(afterRebuild.stderr).not.toContain('building');

		// What npm ci runs after installing: here, nothing to build.
		const prepare = run('npm', 'run', 'prepare');
		expect(prepare.stderr).toContain('cloudmail-setup: the program is built and up to date');
		expect(prepare.status).toBe(0);
	}, 300_000);

	it('an error in the sources: npm start says so and does not start; prepare (npm ci) says so but does not fail the install', () => {
		const broken = path.join(project, 'source', 'zz-broken.ts');
		writeFileSync(broken, 'export const broken: number = \'not a number\';\n');
		try {
			const start = run('npm', 'start', '--', '--version');
			expect(start.stdout + start.stderr).toContain('zz-broken.ts');
			expect(start.stderr).toContain('cloudmail-setup: the build failed (errors above); not starting.');
			expect(start.stdout.split('\n').map(line => line.trim())).not.toContain(version);
			expect(start.status).not.toBe(0);

			const prepare = run('npm', 'run', 'prepare');
			expect(prepare.stderr).toContain('cloudmail-setup: the build failed (errors above); npm start will build again.');
			expect(prepare.status).toBe(0);
		} finally {
			rmSync(broken);
		}
	}, 300_000);

	it('npx cloudmail-setup --version works in the project once it is built (the README\'s way to run the commands)', () => {
		if (!existsSync(path.join(project, 'dist/source/cli.js'))) {
			run('npm', 'run', 'prepare');
		}

		const npx = run('npx', '--no-install', 'cloudmail-setup', '--version');
		expect(npx.stdout.trim()).toBe(version);
		expect(npx.status).toBe(0);
	}, 300_000);
});

describe('the README', () => {
	const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
	/** Shell commands in ```sh blocks. */
	const shellLines = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap(match => match[1]!.split('\n'));

	it('runs the commands with npx (or npm exec / npm start) wherever a bare cloudmail-setup would not be on PATH', () => {
		// A command position: the start of a line, or after $( | && ; — but not inside ssh '…' (the console's global install).
		const bare = shellLines.filter(line => !/\bssh\b/.test(line) && /(?:^|\$\(|\|\s*|&&\s*|;\s*)cloudmail-setup\b/.test(line.trim()));
		expect(bare).toEqual([]);
		expect(shellLines.some(line => line.trim().startsWith('npx cloudmail-setup microsoft configure'))).toBe(true);
	});

	it('says how to get a global cloudmail-setup command', () => {
		expect(readme).toMatch(/npm install -g \./);
		expect(readme).toMatch(/npm link/);
	});
});
