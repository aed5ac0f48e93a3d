/**
The test mail sender on its own (test-mail.ts): how nodemailer's errors are sorted into failure
stages, its deadline, and its AUTH XOAUTH2 against the offline servers: one AUTH per attempt,
Gmail's 334 challenge answered with the empty line, the final reply kept as the server wrote it.
*/
import net, {type AddressInfo} from 'node:net';
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {classifySmtpError, createMailer, type TestMail} from '../source/emulator/test-mail.js';
import {
	googleAuthorizationPath,
	googleMailScope,
	googleTokenPath,
	offlineMicrosoftClientId,
	startIdentityProvider,
	type IdentityProvider,
	type SmtpProvider,
} from '../source/identity-provider/index.js';
import {microsoftScope, request} from './identity-provider-helpers.js';

function smtpError(code: string, extra: Record<string, unknown> = {}): Error {
	return Object.assign(new Error(`failed: ${code}`), {code, ...extra});
}

describe('classifySmtpError', () => {
	it.each([
		['EAUTH with the server\'s reply', smtpError('EAUTH', {response: '535 5.7.3 Authentication unsuccessful'}), {failure: 'auth', reply: '535 5.7.3 Authentication unsuccessful'}],
		['EAUTH without a reply', smtpError('EAUTH'), {failure: 'auth', reply: undefined}],
		['ETIMEDOUT', smtpError('ETIMEDOUT'), {failure: 'timeout'}],
		['ETLS (STARTTLS refused)', smtpError('ETLS', {response: '454 4.7.0 TLS not available'}), {failure: 'tls', reply: '454 4.7.0 TLS not available'}],
		['EENVELOPE (recipient refused)', smtpError('EENVELOPE', {response: '550 5.1.1 unknown'}), {failure: 'rejected', reply: '550 5.1.1 unknown'}],
		['EMESSAGE (message refused)', smtpError('EMESSAGE', {response: '554 5.2.252 SendAsDenied'}), {failure: 'rejected', reply: '554 5.2.252 SendAsDenied'}],
		['a 421 greeting', smtpError('ECONNECTION', {response: '421 4.3.2 Service not available'}), {failure: 'rejected', reply: '421 4.3.2 Service not available'}],
		['a refused connection', smtpError('ESOCKET', {originalCode: 'ECONNREFUSED'}), {failure: 'unreachable'}],
		['an unknown host', smtpError('EDNS', {originalCode: 'ENOTFOUND'}), {failure: 'unreachable'}],
		['an untrusted certificate', smtpError('ESOCKET', {originalCode: 'DEPTH_ZERO_SELF_SIGNED_CERT'}), {failure: 'tls'}],
		['a certificate for another name', smtpError('ESOCKET', {originalCode: 'ERR_TLS_CERT_ALTNAME_INVALID'}), {failure: 'tls'}],
		['a connection closed early', smtpError('ECONNECTION'), {failure: 'unreachable'}],
		['not an error at all', 'boom', {failure: 'unreachable'}],
	])('%s', (_name, error, expected) => {
		expect(classifySmtpError(error)).toEqual(expected);
	});
});

describe('createMailer', () => {
	it('gives up after its overall deadline on a server that trickles its greeting', async () => {
		const sockets = new Set<net.Socket>();
		const server = net.createServer(socket => {
			sockets.add(socket);
			socket.on('error', () => undefined);
			const greeting = '220 slow.example ESMTP';
			let sent = 0;
			const timer = setInterval(() => {
				if (sent < greeting.length && !socket.destroyed) {
					socket.write(greeting[sent++]!);
				}
			}, 50);
			socket.on('close', () => {
				clearInterval(timer);
			});
		});
		await new Promise<void>(resolve => {
			server.listen(0, '127.0.0.1', resolve);
		});
		const {port} = server.address() as AddressInfo;
		try {
			const mailer = createMailer({now: Date.now, offline: true, route: () => ({host: '127.0.0.1', port}), timeoutMs: 5000, totalTimeoutMs: 300});
			const started = Date.now();
			const result = await mailer.send({
				provider: 'microsoft',
				account: 'a@example.com',
				accessToken: 'token',
				to: 'b@example.com',
				tls: {verifyServerCertificate: true, addCnToVerification: true},
			});
			expect(result).toMatchObject({sent: false, failure: 'timeout', server: 'smtp.office365.com:587'});
			expect(Date.now() - started).toBeLessThan(2000);
		} finally {
			for (const socket of sockets) {
				socket.destroy();
			}

			await new Promise(resolve => {
				server.close(resolve);
			});
		}
	});

	it('offline, finds no server for a name it has no route for, without looking it up', async () => {
		const mailer = createMailer({now: Date.now, offline: true, route: () => undefined});
		const result = await mailer.send({
			provider: 'google',
			account: 'a@example.com',
			accessToken: 'token',
			to: 'b@example.com',
			tls: {verifyServerCertificate: true, addCnToVerification: true},
		});
		expect(result).toMatchObject({sent: false, failure: 'unreachable', server: 'smtp.gmail.com:587', from: 'a@example.com', to: 'b@example.com'});
	});
});

describe('createMailer against the offline SMTP servers', () => {
	const logLines: string[] = [];
	let idp: IdentityProvider;

	beforeAll(async () => {
		idp = await startIdentityProvider({log: line => logLines.push(line)});
	});

	afterAll(async () => {
		await idp.close();
	});

	beforeEach(() => {
		idp.controls.reset();
		logLines.length = 0;
	});

	const mailerFor = (provider: SmtpProvider) => createMailer({
		now: Date.now,
		offline: true,
		ca: idp.caCertificatePem,
		route: host => (host === (provider === 'microsoft' ? 'smtp.office365.com' : 'smtp.gmail.com') ? {host: '127.0.0.1', port: idp.smtpPorts[provider]} : undefined),
	});
	const mail = (provider: TestMail['provider'], account: string, accessToken: string): TestMail => ({
		provider,
		account,
		accessToken,
		to: 'someone@example.org',
		tls: {verifyServerCertificate: true, addCnToVerification: true},
	});
	/** The AUTH commands the server saw that carried a token (one log line each). */
	const authCommands = (provider: SmtpProvider) => logLines.filter(line => line.startsWith(`smtp ${provider}: AUTH `));

	async function googleToken(account: string): Promise<string> {
		const clientId = '123456789012-mailer.apps.googleusercontent.com';
		const query = new URLSearchParams({client_id: clientId, redirect_uri: 'http://localhost', response_type: 'code', scope: googleMailScope, access_type: 'offline'});
		const consent = idp.controls.googleConsent(`${googleAuthorizationPath}?${query.toString()}`, 'allow', account);
		const code = new URL(consent.location!).searchParams.get('code')!;
		const tokens = await request(idp, googleTokenPath, {
			form: {grant_type: 'authorization_code', code, client_id: clientId, client_secret: 'secret', redirect_uri: 'http://localhost'},
		});
		return tokens.json.access_token as string;
	}

	async function microsoftToken(account: string): Promise<string> {
		const code = await request(idp, '/organizations/oauth2/v2.0/devicecode', {form: {client_id: offlineMicrosoftClientId, scope: microsoftScope}});
		idp.controls.approve(code.json.user_code, account);
		const tokens = await request(idp, '/organizations/oauth2/v2.0/token', {
			form: {grant_type: 'urn:ietf:params:oauth:grant-type:device_code', client_id: offlineMicrosoftClientId, device_code: code.json.device_code},
		});
		return tokens.json.access_token as string;
	}

	it('Gmail refuses the token with its 334 challenge: one AUTH, the empty line answers it, and the result keeps both lines of the final 535', async () => {
		const token = await googleToken('robin@example.net');
		idp.controls.revokeAll();
		const result = await mailerFor('google').send(mail('google', 'robin@example.net', token));
		expect(result).toMatchObject({sent: false, failure: 'auth', server: 'smtp.gmail.com:587'});
		expect(result.reply).toMatch(/^535-5\.7\.8 Username and Password not accepted\. For more information, go to\n535 5\.7\.8 {2}https:\/\/support\.google\.com\/mail\/\?p=BadCredentials \S+ - gsmtp$/);
		expect(authCommands('google')).toEqual(['smtp google: AUTH refused (unknown, expired or revoked token)']);
	});

	it('Gmail accepts a good token with one AUTH and takes the message', async () => {
		const token = await googleToken('robin@example.net');
		const result = await mailerFor('google').send(mail('google', 'robin@example.net', token));
		expect(result).toMatchObject({sent: true, reply: expect.stringMatching(/^250 2\.0\.0 OK {2}\d+ \S+ - gsmtp$/)});
		expect(authCommands('google')).toEqual(['smtp google: AUTH accepted']);
		expect(idp.controls.mail()).toMatchObject([{provider: 'google', account: 'robin@example.net'}]);
	});

	it('Exchange Online refuses the token at once with 535 5.7.3, after one AUTH', async () => {
		const token = await microsoftToken('alex@contoso.example');
		idp.controls.revokeAll();
		const result = await mailerFor('microsoft').send(mail('microsoft', 'alex@contoso.example', token));
		expect(result).toMatchObject({sent: false, failure: 'auth', reply: expect.stringMatching(/^535 5\.7\.3 Authentication unsuccessful \[\S+ \S+ [\dA-F]{16}]$/)});
		expect(authCommands('microsoft')).toEqual(['smtp microsoft: AUTH refused (unknown, expired or revoked token)']);
	});

	it('never puts the token in the result, whatever the server answers', async () => {
		const token = await googleToken('robin@example.net');
		idp.controls.rejectNextSmtpAuth('google', `535 5.7.8 token ${token} refused`);
		const result = await mailerFor('google').send(mail('google', 'robin@example.net', token));
		expect(result).toMatchObject({sent: false, failure: 'auth', reply: '535 5.7.8 token [token] refused'});
		expect(authCommands('google')).toHaveLength(1);
	});
});
