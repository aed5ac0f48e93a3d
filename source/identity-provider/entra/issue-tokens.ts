/**
What a successful Entra token request issues: the access token (opaque for personal accounts, a
v1.0-shaped unsigned JWT for work accounts), a refresh token with offline_access, an RS256 ID
token with openid, and `client_info` when MSAL asks for it.
*/
import {
	base64UrlJson,
	entraHost,
	guidFrom,
	oidOf,
	outlookResource,
	randomToken,
	scopesOf,
	tenantIdOf,
	type EntraResponse,
	type Grant,
	type TokenOptions,
} from './model.js';
import type {EntraState} from './state.js';

/**
"The default lifetime for the refresh tokens is 24 hours for single page apps and 90 days for
all other scenarios." (Microsoft Learn, "Refresh tokens in the Microsoft identity platform").
*/
const refreshTokenLifetimeMilliseconds = 90 * 24 * 60 * 60 * 1000;
/**
Used refresh tokens stay valid, so every refresh adds one. Beyond this many the oldest is
forgotten (it then answers as unknown), so that a client looping on refresh cannot exhaust
memory. Real Entra has no such limit that a client could see.
*/
const maxRefreshTokens = 100_000;

export function issueTokens(state: EntraState, grant: Grant, consented: readonly string[], tokenOptions: TokenOptions): EntraResponse {
	const time = state.now();
	const scopes = scopesOf(grant.scope);
	const lifetime = state.settings.accessTokenLifetimeSeconds;
	const accessToken = grant.tenant === 'consumers' ? opaqueAccessToken() : unsignedAccessToken(grant, time, lifetime);
	state.accessTokens.issue(accessToken, {account: grant.account, scopes: scopes.filter(scope => scope !== 'offline_access')}, time + (lifetime * 1000));
	const body: Record<string, unknown> = {
		token_type: 'Bearer',
		// Entra does not echo offline_access; it answers it with a refresh token.
		scope: scopes.filter(scope => scope !== 'offline_access').join(' '),
		expires_in: lifetime,
		ext_expires_in: lifetime,
		access_token: accessToken,
	};
	if (scopes.includes('offline_access')) {
		const refreshToken = randomToken(96);
		if (state.refreshTokens.size >= maxRefreshTokens) {
			// A Map iterates in insertion order: the first key is the oldest token.
			state.refreshTokens.delete(state.refreshTokens.keys().next().value!);
		}

		state.refreshTokens.set(refreshToken, {
			...grant,
			consented,
			state: 'active',
			issuedAt: time,
			expiresAt: time + refreshTokenLifetimeMilliseconds,
		});
		body['refresh_token'] = refreshToken;
	}

	if (scopes.includes('openid')) {
		body['id_token'] = signedIdToken(state, grant, time, lifetime);
	}

	// MSAL sends client_info=1 and builds its account's home ID from the answer: base64url of
	// {"uid": object ID, "utid": tenant ID}. Without it msal-node logs "No client info in response".
	if (tokenOptions.clientInfo) {
		body['client_info'] = base64UrlJson({uid: oidOf(grant), utid: tenantIdOf(grant.tenant)});
	}

	return {status: 200, body};
}

/**
Personal Microsoft accounts get access tokens that are not JWTs: "Tokens for Microsoft services
can use a special format that will not validate as a JWT, and may also be encrypted for
consumer (Microsoft account) users." (Microsoft Learn, "Access tokens in the Microsoft identity
platform"). Nothing can be read from them; this server knows them by lookup.
*/
function opaqueAccessToken(): string {
	return randomToken(192);
}

/**
Shaped like the v1.0 access tokens Entra issues for Outlook to work accounts (a JWT with
`aud`, `scp`, `upn`, `unique_name`), but unsigned (alg "none"): clients must treat access
tokens as opaque (Microsoft Learn, "Access tokens in the Microsoft identity platform"), and this
server checks tokens by looking them up, never by their claims.
*/
function unsignedAccessToken(grant: Grant, time: number, lifetime: number): string {
	const seconds = Math.floor(time / 1000);
	const tenantId = tenantIdOf(grant.tenant);
	const resourceScopes = scopesOf(grant.scope)
		.filter(scope => scope.startsWith(`${outlookResource}/`))
		.map(scope => scope.slice(outlookResource.length + 1));
	const payload = {
		aud: outlookResource,
		iss: `https://sts.windows.net/${tenantId}/`,
		iat: seconds,
		nbf: seconds,
		exp: seconds + lifetime,
		appid: grant.clientId,
		name: grant.account,
		oid: oidOf(grant),
		preferred_username: grant.account,
		scp: resourceScopes.join(' '),
		tid: tenantId,
		unique_name: grant.account,
		upn: grant.account,
		// Unique per token, as Entra's `uti` is: no two tokens are the same string.
		uti: randomToken(16),
		ver: '1.0',
	};
	return `${base64UrlJson({typ: 'JWT', alg: 'none'})}.${base64UrlJson(payload)}.`;
}

/**
A v2.0 ID token as Entra issues it (Microsoft Learn, "ID token claims reference"), signed
RS256 with the key published at the tenant's jwks_uri. `email` only with the email scope;
no `nonce`: the device code flow has none.
*/
function signedIdToken(state: EntraState, grant: Grant, time: number, lifetime: number): string {
	const seconds = Math.floor(time / 1000);
	const tenantId = tenantIdOf(grant.tenant);
	const withEmail = scopesOf(grant.scope).includes('email') && grant.account.includes('@');
	return state.options.signingKeys.signJwt({
		aud: grant.clientId,
		iss: `https://${entraHost}/${tenantId}/v2.0`,
		iat: seconds,
		nbf: seconds,
		exp: seconds + lifetime,
		...(withEmail ? {email: grant.account} : {}),
		name: grant.account,
		oid: oidOf(grant),
		preferred_username: grant.account,
		sub: guidFrom(`sub:${grant.clientId}:${grant.account}`),
		tid: tenantId,
		ver: '2.0',
	});
}
