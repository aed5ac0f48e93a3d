/**
The Google routes of the offline identity provider: discovery (accounts.google.com), the
authorization endpoint with its consent page (accounts.google.com), the token endpoint,
revocation and tokeninfo (oauth2.googleapis.com), the key set at jwks_uri in JWKS and PEM form
(www.googleapis.com), userinfo (openidconnect.googleapis.com) and the Gmail profile
(gmail.googleapis.com), where the device learns which account authorized. One server answers
for all these hosts; the paths do not clash with Entra's (/{tenant}/...). The protocol
decisions are made in google.ts.
*/
import type {IncomingHttpHeaders} from 'node:http';
import {
	googleAuthorizationPath,
	googleDiscoveryPath,
	googleJwksPath,
	googlePemCertsPath,
	googleRevokePath,
	googleTokenInfoPath,
	googleTokenPath,
	googleUserinfoPath,
	normalizeGoogleAccount,
	type Google,
	type GoogleAuthorizationError,
	type GoogleResponse,
} from './google.js';
import {
	closeConnection,
	decodeSegment,
	formOf,
	headerValue,
	htmlReply,
	jsonReply,
	maxBodyBytes,
	tooLarge,
	type Reply,
	type Request,
	type Route,
} from './http.js';
import {formRefusalNotice, formTokenField, type FormGuard} from './form-guard.js';
import {escapeHtml, googleConsentPage, googleErrorPage} from './pages.js';

export const googleRouteNames = ['googleDiscovery', 'googleAuth', 'googleToken', 'gmailProfile', 'googleRevoke', 'googleTokenInfo', 'googleUserinfo', 'googleCerts'] as const;
export type GoogleRouteName = (typeof googleRouteNames)[number];

function escapeForPattern(path: string): string {
	return path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function googleReply(response: GoogleResponse, headers: Record<string, string> = {}): Reply {
	return jsonReply(response.status, response.body, {...response.headers, ...headers});
}

/** One alternation of exact paths. */
function exactPaths(...paths: string[]): RegExp {
	return new RegExp(`^(?:${paths.map(escapeForPattern).join('|')})$`);
}

/**
The consent form posts to this server and is answered with a redirect to the app's loopback
address; browsers hold that redirect to the form's `form-action` too, so it names that origin.
(CSP cannot name an IPv6 literal: for `[::1]` it allows plain http.)
*/
function consentPageHeaders(redirectUri: string): Record<string, string> {
	let target = 'http:';
	try {
		const {origin} = new URL(redirectUri);
		target = origin.includes('[') ? 'http:' : origin;
	} catch {}

	return {
		'content-security-policy': `default-src 'none'; style-src 'unsafe-inline'; form-action 'self' ${target}; frame-ancestors 'none'; base-uri 'none'`,
	};
}

/** The request's parameters: the URL's query, with any parameter the form body carries taking its place. */
function mergedParameters(url: URL, form: URLSearchParams): URLSearchParams {
	const merged = new URLSearchParams(url.searchParams);
	for (const name of new Set(form.keys())) {
		merged.delete(name);
		for (const value of form.getAll(name)) {
			merged.append(name, value);
		}
	}

	return merged;
}

function errorPage(failure: GoogleAuthorizationError, status?: number, headers: Record<string, string> = {}): Reply {
	const page = googleErrorPage(failure);
	return htmlReply({...page, status: status ?? page.status}, headers);
}

export function googleRoutes(google: Google, formGuard: FormGuard, log: (line: string) => void = () => undefined): Array<Route<GoogleRouteName>> {
	/** The consent page, with its form's anti-forgery token (form-guard.ts) for the browser of `headers`. */
	function consentPage(headers: IncomingHttpHeaders, params: URLSearchParams, status = 200, notice?: string): Reply {
		const request = google.checkAuthorization(params);
		if ('error' in request) {
			return errorPage(request);
		}

		const issued = formGuard.issue(headers, 'google-consent');
		const decisionFields = new Set(['decision', 'account', formTokenField]);
		const query = new URLSearchParams([...params].filter(([name]) => !decisionFields.has(name)));
		const html = googleConsentPage({
			query: query.toString(),
			clientId: request.clientId,
			redirectUri: request.redirectUri,
			scopes: request.scopes,
			account: normalizeGoogleAccount(params.get('account') ?? request.loginHint),
			notice,
			formToken: issued.token,
		});
		return htmlReply({status, html}, {...consentPageHeaders(request.redirectUri), ...issued.headers});
	}

	return [
		{
			name: 'googleDiscovery',
			pattern: new RegExp(`^${escapeForPattern(googleDiscoveryPath)}$`),
			handle(request) {
				if (request.method !== 'GET' && request.method !== 'HEAD') {
					return googleReply(google.errorResponse(405, 'invalid_request', 'Method Not Allowed'), {allow: 'GET, HEAD'});
				}

				return googleReply(google.openidConfiguration());
			},
		},
		{
			name: 'googleAuth',
			pattern: new RegExp(`^${escapeForPattern(googleAuthorizationPath)}$`),
			async handle(request: Request) {
				if (request.method === 'GET' || request.method === 'HEAD') {
					return consentPage(request.headers, request.url.searchParams);
				}

				const refusal = (status: number, description: string, headers: Record<string, string> = {}) =>
					errorPage({status: 400, error: 'invalid_request', description}, status, headers);
				if (request.method !== 'POST') {
					return refusal(405, 'Use the consent form.', {allow: 'GET, HEAD, POST'});
				}

				const body = await request.body();
				if (body === tooLarge) {
					return refusal(413, `The form is larger than ${maxBodyBytes} bytes.`, closeConnection);
				}

				const form = formOf(request, body);
				const params = mergedParameters(request.url, form);
				// A post from another site, or without this page's token: no consent, the page again.
				const forged = formGuard.check(request.headers, form, 'google-consent');
				params.delete(formTokenField);
				if (forged) {
					log(`consent: form refused (${forged})`);
					params.delete('decision');
					return consentPage(request.headers, params, 403, formRefusalNotice(forged));
				}

				const decision = params.get('decision');
				if (decision !== 'allow' && decision !== 'deny') {
					return consentPage(request.headers, params, 400, 'Choose Allow or Deny.');
				}

				const result = google.consent(params, decision, params.get('account') ?? undefined);
				if ('error' in result) {
					return errorPage(result);
				}

				// What the browser shows before it follows the redirect (if it ever shows it).
				const html = `<!doctype html><title>Moved</title><a href="${escapeHtml(result.location)}">Continue</a>`;
				return {
					status: 302,
					headers: {
						location: result.location,
						'content-type': 'text/html; charset=utf-8',
						'cache-control': 'no-store',
						'referrer-policy': 'no-referrer',
						'x-content-type-options': 'nosniff',
					},
					body: html,
				};
			},
		},
		{
			name: 'gmailProfile',
			pattern: /^\/gmail\/v1\/users\/(?<userId>[^/]+)\/profile$/,
			handle(request, groups) {
				if (request.method !== 'GET' && request.method !== 'HEAD') {
					return googleReply(google.errorResponse(405, 'invalid_request', 'Method Not Allowed'), {allow: 'GET, HEAD'});
				}

				return googleReply(google.gmailProfile(decodeSegment(groups['userId']!), headerValue(request.headers, 'authorization')));
			},
		},
		{
			name: 'googleRevoke',
			pattern: exactPaths(googleRevokePath),
			async handle(request) {
				if (request.method !== 'POST') {
					return googleReply(google.errorResponse(405, 'invalid_request', 'Method Not Allowed'), {allow: 'POST'});
				}

				const body = await request.body();
				if (body === tooLarge) {
					return googleReply(google.errorResponse(413, 'invalid_request', `The request body is larger than ${maxBodyBytes} bytes.`), closeConnection);
				}

				// The form's token, or the query's (google-auth-library sends ?token= with no body).
				const params = mergedParameters(request.url, formOf(request, body));
				return googleReply(google.revoke(params.get('token') ?? undefined));
			},
		},
		{
			name: 'googleTokenInfo',
			// oauth2.googleapis.com/tokeninfo, and the same at www.googleapis.com/oauth2/v3/tokeninfo.
			pattern: exactPaths(googleTokenInfoPath, '/oauth2/v3/tokeninfo'),
			async handle(request) {
				if (request.method !== 'GET' && request.method !== 'HEAD' && request.method !== 'POST') {
					return googleReply(google.errorResponse(405, 'invalid_request', 'Method Not Allowed'), {allow: 'GET, HEAD, POST'});
				}

				const body = request.method === 'POST' ? await request.body() : '';
				if (body === tooLarge) {
					return googleReply(google.errorResponse(413, 'invalid_request', `The request body is larger than ${maxBodyBytes} bytes.`), closeConnection);
				}

				const params = mergedParameters(request.url, formOf(request, body));
				// google-auth-library's getTokenInfo sends the access token as a Bearer header.
				const bearer = /^bearer\s+(\S+)\s*$/i.exec(headerValue(request.headers, 'authorization') ?? '')?.[1];
				return googleReply(google.tokenInfo({
					accessToken: params.get('access_token') ?? bearer,
					idToken: params.get('id_token') ?? undefined,
				}));
			},
		},
		{
			name: 'googleUserinfo',
			// openidconnect.googleapis.com/v1/userinfo (the discovery document's), and www.googleapis.com/oauth2/v3/userinfo.
			pattern: exactPaths(googleUserinfoPath, '/oauth2/v3/userinfo'),
			handle(request) {
				if (request.method !== 'GET' && request.method !== 'HEAD' && request.method !== 'POST') {
					return googleReply(google.errorResponse(405, 'invalid_request', 'Method Not Allowed'), {allow: 'GET, HEAD, POST'});
				}

				return googleReply(google.userinfo(headerValue(request.headers, 'authorization')));
			},
		},
		{
			name: 'googleCerts',
			pattern: exactPaths(googleJwksPath, googlePemCertsPath),
			handle(request) {
				if (request.method !== 'GET' && request.method !== 'HEAD') {
					return googleReply(google.errorResponse(405, 'invalid_request', 'Method Not Allowed'), {allow: 'GET, HEAD'});
				}

				const reply = googleReply(request.url.pathname === googleJwksPath ? google.jwks() : google.pemCerts());
				// Cacheable like Google's: no `pragma: no-cache` beside its cache-control.
				const {pragma: _pragma, ...headers} = reply.headers;
				return {...reply, headers};
			},
		},
		{
			name: 'googleToken',
			pattern: new RegExp(`^${escapeForPattern(googleTokenPath)}$`),
			async handle(request) {
				if (request.method !== 'POST') {
					return googleReply(google.errorResponse(405, 'invalid_request', 'Method Not Allowed'), {allow: 'POST'});
				}

				const body = await request.body();
				if (body === tooLarge) {
					return googleReply(google.errorResponse(413, 'invalid_request', `The request body is larger than ${maxBodyBytes} bytes.`), closeConnection);
				}

				return googleReply(google.token(formOf(request, body), {authorization: headerValue(request.headers, 'authorization')}));
			},
		},
	];
}
