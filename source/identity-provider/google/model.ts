/**
What the offline Google's parts share: the real hosts and paths it stands in for, its settings,
the shapes of its answers and records, and small helpers (error bodies, parameters, client IDs,
loopback redirect URIs, accounts, subjects). The behaviour lives beside it: authorization.ts,
token.ts, issue-tokens.ts, token-info.ts, gmail.ts, discovery.ts, state.ts; ../google.ts puts
them together.
*/
import {createHash, randomBytes, timingSafeEqual} from 'node:crypto';
import type {SigningKeys} from '../signing-keys.js';

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
export type {AccessTokenGrant} from '../access-tokens.js';

export type GoogleOptions = {
	now: () => number;
	/** Signs ID tokens; its key set is served at Google's `jwks_uri`. */
	signingKeys: SigningKeys;
};

export const clientIdPattern = /^[\w.-]{1,200}\.apps\.googleusercontent\.com$/;
// RFC 7636 §4.1/4.2: 43 to 128 unreserved characters.
export const pkcePattern = /^[\w.~-]{43,128}$/;
// The raw text must say the loopback host itself: no `http://127.1`, no `http://LOCALHOST`.
export const loopbackPattern = /^http:\/\/(?:localhost|127\.0\.0\.1|\[::1\])(?::\d{1,5})?(?:[/?]|$)/;
export const printablePattern = /^[\x21-\x7E]+$/;
export const maxRedirectUriLength = 2048;
export const expandedScopes: Record<string, string> = {
	email: 'https://www.googleapis.com/auth/userinfo.email',
	profile: 'https://www.googleapis.com/auth/userinfo.profile',
};
export const knownScopes = new Set([googleMailScope, 'openid', ...Object.keys(expandedScopes), ...Object.values(expandedScopes)]);
export const identityScopeUrls = new Set(Object.values(expandedScopes));
export const idTokenLifetimeSeconds = 3600;

export type CodeRecord = {
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

export type Grant = {clientId: string; scopes: string[]; account: string};
export type RefreshTokenRecord = Grant & {state: 'active' | 'expired' | 'revoked'};
/** What tokeninfo, revocation and the Gmail API need beyond the shared store's grant. */
export type AccessTokenRecord = Grant & {
	accessType: 'online' | 'offline';
	/** The refresh token of the grant (offline), which a revocation of either ends. */
	refreshToken: string | undefined;
	expiresAt: number;
	revoked: boolean;
};

export function failure(status: number, error: string, description: string): GoogleResponse {
	return {status, body: {error, error_description: description}};
}

export const badRequest = (): GoogleResponse => failure(400, 'invalid_grant', 'Bad Request');
export const expiredOrRevoked = (): GoogleResponse => failure(400, 'invalid_grant', 'Token has been expired or revoked.');

export function pageError(error: string, description: string, status: 400 | 401 = 400, redirectUri?: string): GoogleAuthorizationError {
	return {status, error, description, redirectUri};
}

export function isPageError(value: object): value is GoogleAuthorizationError {
	return 'error' in value;
}

export function truncate(text: string, length: number): string {
	return text.length > length ? `${text.slice(0, length)}...` : text;
}

export function randomToken(bytes: number): string {
	return randomBytes(bytes).toString('base64url');
}

export function digest(text: string): Buffer {
	return createHash('sha256').update(text, 'utf8').digest();
}

/** Constant-time comparison of two strings of any length. */
export function sameSecret(given: string, expected: string): boolean {
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
export function withQuery(uri: string, parameters: Array<[string, string | undefined]>): string {
	const query = parameters
		.filter((pair): pair is [string, string] => pair[1] !== undefined)
		.map(([name, value]) => `${name}=${encodeURIComponent(value)}`)
		.join('&');
	return `${uri}${uri.includes('?') ? '&' : '?'}${query}`;
}

/** Reads the named parameters; a repeated one is refused. Absent = undefined. */
export function readParameters<Name extends string>(params: URLSearchParams, names: readonly Name[]): string | Record<Name, string | undefined> {
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
export function subjectOf(account: string): string {
	const number = BigInt(`0x${digest(`sub:${account}`).toString('hex').slice(0, 18)}`);
	return `1${number.toString().padStart(20, '0').slice(-20)}`;
}

export type ClientCredentials = {clientId: string | undefined; clientSecret: string | undefined};

/** client_secret_basic: `Basic base64(urlencode(id) ":" urlencode(secret))`. */
export function basicCredentials(authorization: string | undefined): ClientCredentials | undefined {
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

export function bearerToken(authorization: string | undefined): string | undefined {
	return /^bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
}
