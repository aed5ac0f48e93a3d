/**
What to do after a test mail, from the device's report: the one place where a mail server's
reply is matched (by its enhanced status code, RFC 3463, and its text), for the TUI's report
and for scripted mode alike. The words are in i18n (`testMail`).

The replies, as the servers send them:
- Exchange Online, 535 5.7.139 (Microsoft Learn, "Enable or disable SMTP AUTH in Exchange
  Online" and its troubleshooting section):
  `535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Mailbox.`
  (fixed with `Set-CASMailbox -Identity <mailbox> -SmtpClientAuthenticationDisabled $false`),
  `... is disabled for the Tenant.` (`Set-TransportConfig -SmtpClientAuthenticationDisabled $false`,
  or per mailbox, which overrides the organization's setting), and
  `535 5.7.139 Authentication unsuccessful, user is locked by your organization's security defaults policy.`
  (security defaults block SMTP AUTH: turn them off, protect sign-ins with Conditional Access).
  Each may go on with "Visit https://aka.ms/smtp_auth_disabled for more information." and a
  bracketed server name and time.
- Gmail, to SASL XOAUTH2 with a token it does not take (after its 334 JSON challenge):
  `535-5.7.8 Username and Password not accepted. For more information, go to` /
  `535 5.7.8  https://support.google.com/mail/?p=BadCredentials …` (the token was revoked, has
  expired, or belongs to another account than the one named).

Imports no zod: the TUI draws the report before the contract's schemas are loaded.
*/
import type {TestMailProvider, TestMailResult} from './contract-values.js';
import type {Messages} from '../i18n/index.js';
import {sanitizeLine} from '../terminal/sanitize.js';

export type TestMailAdviceKind =
	| 'sent'
	| 'smtpAuthDisabledMailbox'
	| 'smtpAuthDisabledTenant'
	| 'securityDefaults'
	| 'smtpAuthDisabled'
	| 'gmailBadCredentials'
	| 'auth'
	| 'unreachable'
	| 'timeout'
	| 'tls'
	| 'rejected'
	| 'unknown';

/** Exchange Online's enhanced code for "SMTP AUTH is not allowed here". */
const exchangeSmtpAuth = /(?:^|\s|-)5\.7\.139(?:\s|$)/;
/** Gmail's enhanced code for "Username and Password not accepted" (also to XOAUTH2). */
const gmailBadCredentials = /(?:^|\s|-)5\.7\.8(?:\s|$)/;

/** Which advice a report calls for: the reply's own cause first, then the step that failed. */
export function testMailAdviceKind(provider: TestMailProvider, result: Pick<TestMailResult, 'sent' | 'reply' | 'failure'>): TestMailAdviceKind {
	if (result.sent) {
		return 'sent';
	}

	const reply = result.reply ?? '';
	if (provider === 'microsoft' && (exchangeSmtpAuth.test(reply) || /SmtpClientAuthentication/i.test(reply))) {
		if (/disabled for the Mailbox/i.test(reply)) {
			return 'smtpAuthDisabledMailbox';
		}

		if (/disabled for the Tenant/i.test(reply)) {
			return 'smtpAuthDisabledTenant';
		}

		if (/security defaults/i.test(reply)) {
			return 'securityDefaults';
		}

		return 'smtpAuthDisabled';
	}

	if (provider === 'google' && (gmailBadCredentials.test(reply) || /Username and Password not accepted/i.test(reply))) {
		return 'gmailBadCredentials';
	}

	return result.failure ?? 'unknown';
}

export type TestMailAdvice = {
	kind: TestMailAdviceKind;
	text: string;
	/** Something to fix (else: what to check after a sent mail). */
	warning: boolean;
};

/**
What to do next, in words. `account`: the sender (the mailbox a command names; a placeholder
when the device did not say); `server`: where the device sent it.
*/
export function testMailAdvice(messages: Messages, provider: TestMailProvider, result: Pick<TestMailResult, 'sent' | 'reply' | 'failure' | 'from'>, server: string): TestMailAdvice {
	const words = messages.testMail;
	const kind = testMailAdviceKind(provider, result);
	// Drawn inside the advice: stripped of control sequences like everything from the device.
	const account = sanitizeLine(result.from).trim() || '<account>';
	const text = ((): string => {
		switch (kind) {
			case 'sent': {
				return words.sentNext;
			}

			case 'smtpAuthDisabledMailbox': {
				return words.smtpAuthDisabledMailbox(account);
			}

			case 'smtpAuthDisabledTenant': {
				return words.smtpAuthDisabledTenant(account);
			}

			case 'securityDefaults':
			case 'smtpAuthDisabled':
			case 'gmailBadCredentials': {
				return words[kind];
			}

			case 'auth': {
				return provider === 'microsoft' ? words.authMicrosoft : words.authGoogle;
			}

			case 'unknown': {
				return words.unknownFailure;
			}

			default: {
				return words.failures[kind](server);
			}
		}
	})();
	return {kind, text, warning: kind !== 'sent'};
}
