/**
The offline identity provider's test controls (`/_control/*`) accept requests only from its own
origin, only on loopback and only with the run's test token (issue 11); its OAuth endpoints and
pages stay reachable as the real ones are: by the device (Host = the real host name), by a
browser's top-level navigation and by the page's own form. Real HTTPS on 127.0.0.1; addresses
other than loopback are tried on the pure checks.
*/
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {testEndpointAccess, type RequestFacts} from '../source/emulator/request-guard.js';
import {checkIdentityProviderRequest, identityProviderHosts} from '../source/identity-provider/http.js';
import {offlineMicrosoftClientId, startIdentityProvider, type IdentityProvider} from '../source/identity-provider/index.js';
import {exactRequestToProvider, type ExactResult} from './support/exact-request.js';
import {formCookieOf, formTokenOf} from './support/idp-form.js';

let provider: IdentityProvider;

beforeAll(async () => {
	provider = await startIdentityProvider({});
});

afterAll(async () => {
	await provider.close();
});

beforeEach(() => {
	provider.controls.reset();
});

type Result = ExactResult;

/** One request with exactly these headers (Host included) to the provider on 127.0.0.1. */
async function raw(method: string, path: string, headers: Record<string, string>, body?: string): Promise<Result> {
	return exactRequestToProvider(provider, method, path, headers, body);
}

function crossSite(): Record<string, string> {
	return {
		'content-type': 'text/plain;charset=UTF-8',
		origin: 'https://evil.example',
		'sec-fetch-site': 'cross-site',
		'sec-fetch-mode': 'no-cors',
	};
}

function token(): Record<string, string> {
	return {authorization: `Bearer ${provider.testToken}`};
}

const untrusted = JSON.stringify({certificate: 'untrusted'});

/** A device code as the device asks for it: Host is the real name. */
async function deviceCode(): Promise<{user_code: string}> {
	const form = new URLSearchParams({client_id: offlineMicrosoftClientId, scope: 'https://outlook.office.com/SMTP.Send offline_access'}).toString();
	const response = await raw('POST', '/organizations/oauth2/v2.0/devicecode', {host: 'login.microsoftonline.com', 'content-type': 'application/x-www-form-urlencoded'}, form);
	expect(response.status).toBe(200);
	return response.json as {user_code: string};
}

describe('a web page in the engineer\'s browser', () => {
	it('cannot change the configuration or approve a code through /_control (cross-site, no-cors)', async () => {
		const config = await raw('POST', '/_control/config', crossSite(), untrusted);
		expect(config.status).toBe(403);
		expect(provider.controls.config().certificate).toBe('valid');
		const {user_code: userCode} = await deviceCode();
		const approve = await raw('POST', '/_control/approve', {...crossSite(), ...token()}, JSON.stringify({userCode}));
		expect(approve.status).toBe(403);
		expect(provider.controls.pending().map(entry => entry.userCode)).toContain(userCode);
		const preflight = await raw('OPTIONS', '/_control/config', {origin: 'https://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, authorization'});
		expect(preflight.status).toBe(403);
		expect(Object.keys(preflight.headers).filter(name => name.startsWith('access-control-'))).toEqual([]);
	});

	it('cannot reach it by DNS rebinding (Host is not the provider): 421', async () => {
		const {port} = provider;
		const rebinding = {host: `rebind.evil.example:${port}`, origin: `https://rebind.evil.example:${port}`, 'content-type': 'application/json', ...token()};
		const config = await raw('POST', '/_control/config', rebinding, untrusted);
		expect(config.status).toBe(421);
		expect(config.json).toMatchObject({error: 'misdirected_request'});
		expect(provider.controls.config().certificate).toBe('valid');
		expect((await raw('GET', '/devicelogin', {host: `rebind.evil.example:${port}`, accept: 'text/html'})).status).toBe(421);
	});

	it('a body that is not JSON is 415, even with the token', async () => {
		const response = await raw('POST', '/_control/config', {'content-type': 'text/plain', ...token()}, untrusted);
		expect(response.status).toBe(415);
		expect(provider.controls.config().certificate).toBe('valid');
	});
});

describe('/_control is test-only', () => {
	it('needs the run\'s token, as Bearer or X-Test-Token', async () => {
		const json = {'content-type': 'application/json'};
		expect((await raw('POST', '/_control/config', json, untrusted)).status).toBe(401);
		expect((await raw('GET', '/_control/stats', {authorization: 'Bearer wrong'})).status).toBe(401);
		expect(provider.controls.config().certificate).toBe('valid');
		expect(provider.testToken).toMatch(/^[\w-]{32,}$/);
		expect((await raw('GET', '/_control/stats', token())).status).toBe(200);
		expect((await raw('GET', '/_control/stats', {'x-test-token': provider.testToken})).status).toBe(200);
		const set = await raw('POST', '/_control/config', {...json, ...token(), origin: `https://localhost:${provider.port}`}, untrusted);
		expect(set.status).toBe(200);
		expect(provider.controls.config().certificate).toBe('untrusted');
	});

	it('each run has its own token', async () => {
		const other = await startIdentityProvider({});
		try {
			expect(other.testToken).not.toBe(provider.testToken);
			expect((await raw('GET', '/_control/stats', {'x-test-token': other.testToken})).status).toBe(401);
		} finally {
			await other.close();
		}
	});
});

describe('the OAuth endpoints and pages stay reachable as the real ones are', () => {
	it('the device (Host: the real host names) and a script approving a code', async () => {
		const {user_code: userCode} = await deviceCode();
		for (const host of ['login.microsoftonline.com', 'login.microsoftonline.com:443', 'accounts.google.com', 'oauth2.googleapis.com', 'www.googleapis.com', 'openidconnect.googleapis.com', 'gmail.googleapis.com']) {
			const response = await raw('GET', '/nothing-here', {host});
			expect(response.status, host).toBe(404);
		}

		// A script approves as a browser does: the page first, then its form with the token and cookie (form-guard.ts).
		const page = await raw('GET', '/devicelogin', {host: `127.0.0.1:${provider.port}`, accept: 'text/html'});
		const form = new URLSearchParams({user_code: userCode, decision: 'allow', csrf_token: formTokenOf(page.text)!}).toString();
		const approved = await raw('POST', '/devicelogin', {host: `127.0.0.1:${provider.port}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', cookie: formCookieOf(page.headers['set-cookie'] as string[])!}, form);
		expect(approved.status).toBe(200);
		expect(provider.controls.pending()).toEqual([]);
	});

	it('a browser: a link from anywhere opens the page; the page\'s own form posts', async () => {
		const {user_code: userCode} = await deviceCode();
		const opened = await raw('GET', `/devicelogin?user_code=${userCode}`, {accept: 'text/html', 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document'});
		expect(opened.status).toBe(200);
		expect(opened.text).toContain('<form');
		const form = new URLSearchParams({user_code: userCode, decision: 'allow', csrf_token: formTokenOf(opened.text)!}).toString();
		const posted = await raw('POST', '/devicelogin', {
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded',
			cookie: formCookieOf(opened.headers['set-cookie'] as string[])!,
			origin: `https://localhost:${provider.port}`,
			'sec-fetch-site': 'same-origin',
			'sec-fetch-mode': 'navigate',
		}, form);
		expect(posted.status).toBe(200);
		expect(provider.controls.pending()).toEqual([]);
	});
});

function facts(overrides: Partial<RequestFacts> = {}): RequestFacts {
	return {
		method: 'POST',
		remoteAddress: '127.0.0.1',
		localAddress: '127.0.0.1',
		host: 'localhost:8443',
		origin: undefined,
		secFetchSite: undefined,
		contentType: 'application/json',
		hasBody: true,
		...overrides,
	};
}

describe('the request checks, for addresses the tests do not bind', () => {
	const interfaces = () => ['127.0.0.1', '192.168.1.20'];
	const loopback = identityProviderHosts({bindHost: '127.0.0.1', port: 8443, publicHost: 'localhost', interfaceAddresses: interfaces});
	const everywhere = identityProviderHosts({bindHost: '0.0.0.0', port: 8443, publicHost: 'localhost', interfaceAddresses: interfaces});

	it('Host: loopback names, the public host, the real names; interface addresses only when bound to all', () => {
		expect(checkIdentityProviderRequest(facts(), loopback, {control: true})).toBeUndefined();
		expect(checkIdentityProviderRequest(facts({host: 'login.microsoftonline.com'}), loopback, {control: false})).toBeUndefined();
		expect(checkIdentityProviderRequest(facts({host: '192.168.1.20:8443'}), loopback, {control: false})?.status).toBe(421);
		expect(checkIdentityProviderRequest(facts({host: '192.168.1.20:8443'}), everywhere, {control: false})).toBeUndefined();
		expect(checkIdentityProviderRequest(facts({host: 'login.microsoftonline.com.evil.example'}), everywhere, {control: false})?.status).toBe(421);
	});

	it('Origin and content type are checked on /_control only; OAuth form posts keep theirs', () => {
		const form = facts({contentType: 'application/x-www-form-urlencoded', origin: 'https://evil.example'});
		expect(checkIdentityProviderRequest(form, loopback, {control: false})).toBeUndefined();
		expect(checkIdentityProviderRequest(form, loopback, {control: true})?.status).toBe(403);
		expect(checkIdentityProviderRequest(facts({contentType: 'application/x-www-form-urlencoded'}), loopback, {control: true})?.status).toBe(415);
		expect(checkIdentityProviderRequest(facts({origin: 'https://localhost:8443'}), loopback, {control: true})).toBeUndefined();
		expect(checkIdentityProviderRequest(facts({origin: 'http://localhost:8443'}), loopback, {control: true})?.status).toBe(403);
	});

	it('/_control from the network does not exist, even with the token', () => {
		const enabled = {enabled: true, token: 'the-run-token-0123456789abcdefghijkl'};
		const withToken = {authorization: undefined, testToken: enabled.token};
		expect(testEndpointAccess(facts(), withToken, enabled)).toBe('allowed');
		expect(testEndpointAccess(facts({remoteAddress: '192.168.1.30', localAddress: '192.168.1.20', host: '192.168.1.20:8443'}), withToken, enabled)).toBe('absent');
	});
});
