/**
What a client may ask about a token: revocation (POST /revoke), tokeninfo (oauth2.googleapis.com
and www.googleapis.com/oauth2/v3) and OpenID Connect userinfo, each worded as Google answers.
*/
import {verify as verifySignature} from 'node:crypto';
import {publicKeyOf} from './discovery.js';
import {
	bearerToken,
	expandedScopes,
	failure,
	identityScopeUrls,
	subjectOf,
	type GoogleResponse,
} from './model.js';
import {liveAccessToken, revokeGrant, sweep, type GoogleState} from './state.js';

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
export function revoke(state: GoogleState, token: string | undefined): GoogleResponse {
	sweep(state);
	if (!token) {
		// Not seen from Google; worded as the token endpoint words a missing parameter.
		return failure(400, 'invalid_request', 'Missing required parameter: token');
	}

	const refresh = state.refreshTokens.get(token);
	if (refresh?.state === 'active') {
		revokeGrant(state, token);
		return {status: 200, body: {}};
	}

	const access = liveAccessToken(state, token);
	if (!access) {
		return failure(400, 'invalid_token', 'Token expired or revoked');
	}

	if (access.refreshToken === undefined) {
		access.revoked = true;
	} else {
		revokeGrant(state, access.refreshToken);
	}

	return {status: 200, body: {}};
}

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
export function tokenInfo(state: GoogleState, {accessToken, idToken}: {accessToken?: string | undefined; idToken?: string | undefined}): GoogleResponse {
	sweep(state);
	const invalidValue = () => failure(400, 'invalid_token', 'Invalid Value');
	if (idToken !== undefined) {
		const checked = checkedIdToken(state, idToken);
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

	const record = liveAccessToken(state, accessToken);
	if (!record) {
		return invalidValue();
	}

	const body: Record<string, unknown> = {azp: record.clientId, aud: record.clientId};
	if (record.scopes.some(scope => scope === 'openid' || identityScopeUrls.has(scope))) {
		body['sub'] = subjectOf(record.account);
	}

	body['scope'] = record.scopes.join(' ');
	body['exp'] = String(Math.floor(record.expiresAt / 1000));
	body['expires_in'] = String(Math.max(0, Math.floor((record.expiresAt - state.now()) / 1000)));
	if (record.scopes.includes(expandedScopes['email']!)) {
		body['email'] = record.account;
		body['email_verified'] = 'true';
	}

	body['access_type'] = record.accessType;
	return {status: 200, body};
}

/*
OpenID Connect userinfo ("OpenID Connect", "Obtaining user profile information",
https://developers.google.com/identity/openid-connect/openid-connect#obtaininguserprofileinformation):
sub, then email and email_verified (a JSON boolean here) with the email scope. A bad token:
401 {"error": "invalid_request", "error_description": "Invalid Credentials"} (transcript of
www.googleapis.com/oauth2/v3/userinfo, github.com/pimplesushant/laravelsocialiteapi issue #1)
with Google's `WWW-Authenticate: Bearer realm="https://accounts.google.com/", error="invalid_token"`
(github.com/codenameone/CodenameOne issue #3135).
*/
export function userinfo(state: GoogleState, authorization: string | undefined): GoogleResponse {
	const token = bearerToken(authorization);
	const record = liveAccessToken(state, token);
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
}

/** The claims of an ID token signed with the published key, not expired; else undefined. */
function checkedIdToken(state: GoogleState, token: string): {header: Record<string, unknown>; claims: Record<string, unknown>} | undefined {
	const parts = token.split('.');
	if (parts.length !== 3 || token.length > 16_384) {
		return undefined;
	}

	const [head, body, signature] = parts as [string, string, string];
	const header = parseJsonObject(head);
	const claims = parseJsonObject(body);
	const key = state.signingKeys.jwks().keys.find(candidate => candidate.kid === header?.['kid']);
	if (!header || !claims || header['alg'] !== 'RS256' || !key) {
		return undefined;
	}

	const signed = verifySignature('sha256', Buffer.from(`${head}.${body}`, 'ascii'), publicKeyOf(key), Buffer.from(signature, 'base64url'));
	const expiry = claims['exp'];
	return signed && typeof expiry === 'number' && state.now() < expiry * 1000 ? {header, claims} : undefined;
}

function parseJsonObject(segment: string): Record<string, unknown> | undefined {
	try {
		const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
		return typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Record<string, unknown> : undefined;
	} catch {
		return undefined;
	}
}
