/**
The offline SMTP servers that stand in for smtp.office365.com and smtp.gmail.com (one listener
each, so that each greets and answers like its original): STARTTLS with the identity
provider's certificate in force (`valid`, `wrong-cn` or `untrusted`, read per connection), SASL
XOAUTH2 only, after STARTTLS only. The token is checked with the identity provider in process:
known, not expired, not revoked, issued to the SASL user, with the provider's mail scope
(Outlook's `SMTP.Send`, Google's `https://mail.google.com/`). Refusals are worded as the real
servers word them. Accepted messages go to the mailbox (mailbox.ts), never with a token.
*/
import {randomBytes} from 'node:crypto';
import {SMTPServer, type SMTPServerAuthentication, type SMTPServerDataStream, type SMTPServerSession} from 'smtp-server';
import type {CertificateKind, CertificateSet} from './certificates.js';
import {smtpSendScope, type AccessTokenGrant, type Entra} from './entra.js';
import {googleMailScope, type Google} from './google.js';
import {readMessage, smtpProviders, type SmtpProvider, type SmtpReply, type SmtpState} from './mailbox.js';

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

/** How each original greets, refuses a token and accepts a message. */
type Profile = {
	name: string;
	banner: string;
	/** The scope a token needs to send mail. */
	scope: string;
	grantOf(token: string): AccessTokenGrant | undefined;
	badCredentials(): SmtpReply;
	accepted(): string;
	/** Exchange Online refuses to send as anyone but the signed-in account; Gmail rewrites From instead. */
	sendAsDenied?: (user: string, from: string) => SmtpReply;
};

const maxMessageBytes = 10 * 1024 * 1024;

function id(bytes = 6): string {
	return randomBytes(bytes).toString('hex');
}

function profiles(entra: Entra, google: Google): Record<SmtpProvider, Profile> {
	const microsoftHost = 'OFFLINE01.outlook.office365.com';
	return {
		microsoft: {
			name: microsoftHost,
			banner: 'Microsoft ESMTP MAIL Service ready (offline stand-in for smtp.office365.com)',
			scope: smtpSendScope,
			grantOf: token => entra.accessTokenGrant(token),
			badCredentials: () => ({code: 535, lines: [`5.7.3 Authentication unsuccessful [${microsoftHost}]`]}),
			accepted: () => `2.0.0 OK <${id(8)}@${microsoftHost}> [Hostname=${microsoftHost}]`,
			sendAsDenied: (user, from) => ({
				code: 554,
				lines: [`5.2.252 SendAsDenied; ${user} not allowed to send as ${from}; STOREDRV.Submission.Exception:SendAsDeniedException.MapiExceptionSendAsDenied; Failed to process message due to a permanent exception [${microsoftHost}]`],
			}),
		},
		google: {
			name: 'smtp.gmail.com',
			banner: `${id()} - gsmtp (offline stand-in)`,
			scope: googleMailScope,
			grantOf: token => google.accessTokenGrant(token),
			badCredentials: () => ({
				code: 535,
				lines: [
					'5.7.8 Username and Password not accepted. For more information, go to',
					`5.7.8  https://support.google.com/mail/?p=BadCredentials ${id()} - gsmtp`,
				],
			}),
			accepted: () => `2.0.0 OK  ${Math.floor(Date.now() / 1000)} ${id()} - gsmtp`,
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
			if (size <= maxMessageBytes) {
				chunks.push(chunk);
			}
		});
		stream.on('end', () => {
			resolve(Buffer.concat(chunks).toString('utf8'));
		});
		stream.on('error', reject);
	});
}

function createServer(provider: SmtpProvider, profile: Profile, options: OfflineSmtpOptions): SMTPServer {
	const {state, certificates, log} = options;
	let certificateInForce: CertificateKind = options.certificate();
	const tlsOf = (kind: CertificateKind) => ({key: certificates.leaves[kind].privateKeyPem, cert: certificates.leaves[kind].certificatePem});
	const server: SMTPServer = new SMTPServer({
		name: profile.name,
		banner: profile.banner,
		...tlsOf(certificateInForce),
		minVersion: 'TLSv1.2',
		authMethods: ['XOAUTH2'],
		size: maxMessageBytes,
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
		onAuth(auth: SMTPServerAuthentication, _session: SMTPServerSession, callback) {
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
				callback(replyError(profile.badCredentials()));
				return;
			}

			log(`smtp ${provider}: AUTH accepted`);
			callback(null, {user: grant.account});
		},
		onData(stream, session, callback) {
			readStream(stream).then(raw => {
				if (stream.sizeExceeded) {
					callback(replyError({code: 552, lines: ['5.3.4 Message size exceeds fixed maximum message size']}));
					return;
				}

				const account = String(session.user ?? '');
				const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
				if (profile.sendAsDenied && from.toLowerCase() !== account.toLowerCase()) {
					log(`smtp ${provider}: message refused (send as another address)`);
					callback(replyError(profile.sendAsDenied(account, from)));
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
				callback(null, profile.accepted());
			}, () => {
				callback(replyError({code: 451, lines: ['4.3.0 The message could not be read']}));
			});
		},
	});
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
