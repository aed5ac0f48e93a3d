/**
Every reply text the offline SMTP servers copy from Exchange Online (smtp.office365.com) and
Gmail (smtp.gmail.com), in one table, each with the published source it was copied from: a
Microsoft Learn or Google developer page where one shows the text, otherwise a published
SMTP transcript (a GitHub issue, or a file in a public repository, with the real server's
own reply in it). No I/O.

A reply's lines are written without the code and its separator (`535-`, `535 `), as smtp.ts
hands them to the connection. `{name}` stands for what differs per connection or message and
is filled in by `renderReply`:
- `{session}`: Gmail's id for the connection, the same in every reply of it, e.g.
  `d9443c01a7336-22fc75468e4sm22683125ad.44`.
- `{frontEnd}`: the Exchange Online host that answers, e.g. `LO4P302CA0005.outlook.office365.com`.
- `{backEnd}`: the Exchange Online mailbox server named in brackets, e.g.
  `BYAPR17MB2920.namprd17.prod.outlook.com` (upper case in the bracketed error suffixes).
- `{clientIp}`: the client's address as the server sees it.
- `{date}`: RFC 5322 date, e.g. `Thu, 10 Oct 2024 22:49:55 +0000`; `{isoDate}`: ISO 8601 with
  milliseconds; `{hexId}`: 16 upper-case hex digits; `{seconds}`: Unix time.
- `{messageId}`: the id Exchange Online gives the submitted message.
- `{user}`, `{from}`: the authenticated account and the MAIL FROM address.
*/

export type ReplySource = {title: string; url: string};

export type ReplyText = {
	code: number;
	lines: readonly string[];
	/** Where the text was copied from; a note when the source shows a neighbouring case. */
	sources: readonly ReplySource[];
	note?: string;
};

/** What each offline server says, by occasion. */
export type ServerReplies = {
	greeting: ReplyText;
	ehloBeforeTls: ReplyText;
	ehloAfterTls: ReplyText;
	helo: ReplyText;
	startTls: ReplyText;
	/** AUTH (any mechanism) before STARTTLS. */
	authBeforeTls: ReplyText;
	/** MAIL, RCPT or DATA before a successful AUTH. */
	authRequired: ReplyText;
	authSucceeded: ReplyText;
	/** A refused XOAUTH2 token: the final reply (after the 334 challenge where there is one). */
	badToken: ReplyText;
	/** Gmail: the 334 before `badToken`, `{challenge}` is the base64 of the error JSON. */
	tokenChallenge?: ReplyText;
	/** A password sent with an advertised mechanism other than XOAUTH2 (LOGIN, PLAIN, …). */
	passwordRefused: ReplyText;
	/** AUTH LOGIN's prompts (base64 of "Username:" and "Password:"). */
	loginUsername: ReplyText;
	loginPassword: ReplyText;
	/** The empty challenge to AUTH without an initial response. */
	emptyChallenge: ReplyText;
	/** Exchange Online: a mechanism it does not advertise (PLAIN, CRAM-MD5, …). */
	unrecognizedMechanism?: ReplyText;
	mailAccepted: ReplyText;
	rcptAccepted: ReplyText;
	dataGoAhead: ReplyText;
	messageAccepted: ReplyText;
	/** Exchange Online: MAIL FROM is not the signed-in account (Gmail rewrites From instead). */
	sendAsDenied?: ReplyText;
	quit: ReplyText;
};

const sources = {
	learnOAuth: {
		title: 'Microsoft Learn: Authenticate an IMAP, POP or SMTP connection using OAuth (SMTP Protocol Exchange)',
		url: 'https://learn.microsoft.com/exchange/client-developer/legacy-protocols/how-to-authenticate-an-imap-pop-smtp-application-by-using-oauth',
	},
	learnTelnet: {
		title: 'Microsoft Learn: Use Telnet to test SMTP communication on Exchange servers',
		url: 'https://learn.microsoft.com/exchange/mail-flow/test-smtp-with-telnet',
	},
	exoSubmission: {
		title: 'Transcript of smtp.office365.com:587 after STARTTLS: "Understanding SMTP Submission in Exchange Online" (eelhpesoj/eelhpesoj.github.io, _posts/2026-06-13-ExOSMTPSubmission.md)',
		url: 'https://github.com/eelhpesoj/eelhpesoj.github.io',
	},
	cpython115251: {
		title: 'smtplib transcript of smtp.office365.com (EHLO before STARTTLS, STARTTLS reply): python/cpython#115251',
		url: 'https://github.com/python/cpython/issues/115251',
	},
	nodemailer1557: {
		title: 'nodemailer transcript of smtp.office365.com (greeting, EHLO before STARTTLS): nodemailer/nodemailer#1557',
		url: 'https://github.com/nodemailer/nodemailer/issues/1557',
	},
	emailProxy297: {
		title: 'smtp.office365.com greeting with its trailing id, 2024: simonrob/email-oauth2-proxy#297',
		url: 'https://github.com/simonrob/email-oauth2-proxy/issues/297',
	},
	emailProxy372: {
		title: 'smtp.office365.com greeting with its trailing id, 2025: simonrob/email-oauth2-proxy#372',
		url: 'https://github.com/simonrob/email-oauth2-proxy/issues/372',
	},
	msOauth2api3: {
		title: 'XOAUTH2 refused by smtp.office365.com, 2025 (host, time and id in brackets): HChaoHui/msOauth2api#3',
		url: 'https://github.com/HChaoHui/msOauth2api/issues/3',
	},
	freescout4935: {
		title: 'XOAUTH2 refused by smtp.office365.com, 2025: freescout-help-desk/freescout#4935',
		url: 'https://github.com/freescout-help-desk/freescout/issues/4935',
	},
	nodemailer1714: {
		title: 'AUTH LOGIN refused by smtp.office365.com, 2025 (basic authentication is disabled): nodemailer/nodemailer#1714',
		url: 'https://github.com/nodemailer/nodemailer/issues/1714',
	},
	mgob52: {
		title: 'AUTH PLAIN refused by smtp.office365.com, 2023 (504 5.7.4 with host, time and id): maxisam/mgob#52',
		url: 'https://github.com/maxisam/mgob/issues/52',
	},
	saslXoauth2_96: {
		title: 'MAIL FROM without AUTH at smtp.office365.com, 2024 (530 5.7.57): tarickb/sasl-xoauth2#96',
		url: 'https://github.com/tarickb/sasl-xoauth2/issues/96',
	},
	gophish2900: {
		title: 'SendAsDenied from Exchange Online, 2023: gophish/gophish#2900',
		url: 'https://github.com/gophish/gophish/issues/2900',
	},
	gmailSmtplib: {
		title: 'Full smtplib transcript of smtp.gmail.com:587, May 2025 (EHLO before and after STARTTLS, 235, MAIL, RCPT, DATA, QUIT): PRIYE/MCP_Pages_mac, README.md',
		url: 'https://github.com/PRIYE/MCP_Pages_mac',
	},
	phpmailer1076: {
		title: 'PHPMailer transcript of smtp.gmail.com (greeting, EHLO after STARTTLS, QUIT): PHPMailer/PHPMailer#1076',
		url: 'https://github.com/PHPMailer/PHPMailer/issues/1076',
	},
	googleXoauth2: {
		title: 'Google for Developers: OAuth 2.0 Mechanism (SASL XOAUTH2), SMTP protocol exchange: on failure the server sends 334 with a base64 JSON error and the client answers with an empty line',
		url: 'https://developers.google.com/workspace/gmail/imap/xoauth2-protocol',
	},
	gmailXoauthPr14: {
		title: 'Gmail\'s actual 334 after a refused XOAUTH2 token, {"status":"400","schemes":"Bearer","scope":"https://mail.google.com/"}, and the CR-LF that gets the final error: nfo/gmail_xoauth#14',
		url: 'https://github.com/nfo/gmail_xoauth/pull/14',
	},
	actionSendMail205: {
		title: 'smtp.gmail.com 535-5.7.8 two-line reply, 2024: dawidd6/action-send-mail#205',
		url: 'https://github.com/dawidd6/action-send-mail/issues/205',
	},
	zdm3: {
		title: 'smtp.gmail.com 530-5.7.0 Must issue a STARTTLS command first, three lines, 2024: lx1169732264/zdm#3',
		url: 'https://github.com/lx1169732264/zdm/issues/3',
	},
	rubyGmail22: {
		title: 'smtp.gmail.com answers AUTH before STARTTLS with 530 5.7.0 Must issue a STARTTLS command first: dcparker/ruby-gmail#22',
		url: 'https://github.com/dcparker/ruby-gmail/issues/22',
	},
	phpmailer2077: {
		title: 'smtp.gmail.com 530-5.7.0 Authentication Required (WantAuthError): PHPMailer/PHPMailer#2077',
		url: 'https://github.com/PHPMailer/PHPMailer/issues/2077',
	},
	curlGmailLogin: {
		title: 'curl transcript of Google\'s SMTP (mx.google.com front end) for AUTH LOGIN: 334 VXNlcm5hbWU6, 334 UGFzc3dvcmQ6, then 535-5.7.8',
		url: 'https://pastebin.com/eSHGv478',
	},
	rfc4954: {
		title: 'RFC 4954 (SMTP Service Extension for Authentication), section 4: 334 challenges, "334 " with an empty challenge',
		url: 'https://www.rfc-editor.org/rfc/rfc4954#section-4',
	},
} as const satisfies Record<string, ReplySource>;

const exchangeErrorSuffix = '[{backEnd} {isoDate} {hexId}]';

export const smtpReplies = {
	microsoft: {
		greeting: {
			code: 220,
			lines: ['{frontEnd} Microsoft ESMTP MAIL Service ready at {date} [{hexId}]'],
			sources: [sources.emailProxy297, sources.emailProxy372, sources.learnTelnet],
		},
		ehloBeforeTls: {
			code: 250,
			lines: ['{frontEnd} Hello [{clientIp}]', 'SIZE 157286400', 'PIPELINING', 'DSN', 'ENHANCEDSTATUSCODES', 'STARTTLS', '8BITMIME', 'BINARYMIME', 'CHUNKING', 'SMTPUTF8'],
			sources: [sources.cpython115251, sources.nodemailer1557],
		},
		ehloAfterTls: {
			code: 250,
			lines: ['{frontEnd} Hello [{clientIp}]', 'SIZE 157286400', 'PIPELINING', 'DSN', 'ENHANCEDSTATUSCODES', 'AUTH LOGIN XOAUTH2', '8BITMIME', 'BINARYMIME', 'CHUNKING', 'SMTPUTF8'],
			sources: [sources.exoSubmission],
		},
		helo: {
			code: 250,
			lines: ['{frontEnd} Hello [{clientIp}]'],
			sources: [sources.learnTelnet],
		},
		startTls: {
			code: 220,
			lines: ['2.0.0 SMTP server ready'],
			sources: [sources.cpython115251],
		},
		authBeforeTls: {
			code: 504,
			lines: [`5.7.4 Unrecognized authentication type ${exchangeErrorSuffix}`],
			sources: [sources.mgob52],
			note: 'The source shows a mechanism Exchange Online does not offer; before STARTTLS it offers none.',
		},
		authRequired: {
			code: 530,
			lines: [`5.7.57 Client not authenticated to send mail. ${exchangeErrorSuffix}`],
			sources: [sources.saslXoauth2_96],
		},
		authSucceeded: {
			code: 235,
			lines: ['2.7.0 Authentication successful'],
			sources: [sources.learnOAuth, sources.exoSubmission],
		},
		badToken: {
			code: 535,
			lines: [`5.7.3 Authentication unsuccessful ${exchangeErrorSuffix}`],
			sources: [sources.learnOAuth, sources.msOauth2api3, sources.freescout4935],
		},
		passwordRefused: {
			code: 535,
			lines: [`5.7.139 Authentication unsuccessful, basic authentication is disabled. ${exchangeErrorSuffix}`],
			sources: [sources.nodemailer1714],
		},
		loginUsername: {
			code: 334,
			lines: ['VXNlcm5hbWU6'],
			sources: [sources.exoSubmission],
		},
		loginPassword: {
			code: 334,
			lines: ['UGFzc3dvcmQ6'],
			sources: [sources.exoSubmission],
		},
		emptyChallenge: {
			code: 334,
			lines: [''],
			sources: [sources.learnOAuth, sources.rfc4954],
		},
		unrecognizedMechanism: {
			code: 504,
			lines: [`5.7.4 Unrecognized authentication type ${exchangeErrorSuffix}`],
			sources: [sources.mgob52],
		},
		mailAccepted: {
			code: 250,
			lines: ['2.1.0 Sender OK'],
			sources: [sources.exoSubmission, sources.learnTelnet],
		},
		rcptAccepted: {
			code: 250,
			lines: ['2.1.5 Recipient OK'],
			sources: [sources.exoSubmission, sources.learnTelnet],
		},
		dataGoAhead: {
			code: 354,
			lines: ['Start mail input; end with <CRLF>.<CRLF>'],
			sources: [sources.exoSubmission, sources.learnTelnet],
		},
		messageAccepted: {
			code: 250,
			lines: ['2.0.0 OK <{messageId}> [Hostname={backEnd}]'],
			sources: [sources.exoSubmission],
		},
		sendAsDenied: {
			code: 554,
			lines: ['5.2.252 SendAsDenied; {user} not allowed to send as {from}; STOREDRV.Submission.Exception:SendAsDeniedException.MapiExceptionSendAsDenied; Failed to process message due to a permanent exception with message [BeginDiagnosticData]Cannot submit message.'],
			sources: [sources.gophish2900],
			note: 'Exchange Online goes on with opaque diagnostic data (0.35250:1F009983, …), left out here.',
		},
		quit: {
			code: 221,
			lines: ['2.0.0 Service closing transmission channel'],
			sources: [sources.learnTelnet],
		},
	},
	google: {
		greeting: {
			code: 220,
			lines: ['smtp.gmail.com ESMTP {session} - gsmtp'],
			sources: [sources.phpmailer1076, sources.gmailSmtplib],
		},
		ehloBeforeTls: {
			code: 250,
			lines: ['smtp.gmail.com at your service, [{clientIp}]', 'SIZE 35882577', '8BITMIME', 'STARTTLS', 'ENHANCEDSTATUSCODES', 'PIPELINING', 'CHUNKING', 'SMTPUTF8'],
			sources: [sources.gmailSmtplib],
		},
		ehloAfterTls: {
			code: 250,
			lines: ['smtp.gmail.com at your service, [{clientIp}]', 'SIZE 35882577', '8BITMIME', 'AUTH LOGIN PLAIN XOAUTH2 PLAIN-CLIENTTOKEN OAUTHBEARER XOAUTH', 'ENHANCEDSTATUSCODES', 'PIPELINING', 'CHUNKING', 'SMTPUTF8'],
			sources: [sources.gmailSmtplib, sources.phpmailer1076],
		},
		helo: {
			code: 250,
			lines: ['smtp.gmail.com at your service'],
			sources: [sources.gmailSmtplib],
			note: 'The EHLO greeting line without the client address; no published HELO transcript of smtp.gmail.com was found.',
		},
		startTls: {
			code: 220,
			lines: ['2.0.0 Ready to start TLS'],
			sources: [sources.gmailSmtplib],
		},
		authBeforeTls: {
			code: 530,
			lines: [
				'5.7.0 Must issue a STARTTLS command first. For more information, go to',
				'5.7.0  https://support.google.com/a/answer/3221692 and review RFC 3207',
				'5.7.0 specifications. {session} - gsmtp',
			],
			sources: [sources.zdm3, sources.rubyGmail22],
			note: 'The 2024 three-line text is shown for MAIL FROM before STARTTLS; the older one-line text for AUTH before STARTTLS.',
		},
		authRequired: {
			code: 530,
			lines: ['5.7.0 Authentication Required. For more information, go to', '5.7.0  https://support.google.com/mail/?p=WantAuthError {session} - gsmtp'],
			sources: [sources.phpmailer2077],
		},
		authSucceeded: {
			code: 235,
			lines: ['2.7.0 Accepted'],
			sources: [sources.gmailSmtplib],
		},
		tokenChallenge: {
			code: 334,
			lines: ['{challenge}'],
			sources: [sources.googleXoauth2, sources.gmailXoauthPr14, sources.rfc4954],
		},
		badToken: {
			code: 535,
			lines: ['5.7.8 Username and Password not accepted. For more information, go to', '5.7.8  https://support.google.com/mail/?p=BadCredentials {session} - gsmtp'],
			sources: [sources.actionSendMail205, sources.googleXoauth2],
		},
		passwordRefused: {
			code: 535,
			lines: ['5.7.8 Username and Password not accepted. For more information, go to', '5.7.8  https://support.google.com/mail/?p=BadCredentials {session} - gsmtp'],
			sources: [sources.actionSendMail205],
			note: 'What Gmail says to a wrong password; the offline server knows no passwords, so it says this to every one.',
		},
		loginUsername: {
			code: 334,
			lines: ['VXNlcm5hbWU6'],
			sources: [sources.curlGmailLogin],
		},
		loginPassword: {
			code: 334,
			lines: ['UGFzc3dvcmQ6'],
			sources: [sources.curlGmailLogin],
		},
		emptyChallenge: {
			code: 334,
			lines: [''],
			sources: [sources.rfc4954],
			note: 'RFC 4954 form; no published transcript of smtp.gmail.com answering AUTH without an initial response was found.',
		},
		mailAccepted: {
			code: 250,
			lines: ['2.1.0 OK {session} - gsmtp'],
			sources: [sources.gmailSmtplib],
		},
		rcptAccepted: {
			code: 250,
			lines: ['2.1.5 OK {session} - gsmtp'],
			sources: [sources.gmailSmtplib],
		},
		dataGoAhead: {
			code: 354,
			lines: ['Go ahead {session} - gsmtp'],
			sources: [sources.gmailSmtplib],
		},
		messageAccepted: {
			code: 250,
			lines: ['2.0.0 OK  {seconds} {session} - gsmtp'],
			sources: [sources.gmailSmtplib],
		},
		quit: {
			code: 221,
			lines: ['2.0.0 closing connection {session} - gsmtp'],
			sources: [sources.gmailSmtplib, sources.phpmailer1076],
		},
	},
} as const satisfies Record<'microsoft' | 'google', ServerReplies>;

/** The JSON Gmail sends (base64) in its 334 after a refused XOAUTH2 token (nfo/gmail_xoauth#14). */
export const gmailTokenError = {status: '400', schemes: 'Bearer', scope: 'https://mail.google.com/'} as const;

/** The mechanisms each server lists after STARTTLS (the AUTH line of `ehloAfterTls`). */
export function advertisedMechanisms(replies: ServerReplies): string[] {
	const auth = replies.ehloAfterTls.lines.find(text => text.startsWith('AUTH '));
	return auth ? auth.split(' ').slice(1) : [];
}

/** A reply with its `{name}` parts filled in; a name without a value is an error in the caller. */
export function renderReply(reply: ReplyText, values: Readonly<Record<string, string>>): {code: number; lines: string[]} {
	return {
		code: reply.code,
		lines: reply.lines.map(text => text.replace(/\{(\w+)\}/g, (_match, name: string) => {
			const value = values[name];
			if (value === undefined) {
				throw new Error(`No value for {${name}} in an SMTP reply`);
			}

			return value;
		})),
	};
}
