/**
The device's test mail, end to end over loopback: the emulator authorizes at the offline
identity provider, learns the account that authorized, and sends through the offline SMTP
servers (STARTTLS, XOAUTH2) that check its token; the result carries the server's own reply.
*/
import {readFileSync, writeFileSync} from 'node:fs';
import net, {type AddressInfo} from 'node:net';
import {describe, expect, it} from 'vitest';
import {
	apiErrorSchema,
	testMailResultSchema,
	type FieldErrorCode,
	type TestMailProvider,
	type TestMailResult,
	type TokenStatus,
} from '../source/device/contract.js';
import {microsoftScope} from '../source/emulator/microsoft.js';
import {en} from '../source/i18n/en.js';
import type {IdentityProvider} from '../source/identity-provider/index.js';
import {microsoftEndpointFor} from '../source/device/validation.js';
import {browse, Harness, withDevice, type Response} from './support/emulator-harness.js';

let idp: IdentityProvider;
let device: Harness;

withDevice({login: true}, current => {
	({idp, device} = current);
});

type Tls = {verifyServerCertificate?: boolean; addCnToVerification?: boolean};

/** Enables Microsoft, approves the user code on the verification page (as `account` if given): Active. */
async function activateMicrosoft(account?: string, tls: Tls = {}): Promise<TokenStatus> {
	await device.enable(tls);
	const {authorization} = await device.waitForUserCode();
	const page = await browse(idp, '/devicelogin', {user_code: authorization.userCode, decision: 'allow', ...(account === undefined ? {} : {account})});
	expect(page.status).toBe(200);
	return (await device.waitFor(state => state.token.status === 'active')).token;
}

/** Enables Google, consents on the consent page (as `account` if given), pastes the redirect address: Active. */
async function activateGoogle(account?: string, tls: Tls = {}): Promise<TokenStatus> {
	await device.enableGoogle(tls);
	const {authorization} = await device.waitForGoogleAuthorization();
	const consent = await browse(idp, authorization.url, {decision: 'allow', ...(account === undefined ? {} : {account})});
	expect(consent.status).toBe(302);
	const code = new URL(consent.location!).searchParams.get('code');
	device.seenSecrets.add(code!);
	const response = await device.submitCode(consent.location!);
	expect(response.status).toBe(200);
	return (await device.waitForGoogle(state => state.token.status === 'active')).token;
}

const providers = {
	microsoft: {
		activate: activateMicrosoft,
		state: async () => (await device.state()).token,
		defaultAccount: 'engineer@contoso.example',
		server: 'smtp.office365.com:587',
		sent: /^250 2\.0\.0 OK <OFFLINE01MB0001[\dA-F]{24}@OFFLINE01MB0001\.offline01\.prod\.outlook\.com> \[Hostname=OFFLINE01MB0001\.offline01\.prod\.outlook\.com]$/,
		badToken: /^535 5\.7\.3 Authentication unsuccessful \[OFFLINE01MB0001\.offline01\.prod\.outlook\.com \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z [\dA-F]{16}]$/,
	},
	google: {
		activate: activateGoogle,
		state: async () => (await device.googleState()).token,
		defaultAccount: 'engineer@example.com',
		server: 'smtp.gmail.com:587',
		sent: /^250 2\.0\.0 OK {2}\d+ [\da-f]{13}-[\da-f]{11}sm\d{8}ad\.\d\d - gsmtp$/,
		// After its 334 challenge and the device's empty line (one AUTH): both lines, as Gmail wrote them.
		badToken: /^535-5\.7\.8 Username and Password not accepted\. For more information, go to\n535 5\.7\.8 {2}https:\/\/support\.google\.com\/mail\/\?p=BadCredentials [\da-f]{13}-[\da-f]{11}sm\d{8}ad\.\d\d - gsmtp$/,
	},
} as const;

async function testMail(provider: TestMailProvider, to: string): Promise<Response> {
	return device.request('POST', `oauth2/${provider}/test-mail`, {body: {to}});
}

async function sendTestMail(provider: TestMailProvider, to = 'someone@example.org'): Promise<TestMailResult> {
	const response = await testMail(provider, to);
	expect(response.status, response.text).toBe(200);
	return testMailResultSchema.parse(response.json);
}

function expectRefused(response: Response, status: number, error: string): void {
	expect(response.status, response.text).toBe(status);
	expect(apiErrorSchema.parse(response.json).error).toBe(error);
}

/** A port where nothing listens. */
async function closedPort(): Promise<number> {
	const server = net.createServer();
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	const {port} = server.address() as AddressInfo;
	await new Promise(resolve => {
		server.close(resolve);
	});
	return port;
}

/** A TCP server that accepts and never greets; close() ends it. */
async function silentServer(): Promise<{port: number; close(): Promise<void>}> {
	const sockets = new Set<net.Socket>();
	const server = net.createServer(socket => {
		sockets.add(socket);
		socket.on('error', () => undefined);
	});
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	return {
		port: (server.address() as AddressInfo).port,
		async close() {
			for (const socket of sockets) {
				socket.destroy();
			}

			await new Promise(resolve => {
				server.close(resolve);
			});
		},
	};
}

/** Restarts the device with its SMTP servers' names routed to `port`, and logs in again. */
async function restartWithSmtpAt(port: number, smtpTimeoutMs?: number): Promise<void> {
	await device.restart({
		identityProvider: {url: idp.url, caCertificatePem: idp.caCertificatePem, publicUrl: idp.url, smtpPorts: {microsoft: port, google: port}},
		...(smtpTimeoutMs === undefined ? {} : {smtpTimeoutMs}),
	});
	await device.login();
}

describe.each(['microsoft', 'google'] as const)('%s test mail', provider => {
	const expected = providers[provider];

	it('shows the account that authorized in the token status', async () => {
		const token = await expected.activate();
		expect(token.account).toBe(expected.defaultAccount);
	});

	it('sends through the provider\'s SMTP server as the account that authorized, and reports the server\'s reply', async () => {
		const account = `sender.${provider}@contoso-${provider}.example`;
		expect((await expected.activate(account)).account).toBe(account);

		const result = await sendTestMail(provider, 'recipient@example.org');
		expect(result).toMatchObject({sent: true, from: account, to: 'recipient@example.org', server: expected.server});
		expect(result.failure).toBeUndefined();
		expect(result.reply).toMatch(expected.sent);
		expect(Math.abs(Date.parse(result.at) - Date.now())).toBeLessThan(10_000);

		const [mail, ...others] = idp.controls.mail();
		expect(others).toEqual([]);
		expect(mail).toMatchObject({provider, account, from: account, to: ['recipient@example.org'], subject: 'cloudmail-setup test mail'});
		expect(mail!.headerFrom).toContain(account);
		expect(mail!.headerTo).toContain('recipient@example.org');
		expect(mail!.text).toContain(`Sent by: ${account}`);
		expect(mail!.text).toContain(expected.server);
		expect(device.logs.some(line => line === `${provider}: test mail sent 250`)).toBe(true);
	});

	it('reports a token the server refuses with the server\'s exact reply (the identity provider revoked it)', async () => {
		await expected.activate();
		idp.controls.revokeAll();
		const result = await sendTestMail(provider);
		expect(result).toMatchObject({sent: false, failure: 'auth', from: expected.defaultAccount, server: expected.server});
		expect(result.reply).toMatch(expected.badToken);
		expect(idp.controls.mail()).toEqual([]);
		// A refused test mail is a finding, not a change of the token status.
		expect((await expected.state()).status).toBe('active');
	});

	it('reports "SmtpClientAuthentication is disabled for the Tenant" as the server words it', async () => {
		await expected.activate();
		const reply = '535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information.';
		idp.controls.rejectNextSmtpAuth(provider, reply);
		expect(await sendTestMail(provider)).toMatchObject({sent: false, failure: 'auth', reply});
		// Only the next AUTH: the one after goes through.
		expect(await sendTestMail(provider)).toMatchObject({sent: true});
	});

	it('refuses a bad address with a field error and sends nothing', async () => {
		await expected.activate();
		const cases: Array<[string, FieldErrorCode]> = [
			['', 'required'],
			['not-an-address', 'invalid_email'],
			['someone@example', 'invalid_email'],
			[' someone@example.org', 'invalid_characters'],
			[`${'a'.repeat(310)}@example.org`, 'too_long'],
		];
		for (const [to, code] of cases) {
			const response = await testMail(provider, to);
			expectRefused(response, 400, 'validation');
			expect(apiErrorSchema.parse(response.json).fields, to).toEqual({to: {code, message: en.fieldErrors[code]}});
		}

		expectRefused(await device.request('POST', `oauth2/${provider}/test-mail`, {body: {}}), 400, 'bad_request');
		expectRefused(await device.request('POST', `oauth2/${provider}/test-mail`, {body: {to: 'someone@example.org'}, token: null}), 401, 'unauthenticated');
		expect(idp.controls.mail()).toEqual([]);
	});

	it('answers 409 token_not_active while there is no active token', async () => {
		expectRefused(await testMail(provider, 'someone@example.org'), 409, 'token_not_active');
		if (provider === 'microsoft') {
			await device.enable();
			await device.waitForUserCode();
		} else {
			await device.enableGoogle();
			await device.waitForGoogleAuthorization();
		}

		expectRefused(await testMail(provider, 'someone@example.org'), 409, 'token_not_active');
		expect(idp.controls.mail()).toEqual([]);
	});

	it('reports an SMTP server that cannot be reached', async () => {
		await expected.activate();
		await restartWithSmtpAt(await closedPort());
		const result = await sendTestMail(provider);
		expect(result).toMatchObject({sent: false, failure: 'unreachable', server: expected.server});
		expect(result.reply).toBeUndefined();
	});

	it('gives up on a server that never greets after its timeout', async () => {
		await expected.activate();
		const silent = await silentServer();
		try {
			await restartWithSmtpAt(silent.port, 300);
			const started = Date.now();
			expect(await sendTestMail(provider)).toMatchObject({sent: false, failure: 'timeout'});
			expect(Date.now() - started).toBeLessThan(5000);
		} finally {
			await silent.close();
		}
	});

	it('checks the SMTP server\'s certificate as the settings say (Verify Server Certificate, Add CN to Verification Items)', async () => {
		await expected.activate();
		idp.controls.configure({certificate: 'untrusted'});
		expect(await sendTestMail(provider)).toMatchObject({sent: false, failure: 'tls'});
		idp.controls.configure({certificate: 'wrong-cn'});
		expect(await sendTestMail(provider)).toMatchObject({sent: false, failure: 'tls'});
		expect(idp.controls.mail()).toEqual([]);
		idp.controls.configure({certificate: 'valid'});
		expect(await sendTestMail(provider)).toMatchObject({sent: true});
	});

	it('sends through a certificate of another name when CN checking is off', async () => {
		await expected.activate(undefined, {verifyServerCertificate: true, addCnToVerification: false});
		idp.controls.configure({certificate: 'wrong-cn'});
		expect(await sendTestMail(provider)).toMatchObject({sent: true});
		idp.controls.configure({certificate: 'untrusted'});
		expect(await sendTestMail(provider)).toMatchObject({sent: false, failure: 'tls'});
	});

	it('sends through an untrusted certificate when verification is off', async () => {
		await expected.activate(undefined, {verifyServerCertificate: false, addCnToVerification: false});
		idp.controls.configure({certificate: 'untrusted'});
		expect(await sendTestMail(provider)).toMatchObject({sent: true});
	});

	it('keeps the account across a restart, and still sends', async () => {
		const account = `keeper@${provider}.example`;
		await expected.activate(account);
		await device.reboot();
		const token = await expected.state();
		expect(token).toMatchObject({status: 'active', account});
		expect(await sendTestMail(provider)).toMatchObject({sent: true, from: account});
	});

	it('never puts a token in an answer, the log or the received mail', async () => {
		await expected.activate();
		const saved = JSON.parse(readFileSync(device.stateFile, 'utf8')) as Record<TestMailProvider, {tokens: {accessToken: string}}>;
		// Even a server that echoed the token would not get it into the answer.
		idp.controls.rejectNextSmtpAuth(provider, `535 5.7.3 Authentication unsuccessful for ${saved[provider].tokens.accessToken}`);
		expect((await sendTestMail(provider)).reply).toBe('535 5.7.3 Authentication unsuccessful for [token]');
		await sendTestMail(provider);
		const secrets = device.secretsOnDisk();
		expect(secrets.length).toBeGreaterThanOrEqual(2);
		const mailbox = JSON.stringify(idp.controls.mail());
		for (const secret of secrets) {
			expect(mailbox.includes(secret)).toBe(false);
		}

		// The bodies and every log line are checked against them after each test (expectNoLeak).
		expect(device.bodies.length).toBeGreaterThan(0);
	});
});

describe('Microsoft: the account from the ID token', () => {
	it('takes the account from the ID token, checked against the tenant\'s keys', async () => {
		expect(microsoftScope).toBe('https://outlook.office.com/SMTP.Send offline_access openid profile email');
		await activateMicrosoft('claims@contoso.example');
		const saved = JSON.parse(readFileSync(device.stateFile, 'utf8')) as {microsoft: {tokens: {account?: string}}};
		expect(saved.microsoft.tokens.account).toBe('claims@contoso.example');
		// The key set was fetched (jwks_uri of the discovery document) to check the signature.
		expect(idp.controls.stats()['entraKeys']).toBe(1);
	});

	it('knows a personal account (/consumers), whose access token is opaque', async () => {
		await device.enable({endpoint: microsoftEndpointFor('consumers')});
		const {authorization} = await device.waitForUserCode();
		expect((await browse(idp, '/devicelogin', {user_code: authorization.userCode, decision: 'allow', account: 'someone@outlook.example'})).status).toBe(200);
		const {token} = await device.waitFor(state => state.token.status === 'active');
		expect(token.account).toBe('someone@outlook.example');
		const saved = JSON.parse(readFileSync(device.stateFile, 'utf8')) as {microsoft: {tokens: {accessToken: string}}};
		// Not a JWT: nothing in it could have named the account.
		expect(saved.microsoft.tokens.accessToken.split('.')).not.toHaveLength(3);
		expect(await sendTestMail('microsoft')).toMatchObject({sent: true, from: 'someone@outlook.example'});
	});

	it('leaves the account unknown when the ID token names no mail address, and the 409 says what to do', async () => {
		const token = await activateMicrosoft('Service Engineer');
		expect(token.status).toBe('active');
		expect(token.account).toBeUndefined();
		const response = await testMail('microsoft', 'someone@example.org');
		expectRefused(response, 409, 'account_unknown');
		const {message} = apiErrorSchema.parse(response.json);
		expect(message).toMatch(/names no mail address/);
		expect(message).toMatch(/API permissions openid, email and profile/);
		expect(message).toMatch(/forget the authorization \(x, or DELETE token\) and authorize again/);
		expect(idp.controls.mail()).toEqual([]);
	});

	it('refuses an ID token that has expired by the device\'s clock (id_token_invalid) and keeps none of the tokens', async () => {
		// The device's clock runs two hours ahead of the identity provider's.
		device.clock.advance(2 * 3600 * 1000);
		await device.login();
		await device.enable();
		const {authorization} = await device.waitForUserCode();
		idp.controls.approve(authorization.userCode);
		const failed = await device.waitFor(state => state.token.status === 'error');
		expect(failed.token).toMatchObject({status: 'error', reason: 'id_token_invalid'});
		expect(failed.token.detail).toMatch(/expired .*clock/);
		expect(failed.token.account).toBeUndefined();
		expect(device.secretsOnDisk()).toEqual([]);
		expect(device.logs.some(line => line.startsWith('microsoft: ID token refused'))).toBe(true);
	});

	it('ends with id_token_invalid when a refresh brings an ID token that fails its checks, and sends nothing', async () => {
		await activateMicrosoft();
		// The refresh's ID token lives a minute, and the device's clock is almost an hour ahead.
		idp.controls.configure({accessTokenLifetimeSeconds: 60});
		device.clock.advance((3600 - 30) * 1000);
		await device.login();
		expectRefused(await testMail('microsoft', 'someone@example.org'), 409, 'token_not_active');
		const {token} = await device.state();
		expect(token).toMatchObject({status: 'error', reason: 'id_token_invalid'});
		expect(token.account).toBeUndefined();
		expect(device.secretsOnDisk()).toEqual([]);
		expect(idp.controls.mail()).toEqual([]);
	});

	it('refreshes an access token about to expire before it sends', async () => {
		await activateMicrosoft();
		const before = device.secretsOnDisk();
		const refreshes = idp.controls.stats()['token']!;
		// 59 minutes and a half later the token has 30 s left (the session has ended meanwhile).
		device.clock.advance((3600 - 30) * 1000);
		await device.login();
		expect(await sendTestMail('microsoft')).toMatchObject({sent: true, from: 'engineer@contoso.example'});
		expect(idp.controls.stats()['token']).toBe(refreshes + 1);
		const after = device.secretsOnDisk();
		expect(after[0]).not.toBe(before[0]);
		expect((await device.state()).token).toMatchObject({status: 'active', account: 'engineer@contoso.example'});
	});
});

describe('Google: the account from the ID token', () => {
	it('knows the account without the Gmail API (off in the Cloud project: 403 accessNotConfigured), which it never asks', async () => {
		idp.controls.configure({googleGmailApiEnabled: false});
		const token = await activateGoogle('profile@example.net');
		expect(token.account).toBe('profile@example.net');
		expect(idp.controls.stats()['gmailProfile'] ?? 0).toBe(0);
		expect(await sendTestMail('google')).toMatchObject({sent: true, from: 'profile@example.net'});
		expect(idp.controls.stats()['gmailProfile'] ?? 0).toBe(0);
	});

	it('asks for openid email beside Gmail', async () => {
		await device.enableGoogle();
		const {authorization} = await device.waitForGoogleAuthorization();
		expect(new URL(authorization.url).searchParams.get('scope')).toBe('https://mail.google.com/ openid email');
	});

	it('without an account known (a state kept by older firmware), the 409 says to authorize again and Gmail is not asked', async () => {
		await activateGoogle('later@example.net');
		await device.emulator.close();
		const saved = JSON.parse(readFileSync(device.stateFile, 'utf8')) as {google: {tokens: {account?: string}}};
		delete saved.google.tokens.account;
		writeFileSync(device.stateFile, JSON.stringify(saved), {mode: 0o600});
		await device.restart();
		await device.login();
		expect((await device.googleState()).token.account).toBeUndefined();

		const response = await testMail('google', 'someone@example.org');
		expectRefused(response, 409, 'account_unknown');
		const {message} = apiErrorSchema.parse(response.json);
		expect(message).toMatch(/sent no ID token naming it/);
		expect(message).toMatch(/OAuth consent screen's scopes openid and email/);
		expect(message).toMatch(/forget the authorization \(x, or DELETE token\) and authorize again/);
		expect(idp.controls.stats()['gmailProfile'] ?? 0).toBe(0);
		expect(idp.controls.mail()).toEqual([]);
	});
});
