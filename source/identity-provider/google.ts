/**
The Google (accounts.google.com, oauth2.googleapis.com) half of the offline identity
provider: the authorization code grant for an installed app with a loopback redirect and
PKCE, token refresh, and the OpenID discovery document, with Google's error bodies. No I/O:
the server hands in parsed parameters and sends back what it gets. Time comes only from the
injected clock.

Client secrets, offline: Google knows every client and its secret; this stand-in does not.
By default any well-formed client ID (`….apps.googleusercontent.com`) is accepted with any
non-empty secret, so the device works offline with whatever the engineer typed in. A client
registered through the controls must present its registered secret (else invalid_client),
and with `googleRequireRegisteredClients` only registered clients are known at all.
*/
import {createHash, randomBytes, timingSafeEqual} from 'node:crypto';
import {AccessTokens, type AccessTokenGrant} from './access-tokens.js';
import type {SigningKeys} from './signing-keys.js';

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
/** The application name the consent page shows. */
export const googleApplicationName = 'cloudmail-setup offline';
const maxAccountLength = 256;

export type GoogleSettings = {
	googleCodeLifetimeSeconds: number;
	googleAccessTokenLifetimeSeconds: number;
	/** Only clients registered through the controls are known; others get invalid_client. */
	googleRequireRegisteredClients: boolean;
};

export const defaultGoogleSettings: Readonly<GoogleSettings> = Object.freeze({
	googleCodeLifetimeSeconds: 600,
	googleAccessTokenLifetimeSeconds: 3599,
	googleRequireRegisteredClients: false,
});

export type GoogleResponse = {
	status: number;
	body: Record<string, unknown>;
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
	expiresAt: number;
	redeemed: boolean;
};

type Grant = {clientId: string; scopes: string[]; account: string};
type RefreshTokenRecord = Grant & {state: 'active' | 'expired' | 'revoked'};

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

function base64UrlJson(value: unknown): string {
	return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
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
	const {now} = options;
	let settings: GoogleSettings = {...defaultGoogleSettings};
	const codes = new Map<string, CodeRecord>();
	const refreshTokens = new Map<string, RefreshTokenRecord>();
	const accessTokens = new AccessTokens(now);
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
	}

	function isKnownClient(clientId: string): boolean {
		return isGoogleClientId(clientId) && (!settings.googleRequireRegisteredClients || registeredClients.has(clientId));
	}

	function checkAuthorization(params: URLSearchParams): GoogleAuthorizationError | GoogleAuthorizationRequest {
		const values = readParameters(params, [
			'client_id', 'redirect_uri', 'response_type', 'scope', 'state', 'code_challenge', 'code_challenge_method', 'access_type', 'login_hint',
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

		return {clientId, redirectUri, scopes, state: values.state, codeChallenge: challenge, accessType, loginHint: values.login_hint};
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
			expiresAt: now() + (settings.googleCodeLifetimeSeconds * 1000),
			redeemed: false,
		});
		// Google's order: state, code, scope.
		return {location: withQuery(request.redirectUri, [['state', request.state], ['code', code], ['scope', request.scopes.join(' ')]])};
	}

	function issueTokens(grant: Grant, refreshToken: string | undefined): GoogleResponse {
		const time = now();
		const lifetime = settings.googleAccessTokenLifetimeSeconds;
		const accessToken = `ya29.a0${randomToken(120)}`;
		accessTokens.issue(accessToken, grant, time + (lifetime * 1000));
		const body: Record<string, unknown> = {access_token: accessToken, expires_in: lifetime};
		if (refreshToken !== undefined) {
			body['refresh_token'] = refreshToken;
		}

		body['scope'] = grant.scopes.join(' ');
		body['token_type'] = 'Bearer';
		if (grant.scopes.includes('openid') || grant.scopes.includes(expandedScopes['email']!)) {
			body['id_token'] = unsignedIdToken(grant, time, lifetime);
		}

		return {status: 200, body};
	}

	// Shaped like Google's ID token, but unsigned (alg "none"): nothing offline verifies it.
	function unsignedIdToken(grant: Grant, time: number, lifetime: number): string {
		const seconds = Math.floor(time / 1000);
		const payload = {
			iss: `https://${googleAccountsHost}`,
			azp: grant.clientId,
			aud: grant.clientId,
			sub: subjectOf(grant.account),
			email: grant.account,
			email_verified: true,
			iat: seconds,
			exp: seconds + lifetime,
		};
		return `${base64UrlJson({alg: 'none', typ: 'JWT'})}.${base64UrlJson(payload)}.`;
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

		return issueTokens(grant, refreshToken);
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
		return issueTokens(record, undefined);
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
			// Codes not yet exchanged would give new tokens: they go too.
			codes.clear();
			return {refreshTokens: revoked, accessTokens: accessTokenCount};
		},

		isAccessTokenValid: token => accessTokens.grant(token) !== undefined,
		accessTokenGrant: token => accessTokens.grant(token),

		gmailProfile(userId, authorization) {
			const token = /^bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
			const record = accessTokens.grant(token);
			if (!record) {
				return gmailError(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.', 'authError', 'Invalid Credentials');
			}

			if (!record.scopes.some(scope => gmailProfileScopes.has(scope))) {
				return gmailError(403, 'PERMISSION_DENIED', 'Request had insufficient authentication scopes.', 'insufficientPermissions', 'Insufficient Permission');
			}

			if (userId !== 'me' && userId.toLowerCase() !== record.account.toLowerCase()) {
				return gmailError(403, 'PERMISSION_DENIED', 'Delegation denied for ' + truncate(record.account, 256), 'forbidden', 'Delegation denied for ' + truncate(record.account, 256));
			}

			return {status: 200, body: {emailAddress: record.account, messagesTotal: 0, threadsTotal: 0, historyId: '1'}};
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

/** Google's discovery document; like the real one it names the Google hosts. */
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
