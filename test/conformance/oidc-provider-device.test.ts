/**
Conformance of the device side with an authorization server we did not write: oidc-provider
8.8.1, unmodified, configured the way Entra ID answers a printer (the device authorization grant
of RFC 8628 with refresh tokens and an OpenID Connect ID token), at Entra's paths under
https://login.microsoftonline.com/organizations, over HTTPS with its own CA on loopback.

The emulated printer is started in-process and driven only through its device API (the
contract): log in, save the Microsoft basic settings, read the user code and the token status.
The sign-in is done on oidc-provider's own pages (device verification, its development log-in
and consent), with HTTP requests as a browser would send them.

What is configuration and not oidc-provider's own behaviour, and why:
- a tiny node:https front serves oidc-provider's discovery document where the device reads
  Entra's, /organizations/v2.0/.well-known/openid-configuration: oidc-provider always serves it
  at /.well-known/openid-configuration under its mount path, and mounting it under
  /organizations/v2.0 would move every other route there too. The front rewrites that one path
  and touches nothing else;
- the device authorization response gets `interval: 1` (oidc-provider sends none, so RFC 8628's
  default of 5 s would apply), only to keep the test short; the device reads the interval from
  the response either way;
- oidc-provider 8.8.1 defines slow_down (errors.SlowDown) but never sends it, so a middleware
  (provider.use, its documented extension point) answers a poll with exactly the body its error
  handler renders for that error, when a test asks for it.

The issuer is tenant-specific (as Entra's is for a token), so the device's issuer check compares
the ID token's `iss` with the discovery document's `issuer` as they are.
*/
import {randomBytes} from 'node:crypto';
import https from 'node:https';
import type {AddressInfo} from 'node:net';
import {exportJWK, generateKeyPair} from 'jose';
import Provider, {errors, type KoaContextWithOIDC} from 'oidc-provider';
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import type {MicrosoftState} from '../../source/device/contract.js';
import {createCertificateSet} from '../../source/identity-provider/certificates.js';
import type {IdentityProvider} from '../../source/identity-provider/index.js';
import {microsoftEndpointFor} from '../../source/device/validation.js';
import {Harness} from '../support/emulator-harness.js';

const host = 'login.microsoftonline.com';
const tenantId = '5d1b8a3c-6e2f-4a71-9c0d-3b4e5f6a7b8c';
const issuer = `https://${host}/${tenantId}/v2.0`;
const clientId = '0f7e6d5c-4b3a-4291-8a7b-6c5d4e3f2a1b';
const outlook = 'https://outlook.office.com';
const smtpSend = `${outlook}/SMTP.Send`;
const discoveryPath = '/organizations/v2.0/.well-known/openid-configuration';
const deviceCodePath = '/organizations/oauth2/v2.0/devicecode';
const tokenPath = '/organizations/oauth2/v2.0/token';
const account = 'engineer@contoso-oidc.example';

/** What a test may change in the server between runs. */
const settings = {accessTokenSeconds: 3600, slowDowns: 0};

type Counters = {refreshes: number; grantErrors: string[]; deviceAuthorizations: Array<Record<string, unknown>>};
let counters: Counters;

let server: https.Server;
let port: number;
let caCertificatePem: string;
let device: Harness;

async function startProvider(): Promise<void> {
	const certificates = createCertificateSet();
	caCertificatePem = certificates.ca.certificatePem;
	const {privateKey} = await generateKeyPair('RS256', {extractable: true});
	const signingKey = {...await exportJWK(privateKey), kid: 'oidc-provider-test-key', use: 'sig', alg: 'RS256'};

	const provider = new Provider(issuer, {
		clients: [{
			client_id: clientId,
			token_endpoint_auth_method: 'none',
			grant_types: ['urn:ietf:params:oauth:grant-type:device_code', 'refresh_token'],
			response_types: [],
			redirect_uris: [],
		}],
		jwks: {keys: [signingKey]},
		cookies: {keys: [randomBytes(32).toString('hex')]},
		routes: {
			device_authorization: deviceCodePath,
			token: tokenPath,
			jwks: '/organizations/discovery/v2.0/keys',
			code_verification: '/organizations/oauth2/v2.0/deviceauth',
		},
		features: {
			deviceFlow: {enabled: true},
			devInteractions: {enabled: true},
			revocation: {enabled: false},
			// The Outlook scope is a resource's (RFC 8707), as at Entra: the access token is for
			// Outlook (opaque here, as Entra's for personal accounts), the ID token for the device.
			resourceIndicators: {
				enabled: true,
				defaultResource: () => outlook,
				useGrantedResource: () => true,
				getResourceServerInfo(_context: unknown, resource: string) {
					if (resource !== outlook) {
						throw new errors.InvalidTarget();
					}

					return {scope: smtpSend, accessTokenFormat: 'opaque', audience: outlook};
				},
			},
		},
		claims: {openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'preferred_username']},
		// Scope claims in the ID token whatever the access token is for, as Entra's ID tokens have them.
		conformIdTokenClaims: false,
		rotateRefreshToken: true,
		issueRefreshToken: async (_context: unknown, client: {grantTypeAllowed(type: string): boolean}, code: {scopes: Set<string>}) => client.grantTypeAllowed('refresh_token') && code.scopes.has('offline_access'),
		ttl: {
			AccessToken: () => settings.accessTokenSeconds,
			DeviceCode: 600,
			Grant: 86_400,
			IdToken: 3600,
			Interaction: 600,
			RefreshToken: 86_400,
			Session: 86_400,
		},
		findAccount: async (_context: unknown, id: string) => ({
			accountId: id,
			claims: async () => ({sub: id, email: id, email_verified: true, name: 'Service Engineer', preferred_username: id}),
		}),
	});

	provider.use(async (context, next) => {
		if (context.method === 'POST' && context.path === tokenPath && settings.slowDowns > 0) {
			settings.slowDowns--;
			const slowDown = new errors.SlowDown();
			context.status = slowDown.statusCode;
			context.body = {error: slowDown.error, error_description: slowDown.error_description};
			return;
		}

		await next();
		if (context.method === 'POST' && context.path === deviceCodePath && context.status === 200) {
			(context.body as Record<string, unknown>)['interval'] = 1;
		}
	});

	provider.on('device_authorization.success', (context: KoaContextWithOIDC) => {
		counters.deviceAuthorizations.push({...context.oidc?.params});
	});
	provider.on('grant.success', (context: KoaContextWithOIDC) => {
		if (context.oidc?.params?.['grant_type'] === 'refresh_token') {
			counters.refreshes++;
		}
	});
	provider.on('grant.error', (_context: KoaContextWithOIDC, error: unknown) => {
		counters.grantErrors.push(String((error as {error_description?: string}).error_description ?? error));
	});

	const handle = provider.callback();
	server = https.createServer({key: certificates.leaves.valid.privateKeyPem, cert: certificates.leaves.valid.certificatePem}, (request, response) => {
		if (request.url === discoveryPath) {
			request.url = '/.well-known/openid-configuration';
		}

		handle(request, response);
	});
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	port = (server.address() as AddressInfo).port;
}

// A browser at login.microsoftonline.com: cookies kept, redirects followed, forms read.

/** The path and query of an address at login.microsoftonline.com (relative to `from`). */
function pathOf(address: string, from = '/'): string {
	const url = new URL(address, `https://${host}${from}`);
	expect(url.host).toBe(host);
	return `${url.pathname}${url.search}`;
}

type Page = {status: number; body: string; url: string};

class Browser {
	readonly #cookies = new Map<string, string>();

	async get(address: string): Promise<Page> {
		return this.#follow(await this.#send('GET', pathOf(address)));
	}

	async post(address: string, fields: Record<string, string>): Promise<Page> {
		return this.#follow(await this.#send('POST', pathOf(address), new URLSearchParams(fields).toString()));
	}

	async #follow(first: {status: number; body: string; location: string | undefined; path: string}): Promise<Page> {
		let current = first;
		for (let hops = 0; current.location && current.status >= 300 && current.status < 400; hops++) {
			expect(hops, 'too many redirects').toBeLessThan(10);
			// eslint-disable-next-line no-await-in-loop
			current = await this.#send('GET', pathOf(current.location, current.path));
		}

		return {status: current.status, body: current.body, url: current.path};
	}

	async #send(method: 'GET' | 'POST', path: string, form?: string): Promise<{status: number; body: string; location: string | undefined; path: string}> {
		const headers: Record<string, string> = {host, accept: 'text/html'};
		if (this.#cookies.size > 0) {
			headers['cookie'] = [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
		}

		if (form !== undefined) {
			headers['content-type'] = 'application/x-www-form-urlencoded';
			headers['content-length'] = String(Buffer.byteLength(form));
		}

		return new Promise((resolve, reject) => {
			const request = https.request({method, host: '127.0.0.1', port, path, servername: host, ca: caCertificatePem, agent: false, headers}, response => {
				for (const line of response.headers['set-cookie'] ?? []) {
					const [pair] = line.split(';');
					const index = pair!.indexOf('=');
					const name = pair!.slice(0, index).trim();
					const value = pair!.slice(index + 1).trim();
					if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) {
						this.#cookies.delete(name);
					} else {
						this.#cookies.set(name, value);
					}
				}

				let body = '';
				response.setEncoding('utf8');
				response.on('data', (chunk: string) => {
					body += chunk;
				});
				response.on('end', () => {
					resolve({status: response.statusCode ?? 0, body, location: response.headers.location, path});
				});
			});
			request.on('error', reject);
			request.end(form);
		});
	}
}

function formOf(page: Page): {action: string; fields: Record<string, string>} {
	const action = /<form[^>]*action="([^"]+)"/.exec(page.body)?.[1];
	expect(action, `no form on ${page.url}: ${page.body.slice(0, 400)}`).toBeDefined();
	const fields: Record<string, string> = {};
	for (const match of page.body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"\/?>/g)) {
		fields[match[1]!] = match[2]!;
	}

	return {action: action!.replaceAll('&amp;', '&'), fields};
}

/** What a person does on oidc-provider's pages: enter the code, then continue (log in, consent) or abort. */
async function signIn(userCode: string, decision: 'continue' | 'abort', login = account): Promise<Page> {
	const browser = new Browser();
	const input = await browser.get('/organizations/oauth2/v2.0/deviceauth');
	expect(input.status).toBe(200);
	const entry = formOf(input);
	const confirm = await browser.post(entry.action, {...entry.fields, user_code: userCode});
	expect(confirm.body).toContain('op.deviceConfirmForm');
	const {action, fields} = formOf(confirm);
	if (decision === 'abort') {
		const {confirm: _, ...withoutConfirm} = fields;
		return browser.post(action, {...withoutConfirm, abort: 'yes'});
	}

	let page = await browser.post(action, fields);
	for (let step = 0; step < 4 && !page.body.includes('Sign-in Success'); step++) {
		const form = formOf(page);
		const prompt = form.fields['prompt'];
		expect(['login', 'consent']).toContain(prompt);
		// eslint-disable-next-line no-await-in-loop
		page = await browser.post(form.action, prompt === 'login' ? {...form.fields, login, password: 'any'} : form.fields);
	}

	expect(page.body).toContain('Sign-in Success');
	return page;
}

type Waiting = MicrosoftState & {authorization: NonNullable<MicrosoftState['authorization']>};

/** PUT basic with Microsoft on and the organizations endpoint; the user code, once issued. */
async function enableAndWaitForCode(): Promise<Waiting> {
	const saved = await device.enable({endpoint: microsoftEndpointFor('organizations')});
	expect(saved.settings.enabled).toBe(true);
	return await device.waitFor(state => state.authorization !== null && state.token.status === 'waiting', 8000) as Waiting;
}

beforeAll(async () => {
	await startProvider();
});

afterAll(async () => {
	await new Promise(resolve => {
		server.close(resolve);
	});
});

beforeEach(async () => {
	settings.accessTokenSeconds = 3600;
	settings.slowDowns = 0;
	counters = {refreshes: 0, grantErrors: [], deviceAuthorizations: []};
	const front = {url: `https://127.0.0.1:${port}`, caCertificatePem} as Pick<IdentityProvider, 'url' | 'caCertificatePem'>;
	device = new Harness(front as IdentityProvider);
	await device.start({identityProvider: {url: front.url, caCertificatePem}, microsoftClientId: clientId});
	await device.login();
});

afterEach(async () => {
	device.expectNoLeak();
	await device.close();
});

describe('the device against oidc-provider (device authorization grant, OpenID Connect)', () => {
	it('gets a token once the code is approved, with the account from oidc-provider\'s ID token', async () => {
		const waiting = await enableAndWaitForCode();
		expect(waiting.connection.status).toBe('success');
		expect(waiting.authorization.verificationUri).toBe(`https://${host}/organizations/oauth2/v2.0/deviceauth`);
		expect(waiting.authorization.message).toContain(waiting.authorization.userCode);
		expect(waiting.authorization.intervalSeconds).toBe(1);
		// The device asked for the Outlook scope, a refresh token and an ID token naming the account.
		expect(counters.deviceAuthorizations[0]).toMatchObject({client_id: clientId, scope: `${smtpSend} offline_access openid profile email`});

		await signIn(waiting.authorization.userCode, 'continue');
		const active = await device.waitFor(state => state.token.status === 'active', 8000);
		expect(active.token.account).toBe(account);
		expect(active.authorization).toBeNull();
		expect(Date.parse(active.token.expiresAt!)).toBeGreaterThan(Date.now() + 3_000_000);
		// oidc-provider's access token for Outlook is opaque: the account can only have come from the ID token.
		const [accessToken] = device.secretsOnDisk();
		expect(accessToken!.split('.')).not.toHaveLength(3);
		expect(counters.grantErrors).toEqual([]);
	});

	it('refreshes before expiry with rotating refresh tokens, and keeps the account the new ID tokens name', async () => {
		settings.accessTokenSeconds = 2;
		const waiting = await enableAndWaitForCode();
		await signIn(waiting.authorization.userCode, 'continue');
		const first = await device.waitFor(state => state.token.status === 'active', 8000);
		const firstRefreshToken = device.secretsOnDisk()[1];
		expect(firstRefreshToken).toBeDefined();

		// Each refresh spends the refresh token it sends (rotateRefreshToken): had the device sent a
		// spent one, oidc-provider would have revoked the grant and the token would end in error.
		const refreshes = (): number => device.logs.filter(line => line === 'microsoft: access token refreshed').length;
		const refreshed = await device.waitFor(state => refreshes() >= 3 && state.token.status === 'active' && state.token.expiresAt !== first.token.expiresAt, 10_000);
		expect(refreshed.token.account).toBe(account);
		expect(counters.refreshes).toBeGreaterThanOrEqual(3);
		expect(counters.grantErrors).toEqual([]);
		expect(device.secretsOnDisk()[1]).not.toBe(firstRefreshToken);
	});

	it('polls 5 s slower for this and every later poll after slow_down, and still gets the token', async () => {
		settings.slowDowns = 1;
		const waiting = await enableAndWaitForCode();
		expect(waiting.authorization.intervalSeconds).toBe(1);
		const slowed = await device.waitFor(state => state.authorization?.intervalSeconds === 6, 8000);
		expect(slowed.token.status).toBe('waiting');
		expect(settings.slowDowns).toBe(0);

		await signIn(waiting.authorization.userCode, 'continue');
		const active = await device.waitFor(state => state.token.status === 'active', 15_000);
		expect(active.token.account).toBe(account);
	});

	it('ends as declined when the sign-in is aborted on oidc-provider\'s page, and keeps nothing', async () => {
		const waiting = await enableAndWaitForCode();
		const aborted = await signIn(waiting.authorization.userCode, 'abort');
		expect(aborted.body).toContain('The Sign-in request was interrupted');
		const declined = await device.waitFor(state => state.token.status === 'error', 8000);
		expect(declined.token).toMatchObject({status: 'error', reason: 'authorization_declined', detail: 'End-User aborted interaction'});
		expect(declined.authorization).toBeNull();
		expect(device.secretsOnDisk()).toEqual([]);
	});

	it('forgets the token on DELETE token, and says Entra-style servers cannot be told', async () => {
		const waiting = await enableAndWaitForCode();
		await signIn(waiting.authorization.userCode, 'continue');
		await device.waitFor(state => state.token.status === 'active', 8000);
		const response = await device.request('DELETE', 'oauth2/microsoft/token');
		expect(response.status).toBe(200);
		expect(response.json).toMatchObject({token: {status: 'not-authorized'}, revocation: {status: 'not-supported'}});
		expect(device.secretsOnDisk()).toEqual([]);
	});
});
