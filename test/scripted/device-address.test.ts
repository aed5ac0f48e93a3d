/**
The device address in scripted mode and in `config set deviceUrl`: one rule (device-address.ts),
so the same values are refused with the same words (never repeating the address, which may hold a
password) and accepted as the same device API URL; plain HTTP to an address that is not loopback
is refused (exit 2) before a password is read, unless --allow-insecure-http is given.

The built CLI runs against closed loopback ports only. Where a command would talk to a device at a
TEST-NET address, it runs in this process with an in-memory device instead: nothing goes out.
*/
import {EventEmitter} from 'node:events';
import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {Readable} from 'node:stream';
import {describe, expect, it} from 'vitest';
import type {DeviceAddressProblem} from '../../source/device/device-address.js';
import type {Preferences} from '../../source/config/config.js';
import {en} from '../../source/i18n/en.js';
import {ja} from '../../source/i18n/ja.js';
import {runScripted} from '../../source/scripted/main.js';
import {notChecked} from '../screens/support/fixtures.js';
import {FakeDeviceClient} from '../support/fake-device-client.js';
import {closedPort, expectErrorDocument, runCli, type CliRun} from './cli-process.js';

const tables = {en, ja} as const;

/** A config directory of its own, so that what one test saves is not another's preference. */
function configHome(): Record<string, string> {
	return {XDG_CONFIG_HOME: mkdtempSync(path.join(tmpdir(), 'cloudmail-address-config-'))};
}

function everything(runs: readonly CliRun[]): string {
	return runs.map(run => `${run.stdout}\n${run.stderr}`).join('\n');
}

const refusals: ReadonlyArray<readonly [string, DeviceAddressProblem]> = [
	['', 'empty'],
	['ftp://printer.local', 'scheme'],
	['http://admin:S3cret-0@127.0.0.1:9/api/v1', 'credentials'],
	['admin:S3cret-1@printer.local', 'credentials'],
	['192.168.1', 'host'],
	['printer.local:65536', 'port'],
	['https://printer.local/api/../v1', 'path'],
	['https://printer.local/api/v1?token=S3cret-2', 'query'],
];

describe('refused the same way by scripted --device and config set deviceUrl', () => {
	for (const language of ['en', 'ja'] as const) {
		it.each(refusals)(`${language}: %j (%s)`, async (value, problem) => {
			const words = tables[language].deviceAddress;
			const env = configHome();
			const scripted = await runCli(['status', '--device', value, '--json', '--lang', language], {password: null});
			const saved = await runCli(['config', 'set', 'deviceUrl', value, '--lang', language], {env});
			const after = await runCli(['config', 'get'], {env});

			// Never repeated: whatever followed `user:` is a password.
			expect(everything([scripted, saved])).not.toContain('S3cret');
			expect(everything([scripted, saved])).not.toContain('admin');
			expectErrorDocument(scripted, 'usage', 2);
			expect(scripted.json()).toEqual({error: {code: 'usage', message: words.refused('--device', words.problems[problem]), exitCode: 2, meaning: expect.stringContaining('usage')}});
			expect(saved.code).toBe(2);
			expect(saved.stderr).toBe(`cloudmail-setup: ${words.refused('deviceUrl', words.problems[problem])}\n`);
			// Nothing was saved.
			expect(JSON.parse(after.stdout)).toEqual({});
		});
	}
});

describe('accepted the same way: as the device API URL', () => {
	it.each([
		// An engineer's address for the emulator on this computer: no scheme, no path.
		[(port: number) => `127.0.0.1:${port}`],
		// A scheme but no /api/v1.
		[(port: number) => `http://127.0.0.1:${port}`],
		[(port: number) => `http://127.0.0.1:${port}/`],
		// As before: the whole URL.
		[(port: number) => `http://127.0.0.1:${port}/api/v1`],
	])('%s', async address => {
		const port = await closedPort();
		const url = `http://127.0.0.1:${port}/api/v1`;
		const unreachable = `Cannot reach the device at ${url}. Check that it is on and connected to the network.`;
		const env = configHome();

		const given = await runCli(['status', '--json', '--device', address(port)]);
		expect(expectErrorDocument(given, 'unreachable', 4)['error'].message).toBe(unreachable);

		const saved = await runCli(['config', 'set', 'deviceUrl', address(port)], {env});
		expect(saved.code, saved.stderr).toBe(0);
		expect(saved.stderr).toBe('');
		expect((await runCli(['config', 'get', 'deviceUrl'], {env})).stdout).toBe(`${url}\n`);
		const fromPreference = await runCli(['status', '--json'], {env});
		expect(expectErrorDocument(fromPreference, 'unreachable', 4)['error'].message).toBe(unreachable);
	});
});

/** runScripted in this process against an in-memory device: nothing leaves the process. */
async function runAgainstFake(args: readonly string[], preferences: Preferences = {}): Promise<{code: number; stdout: string; stderr: string; client: FakeDeviceClient}> {
	const client = new FakeDeviceClient(notChecked);
	let stdout = '';
	let stderr = '';
	const code = await runScripted(args, {
		stdin: Readable.from([]),
		stdout: {
			write(text: string) {
				stdout += text;
				return true;
			},
		},
		stderr: {
			write(text: string) {
				stderr += text;
				return true;
			},
		},
		environment: {CLOUDMAIL_PASSWORD: client.password, LANG: 'C'},
		signals: new EventEmitter() as unknown as Pick<NodeJS.Process, 'on' | 'off'>,
		preferences: () => preferences,
		now: Date.now,
		createClient: () => client,
	});
	return {code, stdout, stderr, client};
}

describe('plain HTTP', () => {
	it.each([
		[['--device', 'http://192.0.2.10'], {}],
		[['--device', 'http://printer.local:8080/api/v1'], {}],
		// A saved address is held to the same rule.
		[[], {deviceUrl: 'http://192.0.2.10/api/v1'}],
	])('to a network address: refused (exit 2) before logging in, unless --allow-insecure-http: %j %j', async (device, preferences) => {
		const refused = await runAgainstFake(['status', '--json', ...device], preferences);
		expect(refused.code).toBe(2);
		const url = device.length > 0 ? (device[1]!.endsWith('/api/v1') ? device[1]! : `${device[1]!}/api/v1`) : 'http://192.0.2.10/api/v1';
		expect(JSON.parse(refused.stdout)).toEqual({error: {code: 'usage', message: en.deviceAddress.scriptedPlainHttp(url), exitCode: 2, meaning: expect.stringContaining('usage')}});
		expect(refused.client.calls.login).toBe(0);

		const allowed = await runAgainstFake(['status', '--json', '--allow-insecure-http', ...device], preferences);
		expect(allowed.code, allowed.stdout).toBe(0);
		expect(allowed.client.calls.login).toBe(1);
		expect(allowed.client.calls.logout).toBe(1);
	});

	it.each([
		['http://127.0.0.1:8480'],
		['127.0.0.1:8480'],
		['http://localhost:8480/api/v1'],
		['http://[::1]:8480'],
		['https://192.0.2.10'],
		['192.0.2.10'],
	])('to loopback, and HTTPS anywhere: no consent needed: %s', async device => {
		const run = await runAgainstFake(['status', '--json', '--device', device]);
		expect(run.code, run.stdout).toBe(0);
		expect(run.client.calls.login).toBe(1);
	});

	it('the refusal in Japanese, and before the password is even asked for', async () => {
		const run = await runCli(['status', '--device', 'http://192.0.2.10', '--lang', 'ja'], {password: null});
		expect(run.code).toBe(2);
		expect(run.stderr).toBe(`cloudmail-setup: ${ja.deviceAddress.scriptedPlainHttp('http://192.0.2.10/api/v1')}\n`);
	});

	it('config set deviceUrl keeps it, says what it means, and scripted mode then refuses it without the flag', async () => {
		const env = configHome();
		const saved = await runCli(['config', 'set', 'deviceUrl', 'http://192.0.2.10'], {env});
		expect(saved.code).toBe(0);
		expect(saved.stderr).toBe(`cloudmail-setup: ${en.deviceAddress.configPlainHttp}\n`);
		expect((await runCli(['config', 'get', 'deviceUrl'], {env})).stdout).toBe('http://192.0.2.10/api/v1\n');
		// Refused before anything is sent: no connection to 192.0.2.10 is ever tried.
		const run = await runCli(['status', '--json'], {env, password: null});
		expect(expectErrorDocument(run, 'usage', 2)['error'].message).toBe(en.deviceAddress.scriptedPlainHttp('http://192.0.2.10/api/v1'));
	});

	it('--help of the scripted commands and of the TUI say how addresses are read and what --allow-insecure-http does', async () => {
		const scripted = await runCli(['status', '--help']);
		expect(scripted.stdout).toContain('--allow-insecure-http');
		expect(scripted.stdout).toContain('--device ADDRESS');
		const tui = await runCli(['--help']);
		expect(tui.stdout).toContain('--device ADDRESS');
		expect(tui.stdout).toContain('--allow-insecure-http');
	});
});

describe('the TUI\'s --device', () => {
	it('refuses what scripted mode refuses, in the same words, without repeating it (exit 2, no terminal needed)', async () => {
		for (const [value, problem] of refusals) {
			// eslint-disable-next-line no-await-in-loop
			const run = await runCli(['--device', value, '--lang', 'en']);
			expect(run.code).toBe(2);
			expect(run.stderr).not.toContain('S3cret');
			expect(run.stderr).toBe(`cloudmail-setup: ${en.deviceAddress.refused('--device', en.deviceAddress.problems[problem])}\n`);
		}
	});
});
