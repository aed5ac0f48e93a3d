/**
What a successful Google token request issues: a `ya29.` access token, the refresh token of an
offline grant, and an RS256 ID token whenever openid was granted.
*/
import {
	digest,
	expandedScopes,
	googleAccountsHost,
	idTokenLifetimeSeconds,
	randomToken,
	subjectOf,
	type Grant,
	type GoogleResponse,
} from './model.js';
import type {GoogleState} from './state.js';

export type Issue = {
	accessType: 'online' | 'offline';
	/** A refresh token issued now (the code exchange of access_type=offline). */
	newRefreshToken?: string | undefined;
	/** The refresh token of the grant, new or presented. */
	refreshToken: string | undefined;
	nonce?: string | undefined;
};

export function issueTokens(state: GoogleState, grant: Grant, issue: Issue): GoogleResponse {
	const time = state.now();
	const lifetime = state.settings.googleAccessTokenLifetimeSeconds;
	const accessToken = `ya29.a0${randomToken(120)}`;
	const expiresAt = time + (lifetime * 1000);
	state.accessTokens.issue(accessToken, grant, expiresAt);
	state.accessTokenRecords.set(accessToken, {...grant, scopes: [...grant.scopes], accessType: issue.accessType, refreshToken: issue.refreshToken, expiresAt, revoked: false});
	const body: Record<string, unknown> = {access_token: accessToken, expires_in: lifetime};
	if (issue.newRefreshToken !== undefined) {
		body['refresh_token'] = issue.newRefreshToken;
	}

	body['scope'] = grant.scopes.join(' ');
	body['token_type'] = 'Bearer';
	// Google sends an ID token whenever openid was granted, with the refresh as with the code.
	if (grant.scopes.includes('openid')) {
		body['id_token'] = state.signingKeys.signJwt(idTokenClaims(grant, accessToken, time, issue.nonce));
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
