import {createHash, createPublicKey, randomBytes, verify as verifySignature} from 'node:crypto';
import {createLocalJWKSet, jwtVerify} from 'jose';
import {describe, expect, it} from 'vitest';
import {manualClock} from '../source/clock.js';
import {
	googleAuthorizationPath,
	googleMailScope,
	googleTokenPath,
	type IdentityProvider,
} from '../source/identity-provider/index.js';
import {request, tlsConnect, type HttpResult, withIdentityProvider} from './identity-provider-helpers.js';

const start = Date.parse('2025-04-01T09:00:00Z');
const clock = manualClock(start);
const logLines: string[] = [];
let provider: IdentityProvider;

const clientId = '123456789012-0fflinecl1ent.apps.googleusercontent.com';
const clientSecret = 'GOCSPX-offline-test-secret';
const redirectUri = 'http://127.0.0.1:8765/';
const verifier = randomBytes(32).toString('base64url');
const challenge = createHash('sha256').update(verifier).digest('base64url');
const mailScopeEncoded = 'https%3A%2F%2Fmail.google.com%2F';

withIdentityProvider({clock, start, logLines}, current => {
	provider = current;
});

/** The device's authorization request, as its query string. */
function authorizationQuery(overrides: Record<string, string | undefined> = {}): string {
	const parameters: Record<string, string | undefined> = {
		client_id: clientId,
		redirect_uri: redirectUri,
		response_type: 'code',
		scope: googleMailScope,
		access_type: 'offline',
		prompt: 'consent',
		state: 'state-1234',
		code_challenge: challenge,
		code_challenge_method: 'S256',
		...overrides,
	};
	return new URLSearchParams(Object.entries(parameters).filter((entry): entry is [string, string] => entry[1] !== undefined)).toString();
}

function consentPost(query: string, decision = 'allow', account?: string): Promise<HttpResult> {
	return request(provider, `${googleAuthorizationPath}?${query}`, {form: {decision, ...(account === undefined ? {} : {account})}});
}

function locationOf(response: HttpResult): string {
	expect(response.status).toBe(302);
	return String(response.headers['location']);
}

async function authorize(overrides: Record<string, string | undefined> = {}, account?: string): Promise<string> {
	const location = locationOf(await consentPost(authorizationQuery(overrides), 'allow', account));
	const code = new URL(location).searchParams.get('code');
	expect(code).toBeTruthy();
	return code!;
}

function exchange(code: string, overrides: Record<string, string | undefined> = {}): Promise<HttpResult> {
	const form: Record<string, string | undefined> = {
		grant_type: 'authorization_code',
		code,
		client_id: clientId,
		client_secret: clientSecret,
		redirect_uri: redirectUri,
		code_verifier: verifier,
		...overrides,
	};
	return request(provider, googleTokenPath, {form: Object.fromEntries(Object.entries(form).filter((entry): entry is [string, string] => entry[1] !== undefined))});
}

function refresh(refreshToken: string, secret = clientSecret): Promise<HttpResult> {
	return request(provider, googleTokenPath, {form: {grant_type: 'refresh_token', refresh_token: refreshToken, client_id: clientId, client_secret: secret}});
}

async function signIn(overrides: Record<string, string | undefined> = {}): Promise<Record<string, any>> {
	const tokens = await exchange(await authorize(overrides));
	expect(tokens.status).toBe(200);
	return tokens.json;
}

function expectGoogleError(response: HttpResult, status: number, error: string, description?: string): void {
	expect(response.status).toBe(status);
	expect(response.headers['content-type']).toMatch(/^application\/json/);
	expect(response.json).toEqual({error, error_description: description ?? expect.any(String)});
}

function expectErrorPage(response: HttpResult, status: number, error: string): void {
	expect(response.status).toBe(status);
	expect(response.headers['location']).toBeUndefined();
	expect(response.headers['content-type']).toMatch(/^text\/html/);
	expect(response.text).toContain(`Error ${status}: ${error}`);
}

describe('discovery', () => {
	it('serves Google\'s OpenID configuration at the root', async () => {
		const response = await request(provider, '/.well-known/openid-configuration');
		expect(response.status).toBe(200);
		expect(response.json).toMatchObject({
			issuer: 'https://accounts.google.com',
			authorization_endpoint: 'https://accounts.google.com/o/oauth2/v2/auth',
			token_endpoint: 'https://oauth2.googleapis.com/token',
			code_challenge_methods_supported: ['S256'],
			grant_types_supported: expect.arrayContaining(['authorization_code', 'refresh_token']),
		});
		expect(provider.googleAuthorizationEndpoint).toBe(`${provider.url}/o/oauth2/v2/auth`);
		expect(provider.googleTokenEndpoint).toBe(`${provider.url}/token`);
		expect((await request(provider, '/.well-known/openid-configuration', {method: 'POST'})).status).toBe(405);
	});

	it('answers TLS for both Google host names with the valid certificate', async () => {
		expect(await tlsConnect(provider, {servername: 'accounts.google.com'})).toEqual({ok: true});
		expect(await tlsConnect(provider, {servername: 'oauth2.googleapis.com'})).toEqual({ok: true});
	});
});

describe('consent page', () => {
	it('renders the account field, Allow and Deny, and a form that posts the query back', async () => {
		const query = authorizationQuery();
		const page = await request(provider, `${googleAuthorizationPath}?${query}`, {headers: {accept: 'text/html'}});
		expect(page.status).toBe(200);
		expect(page.headers['content-type']).toMatch(/^text\/html/);
		expect(page.text).toContain('cloudmail-setup offline wants to send mail as you');
		expect(page.text).toContain('name="account" type="email" value="engineer@example.com"');
		expect(page.text).toContain('name="decision" value="allow"');
		expect(page.text).toContain('name="decision" value="deny"');
		expect(page.text).toContain(`<form method="post" action="${googleAuthorizationPath}?${query.replaceAll('&', '&amp;')}">`);
		expect(page.text).toContain('Read, compose, send, and permanently delete all your email from Gmail');
		// The form's redirect to the loopback address must be allowed by the page's CSP.
		expect(page.headers['content-security-policy']).toContain('form-action \'self\' http://127.0.0.1:8765');
	});

	it('escapes what it echoes', async () => {
		const hostile = '"><script>alert(1)</script>';
		const page = await request(provider, `${googleAuthorizationPath}?${authorizationQuery({state: hostile, login_hint: `<img src=x>${hostile}`})}`);
		expect(page.status).toBe(200);
		expect(page.text).not.toContain('<script>');
		expect(page.text).not.toContain('<img');
		expect(page.text).toContain('&lt;img src=x&gt;&quot;&gt;&lt;script&gt;');

		const error = await request(provider, `${googleAuthorizationPath}?${authorizationQuery({redirect_uri: `https://example.com/${hostile}`})}`);
		expectErrorPage(error, 400, 'redirect_uri_mismatch');
		expect(error.text).not.toContain('<script>');
	});

	it('Allow redirects to the loopback address with state, the %2F-encoded code and the scope', async () => {
		const location = locationOf(await consentPost(authorizationQuery()));
		expect(location).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:8765/\\?state=state-1234&code=4%2F0A[\\w-]{55,70}&scope=${mailScopeEncoded}$`));
	});

	it('takes the query from the form body as well as from the URL', async () => {
		const form = Object.fromEntries(new URLSearchParams(authorizationQuery({redirect_uri: 'http://localhost:9000/callback', state: 'a b&c'})));
		const response = await request(provider, googleAuthorizationPath, {form: {...form, decision: 'allow'}});
		expect(locationOf(response)).toMatch(new RegExp(`^http://localhost:9000/callback\\?state=a%20b%26c&code=4%2F0A[\\w-]+&scope=${mailScopeEncoded}$`));
	});

	it('Deny redirects with access_denied and the state', async () => {
		const location = locationOf(await consentPost(authorizationQuery({redirect_uri: 'http://[::1]:4000'}), 'deny'));
		expect(location).toBe('http://[::1]:4000?error=access_denied&state=state-1234');
	});

	it('asks again for a missing decision', async () => {
		const response = await consentPost(authorizationQuery(), 'maybe');
		expect(response.status).toBe(400);
		expect(response.headers['location']).toBeUndefined();
		expect(response.text).toContain('Choose Allow or Deny.');
	});

	it('refuses a redirect_uri that is not a loopback address, without redirecting', async () => {
		for (const uri of ['https://example.com/callback', 'http://localhost.example.com/', 'http://127.1:8765/', 'http://localhost:8765/#fragment', 'http://user@localhost/', 'https://localhost/', 'http://localhost\t/', 'urn:ietf:wg:oauth:2.0:oob']) {
			const query = authorizationQuery({redirect_uri: uri});
			expectErrorPage(await request(provider, `${googleAuthorizationPath}?${query}`), 400, 'redirect_uri_mismatch');
			expectErrorPage(await consentPost(query), 400, 'redirect_uri_mismatch');
		}
	});

	it('refuses a bad client_id, a missing or foreign scope and bad PKCE parameters with an error page', async () => {
		const cases: Array<[Record<string, string | undefined>, number, string]> = [
			[{client_id: undefined}, 400, 'invalid_request'],
			[{client_id: 'my-client'}, 401, 'invalid_client'],
			[{scope: undefined}, 400, 'invalid_request'],
			[{scope: 'openid email'}, 400, 'invalid_request'],
			[{scope: `${googleMailScope} https://www.googleapis.com/auth/drive`}, 400, 'invalid_scope'],
			[{response_type: 'token'}, 400, 'invalid_request'],
			[{response_type: undefined}, 400, 'invalid_request'],
			[{code_challenge_method: 'plain'}, 400, 'invalid_request'],
			[{code_challenge_method: undefined}, 400, 'invalid_request'],
			[{code_challenge: 'too-short'}, 400, 'invalid_request'],
			[{code_challenge: undefined}, 400, 'invalid_request'],
			[{access_type: 'forever'}, 400, 'invalid_request'],
		];
		for (const [overrides, status, error] of cases) {
			const query = authorizationQuery(overrides);
			expectErrorPage(await request(provider, `${googleAuthorizationPath}?${query}`), status, error);
			expectErrorPage(await consentPost(query), status, error);
		}

		const missingScope = await request(provider, `${googleAuthorizationPath}?${authorizationQuery({scope: undefined})}`);
		expect(missingScope.text).toContain('Missing required parameter: scope');
		const repeated = await request(provider, `${googleAuthorizationPath}?${authorizationQuery()}&state=again`);
		expectErrorPage(repeated, 400, 'invalid_request');
	});

	it('can be given or refused through the controls, for an authorization URL with Google\'s host', async () => {
		const url = `https://accounts.google.com${googleAuthorizationPath}?${authorizationQuery()}`;
		const allowed = provider.controls.googleConsent(url, 'allow');
		expect(allowed).toEqual({status: 302, location: expect.stringMatching(/^http:\/\/127\.0\.0\.1:8765\/\?state=state-1234&code=4%2F0A/)});
		const code = new URL(allowed.location!).searchParams.get('code')!;
		expect((await exchange(code)).status).toBe(200);

		const overHttp = await request(provider, '/_control/google-consent', {json: {authorizationUrl: url, decision: 'deny'}});
		expect(overHttp.json).toEqual({status: 302, location: 'http://127.0.0.1:8765/?error=access_denied&state=state-1234'});

		const refused = provider.controls.googleConsent(`${provider.url}${googleAuthorizationPath}?${authorizationQuery({redirect_uri: 'https://example.com/'})}`, 'allow');
		expect(refused).toEqual({status: 400, location: null, error: 'redirect_uri_mismatch'});
		expect(provider.controls.googleConsent('https://accounts.google.com/elsewhere', 'allow')).toMatchObject({status: 404, location: null});
		expect((await request(provider, '/_control/google-consent', {json: {authorizationUrl: url, decision: 'perhaps'}})).status).toBe(400);
	});
});

describe('code exchange', () => {
	it('gives tokens, with a refresh token, for the right verifier', async () => {
		const code = await authorize();
		const tokens = await exchange(code);
		expect(tokens.status).toBe(200);
		expect(Object.keys(tokens.json)).toEqual(['access_token', 'expires_in', 'refresh_token', 'scope', 'token_type']);
		expect(tokens.json).toMatchObject({expires_in: 3599, scope: googleMailScope, token_type: 'Bearer'});
		expect(tokens.json.access_token).toMatch(/^ya29\.[\w-]{100,}$/);
		expect(tokens.json.refresh_token).toMatch(/^1\/\/0[\w-]{60,}$/);
		expect(provider.controls.isAccessTokenValid(tokens.json.access_token)).toBe(true);
	});

	it('refuses a missing or wrong verifier, and the code still works with the right one', async () => {
		const code = await authorize();
		expectGoogleError(await exchange(code, {code_verifier: undefined}), 400, 'invalid_grant', 'Missing code verifier.');
		expectGoogleError(await exchange(code, {code_verifier: randomBytes(32).toString('base64url')}), 400, 'invalid_grant', 'Invalid code verifier.');
		expectGoogleError(await exchange(code, {code_verifier: 'short'}), 400, 'invalid_grant', 'Invalid code verifier.');
		expect((await exchange(code)).status).toBe(200);
	});

	it('refuses a verifier for a code that was asked for without PKCE', async () => {
		const code = await authorize({code_challenge: undefined, code_challenge_method: undefined});
		expectGoogleError(await exchange(code), 400, 'invalid_grant', 'code_verifier or verifier is not needed.');
		expect((await exchange(code, {code_verifier: undefined})).status).toBe(200);
	});

	it('refuses a reused, unknown or expired code with invalid_grant "Bad Request"', async () => {
		const code = await authorize();
		expect((await exchange(code)).status).toBe(200);
		expectGoogleError(await exchange(code), 400, 'invalid_grant', 'Bad Request');
		expectGoogleError(await exchange('4/0Anot-a-code'), 400, 'invalid_grant', 'Bad Request');

		const late = await authorize();
		clock.advance(600_000);
		expectGoogleError(await exchange(late), 400, 'invalid_grant', 'Bad Request');

		provider.controls.configure({googleCodeLifetimeSeconds: 30});
		const short = await authorize();
		clock.advance(29_000);
		expect((await exchange(short)).status).toBe(200);
	});

	it('refuses a redirect_uri other than the one consented to', async () => {
		const code = await authorize();
		expectGoogleError(await exchange(code, {redirect_uri: 'http://127.0.0.1:8766/'}), 400, 'redirect_uri_mismatch', 'Bad Request');
		expectGoogleError(await exchange(code, {redirect_uri: undefined}), 400, 'invalid_request', 'Missing required parameter: redirect_uri');
	});

	it('refuses a code issued to another client', async () => {
		const code = await authorize();
		expectGoogleError(await exchange(code, {client_id: 'other.apps.googleusercontent.com'}), 400, 'invalid_grant', 'Bad Request');
	});

	it('accepts any secret by default, but a registered client must present its own', async () => {
		const code = await authorize();
		const register = await request(provider, '/_control/google-client', {json: {clientId, clientSecret: 'the-registered-secret'}});
		expect(register.status).toBe(200);
		expect(register.text).not.toContain('the-registered-secret');
		expectGoogleError(await exchange(code), 401, 'invalid_client', 'Unauthorized');
		const tokens = await exchange(code, {client_secret: 'the-registered-secret'});
		expect(tokens.status).toBe(200);
		expectGoogleError(await refresh(tokens.json.refresh_token), 401, 'invalid_client', 'Unauthorized');
		expect((await refresh(tokens.json.refresh_token, 'the-registered-secret')).status).toBe(200);

		expect((await request(provider, '/_control/google-client', {json: {clientId: 'not-google', clientSecret: 'x'}})).status).toBe(400);
		expect((await request(provider, '/_control/google-client', {json: {clientId, clientSecret: ''}})).status).toBe(400);
		expect(() => provider.controls.registerGoogleClient(clientId, '')).toThrow();
	});

	it('knows only registered clients when told to', async () => {
		provider.controls.configure({googleRequireRegisteredClients: true});
		expectErrorPage(await request(provider, `${googleAuthorizationPath}?${authorizationQuery()}`), 401, 'invalid_client');
		expectGoogleError(await exchange('4/0Ax'), 401, 'invalid_client', 'The OAuth client was not found.');
		provider.controls.registerGoogleClient(clientId, clientSecret);
		expect((await signIn())['refresh_token']).toBeDefined();
	});

	it('accepts client_secret_basic', async () => {
		const code = await authorize();
		const authorization = `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64')}`;
		const tokens = await request(provider, googleTokenPath, {
			form: {grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: verifier},
			headers: {authorization},
		});
		expect(tokens.status).toBe(200);
	});

	it('asks for missing parameters', async () => {
		const code = await authorize();
		expectGoogleError(await exchange(code, {grant_type: undefined}), 400, 'unsupported_grant_type', 'Invalid grant_type: ');
		expectGoogleError(await exchange(code, {grant_type: 'password'}), 400, 'unsupported_grant_type', 'Invalid grant_type: password');
		expectGoogleError(await exchange(code, {client_id: undefined}), 400, 'invalid_request', 'Could not determine client ID from request.');
		expectGoogleError(await exchange(code, {client_id: 'nope'}), 401, 'invalid_client', 'The OAuth client was not found.');
		expectGoogleError(await exchange(code, {client_secret: undefined}), 400, 'invalid_request', 'client_secret is missing.');
		expectGoogleError(await exchange(code, {code: undefined}), 400, 'invalid_request', 'Missing required parameter: code');
		expect((await exchange(code)).status).toBe(200);
	});

	it('gives no refresh token to access_type=online, and an ID token for openid email', async () => {
		const online = await signIn({access_type: undefined});
		expect(online['refresh_token']).toBeUndefined();

		const code = await authorize({scope: `openid email ${googleMailScope}`}, 'tanaka@example.jp');
		const tokens = (await exchange(code)).json;
		expect(tokens.scope).toBe(`openid https://www.googleapis.com/auth/userinfo.email ${googleMailScope}`);
		const [, payload] = String(tokens.id_token).split('.');
		expect(JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8'))).toMatchObject({
			iss: 'https://accounts.google.com',
			aud: clientId,
			email: 'tanaka@example.jp',
			sub: expect.stringMatching(/^\d{21}$/),
		});
	});
});

/** OpenID Connect Core §3.1.3.6: the left half of the SHA-256 of the access token. */
function atHash(accessToken: string): string {
	return createHash('sha256').update(accessToken, 'ascii').digest().subarray(0, 16).toString('base64url');
}

function jwtParts(token: string): {header: Record<string, unknown>; payload: Record<string, unknown>} {
	const [header, payload] = token.split('.');
	return {
		header: JSON.parse(Buffer.from(header!, 'base64url').toString('utf8')) as Record<string, unknown>,
		payload: JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as Record<string, unknown>,
	};
}

/** Checks the signature with the key set at Google's jwks_uri path, as any OIDC client does. */
async function verifiedClaims(idToken: string): Promise<Record<string, unknown>> {
	const certs = await request(provider, '/oauth2/v3/certs');
	expect(certs.status).toBe(200);
	const {payload} = await jwtVerify(idToken, createLocalJWKSet(certs.json), {
		issuer: 'https://accounts.google.com',
		audience: clientId,
		algorithms: ['RS256'],
		currentDate: new Date(clock.now()),
	});
	return payload as Record<string, unknown>;
}

const identityScopes = `${googleMailScope} openid email`;
const emailScope = 'https://www.googleapis.com/auth/userinfo.email';

describe('ID tokens', () => {
	it('come with the code exchange for openid, RS256-signed with the published key, with Google\'s claims', async () => {
		const code = await authorize({scope: identityScopes}, 'tanaka@example.jp');
		const tokens = (await exchange(code)).json;
		expect(Object.keys(tokens)).toEqual(['access_token', 'expires_in', 'refresh_token', 'scope', 'token_type', 'id_token']);
		expect(tokens.scope).toBe(`${googleMailScope} openid ${emailScope}`);
		const {header, payload} = jwtParts(tokens.id_token);
		expect(header).toEqual({alg: 'RS256', kid: expect.any(String), typ: 'JWT'});
		const iat = start / 1000;
		expect(payload).toEqual({
			iss: 'https://accounts.google.com',
			azp: clientId,
			aud: clientId,
			sub: expect.stringMatching(/^\d{21}$/),
			email: 'tanaka@example.jp',
			email_verified: true,
			at_hash: atHash(tokens.access_token),
			iat,
			exp: iat + 3600,
		});
		expect(Object.keys(payload)).toEqual(['iss', 'azp', 'aud', 'sub', 'email', 'email_verified', 'at_hash', 'iat', 'exp']);
		expect(await verifiedClaims(tokens.id_token)).toEqual(payload);

		// The same account has the same subject in every token; another account another one.
		const again = jwtParts((await exchange(await authorize({scope: identityScopes}, 'tanaka@example.jp'))).json.id_token).payload;
		const other = jwtParts((await exchange(await authorize({scope: identityScopes}, 'kim@example.net'))).json.id_token).payload;
		expect(again['sub']).toBe(payload['sub']);
		expect(other['sub']).not.toBe(payload['sub']);
	});

	it('come with every refresh too, for the new access token and at the new time', async () => {
		const first = (await exchange(await authorize({scope: identityScopes}))).json;
		clock.advance(1_800_000);
		const refreshed = (await refresh(first.refresh_token)).json;
		expect(Object.keys(refreshed)).toEqual(['access_token', 'expires_in', 'scope', 'token_type', 'id_token']);
		const claims = await verifiedClaims(refreshed.id_token);
		expect(claims).toMatchObject({at_hash: atHash(refreshed.access_token), iat: (start / 1000) + 1800, exp: (start / 1000) + 1800 + 3600, email: 'engineer@example.com'});
	});

	it('carry the nonce of the authorization request in the code exchange\'s token, not in a refresh\'s', async () => {
		const tokens = (await exchange(await authorize({scope: identityScopes, nonce: 'n-0S6_WzA2Mj'}))).json;
		expect(Object.keys(jwtParts(tokens.id_token).payload)).toEqual(['iss', 'azp', 'aud', 'sub', 'email', 'email_verified', 'at_hash', 'nonce', 'iat', 'exp']);
		expect(await verifiedClaims(tokens.id_token)).toMatchObject({nonce: 'n-0S6_WzA2Mj'});
		expect(jwtParts((await refresh(tokens.refresh_token)).json.id_token).payload).not.toHaveProperty('nonce');
	});

	it('are given for email alone, which implies openid; without email there is no email claim; not for the mail scope alone', async () => {
		const emailOnly = (await exchange(await authorize({scope: `${googleMailScope} email`}))).json;
		expect(emailOnly.scope).toBe(`${googleMailScope} ${emailScope} openid`);
		expect(jwtParts(emailOnly.id_token).payload).toMatchObject({email: 'engineer@example.com', email_verified: true});

		const openidOnly = (await exchange(await authorize({scope: `${googleMailScope} openid`}))).json;
		expect(openidOnly.scope).toBe(`${googleMailScope} openid`);
		const claims = jwtParts(openidOnly.id_token).payload;
		expect(claims['sub']).toMatch(/^\d{21}$/);
		expect(claims).not.toHaveProperty('email');
		expect(claims).not.toHaveProperty('email_verified');

		expect((await signIn())['id_token']).toBeUndefined();
	});
});

describe('key set and discovery', () => {
	it('publishes the signing key at /oauth2/v3/certs (JWKS) and /oauth2/v1/certs (PEM by kid), cacheable as Google\'s', async () => {
		const tokens = (await exchange(await authorize({scope: identityScopes}))).json;
		const {header} = jwtParts(tokens.id_token);
		const jwks = await request(provider, '/oauth2/v3/certs');
		expect(jwks.status).toBe(200);
		expect(jwks.headers['cache-control']).toMatch(/max-age=\d+/);
		expect(jwks.json).toEqual({keys: [{kty: 'RSA', use: 'sig', alg: 'RS256', kid: header['kid'], n: expect.any(String), e: 'AQAB'}]});

		const pems = await request(provider, '/oauth2/v1/certs');
		expect(pems.status).toBe(200);
		expect(Object.keys(pems.json)).toEqual([header['kid']]);
		const pem = String(pems.json[String(header['kid'])]);
		expect(pem).toMatch(/^-----BEGIN [A-Z ]+-----\n[\s\S]+\n-----END [A-Z ]+-----\n$/);
		const [head, body, signature] = String(tokens.id_token).split('.');
		expect(verifySignature('sha256', Buffer.from(`${head}.${body}`), createPublicKey(pem), Buffer.from(signature!, 'base64url'))).toBe(true);
		expect((await request(provider, '/oauth2/v3/certs', {method: 'POST'})).status).toBe(405);
	});

	it('names the endpoints a client reads from it', async () => {
		const discovery = (await request(provider, '/.well-known/openid-configuration')).json;
		expect(discovery).toMatchObject({
			issuer: 'https://accounts.google.com',
			authorization_endpoint: 'https://accounts.google.com/o/oauth2/v2/auth',
			token_endpoint: 'https://oauth2.googleapis.com/token',
			userinfo_endpoint: 'https://openidconnect.googleapis.com/v1/userinfo',
			revocation_endpoint: 'https://oauth2.googleapis.com/revoke',
			jwks_uri: 'https://www.googleapis.com/oauth2/v3/certs',
			id_token_signing_alg_values_supported: ['RS256'],
			subject_types_supported: ['public'],
		});
		expect(await tlsConnect(provider, {servername: 'www.googleapis.com'})).toEqual({ok: true});
		expect(await tlsConnect(provider, {servername: 'openidconnect.googleapis.com'})).toEqual({ok: true});
	});
});

const invalidToken = {error: 'invalid_token', error_description: 'Token expired or revoked'};

describe('revocation (POST /revoke)', () => {
	it('revokes a refresh token and the access tokens of its grant: 200 {}', async () => {
		const tokens = await signIn();
		const refreshed = (await refresh(tokens['refresh_token'])).json;
		const response = await request(provider, '/revoke', {form: {token: tokens['refresh_token']}});
		expect(response.status).toBe(200);
		expect(response.headers['content-type']).toMatch(/^application\/json/);
		expect(response.json).toEqual({});
		expectGoogleError(await refresh(tokens['refresh_token']), 400, 'invalid_grant', 'Token has been expired or revoked.');
		expect(provider.controls.isAccessTokenValid(tokens['access_token'])).toBe(false);
		expect(provider.controls.isAccessTokenValid(refreshed.access_token)).toBe(false);

		// Known no more: Google's answer for a token it does not know.
		const again = await request(provider, '/revoke', {form: {token: tokens['refresh_token']}});
		expect(again.status).toBe(400);
		expect(again.json).toEqual(invalidToken);
	});

	it('revokes the whole grant through an access token, given in the query as google-auth-library does', async () => {
		const tokens = await signIn();
		const other = await signIn();
		const response = await request(provider, `/revoke?token=${encodeURIComponent(tokens['access_token'])}`, {method: 'POST', headers: {'content-type': 'application/x-www-form-urlencoded'}});
		expect(response.status).toBe(200);
		expect(response.json).toEqual({});
		expect(provider.controls.isAccessTokenValid(tokens['access_token'])).toBe(false);
		expectGoogleError(await refresh(tokens['refresh_token']), 400, 'invalid_grant', 'Token has been expired or revoked.');
		// Another grant of the same client and account is not touched.
		expect(provider.controls.isAccessTokenValid(other['access_token'])).toBe(true);
		expect((await refresh(other['refresh_token'])).status).toBe(200);
	});

	it('revokes an access token without a refresh token alone', async () => {
		const online = await signIn({access_type: undefined});
		expect((await request(provider, '/revoke', {form: {token: online['access_token']}})).status).toBe(200);
		expect(provider.controls.isAccessTokenValid(online['access_token'])).toBe(false);
	});

	it('answers 400 invalid_token for unknown, expired and already revoked tokens, and refuses other methods', async () => {
		for (const token of ['ya29.unknown', '1//0unknown', 'x'.repeat(300)]) {
			const response = await request(provider, '/revoke', {form: {token}});
			expect(response.status).toBe(400);
			expect(response.json).toEqual(invalidToken);
		}

		const tokens = await signIn();
		clock.advance(3_599_000);
		expect((await request(provider, '/revoke', {form: {token: tokens['access_token']}})).json).toEqual(invalidToken);
		// The refresh token outlives its access token.
		expect((await request(provider, '/revoke', {form: {token: tokens['refresh_token']}})).status).toBe(200);

		const missing = await request(provider, '/revoke', {method: 'POST'});
		expect(missing.status).toBe(400);
		expect(missing.json.error).toBe('invalid_request');
		expect((await request(provider, '/revoke')).status).toBe(405);
	});
});

const invalidValue = {error: 'invalid_token', error_description: 'Invalid Value'};

describe('tokeninfo', () => {
	it('describes an access token as Google does: strings, the remaining lifetime, no identity without identity scopes', async () => {
		const tokens = await signIn();
		clock.advance(1_000_000);
		const response = await request(provider, `/tokeninfo?access_token=${encodeURIComponent(tokens['access_token'])}`);
		expect(response.status).toBe(200);
		expect(response.json).toEqual({
			azp: clientId,
			aud: clientId,
			scope: googleMailScope,
			exp: String((start / 1000) + 3599),
			expires_in: '2599',
			access_type: 'offline',
		});
		expect(Object.keys(response.json)).toEqual(['azp', 'aud', 'scope', 'exp', 'expires_in', 'access_type']);
	});

	it('adds sub and email for identity scopes; takes the token from the query, the form or a Bearer header', async () => {
		const tokens = (await exchange(await authorize({scope: identityScopes, access_type: undefined}, 'tanaka@example.jp'))).json;
		const expected = {
			azp: clientId,
			aud: clientId,
			sub: jwtParts(tokens.id_token).payload['sub'],
			scope: `${googleMailScope} openid ${emailScope}`,
			exp: String((start / 1000) + 3599),
			expires_in: '3599',
			email: 'tanaka@example.jp',
			email_verified: 'true',
			access_type: 'online',
		};
		const byQuery = await request(provider, `/tokeninfo?access_token=${encodeURIComponent(tokens.access_token)}`);
		expect(byQuery.json).toEqual(expected);
		expect(Object.keys(byQuery.json)).toEqual(Object.keys(expected));
		expect((await request(provider, '/tokeninfo', {form: {access_token: tokens.access_token}})).json).toEqual(expected);
		const byHeader = await request(provider, '/tokeninfo', {method: 'POST', headers: {authorization: `Bearer ${tokens.access_token}`, 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8'}});
		expect(byHeader.json).toEqual(expected);
		// The same service on www.googleapis.com.
		expect((await request(provider, `/oauth2/v3/tokeninfo?access_token=${encodeURIComponent(tokens.access_token)}`)).json).toEqual(expected);
		expect(provider.controls.stats()).toMatchObject({googleTokenInfo: 4});
	});

	it('describes an ID token by its claims, as strings, with its header fields', async () => {
		const tokens = (await exchange(await authorize({scope: identityScopes}, 'tanaka@example.jp'))).json;
		const {header, payload} = jwtParts(tokens.id_token);
		const response = await request(provider, `/tokeninfo?id_token=${tokens.id_token}`);
		expect(response.status).toBe(200);
		expect(response.json).toEqual({
			iss: 'https://accounts.google.com',
			azp: clientId,
			aud: clientId,
			sub: payload['sub'],
			email: 'tanaka@example.jp',
			email_verified: 'true',
			at_hash: atHash(tokens.access_token),
			iat: String(start / 1000),
			exp: String((start / 1000) + 3600),
			alg: 'RS256',
			kid: header['kid'],
			typ: 'JWT',
		});
		clock.advance(3_600_000);
		const late = await request(provider, `/tokeninfo?id_token=${tokens.id_token}`);
		expect(late.status).toBe(400);
		expect(late.json).toEqual(invalidValue);
	});

	it('answers 400 "Invalid Value" for an unknown, expired or revoked token or none', async () => {
		const tokens = await signIn();
		for (const query of ['access_token=ya29.unknown', 'id_token=a.b.c', 'id_token=not-a-jwt', '']) {
			const response = await request(provider, `/tokeninfo?${query}`);
			expect(response.status, query).toBe(400);
			expect(response.json).toEqual(invalidValue);
		}

		provider.controls.revokeAll();
		expect((await request(provider, `/tokeninfo?access_token=${encodeURIComponent(tokens['access_token'])}`)).json).toEqual(invalidValue);
		expect((await request(provider, '/tokeninfo', {method: 'PUT'})).status).toBe(405);
	});
});

describe('userinfo (openidconnect.googleapis.com/v1/userinfo)', () => {
	it('names the account for a token with openid and email', async () => {
		const tokens = (await exchange(await authorize({scope: identityScopes}, 'tanaka@example.jp'))).json;
		const response = await request(provider, '/v1/userinfo', {headers: {authorization: `Bearer ${tokens.access_token}`}});
		expect(response.status).toBe(200);
		expect(response.json).toEqual({sub: jwtParts(tokens.id_token).payload['sub'], email: 'tanaka@example.jp', email_verified: true});
		const openidOnly = (await exchange(await authorize({scope: `${googleMailScope} openid`}))).json;
		expect((await request(provider, '/v1/userinfo', {headers: {authorization: `Bearer ${openidOnly.access_token}`}})).json).toEqual({sub: expect.stringMatching(/^\d{21}$/)});
	});

	it('answers 401 with WWW-Authenticate for a missing, unknown or mail-only token', async () => {
		const mailOnly = await signIn();
		for (const authorization of [undefined, 'Bearer ya29.unknown', `Bearer ${mailOnly['access_token']}`]) {
			const response = await request(provider, '/v1/userinfo', {headers: authorization === undefined ? {} : {authorization}});
			expect(response.status, authorization).toBe(401);
			expect(response.headers['www-authenticate']).toMatch(/^Bearer realm="https:\/\/accounts\.google\.com\/"/);
			expect(response.json).toEqual({error: 'invalid_request', error_description: 'Invalid Credentials'});
		}
	});
});

describe('Gmail API switched off (googleGmailApiEnabled)', () => {
	it('answers the profile with Google\'s accessNotConfigured / SERVICE_DISABLED 403 for the token\'s project', async () => {
		const tokens = await signIn();
		expect(provider.controls.config()).toMatchObject({googleGmailApiEnabled: true});
		const config = await request(provider, '/_control/config', {json: {googleGmailApiEnabled: false}});
		expect(config.json).toMatchObject({googleGmailApiEnabled: false});
		expect((await request(provider, '/_control/config', {json: {googleGmailApiEnabled: 'no'}})).status).toBe(400);

		const response = await request(provider, '/gmail/v1/users/me/profile', {headers: {authorization: `Bearer ${tokens['access_token']}`}});
		expect(response.status).toBe(403);
		const project = '123456789012';
		const activationUrl = `https://console.developers.google.com/apis/api/gmail.googleapis.com/overview?project=${project}`;
		const message = `Gmail API has not been used in project ${project} before or it is disabled. Enable it by visiting ${activationUrl} then retry. If you enabled this API recently, wait a few minutes for the action to propagate to our systems and retry.`;
		expect(response.json).toEqual({
			error: {
				code: 403,
				message,
				errors: [{message, domain: 'usageLimits', reason: 'accessNotConfigured', extendedHelp: 'https://console.developers.google.com'}],
				status: 'PERMISSION_DENIED',
				details: [
					{
						'@type': 'type.googleapis.com/google.rpc.ErrorInfo',
						reason: 'SERVICE_DISABLED',
						domain: 'googleapis.com',
						metadata: {serviceTitle: 'Gmail API', consumer: `projects/${project}`, containerInfo: project, service: 'gmail.googleapis.com', activationUrl},
					},
					{'@type': 'type.googleapis.com/google.rpc.LocalizedMessage', locale: 'en-US', message},
					{'@type': 'type.googleapis.com/google.rpc.Help', links: [{description: 'Google developers console API activation', url: activationUrl}]},
				],
			},
		});

		// A bad token is still a 401: the project is known only from a good one.
		expect((await request(provider, '/gmail/v1/users/me/profile', {headers: {authorization: 'Bearer ya29.unknown'}})).status).toBe(401);
		provider.controls.reset();
		expect(provider.controls.config()).toMatchObject({googleGmailApiEnabled: true});
	});
});

describe('refresh tokens', () => {
	it('give new access tokens and are not rotated', async () => {
		provider.controls.configure({googleAccessTokenLifetimeSeconds: 120});
		const first = await signIn();
		expect(first['expires_in']).toBe(120);
		const second = await refresh(first['refresh_token']);
		expect(second.status).toBe(200);
		expect(second.json.refresh_token).toBeUndefined();
		expect(second.json).toMatchObject({expires_in: 120, scope: googleMailScope, token_type: 'Bearer'});
		expect(second.json.access_token).not.toBe(first['access_token']);
		const third = await refresh(first['refresh_token']);
		expect(third.status).toBe(200);

		clock.advance(120_000);
		expect(provider.controls.isAccessTokenValid(third.json.access_token)).toBe(false);
		expectGoogleError(await refresh('1//0unknown'), 400, 'invalid_grant', 'Bad Request');
		expectGoogleError(await request(provider, googleTokenPath, {form: {grant_type: 'refresh_token', client_id: clientId, client_secret: clientSecret}}), 400, 'invalid_request', 'Missing required parameter: refresh_token');
	});

	it('expire as for an app in Testing status', async () => {
		const tokens = await signIn();
		const expire = await request(provider, '/_control/google-expire-refresh-tokens', {method: 'POST'});
		expect(expire.json).toEqual({refreshTokens: 1});
		expectGoogleError(await refresh(tokens['refresh_token']), 400, 'invalid_grant', 'Token has been expired or revoked.');
		// Access tokens already issued live on until they expire.
		expect(provider.controls.isAccessTokenValid(tokens['access_token'])).toBe(true);
		expect(provider.controls.expireGoogleRefreshTokens()).toEqual({refreshTokens: 0});
	});

	it('stop working after revokeAll, with the access tokens and unexchanged codes', async () => {
		const tokens = await signIn();
		const waiting = await authorize();
		expect(provider.controls.revokeAll()).toEqual({refreshTokens: 1, accessTokens: 1});
		expect(provider.controls.isAccessTokenValid(tokens['access_token'])).toBe(false);
		expectGoogleError(await refresh(tokens['refresh_token']), 400, 'invalid_grant', 'Token has been expired or revoked.');
		expectGoogleError(await exchange(waiting), 400, 'invalid_grant', 'Bad Request');
		const check = await request(provider, '/_control/access-token', {json: {accessToken: tokens['access_token']}});
		expect(check.json).toEqual({valid: false});
	});
});

describe('controls', () => {
	it('configure the Google lifetimes, count the Google routes and reset everything', async () => {
		expect(provider.controls.config()).toMatchObject({googleCodeLifetimeSeconds: 600, googleAccessTokenLifetimeSeconds: 3599, googleRequireRegisteredClients: false});
		const config = await request(provider, '/_control/config', {json: {googleCodeLifetimeSeconds: 60, googleAccessTokenLifetimeSeconds: 600}});
		expect(config.json).toMatchObject({googleCodeLifetimeSeconds: 60, googleAccessTokenLifetimeSeconds: 600, intervalSeconds: 5});
		expect((await request(provider, '/_control/config', {json: {googleCodeLifetimeSeconds: 0}})).status).toBe(400);

		await request(provider, '/.well-known/openid-configuration');
		await request(provider, `${googleAuthorizationPath}?${authorizationQuery()}`);
		const tokens = await signIn();
		// googleAuth: the page, and signIn's consent (its page, then the post).
		expect(provider.controls.stats()).toMatchObject({googleDiscovery: 1, googleAuth: 3, googleToken: 1, token: 0});

		provider.controls.registerGoogleClient(clientId, 'registered');
		const reset = await request(provider, '/_control/reset', {method: 'POST'});
		expect(reset.json).toMatchObject({googleCodeLifetimeSeconds: 600, googleAccessTokenLifetimeSeconds: 3599});
		expect(provider.controls.stats()).toMatchObject({googleDiscovery: 0, googleAuth: 0, googleToken: 0});
		expect(provider.controls.isAccessTokenValid(tokens['access_token'])).toBe(false);
		expectGoogleError(await refresh(tokens['refresh_token']), 400, 'invalid_grant', 'Bad Request');
		// The registration is gone: any secret works again.
		expect((await signIn())['access_token']).toBeDefined();
	});
});

describe('robustness', () => {
	it('answers malformed, oversized and wrong-method requests with 4xx and keeps serving', async () => {
		expectGoogleError(await request(provider, googleTokenPath), 405, 'invalid_request');
		const garbage = await request(provider, googleTokenPath, {body: '%%%&&&==\u0000\uFFFF', headers: {'content-type': 'application/x-www-form-urlencoded'}});
		expectGoogleError(garbage, 400, 'unsupported_grant_type');
		expectGoogleError(await request(provider, googleTokenPath, {json: {grant_type: 'authorization_code'}}), 400, 'unsupported_grant_type');
		const repeated = await request(provider, googleTokenPath, {
			body: `grant_type=refresh_token&grant_type=authorization_code&client_id=${clientId}`,
			headers: {'content-type': 'application/x-www-form-urlencoded'},
		});
		expectGoogleError(repeated, 400, 'invalid_request');
		const badBasic = await request(provider, googleTokenPath, {form: {grant_type: 'refresh_token'}, headers: {authorization: 'Basic %%%'}});
		expectGoogleError(badBasic, 400, 'invalid_request', 'Could not determine client ID from request.');

		const big = await request(provider, googleTokenPath, {body: `code=${'a'.repeat(70 * 1024)}`, headers: {'content-type': 'application/x-www-form-urlencoded'}});
		expect(big.status).toBe(413);
		const bigForm = await request(provider, `${googleAuthorizationPath}?${authorizationQuery()}`, {body: 'x'.repeat(65 * 1024), headers: {'content-type': 'application/x-www-form-urlencoded'}});
		expect(bigForm.status).toBe(413);
		expect((await request(provider, googleAuthorizationPath, {method: 'PUT'})).status).toBe(405);
		expectErrorPage(await request(provider, `${googleAuthorizationPath}?%E0%A4%A&client_id=%`), 401, 'invalid_client');
		expectErrorPage(await request(provider, `${googleAuthorizationPath}?%E0%A4%A`), 400, 'invalid_request');

		expect((await signIn())['refresh_token']).toBeDefined();
	});

	it('logs one line per request and never a code, token, secret, verifier or state', async () => {
		logLines.length = 0;
		const state = 'state-that-must-not-be-logged';
		await request(provider, `${googleAuthorizationPath}?${authorizationQuery({state})}`);
		const location = locationOf(await consentPost(authorizationQuery({state})));
		const code = new URL(location).searchParams.get('code')!;
		const tokens = (await exchange(code)).json;
		const refreshed = (await refresh(tokens.refresh_token)).json;
		await request(provider, '/_control/access-token', {json: {accessToken: tokens.access_token}});
		await new Promise(resolve => setTimeout(resolve, 20));

		expect(logLines).toEqual([
			`GET ${googleAuthorizationPath} 200`,
			// The consent post is made from the page, as a browser does: its GET first.
			`GET ${googleAuthorizationPath} 200`,
			`POST ${googleAuthorizationPath} 302`,
			`POST ${googleTokenPath} 200`,
			`POST ${googleTokenPath} 200`,
			'POST /_control/access-token 200',
		]);
		const secrets = [state, code, encodeURIComponent(code), challenge, verifier, clientSecret, tokens.access_token, tokens.refresh_token, refreshed.access_token];
		for (const line of logLines) {
			for (const secret of secrets) {
				expect(line).not.toContain(secret);
			}
		}
	});
});
