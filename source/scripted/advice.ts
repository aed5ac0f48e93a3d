/**
What the engineer should do about a failed status, in scripted mode's words: the TUI's advice
says which key to press, this one which command to run (or what to change at Entra ID or
Google Cloud first). A test mail's advice is the TUI's own (source/device/test-mail-advice.ts).
*/
import type {ConnectionStatus, TestMailResult, TokenStatus} from '../device/contract.js';
import type {Messages} from '../i18n/index.js';
import {testMailAdvice} from '../device/test-mail-advice.js';

export type ProviderName = 'microsoft' | 'google';

/** The command that authorizes the provider again. */
export function authorizeCommand(provider: ProviderName): string {
	return provider === 'microsoft' ? 'cloudmail-setup microsoft authorize --wait' : 'cloudmail-setup google authorize';
}

/** What to do while Token Status is Error or Expired; undefined otherwise. */
export function tokenAdvice(messages: Messages, provider: ProviderName, token: Pick<TokenStatus, 'status' | 'reason'>): string | undefined {
	if (token.status !== 'error' && token.status !== 'expired') {
		return undefined;
	}

	const words = messages.scripted;
	// An access token that ran out without a refresh: authorize again.
	const reason = token.reason ?? 'reauthorization_required';
	const advice = (provider === 'google' ? words.googleTokenReasons[reason as keyof typeof words.googleTokenReasons] : undefined)
		?? words.tokenReasons[reason];
	return advice(authorizeCommand(provider));
}

/** What to do while Server Connection Status is Failed; undefined otherwise. */
export function connectionAdvice(messages: Messages, provider: ProviderName, connection: Pick<ConnectionStatus, 'status' | 'reason'>): string | undefined {
	if (connection.status !== 'failed' || !connection.reason) {
		return undefined;
	}

	return messages.scripted.connectionReasons[connection.reason](`cloudmail-setup ${provider} configure`);
}

/** What to do after a test mail that was not sent; undefined after one that was. */
export function testMailNextStep(messages: Messages, provider: ProviderName, result: Pick<TestMailResult, 'sent' | 'reply' | 'failure' | 'from' | 'server'>): string | undefined {
	return result.sent ? undefined : testMailAdvice(messages, provider, result, result.server).text;
}
