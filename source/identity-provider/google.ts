/**
The Google (accounts.google.com, oauth2.googleapis.com, www.googleapis.com,
openidconnect.googleapis.com, gmail.googleapis.com) half of the offline identity provider: the
authorization code grant for an installed app with a loopback redirect and PKCE, token
refresh, ID tokens signed with the published key set, revocation, tokeninfo, userinfo, the
OpenID discovery document and the Gmail profile, with Google's bodies and error bodies. No
I/O: the server hands in parsed parameters and sends back what it gets. Time comes only from
the injected clock. Unmodified google-auth-library runs against it
(test/conformance/google-auth-library.test.ts).

Client secrets, offline: Google knows every client and its secret; this stand-in does not.
By default any well-formed client ID (`….apps.googleusercontent.com`) is accepted with any
non-empty secret, so the device works offline with whatever the engineer typed in. A client
registered through the controls must present its registered secret (else invalid_client),
and with `googleRequireRegisteredClients` only registered clients are known at all.
*/
import {createHash, createPublicKey, randomBytes, timingSafeEqual, verify as verifySignature} from 'node:crypto';
import {AccessTokens, type AccessTokenGrant} from './access-tokens.js';
import type {PublicJwk, SigningKeys} from './signing-keys.js';

export const googleAccountsHost = 'accounts.google.com';
export const googleTokenHost = 'oauth2.googleapis.com';
export const googleDiscoveryPath = '/.well-known/openid-configuration';
export const googleAuthorizationPath = '/o/oauth2/v2/auth';
export const googleTokenPath = '/token';
export const googleMailScope = 'https://mail.google.com/';
export const googleDefaultAccount = 'engineer@example.com';
/** Gmail API: the profile of the signed-in user (its `emailAddress`), on gmail.googleapis.com. */
export const gmailHost = 'gmail.googleapis.com';
export const gmailProfilePath = '/gmail/v1/users/me/profile';
/** Revocation and tokeninfo, on oauth2.googleapis.com as google-auth-library calls them. */
export const googleRevokePath = '/revoke';
export const googleTokenInfoPath = '/tokeninfo';
/** The key set (JWKS) at the discovery document's jwks_uri, and the same keys as PEM by kid, on www.googleapis.com. */
export const googleJwksPath = '/oauth2/v3/certs';
export const googlePemCertsPath = '/oauth2/v1/certs';
/** The discovery document's userinfo_endpoint, on openidconnect.googleapis.com. */
export const googleUserinfoPath = '/v1/userinfo';
export const googleCertsHost = 'www.googleapis.com';
export const googleUserinfoHost = 'openidconnect.googleapis.com';
/** The application name the consent page shows. */
export const googleApplicationName = 'cloudmail-setup offline';
const maxAccountLength = 256;

export type GoogleSettings = {
	googleCodeLifetimeSeconds: number;
	googleAccessTokenLifetimeSeconds: number;
	/** Only clients registered through the controls are known; others get invalid_client. */
	googleRequireRegisteredClients: boolean;
	/** false: the Gmail API answers as for a project that has not enabled it (403 accessNotConfigured / SERVICE_DISABLED). */
	googleGmailApiEnabled: boolean;
};

export const defaultGoogleSettings: Readonly<GoogleSettings> = Object.freeze({
	googleCodeLifetimeSeconds: 600,
	googleAccessTokenLifetimeSeconds: 3599,
	googleRequireRegisteredClients: false,
	googleGmailApiEnabled: true,
});

export type GoogleResponse = {
	status: number;
	body: Record<string, unknown>;
	/** Response headers beyond the JSON ones (userinfo's WWW-Authenticate, the key set's cache-control). */
	headers?: Record<string, string>;
};

/** Why the authorization endpoint refuses a request: shown as an error page, never redirected. */
export type GoogleAuthorizationError = {
	status: 400 | 401;
	error: string;
	description: string;
	/** For the page's "Request details", when it was given. */
	redirectUri?: string | undefined;
};

/** A request the authorization endpoint accepts: what the consent page asks about. */
export type GoogleAuthorizationRequest = {
	clientId: string;
	redirectUri: string;
	/** As granted: `email` and `profile` are named by their full URLs, as Google does. */
	scopes: string[];
	state: string | undefined;
	codeChallenge: string | undefined;
	accessType: 'online' | 'offline';
	/** From `login_hint`, to prefill the account field. */
	loginHint: string | undefined;
	/** Echoed in the ID token of the code exchange. */
	nonce: string | undefined;
};

export type GoogleDecision = 'allow' | 'deny';

/** The programmatic twin of the consent form: a 302 with its Location, or the refusal. */
export type GoogleConsentResult = {
	status: number;
	location: string | null;
	/** The error the page would show (e.g. `redirect_uri_mismatch`) when there is no redirect. */
	error?: string;
};

export type GoogleTokenContext = {
	/** The Authorization header (client_secret_basic). */
	authorization?: string | undefined;
};

export type GoogleRevokeResult = {refreshTokens: number; accessTokens: number};

export type Google = {
	openidConfiguration(): GoogleResponse;
	/** Checks an authorization request (the query of GET /o/oauth2/v2/auth). */
	checkAuthorization(params: URLSearchParams): GoogleAuthorizationError | GoogleAuthorizationRequest;
	/** The consent form's answer: the Location to redirect to, or why there is none. */
	consent(params: URLSearchParams, decision: GoogleDecision, account?: string): GoogleAuthorizationError | {location: string};
	/** `consent` for a whole authorization URL; only its path and query matter, not its host. */
	consentByUrl(authorizationUrl: string, decision: GoogleDecision, account?: string): GoogleConsentResult;
	token(form: URLSearchParams, context?: GoogleTokenContext): GoogleResponse;
	/** Values are trusted here; the controls validate them first. */
	registerClient(clientId: string, clientSecret: string): void;
	/** What Google does to the refresh tokens of an app in "Testing" status after 7 days. */
	expireRefreshTokens(): {refreshTokens: number};
	revokeAll(): GoogleRevokeResult;
	isAccessTokenValid(token: string): boolean;
	/** The grant of an access token that is known, not expired and not revoked; else undefined. */
	accessTokenGrant(token: string): AccessTokenGrant | undefined;
	/** GET /gmail/v1/users/{userId}/profile with this Authorization header (Bearer). */
	gmailProfile(userId: string, authorization: string | undefined): GoogleResponse;
	/** POST /revoke: an access or refresh token; either one ends the grant it belongs to. */
	revoke(token: string | undefined): GoogleResponse;
	/** GET or POST /tokeninfo with `access_token` or `id_token`. */
	tokenInfo(query: {accessToken?: string | undefined; idToken?: string | undefined}): GoogleResponse;
	/** GET /v1/userinfo with this Authorization header (Bearer). */
	userinfo(authorization: string | undefined): GoogleResponse;
	/** The key set at jwks_uri (`{keys: [...]}`). */
	jwks(): GoogleResponse;
	/** The same keys as PEM by kid, as https://www.googleapis.com/oauth2/v1/certs serves them. */
	pemCerts(): GoogleResponse;
	settings(): GoogleSettings;
	configure(patch: Partial<GoogleSettings>): GoogleSettings;
	reset(): void;
	/** A Google-shaped token endpoint error for conditions the server detects. */
	errorResponse(status: number, error: string, description: string): GoogleResponse;
};

export type GoogleOptions = {
	now: () => number;
	/** Signs ID tokens; its key set is served at Google's `jwks_uri`. */
	signingKeys: SigningKeys;
};

const clientIdPattern = /^[\w.-]{1,200}\.apps\.googleusercontent\.com$/;
// RFC 7636 §4.1/4.2: 43 to 128 unreserved characters.
const pkcePattern = /^[\w.~-]{43,128}$/;
// The raw text must say the loopback host itself: no `http://127.1`, no `http://LOCALHOST`.
const loopbackPattern = /^http:\/\/(?:localhost|127\.0\.0\.1|\[::1\])(?::\d{1,5})?(?:[/?]|$)/;
const printablePattern = /^[\x21-\x7E]+$/;
const maxRedirectUriLength = 2048;
const expandedScopes: Record<string, string> = {
	email: 'https://www.googleapis.com/auth/userinfo.email',
	profile: 'https://www.googleapis.com/auth/userinfo.profile',
};
const knownScopes = new Set([googleMailScope, 'openid', ...Object.keys(expandedScopes), ...Object.values(expandedScopes)]);
const identityScopeUrls = new Set(Object.values(expandedScopes));
const idTokenLifetimeSeconds = 3600;
// How long an expired or redeemed authorization code is kept before it is forgotten.
const retentionMilliseconds = 60 * 60 * 1000;
const sweepEveryMilliseconds = 60 * 1000;

type CodeRecord = {
	clientId: string;
	redirectUri: string;
	codeChallenge: string | undefined;
	scopes: string[];
	accessType: 'online' | 'offline';
	account: string;
	nonce: string | undefined;
	expiresAt: number;
	redeemed: boolean;
};

type Grant = {clientId: string; scopes: string[]; account: string};
type RefreshTokenRecord = Grant & {state: 'active' | 'expired' | 'revoked'};
/** What tokeninfo, revocation and the Gmail API need beyond the shared store's grant. */
type AccessTokenRecord = Grant & {
	accessType: 'online' | 'offline';
	/** The refresh token of the grant (offline), which a revocation of either ends. */
	refreshToken: string | undefined;
	expiresAt: number;
	revoked: boolean;
};

function failure(status: number, error: string, description: string): GoogleResponse {
	return {status, body: {error, error_description: description}};
}

const badRequest = (): GoogleResponse => failure(400, 'invalid_grant', 'Bad Request');
const expiredOrRevoked = (): GoogleResponse => failure(400, 'invalid_grant', 'Token has been expired or revoked.');

function pageError(error: string, description: string, status: 400 | 401 = 400, redirectUri?: string): GoogleAuthorizationError {
	return {status, error, description, redirectUri};
}

function isPageError(value: object): value is GoogleAuthorizationError {
	return 'error' in value;
}

function truncate(text: string, length: number): string {
	return text.length > length ? `${text.slice(0, length)}...` : text;
}

function randomToken(bytes: number): string {
	return randomBytes(bytes).toString('base64url');
}

function digest(text: string): Buffer {
	return createHash('sha256').update(text, 'utf8').digest();
}

/** Constant-time comparison of two strings of any length. */
function sameSecret(given: string, expected: string): boolean {
	return timingSafeEqual(digest(given), digest(expected));
}

export function isGoogleClientId(clientId: string): boolean {
	return clientIdPattern.test(clientId);
}

/** Google's installed-app rule: a loopback address over plain http, no fragment, no user info. */
export function isLoopbackRedirectUri(uri: string): boolean {
	if (uri.length > maxRedirectUriLength || !printablePattern.test(uri) || !loopbackPattern.test(uri) || uri.includes('#')) {
		return false;
	}

	try {
		const url = new URL(uri);
		return url.username === '' && url.password === '';
	} catch {
		return false;
	}
}

/** What the consent form accepted as an account name: trimmed, printable, bounded. */
export function normalizeGoogleAccount(account: string | undefined): string {
	const cleaned = (account ?? '').replace(/[\u0000-\u001F\u007F-\u009F]/g, '').trim().slice(0, maxAccountLength);
	return cleaned.length > 0 ? cleaned : googleDefaultAccount;
}

/** `uri?name=value&...` with every value percent-encoded (a code's `/` becomes `%2F`). */
function withQuery(uri: string, parameters: Array<[string, string | undefined]>): string {
	const query = parameters
		.filter((pair): pair is [string, string] => pair[1] !== undefined)
		.map(([name, value]) => `${name}=${encodeURIComponent(value)}`)
		.join('&');
	return `${uri}${uri.includes('?') ? '&' : '?'}${query}`;
}

/** Reads the named parameters; a repeated one is refused. Absent = undefined. */
function readParameters<Name extends string>(params: URLSearchParams, names: readonly Name[]): string | Record<Name, string | undefined> {
	const values = {} as Record<Name, string | undefined>;
	for (const name of names) {
		const all = params.getAll(name);
		if (all.length > 1) {
			return name;
		}

		values[name] = all[0];
	}

	return values;
}

/** A stable 21-digit subject for an account, shaped like Google's `sub`. */
function subjectOf(account: string): string {
	const number = BigInt(`0x${digest(`sub:${account}`).toString('hex').slice(0, 18)}`);
	return `1${number.toString().padStart(20, '0').slice(-20)}`;
}

type ClientCredentials = {clientId: string | undefined; clientSecret: string | undefined};

/** client_secret_basic: `Basic base64(urlencode(id) ":" urlencode(secret))`. */
function basicCredentials(authorization: string | undefined): ClientCredentials | undefined {
	const match = /^basic\s+([A-Za-z\d+/=]+)\s*$/i.exec(authorization ?? '');
	if (!match) {
		return undefined;
	}

	const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	if (colon < 0) {
		return undefined;
	}

	const decode = (text: string) => {
		try {
			return decodeURIComponent(text.replaceAll('+', ' '));
		} catch {
			return text;
		}
	};

	return {clientId: decode(decoded.slice(0, colon)), clientSecret: decode(decoded.slice(colon + 1))};
}

export function createGoogle(options: GoogleOptions): Google {
	const {now, signingKeys} = options;
	let settings: GoogleSettings = {...defaultGoogleSettings};
	const codes = new Map<string, CodeRecord>();
	const refreshTokens = new Map<string, RefreshTokenRecord>();
	const accessTokens = new AccessTokens(now);
	const accessTokenRecords = new Map<string, AccessTokenRecord>();
	const registeredClients = new Map<string, string>();
	let lastSweep = Number.NEGATIVE_INFINITY;

	function sweep(): void {
		const time = now();
		if (time - lastSweep < sweepEveryMilliseconds) {
			return;
		}

		lastSweep = time;
		for (const [code, record] of codes) {
			if (record.expiresAt + retentionMilliseconds < time) {
				codes.delete(code);
			}
		}

		accessTokens.sweep(time);
		for (const [token, record] of accessTokenRecords) {
			if (record.expiresAt <= time) {
				accessTokenRecords.delete(token);
			}
		}
	}

	/** The record of an access token that is known, not expired and not revoked. */
	function liveAccessToken(token: unknown): AccessTokenRecord | undefined {
		const record = typeof token === 'string' ? accessTokenRecords.get(token) : undefined;
		return record && !record.revoked && now() < record.expiresAt ? record : undefined;
	}

	function accessTokenGrant(token: unknown): AccessTokenGrant | undefined {
		return liveAccessToken(token) ? accessTokens.grant(token) : undefined;
	}

	function isKnownClient(clientId: string): boolean {
		return isGoogleClientId(clientId) && (!settings.googleRequireRegisteredClients || registeredClients.has(clientId));
	}

	function checkAuthorization(params: URLSearchParams): GoogleAuthorizationError | GoogleAuthorizationRequest {
		const values = readParameters(params, [
			'client_id', 'redirect_uri', 'response_type', 'scope', 'state', 'code_challenge', 'code_challenge_method', 'access_type', 'login_hint', 'nonce',
		]);
		if (typeof values === 'string') {
			return pageError('invalid_request', `Parameter not allowed to be repeated: ${values}`);
		}

		const clientId = values.client_id;
		if (!clientId) {
			return pageError('invalid_request', 'Missing required parameter: client_id');
		}

		if (!isKnownClient(clientId)) {
			return pageError('invalid_client', 'The OAuth client was not found.', 401);
		}

		const redirectUri = values.redirect_uri;
		if (!redirectUri) {
			return pageError('invalid_request', 'Missing required parameter: redirect_uri');
		}

		if (!isLoopbackRedirectUri(redirectUri)) {
			return pageError('redirect_uri_mismatch', 'You can\'t sign in to this app because it doesn\'t comply with Google\'s OAuth 2.0 policy. An installed app must redirect to a loopback address (http://127.0.0.1:port or http://localhost:port).', 400, truncate(redirectUri, 256));
		}

		const detail = (error: string, description: string) => pageError(error, description, 400, redirectUri);
		if (!values.response_type) {
			return detail('invalid_request', 'Required parameter is missing: response_type');
		}

		if (values.response_type !== 'code') {
			return detail('invalid_request', `Invalid response_type: ${truncate(values.response_type, 64)}. This offline identity provider only offers response_type=code.`);
		}

		const requested = (values.scope ?? '').split(' ').filter(scope => scope.length > 0);
		if (requested.length === 0) {
			return detail('invalid_request', 'Missing required parameter: scope');
		}

		const unknown = requested.filter(scope => !knownScopes.has(scope));
		if (unknown.length > 0) {
			return detail('invalid_scope', `Some requested scopes were invalid. {invalid=[${truncate(unknown.join(', '), 256)}]}`);
		}

		const scopes = [...new Set(requested.map(scope => expandedScopes[scope] ?? scope))];
		// Google grants openid with email or profile: a request for `scope=email` is answered with
		// scope "https://www.googleapis.com/auth/userinfo.email openid" and an id_token (transcript in
		// github.com/suculent/thinx-device-api issue #322, 2022).
		if (!scopes.includes('openid') && scopes.some(scope => identityScopeUrls.has(scope))) {
			scopes.push('openid');
		}

		if (!scopes.includes(googleMailScope)) {
			return detail('invalid_request', `This offline identity provider grants mail sending only: the scope must include ${googleMailScope}`);
		}

		const accessType = values.access_type ?? 'online';
		if (accessType !== 'online' && accessType !== 'offline') {
			return detail('invalid_request', `Invalid access_type: ${truncate(accessType, 64)}`);
		}

		const method = values.code_challenge_method;
		const challenge = values.code_challenge;
		if (method !== undefined || challenge !== undefined) {
			// RFC 7636 makes a missing method mean `plain`; offline only S256 is offered.
			if (method !== 'S256') {
				return detail('invalid_request', `Invalid code_challenge_method: ${truncate(method ?? 'plain', 64)}. Only S256 is supported here.`);
			}

			if (challenge === undefined) {
				return detail('invalid_request', 'Missing required parameter: code_challenge');
			}

			if (!pkcePattern.test(challenge)) {
				return detail('invalid_request', 'Invalid code_challenge: it must be 43 to 128 characters of A-Z, a-z, 0-9, "-", ".", "_" and "~".');
			}
		}

		return {clientId, redirectUri, scopes, state: values.state, codeChallenge: challenge, accessType, loginHint: values.login_hint, nonce: values.nonce};
	}

	function newCode(): string {
		for (;;) {
			// Shaped like Google's: `4/0A` and URL-safe characters; the `/` must be escaped in a URL.
			const code = `4/0A${randomToken(45)}`;
			if (!codes.has(code)) {
				return code;
			}
		}
	}

	function consent(params: URLSearchParams, decision: GoogleDecision, account?: string): GoogleAuthorizationError | {location: string} {
		sweep();
		const request = checkAuthorization(params);
		if (isPageError(request)) {
			return request;
		}

		if (decision === 'deny') {
			return {location: withQuery(request.redirectUri, [['error', 'access_denied'], ['state', request.state]])};
		}

		const code = newCode();
		codes.set(code, {
			clientId: request.clientId,
			redirectUri: request.redirectUri,
			codeChallenge: request.codeChallenge,
			scopes: request.scopes,
			accessType: request.accessType,
			account: normalizeGoogleAccount(account ?? request.loginHint),
			nonce: request.nonce,
			expiresAt: now() + (settings.googleCodeLifetimeSeconds * 1000),
			redeemed: false,
		});
		// Google's order: state, code, scope.
		return {location: withQuery(request.redirectUri, [['state', request.state], ['code', code], ['scope', request.scopes.join(' ')]])};
	}

	type Issue = {
		accessType: 'online' | 'offline';
		/** A refresh token issued now (the code exchange of access_type=offline). */
		newRefreshToken?: string | undefined;
		/** The refresh token of the grant, new or presented. */
		refreshToken: string | undefined;
		nonce?: string | undefined;
	};

	function issueTokens(grant: Grant, issue: Issue): GoogleResponse {
		const time = now();
		const lifetime = settings.googleAccessTokenLifetimeSeconds;
		const accessToken = `ya29.a0${randomToken(120)}`;
		const expiresAt = time + (lifetime * 1000);
		accessTokens.issue(accessToken, grant, expiresAt);
		accessTokenRecords.set(accessToken, {...grant, scopes: [...grant.scopes], accessType: issue.accessType, refreshToken: issue.refreshToken, expiresAt, revoked: false});
		const body: Record<string, unknown> = {access_token: accessToken, expires_in: lifetime};
		if (issue.newRefreshToken !== undefined) {
			body['refresh_token'] = issue.newRefreshToken;
		}

		body['scope'] = grant.scopes.join(' ');
		body['token_type'] = 'Bearer';
		// Google sends an ID token whenever openid was granted, with the refresh as with the code.
		if (grant.scopes.includes('openid')) {
			body['id_token'] = signingKeys.signJwt(idTokenClaims(grant, accessToken, time, issue.nonce));
		}

		return {status: 200, body};
	}

	/**
	Google's ID token claims ("OpenID Connect", "An ID token's payload",
	https://developers.google.com/identity/openid-connect/openid-connect#an-id-tokens-payload), in
	the order real Google ID tokens carry them as decoded in published transcripts: iss, azp, aud,
	sub, email, email_verified, at_hash, nonce, (profile claims,) iat, exp. Valid for an hour from
	issue whatever the access token's lifetime: exp = iat + 3600, as in the tokeninfo example of
	"Authenticate with a backend server" (https://developers.google.com/identity/sign-in/web/backend-auth:
	iat 1433978353, exp 1433981953) and those transcripts (iat 1603977494, exp 1603981094). email
	and email_verified only with the email scope; at_hash (OpenID Connect Core §3.1.3.6) ties the
	token to the access token it came with; nonce only when the authorization request had one.
	*/
	function idTokenClaims(grant: Grant, accessToken: string, time: number, nonce: string | undefined): Record<string, unknown> {
		const seconds = Math.floor(time / 1000);
		const claims: Record<string, unknown> = {
			iss: `https://${googleAccountsHost}`,
			azp: grant.clientId,
			aud: grant.clientId,
			sub: subjectOf(grant.account),
		};
		if (grant.scopes.includes(expandedScopes['email']!)) {
			claims['email'] = grant.account;
			claims['email_verified'] = true;
		}

		claims['at_hash'] = digest(accessToken).subarray(0, 16).toString('base64url');
		if (nonce !== undefined) {
			claims['nonce'] = nonce;
		}

		claims['iat'] = seconds;
		claims['exp'] = seconds + idTokenLifetimeSeconds;
		return claims;
	}

	function redeemCode(clientId: string, values: Record<'code' | 'redirect_uri' | 'code_verifier', string | undefined>): GoogleResponse {
		if (!values.code) {
			return failure(400, 'invalid_request', 'Missing required parameter: code');
		}

		if (!values.redirect_uri) {
			return failure(400, 'invalid_request', 'Missing required parameter: redirect_uri');
		}

		const record = codes.get(values.code);
		if (!record || record.redeemed || now() >= record.expiresAt || record.clientId !== clientId) {
			return badRequest();
		}

		if (values.redirect_uri !== record.redirectUri) {
			return failure(400, 'redirect_uri_mismatch', 'Bad Request');
		}

		const verifier = values.code_verifier;
		if (record.codeChallenge === undefined) {
			if (verifier !== undefined) {
				return failure(400, 'invalid_grant', 'code_verifier or verifier is not needed.');
			}
		} else if (!verifier) {
			return failure(400, 'invalid_grant', 'Missing code verifier.');
		} else if (!pkcePattern.test(verifier) || digest(verifier).toString('base64url') !== record.codeChallenge) {
			return failure(400, 'invalid_grant', 'Invalid code verifier.');
		}

		record.redeemed = true;
		const grant = {clientId, scopes: record.scopes, account: record.account};
		let refreshToken: string | undefined;
		// Google gives a refresh token only to access_type=offline.
		if (record.accessType === 'offline') {
			refreshToken = `1//0${randomToken(72)}`;
			refreshTokens.set(refreshToken, {...grant, state: 'active'});
		}

		return issueTokens(grant, {accessType: record.accessType, newRefreshToken: refreshToken, refreshToken, nonce: record.nonce});
	}

	function redeemRefreshToken(clientId: string, refreshToken: string | undefined): GoogleResponse {
		if (!refreshToken) {
			return failure(400, 'invalid_request', 'Missing required parameter: refresh_token');
		}

		const record = refreshTokens.get(refreshToken);
		if (!record || record.clientId !== clientId) {
			return badRequest();
		}

		if (record.state !== 'active') {
			return expiredOrRevoked();
		}

		// Google does not rotate refresh tokens: the same one keeps working.
		return issueTokens(record, {accessType: 'offline', refreshToken});
	}

	/** Ends a grant: its refresh token answers invalid_grant, its access tokens are invalid. */
	function revokeGrant(refreshToken: string): void {
		const record = refreshTokens.get(refreshToken);
		if (record) {
			record.state = 'revoked';
		}

		for (const accessToken of accessTokenRecords.values()) {
			if (accessToken.refreshToken === refreshToken) {
				accessToken.revoked = true;
			}
		}
	}

	/** The claims of an ID token signed with the published key, not expired; else undefined. */
	function checkedIdToken(token: string): {header: Record<string, unknown>; claims: Record<string, unknown>} | undefined {
		const parts = token.split('.');
		if (parts.length !== 3 || token.length > 16_384) {
			return undefined;
		}

		const [head, body, signature] = parts as [string, string, string];
		const header = parseJsonObject(head);
		const claims = parseJsonObject(body);
		const key = signingKeys.jwks().keys.find(candidate => candidate.kid === header?.['kid']);
		if (!header || !claims || header['alg'] !== 'RS256' || !key) {
			return undefined;
		}

		const signed = verifySignature('sha256', Buffer.from(`${head}.${body}`, 'ascii'), publicKeyOf(key), Buffer.from(signature, 'base64url'));
		const expiry = claims['exp'];
		return signed && typeof expiry === 'number' && now() < expiry * 1000 ? {header, claims} : undefined;
	}

	function retireRefreshTokens(state: 'expired' | 'revoked'): number {
		let count = 0;
		for (const record of refreshTokens.values()) {
			if (record.state === 'active') {
				record.state = state;
				count++;
			}
		}

		return count;
	}

	return {
		openidConfiguration: () => ({status: 200, body: openidConfiguration()}),

		checkAuthorization,

		consent,

		consentByUrl(authorizationUrl, decision, account) {
			let url: URL;
			try {
				url = new URL(authorizationUrl, `https://${googleAccountsHost}`);
			} catch {
				return {status: 400, location: null, error: 'invalid_request'};
			}

			if (url.pathname !== googleAuthorizationPath) {
				return {status: 404, location: null, error: 'not_found'};
			}

			const result = consent(url.searchParams, decision, account);
			return isPageError(result) ? {status: result.status, location: null, error: result.error} : {status: 302, location: result.location};
		},

		token(form, context = {}) {
			sweep();
			const values = readParameters(form, ['grant_type', 'client_id', 'client_secret', 'code', 'redirect_uri', 'code_verifier', 'refresh_token']);
			if (typeof values === 'string') {
				return failure(400, 'invalid_request', `Parameter not allowed to be repeated: ${values}`);
			}

			const grantType = values.grant_type ?? '';
			if (grantType !== 'authorization_code' && grantType !== 'refresh_token') {
				return failure(400, 'unsupported_grant_type', `Invalid grant_type: ${truncate(grantType, 128)}`);
			}

			const basic = values.client_id === undefined && values.client_secret === undefined ? basicCredentials(context.authorization) : undefined;
			const clientId = basic?.clientId ?? values.client_id;
			const clientSecret = basic?.clientSecret ?? values.client_secret;
			if (!clientId) {
				return failure(400, 'invalid_request', 'Could not determine client ID from request.');
			}

			if (!isKnownClient(clientId)) {
				return failure(401, 'invalid_client', 'The OAuth client was not found.');
			}

			if (!clientSecret) {
				return failure(400, 'invalid_request', 'client_secret is missing.');
			}

			const registered = registeredClients.get(clientId);
			if (registered !== undefined && !sameSecret(clientSecret, registered)) {
				return failure(401, 'invalid_client', 'Unauthorized');
			}

			return grantType === 'authorization_code' ? redeemCode(clientId, values) : redeemRefreshToken(clientId, values.refresh_token);
		},

		registerClient(clientId, clientSecret) {
			registeredClients.set(clientId, clientSecret);
		},

		expireRefreshTokens: () => ({refreshTokens: retireRefreshTokens('expired')}),

		revokeAll() {
			const revoked = retireRefreshTokens('revoked');
			const accessTokenCount = accessTokens.clear();
			accessTokenRecords.clear();
			// Codes not yet exchanged would give new tokens: they go too.
			codes.clear();
			return {refreshTokens: revoked, accessTokens: accessTokenCount};
		},

		isAccessTokenValid: token => accessTokenGrant(token) !== undefined,
		accessTokenGrant,

		gmailProfile(userId, authorization) {
			const token = bearerToken(authorization);
			const record = accessTokenGrant(token);
			const issued = liveAccessToken(token);
			if (!record || !issued) {
				return gmailError(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.', 'authError', 'Invalid Credentials');
			}

			// Google checks the credentials first (a bad token is a 401 whatever the project), then
			// whether the token's project has the API on, then the scopes.
			if (!settings.googleGmailApiEnabled) {
				return serviceDisabled(projectNumberOf(issued.clientId));
			}

			if (!record.scopes.some(scope => gmailProfileScopes.has(scope))) {
				return gmailError(403, 'PERMISSION_DENIED', 'Request had insufficient authentication scopes.', 'insufficientPermissions', 'Insufficient Permission');
			}

			if (userId !== 'me' && userId.toLowerCase() !== record.account.toLowerCase()) {
				return gmailError(403, 'PERMISSION_DENIED', 'Delegation denied for ' + truncate(record.account, 256), 'forbidden', 'Delegation denied for ' + truncate(record.account, 256));
			}

			return {status: 200, body: {emailAddress: record.account, messagesTotal: 0, threadsTotal: 0, historyId: '1'}};
		},

		/*
		"Revoking a token" (https://developers.google.com/identity/protocols/oauth2/native-app#tokenrevoke):
		the token may be an access token or a refresh token; revoking an access token that has a
		refresh token revokes the refresh token too; 200 when processed, else 400 with an error
		code. The bodies: `{}` on success (what google-auth-library's revokeToken gets as `data`,
		googleapis/google-auth-library-nodejs issue #1900, 2024); for a token Google does not know
		(unknown, expired or already revoked) {"error": "invalid_token", "error_description": "Token
		expired or revoked"}, as quoted from Google's answers in clients' code (a Flask
		"gdisconnect" handler's comment on accounts.google.com/o/oauth2/revoke; revocation tests
		that call it "Google's answer for a token already revoked"). No client authentication.
		*/
		revoke(token) {
			sweep();
			if (!token) {
				// Not seen from Google; worded as the token endpoint words a missing parameter.
				return failure(400, 'invalid_request', 'Missing required parameter: token');
			}

			const refresh = refreshTokens.get(token);
			if (refresh?.state === 'active') {
				revokeGrant(token);
				return {status: 200, body: {}};
			}

			const access = liveAccessToken(token);
			if (!access) {
				return failure(400, 'invalid_token', 'Token expired or revoked');
			}

			if (access.refreshToken === undefined) {
				access.revoked = true;
			} else {
				revokeGrant(access.refreshToken);
			}

			return {status: 200, body: {}};
		},

		/*
		Google's tokeninfo (https://oauth2.googleapis.com/tokeninfo, also
		www.googleapis.com/oauth2/v3/tokeninfo). For an access token the body is, in this order,
		azp, aud, sub, scope, exp, expires_in, email, email_verified, access_type, every value a
		string; sub only with an identity scope, email and email_verified only with the email scope
		(published transcripts: "curl https://www.googleapis.com/oauth2/v3/tokeninfo?access_token=…"
		in the README of a "gcloud alias for Application Default Credentials" script, 2019, with
		userinfo.email; without identity scopes only azp, aud, scope, exp, expires_in, access_type).
		For an ID token the claims as strings plus the header's alg, kid and typ ("Authenticate with
		a backend server", https://developers.google.com/identity/sign-in/web/backend-auth#calling-the-tokeninfo-endpoint).
		Anything else: 400 {"error": "invalid_token", "error_description": "Invalid Value"}.
		*/
		tokenInfo({accessToken, idToken}) {
			sweep();
			const invalidValue = () => failure(400, 'invalid_token', 'Invalid Value');
			if (idToken !== undefined) {
				const checked = checkedIdToken(idToken);
				if (!checked) {
					return invalidValue();
				}

				const body: Record<string, unknown> = {};
				for (const [name, value] of Object.entries(checked.claims)) {
					body[name] = String(value);
				}

				for (const name of ['alg', 'kid', 'typ']) {
					body[name] = String(checked.header[name]);
				}

				return {status: 200, body};
			}

			const record = liveAccessToken(accessToken);
			if (!record) {
				return invalidValue();
			}

			const body: Record<string, unknown> = {azp: record.clientId, aud: record.clientId};
			if (record.scopes.some(scope => scope === 'openid' || identityScopeUrls.has(scope))) {
				body['sub'] = subjectOf(record.account);
			}

			body['scope'] = record.scopes.join(' ');
			body['exp'] = String(Math.floor(record.expiresAt / 1000));
			body['expires_in'] = String(Math.max(0, Math.floor((record.expiresAt - now()) / 1000)));
			if (record.scopes.includes(expandedScopes['email']!)) {
				body['email'] = record.account;
				body['email_verified'] = 'true';
			}

			body['access_type'] = record.accessType;
			return {status: 200, body};
		},

		/*
		OpenID Connect userinfo ("OpenID Connect", "Obtaining user profile information",
		https://developers.google.com/identity/openid-connect/openid-connect#obtaininguserprofileinformation):
		sub, then email and email_verified (a JSON boolean here) with the email scope. A bad token:
		401 {"error": "invalid_request", "error_description": "Invalid Credentials"} (transcript of
		www.googleapis.com/oauth2/v3/userinfo, github.com/pimplesushant/laravelsocialiteapi issue #1)
		with Google's `WWW-Authenticate: Bearer realm="https://accounts.google.com/", error="invalid_token"`
		(github.com/codenameone/CodenameOne issue #3135).
		*/
		userinfo(authorization) {
			const token = bearerToken(authorization);
			const record = liveAccessToken(token);
			const identity = record?.scopes.some(scope => scope === 'openid' || identityScopeUrls.has(scope));
			if (!record || !identity) {
				// RFC 6750 §3.1: no error code when the request had no credentials at all.
				const challenge = token === undefined ? 'Bearer realm="https://accounts.google.com/"' : 'Bearer realm="https://accounts.google.com/", error="invalid_token"';
				return {...failure(401, 'invalid_request', 'Invalid Credentials'), headers: {'www-authenticate': challenge}};
			}

			const body: Record<string, unknown> = {sub: subjectOf(record.account)};
			if (record.scopes.includes(expandedScopes['email']!)) {
				body['email'] = record.account;
				body['email_verified'] = true;
			}

			return {status: 200, body};
		},

		jwks: () => ({status: 200, body: signingKeys.jwks(), headers: keySetHeaders}),

		pemCerts() {
			const body: Record<string, unknown> = {};
			for (const key of signingKeys.jwks().keys) {
				body[key.kid] = pemOf(key);
			}

			return {status: 200, body, headers: keySetHeaders};
		},

		settings: () => ({...settings}),

		configure(patch) {
			settings = {...settings, ...patch};
			return {...settings};
		},

		reset() {
			settings = {...defaultGoogleSettings};
			codes.clear();
			refreshTokens.clear();
			accessTokens.clear();
			accessTokenRecords.clear();
			registeredClients.clear();
			lastSweep = Number.NEGATIVE_INFINITY;
		},

		errorResponse: failure,
	};
}

/** Scopes that let the Gmail API read the profile (among them the full mail scope the device asks for). */
const gmailProfileScopes = new Set([
	googleMailScope,
	'https://www.googleapis.com/auth/gmail.readonly',
	'https://www.googleapis.com/auth/gmail.modify',
	'https://www.googleapis.com/auth/gmail.compose',
	'https://www.googleapis.com/auth/gmail.metadata',
]);

/** A Google API error body (not OAuth's): `{error: {code, message, errors, status}}`. */
function gmailError(code: number, status: string, message: string, reason: string, shortMessage: string): GoogleResponse {
	return {status: code, body: {error: {code, message, errors: [{message: shortMessage, domain: 'global', reason}], status}}};
}

/** The project a Google client belongs to: a client ID starts with its project number. */
function projectNumberOf(clientId: string): string {
	const number = /^(\d{1,20})-/.exec(clientId)?.[1];
	// A client ID without one (accepted offline): a stable 12-digit stand-in.
	return number ?? `1${(BigInt(`0x${digest(`project:${clientId}`).toString('hex').slice(0, 16)}`) % 10n ** 11n).toString().padStart(11, '0')}`;
}

/*
Google's answer when the token's project has not enabled the API. The legacy `errors` entry
(usageLimits / accessNotConfigured / extendedHelp) is the Gmail API's own (transcript in
github.com/DSchau/gatsby-mail issue #35, 2020); the `details` (ErrorInfo SERVICE_DISABLED with
its metadata, LocalizedMessage, Help link) are those of current Google APIs (transcripts in
github.com/google-gemini/gemini-cli issue #1343, 2025, and the Gmail metadata with serviceTitle
"Gmail API" quoted in test fixtures of projects that handle it).
*/
function serviceDisabled(project: string): GoogleResponse {
	const activationUrl = `https://console.developers.google.com/apis/api/${gmailHost}/overview?project=${project}`;
	const message = `Gmail API has not been used in project ${project} before or it is disabled. Enable it by visiting ${activationUrl} then retry. If you enabled this API recently, wait a few minutes for the action to propagate to our systems and retry.`;
	return {
		status: 403,
		body: {
			error: {
				code: 403,
				message,
				errors: [{message, domain: 'usageLimits', reason: 'accessNotConfigured', extendedHelp: 'https://console.developers.google.com'}],
				status: 'PERMISSION_DENIED',
				details: [
					{
						'@type': 'type.googleapis.com/google.rpc.ErrorInfo',
						reason: 'SERVICE_DISABLED',
						domain: 'googleapis.com',
						metadata: {serviceTitle: 'Gmail API', consumer: `projects/${project}`, containerInfo: project, service: gmailHost, activationUrl},
					},
					{'@type': 'type.googleapis.com/google.rpc.LocalizedMessage', locale: 'en-US', message},
					{'@type': 'type.googleapis.com/google.rpc.Help', links: [{description: 'Google developers console API activation', url: activationUrl}]},
				],
			},
		},
	};
}

function bearerToken(authorization: string | undefined): string | undefined {
	return /^bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
}

function parseJsonObject(segment: string): Record<string, unknown> | undefined {
	try {
		const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
		return typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Record<string, unknown> : undefined;
	} catch {
		return undefined;
	}
}

function publicKeyOf(key: PublicJwk) {
	return createPublicKey({key: {kty: key.kty, n: key.n, e: key.e}, format: 'jwk'});
}

/**
A key as https://www.googleapis.com/oauth2/v1/certs gives it: Google serves X.509 certificates.
The key set offers no certificate (unless a key carries `x5c`), so offline it is the public key
(SPKI) PEM, which google-auth-library's verifier (crypto.createVerify) takes alike.
*/
function pemOf(key: PublicJwk): string {
	const certificate = (key as PublicJwk & {x5c?: unknown}).x5c;
	if (Array.isArray(certificate) && typeof certificate[0] === 'string') {
		const lines = certificate[0].match(/.{1,64}/g) ?? [];
		return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
	}

	return String(publicKeyOf(key).export({type: 'spki', format: 'pem'}));
}

/*
Google's key set is cacheable (cache-control: public, max-age=…, must-revalidate, no-transform;
google-auth-library keeps the keys for max-age). Offline the keys are new at each start, so a
client keeps them five minutes rather than Google's hours.
*/
const keySetHeaders = {'cache-control': 'public, max-age=300, must-revalidate, no-transform'};

/**
Google's discovery document, field for field as https://accounts.google.com/.well-known/openid-configuration
serves it (linked from "OpenID Connect", "The discovery document",
https://developers.google.com/identity/openid-connect/openid-connect#discovery); like the real one
it names the Google hosts.
*/
function openidConfiguration(): Record<string, unknown> {
	return {
		issuer: `https://${googleAccountsHost}`,
		authorization_endpoint: `https://${googleAccountsHost}${googleAuthorizationPath}`,
		device_authorization_endpoint: `https://${googleTokenHost}/device/code`,
		token_endpoint: `https://${googleTokenHost}${googleTokenPath}`,
		userinfo_endpoint: 'https://openidconnect.googleapis.com/v1/userinfo',
		revocation_endpoint: `https://${googleTokenHost}/revoke`,
		jwks_uri: 'https://www.googleapis.com/oauth2/v3/certs',
		response_types_supported: ['code', 'token', 'id_token', 'code token', 'code id_token', 'token id_token', 'code token id_token', 'none'],
		subject_types_supported: ['public'],
		id_token_signing_alg_values_supported: ['RS256'],
		scopes_supported: ['openid', 'email', 'profile'],
		token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
		claims_supported: ['aud', 'email', 'email_verified', 'exp', 'family_name', 'given_name', 'iat', 'iss', 'name', 'picture', 'sub'],
		// Google also lists `plain`; offline only S256 is accepted, and the document says so.
		code_challenge_methods_supported: ['S256'],
		grant_types_supported: ['authorization_code', 'refresh_token', 'urn:ietf:params:oauth:grant-type:device_code', 'urn:ietf:params:oauth:grant-type:jwt-bearer'],
	};
}
