/**
A form POST to an identity provider's endpoint (device code, token), with the answer sorted
the way the device acts on it: the expected body, an OAuth error the server meant, a passing
failure worth trying again, or a malformed success.
*/
import type {z} from 'zod';
import type {TokenStatus} from '../device/contract.js';
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
	// Google's token endpoint, 401, for an OAuth client deleted or disabled in the Google Cloud
	// project: {"error": "deleted_client", "error_description": "The OAuth client was deleted."}
	// (and "disabled_client", "The OAuth client was disabled."). A new client ID and secret helps.
	deleted_client: 'invalid_client',
	disabled_client: 'invalid_client',
	access_denied: 'access_denied',
	redirect_uri_mismatch: 'redirect_uri_mismatch',
} as const satisfies Record<string, TokenStatus['reason']>;

/**
Entra's AADSTS numbers (its `error_codes`, or the `AADSTSnnnn:` that starts the description)
that say more than its `error` does, and mean the app registration or the tenant must change:
no retry helps. From Microsoft Learn, "Microsoft Entra authentication and authorization error
codes" (learn.microsoft.com/entra/identity-platform/reference-error-codes):
- AADSTS50194 (invalid_request, at /devicecode): "Application '{appId}'({appName}) isn't
  configured as a multitenant application. Usage of the /common endpoint isn't supported for
  such applications created after '{time}'. Use a tenant-specific endpoint or configure the
  application to be multitenant." The device only knows common / organizations / consumers.
- AADSTS7000218 (401 invalid_client, at /token): "The request body must contain the following
  parameter: 'client_assertion' or 'client_secret'." For the device code flow: "Allow public
  client flows" is off (Microsoft Learn, "Error AADSTS7000218 when a confidential client
  application authenticates to Microsoft Entra ID").
- AADSTS65001 (invalid_grant; DelegationDoesNotExist): "The user or administrator has not
  consented to use the application with ID '{appId}' named '{appName}'. Send an interactive
  authorization request for this user and resource."
- AADSTS700016 (unauthorized_client or invalid_client): "Application with identifier
  '{appIdentifier}' was not found in the directory '{tenantName}'."
*/
const reasonsByEntraCode: ReadonlyMap<number, NonNullable<TokenStatus['reason']>> = new Map([
	[50_194, 'app_not_multi_tenant'],
	[7_000_218, 'public_client_disabled'],
	[65_001, 'consent_required'],
	[700_016, 'invalid_client'],
]);

/** The reason Entra's AADSTS numbers give, if they name one. */
function entraReason(error: OAuthError): NonNullable<TokenStatus['reason']> | undefined {
	const fromDescription = /^AADSTS(\d{1,9}):/.exec(error.error_description ?? '')?.[1];
	const codes = [...(error.error_codes ?? []), ...(fromDescription ? [Number(fromDescription)] : [])];
	return codes.map(code => reasonsByEntraCode.get(code)).find(reason => reason !== undefined);
}

/** The token status an identity provider's OAuth error ends an attempt with. */
export function oauthErrorStatus(error: OAuthError): TokenStatus {
	const reason = entraReason(error)
		?? (Object.hasOwn(reasonsByError, error.error) ? reasonsByError[error.error as keyof typeof reasonsByError] : 'idp_error');
	return {status: 'error', reason, detail: shortDescription(error)};
}

/**
The token status a refused refresh ends with: what the AADSTS number says if it names a
reason (consent withdrawn is AADSTS65001 under invalid_grant), else `invalid_grant` (expired,
revoked, password changed: AADSTS700082, AADSTS50173; Google's "Token has been expired or
revoked.") is a refresh token that stopped working, else as any other OAuth error. Either
way the refresh is not tried again: only a new authorization helps.
*/
export function refreshErrorStatus(error: OAuthError): TokenStatus {
	if (entraReason(error) === undefined && error.error === 'invalid_grant') {
		return {status: 'error', reason: 'reauthorization_required', detail: shortDescription(error)};
	}

	return oauthErrorStatus(error);
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
