/**
`cloudmail-setup test-mail` end to end: the built CLI authorizes the emulator at the offline
identity provider (approved over HTTP), then has it send through the offline SMTP servers;
a token the provider no longer accepts is reported with the server's reply.
*/
import {describe, expect, it} from 'vitest';
import type {IdentityProvider} from '../../source/identity-provider/index.js';
import {browse, googleClientId, googleClientSecret, withDevice, type Harness} from '../support/emulator-harness.js';
import {adminPassword, expectErrorDocument, expectNoSecrets, runCli, type CliRun} from './cli-process.js';

let idp: IdentityProvider;
let device: Harness;
withDevice({}, current => {
	({idp, device} = current);
});

async function cli(args: readonly string[], options: Parameters<typeof runCli>[1] = {}): Promise<CliRun> {
	return runCli([...args, '--device', device.emulator.url], options);
}

async function activateMicrosoft(account: string): Promise<CliRun> {
	expect((await cli(['microsoft', 'configure', '--tenant', 'organizations', '--enable'])).code).toBe(0);
	let decided = false;
	const run = await cli(['microsoft', 'authorize', '--wait', '--json'], {
		onStderr(text) {
			const userCode = /User Code:\s+([A-Z\d]+)/.exec(text)?.[1];
			if (userCode && !decided) {
				decided = true;
				void browse(idp, '/devicelogin', {user_code: userCode, decision: 'allow', account});
			}
		},
	});
	expect(run.code, run.stderr).toBe(0);
	return run;
}

async function activateGoogle(): Promise<void> {
	expect((await cli(['google', 'configure', '--client-id', googleClientId, '--client-secret-stdin', '--enable'], {stdin: `${googleClientSecret}\n`})).code).toBe(0);
	const url = (await cli(['google', 'authorize', '--print-url'])).stdout.trim();
	const consent = await browse(idp, url, {decision: 'allow'});
	const run = await cli(['google', 'authorize', '--code-stdin'], {stdin: `${consent.location!}\n`});
	expect(run.code, run.stderr).toBe(0);
}

describe('test-mail against the emulator', () => {
	it('no active token: exit 8', async () => {
		const run = await cli(['test-mail', '--provider', 'microsoft', '--to', 'someone@example.com', '--json']);
		expectErrorDocument(run, 'token_not_active', 8);
	});

	it('Microsoft: sent as the account that authorized; a revoked token is refused with the server\'s reply (exit 9)', async () => {
		const authorized = await activateMicrosoft('helpdesk@contoso.example');
		expect(authorized.json()['token'].account).toBe('helpdesk@contoso.example');
		const status = await cli(['status']);
		expect(status.stdout).toMatch(/Token Status:\s+Active \(helpdesk@contoso\.example\)/);

		const sent = await cli(['test-mail', '--provider', 'microsoft', '--to', 'someone@example.com', '--json']);
		expect(sent.code, sent.stderr).toBe(0);
		expect(sent.json()).toEqual({
			provider: 'microsoft',
			testMail: {
				sent: true,
				from: 'helpdesk@contoso.example',
				to: 'someone@example.com',
				server: 'smtp.office365.com:587',
				reply: expect.stringMatching(/^250 /),
				at: expect.any(String),
			},
		});

		idp.controls.revokeAll();
		const refused = await cli(['test-mail', '--provider', 'microsoft', '--to', 'someone@example.com', '--json']);
		const document = expectErrorDocument(refused, 'test_mail_refused', 9);
		expect(document['testMail']).toMatchObject({sent: false, failure: 'auth', reply: expect.stringMatching(/^535 5\.7\.3 /)});
		expect(document['error'].message).toMatch(/^Test mail not sent: 535 5\.7\.3 /);
		expectNoSecrets([authorized, sent, refused], [adminPassword, ...device.secretsOnDisk()]);
	});

	it('Google: sent through smtp.gmail.com, in the human form', async () => {
		await activateGoogle();
		const run = await cli(['test-mail', '--provider', 'google', '--to', 'someone@example.com']);
		expect(run.code, run.stderr).toBe(0);
		expect(run.stdout).toMatch(/^Test mail sent\.\n\s+From:\s+\S+@\S+\n\s+To:\s+someone@example\.com\n\s+Server:\s+smtp\.gmail\.com:587\n\s+Server reply:\s+250 /);
	});
});
