/**
The built `cloudmail-setup` as a child process for the scripted-mode tests: stdin a pipe (not
a terminal), the password in CLOUDMAIL_PASSWORD, preferences and data in a fresh directory,
and its argv as the system shows it (/proc/<pid>/cmdline) read while it runs.
*/
import {spawn, type ChildProcess} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync} from 'node:fs';
import net from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {expect} from 'vitest';
import {processOutput} from '../support/process-output.js';

export const cliPath = path.resolve('dist/source/cli.js');
export const adminPassword = '7654321';

export type CliRun = {
	code: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
	/** The process's argv as /proc showed it right after it started (Linux). */
	cmdline: string[];
	/** stdout parsed as one JSON document. */
	json(): Record<string, any>;
};

export type CliOptions = {
	/** Default: the administrator's password; null: none in the environment. */
	password?: string | null;
	stdin?: string;
	env?: Record<string, string>;
	/** Called once the process has started (to read /proc, send a signal, approve a code…). */
	started?(child: ChildProcess): void;
	/** Called with each chunk of stderr as it arrives. */
	onStderr?(text: string, child: ChildProcess): void;
};

/** Where a test's preferences and built-in device data go: never the user's. */
export const home = mkdtempSync(path.join(tmpdir(), 'cloudmail-scripted-home-'));

export function readCmdline(pid: number): string[] {
	const file = `/proc/${pid}/cmdline`;
	return existsSync(file) ? readFileSync(file, 'utf8').split('\0').filter(Boolean) : [];
}

export async function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliRun> {
	if (!existsSync(cliPath)) {
		throw new Error('Build first: npm test runs `tsc -b` before the tests.');
	}

	const password = options.password === undefined ? adminPassword : options.password;
	const env: Record<string, string> = {
		HOME: home,
		XDG_CONFIG_HOME: path.join(home, 'config'),
		XDG_DATA_HOME: path.join(home, 'data'),
		LANG: 'C',
		FORCE_COLOR: '0',
		...(password === null ? {} : {CLOUDMAIL_PASSWORD: password}),
		...options.env,
	};
	const child = spawn(process.execPath, [cliPath, ...args], {env, stdio: ['pipe', 'pipe', 'pipe']});
	let cmdline: string[] = [];
	child.once('spawn', () => {
		cmdline = readCmdline(child.pid!);
		options.started?.(child);
	});
	const output = processOutput(child, stderr => options.onStderr?.(stderr, child));
	child.stdin.on('error', () => {
		// The command may end without reading its stdin.
	});
	child.stdin.end(options.stdin ?? '');
	const {code, signal, stdout, stderr} = await output;
	return {
		code,
		signal,
		stdout,
		stderr,
		cmdline,
		json() {
			return JSON.parse(stdout) as Record<string, any>;
		},
	};
}

/** None of `secrets` in the output or the argv of any of `runs`. */
export function expectNoSecrets(runs: readonly CliRun[], secrets: ReadonlyArray<string | undefined>): void {
	for (const secret of secrets.filter((value): value is string => typeof value === 'string' && value.length > 0)) {
		for (const run of runs) {
			expect(run.stdout.includes(secret), `a secret on stdout: ${run.stdout}`).toBe(false);
			expect(run.stderr.includes(secret), `a secret on stderr: ${run.stderr}`).toBe(false);
			expect(run.cmdline.some(argument => argument.includes(secret)), 'a secret in argv').toBe(false);
		}
	}
}

/** A loopback port where nothing listens (bound by the system, then released). */
export async function closedPort(): Promise<number> {
	const server = net.createServer();
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	const {port} = server.address() as net.AddressInfo;
	await new Promise(resolve => {
		server.close(resolve);
	});
	return port;
}

/** The JSON error document every failure prints with --json. */
export function expectErrorDocument(run: CliRun, code: string, exitCode: number): Record<string, any> {
	expect(run.code, run.stderr).toBe(exitCode);
	const document = run.json();
	expect(document['error']).toMatchObject({code, message: expect.any(String)});
	expect(run.stderr).toContain(document['error'].message);
	return document;
}
