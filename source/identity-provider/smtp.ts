/**
The offline SMTP servers that stand in for smtp.office365.com and smtp.gmail.com (one listener
each, so that each greets and answers like its original): STARTTLS with the identity
provider's certificate in force (`valid`, `wrong-cn` or `untrusted`, read per connection), AUTH
after STARTTLS only, SASL XOAUTH2 accepted. The token is checked with the identity provider in
process: known, not expired, not revoked, issued to the SASL user, with the provider's mail
scope (Outlook's `SMTP.Send`, Google's `https://mail.google.com/`). Accepted messages go to the
mailbox (mailbox.ts), never with a token.

Every reply a client sees is the real server's own text, from the table in smtp-replies.ts
(each with its published source): the greeting, the EHLO lists before and after STARTTLS, the
replies to STARTTLS, AUTH, MAIL, RCPT, DATA and QUIT. Gmail refuses a token in two steps as it
does for real: 334 with its error JSON, and after the client's empty line the two-line 535.
smtp-server cannot be told these texts, so each connection's `send` is wrapped to replace the
library's own wording (and its greeting and AUTH handler are the server's): nothing inside
node_modules is changed.

Each server advertises the AUTH mechanisms its original advertises. XOAUTH2 is the only one
that can succeed; a password sent with another advertised mechanism (LOGIN, PLAIN, …) is
refused as the real server refuses it (Exchange Online: basic authentication is disabled;
Gmail: username and password not accepted).
*/
import {randomBytes, randomInt} from 'node:crypto';
import {SMTPServer, type SMTPServerAuthentication, type SMTPServerDataStream, type SMTPServerSession} from 'smtp-server';
import type {CertificateKind, CertificateSet} from './certificates.js';
import {smtpSendScope, type AccessTokenGrant, type Entra} from './entra.js';
import {googleMailScope, type Google} from './google.js';
import {readMessage, smtpProviders, type SmtpProvider, type SmtpReply, type SmtpState} from './mailbox.js';
import {advertisedMechanisms, gmailTokenError, renderReply, smtpReplies, type ReplyText, type ServerReplies} from './smtp-replies.js';

export type OfflineSmtpOptions = {
	host: string;
	/** Default 0 (a free port) for each. */
	ports?: Partial<Record<SmtpProvider, number>>;
	entra: Entra;
	google: Google;
	state: SmtpState;
	certificates: CertificateSet;
	/** The certificate the identity provider serves now (switched by its `config` control). */
	certificate: () => CertificateKind;
	log: (line: string) => void;
};

export type OfflineSmtp = {
	ports: Record<SmtpProvider, number>;
	close(): Promise<void>;
};

type Connection = SMTPServer['connections'] extends Set<infer C> ? C : never;

/** How each original names itself, checks a token and refuses one. */
type Profile = {
	/** The name the original gives itself (smtp-server uses it in its own 421 replies). */
	name: string;
	replies: ServerReplies;
	/** The SIZE each original advertises, in bytes. */
	size: number;
	/** The scope a token needs to send mail. */
	scope: string;
	grantOf(token: string): AccessTokenGrant | undefined;
	/** Gmail answers a refused token with a 334 challenge first; Exchange Online does not. */
	challengesBadToken: boolean;
	/** Names in the replies that stay the same for the server's life. */
	names: Record<string, string>;
};

/** The messages kept in the mailbox are cut at this size (the servers accept up to their SIZE). */
const maxStoredBytes = 10 * 1024 * 1024;

/** Exchange Online's host names, as offline ones: the front end that answers, the mailbox server. */
const exchangeFrontEnd = 'OFFLINE01.outlook.office365.com';
const exchangeBackEnd = 'OFFLINE01MB0001.offline01.prod.outlook.com';

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const digits = (count: number) => Array.from({length: count}, () => randomInt(10)).join('');

/** A Gmail connection id, shaped like `d9443c01a7336-22fc75468e4sm22683125ad.44`. */
function gmailSession(): string {
	return `${hex(7).slice(0, 13)}-${hex(6).slice(0, 11)}sm${digits(8)}ad.${digits(2)}`;
}

const weekdays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** RFC 5322 date as Exchange Online writes it: `Thu, 10 Oct 2024 22:49:55 +0000`. */
function exchangeDate(at: Date): string {
	const time = [at.getUTCHours(), at.getUTCMinutes(), at.getUTCSeconds()].map(part => String(part).padStart(2, '0')).join(':');
	return `${weekdays[at.getUTCDay()]}, ${at.getUTCDate()} ${months[at.getUTCMonth()]} ${at.getUTCFullYear()} ${time} +0000`;
}

function profiles(entra: Entra, google: Google): Record<SmtpProvider, Profile> {
	return {
		microsoft: {
			name: exchangeFrontEnd,
			replies: smtpReplies.microsoft,
			size: 157_286_400,
			scope: smtpSendScope,
			grantOf: token => entra.accessTokenGrant(token),
			challengesBadToken: false,
			names: {frontEnd: exchangeFrontEnd, backEnd: exchangeBackEnd},
		},
		google: {
			name: 'smtp.gmail.com',
			replies: smtpReplies.google,
			size: 35_882_577,
			scope: googleMailScope,
			grantOf: token => google.accessTokenGrant(token),
			challengesBadToken: true,
			names: {},
		},
	};
}

/** One connection's values for the replies: its Gmail session id, its client, the time now. */
type Speaker = {
	reply(text: ReplyText, extra?: Record<string, string>): SmtpReply;
};

function speaker(profile: Profile, clientIp: () => string): Speaker {
	const session = gmailSession();
	return {
		reply(text, extra = {}) {
			const now = new Date();
			return renderReply(text, {
				...profile.names,
				session,
				clientIp: clientIp(),
				date: exchangeDate(now),
				isoDate: now.toISOString(),
				hexId: hex(8).toUpperCase(),
				seconds: String(Math.floor(now.getTime() / 1000)),
				...extra,
			});
		},
	};
}

/**
An error that smtp-server sends as this reply. Its `send` writes an array as a multi-line
reply (`535-…` then `535 …`), and the error's message goes to it as it is.
*/
function replyError(reply: SmtpReply): Error {
	const error = Object.assign(new Error(reply.lines.join(' ')), {responseCode: reply.code});
	if (reply.lines.length > 1) {
		(error as {message: unknown}).message = [...reply.lines];
	}

	return error;
}

function readStream(stream: SMTPServerDataStream): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		stream.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size <= maxStoredBytes) {
				chunks.push(chunk);
			}
		});
		stream.on('end', () => {
			resolve(Buffer.concat(chunks).toString('utf8'));
		});
		stream.on('error', reject);
	});
}

/** smtp-server's own reply texts, and the occasion each stands for. */
function occasionOf(code: number, data: string | string[] | null | undefined, context: string | false | undefined, secure: boolean): keyof ServerReplies | undefined {
	if (Array.isArray(data)) {
		// The only multi-line reply smtp-server writes itself is the EHLO list.
		return code === 250 && context === false ? (secure ? 'ehloAfterTls' : 'ehloBeforeTls') : undefined;
	}

	switch (`${code} ${data ?? ''}`) {
		case '220 Ready to start TLS': {
			return 'startTls';
		}

		case '235 Authentication successful': {
			return 'authSucceeded';
		}

		case '250 Accepted': {
			return context === 'MAIL_FROM_OK' ? 'mailAccepted' : (context === 'RCPT_TO_OK' ? 'rcptAccepted' : undefined);
		}

		case '354 End data with <CR><LF>.<CR><LF>': {
			return 'dataGoAhead';
		}

		case '221 Bye': {
			return 'quit';
		}

		case '530 Error: authentication Required': {
			return 'authRequired';
		}

		case '535 Error: Username and Password not accepted': {
			// The answer to the client's line after Gmail's 334 challenge.
			return 'badToken';
		}

		case '538 Error: Must issue a STARTTLS command first': {
			return 'authBeforeTls';
		}

		case '504 Error: Unrecognized authentication type': {
			return 'unrecognizedMechanism';
		}

		default: {
			// HELO's one-line 250 is the only reply smtp-server writes with no enhanced-code context.
			return code === 250 && context === false ? 'helo' : undefined;
		}
	}
}

/**
Makes one connection speak as the original: its greeting, every library reply replaced by the
original's text, and AUTH handled as the original handles it (XOAUTH2 goes on to smtp-server's
SASL and onAuth; other advertised mechanisms are refused like a wrong password).
*/
function speakAs(connection: Connection, profile: Profile, speakers: WeakMap<SMTPServerSession, Speaker>, log: (line: string) => void, provider: SmtpProvider): void {
	const voice = speaker(profile, () => connection.remoteAddress);
	speakers.set(connection.session, voice);
	const send = connection.send.bind(connection);
	const say = (reply: SmtpReply) => {
		send(reply.code, reply.lines.length === 1 ? reply.lines[0]! : reply.lines, false);
	};

	connection.send = (code, data, context) => {
		const occasion = occasionOf(code, data, context, connection.secure);
		const text = occasion === undefined ? undefined : profile.replies[occasion];
		if (text) {
			say(voice.reply(text));
		} else {
			send(code, data, context);
		}
	};

	connection._sendGreeting = () => {
		say(voice.reply(profile.replies.greeting));
	};

	const mechanisms = advertisedMechanisms(profile.replies);
	const libraryAuth = connection.handler_AUTH.bind(connection);
	connection.handler_AUTH = (command, callback) => {
		const [, name = '', ...args] = command.toString().trim().split(/\s+/);
		const method = name.toUpperCase();
		if (!connection.secure) {
			say(voice.reply(profile.replies.authBeforeTls));
			callback();
			return;
		}

		if (method === 'XOAUTH2' || connection.session.user || !mechanisms.includes(method)) {
			libraryAuth(command, callback);
			return;
		}

		// An advertised mechanism that carries a password: refused once the client has sent it.
		const refuse = (done: () => void) => {
			log(`smtp ${provider}: AUTH ${method} refused (no passwords offline)`);
			say(voice.reply(profile.replies.passwordRefused));
			done();
		};

		const ask = (reply: ReplyText, then: (done: () => void) => void) => {
			connection._nextHandler = (_line, done) => {
				then(done);
			};

			say(voice.reply(reply));
		};

		if (method === 'LOGIN') {
			const askPassword = (done: () => void) => {
				ask(profile.replies.loginPassword, refuse);
				done();
			};

			if (args.length > 0) {
				askPassword(callback);
			} else {
				ask(profile.replies.loginUsername, askPassword);
				callback();
			}

			return;
		}

		if (args.length > 0) {
			refuse(callback);
		} else {
			ask(profile.replies.emptyChallenge, refuse);
			callback();
		}
	};
}

function createServer(provider: SmtpProvider, profile: Profile, options: OfflineSmtpOptions): SMTPServer {
	const {state, certificates, log} = options;
	const speakers = new WeakMap<SMTPServerSession, Speaker>();
	const voiceOf = (session: SMTPServerSession): Speaker => {
		const voice = speakers.get(session);
		if (!voice) {
			throw new Error('SMTP session without its connection');
		}

		return voice;
	};

	let certificateInForce: CertificateKind = options.certificate();
	const tlsOf = (kind: CertificateKind) => ({key: certificates.leaves[kind].privateKeyPem, cert: certificates.leaves[kind].certificatePem});
	const server: SMTPServer = new SMTPServer({
		name: profile.name,
		...tlsOf(certificateInForce),
		minVersion: 'TLSv1.2',
		authMethods: ['XOAUTH2'],
		size: profile.size,
		hideDSN: provider !== 'microsoft',
		// The real servers name the client by its address ([ip]), never by a reverse lookup.
		disableReverseLookup: true,
		logger: false,
		maxClients: 50,
		socketTimeout: 60_000,
		closeTimeout: 500,
		onConnect(_session, callback) {
			const kind = options.certificate();
			if (kind !== certificateInForce) {
				server.updateSecureContext(tlsOf(kind));
				certificateInForce = kind;
			}

			callback();
		},
		onAuth(auth: SMTPServerAuthentication, session: SMTPServerSession, callback) {
			const rejection = state.takeRejection(provider);
			if (rejection) {
				log(`smtp ${provider}: AUTH refused as told (${rejection.code})`);
				callback(replyError(rejection));
				return;
			}

			const grant = auth.method === 'XOAUTH2' && auth.accessToken ? profile.grantOf(auth.accessToken) : undefined;
			const user = (auth.username ?? '').toLowerCase();
			if (!grant || !grant.scopes.includes(profile.scope) || grant.account.toLowerCase() !== user) {
				log(`smtp ${provider}: AUTH refused (${grant ? 'wrong user or scope' : 'unknown, expired or revoked token'})`);
				if (profile.challengesBadToken) {
					// smtp-server sends this as `334 <base64 JSON>`; the client's next line gets badToken.
					callback(null, {data: {...gmailTokenError}});
				} else {
					callback(replyError(voiceOf(session).reply(profile.replies.badToken)));
				}

				return;
			}

			log(`smtp ${provider}: AUTH accepted`);
			callback(null, {user: grant.account});
		},
		onData(stream, session, callback) {
			const voice = voiceOf(session);
			readStream(stream).then(raw => {
				if (stream.sizeExceeded) {
					// Offline wording (not copied from either server): a test mail never gets here.
					callback(replyError({code: 552, lines: ['5.3.4 Message size exceeds fixed maximum message size']}));
					return;
				}

				const account = String(session.user ?? '');
				const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
				const {sendAsDenied} = profile.replies;
				if (sendAsDenied && from.toLowerCase() !== account.toLowerCase()) {
					log(`smtp ${provider}: message refused (send as another address)`);
					callback(replyError(voice.reply(sendAsDenied, {user: account, from})));
					return;
				}

				const {headers, text} = readMessage(raw);
				state.receive({
					provider,
					account,
					from,
					to: session.envelope.rcptTo.map(recipient => recipient.address),
					headerFrom: headers.get('from') ?? '',
					headerTo: headers.get('to') ?? '',
					subject: headers.get('subject') ?? '',
					text,
					receivedAt: new Date().toISOString(),
				});
				log(`smtp ${provider}: message accepted`);
				const messageId = `${exchangeBackEnd.split('.')[0]!}${hex(12).toUpperCase()}@${exchangeBackEnd}`;
				callback(null, voice.reply(profile.replies.messageAccepted, {messageId}).lines.join(' '));
			}, () => {
				// Offline wording (not copied from either server): the stream broke.
				callback(replyError({code: 451, lines: ['4.3.0 The message could not be read']}));
			});
		},
	});
	// Each connection is made to speak as the original before it greets: smtp-server adds it
	// to `connections` right after creating it and before `init()` sends anything.
	const connections = new Set<Connection>();
	const add = connections.add.bind(connections);
	connections.add = connection => {
		if (!connections.has(connection)) {
			speakAs(connection, profile, speakers, log, provider);
		}

		return add(connection);
	};

	server.connections = connections;
	server.on('error', error => {
		log(`smtp ${provider}: error (${(error as NodeJS.ErrnoException).code ?? error.name})`);
	});
	return server;
}

function listen(server: SMTPServer, port: number, host: string): Promise<number> {
	return new Promise((resolve, reject) => {
		server.server.once('error', reject);
		server.listen(port, host, () => {
			server.server.off('error', reject);
			const address = server.server.address();
			resolve(typeof address === 'object' && address ? address.port : port);
		});
	});
}

export async function startOfflineSmtp(options: OfflineSmtpOptions): Promise<OfflineSmtp> {
	const byProvider = profiles(options.entra, options.google);
	const servers = smtpProviders.map(provider => ({provider, server: createServer(provider, byProvider[provider], options)}));
	const close = async () => {
		await Promise.all(servers.map(async ({server}) => new Promise<void>(resolve => {
			if (!server.server.listening) {
				resolve();
				return;
			}

			server.close(() => {
				resolve();
			});
		})));
	};

	try {
		const ports = {} as Record<SmtpProvider, number>;
		for (const {provider, server} of servers) {
			ports[provider] = await listen(server, options.ports?.[provider] ?? 0, options.host);
		}

		return {ports, close};
	} catch (error) {
		await close();
		throw error;
	}
}
