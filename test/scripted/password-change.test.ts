/**
Scripted mode and the factory default password: a device that requires the change refuses
every command with a clear message and exit 11 (password_change_required), logging out;
`cloudmail-setup password change` changes it with the new password from stdin or
CLOUDMAIL_NEW_PASSWORD (never argv), checked against the device's rules before anything is
sent. The built CLI against a real emulator started without the development flag.
*/
import {describe, expect, it} from 'vitest';
import {FakeDeviceClient, deviceError} from '../support/fake-device-client.js';
import {withDevice, type Harness} from '../support/emulator-harness.js';
import * as fixtures from '../screens/support/fixtures.js';
import {adminPassword, expectErrorDocument, expectNoSecrets, runCli, type CliRun} from './cli-process.js';
import {runInProcess} from './in-process.js';

let device: Harness;
withDevice({start: {devDefaultPassword: false}}, current => {
	({device} = current);
});

const newPassword = 'N3w-Passw0rd';

async function cli(args: readonly string[], options: Parameters<typeof runCli>[1] = {}): Promise<CliRun> {
	return runCli([...args, '--device', device.emulator.url], options);
}

function count(key: string): number {
	return device.emulator.stats()[key] ?? 0;
}

describe('a device with the factory default password', () => {
	it('refuses a command: exit 11, password_change_required, saying which command changes it; logged out', async () => {
		const run = await cli(['status', '--json']);
		const document = expectErrorDocument(run, 'password_change_required', 11);
		expect(document['error'].message).toContain('cloudmail-setup password change');
		expect(count('GET /api/v1/oauth2/microsoft')).toBe(0);
		expect(count('DELETE /api/v1/session')).toBe(count('POST /api/v1/session'));
	});

	it('in Japanese too', async () => {
		const run = await cli(['microsoft', 'authorize', '--lang', 'ja']);
		expect(run.code).toBe(11);
		expect(run.stderr).toContain('管理者パスワードが初期設定のままのため、先に変更が必要です。');
	});

	it('password change: the current password and the new one on stdin, then the new one logs in', async () => {
		const change = await cli(['password', 'change', '--password-stdin', '--new-password-stdin', '--json'], {password: null, stdin: `${adminPassword}\n${newPassword}\n`});
		expect(change.code, change.stderr).toBe(0);
		expect(change.json()).toEqual({passwordChanged: true});
		const status = await cli(['status', '--json'], {password: newPassword});
		expect(status.code, status.stderr).toBe(0);
		const old = await cli(['status', '--json']);
		expectErrorDocument(old, 'invalid_credentials', 3);
		expectNoSecrets([change, status, old], [newPassword, adminPassword]);
		expect(count('DELETE /api/v1/session')).toBe(count('POST /api/v1/session') - 1);
	});

	it('password change: the new one from CLOUDMAIL_NEW_PASSWORD', async () => {
		const change = await cli(['password', 'change'], {env: {CLOUDMAIL_NEW_PASSWORD: newPassword}});
		expect(change.code, change.stderr).toBe(0);
		expect(change.stdout).toContain('The administrator password was changed.');
		expectNoSecrets([change], [newPassword, adminPassword]);
	});

	it('a new password that breaks a rule is refused before anything is sent: exit 5', async () => {
		const change = await cli(['password', 'change', '--json'], {env: {CLOUDMAIL_NEW_PASSWORD: 'short'}});
		const document = expectErrorDocument(change, 'validation', 5);
		expect(document['error'].fields).toEqual({newPassword: {code: 'password_length', message: 'Use 8 to 64 characters.'}});
		expect(count('POST /api/v1/session')).toBe(0);
	});

	it('no new password anywhere (stdin is not a terminal): exit 2', async () => {
		const change = await cli(['password', 'change', '--json']);
		expectErrorDocument(change, 'usage', 2);
		expect(count('POST /api/v1/session')).toBe(0);
	});

	it('`password` alone, or a new password on argv, is a usage error', async () => {
		expectErrorDocument(await cli(['password', '--json']), 'usage', 2);
		const onArgv = await cli(['password', 'change', '--new-password', newPassword, '--json']);
		expectErrorDocument(onArgv, 'usage', 2);
		expect(onArgv.stdout + onArgv.stderr).not.toContain(newPassword);
	});
});

describe('in process', () => {
	it('a log-in refused for too many sessions: exit 3, too_many_sessions, with the time to wait', async () => {
		const client = new FakeDeviceClient(fixtures.notChecked);
		client.failNext('login', deviceError('http', {status: 503, apiError: {error: 'too_many_sessions', message: 'busy', retryAfterSeconds: 540}}));
		const run = await runInProcess(['status', '--json'], client, {password: client.password});
		expect(run.code).toBe(3);
		expect(run.json()['error']).toMatchObject({code: 'too_many_sessions', message: expect.stringContaining('09:00')});
	});

	it('password_change_required on a later request (the device was reset meanwhile): exit 11', async () => {
		const client = new FakeDeviceClient(fixtures.notChecked);
		client.failNext('getMicrosoft', deviceError('http', {status: 403, apiError: {error: 'password_change_required', message: 'change it'}}));
		const run = await runInProcess(['status', '--json'], client, {password: client.password});
		expect(run.code).toBe(11);
		expect(run.json()['error'].code).toBe('password_change_required');
	});
});
