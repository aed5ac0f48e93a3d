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
} from '../contract.js';
import {sanitizeLine} from '../sanitize.js';
import {tenantOfEndpoint} from '../validation.js';

export function clean(text: string): string {
	return sanitizeLine(text).trim();
}

export type ConnectionDocument = {
	status: ConnectionStatus['status'];
	reason?: NonNullable<ConnectionStatus['reason']>;
	detail?: string;
	checkedAt?: string;
};

export type TokenDocument = {
	status: TokenStatus['status'];
	reason?: NonNullable<TokenStatus['reason']>;
	detail?: string;
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
	at: string;
};

export function presentConnection(connection: ConnectionStatus): ConnectionDocument {
	return {
		status: connection.status,
		...(connection.reason ? {reason: connection.reason} : {}),
		...(connection.detail ? {detail: clean(connection.detail)} : {}),
		...(connection.checkedAt ? {checkedAt: connection.checkedAt} : {}),
	};
}

export function presentToken(token: TokenStatus): TokenDocument {
	return {
		status: token.status,
		...(token.reason ? {reason: token.reason} : {}),
		...(token.detail ? {detail: clean(token.detail)} : {}),
		...(token.expiresAt ? {expiresAt: token.expiresAt} : {}),
		...(token.account ? {account: clean(token.account)} : {}),
	};
}

export function presentMicrosoft(state: MicrosoftState, now: number): MicrosoftDocument {
	const {settings, authorization} = state;
	return {
		settings: {
			enabled: settings.enabled,
			verifyServerCertificate: settings.verifyServerCertificate,
			addCnToVerification: settings.addCnToVerification,
			endpoint: clean(settings.endpoint),
			tenant: tenantOfEndpoint(settings.endpoint) ?? null,
		},
		connection: presentConnection(state.connection),
		authorization: authorization && {
			message: clean(authorization.message),
			userCode: clean(authorization.userCode),
			verificationUri: clean(authorization.verificationUri),
			expiresAt: authorization.expiresAt,
			intervalSeconds: authorization.intervalSeconds,
			expired: Date.parse(authorization.expiresAt) <= now,
		},
		token: presentToken(state.token),
	};
}

export function presentGoogle(state: GoogleState): GoogleDocument {
	const {settings, authorization} = state;
	return {
		settings: {
			enabled: settings.enabled,
			verifyServerCertificate: settings.verifyServerCertificate,
			addCnToVerification: settings.addCnToVerification,
			clientId: clean(settings.clientId),
			clientSecretSet: settings.clientSecretSet,
		},
		connection: presentConnection(state.connection),
		authorization: authorization && {
			url: clean(authorization.url),
			redirectUri: clean(authorization.redirectUri),
			createdAt: authorization.createdAt,
		},
		token: presentToken(state.token),
	};
}

export function presentTestMail(result: TestMailResult): TestMailDocument {
	return {
		sent: result.sent,
		from: clean(result.from),
		to: clean(result.to),
		server: clean(result.server),
		...(result.reply ? {reply: clean(result.reply)} : {}),
		...(result.failure ? {failure: result.failure} : {}),
		at: result.at,
	};
}
