/**
POST /token (oauth2.googleapis.com): the authorization code grant with PKCE, redirect URI and
single-use checks, and the refresh token grant; the client authenticates with client_secret_post
or client_secret_basic.
*/
import {issueTokens} from './issue-tokens.js';
import {
	badRequest,
	basicCredentials,
	digest,
	expiredOrRevoked,
	failure,
	pkcePattern,
	randomToken,
	readParameters,
	sameSecret,
	truncate,
	type GoogleResponse,
	type GoogleTokenContext,
} from './model.js';
import {isKnownClient, sweep, type GoogleState} from './state.js';

export function token(state: GoogleState, form: URLSearchParams, context: GoogleTokenContext = {}): GoogleResponse {
	sweep(state);
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

	if (!isKnownClient(state, clientId)) {
		return failure(401, 'invalid_client', 'The OAuth client was not found.');
	}

	if (!clientSecret) {
		return failure(400, 'invalid_request', 'client_secret is missing.');
	}

	const registered = state.registeredClients.get(clientId);
	if (registered !== undefined && !sameSecret(clientSecret, registered)) {
		return failure(401, 'invalid_client', 'Unauthorized');
	}

	return grantType === 'authorization_code' ? redeemCode(state, clientId, values) : redeemRefreshToken(state, clientId, values.refresh_token);
}

function redeemCode(state: GoogleState, clientId: string, values: Record<'code' | 'redirect_uri' | 'code_verifier', string | undefined>): GoogleResponse {
	if (!values.code) {
		return failure(400, 'invalid_request', 'Missing required parameter: code');
	}

	if (!values.redirect_uri) {
		return failure(400, 'invalid_request', 'Missing required parameter: redirect_uri');
	}

	const record = state.codes.get(values.code);
	if (!record || record.redeemed || state.now() >= record.expiresAt || record.clientId !== clientId) {
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
		state.refreshTokens.set(refreshToken, {...grant, state: 'active'});
	}

	return issueTokens(state, grant, {accessType: record.accessType, newRefreshToken: refreshToken, refreshToken, nonce: record.nonce});
}

function redeemRefreshToken(state: GoogleState, clientId: string, refreshToken: string | undefined): GoogleResponse {
	if (!refreshToken) {
		return failure(400, 'invalid_request', 'Missing required parameter: refresh_token');
	}

	const record = state.refreshTokens.get(refreshToken);
	if (!record || record.clientId !== clientId) {
		return badRequest();
	}

	if (record.state !== 'active') {
		return expiredOrRevoked();
	}

	// Google does not rotate refresh tokens: the same one keeps working.
	return issueTokens(state, record, {accessType: 'offline', refreshToken});
}
