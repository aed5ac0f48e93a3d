/**
`cloudmail-setup test-mail` with an injected device client: the result document, the exit codes
for a refused mail (9), no active token (8) and a bad address (5, nothing sent), the server's
reply sanitized, and the log-out.
*/
import {describe, expect, it} from 'vitest';
import {active} from '../screens/support/fixtures.js';
import {deviceError, FakeDeviceClient} from '../support/fake-device-client.js';
import {runInProcess} from './in-process.js';

function device(): FakeDeviceClient {
	return new FakeDeviceClient({...active, token: {...active.token, account: 'engineer@example.com'}});
}

describe('test-mail', () => {
	it('sent: the device\'s report as JSON, exit 0, logged out', async () => {
		const client = device();
		const run = await runInProcess(['test-mail', '--provider', 'microsoft', '--to', 'someone@example.com', '--json'], client);
		expect(run.code, run.stderr).toBe(0);
		expect(run.json()).toEqual({
			provider: 'microsoft',
			testMail: {
				sent: true,
				from: 'engineer@example.com',
				to: 'someone@example.com',
				server: 'smtp.office365.com:587',
				reply: '250 2.0.0 OK',
				at: '2025-06-02T10:00:00.000Z',
			},
		});
		expect(client.testMails).toEqual([{provider: 'microsoft', to: 'someone@example.com'}]);
		expect(client.calls.logout).toBe(1);
	});

	it('sent: the human lines name sender, recipient, server and reply', async () => {
		const run = await runInProcess(['test-mail', '--provider', 'google', '--to', 'someone@example.com'], device());
		expect(run.code).toBe(0);
		expect(run.stdout).toMatch(/^Test mail sent\.\n\s+From:\s+engineer@example\.com\n\s+To:\s+someone@example\.com\n\s+Server:\s+smtp\.gmail\.com:587\n\s+Server reply:\s+250 2\.0\.0 OK\n$/);
	});

	it('refused by the mail server: exit 9, the error and the report (its reply sanitized) in one document', async () => {
		const client = device();
		client.onTestMail = (_provider, to) => ({
			sent: false,
			from: 'engineer@example.com',
			to,
			server: 'smtp.office365.com:587',
			reply: '535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant.\u001B]52;c;ZXZpbA==\u0007',
			failure: 'auth',
			at: '2025-06-02T10:00:00.000Z',
		});
		const run = await runInProcess(['test-mail', '--provider', 'microsoft', '--to', 'someone@example.com', '--json'], client);
		expect(run.code).toBe(9);
		const document = run.json();
		expect(document['error']).toEqual({code: 'test_mail_refused', message: 'Test mail not sent: 535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant.', exitCode: 9, meaning: 'test mail: refused by the mail server (or the way to it)'});
		expect(document['testMail']).toMatchObject({sent: false, failure: 'auth', reply: '535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant.'});
		expect(run.stdout + run.stderr).not.toMatch(/\u001B|\u0007/);
		expect(client.calls.logout).toBe(1);
	});

	it('no active token (409 token_not_active): exit 8', async () => {
		const client = device();
		client.failNext('sendTestMail', deviceError('http', {status: 409, apiError: {error: 'token_not_active', message: 'No active token.'}}));
		const run = await runInProcess(['test-mail', '--provider', 'google', '--to', 'someone@example.com', '--json'], client);
		expect(run.code).toBe(8);
		expect(run.json()).toEqual({error: {code: 'token_not_active', message: expect.stringContaining('Token Status is not Active'), exitCode: 8, meaning: expect.stringContaining('not Active')}});
	});

	it('active but no account named by an ID token (409 account_unknown): exit 8 with what to grant', async () => {
		const client = device();
		client.failNext('sendTestMail', deviceError('http', {status: 409, apiError: {error: 'account_unknown', message: 'The account that authorized is not known.'}}));
		const run = await runInProcess(['test-mail', '--provider', 'microsoft', '--to', 'someone@example.com', '--json'], client);
		expect(run.code).toBe(8);
		expect(run.json()).toEqual({error: {code: 'account_unknown', message: expect.stringContaining('no ID token named it'), exitCode: 8, meaning: expect.stringContaining('not Active')}});
		expect(run.json().error.message).toContain('API permissions openid, email, profile');
	});

	it('a bad address: exit 5 with the shared rule\'s words, nothing sent, no log-in', async () => {
		const client = device();
		const run = await runInProcess(['test-mail', '--provider', 'microsoft', '--to', 'not an address', '--json'], client);
		expect(run.code).toBe(5);
		expect(run.json()).toEqual({
			error: {
				code: 'validation',
				message: 'Check the values. Nothing was sent.',
				exitCode: 5,
				meaning: 'a value was refused; nothing was sent or saved',
				fields: {to: {code: 'invalid_characters', message: 'Spaces, line breaks, full-width and control characters are not allowed.'}},
			},
		});
		expect(client.calls.login).toBe(0);
		expect(client.calls.sendTestMail).toBe(0);
	});

	it('the device refusing the address (400 on to): exit 5 with the field', async () => {
		const client = device();
		client.refuseNext('sendTestMail', 'to', 'invalid_email');
		const run = await runInProcess(['test-mail', '--provider', 'microsoft', '--to', 'someone@example.com', '--json', '--lang', 'ja'], client);
		expect(run.code).toBe(5);
		expect(run.json()['error'].fields).toEqual({to: {code: 'invalid_email', message: 'name@example.com の形式でメールアドレスを入力してください。'}});
		expect(run.stderr).toContain('宛先: name@example.com の形式');
	});

	it('--provider and --to are required, --provider is microsoft or google: exit 2', async () => {
		const client = device();
		expect((await runInProcess(['test-mail', '--to', 'someone@example.com'], client)).code).toBe(2);
		expect((await runInProcess(['test-mail', '--provider', 'microsoft'], client)).code).toBe(2);
		const wrong = await runInProcess(['test-mail', '--provider', 'yahoo', '--to', 'someone@example.com', '--json'], client);
		expect(wrong.code).toBe(2);
		expect(wrong.json()).toEqual({error: {code: 'usage', message: '--provider must be microsoft or google.', exitCode: 2, meaning: expect.stringContaining('usage')}});
		expect(client.calls.login).toBe(0);
	});
});
