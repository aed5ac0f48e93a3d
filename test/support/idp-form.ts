/**
What a browser does before it posts one of the identity provider's forms (the sign-in and
approval at /devicelogin, Google's consent): it has loaded the page, so it holds the form's
hidden anti-forgery token and the cookie the page set (source/identity-provider/form-guard.ts).
The test helpers that post these forms GET the page first and send both back.
*/
import https from 'node:https';
import {formCookieName, formTokenField} from '../../source/identity-provider/form-guard.js';
import {googleAuthorizationPath} from '../../source/identity-provider/google.js';
import {verificationPath} from '../../source/identity-provider/pages.js';

/** The hidden token of the first form of `html`, if it has one. */
export function formTokenOf(html: string): string | undefined {
	return new RegExp(`name="${formTokenField}" value="([^"]+)"`).exec(html)?.[1];
}

/** The `name=value` of the form cookie a page set (`Set-Cookie`), if it set one. */
export function formCookieOf(setCookie: string | string[] | undefined): string | undefined {
	const headers = Array.isArray(setCookie) ? setCookie : setCookie === undefined ? [] : [setCookie];
	for (const header of headers) {
		const pair = header.split(';')[0]!.trim();
		if (pair.startsWith(`${formCookieName}=`)) {
			return pair;
		}
	}

	return undefined;
}

/**
The page a browser would have shown before posting `fields` to `address` (path and query), or
undefined when `address` is not one of the provider's forms: the sign-in page, or the consent
page of the authorization request (the query, with what the form carries beyond the decision).
*/
export function formPageOf(address: string, fields: Record<string, string>): string | undefined {
	const url = new URL(address, 'https://idp.invalid');
	if (url.pathname === verificationPath) {
		return verificationPath;
	}

	if (url.pathname === googleAuthorizationPath) {
		const query = new URLSearchParams(url.search);
		for (const [name, value] of Object.entries(fields)) {
			if (name !== 'decision' && name !== 'account' && name !== formTokenField) {
				query.set(name, value);
			}
		}

		return `${googleAuthorizationPath}?${query.toString()}`;
	}

	return undefined;
}

/** `fields` with the page's token, and the headers (Cookie) to post them with; as they are when the page had no form. */
export function withFormToken(fields: Record<string, string>, page: {body: string; setCookie: string | string[] | undefined}): {fields: Record<string, string>; headers: Record<string, string>} {
	const token = formTokenOf(page.body);
	const cookie = formCookieOf(page.setCookie);
	return {
		fields: token === undefined || formTokenField in fields ? fields : {...fields, [formTokenField]: token},
		headers: cookie === undefined ? {} : {cookie},
	};
}

/** GET a page of the identity provider as a browser does (trusting its CA `ca`): its body and the cookies it set. */
export async function loadPage(url: URL, ca: string): Promise<{body: string; setCookie: string[] | undefined}> {
	return new Promise((resolve, reject) => {
		https.get(url, {ca, headers: {accept: 'text/html'}}, response => {
			let body = '';
			response.setEncoding('utf8');
			response.on('data', (chunk: string) => {
				body += chunk;
			});
			response.on('end', () => {
				resolve({body, setCookie: response.headers['set-cookie']});
			});
		}).on('error', reject);
	});
}

/** `fields` to post to `address` as a browser would from the form's page (token and cookie added); as they are for other addresses. */
export async function asFromThePage(address: URL, fields: Record<string, string>, ca: string): Promise<{fields: Record<string, string>; headers: Record<string, string>}> {
	const page = formPageOf(`${address.pathname}${address.search}`, fields);
	return page === undefined ? {fields, headers: {}} : withFormToken(fields, await loadPage(new URL(page, address), ca));
}
