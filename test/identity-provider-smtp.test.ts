/**
The offline identity provider's SMTP side, spoken to line by line over loopback: STARTTLS with
its certificate, AUTH only after STARTTLS and only XOAUTH2 accepted (the other advertised
mechanisms refused as the real servers refuse a password), the token checked with the identity
provider (known, not expired, not revoked, the SASL user's, the provider's scope), the real
servers' wording (Gmail's 334 challenge before its 535), the mailbox and the `smtp-reject`
control; and the Gmail profile it serves. test/conformance/smtplib.test.ts checks the whole
conversation against Python's smtplib.
*/
import net from 'node:net';
import tls from 'node:tls';
import {describe, expect, it} from 'vitest';
import {manualClock} from '../source/clock.js';
import {
	googleAuthorizationPath,
	googleMailScope,
	googleTokenPath,
	offlineMicrosoftClientId,
	type IdentityProvider,
	type SmtpProvider,
} from '../source/identity-provider/index.js';
import {microsoftScope, request, withIdentityProvider} from './identity-provider-helpers.js';

const start = Date.parse('2025-04-01T09:00:00Z');
const clock = manualClock(start);
const logLines: string[] = [];
let provider: IdentityProvider;

withIdentityProvider({clock, start, logLines}, current => {
	provider = current;
});

const hosts: Record<SmtpProvider, string> = {microsoft: 'smtp.office365.com', google: 'smtp.gmail.com'};

/** An SMTP conversation as raw lines: each `command` returns the whole reply (lines joined with \n). */
class Conversation {
	readonly #replies: string[] = [];
	readonly #waiting: Array<(reply: string) => void> = [];
	#socket: net.Socket | tls.TLSSocket;
	#buffer = '';
	#lines: string[] = [];
	readonly greeting: Promise<string>;

	constructor(readonly smtp: SmtpProvider) {
		this.#socket = net.connect(provider.smtpPorts[smtp], '127.0.0.1');
		this.#listen();
		this.greeting = this.#next();
	}

	#listen(): void {
		this.#socket.on('data', (chunk: Buffer) => {
			this.#buffer += chunk.toString('utf8');
			let end: number;
			while ((end = this.#buffer.indexOf('\r\n')) >= 0) {
				const line = this.#buffer.slice(0, end);
				this.#buffer = this.#buffer.slice(end + 2);
				this.#lines.push(line);
				if (/^\d{3} /.test(line) || /^\d{3}$/.test(line)) {
					const reply = this.#lines.join('\n');
					this.#lines = [];
					const waiter = this.#waiting.shift();
					if (waiter) {
						waiter(reply);
					} else {
						this.#replies.push(reply);
					}
				}
			}
		});
		this.#socket.on('error', () => undefined);
	}

	async #next(): Promise<string> {
		const ready = this.#replies.shift();
		return ready ?? new Promise(resolve => {
			this.#waiting.push(resolve);
		});
	}

	async command(line: string): Promise<string> {
		this.#socket.write(`${line}\r\n`);
		return this.#next();
	}

	/** STARTTLS, then a handshake that trusts only the local CA and checks the SMTP host's name. */
	async startTls(): Promise<tls.TLSSocket> {
		expect(await this.command('STARTTLS')).toMatch(/^220 2\.0\.0 /);
		const plain = this.#socket;
		plain.removeAllListeners('data');
		const secure = await new Promise<tls.TLSSocket>((resolve, reject) => {
			const socket = tls.connect({socket: plain, servername: hosts[this.smtp], ca: provider.caCertificatePem}, () => {
				resolve(socket);
			});
			socket.once('error', reject);
		});
		this.#socket = secure;
		this.#listen();
		return secure;
	}

	/** EHLO, STARTTLS, EHLO: ready for AUTH. */
	async secure(): Promise<string> {
		await this.greeting;
		await this.command('EHLO printer.example');
		await this.startTls();
		return this.command('EHLO printer.example');
	}

	async auth(user: string, token: string): Promise<string> {
		const initial = Buffer.from(`user=${user}\u0001auth=Bearer ${token}\u0001\u0001`).toString('base64');
		return this.command(`AUTH XOAUTH2 ${initial}`);
	}

	/** Gmail's refusal: 334 with its error JSON, then (after the client's empty line) the 535. */
	async refusedByGmail(user: string, token: string): Promise<string> {
		const challenge = await this.auth(user, token);
		expect(challenge).toMatch(/^334 [A-Za-z\d+/]+=*$/);
		expect(JSON.parse(Buffer.from(challenge.slice(4), 'base64').toString('utf8'))).toEqual({status: '400', schemes: 'Bearer', scope: 'https://mail.google.com/'});
		return this.command('');
	}

	/** MAIL, RCPT, DATA with a small message; the reply to the message. */
	async send(from: string, to: string, headerFrom = from): Promise<string> {
		expect(await this.command(`MAIL FROM:<${from}>`)).toMatch(this.smtp === 'microsoft' ? /^250 2\.1\.0 Sender OK$/ : /^250 2\.1\.0 OK \S+ - gsmtp$/);
		expect(await this.command(`RCPT TO:<${to}>`)).toMatch(this.smtp === 'microsoft' ? /^250 2\.1\.5 Recipient OK$/ : /^250 2\.1\.5 OK \S+ - gsmtp$/);
		expect(await this.command('DATA')).toMatch(this.smtp === 'microsoft' ? /^354 Start mail input; end with <CRLF>\.<CRLF>$/ : /^354 Go ahead \S+ - gsmtp$/);
		const message = [
			`From: Printer <${headerFrom}>`,
			`To: ${to}`,
			'Subject: =?UTF-8?Q?test_mail_=E2=9C=93?=',
			'Content-Type: text/plain; charset=utf-8',
			'Content-Transfer-Encoding: quoted-printable',
			'',
			'Hello from the printer =E2=9C=93, a line that goes on and on and on and on and=',
			' on.',
			'.',
		].join('\r\n');
		return this.command(message);
	}

	close(): void {
		this.#socket.destroy();
	}
}

async function withConversation<T>(smtp: SmtpProvider, use: (conversation: Conversation) => Promise<T>): Promise<T> {
	const conversation = new Conversation(smtp);
	try {
		return await use(conversation);
	} finally {
		conversation.close();
	}
}

/** A Microsoft access token for `account` (device code approved as that account). */
async function microsoftToken(account?: string, scope = microsoftScope): Promise<string> {
	const code = await request(provider, '/organizations/oauth2/v2.0/devicecode', {form: {client_id: offlineMicrosoftClientId, scope}});
	expect(provider.controls.approve(code.json.user_code, account)).toBe('approved');
	const tokens = await request(provider, '/organizations/oauth2/v2.0/token', {
		form: {grant_type: 'urn:ietf:params:oauth:grant-type:device_code', client_id: offlineMicrosoftClientId, device_code: code.json.device_code},
	});
	expect(tokens.status).toBe(200);
	return tokens.json.access_token as string;
}

/** A Google access token for `account` (consent given as that account). */
async function googleToken(account?: string): Promise<string> {
	const clientId = '123456789012-smtptest.apps.googleusercontent.com';
	const query = new URLSearchParams({client_id: clientId, redirect_uri: 'http://localhost', response_type: 'code', scope: googleMailScope, access_type: 'offline'});
	const consent = provider.controls.googleConsent(`${googleAuthorizationPath}?${query.toString()}`, 'allow', account);
	const code = new URL(consent.location!).searchParams.get('code')!;
	const tokens = await request(provider, googleTokenPath, {
		form: {grant_type: 'authorization_code', code, client_id: clientId, client_secret: 'secret', redirect_uri: 'http://localhost'},
	});
	expect(tokens.status).toBe(200);
	return tokens.json.access_token as string;
}

/** Exchange Online's suffix to its errors: the mailbox server, the time, an id. */
const exchangeSuffix = String.raw`\[OFFLINE01MB0001\.offline01\.prod\.outlook\.com \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z [\dA-F]{16}]`;
const microsoftBadToken = new RegExp(String.raw`^535 5\.7\.3 Authentication unsuccessful ${exchangeSuffix}$`);
const googleBadToken = /^535-5\.7\.8 Username and Password not accepted\. For more information, go to\n535 5\.7\.8 {2}https:\/\/support\.google\.com\/mail\/\?p=BadCredentials [\da-f]{13}-[\da-f]{11}sm\d{8}ad\.\d\d - gsmtp$/;
const ehlo = {
	microsoft: {
		plain: '250-OFFLINE01.outlook.office365.com Hello [127.0.0.1]\n250-SIZE 157286400\n250-PIPELINING\n250-DSN\n250-ENHANCEDSTATUSCODES\n250-STARTTLS\n250-8BITMIME\n250-BINARYMIME\n250-CHUNKING\n250 SMTPUTF8',
		secure: '250-OFFLINE01.outlook.office365.com Hello [127.0.0.1]\n250-SIZE 157286400\n250-PIPELINING\n250-DSN\n250-ENHANCEDSTATUSCODES\n250-AUTH LOGIN XOAUTH2\n250-8BITMIME\n250-BINARYMIME\n250-CHUNKING\n250 SMTPUTF8',
	},
	google: {
		plain: '250-smtp.gmail.com at your service, [127.0.0.1]\n250-SIZE 35882577\n250-8BITMIME\n250-STARTTLS\n250-ENHANCEDSTATUSCODES\n250-PIPELINING\n250-CHUNKING\n250 SMTPUTF8',
		secure: '250-smtp.gmail.com at your service, [127.0.0.1]\n250-SIZE 35882577\n250-8BITMIME\n250-AUTH LOGIN PLAIN XOAUTH2 PLAIN-CLIENTTOKEN OAUTHBEARER XOAUTH\n250-ENHANCEDSTATUSCODES\n250-PIPELINING\n250-CHUNKING\n250 SMTPUTF8',
	},
} as const;

describe('offline SMTP: the conversation', () => {
	it.each(['microsoft', 'google'] as const)('%s: greets as its original, offers STARTTLS with a certificate for its host, and AUTH only after it', async smtp => {
		await withConversation(smtp, async conversation => {
			expect(await conversation.greeting).toMatch(smtp === 'microsoft'
				? /^220 OFFLINE01\.outlook\.office365\.com Microsoft ESMTP MAIL Service ready at (?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{1,2} [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d \+0000 \[[\dA-F]{16}]$/
				: /^220 smtp\.gmail\.com ESMTP [\da-f]{13}-[\da-f]{11}sm\d{8}ad\.\d\d - gsmtp$/);
			expect(await conversation.command('EHLO printer.example')).toBe(ehlo[smtp].plain);
			const secure = await conversation.startTls();
			expect(secure.authorized).toBe(true);
			expect(secure.getPeerCertificate().subjectaltname).toContain(`DNS:${hosts[smtp]}`);
			expect(await conversation.command('EHLO printer.example')).toBe(ehlo[smtp].secure);
		});
	});

	it('Microsoft: refuses AUTH before STARTTLS, a mechanism it does not offer, a password, and MAIL before AUTH', async () => {
		const token = await microsoftToken();
		await withConversation('microsoft', async conversation => {
			await conversation.greeting;
			await conversation.command('EHLO printer.example');
			expect(await conversation.auth('engineer@contoso.example', token)).toMatch(new RegExp(String.raw`^504 5\.7\.4 Unrecognized authentication type ${exchangeSuffix}$`));
			await conversation.startTls();
			await conversation.command('EHLO printer.example');
			expect(await conversation.command('AUTH PLAIN AGVuZ2luZWVyAHNlY3JldA==')).toMatch(new RegExp(String.raw`^504 5\.7\.4 Unrecognized authentication type ${exchangeSuffix}$`));
			expect(await conversation.command('AUTH LOGIN')).toBe('334 VXNlcm5hbWU6');
			expect(await conversation.command('ZW5naW5lZXJAY29udG9zby5leGFtcGxl')).toBe('334 UGFzc3dvcmQ6');
			expect(await conversation.command('c2VjcmV0')).toMatch(new RegExp(String.raw`^535 5\.7\.139 Authentication unsuccessful, basic authentication is disabled\. ${exchangeSuffix}$`));
			expect(await conversation.command('MAIL FROM:<engineer@contoso.example>')).toMatch(new RegExp(String.raw`^530 5\.7\.57 Client not authenticated to send mail\. ${exchangeSuffix}$`));
			expect(await conversation.command('AUTH XOAUTH2')).toBe('334 ');
			expect(await conversation.command(Buffer.from(`user=engineer@contoso.example\u0001auth=Bearer ${token}\u0001\u0001`).toString('base64'))).toBe('235 2.7.0 Authentication successful');
		});
	});

	it('Google: refuses AUTH before STARTTLS, a password, and MAIL before AUTH', async () => {
		await withConversation('google', async conversation => {
			await conversation.greeting;
			await conversation.command('EHLO printer.example');
			expect(await conversation.command('AUTH PLAIN AGVuZ2luZWVyAHNlY3JldA==')).toMatch(/^530-5\.7\.0 Must issue a STARTTLS command first\. For more information, go to\n530-5\.7\.0 {2}https:\/\/support\.google\.com\/a\/answer\/3221692 and review RFC 3207\n530 5\.7\.0 specifications\. \S+ - gsmtp$/);
			await conversation.startTls();
			await conversation.command('EHLO printer.example');
			expect(await conversation.command('AUTH PLAIN AGVuZ2luZWVyAHNlY3JldA==')).toMatch(googleBadToken);
			expect(await conversation.command('AUTH LOGIN')).toBe('334 VXNlcm5hbWU6');
			expect(await conversation.command('ZW5naW5lZXJAZXhhbXBsZS5jb20=')).toBe('334 UGFzc3dvcmQ6');
			expect(await conversation.command('c2VjcmV0')).toMatch(googleBadToken);
			expect(await conversation.command('MAIL FROM:<engineer@example.com>')).toMatch(/^530-5\.7\.0 Authentication Required\. For more information, go to\n530 5\.7\.0 {2}https:\/\/support\.google\.com\/mail\/\?p=WantAuthError \S+ - gsmtp$/);
			expect(await conversation.command('QUIT')).toMatch(/^221 2\.0\.0 closing connection \S+ - gsmtp$/);
		});
	});

	it('serves the certificate the identity provider is told to serve (untrusted: the handshake fails)', async () => {
		provider.controls.configure({certificate: 'untrusted'});
		await withConversation('google', async conversation => {
			await conversation.greeting;
			await conversation.command('EHLO printer.example');
			await expect(conversation.startTls()).rejects.toMatchObject({code: 'DEPTH_ZERO_SELF_SIGNED_CERT'});
		});
	});
});

describe('offline SMTP: the token', () => {
	it('Microsoft: accepts its token for its account, and takes the message', async () => {
		const token = await microsoftToken('alex@contoso.example');
		await withConversation('microsoft', async conversation => {
			await conversation.secure();
			expect(await conversation.auth('ALEX@contoso.example', token)).toBe('235 2.7.0 Authentication successful');
			expect(await conversation.send('alex@contoso.example', 'someone@example.org')).toMatch(/^250 2\.0\.0 OK <OFFLINE01MB0001[\dA-F]{24}@OFFLINE01MB0001\.offline01\.prod\.outlook\.com> \[Hostname=OFFLINE01MB0001\.offline01\.prod\.outlook\.com]$/);
			expect(await conversation.command('QUIT')).toBe('221 2.0.0 Service closing transmission channel');
		});
		const [mail] = provider.controls.mail();
		expect(mail).toMatchObject({
			provider: 'microsoft',
			account: 'alex@contoso.example',
			from: 'alex@contoso.example',
			to: ['someone@example.org'],
			headerFrom: 'Printer <alex@contoso.example>',
			headerTo: 'someone@example.org',
			subject: 'test mail ✓',
			text: 'Hello from the printer ✓, a line that goes on and on and on and on and on.',
		});
		expect(JSON.stringify(provider.controls.mail())).not.toContain(token);
	});

	it('Google: accepts its token for its account, and takes the message', async () => {
		const token = await googleToken('robin@example.net');
		await withConversation('google', async conversation => {
			await conversation.secure();
			expect(await conversation.auth('robin@example.net', token)).toBe('235 2.7.0 Accepted');
			expect(await conversation.send('robin@example.net', 'someone@example.org')).toMatch(/^250 2\.0\.0 OK {2}\d{10} \S+ - gsmtp$/);
		});
		expect(provider.controls.mail()).toMatchObject([{provider: 'google', account: 'robin@example.net', subject: 'test mail ✓'}]);
	});

	it.each([
		['another user', async () => ({token: await microsoftToken('alex@contoso.example'), user: 'sam@contoso.example'})],
		['a made-up token', async () => ({token: 'not-a-token', user: 'engineer@contoso.example'})],
		['a Google token', async () => ({token: await googleToken('engineer@contoso.example'), user: 'engineer@contoso.example'})],
		['a token without SMTP.Send', async () => ({token: await microsoftToken('engineer@contoso.example', 'openid offline_access'), user: 'engineer@contoso.example'})],
	])('Microsoft refuses %s with 535 5.7.3', async (_name, make) => {
		const {token, user} = await make();
		await withConversation('microsoft', async conversation => {
			await conversation.secure();
			expect(await conversation.auth(user, token)).toMatch(microsoftBadToken);
		});
	});

	it.each([
		['another user', async () => ({token: await googleToken('robin@example.net'), user: 'kim@example.net'})],
		['a made-up token', async () => ({token: 'ya29.made-up', user: 'engineer@example.com'})],
		['a Microsoft token', async () => ({token: await microsoftToken('engineer@example.com'), user: 'engineer@example.com'})],
	])('Google refuses %s with 334 and its error JSON, then (after the empty line) its two-line 535-5.7.8', async (_name, make) => {
		const {token, user} = await make();
		await withConversation('google', async conversation => {
			await conversation.secure();
			expect(await conversation.refusedByGmail(user, token)).toMatch(googleBadToken);
		});
	});

	it('refuses a token once it expired or was revoked', async () => {
		const expiring = await microsoftToken();
		clock.advance(3601 * 1000);
		const revoked = await googleToken();
		provider.controls.revokeAll();
		await withConversation('microsoft', async conversation => {
			await conversation.secure();
			expect(await conversation.auth('engineer@contoso.example', expiring)).toMatch(microsoftBadToken);
		});
		await withConversation('google', async conversation => {
			await conversation.secure();
			expect(await conversation.refusedByGmail('engineer@example.com', revoked)).toMatch(googleBadToken);
		});
	});

	it('Microsoft refuses to send as another address (SendAsDenied); nothing reaches the mailbox', async () => {
		const token = await microsoftToken();
		await withConversation('microsoft', async conversation => {
			await conversation.secure();
			await conversation.auth('engineer@contoso.example', token);
			expect(await conversation.send('boss@contoso.example', 'someone@example.org')).toMatch(/^554 5\.2\.252 SendAsDenied; engineer@contoso\.example not allowed to send as boss@contoso\.example;/);
		});
		expect(provider.controls.mail()).toEqual([]);
	});

	it('never writes a token to its log', async () => {
		logLines.length = 0;
		const token = await microsoftToken();
		for (const used of [token, 'made-up-token-123']) {
			await withConversation('microsoft', async conversation => {
				await conversation.secure();
				await conversation.auth('engineer@contoso.example', used);
			});
		}

		expect(logLines).toContain('smtp microsoft: AUTH accepted');
		expect(logLines).toContain('smtp microsoft: AUTH refused (unknown, expired or revoked token)');
		expect(logLines.join('\n')).not.toContain(token);
		expect(logLines.join('\n')).not.toContain('made-up-token-123');
	});
});

describe('offline SMTP: controls', () => {
	it('GET /_control/mail lists what was received; reset empties it', async () => {
		const token = await microsoftToken();
		await withConversation('microsoft', async conversation => {
			await conversation.secure();
			await conversation.auth('engineer@contoso.example', token);
			await conversation.send('engineer@contoso.example', 'someone@example.org');
		});
		const listed = await request(provider, '/_control/mail');
		expect(listed.status).toBe(200);
		expect(listed.json.messages).toHaveLength(1);
		expect(Object.keys(listed.json.messages[0]).sort()).toEqual(['account', 'from', 'headerFrom', 'headerTo', 'provider', 'receivedAt', 'subject', 'text', 'to']);
		expect(listed.text).not.toContain(token);
		expect((await request(provider, '/_control/mail', {method: 'POST', json: {}})).status).toBe(405);
		await request(provider, '/_control/reset', {method: 'POST'});
		expect((await request(provider, '/_control/mail')).json).toEqual({messages: []});
	});

	it('POST /_control/smtp-reject makes the next AUTH fail with the reply given, one or more lines', async () => {
		const token = await googleToken();
		const set = await request(provider, '/_control/smtp-reject', {json: {provider: 'google', reply: '454-4.7.0 Too many login attempts, please try again later.\n454 4.7.0  https://support.google.com/mail/?p=TooManyLogins', count: 2}});
		expect(set).toMatchObject({status: 200, json: {provider: 'google', count: 2}});
		const attempt = async () => withConversation('google', async conversation => {
			await conversation.secure();
			return conversation.auth('engineer@example.com', token);
		});
		const refused = '454-4.7.0 Too many login attempts, please try again later.\n454 4.7.0  https://support.google.com/mail/?p=TooManyLogins';
		expect(await attempt()).toBe(refused);
		expect(await attempt()).toBe(refused);
		expect(await attempt()).toMatch(/^235 /);
	});

	it('applies a refusal to its provider only, and ends it with count 0', async () => {
		const token = await microsoftToken();
		provider.controls.rejectNextSmtpAuth('google', '535 5.7.8 no');
		provider.controls.rejectNextSmtpAuth('microsoft', '535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant.', 5);
		provider.controls.rejectNextSmtpAuth('microsoft', '535 5.7.139 x', 0);
		await withConversation('microsoft', async conversation => {
			await conversation.secure();
			expect(await conversation.auth('engineer@contoso.example', token)).toMatch(/^235 /);
		});
	});

	it.each([
		[{provider: 'google', reply: '250 OK'}],
		[{provider: 'google', reply: 'nonsense'}],
		[{provider: 'google', reply: '535-5.7.8 a\n454 4.7.0 b'}],
		[{provider: 'google', reply: '535 5.7.8 a\u001B[2J'}],
		[{provider: 'yahoo', reply: '535 5.7.8 no'}],
		[{reply: '535 5.7.8 no'}],
		[{provider: 'google', reply: '535 5.7.8 no', count: -1}],
		[{provider: 'google', reply: '535 5.7.8 no', extra: true}],
	])('refuses a bad smtp-reject body: %j', async body => {
		const response = await request(provider, '/_control/smtp-reject', {json: body});
		expect(response.status).toBe(400);
		expect(response.json.error).toBe('invalid_request');
	});
});

describe('Gmail profile (gmail.googleapis.com)', () => {
	const profile = async (token: string | undefined, userId = 'me', method = 'GET') =>
		request(provider, `/gmail/v1/users/${encodeURIComponent(userId)}/profile`, {method, headers: token === undefined ? {} : {authorization: `Bearer ${token}`}});

	it('names the account the token was issued to', async () => {
		const token = await googleToken('robin@example.net');
		const answer = await profile(token);
		expect(answer.status).toBe(200);
		expect(answer.json).toEqual({emailAddress: 'robin@example.net', messagesTotal: 0, threadsTotal: 0, historyId: '1'});
		expect((await profile(token, 'robin@example.net')).status).toBe(200);
		expect(provider.controls.stats()['gmailProfile']).toBe(2);
	});

	it('answers 401 without a good token and 403 for another user, in the Google API error shape', async () => {
		const token = await googleToken('robin@example.net');
		for (const bad of [undefined, 'ya29.made-up', await microsoftToken()]) {
			const answer = await profile(bad);
			expect(answer.status).toBe(401);
			expect(answer.json.error).toMatchObject({code: 401, status: 'UNAUTHENTICATED', errors: [{reason: 'authError'}]});
		}

		const other = await profile(token, 'kim@example.net');
		expect(other.status).toBe(403);
		expect(other.json.error).toMatchObject({code: 403, status: 'PERMISSION_DENIED'});
		expect((await profile(token, 'me', 'POST')).status).toBe(405);
		provider.controls.revokeAll();
		expect((await profile(token)).status).toBe(401);
	});
});

describe('Entra: Outlook access tokens', () => {
	it('are JWT-shaped with the account and the SMTP.Send scope, and each one is new', async () => {
		const first = await microsoftToken('alex@contoso.example');
		const second = await microsoftToken('alex@contoso.example');
		expect(first).not.toBe(second);
		const [header, payload, signature] = first.split('.');
		expect(JSON.parse(Buffer.from(header!, 'base64url').toString('utf8'))).toEqual({typ: 'JWT', alg: 'none'});
		expect(signature).toBe('');
		expect(JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8'))).toMatchObject({
			aud: 'https://outlook.office.com',
			scp: 'SMTP.Send',
			upn: 'alex@contoso.example',
			unique_name: 'alex@contoso.example',
			preferred_username: 'alex@contoso.example',
			appid: offlineMicrosoftClientId,
			ver: '1.0',
		});
	});
});
