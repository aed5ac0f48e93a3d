/**
A form POST to an identity provider's endpoint (device code, token), with the answer sorted
the way the device acts on it: the expected body, an OAuth error the server meant, a passing
failure worth trying again, or a malformed success.
*/
import type {z} from 'zod';
import type {TokenStatus} from '../contract.js';
import {parseOAuthError, shortDescription, type OAuthError, type TokenResponse} from './oauth-wire.js';
import {AbortedError, classifyError, type Outbound, type TlsPolicy} from './outbound.js';
import type {StoredTokens} from './store.js';

export type EndpointResult<T> =
	| {outcome: 'ok'; data: T}
	/** A 4xx OAuth error (429 aside): the server's answer to this request. */
	| {outcome: 'refused'; error: OAuthError}
	/** No answer, a 5xx, a 429, or an error body that is not OAuth's: try again later. */
	| {outcome: 'unavailable'; failure: TokenStatus}
	/** HTTP 200 with a body that is not the expected one. */
	| {outcome: 'malformed'; failure: TokenStatus};

export type EndpointRequest<T> = {
	url: string;
	form: Record<string, string>;
	tls: TlsPolicy;
	signal: AbortSignal;
	/** The shape of a 200 answer. */
	schema: z.ZodType<T>;
	/** What the token status says when a 200 answer has another shape. */
	malformed: string;
};

/** The failure reasons that an identity provider's `error` names directly. */
const reasonsByError = {
	bad_verification_code: 'bad_verification_code',
	invalid_grant: 'invalid_grant',
	invalid_client: 'invalid_client',
	// Entra answers an unknown app registration with unauthorized_client (AADSTS700016).
	unauthorized_client: 'invalid_client',
	access_denied: 'access_denied',
	redirect_uri_mismatch: 'redirect_uri_mismatch',
} as const satisfies Record<string, TokenStatus['reason']>;

export function oauthErrorStatus(error: OAuthError): TokenStatus {
	const reason = Object.hasOwn(reasonsByError, error.error) ? reasonsByError[error.error as keyof typeof reasonsByError] : 'idp_error';
	return {status: 'error', reason, detail: shortDescription(error)};
}

/** undefined when `signal` aborted the request. */
export async function postForm<T>(outbound: Outbound, request: EndpointRequest<T>): Promise<EndpointResult<T> | undefined> {
	const {url, form, tls, signal} = request;
	let response;
	try {
		response = await outbound.request({method: 'POST', url, form, tls, signal});
	} catch (error) {
		if (signal.aborted || error instanceof AbortedError) {
			return undefined;
		}

		return {outcome: 'unavailable', failure: {status: 'error', reason: 'idp_unreachable', detail: classifyError(error).message}};
	}

	if (signal.aborted) {
		return undefined;
	}

	if (response.status === 200) {
		const parsed = request.schema.safeParse(response.json);
		return parsed.success
			? {outcome: 'ok', data: parsed.data}
			: {outcome: 'malformed', failure: {status: 'error', reason: 'idp_error', detail: request.malformed}};
	}

	const error = parseOAuthError(response.json);
	if (error && response.status < 500 && response.status !== 429) {
		return {outcome: 'refused', error};
	}

	const failure: TokenStatus = error && response.status < 500
		? oauthErrorStatus(error)
		: {status: 'error', reason: 'idp_error', detail: error ? shortDescription(error) : `${new URL(url).hostname} answered HTTP ${response.status}.`};
	return {outcome: 'unavailable', failure};
}

/**
The tokens to keep from a token response: a response without a refresh token keeps the old
one, and one whose account is not known (`account` undefined) keeps the old account.
*/
export function storedTokensFrom(response: TokenResponse, previous: StoredTokens | null, now: number, account?: string): StoredTokens {
	const refreshToken = response.refresh_token ?? previous?.refreshToken;
	const sender = account ?? previous?.account;
	return {
		accessToken: response.access_token,
		...(refreshToken ? {refreshToken} : {}),
		obtainedAt: now,
		expiresAt: now + (response.expires_in * 1000),
		...(sender ? {account: sender} : {}),
	};
}
