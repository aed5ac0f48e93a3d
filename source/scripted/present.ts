/**
What the scripted commands report of a provider's state, as the JSON documents they print
(the README documents these shapes). Every text that comes from the device or an identity
provider is sanitized here, once, so that neither the JSON nor the human lines carry
terminal control sequences.
*/
import type {
	ConnectionStatus,
	GoogleState,
	MicrosoftState,
	TestMailResult,
	TokenStatus,
} from '../device/contract.js';
import type {Messages} from '../i18n/index.js';
import {sanitizeLine} from '../terminal/sanitize.js';
import {tenantOfEndpoint} from '../device/validation.js';
import {connectionAdvice, testMailNextStep, tokenAdvice, type ProviderName} from './advice.js';

export function clean(text: string): string {
	return sanitizeLine(text).trim();
}

export type ConnectionDocument = {
	status: ConnectionStatus['status'];
	reason?: NonNullable<ConnectionStatus['reason']>;
	detail?: string;
	/** While Failed: what to do, in the chosen language. */
	advice?: string;
	checkedAt?: string;
};

export type TokenDocument = {
	status: TokenStatus['status'];
	reason?: NonNullable<TokenStatus['reason']>;
	detail?: string;
	/** While Error or Expired: what to do, in the chosen language. */
	advice?: string;
	expiresAt?: string;
	account?: string;
};

export type MicrosoftAuthorizationDocument = {
	message: string;
	userCode: string;
	verificationUri: string;
	expiresAt: string;
	intervalSeconds: number;
	expired: boolean;
};

export type MicrosoftDocument = {
	settings: {
		enabled: boolean;
		verifyServerCertificate: boolean;
		addCnToVerification: boolean;
		endpoint: string;
		/** The tenant of a well-formed endpoint, else null. */
		tenant: string | null;
	};
	connection: ConnectionDocument;
	authorization: MicrosoftAuthorizationDocument | null;
	token: TokenDocument;
};

export type GoogleAuthorizationDocument = {url: string; redirectUri: string; createdAt: string};

export type GoogleDocument = {
	settings: {
		enabled: boolean;
		verifyServerCertificate: boolean;
		addCnToVerification: boolean;
		clientId: string;
		clientSecretSet: boolean;
	};
	connection: ConnectionDocument;
	/** Null while the device has no authorization URL. */
	authorization: GoogleAuthorizationDocument | null;
	token: TokenDocument;
};

export type TestMailDocument = {
	sent: boolean;
	from: string;
	to: string;
	server: string;
	reply?: string;
	failure?: NonNullable<TestMailResult['failure']>;
	/** When not sent: what to do, in the chosen language. */
	advice?: string;
	at: string;
};

/** `advice`: the messages and provider to say what to do in; without, none is given. */
type AdviceFor = {messages: Messages; provider: ProviderName};

export function presentConnection(connection: ConnectionStatus, advice?: AdviceFor): ConnectionDocument {
	const nextStep = advice && connectionAdvice(advice.messages, advice.provider, connection);
	return {
		status: connection.status,
		...(connection.reason ? {reason: connection.reason} : {}),
		...(connection.detail ? {detail: clean(connection.detail)} : {}),
		...(nextStep ? {advice: nextStep} : {}),
		...(connection.checkedAt ? {checkedAt: connection.checkedAt} : {}),
	};
}

export function presentToken(token: TokenStatus, advice?: AdviceFor): TokenDocument {
	const nextStep = advice && tokenAdvice(advice.messages, advice.provider, token);
	return {
		status: token.status,
		...(token.reason ? {reason: token.reason} : {}),
		...(token.detail ? {detail: clean(token.detail)} : {}),
		...(nextStep ? {advice: nextStep} : {}),
		...(token.expiresAt ? {expiresAt: token.expiresAt} : {}),
		...(token.account ? {account: clean(token.account)} : {}),
	};
}

export function presentMicrosoft(state: MicrosoftState, now: number, messages: Messages): MicrosoftDocument {
	const {settings, authorization} = state;
	const advice: AdviceFor = {messages, provider: 'microsoft'};
	return {
		settings: {
			enabled: settings.enabled,
			verifyServerCertificate: settings.verifyServerCertificate,
			addCnToVerification: settings.addCnToVerification,
			endpoint: clean(settings.endpoint),
			tenant: tenantOfEndpoint(settings.endpoint) ?? null,
		},
		connection: presentConnection(state.connection, advice),
		authorization: authorization && {
			message: clean(authorization.message),
			userCode: clean(authorization.userCode),
			verificationUri: clean(authorization.verificationUri),
			expiresAt: authorization.expiresAt,
			intervalSeconds: authorization.intervalSeconds,
			expired: Date.parse(authorization.expiresAt) <= now,
		},
		token: presentToken(state.token, advice),
	};
}

export function presentGoogle(state: GoogleState, messages: Messages): GoogleDocument {
	const {settings, authorization} = state;
	const advice: AdviceFor = {messages, provider: 'google'};
	return {
		settings: {
			enabled: settings.enabled,
			verifyServerCertificate: settings.verifyServerCertificate,
			addCnToVerification: settings.addCnToVerification,
			clientId: clean(settings.clientId),
			clientSecretSet: settings.clientSecretSet,
		},
		connection: presentConnection(state.connection, advice),
		authorization: authorization && {
			url: clean(authorization.url),
			redirectUri: clean(authorization.redirectUri),
			createdAt: authorization.createdAt,
		},
		token: presentToken(state.token, advice),
	};
}

export function presentTestMail(result: TestMailResult, advice: AdviceFor): TestMailDocument {
	const document: TestMailDocument = {
		sent: result.sent,
		from: clean(result.from),
		to: clean(result.to),
		server: clean(result.server),
		...(result.reply ? {reply: clean(result.reply)} : {}),
		...(result.failure ? {failure: result.failure} : {}),
		at: result.at,
	};
	// From the cleaned values: the account goes into the advice's commands.
	const nextStep = testMailNextStep(advice.messages, advice.provider, document);
	return nextStep ? {...document, advice: nextStep} : document;
}
