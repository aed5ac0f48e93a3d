/**
What the offline SMTP servers keep for tests: the messages they accepted (without any token:
only the envelope, the account that authenticated, the subject and the text) and the replies
queued by the `smtp-reject` control for the next AUTH. No I/O.
*/
import {z} from 'zod';

export const smtpProviders = ['microsoft', 'google'] as const;
export type SmtpProvider = (typeof smtpProviders)[number];

export type ReceivedMail = {
	provider: SmtpProvider;
	/** The account the XOAUTH2 token was issued to (the SASL user it was checked against). */
	account: string;
	/** MAIL FROM. */
	from: string;
	/** RCPT TO, in order. */
	to: string[];
	/** The message's own From: and To: headers, as written. */
	headerFrom: string;
	headerTo: string;
	subject: string;
	/** The plain-text body, decoded. */
	text: string;
	receivedAt: string;
};

/** An SMTP reply: its code and the text of each line (without the `535-` / `535 ` prefixes). */
export type SmtpReply = {code: number; lines: string[]};

// Keeps memory bounded when a script sends in a loop.
const maxMessages = 100;

const replyLinePattern = /^([45]\d\d)(?:[ -](.*))?$/;

/**
A reply as a server writes it, one line or several (`535-…\n535 …`): 4xx or 5xx only, printable
text, every line with the same code. Undefined when it is not one.
*/
export function parseSmtpReply(text: string): SmtpReply | undefined {
	const rawLines = text.replace(/\r\n/g, '\n').replace(/\n$/, '').split('\n');
	let code: number | undefined;
	const lines: string[] = [];
	for (const line of rawLines) {
		const match = replyLinePattern.exec(line);
		if (!match || /[\u0000-\u001F\u007F]/.test(line)) {
			return undefined;
		}

		const lineCode = Number(match[1]);
		if (code !== undefined && lineCode !== code) {
			return undefined;
		}

		code = lineCode;
		lines.push(match[2] ?? '');
	}

	return code === undefined || lines.length > 20 ? undefined : {code, lines};
}

export const smtpRejectBodySchema = z.strictObject({
	provider: z.enum(smtpProviders),
	reply: z.string().min(3).max(2048).refine(reply => parseSmtpReply(reply) !== undefined, 'A 4xx or 5xx SMTP reply, such as "535 5.7.3 Authentication unsuccessful" (several lines: "535-…\\n535 …").'),
	count: z.int().min(0).max(1000).default(1),
});

export type SmtpState = {
	mail(): ReceivedMail[];
	receive(mail: ReceivedMail): void;
	/** The next `count` AUTH commands at this provider's server fail with `reply`; 0 ends it. */
	rejectNextAuth(provider: SmtpProvider, reply: SmtpReply, count: number): void;
	/** The queued reply for this AUTH, if any (and one fewer left). */
	takeRejection(provider: SmtpProvider): SmtpReply | undefined;
	reset(): void;
};

export function createSmtpState(): SmtpState {
	let messages: ReceivedMail[] = [];
	const rejections = new Map<SmtpProvider, {reply: SmtpReply; count: number}>();
	return {
		mail: () => messages.map(message => ({...message, to: [...message.to]})),
		receive(mail) {
			messages.push(mail);
			if (messages.length > maxMessages) {
				messages = messages.slice(-maxMessages);
			}
		},
		rejectNextAuth(provider, reply, count) {
			if (count > 0) {
				rejections.set(provider, {reply, count});
			} else {
				rejections.delete(provider);
			}
		},
		takeRejection(provider) {
			const rejection = rejections.get(provider);
			if (!rejection) {
				return undefined;
			}

			rejection.count--;
			if (rejection.count <= 0) {
				rejections.delete(provider);
			}

			return rejection.reply;
		},
		reset() {
			messages = [];
			rejections.clear();
		},
	};
}

/** The headers and decoded text of a single-part text message, as a device sends a test mail. */
export function readMessage(raw: string): {headers: Map<string, string>; text: string} {
	const normalized = raw.replace(/\r\n/g, '\n');
	const split = normalized.indexOf('\n\n');
	const head = split === -1 ? normalized : normalized.slice(0, split);
	const body = split === -1 ? '' : normalized.slice(split + 2);
	const headers = new Map<string, string>();
	// Unfold (RFC 5322 §2.2.3), then the first of each name wins.
	for (const line of head.replace(/\n[ \t]+/g, ' ').split('\n')) {
		const colon = line.indexOf(':');
		if (colon > 0) {
			const name = line.slice(0, colon).trim().toLowerCase();
			if (!headers.has(name)) {
				headers.set(name, decodeEncodedWords(line.slice(colon + 1).trim()));
			}
		}
	}

	const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
	let text = body;
	if (encoding === 'base64') {
		text = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
	} else if (encoding === 'quoted-printable') {
		text = decodeQuotedPrintable(body);
	}

	return {headers, text: text.replace(/\n$/, '')};
}

function decodeQuotedPrintable(text: string): string {
	// Runs of =XX are bytes of one UTF-8 sequence (or several): decode each run as a whole.
	return text.replace(/=\n/g, '').replace(/(?:=[\dA-Fa-f]{2})+/g, run => Buffer.from(run.replaceAll('=', ''), 'hex').toString('utf8'));
}

/** RFC 2047 encoded words (`=?UTF-8?B?…?=`, `=?UTF-8?Q?…?=`) in a header value. */
function decodeEncodedWords(value: string): string {
	return value
		.replace(/\?=\s+=\?/g, '?==?')
		.replace(/=\?[\w-]+\?([BbQq])\?([^?]*)\?=/g, (_match, kind: string, data: string) => {
			if (kind.toUpperCase() === 'B') {
				return Buffer.from(data, 'base64').toString('utf8');
			}

			return decodeQuotedPrintable(data.replace(/_/g, ' '));
		});
}
