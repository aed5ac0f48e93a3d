/**
Google's consent page (GET and POST /o/oauth2/v2/auth on accounts.google.com): the request is
checked first (a refused one is Google's "Access blocked" page, never a redirect); the page asks
Allow or Deny; the answer is a redirect to the app's loopback address with a code (or
access_denied). Every page with the form carries its anti-forgery token (form-guard.ts); a post
from another site, or without the page's token, gives no consent.
*/
import type {IncomingHttpHeaders} from 'node:http';
import {formRefusalNotice, formTokenField, type FormGuard} from '../form-guard.js';
import type {Google, GoogleAuthorizationError} from '../google.js';
import {closeConnection, formOf, htmlReply, maxBodyBytes, tooLarge, type Handler, type MethodRefusal, type Reply} from '../http.js';
import {escapeHtml, googleConsentPage, googleErrorPage} from '../pages.js';
import {mergedParameters} from './handlers.js';
import {normalizeGoogleAccount} from './model.js';

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

function errorPage(failure: GoogleAuthorizationError, status?: number, headers: Record<string, string> = {}): Reply {
	const page = googleErrorPage(failure);
	return htmlReply({...page, status: status ?? page.status}, headers);
}

/** A refusal of the form itself (wrong method, too large), on Google's error page. */
function refusal(status: number, description: string, headers: Record<string, string> = {}): Reply {
	return errorPage({status: 400, error: 'invalid_request', description}, status, headers);
}

export const refuseConsentMethod: MethodRefusal = (_request, allowed) => refusal(405, 'Use the consent form.', {allow: allowed.join(', ')});

/** The consent page, with its form's anti-forgery token (form-guard.ts) for the browser of `headers`. */
function consentPage(google: Google, formGuard: FormGuard, headers: IncomingHttpHeaders, params: URLSearchParams, status = 200, notice?: string): Reply {
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

/** The redirect after consent, with what the browser shows before it follows it (if it ever shows it). */
function redirectTo(location: string): Reply {
	const html = `<!doctype html><title>Moved</title><a href="${escapeHtml(location)}">Continue</a>`;
	return {
		status: 302,
		headers: {
			location,
			'content-type': 'text/html; charset=utf-8',
			'cache-control': 'no-store',
			'referrer-policy': 'no-referrer',
			'x-content-type-options': 'nosniff',
		},
		body: html,
	};
}

/** GET: the consent page for the authorization request in the query; POST: the decision. */
export function consentHandler(google: Google, formGuard: FormGuard, log: (line: string) => void): Handler {
	return async request => {
		if (request.method === 'GET' || request.method === 'HEAD') {
			return consentPage(google, formGuard, request.headers, request.url.searchParams);
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
			return consentPage(google, formGuard, request.headers, params, 403, formRefusalNotice(forged));
		}

		const decision = params.get('decision');
		if (decision !== 'allow' && decision !== 'deny') {
			return consentPage(google, formGuard, request.headers, params, 400, 'Choose Allow or Deny.');
		}

		const result = google.consent(params, decision, params.get('account') ?? undefined);
		return 'error' in result ? errorPage(result) : redirectTo(result.location);
	};
}
