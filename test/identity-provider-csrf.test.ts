/**
The identity provider's forms (Entra's /devicelogin sign-in and approval, Google's consent) are
not to be driven by another web site that knows a user code or an authorization URL: each page
carries a per-page token bound to a cookie (Secure, HttpOnly, SameSite=Strict), and a POST whose
Origin is present and foreign, or whose token is missing or wrong, is refused with a page that
says so; nothing is approved. The page's own post (a browser: GET, then the form with Origin =
the page's origin) still works. Real HTTPS on 127.0.0.1, with exactly the headers a browser sends.
*/
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {formCookieName} from '../source/identity-provider/form-guard.js';
import {googleAuthorizationPath} from '../source/identity-provider/google.js';
import {offlineMicrosoftClientId, startIdentityProvider, type IdentityProvider} from '../source/identity-provider/index.js';
import {exactRequestToProvider, type ExactResult} from './support/exact-request.js';
import {formCookieOf, formTokenOf} from './support/idp-form.js';

let provider: IdentityProvider;
const logLines: string[] = [];

beforeAll(async () => {
	provider = await startIdentityProvider({log: line => logLines.push(line)});
});

afterAll(async () => {
	await provider.close();
});

beforeEach(() => {
	provider.controls.reset();
});

type Result = ExactResult;

/** One request with exactly these headers to the provider at https://localhost:PORT (on 127.0.0.1). */
async function raw(method: string, path: string, headers: Record<string, string>, body?: string): Promise<Result> {
	return exactRequestToProvider(provider, method, path, headers, body);
}

async function userCode(): Promise<string> {
	const form = new URLSearchParams({client_id: offlineMicrosoftClientId, scope: 'https://outlook.office.com/SMTP.Send offline_access'}).toString();
	const response = await raw('POST', '/organizations/oauth2/v2.0/devicecode', {host: 'login.microsoftonline.com', 'content-type': 'application/x-www-form-urlencoded'}, form);
	expect(response.status).toBe(200);
	return (JSON.parse(response.text) as {user_code: string}).user_code;
}

const pending = (code: string): boolean => provider.controls.pending().some(entry => entry.userCode === code);

/** What a browser sends when it posts a form from a page of `origin`. */
function formHeaders(origin: string, site: 'same-origin' | 'cross-site', cookie?: string): Record<string, string> {
	return {
		accept: 'text/html',
		'content-type': 'application/x-www-form-urlencoded',
		origin,
		'sec-fetch-site': site,
		'sec-fetch-mode': 'navigate',
		'sec-fetch-dest': 'document',
		...(cookie === undefined ? {} : {cookie}),
	};
}

/** A browser opens the page: its token and cookie. */
async function openPage(path: string): Promise<{token: string; cookie: string; page: Result}> {
	const page = await raw('GET', path, {accept: 'text/html', 'sec-fetch-site': 'none', 'sec-fetch-mode': 'navigate'});
	expect(page.status).toBe(200);
	const token = formTokenOf(page.text);
	const cookie = formCookieOf(page.headers['set-cookie'] as string[] | undefined);
	expect(token).toBeDefined();
	expect(cookie).toBeDefined();
	return {token: token!, cookie: cookie!, page};
}

const own = (): string => `https://localhost:${provider.port}`;
const evil = 'https://evil.example';

describe('/devicelogin: sign-in and approval', () => {
	it('a cross-site form post (Origin: https://evil.example, no token) is refused with a page that says so; the code stays pending', async () => {
		const code = await userCode();
		const form = new URLSearchParams({user_code: code, decision: 'allow'}).toString();
		const refused = await raw('POST', '/devicelogin', formHeaders(evil, 'cross-site'), form);
		expect(refused.status).toBe(403);
		expect(refused.headers['content-type']).toMatch(/^text\/html/);
		expect(refused.text).toContain('sent from another web site, so nothing was approved');
		// The code is not filled in for the engineer to approve by mistake.
		expect(refused.text).not.toContain(code);
		expect(pending(code)).toBe(true);
		expect(logLines.join('\n')).toContain('devicelogin: form refused (foreign-origin)');
	});

	it('a foreign Origin is refused even with a good token and cookie', async () => {
		const code = await userCode();
		const {token, cookie} = await openPage('/devicelogin');
		const form = new URLSearchParams({user_code: code, decision: 'allow', csrf_token: token}).toString();
		expect((await raw('POST', '/devicelogin', {...formHeaders(evil, 'cross-site', cookie), 'sec-fetch-site': 'none'}, form)).status).toBe(403);
		expect(pending(code)).toBe(true);
	});

	it('a post without the page\'s token, or with a wrong one, is refused (no Origin: a script)', async () => {
		const code = await userCode();
		const {token, cookie} = await openPage('/devicelogin');
		const headers = {accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded'};
		const noToken = await raw('POST', '/devicelogin', {...headers, cookie}, new URLSearchParams({user_code: code, decision: 'allow'}).toString());
		expect(noToken.status).toBe(403);
		expect(noToken.text).toContain('not sent from this page');
		const noCookie = await raw('POST', '/devicelogin', headers, new URLSearchParams({user_code: code, decision: 'allow', csrf_token: token}).toString());
		expect(noCookie.status).toBe(403);
		const other = await openPage('/devicelogin');
		const wrong = await raw('POST', '/devicelogin', {...headers, cookie: other.cookie}, new URLSearchParams({user_code: code, decision: 'allow', csrf_token: token}).toString());
		expect(wrong.status).toBe(403);
		const forged = await raw('POST', '/devicelogin', {...headers, cookie}, new URLSearchParams({user_code: code, decision: 'allow', csrf_token: `${token.slice(0, -2)}AA`}).toString());
		expect(forged.status).toBe(403);
		expect(pending(code)).toBe(true);
	});

	it('the page\'s own form post works (Origin: its own; also Origin: null, as a no-referrer page sends)', async () => {
		const first = await userCode();
		const {token, cookie, page} = await openPage(`/devicelogin?user_code=${first}`);
		expect(page.text).toContain(`value="${first}"`);
		const approved = await raw('POST', '/devicelogin', formHeaders(own(), 'same-origin', cookie), new URLSearchParams({user_code: first, decision: 'allow', csrf_token: token}).toString());
		expect(approved.status).toBe(200);
		expect(approved.text).toContain('You have signed in');
		expect(pending(first)).toBe(false);

		// The same page's token serves a second code (another tab of the same browser).
		const second = await userCode();
		const denied = await raw('POST', '/devicelogin', formHeaders('null', 'same-origin', cookie), new URLSearchParams({user_code: second, decision: 'deny', csrf_token: token}).toString());
		expect(denied.status).toBe(200);
		expect(denied.text).toContain('You have declined');
	});

	it('the form cookie is Secure, HttpOnly, SameSite=Strict, host-only (__Host-)', async () => {
		const page = await raw('GET', '/devicelogin', {accept: 'text/html'});
		const [setCookie] = page.headers['set-cookie'] as string[];
		expect(setCookie).toMatch(new RegExp(`^${formCookieName}=[\\w-]{43}; `));
		expect(formCookieName.startsWith('__Host-')).toBe(true);
		expect(setCookie).toMatch(/; Path=\//);
		expect(setCookie).toMatch(/; Secure/);
		expect(setCookie).toMatch(/; HttpOnly/);
		expect(setCookie).toMatch(/; SameSite=Strict/);
		expect(setCookie).not.toMatch(/Domain=/i);
		// A browser that has the cookie is not given a new one.
		const again = await raw('GET', '/devicelogin', {accept: 'text/html', cookie: formCookieOf(setCookie)!});
		expect(again.headers['set-cookie']).toBeUndefined();
	});
});

describe('Google consent', () => {
	const query = new URLSearchParams({
		client_id: '123456789012-csrftest.apps.googleusercontent.com',
		redirect_uri: 'http://localhost',
		response_type: 'code',
		scope: 'https://mail.google.com/',
		state: 'state-csrf',
		code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
		code_challenge_method: 'S256',
	}).toString();
	const path = `${googleAuthorizationPath}?${query}`;

	it('a cross-site post of the consent form (no token) is refused: no redirect, no code', async () => {
		const refused = await raw('POST', path, formHeaders(evil, 'cross-site'), new URLSearchParams({decision: 'allow'}).toString());
		expect(refused.status).toBe(403);
		expect(refused.headers.location).toBeUndefined();
		expect(refused.text).toContain('sent from another web site, so nothing was approved');
		expect(refused.text).not.toMatch(/[?&]code=/);
	});

	it('a token of the sign-in page does not open the consent form', async () => {
		const {token, cookie} = await openPage('/devicelogin');
		const refused = await raw('POST', path, formHeaders(own(), 'same-origin', cookie), new URLSearchParams({decision: 'allow', csrf_token: token}).toString());
		expect(refused.status).toBe(403);
	});

	it('the consent page\'s own post redirects with a code', async () => {
		const {token, cookie} = await openPage(path);
		const consented = await raw('POST', path, formHeaders(own(), 'same-origin', cookie), new URLSearchParams({decision: 'allow', csrf_token: token}).toString());
		expect(consented.status).toBe(302);
		const location = new URL(consented.headers.location as string);
		expect(location.searchParams.get('state')).toBe('state-csrf');
		expect(location.searchParams.get('code')).toMatch(/^4\/0A/);
		// The token never travels on in the redirect.
		expect(location.search).not.toContain(token);
	});
});
