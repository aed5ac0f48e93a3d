/**
Scripted mode, Microsoft and the common parts (status, log-in, log-out, signals): the built
CLI as a child process against a real emulator and offline identity provider started here,
with user codes approved or declined over HTTP at the identity provider.
*/
import {describe, expect, it} from 'vitest';
import type {IdentityProvider} from '../../source/identity-provider/index.js';
import {decideOverHttp, withDevice, type Harness} from '../support/emulator-harness.js';
import {until} from '../support/until.js';
import {adminPassword, expectErrorDocument, expectNoSecrets, readCmdline, runCli, type CliRun} from './cli-process.js';

let idp: IdentityProvider;
let device: Harness;
withDevice({}, current => {
	({idp, device} = current);
});

const organizations = 'https://login.microsoftonline.com/organizations/oauth2/v2.0';

async function cli(args: readonly string[], options: Parameters<typeof runCli>[1] = {}): Promise<CliRun> {
	return runCli([...args, '--device', device.emulator.url], options);
}

function count(key: string): number {
	return device.emulator.stats()[key] ?? 0;
}

/** Every log-in of the CLI was followed by a log-out. */
function expectLoggedOut(): void {
	expect(count('DELETE /api/v1/session')).toBe(count('POST /api/v1/session'));
}

async function enable(): Promise<void> {
	const run = await cli(['microsoft', 'configure', '--tenant', 'organizations', '--enable', '--json']);
	expect(run.code, run.stderr).toBe(0);
}

/** Approves (or denies) the user code the CLI prints on stderr, over HTTP at the identity provider. */
function decideWhenShown(decision: 'allow' | 'deny'): NonNullable<Parameters<typeof runCli>[1]>['onStderr'] {
	let decided = false;
	return text => {
		const userCode = /User Code:\s+([A-Z\d]+)/.exec(text)?.[1];
		if (userCode && !decided) {
			decided = true;
			void decideOverHttp(idp, userCode, decision);
		}
	};
}

describe('status', () => {
	it('prints both providers as one JSON document, logs in and out once', async () => {
		const run = await cli(['status', '--json']);
		expect(run.code, run.stderr).toBe(0);
		expect(run.json()).toEqual({
			device: device.emulator.url,
			microsoft: {
				settings: {enabled: false, verifyServerCertificate: true, addCnToVerification: true, endpoint: '', tenant: null},
				connection: {status: 'not-checked'},
				authorization: null,
				token: {status: 'not-authorized'},
			},
			google: {
				settings: {enabled: false, verifyServerCertificate: true, addCnToVerification: true, clientId: '', clientSecretSet: false},
				connection: {status: 'not-checked'},
				authorization: null,
				token: {status: 'not-authorized'},
			},
		});
		expect(count('POST /api/v1/session')).toBe(1);
		expectLoggedOut();
	});

	it('prints the Remote UI labels in the chosen language', async () => {
		const english = await cli(['status']);
		expect(english.code).toBe(0);
		expect(english.stdout).toMatch(/^OAuth 2\.0 \(Microsoft\) Settings$/m);
		expect(english.stdout).toMatch(/Token Status:\s+Not Authorized/);
		const japanese = await cli(['status', '--lang', 'ja']);
		expect(japanese.stdout).toMatch(/^OAuth 2\.0\(Microsoft\)設定$/m);
		expect(japanese.stdout).toMatch(/トークンの稼働状況:\s+\S/);
	});

	it('shows a pending user code and its expiry', async () => {
		await enable();
		await cli(['microsoft', 'authorize']);
		const run = await cli(['status', '--json']);
		const {authorization, token} = run.json()['microsoft'];
		expect(token).toEqual({status: 'waiting'});
		expect(authorization).toEqual({
			message: expect.stringContaining(authorization.userCode),
			userCode: expect.stringMatching(/^[A-Z\d]{9}$/),
			verificationUri: expect.stringMatching(/^https:\/\/localhost:\d+\/devicelogin$/),
			expiresAt: expect.any(String),
			intervalSeconds: 1,
			expired: false,
		});
	});

	it('uses the saved deviceUrl and userName; --user overrides the saved one', async () => {
		expect((await runCli(['config', 'set', 'deviceUrl', device.emulator.url])).code).toBe(0);
		expect((await runCli(['config', 'set', 'userName', 'Operator'])).code).toBe(0);
		try {
			const saved = await runCli(['status', '--json']);
			expectErrorDocument(saved, 'invalid_credentials', 3);
			const given = await runCli(['status', '--json', '--user', 'Administrator']);
			expect(given.code, given.stderr).toBe(0);
			expect(given.json()['device']).toBe(device.emulator.url);
		} finally {
			await runCli(['config', 'unset', 'deviceUrl']);
			await runCli(['config', 'unset', 'userName']);
		}
	});

	it('wrong password: exit 3, no session left', async () => {
		const run = await cli(['status', '--json'], {password: 'not-the-password'});
		expectErrorDocument(run, 'invalid_credentials', 3);
		expect(count('DELETE /api/v1/session')).toBe(0);
		expectNoSecrets([run], ['not-the-password']);
	});

	it('locked after five wrong passwords: exit 3 (locked), saying how long', async () => {
		for (let attempt = 0; attempt < 5; attempt++) {
			expect((await cli(['status'], {password: 'not-the-password'})).code).toBe(3);
		}

		const run = await cli(['status', '--json']);
		const document = expectErrorDocument(run, 'locked', 3);
		expect(document['error'].message).toMatch(/^Locked after too many failed log-ins\. Try again in 0[01]:\d\d\.$/);
	});

	it('the password from the first line of stdin (--password-stdin), not the environment', async () => {
		const run = await cli(['status', '--json', '--password-stdin'], {password: 'wrong-in-env', stdin: `${adminPassword}\n`});
		expect(run.code, run.stderr).toBe(0);
		expectLoggedOut();
	});
});

describe('microsoft configure', () => {
	it('refuses an unknown tenant with the TUI\'s words, before anything is sent: exit 5', async () => {
		const run = await cli(['microsoft', 'configure', '--tenant', 'contoso', '--json']);
		const document = expectErrorDocument(run, 'validation', 5);
		expect(document['error'].fields).toEqual({endpoint: {code: 'unknown_tenant', message: '<tenant> must be common, consumers or organizations.'}});
		expect(run.stderr).toContain('Microsoft Entra ID Authorization Server Endpoint: <tenant> must be common, consumers or organizations.');
		expect(device.emulator.stats()).toEqual({});
	});

	it('refuses Add CN without Verify Server Certificate: exit 5, in Japanese with --lang ja', async () => {
		const run = await cli(['microsoft', 'configure', '--no-verify-cert', '--add-cn', '--lang', 'ja']);
		expect(run.code).toBe(5);
		expect(run.stdout).toBe('');
		expect(run.stderr).toContain('CNを検証項目に追加する: [サーバー証明書を検証する]がオンのときだけ設定できます。');
	});

	it('saves, then applying the same values again sends nothing and says so', async () => {
		const first = await cli(['microsoft', 'configure', '--tenant', 'organizations', '--enable', '--json']);
		expect(first.code, first.stderr).toBe(0);
		expect(first.json()).toEqual({
			provider: 'microsoft',
			changed: true,
			changes: ['enabled', 'endpoint'],
			before: {enabled: false, verifyServerCertificate: true, addCnToVerification: true, endpoint: ''},
			after: {enabled: true, verifyServerCertificate: true, addCnToVerification: true, endpoint: organizations},
			settings: {enabled: true, verifyServerCertificate: true, addCnToVerification: true, endpoint: organizations, tenant: 'organizations'},
			connection: {status: expect.stringMatching(/^(checking|success)$/)},
			token: {status: expect.any(String)},
		});
		expect(count('PUT /api/v1/oauth2/microsoft/basic')).toBe(1);

		const again = await cli(['microsoft', 'configure', '--tenant', 'organizations', '--enable', '--json']);
		expect(again.code, again.stderr).toBe(0);
		expect(again.json()).toMatchObject({changed: false, settings: {tenant: 'organizations', enabled: true}});
		const human = await cli(['microsoft', 'configure', '--tenant', 'organizations']);
		expect(human.code).toBe(0);
		expect(human.stdout).toMatch(/^Unchanged: .*Nothing was sent\./);
		expect(count('PUT /api/v1/oauth2/microsoft/basic')).toBe(1);
		expectLoggedOut();
	});

	it('keeps what is not given; turning Verify off turns Add CN off, as the TUI does', async () => {
		await enable();
		const run = await cli(['microsoft', 'configure', '--no-verify-cert', '--json']);
		expect(run.code, run.stderr).toBe(0);
		expect(run.json()['settings']).toEqual({enabled: true, verifyServerCertificate: false, addCnToVerification: false, endpoint: organizations, tenant: 'organizations'});
	});
});

describe('microsoft authorize', () => {
	it('not in use: exit 10', async () => {
		const run = await cli(['microsoft', 'authorize', '--json']);
		expectErrorDocument(run, 'not_enabled', 10);
	});

	it('prints the user code (JSON on stdout, the human block on stderr) and leaves it pending', async () => {
		await enable();
		const run = await cli(['microsoft', 'authorize', '--json']);
		expect(run.code, run.stderr).toBe(0);
		const document = run.json();
		expect(document).toEqual({
			provider: 'microsoft',
			authorization: expect.objectContaining({userCode: expect.stringMatching(/^[A-Z\d]{9}$/), expired: false}),
			token: {status: 'waiting'},
		});
		expect(run.stderr).toMatch(new RegExp(`User Code:\\s+${document['authorization'].userCode}`));
		// A second call uses the same pending code.
		const again = await cli(['microsoft', 'authorize', '--json']);
		expect(again.json()['authorization'].userCode).toBe(document['authorization'].userCode);
	});

	it('text from the identity provider is printed without its control sequences, in JSON and on stderr', async () => {
		idp.controls.injectText('hostile\u001B]52;c;ZXZpbA==\u0007\u001B[2J\u009B31mtext', 1);
		await enable();
		const run = await cli(['microsoft', 'authorize', '--json']);
		expect(run.code, run.stderr).toBe(0);
		expect(run.json()['authorization'].message).toMatch(/ hostiletext/);
		expect(run.stderr).toMatch(/Message:.* hostiletext/);
		expect(run.stdout + run.stderr).not.toMatch(/\u001B|\u0007|\u009B/);
		expect(run.stdout).not.toMatch(/\\u001b|\\u0007|\\u009b/i);
	});

	it('--wait: signs in over HTTP at the identity provider, reaches Active, then says it is already active', async () => {
		await enable();
		let cmdlineWhileWaiting: string[] = [];
		const run = await cli(['microsoft', 'authorize', '--wait', '--json'], {
			onStderr(text, child) {
				if (cmdlineWhileWaiting.length === 0 && text.includes('left')) {
					cmdlineWhileWaiting = readCmdline(child.pid!);
				}

				decideWhenShown('allow')!(text, child);
			},
		});
		expect(run.code, run.stderr).toBe(0);
		expect(run.json()).toEqual({provider: 'microsoft', authorization: null, token: expect.objectContaining({status: 'active'})});
		expect(run.stderr).toMatch(/Waiting for the sign-in… \d\d:\d\d left/);
		expect(cmdlineWhileWaiting).toContain('authorize');
		expect(cmdlineWhileWaiting.join(' ')).not.toContain(adminPassword);

		const human = await cli(['microsoft', 'authorize', '--wait']);
		expect(human.code).toBe(0);
		expect(human.stdout).toMatch(/^Token Status is already Active\.\n\s+Token Status:\s+Active/);
		expectLoggedOut();
		expectNoSecrets([run, human], [adminPassword, ...device.secretsOnDisk()]);
	});

	it('--wait: while nothing changes, each poll costs a 304 (If-None-Match); the sign-in then ends the wait', async () => {
		await enable();
		const polled304 = () => device.logs.some(line => line.startsWith('GET /api/v1/oauth2/microsoft 304'));
		let approving: Promise<unknown> | undefined;
		const run = await cli(['microsoft', 'authorize', '--wait', '--json'], {
			onStderr(text) {
				const userCode = /User Code:\s+([A-Z\d]+)/.exec(text)?.[1];
				// Approved only once a poll found nothing changed, however slowly the machine runs.
				approving ??= userCode ? until(polled304, 'a 304 poll', 60_000).then(async () => decideOverHttp(idp, userCode, 'allow')) : undefined;
			},
		});
		await approving;
		expect(run.code, run.stderr).toBe(0);
		expect(polled304()).toBe(true);
		expect(run.json()['token']).toMatchObject({status: 'active'});
	});

	it('--wait: a declined sign-in is exit 7', async () => {
		await enable();
		const run = await cli(['microsoft', 'authorize', '--wait', '--json'], {onStderr: decideWhenShown('deny')});
		const document = expectErrorDocument(run, 'authorization_declined', 7);
		expect(document['token']).toMatchObject({status: 'error', reason: 'authorization_declined'});
		expectLoggedOut();
	});

	it('--wait: a user code that expires is exit 6, and the next call gets a new code', async () => {
		idp.controls.configure({deviceCodeLifetimeSeconds: 2});
		await enable();
		const run = await cli(['microsoft', 'authorize', '--wait', '--json']);
		const document = expectErrorDocument(run, 'authorization_expired', 6);
		expect(document['token']).toMatchObject({status: 'expired'});

		idp.controls.configure({deviceCodeLifetimeSeconds: 900});
		const again = await cli(['microsoft', 'authorize', '--json']);
		expect(again.code, again.stderr).toBe(0);
		expect(again.json()['authorization'].userCode).not.toBe(document['authorization']?.userCode);
		expect(again.stderr).toContain('Asking the device for a new authorization');
	});

	it('a failed connection check is exit 10 with the device\'s reason', async () => {
		idp.controls.configure({certificate: 'untrusted'});
		await enable();
		const run = await cli(['microsoft', 'authorize', '--json']);
		const document = expectErrorDocument(run, 'connection_failed', 10);
		expect(document['error'].message).toMatch(/^Server Connection Status: Failed \(certificate_untrusted/);
	});

	it('SIGTERM while waiting: logs out, one JSON error document, exit 143', async () => {
		await enable();
		const run = await cli(['microsoft', 'authorize', '--wait', '--json'], {
			onStderr(text, child) {
				if (text.includes('left')) {
					child.kill('SIGTERM');
				}
			},
		});
		expectErrorDocument(run, 'interrupted', 143);
		// The enabling run and this one.
		expect(count('POST /api/v1/session')).toBe(2);
		expectLoggedOut();
	});
});
