/**
The device side of the Google set-up over real HTTPS to the offline identity provider: the
authorization URL (PKCE S256, state, loopback redirect), the pasted code or redirect address,
the identity provider's refusals, refresh before expiry, and an expired refresh token.
*/
import {createHash} from 'node:crypto';
import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {apiErrorSchema, googleStateSchema, type FieldErrorCode} from '../source/device/contract.js';
import {en} from '../source/i18n/en.js';
import type {IdentityProvider} from '../source/identity-provider/index.js';
import {browse, googleClientId, googleClientSecret, Harness, withDevice, type Response} from './support/emulator-harness.js';

let idp: IdentityProvider;
let device: Harness;

withDevice({login: true}, current => {
	({idp, device} = current);
});

type SavedGoogle = {attempt: {state: string; codeVerifier: string} | null; tokens: {refreshToken?: string} | null};

function savedGoogle(): SavedGoogle {
	return (JSON.parse(readFileSync(device.stateFile, 'utf8')) as {google: SavedGoogle}).google;
}

function expectFieldError(response: Response, code: FieldErrorCode, message: string = en.fieldErrors[code]): void {
	expect(response.status, code).toBe(400);
	const error = apiErrorSchema.parse(response.json);
	expect(error.error).toBe('validation');
	expect(error.fields?.['authorizationCode']).toEqual({code, message});
}

describe('Google: the authorization URL', () => {
	it('checks the connection, then makes the URL with every parameter, PKCE S256 and the offline origin', async () => {
		const saved = await device.enableGoogle();
		expect(saved.connection).toEqual({status: 'checking'});
		expect(saved.token.status).toBe('not-authorized');
		const {authorization, connection, token} = await device.waitForGoogleAuthorization();
		expect(connection.status).toBe('success');
		expect(token).toEqual({status: 'waiting'});
		expect(authorization.redirectUri).toBe('http://localhost');
		expect(Date.parse(authorization.createdAt)).toBeLessThanOrEqual(Date.now());
		expect(idp.controls.stats()['googleDiscovery']).toBe(1);

		// Offline the URL opens in a browser here: the identity provider's public origin.
		const url = new URL(authorization.url);
		expect(url.origin).toBe(idp.url);
		expect(url.pathname).toBe('/o/oauth2/v2/auth');
		const {attempt} = savedGoogle();
		expect(attempt).not.toBeNull();
		const {state, codeVerifier} = attempt!;
		expect(state).toMatch(/^[\w-]{32,}$/);
		expect(codeVerifier).toMatch(/^[\w.~-]{43,128}$/);
		const challenge = createHash('sha256').update(codeVerifier).digest('base64url');
		expect([...url.searchParams]).toEqual([
			['client_id', googleClientId],
			['redirect_uri', 'http://localhost'],
			['response_type', 'code'],
			// Gmail, and an ID token that names the account (its verified email).
			['scope', 'https://mail.google.com/ openid email'],
			['access_type', 'offline'],
			['prompt', 'consent'],
			['state', state],
			['code_challenge', challenge],
			['code_challenge_method', 'S256'],
		]);
		expect(url.search).toContain('redirect_uri=http%3A%2F%2Flocalhost&');
		expect(url.search).toContain('scope=https%3A%2F%2Fmail.google.com%2F+openid+email&');
		expect(authorization.url).not.toContain(codeVerifier);

		const page = await browse(idp, authorization.url);
		expect(page.status).toBe(200);
		const consented = await browse(idp, authorization.url, {decision: 'allow'});
		expect(consented.status).toBe(302);
		expect(consented.location).toMatch(/^http:\/\/localhost\/?\?state=/);
	});
});

describe('Google: the authorization code', () => {
	it('gets a token from the whole redirect address', async () => {
		await device.enableGoogle();
		const {authorization} = await device.waitForGoogleAuthorization();
		const location = await device.consent(authorization.url);
		expect(location).toMatch(/&code=4%2F0A[\w-]+&scope=/);
		const response = await device.submitCode(` "${location}"\n`);
		expect(response.status).toBe(200);
		const active = googleStateSchema.parse(response.json);
		expect(active.authorization).toBeNull();
		expect(active.token.status).toBe('active');
		expect(Date.parse(active.token.expiresAt!)).toBeGreaterThan(Date.now() + 3_000_000);
		expect(savedGoogle().attempt).toBeNull();
		expect(device.logs.join('\n')).toContain('google: token active');
		const [, accessToken] = device.secretsOnDisk();
		expect(idp.controls.isAccessTokenValid(accessToken!)).toBe(true);
		expect(idp.controls.stats()['googleToken']).toBe(1);
	});

	it.each([
		['percent-encoded', (code: string) => encodeURIComponent(code)],
		['as it is', (code: string) => code],
	])('gets a token from the code alone, %s', async (_name, form) => {
		await device.enableGoogle();
		const {authorization} = await device.waitForGoogleAuthorization();
		const code = new URL(await device.consent(authorization.url)).searchParams.get('code')!;
		expect(code).toMatch(/^4\/0A/);
		const response = await device.submitCode(form(code));
		expect(response.status).toBe(200);
		expect(googleStateSchema.parse(response.json).token.status).toBe('active');
	});

	it('refuses what is not a usable code before asking the identity provider', async () => {
		expectFieldError(await device.submitCode('4/0Acode'), 'no_authorization');
		await device.enableGoogle();
		const {authorization} = await device.waitForGoogleAuthorization();
		const denied = await device.consent(authorization.url, 'deny');
		expect(denied).toContain('error=access_denied');
		expectFieldError(await device.submitCode(denied), 'access_denied');

		const location = new URL(await device.consent(authorization.url));
		const otherState = new URL(location);
		otherState.searchParams.set('state', 'x'.repeat(43));
		expectFieldError(await device.submitCode(otherState.href), 'state_mismatch');
		expectFieldError(await device.submitCode('http://localhost/?state=abc&scope=x'.replace('abc', location.searchParams.get('state')!)), 'code_missing');
		expectFieldError(await device.submitCode('  '), 'required');
		expectFieldError(await device.submitCode('4/0A code'), 'invalid_characters');
		expectFieldError(await device.submitCode('4'.repeat(9000)), 'too_long');
		expect(idp.controls.stats()['googleToken']).toBe(0);
		const state = await device.googleState();
		expect(state.token).toEqual({status: 'waiting'});
		expect(state.authorization).toEqual(authorization);

		const malformed = await device.request('POST', 'oauth2/google/authorization', {body: {code: 'x'}});
		expect(malformed.status).toBe(400);
		expect(apiErrorSchema.parse(malformed.json).error).toBe('bad_request');
	});

	it('says code_rejected with the reason for a used code, keeps the authorization, and takes a new code', async () => {
		await device.enableGoogle();
		const {authorization} = await device.waitForGoogleAuthorization();
		const location = await device.consent(authorization.url);
		expect((await device.submitCode(location)).status).toBe(200);
		// Start over with the same settings; the old code is used up.
		expect((await device.request('DELETE', 'oauth2/google/token')).status).toBe(200);
		const second = await device.waitForGoogleAuthorization();
		const oldCode = new URL(location).searchParams.get('code')!;
		expectFieldError(await device.submitCode(oldCode), 'code_rejected', 'invalid_grant: Bad Request');
		const failed = await device.googleState();
		expect(failed.token).toEqual({status: 'error', reason: 'invalid_grant', detail: 'Bad Request'});
		expect(failed.authorization).toEqual(second.authorization);

		// The engineer consents again and pastes the new address.
		const response = await device.submitCode(await device.consent(second.authorization.url));
		expect(response.status).toBe(200);
		expect(googleStateSchema.parse(response.json).token.status).toBe('active');
	});

	it('says invalid_client when the identity provider knows another secret', async () => {
		idp.controls.registerGoogleClient(googleClientId, 'GOCSPX-the-registered-one');
		await device.enableGoogle();
		const {authorization} = await device.waitForGoogleAuthorization();
		expectFieldError(await device.submitCode(await device.consent(authorization.url)), 'code_rejected', 'invalid_client: Unauthorized');
		const state = await device.googleState();
		expect(state.token).toEqual({status: 'error', reason: 'invalid_client', detail: 'Unauthorized'});
		expect(state.authorization).not.toBeNull();
	});

	it('says idp_unreachable when the token endpoint cannot be reached', async () => {
		await device.enableGoogle();
		const {authorization} = await device.waitForGoogleAuthorization();
		const location = await device.consent(authorization.url);
		// Add CN to Verification Items is on: the handshake with the token endpoint fails.
		idp.controls.configure({certificate: 'wrong-cn'});
		const response = await device.submitCode(location);
		expect(response.status).toBe(400);
		const field = apiErrorSchema.parse(response.json).fields?.['authorizationCode'];
		expect(field?.code).toBe('code_rejected');
		expect(field?.message).toMatch(/^idp_unreachable: .+/);
		const state = await device.googleState();
		expect(state.token).toMatchObject({status: 'error', reason: 'idp_unreachable'});
		expect(state.authorization).not.toBeNull();

		idp.controls.configure({certificate: 'valid'});
		expect((await device.submitCode(location)).status).toBe(200);
	});

	it('exchanges one code at a time: a second paste of the same address finds the authorization used', async () => {
		await device.enableGoogle();
		const {authorization} = await device.waitForGoogleAuthorization();
		const location = await device.consent(authorization.url);
		const [first, second] = await Promise.all([device.submitCode(location), device.submitCode(location)]);
		expect(first.status).toBe(200);
		expectFieldError(second, 'no_authorization');
		expect(idp.controls.stats()['googleToken']).toBe(1);
		expect((await device.googleState()).token.status).toBe('active');
	});
});

describe('Google: keeping the token', () => {
	it('refreshes the access token before it expires, keeping the refresh token', async () => {
		idp.controls.configure({googleAccessTokenLifetimeSeconds: 2});
		const first = await device.activateGoogle();
		const refreshToken = savedGoogle().tokens?.refreshToken;
		expect(refreshToken).toBeDefined();
		const refreshed = await device.waitForGoogle(state => state.token.status === 'active' && state.token.expiresAt !== first.token.expiresAt);
		expect(Date.parse(refreshed.token.expiresAt!)).toBeGreaterThan(Date.parse(first.token.expiresAt!));
		expect(savedGoogle().tokens?.refreshToken).toBe(refreshToken);
		expect(device.logs).toContain('google: access token refreshed');
	});

	it('says reauthorization_required when the refresh token expired, and refresh makes a new URL', async () => {
		idp.controls.configure({googleAccessTokenLifetimeSeconds: 2});
		const active = await device.activateGoogle();
		expect(idp.controls.expireGoogleRefreshTokens().refreshTokens).toBe(1);
		const failed = await device.waitForGoogle(state => state.token.status === 'error');
		expect(failed.token).toEqual({status: 'error', reason: 'reauthorization_required', detail: 'Token has been expired or revoked.'});
		expect(failed.authorization).toBeNull();
		expect(device.secretsOnDisk()).toEqual([googleClientSecret]);

		const refreshed = await device.request('POST', 'oauth2/google/refresh');
		expect(refreshed.status).toBe(200);
		const waiting = await device.waitForGoogleAuthorization();
		expect(waiting.authorization.url).not.toBe(active.authorization?.url);
		const response = await device.submitCode(await device.consent(waiting.authorization.url));
		expect(googleStateSchema.parse(response.json).token.status).toBe('active');
	});

	it('keeps a pending authorization on refresh', async () => {
		await device.enableGoogle();
		const {authorization} = await device.waitForGoogleAuthorization();
		await device.request('POST', 'oauth2/google/refresh');
		const after = await device.waitForGoogle(state => state.connection.status === 'success');
		expect(after.authorization).toEqual(authorization);
		expect(after.token).toEqual({status: 'waiting'});
	});
});
