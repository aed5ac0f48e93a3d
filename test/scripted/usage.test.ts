/**
Scripted mode's command line, with the built CLI: usage errors (exit 2) as one JSON document,
a password on argv refused without repeating it, no password source, an unreachable device
(exit 4), help, and the TUI's start-up not loading scripted mode.
*/
import {existsSync, mkdtempSync, readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {closedPort, expectErrorDocument, runCli} from './cli-process.js';

const secretValue = 'hunter2-do-not-echo';

describe('scripted command line', () => {
	it.each([
		[['status', `--password=${secretValue}`, '--json']],
		[['status', '--password', secretValue, '--json']],
		[['google', 'configure', `--client-secret=${secretValue}`, '--json']],
		[['--json', 'microsoft', 'authorize', '--secret', secretValue]],
	])('refuses a secret on argv without echoing it: %j', async args => {
		const run = await runCli(args, {password: null});
		expectErrorDocument(run, 'usage', 2);
		expect(run.json()['error'].message).toContain('never goes on the command line');
		expect(run.stdout + run.stderr).not.toContain(secretValue);
	});

	it('refuses --password for the TUI and the emulator too, without echoing it', async () => {
		for (const args of [[`--password=${secretValue}`], ['emulator', '--password', secretValue]]) {
			const run = await runCli(args, {password: null});
			expect(run.code).toBe(2);
			expect(run.stderr).toContain('never goes on the command line');
			expect(run.stdout + run.stderr).not.toContain(secretValue);
		}
	});

	it.each([
		[['status', `--bogus=${secretValue}`, '--json'], 'unknown option --bogus.'],
		[['status', 'extra', '--json'], 'unexpected argument. See cloudmail-setup --help.'],
		[['microsoft', 'configure', '--enable', '--disable', '--json'], '--enable and --disable cannot be used together.'],
		[['microsoft', 'configure', '--client-id', 'x', '--json'], '--client-id does not apply to microsoft configure.'],
		[['microsoft', '--json'], 'microsoft needs configure or authorize.'],
		[['google', 'revoke', '--json'], 'unknown command \'google revoke\'. See cloudmail-setup --help.'],
		[['google', 'authorize', '--code', 'x', '--code-stdin', '--json'], '--code and --code-stdin cannot be used together.'],
		[['status', '--lang', 'fr', '--json'], '--lang must be ja or en.'],
		[['status', '--device', 'ftp://printer', '--json'], '--device: Start the device address with https:// or http://, or give the host name or IP address alone.'],
		[['status', '--device', 'http://192.0.2.1/api/v1', '--emulator', '--json'], '--device and --emulator cannot be used together.'],
		[['test-mail', '--to', 'a@example.com', '--json'], '--provider is required.'],
	])('usage error: %j', async (args, message) => {
		const run = await runCli(args);
		const document = expectErrorDocument(run, 'usage', 2);
		expect(document).toEqual({error: {code: 'usage', message, exitCode: 2, meaning: expect.stringContaining('usage')}});
		expect(run.stdout + run.stderr).not.toContain(secretValue);
	});

	it('usage errors in Japanese with --lang ja', async () => {
		const run = await runCli(['microsoft', 'configure', '--enable', '--disable', '--lang', 'ja']);
		expect(run.code).toBe(2);
		expect(run.stdout).toBe('');
		expect(run.stderr).toBe('cloudmail-setup: --enable と --disable は同時に指定できません。\n');
	});

	it('no password (no CLOUDMAIL_PASSWORD, stdin not a terminal): exit 2, before contacting the device', async () => {
		const port = await closedPort();
		const run = await runCli(['status', '--json', '--device', `http://127.0.0.1:${port}/api/v1`], {password: null});
		const document = expectErrorDocument(run, 'usage', 2);
		expect(document['error'].message).toContain('CLOUDMAIL_PASSWORD');
	});

	it('an unreachable device: exit 4, naming the device', async () => {
		const port = await closedPort();
		const url = `http://127.0.0.1:${port}/api/v1`;
		const run = await runCli(['status', '--json', '--device', url]);
		const document = expectErrorDocument(run, 'unreachable', 4);
		expect(document['error'].message).toBe(`Cannot reach the device at ${url}. Check that it is on and connected to the network.`);
	});

	it('input the rules refuse is exit 5 before the device is contacted', async () => {
		const port = await closedPort();
		const run = await runCli(['test-mail', '--provider', 'google', '--to', 'nobody', '--json', '--device', `http://127.0.0.1:${port}/api/v1`]);
		const document = expectErrorDocument(run, 'validation', 5);
		expect(document['error'].fields).toEqual({to: {code: 'invalid_email', message: 'Enter a mail address such as name@example.com.'}});
	});

	it('without --device (and no saved deviceUrl): the built-in emulated device, offline', async () => {
		const state = mkdtempSync(path.join(tmpdir(), 'cloudmail-scripted-builtin-'));
		const run = await runCli(['status', '--json', '--state', state]);
		expect(run.code, run.stderr).toBe(0);
		expect(run.stderr).toMatch(/^Using the built-in emulated device \(offline\): http:\/\/127\.0\.0\.1:\d+\/api\/v1$/m);
		expect(run.json()['device']).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1$/);
		expect(existsSync(path.join(state, 'device-state.json'))).toBe(true);
	});

	it('--help shows the command\'s usage and the exit codes, exit 0', async () => {
		const run = await runCli(['microsoft', 'authorize', '--help']);
		expect(run.code).toBe(0);
		expect(run.stdout).toContain('cloudmail-setup microsoft authorize [--wait] [--json]');
		expect(run.stdout).not.toContain('google configure');
		expect(run.stdout).toMatch(/^\s+7 {2}the sign-in was declined$/m);
		expect(run.stdout).toMatch(/^\s+143 {2}SIGTERM/m);
	});

	it('the TUI\'s entry point loads scripted mode only by dynamic import', () => {
		const source = readFileSync(path.resolve('dist/source/cli.js'), 'utf8');
		const staticImports = [...source.matchAll(/^import .* from '([^']+)';$/gm)].map(match => match[1]);
		expect(staticImports.some(specifier => specifier!.includes('scripted'))).toBe(false);
		expect(source).toContain('await import(\'./scripted/main.js\')');
	});
});
