/**
Cross-site request forgery on the identity provider's own forms (Entra's `/devicelogin`
sign-in and approval, Google's consent), as the real services guard theirs: a page that knows a
user code, or an authorization URL, must not be able to approve it from the engineer's browser.

- Every page with a form carries a per-page token (hidden field `csrf_token`): an HMAC of the
  browser's form cookie and the form's purpose under a key made at start. The cookie
  (`__Host-cloudmail-form`: Secure, HttpOnly, SameSite=Strict, Path=/) is set by the page when
  the browser has none; a cross-site post carries neither a token nor (SameSite) the cookie.
- A POST is refused (403, a page that says so, with the form again) when its Origin is present
  and not the page's own (`null` is not foreign: browsers send it for a page served with
  `Referrer-Policy: no-referrer`; the token decides then), when Sec-Fetch-Site says cross-site or
  same-site, or when the token is missing or wrong. Tokens are compared in constant time.

A script approves the way a browser does: GET the page, then POST its form with the hidden
field and the cookie (test/support/idp-form.ts); the test controls (`/_control/approve`) stay
for scripts that hold the run's test token.
*/
import {createHmac, randomBytes} from 'node:crypto';
import type {IncomingHttpHeaders} from 'node:http';
import {isOwnOrigin, parseHost, sameToken} from '../emulator/request-guard.js';
import {headerValue} from './http.js';

/** The field of the forms that carries the token. */
export const formTokenField = 'csrf_token';
/** The cookie the token is bound to. */
export const formCookieName = '__Host-cloudmail-form';

/** Which form a token is for: a token of one form does not open the other. */
export type FormPurpose = 'devicelogin' | 'google-consent';

/** Why a form post was refused. */
export type FormRefusal = 'foreign-origin' | 'token-missing' | 'token-wrong';

export type FormToken = {
	/** The hidden field's value. */
	token: string;
	/** A `Set-Cookie` header to send with the page, when the browser had no form cookie. */
	headers: Record<string, string>;
};

export type FormGuard = {
	/** The token for a page with the `purpose` form, for the browser of `headers`. */
	issue(headers: IncomingHttpHeaders, purpose: FormPurpose): FormToken;
	/** A POST of the `purpose` form: undefined when it may go on, else why not. */
	check(headers: IncomingHttpHeaders, form: URLSearchParams, purpose: FormPurpose): FormRefusal | undefined;
};

const cookieValuePattern = /^[\w-]{43}$/;

function cookieOf(headers: IncomingHttpHeaders): string | undefined {
	const header = headers.cookie;
	const text = Array.isArray(header) ? header.join('; ') : header ?? '';
	for (const part of text.split(';')) {
		const [name, ...rest] = part.trim().split('=');
		if (name === formCookieName) {
			const value = rest.join('=');
			return cookieValuePattern.test(value) ? value : undefined;
		}
	}

	return undefined;
}

/** An Origin that is present and names another site than the one the request was sent to (Host). */
function foreignOrigin(headers: IncomingHttpHeaders): boolean {
	const site = headerValue(headers, 'sec-fetch-site')?.trim().toLowerCase();
	if (site === 'cross-site' || site === 'same-site') {
		return true;
	}

	const origin = headerValue(headers, 'origin');
	if (origin === undefined || origin.trim() === 'null') {
		return false;
	}

	const host = parseHost(headerValue(headers, 'host'), 443);
	return host === undefined || !isOwnOrigin(origin.trim(), host, 'https');
}

export function createFormGuard(): FormGuard {
	const key = randomBytes(32);
	const tokenFor = (cookie: string, purpose: FormPurpose): string => createHmac('sha256', key).update(`${purpose}\n${cookie}`).digest('base64url');
	return {
		issue(headers, purpose) {
			const existing = cookieOf(headers);
			const cookie = existing ?? randomBytes(32).toString('base64url');
			const setCookie: Record<string, string> = existing ? {} : {'set-cookie': `${formCookieName}=${cookie}; Path=/; Secure; HttpOnly; SameSite=Strict`};
			return {token: tokenFor(cookie, purpose), headers: setCookie};
		},
		check(headers, form, purpose) {
			if (foreignOrigin(headers)) {
				return 'foreign-origin';
			}

			const given = form.get(formTokenField) ?? '';
			const cookie = cookieOf(headers);
			if (given === '' || cookie === undefined) {
				return 'token-missing';
			}

			return sameToken(given, tokenFor(cookie, purpose)) ? undefined : 'token-wrong';
		},
	};
}

/** What the refused page says, in the identity provider's (English) words. */
export function formRefusalNotice(refusal: FormRefusal): string {
	return refusal === 'foreign-origin'
		? 'This form was sent from another web site, so nothing was approved. If you meant to sign in, use the form below.'
		: 'This form has expired or was not sent from this page, so nothing was approved. Use the form below.';
}
