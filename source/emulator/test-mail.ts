/**
Sending the test mail as firmware does it, with nodemailer: the provider's submission server
on port 587, STARTTLS required, SASL XOAUTH2 with the account and its access token, a short
plain-text message. "Verify Server Certificate" and "Add CN to Verification Items" mean what
they mean for the connection check (outbound.ts). Offline, smtp.office365.com and
smtp.gmail.com are routed to the offline SMTP servers (SNI and the name checked stay the real
names) and only the local CA is trusted.

AUTH XOAUTH2 is sent once, with the token as its initial response. A server that refuses the
token with a 334 challenge (Gmail: base64 JSON with the error, per Google's XOAUTH2 protocol
document) gets the empty line the protocol asks for, and its reply to that (Gmail's two-line
535-5.7.8) is the result. nodemailer's own OAuth2 login would instead treat the 334 as a reason
to fetch a new token and send AUTH again with the same one, so the mechanism is run here as a
custom one (nodemailer's `customAuth`), which makes no retry. Its name is not XOAUTH2: for a
method named XOAUTH2 without an OAuth2 token generator, nodemailer picks another advertised
mechanism (PLAIN) instead.

The result carries the server's own last reply (`250 2.0.0 OK …`, `535 5.7.3 …`; a reply of
several lines keeps them, joined with \n) or, when the conversation never got that far, only the
stage that failed. Nothing here logs, and no token reaches a result: nodemailer's logger is off,
and a reply is cleaned of the token should a server ever echo it.
*/
import tls, {type PeerCertificate} from 'node:tls';
import {createTransport} from 'nodemailer';
import type SMTPConnection from 'nodemailer/lib/smtp-connection';
import type {TestMailFailure, TestMailProvider, TestMailResult} from '../device/contract.js';
import {smtpServers} from '../device/contract-values.js';
import {classifyError, type Route, type TlsPolicy} from './outbound.js';
import {iso} from './provider-state.js';

export const testMailSubject = 'cloudmail-setup test mail';

const providerNames: Record<TestMailProvider, string> = {
	microsoft: 'Microsoft Exchange Online',
	google: 'Google Workspace',
};

const maxReplyLength = 4096;

export type MailerOptions = {
	/** PEM of the only CA to trust while verifying; undefined = Node's default roots. */
	ca?: string;
	/** Offline: where the SMTP servers' names are routed. */
	route?: Route;
	/** Offline: a name the route does not know is unreachable (never looked up for real). */
	offline?: boolean;
	/** Connection, greeting and each wait for the server. Default 15 s. */
	timeoutMs?: number;
	/**
	The whole conversation, however slowly a server trickles its replies. Default 40 s, so that
	with a token refresh before it the answer still comes within the client's 60 s.
	*/
	totalTimeoutMs?: number;
	now: () => number;
};

export type TestMail = {
	provider: TestMailProvider;
	account: string;
	accessToken: string;
	to: string;
	tls: TlsPolicy;
};

export type Mailer = {
	send(mail: TestMail): Promise<TestMailResult>;
	/** Abandons every conversation in flight (used by close()). */
	abortAll(): void;
};

type Outcome = {failure: TestMailFailure; reply?: string | undefined};

function textOf(value: unknown): string | undefined {
	return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** Sorts nodemailer's error into the stage that failed, keeping the server's reply when there was one. */
export function classifySmtpError(error: unknown): Outcome {
	const details = (typeof error === 'object' && error !== null ? error : {}) as {code?: unknown; originalCode?: unknown; response?: unknown};
	const code = textOf(details.code);
	const reply = textOf(details.response);
	switch (code) {
		case 'EAUTH': {
			return {failure: 'auth', reply};
		}

		case 'ETIMEDOUT': {
			return {failure: 'timeout'};
		}

		case 'ETLS': {
			return {failure: 'tls', reply};
		}

		case 'EENVELOPE':
		case 'EMESSAGE':
		case 'EPROTOCOL': {
			return {failure: 'rejected', reply};
		}

		default: {
			// A reply to no command (421 at the greeting, a server closing): the server refused.
			if (reply) {
				return {failure: 'rejected', reply};
			}

			// Socket errors: the system's or TLS's own code tells what happened.
			const underlying = textOf(details.originalCode) ?? code;
			const {reason} = classifyError(Object.assign(new Error('smtp'), {code: underlying}));
			switch (reason) {
				case 'timeout': {
					return {failure: 'timeout'};
				}

				case 'certificate_untrusted':
				case 'cn_mismatch':
				case 'tls_error': {
					return {failure: 'tls'};
				}

				default: {
					return {failure: 'unreachable'};
				}
			}
		}
	}
}

/** The reply as the contract carries it: CRLF as LF, bounded, and never the token. */
function cleanReply(reply: string | undefined, accessToken: string): string | undefined {
	if (reply === undefined) {
		return undefined;
	}

	const text = reply.replace(/\r\n?/g, '\n').trim().replaceAll(accessToken, '[token]');
	return text.length > maxReplyLength ? `${text.slice(0, maxReplyLength - 1)}…` : text;
}

/** SASL XOAUTH2's initial response (Google's and Microsoft's documents): user, then the bearer token. */
export function xoauth2InitialResponse(user: string, accessToken: string): string {
	return Buffer.from(`user=${user}\u0001auth=Bearer ${accessToken}\u0001\u0001`, 'utf8').toString('base64');
}

/**
AUTH XOAUTH2, once: 235 logs in; a 334 (the server's error, as a challenge) is answered with an
empty line and the reply to that ends it; anything else is refused as it is. nodemailer turns a
thrown error into EAUTH with the last reply as `response`.
*/
const xoauth2Once = 'XOAUTH2-ONCE';
const xoauth2: SMTPConnection.CustomAuthenticationHandlers[string] = async ({auth, sendCommand}) => {
	let reply = await sendCommand(`AUTH XOAUTH2 ${xoauth2InitialResponse(auth.credentials.user, auth.credentials.pass)}`);
	if (reply.status === 334) {
		reply = await sendCommand('');
	}

	if (reply.status !== 235) {
		throw new Error('Invalid login');
	}
};

function messageText(mail: TestMail, server: string, at: number): string {
	return [
		'This is a test mail from the printer (cloudmail-setup emulated device).',
		'',
		`Sent by: ${mail.account}`,
		`Through: ${server}, STARTTLS, OAuth 2.0 (${providerNames[mail.provider]})`,
		`Sent at: ${iso(at)}`,
		'',
		'If you can read this, the device can send mail.',
	].join('\n');
}

export function createMailer(options: MailerOptions): Mailer {
	const timeoutMs = options.timeoutMs ?? 15_000;
	const totalTimeoutMs = options.totalTimeoutMs ?? 40_000;
	const inFlight = new Set<AbortController>();

	async function send(mail: TestMail): Promise<TestMailResult> {
		const {host, port} = smtpServers[mail.provider];
		const server = `${host}:${port}`;
		const at = options.now();
		const result = (outcome: {sent: true; reply?: string | undefined} | ({sent: false} & Outcome)): TestMailResult => {
			const reply = cleanReply(outcome.reply, mail.accessToken);
			return {
				sent: outcome.sent,
				from: mail.account,
				to: mail.to,
				server,
				...(reply === undefined ? {} : {reply}),
				...(outcome.sent ? {} : {failure: outcome.failure}),
				at: iso(at),
			};
		};

		const target = options.route?.(host);
		if (!target && options.offline) {
			return result({sent: false, failure: 'unreachable'});
		}

		const verify = mail.tls.verifyServerCertificate;
		const checkCn = verify && mail.tls.addCnToVerification;
		const transport = createTransport({
			host: target?.host ?? host,
			port: target?.port ?? port,
			secure: false,
			requireTLS: true,
			forceAuth: true,
			auth: {type: 'custom', method: xoauth2Once, user: mail.account, pass: mail.accessToken},
			customAuth: {[xoauth2Once]: xoauth2},
			tls: {
				servername: host,
				minVersion: 'TLSv1.2',
				rejectUnauthorized: verify,
				...(verify && options.ca !== undefined ? {ca: options.ca} : {}),
				checkServerIdentity: (name: string, certificate: PeerCertificate) => (checkCn ? tls.checkServerIdentity(name, certificate) : undefined),
			},
			connectionTimeout: timeoutMs,
			greetingTimeout: timeoutMs,
			socketTimeout: timeoutMs,
			logger: false,
			debug: false,
			disableFileAccess: true,
			disableUrlAccess: true,
		});
		const controller = new AbortController();
		inFlight.add(controller);
		let overdue = false;
		const deadline = setTimeout(() => {
			overdue = true;
			controller.abort();
		}, totalTimeoutMs);
		try {
			const info = await transport.sendMail({
				from: mail.account,
				to: mail.to,
				subject: testMailSubject,
				text: messageText(mail, server, at),
				date: new Date(at),
				signal: controller.signal,
			});
			return result({sent: true, reply: textOf(info.response)});
		} catch (error) {
			return result({sent: false, ...(overdue ? {failure: 'timeout'} : classifySmtpError(error))});
		} finally {
			clearTimeout(deadline);
			inFlight.delete(controller);
			transport.close();
		}
	}

	return {
		send,
		abortAll() {
			for (const controller of inFlight) {
				controller.abort();
			}

			inFlight.clear();
		},
	};
}
