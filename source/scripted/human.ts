/**
The human-readable lines of the scripted commands: the Remote UI's labels (ja/en) with the
values of the documents in present.ts (already sanitized), one `label: value` per line.
*/
import {formatCountdown} from '../hooks/use-now.js';
import type {Messages} from '../i18n/index.js';
import {displayWidth, padToWidth} from '../terminal/terminal.js';
import type {Plan} from './save.js';
import type {
	ConnectionDocument,
	GoogleAuthorizationDocument,
	GoogleDocument,
	MicrosoftAuthorizationDocument,
	MicrosoftDocument,
	TestMailDocument,
	TokenDocument,
} from './present.js';

type Row = readonly [label: string, value: string];

/** Rows with their values in one column. */
export function rows(entries: readonly Row[], indent = '  '): string[] {
	const width = Math.max(0, ...entries.map(([label]) => displayWidth(label))) + 1;
	return entries.map(([label, value]) => `${indent}${padToWidth(`${label}:`, width + 1)}${value}`.trimEnd());
}

function onOff(messages: Messages, value: boolean): string {
	return value ? messages.common.on : messages.common.off;
}

export function connectionText(messages: Messages, connection: ConnectionDocument): string {
	const word = messages.oauth.connection[connection.status];
	const why = [connection.reason, connection.detail].filter(Boolean).join(': ');
	return why ? `${word} (${why})` : word;
}

export function tokenText(messages: Messages, token: TokenDocument): string {
	const word = messages.oauth.token[token.status];
	const why = [token.reason, token.detail].filter(Boolean).join(': ');
	const parts = [word, token.account ? `(${token.account})` : '', why ? `(${why})` : ''];
	return parts.filter(Boolean).join(' ');
}

/** The row under a failed status that says what to do, if there is advice. */
export function adviceRows(messages: Messages, document: {advice?: string}): Row[] {
	return document.advice ? [[messages.scripted.nextStep, document.advice]] : [];
}

/** The status's row and, under it, what to do about it. */
export function tokenRows(messages: Messages, token: TokenDocument): Row[] {
	return [[messages.oauth.tokenStatus, tokenText(messages, token)], ...adviceRows(messages, token)];
}

/** A failure's message with what to do after it. */
export function withAdvice(message: string, document: {advice?: string}): string {
	return document.advice ? `${message} ${document.advice}` : message;
}

/** "14:59 (2025-06-02T10:15:00.000Z)", or the TUI's "expired". */
export function expiryText(messages: Messages, expiresAt: string, now: number): string {
	const left = Date.parse(expiresAt) - now;
	return left > 0 ? `${formatCountdown(left)} (${expiresAt})` : `${messages.scripted.expired} (${expiresAt})`;
}

export function microsoftAuthorizationRows(messages: Messages, authorization: MicrosoftAuthorizationDocument, now: number): Row[] {
	const words = messages.microsoft;
	return [
		[words.message, authorization.message],
		[words.userCode, authorization.userCode],
		[words.endpoint, authorization.verificationUri],
		[words.userCodeExpiresIn, expiryText(messages, authorization.expiresAt, now)],
	];
}

function basicRows(messages: Messages, useLabel: string, settings: {enabled: boolean; verifyServerCertificate: boolean; addCnToVerification: boolean}): Row[] {
	return [
		[useLabel, onOff(messages, settings.enabled)],
		[messages.oauth.verifyServerCertificate, onOff(messages, settings.verifyServerCertificate)],
		[messages.oauth.addCnToVerification, onOff(messages, settings.addCnToVerification)],
	];
}

export function microsoftSettingsRows(messages: Messages, document: MicrosoftDocument): Row[] {
	return [
		...basicRows(messages, messages.microsoft.useOAuth, document.settings),
		[messages.microsoft.endpoint, document.settings.endpoint || messages.common.none],
		[messages.oauth.connectionStatus, connectionText(messages, document.connection)],
		...adviceRows(messages, document.connection),
	];
}

export function googleSettingsRows(messages: Messages, document: GoogleDocument): Row[] {
	const words = messages.google;
	return [
		...basicRows(messages, words.useOAuth, document.settings),
		[words.clientId, document.settings.clientId || messages.common.none],
		[words.clientSecret, document.settings.clientSecretSet ? words.secretSet : words.secretNotSet],
		[messages.oauth.connectionStatus, connectionText(messages, document.connection)],
		...adviceRows(messages, document.connection),
	];
}

export function googleAuthorizationRows(messages: Messages, authorization: GoogleAuthorizationDocument | null): Row[] {
	return [[messages.google.authorizationInformation, authorization ? messages.scripted.urlAvailable : messages.common.none]];
}

export function microsoftLines(messages: Messages, document: MicrosoftDocument, now: number): string[] {
	const authorization: Row[] = document.authorization
		? microsoftAuthorizationRows(messages, document.authorization, now)
		: [[messages.microsoft.userCode, messages.common.none]];
	return [
		messages.screens.microsoftSettings,
		...rows([...microsoftSettingsRows(messages, document), ...authorization, ...tokenRows(messages, document.token)]),
	];
}

export function googleLines(messages: Messages, document: GoogleDocument): string[] {
	return [
		messages.screens.googleSettings,
		...rows([
			...googleSettingsRows(messages, document),
			...googleAuthorizationRows(messages, document.authorization),
			...tokenRows(messages, document.token),
		]),
	];
}

export function testMailLines(messages: Messages, document: TestMailDocument): string[] {
	const words = messages.scripted;
	const head = document.sent ? words.testMailSent : words.testMailRefused;
	return [
		head,
		...rows([
			[words.from, document.from || messages.common.none],
			[words.to, document.to],
			[words.server, document.server],
			[words.reply, document.reply ?? messages.common.none],
			...(document.failure ? [[words.failure, document.failure] as const] : []),
			...adviceRows(messages, document),
		]),
	];
}

/** --check: one line per field that would change, `field: before → after`; the secret only as would change. */
export function planRows(messages: Messages, plan: Plan): string[] {
	const show = (value: boolean | string | undefined): string => typeof value === 'boolean' ? onOff(messages, value) : (value || messages.common.none);
	const entries: Row[] = plan.changes
		.filter(field => field !== 'clientSecret')
		.map(field => [field, `${show(plan.before[field])} → ${show(plan.after[field])}`]);
	if (plan.clientSecret !== undefined) {
		entries.push(['clientSecret', plan.clientSecret === 'unchanged' ? messages.scriptedSave.secretUnchanged : messages.scriptedSave.secretWouldChange]);
	}

	return rows(entries);
}
