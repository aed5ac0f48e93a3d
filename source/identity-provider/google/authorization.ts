/**
The authorization endpoint (GET /o/oauth2/v2/auth on accounts.google.com) of the installed-app
flow: the request's checks (a loopback redirect over plain http, response_type=code, known
scopes, PKCE S256), and the consent's answer, a redirect with a code (or access_denied).
*/
import {
	expandedScopes,
	googleAccountsHost,
	googleAuthorizationPath,
	googleMailScope,
	identityScopeUrls,
	isLoopbackRedirectUri,
	isPageError,
	knownScopes,
	normalizeGoogleAccount,
	pageError,
	pkcePattern,
	randomToken,
	readParameters,
	truncate,
	withQuery,
	type GoogleAuthorizationError,
	type GoogleAuthorizationRequest,
	type GoogleConsentResult,
	type GoogleDecision,
} from './model.js';
import {isKnownClient, sweep, type GoogleState} from './state.js';

/** Checks an authorization request (the query of GET /o/oauth2/v2/auth). */
export function checkAuthorization(state: GoogleState, params: URLSearchParams): GoogleAuthorizationError | GoogleAuthorizationRequest {
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

	if (!isKnownClient(state, clientId)) {
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

function newCode(state: GoogleState): string {
	for (;;) {
		// Shaped like Google's: `4/0A` and URL-safe characters; the `/` must be escaped in a URL.
		const code = `4/0A${randomToken(45)}`;
		if (!state.codes.has(code)) {
			return code;
		}
	}
}

/** The consent form's answer: the Location to redirect to, or why there is none. */
export function consent(state: GoogleState, params: URLSearchParams, decision: GoogleDecision, account?: string): GoogleAuthorizationError | {location: string} {
	sweep(state);
	const request = checkAuthorization(state, params);
	if (isPageError(request)) {
		return request;
	}

	if (decision === 'deny') {
		return {location: withQuery(request.redirectUri, [['error', 'access_denied'], ['state', request.state]])};
	}

	const code = newCode(state);
	state.codes.set(code, {
		clientId: request.clientId,
		redirectUri: request.redirectUri,
		codeChallenge: request.codeChallenge,
		scopes: request.scopes,
		accessType: request.accessType,
		account: normalizeGoogleAccount(account ?? request.loginHint),
		nonce: request.nonce,
		expiresAt: state.now() + (state.settings.googleCodeLifetimeSeconds * 1000),
		redeemed: false,
	});
	// Google's order: state, code, scope.
	return {location: withQuery(request.redirectUri, [['state', request.state], ['code', code], ['scope', request.scopes.join(' ')]])};
}

/** `consent` for a whole authorization URL; only its path and query matter, not its host. */
export function consentByUrl(state: GoogleState, authorizationUrl: string, decision: GoogleDecision, account?: string): GoogleConsentResult {
	let url: URL;
	try {
		url = new URL(authorizationUrl, `https://${googleAccountsHost}`);
	} catch {
		return {status: 400, location: null, error: 'invalid_request'};
	}

	if (url.pathname !== googleAuthorizationPath) {
		return {status: 404, location: null, error: 'not_found'};
	}

	const result = consent(state, url.searchParams, decision, account);
	return isPageError(result) ? {status: result.status, location: null, error: result.error} : {status: 302, location: result.location};
}
