/**
The offline SMTP servers against a client that is not ours: Python's standard smtplib
(test/conformance/smtplib-client.py, standard library only), as a printer's or a script's
mailer talks to smtp.office365.com and smtp.gmail.com on port 587. The identity provider runs
in process; its tokens come from its own OAuth flows. Every reply is compared with what the
real service sends, line by line: the greeting, the EHLO lists before and after STARTTLS (no
AUTH before it), AUTH XOAUTH2 with a good and with a bad token (Gmail's 334 challenge, the
empty line that answers it, then its two-line 535; Exchange Online's 535 5.7.3 at once), and
MAIL, RCPT, DATA and QUIT.

The expected texts are written out here on their own, so that this test checks the table the
servers use (source/identity-provider/smtp-replies.ts, where each text's published source is
named) instead of repeating it. Placeholders: a Gmail session id, an Exchange host name, a
date, a message id, the client address (127.0.0.1 here).

python3 is required: without it the test fails (CI has it).
*/
import {spawn} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {manualClock} from '../../source/clock.js';
import {
	googleAuthorizationPath,
	googleMailScope,
	googleTokenPath,
	offlineMicrosoftClientId,
	type IdentityProvider,
	type SmtpProvider,
} from '../../source/identity-provider/index.js';
import {microsoftScope, request, withIdentityProvider} from '../identity-provider-helpers.js';

const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'smtplib-client.py');
const start = Date.parse('2025-04-01T09:00:00Z');
const clock = manualClock(start);
let provider: IdentityProvider;
let caFile: string;
let tmp: string;

withIdentityProvider({clock, start, logLines: []}, current => {
	provider = current;
});

beforeAll(() => {
	tmp = mkdtempSync(path.join(tmpdir(), 'smtplib-'));
	caFile = path.join(tmp, 'ca.pem');
	writeFileSync(caFile, provider.caCertificatePem);
});

afterAll(() => {
	rmSync(tmp, {recursive: true, force: true});
});

type Reply = {command: string | null; code: number; lines: string[]};
type Run = {
	transcript: Reply[];
	challenges: string[];
	featuresBeforeTls?: Record<string, string>;
	featuresAfterTls?: Record<string, string>;
	error?: {type: string; code?: number; message?: string};
};

const serverNames: Record<SmtpProvider, string> = {microsoft: 'smtp.office365.com', google: 'smtp.gmail.com'};

/** Runs the smtplib client with its JSON arguments on stdin; its JSON transcript. */
async function smtplib(smtp: SmtpProvider, user: string, token: string): Promise<Run> {
	const input = JSON.stringify({
		host: '127.0.0.1',
		port: provider.smtpPorts[smtp],
		serverName: serverNames[smtp],
		caFile,
		user,
		token,
		from: user,
		to: 'someone@example.org',
	});
	return new Promise((resolve, reject) => {
		const child = spawn('python3', [script], {stdio: ['pipe', 'pipe', 'pipe']});
		let stdout = '';
		let stderr = '';
		child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
			stdout += chunk;
		});
		child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
			stderr += chunk;
		});
		child.on('error', (error: NodeJS.ErrnoException) => {
			reject(error.code === 'ENOENT'
				? new Error('python3 was not found on PATH: the smtplib conformance test needs Python 3 (standard library only). Install python3; CI has it.')
				: error);
		});
		child.on('close', code => {
			if (code !== 0) {
				reject(new Error(`smtplib-client.py exited with ${code}: ${stderr}`));
				return;
			}

			try {
				resolve(JSON.parse(stdout) as Run);
			} catch {
				reject(new Error(`smtplib-client.py printed no JSON: ${stdout} ${stderr}`));
			}
		});
		child.stdin.end(input);
	});
}

async function microsoftToken(account: string): Promise<string> {
	const code = await request(provider, '/organizations/oauth2/v2.0/devicecode', {form: {client_id: offlineMicrosoftClientId, scope: microsoftScope}});
	expect(provider.controls.approve(code.json.user_code, account)).toBe('approved');
	const tokens = await request(provider, '/organizations/oauth2/v2.0/token', {
		form: {grant_type: 'urn:ietf:params:oauth:grant-type:device_code', client_id: offlineMicrosoftClientId, device_code: code.json.device_code},
	});
	expect(tokens.status).toBe(200);
	return tokens.json.access_token as string;
}

async function googleToken(account: string): Promise<string> {
	const clientId = '123456789012-smtplib.apps.googleusercontent.com';
	const query = new URLSearchParams({client_id: clientId, redirect_uri: 'http://localhost', response_type: 'code', scope: googleMailScope, access_type: 'offline'});
	const consent = provider.controls.googleConsent(`${googleAuthorizationPath}?${query.toString()}`, 'allow', account);
	const code = new URL(consent.location!).searchParams.get('code')!;
	const tokens = await request(provider, googleTokenPath, {
		form: {grant_type: 'authorization_code', code, client_id: clientId, client_secret: 'secret', redirect_uri: 'http://localhost'},
	});
	expect(tokens.status).toBe(200);
	return tokens.json.access_token as string;
}

/** A reply line as a pattern: the text is literal, `{name}` is one of the placeholders. */
const placeholders: Record<string, string> = {
	// Gmail's per-connection id, e.g. d9443c01a7336-22fc75468e4sm22683125ad.44
	session: '[\\da-z][\\da-z.-]*',
	// An Exchange Online front end, e.g. LO4P302CA0005.outlook.office365.com
	frontEnd: '[\\dA-Z]+\\.outlook\\.office365\\.com',
	// A mailbox server, e.g. BYAPR17MB2920.namprd17.prod.outlook.com (upper case in some replies)
	backEnd: '[\\dA-Za-z]+\\.[\\dA-Za-z]+\\.(?:prod\\.outlook\\.com|PROD\\.OUTLOOK\\.COM)',
	// RFC 5322 date as Exchange writes it, e.g. Thu, 10 Oct 2024 22:49:55 +0000
	date: '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \\d{4} \\d{2}:\\d{2}:\\d{2} \\+0000',
	isoDate: '\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z',
	hexId: '[\\dA-F]{16}',
	messageId: '[\\dA-Z]+@[\\dA-Za-z]+\\.[\\dA-Za-z]+\\.prod\\.outlook\\.com',
	seconds: '\\d{10}',
	base64: '[A-Za-z\\d+/]+={0,2}',
};

function line(template: string): RegExp {
	const source = template.split(/(\{\w+\})/).map(part => {
		const name = /^\{(\w+)\}$/.exec(part)?.[1];
		return name === undefined ? part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : placeholders[name]!;
	}).join('');
	return new RegExp(`^${source}$`);
}

type Expected = [command: string | null, code: number, lines: string[]];

/** The whole transcript, reply by reply: the command, the code and each line. */
function expectTranscript(run: Run, expected: Expected[]): void {
	const actual = run.transcript.map(reply => ({command: reply.command, code: reply.code, lines: reply.lines}));
	expect(actual).toEqual(expected.map(([command, code, lines]) => ({command, code, lines: lines.map(text => expect.stringMatching(line(text)))})));
}

/** Gmail names one id for the whole connection, in every reply that has one. */
function expectOneSession(run: Run): void {
	const ids = new Set(run.transcript.flatMap(reply => reply.lines).flatMap(text => /(\S+) - gsmtp$/.exec(text)?.slice(1) ?? []));
	expect(ids.size).toBe(1);
}

const gmailEhloBeforeTls = ['smtp.gmail.com at your service, [127.0.0.1]', 'SIZE 35882577', '8BITMIME', 'STARTTLS', 'ENHANCEDSTATUSCODES', 'PIPELINING', 'CHUNKING', 'SMTPUTF8'];
const gmailEhloAfterTls = ['smtp.gmail.com at your service, [127.0.0.1]', 'SIZE 35882577', '8BITMIME', 'AUTH LOGIN PLAIN XOAUTH2 PLAIN-CLIENTTOKEN OAUTHBEARER XOAUTH', 'ENHANCEDSTATUSCODES', 'PIPELINING', 'CHUNKING', 'SMTPUTF8'];
const exchangeEhloBeforeTls = ['{frontEnd} Hello [127.0.0.1]', 'SIZE 157286400', 'PIPELINING', 'DSN', 'ENHANCEDSTATUSCODES', 'STARTTLS', '8BITMIME', 'BINARYMIME', 'CHUNKING', 'SMTPUTF8'];
const exchangeEhloAfterTls = ['{frontEnd} Hello [127.0.0.1]', 'SIZE 157286400', 'PIPELINING', 'DSN', 'ENHANCEDSTATUSCODES', 'AUTH LOGIN XOAUTH2', '8BITMIME', 'BINARYMIME', 'CHUNKING', 'SMTPUTF8'];

/** smtplib's view of an EHLO list: lower-case keywords (AUTH's value starts with a space). */
function features(lines: string[]): Record<string, string> {
	return Object.fromEntries(lines.slice(1).map(text => {
		const [keyword, ...rest] = text.split(' ');
		return [keyword!.toLowerCase(), keyword === 'AUTH' ? ` ${rest.join(' ')}` : rest.join(' ')];
	}));
}

describe('smtplib against the offline smtp.gmail.com', () => {
	it('a good token: greeting, EHLO, STARTTLS, EHLO, AUTH XOAUTH2 235, MAIL, RCPT, DATA, QUIT as Gmail answers them', async () => {
		const token = await googleToken('robin@example.net');
		const run = await smtplib('google', 'robin@example.net', token);
		expect(run.error).toBeUndefined();
		expectTranscript(run, [
			[null, 220, ['smtp.gmail.com ESMTP {session} - gsmtp']],
			['ehlo printer.example', 250, gmailEhloBeforeTls],
			['STARTTLS', 220, ['2.0.0 Ready to start TLS']],
			['ehlo printer.example', 250, gmailEhloAfterTls],
			['AUTH XOAUTH2 <initial response>', 235, ['2.7.0 Accepted']],
			[expect.stringMatching(/^mail FROM:<robin@example\.net> size=\d+$/) as unknown as string, 250, ['2.1.0 OK {session} - gsmtp']],
			['rcpt TO:<someone@example.org>', 250, ['2.1.5 OK {session} - gsmtp']],
			['data', 354, ['Go ahead {session} - gsmtp']],
			['<message>', 250, ['2.0.0 OK  {seconds} {session} - gsmtp']],
			['quit', 221, ['2.0.0 closing connection {session} - gsmtp']],
		]);
		expect(run.featuresBeforeTls).toEqual(features(['', ...gmailEhloBeforeTls.slice(1)]));
		expect(run.featuresBeforeTls).not.toHaveProperty('auth');
		expect(run.featuresAfterTls).toEqual(features(['', ...gmailEhloAfterTls.slice(1)]));
		expectOneSession(run);
		expect(provider.controls.mail()).toMatchObject([{provider: 'google', account: 'robin@example.net', to: ['someone@example.org'], subject: 'smtplib conformance'}]);
	});

	it('a revoked token: 334 with the error JSON, the empty line answers it, then the two-line 535-5.7.8', async () => {
		const token = await googleToken('robin@example.net');
		provider.controls.revokeAll();
		const run = await smtplib('google', 'robin@example.net', token);
		expect(run.error).toEqual({type: 'SMTPAuthenticationError', code: 535});
		expectTranscript(run, [
			[null, 220, ['smtp.gmail.com ESMTP {session} - gsmtp']],
			['ehlo printer.example', 250, gmailEhloBeforeTls],
			['STARTTLS', 220, ['2.0.0 Ready to start TLS']],
			['ehlo printer.example', 250, gmailEhloAfterTls],
			['AUTH XOAUTH2 <initial response>', 334, ['{base64}']],
			['', 535, ['5.7.8 Username and Password not accepted. For more information, go to', '5.7.8  https://support.google.com/mail/?p=BadCredentials {session} - gsmtp']],
			['quit', 221, ['2.0.0 closing connection {session} - gsmtp']],
		]);
		expect(run.challenges).toEqual(['{"status":"400","schemes":"Bearer","scope":"https://mail.google.com/"}']);
		expectOneSession(run);
		expect(provider.controls.mail()).toEqual([]);
	});
});

describe('smtplib against the offline smtp.office365.com', () => {
	it('a good token: greeting, EHLO, STARTTLS, EHLO, AUTH XOAUTH2 235, MAIL, RCPT, DATA, QUIT as Exchange Online answers them', async () => {
		const token = await microsoftToken('alex@contoso.example');
		const run = await smtplib('microsoft', 'alex@contoso.example', token);
		expect(run.error).toBeUndefined();
		expectTranscript(run, [
			[null, 220, ['{frontEnd} Microsoft ESMTP MAIL Service ready at {date} [{hexId}]']],
			['ehlo printer.example', 250, exchangeEhloBeforeTls],
			['STARTTLS', 220, ['2.0.0 SMTP server ready']],
			['ehlo printer.example', 250, exchangeEhloAfterTls],
			['AUTH XOAUTH2 <initial response>', 235, ['2.7.0 Authentication successful']],
			[expect.stringMatching(/^mail FROM:<alex@contoso\.example> size=\d+$/) as unknown as string, 250, ['2.1.0 Sender OK']],
			['rcpt TO:<someone@example.org>', 250, ['2.1.5 Recipient OK']],
			['data', 354, ['Start mail input; end with <CRLF>.<CRLF>']],
			['<message>', 250, ['2.0.0 OK <{messageId}> [Hostname={backEnd}]']],
			['quit', 221, ['2.0.0 Service closing transmission channel']],
		]);
		expect(run.featuresBeforeTls).toEqual(features(['', ...exchangeEhloBeforeTls.slice(1)]));
		expect(run.featuresBeforeTls).not.toHaveProperty('auth');
		expect(run.featuresAfterTls).toEqual(features(['', ...exchangeEhloAfterTls.slice(1)]));
		expect(provider.controls.mail()).toMatchObject([{provider: 'microsoft', account: 'alex@contoso.example', to: ['someone@example.org'], subject: 'smtplib conformance'}]);
	});

	it('a revoked token: 535 5.7.3 Authentication unsuccessful at once, no challenge', async () => {
		const token = await microsoftToken('alex@contoso.example');
		provider.controls.revokeAll();
		const run = await smtplib('microsoft', 'alex@contoso.example', token);
		expect(run.error).toEqual({type: 'SMTPAuthenticationError', code: 535});
		expect(run.challenges).toEqual([]);
		expectTranscript(run, [
			[null, 220, ['{frontEnd} Microsoft ESMTP MAIL Service ready at {date} [{hexId}]']],
			['ehlo printer.example', 250, exchangeEhloBeforeTls],
			['STARTTLS', 220, ['2.0.0 SMTP server ready']],
			['ehlo printer.example', 250, exchangeEhloAfterTls],
			['AUTH XOAUTH2 <initial response>', 535, ['5.7.3 Authentication unsuccessful [{backEnd} {isoDate} {hexId}]']],
			['quit', 221, ['2.0.0 Service closing transmission channel']],
		]);
		expect(provider.controls.mail()).toEqual([]);
	});
});
