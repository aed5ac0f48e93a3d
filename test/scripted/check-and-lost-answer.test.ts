/**
Scripted `configure` for a fleet tool: `--check` computes what would change and sends nothing
(no PUT in the emulator's request counts); `--client-secret-if-unset` makes a re-run with the
same secret change nothing; a save whose answer is lost is read back and compared — "saved"
when the device holds what was sent (the emulator writes, then is killed before it answers, and
comes back), "not saved" when it holds the old settings, "changed elsewhere" otherwise. The
built CLI against an emulator in this process (real HTTP), and against a separate emulator
process for the crash.
*/
import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {stateFileName} from '../../source/emulator/store.js';
import {exitCodes} from '../../source/scripted/exit-codes.js';
import {googleClientId, googleClientSecret, withDevice, type Harness} from '../support/emulator-harness.js';
import {EmulatorProcess} from '../support/emulator-process.js';
import {deviceError, FakeDeviceClient} from '../support/fake-device-client.js';
import {until} from '../support/until.js';
import * as fixtures from '../screens/support/fixtures.js';
import {expectErrorDocument, expectNoSecrets, runCli, type CliRun} from './cli-process.js';
import {runInProcess} from './in-process.js';

let device: Harness;
withDevice({}, current => {
	({device} = current);
});

const organizations = 'https://login.microsoftonline.com/organizations/oauth2/v2.0';

async function cli(args: readonly string[], options: Parameters<typeof runCli>[1] = {}): Promise<CliRun> {
	return runCli([...args, '--device', device.emulator.url], options);
}

function puts(): number {
	return Object.entries(device.emulator.stats()).filter(([key]) => key.startsWith('PUT ')).reduce((sum, [, count]) => sum + count, 0);
}

describe('microsoft configure --check', () => {
	it('reports the fields that would change with before and after, and sends no PUT', async () => {
		const run = await cli(['microsoft', 'configure', '--tenant', 'organizations', '--enable', '--check', '--json']);
		expect(run.code, run.stderr).toBe(0);
		expect(run.json()).toMatchObject({
			provider: 'microsoft',
			check: true,
			changed: true,
			changes: ['enabled', 'endpoint'],
			before: {enabled: false, verifyServerCertificate: true, addCnToVerification: true, endpoint: ''},
			after: {enabled: true, verifyServerCertificate: true, addCnToVerification: true, endpoint: organizations},
			settings: {enabled: false, endpoint: ''},
		});
		expect(puts()).toBe(0);
		const human = await cli(['microsoft', 'configure', '--tenant', 'organizations', '--enable', '--check']);
		expect(human.stdout).toContain('Would change: enabled, endpoint. Nothing was sent (--check).');
		expect(human.stdout).toMatch(/endpoint:\s+- → https:\/\/login\.microsoftonline\.com\/organizations/);
		expect(puts()).toBe(0);
	});

	it('after the real run, the same --check says unchanged', async () => {
		const first = await cli(['microsoft', 'configure', '--tenant', 'organizations', '--enable', '--json']);
		expect(first.json()).toMatchObject({changed: true, changes: ['enabled', 'endpoint'], before: {enabled: false}, after: {enabled: true, endpoint: organizations}});
		expect(puts()).toBe(1);
		const check = await cli(['microsoft', 'configure', '--tenant', 'organizations', '--enable', '--check', '--json']);
		expect(check.json()).toMatchObject({check: true, changed: false, changes: []});
		expect(puts()).toBe(1);
	});
});

describe('google configure --check and --client-secret-if-unset', () => {
	it('a secret given is "would-change" under --check, never shown, and nothing is sent', async () => {
		const run = await cli(['google', 'configure', '--client-id', googleClientId, '--client-secret-stdin', '--enable', '--check', '--json'], {stdin: `${googleClientSecret}\n`});
		expect(run.code, run.stderr).toBe(0);
		expect(run.json()).toMatchObject({
			check: true,
			changed: true,
			changes: ['enabled', 'clientId', 'clientSecret'],
			before: {enabled: false, clientId: ''},
			after: {enabled: true, clientId: googleClientId},
			clientSecret: 'would-change',
		});
		expectNoSecrets([run], [googleClientSecret]);
		expect(puts()).toBe(0);
	});

	it('--client-secret-if-unset sends the secret to a device without one, and a re-run changes nothing', async () => {
		const args = ['google', 'configure', '--client-id', googleClientId, '--client-secret-if-unset', '--enable', '--json'];
		const first = await cli(args, {stdin: `${googleClientSecret}\n`});
		expect(first.code, first.stderr).toBe(0);
		expect(first.json()).toMatchObject({changed: true, clientSecret: 'changed', clientSecretSent: true, settings: {clientSecretSet: true}});
		const second = await cli(args, {stdin: `${googleClientSecret}\n`});
		expect(second.json()).toMatchObject({changed: false, changes: [], clientSecret: 'unchanged', clientSecretSent: false});
		const check = await cli([...args, '--check'], {stdin: `${googleClientSecret}\n`});
		expect(check.json()).toMatchObject({check: true, changed: false, clientSecret: 'unchanged'});
		expect(puts()).toBe(1);
		expectNoSecrets([first, second], [googleClientSecret]);
	});
});

describe('a save whose answer is lost (fake device)', () => {
	const lose = (client: FakeDeviceClient, carriedOut: boolean, then?: () => void): void => {
		const save = client.saveMicrosoftBasic.bind(client);
		client.saveMicrosoftBasic = async settings => {
			client.saveMicrosoftBasic = save;
			if (carriedOut) {
				await save(settings);
			}

			then?.();
			throw deviceError('timeout');
		};
	};

	it('the device holds what was sent: saved, exit 0', async () => {
		const client = new FakeDeviceClient(fixtures.notChecked);
		lose(client, true);
		const run = await runInProcess(['microsoft', 'configure', '--tenant', 'organizations', '--enable', '--json'], client);
		expect(run.code, run.stderr).toBe(0);
		expect(run.json()).toMatchObject({changed: true, answerLost: true, settings: {enabled: true, endpoint: organizations}});
		expect(run.stderr).toContain('Reading its settings again');
	});

	it('the device holds the old settings: not saved, with the reason\'s exit code (timeout: 4)', async () => {
		const client = new FakeDeviceClient(fixtures.notChecked);
		lose(client, false);
		const run = await runInProcess(['microsoft', 'configure', '--tenant', 'organizations', '--enable', '--json'], client);
		const document = expectErrorDocument(run as unknown as CliRun, 'timeout', exitCodes.unreachable);
		expect(document['error'].message).toMatch(/^Not saved: /);
		expect(document).toMatchObject({saved: false, answerLost: true});
	});

	it('the device holds something else: changed elsewhere (conflict, exit 1)', async () => {
		const client = new FakeDeviceClient(fixtures.notChecked);
		lose(client, false, () => {
			client.state = {...client.state, settings: {...client.state.settings, enabled: true, endpoint: microsoftConsumers}};
		});
		const run = await runInProcess(['microsoft', 'configure', '--tenant', 'organizations', '--enable', '--json'], client);
		const document = expectErrorDocument(run as unknown as CliRun, 'conflict', exitCodes.failure);
		expect(document['error'].message).toMatch(/^Changed elsewhere/);
	});

	it('reading again fails too: not known, exit 13', async () => {
		const client = new FakeDeviceClient(fixtures.notChecked);
		lose(client, true, () => {
			client.failNext('getMicrosoft', deviceError('http', {status: 400}));
		});
		const run = await runInProcess(['microsoft', 'configure', '--tenant', 'organizations', '--enable', '--json'], client);
		expectErrorDocument(run as unknown as CliRun, 'save_unconfirmed', exitCodes.unconfirmed);
	});
});

const microsoftConsumers = 'https://login.microsoftonline.com/consumers/oauth2/v2.0';

describe('the emulator writes the save, then is killed before it answers, and comes back', () => {
	const emulator = new EmulatorProcess();
	afterAll(async () => {
		await emulator.stop();
	});

	it('configure reads the settings again after a new log-in and says "saved", exit 0', async () => {
		await emulator.start();
		const {port, stateDir} = emulator;
		const response = await fetch(`${emulator.deviceUrl}/_faults`, {
			method: 'POST',
			headers: {'content-type': 'application/json', 'x-test-token': emulator.testToken},
			body: JSON.stringify({next: 1, kind: 'delay', delayMs: 60_000, paths: ['PUT oauth2/microsoft/basic']}),
		});
		expect(response.status).toBe(204);
		const file = path.join(stateDir, stateFileName);
		const written = (): boolean => {
			try {
				const saved = JSON.parse(readFileSync(file, 'utf8')) as {microsoft: {settings: {enabled: boolean; endpoint: string}}};
				return saved.microsoft.settings.enabled && saved.microsoft.settings.endpoint === organizations;
			} catch {
				return false;
			}
		};

		let restarted: Promise<void> | undefined;
		const run = await runCli(['microsoft', 'configure', '--tenant', 'organizations', '--enable', '--json', '--device', emulator.deviceUrl], {
			started() {
				// Once the device has written the settings: a power cut, then the device comes back on its port.
				restarted = (async () => {
					await until(() => existsSync(file) && written(), 'the settings written to disk', 30_000);
					await emulator.kill();
					await emulator.start({port});
				})();
			},
		});
		await restarted;
		expect(run.code, run.stderr).toBe(0);
		expect(run.json()).toMatchObject({changed: true, answerLost: true, settings: {enabled: true, endpoint: organizations}});
		expect(run.stderr).toContain('Reading its settings again');
		expect(run.stderr).not.toContain('Not saved');
	});
});
