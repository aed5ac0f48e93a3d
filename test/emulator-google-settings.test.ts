/**
The Google part of the emulated device's API: reading the state, saving the basic settings
(validation, the write-only client secret, If-Match), and what saving, disabling, refresh and
reset do to the connection check, the authorization and the token. Real HTTP, real HTTPS to
the offline identity provider.
*/
import {readFileSync} from 'node:fs';
import {beforeEach, describe, expect, it} from 'vitest';
import {apiErrorSchema, googleStateSchema, googleTokenResetSchema} from '../source/device/contract.js';
import {en} from '../source/i18n/en.js';
import type {IdentityProvider} from '../source/identity-provider/index.js';
import {googleClientId, googleClientSecret, Harness, withDevice} from './support/emulator-harness.js';

let idp: IdentityProvider;
let device: Harness;

withDevice({login: true}, current => {
	({idp, device} = current);
});

function apiError(json: unknown) {
	return apiErrorSchema.parse(json);
}

function storedSecret(): string | null {
	return (JSON.parse(readFileSync(device.stateFile, 'utf8')) as {google: {clientSecret: string | null}}).google.clientSecret;
}

describe('GET /oauth2/google', () => {
	it('sends the factory state with an ETag and 304 when unchanged', async () => {
		const first = await device.request('GET', 'oauth2/google');
		expect(first.status).toBe(200);
		expect(googleStateSchema.parse(first.json)).toEqual({
			settings: {enabled: false, verifyServerCertificate: true, addCnToVerification: true, clientId: '', clientSecretSet: false, clientSecretRevision: 0},
			connection: {status: 'not-checked'},
			authorization: null,
			token: {status: 'not-authorized'},
		});
		const etag = first.headers.get('etag')!;
		expect(etag).toMatch(/^"[\w-]+"$/);
		expect((await device.request('GET', 'oauth2/google', {headers: {'if-none-match': etag}})).status).toBe(304);
		expect((await device.request('GET', 'oauth2/google', {token: null})).status).toBe(401);
	});
});

describe('PUT /oauth2/google/basic', () => {
	const valid = {enabled: true, verifyServerCertificate: true, addCnToVerification: true, clientId: googleClientId, clientSecret: googleClientSecret};

	it('needs If-Match (428), refuses a stale one (412), judged on the Google settings', async () => {
		await device.googleState();
		const googleEtag = device.etag!;
		const missing = await device.request('PUT', 'oauth2/google/basic', {body: valid});
		expect(missing.status).toBe(428);
		expect(apiError(missing.json).error).toBe('precondition_required');

		// The Microsoft state's ETag is not the Google state's.
		await device.state();
		const microsoftEtag = device.etag!;
		expect((await device.request('PUT', 'oauth2/google/basic', {body: valid, headers: {'if-match': microsoftEtag}})).status).toBe(412);

		const other = await device.request('PUT', 'oauth2/google/basic', {body: {...valid, enabled: false}, headers: {'if-match': googleEtag}});
		expect(other.status).toBe(200);
		const stale = await device.request('PUT', 'oauth2/google/basic', {body: valid, headers: {'if-match': googleEtag}});
		expect(stale.status).toBe(412);
		expect(stale.headers.get('etag')).toBe(other.headers.get('etag'));
	});

	it('refuses invalid settings with 400 per-field errors and changes nothing', async () => {
		await device.googleState();
		const etag = device.etag!;
		const cases = [
			{settings: {clientId: ''}, field: 'clientId', code: 'required'},
			{settings: {clientId: '1234-abc.example.com'}, field: 'clientId', code: 'invalid_client_id'},
			{settings: {clientId: `${googleClientId} `}, field: 'clientId', code: 'invalid_characters'},
			{settings: {clientId: `${'x'.repeat(600)}.apps.googleusercontent.com`}, field: 'clientId', code: 'too_long'},
			{settings: {clientSecret: undefined}, field: 'clientSecret', code: 'secret_required'},
			{settings: {clientSecret: ''}, field: 'clientSecret', code: 'secret_required'},
			{settings: {clientSecret: 'GOCSPX secret'}, field: 'clientSecret', code: 'invalid_characters'},
			{settings: {clientSecret: 's'.repeat(513)}, field: 'clientSecret', code: 'too_long'},
			{settings: {verifyServerCertificate: false}, field: 'addCnToVerification', code: 'cn_requires_verify'},
		] as const;
		for (const {settings, field, code} of cases) {
			const response = await device.request('PUT', 'oauth2/google/basic', {body: {...valid, ...settings}, headers: {'if-match': etag}});
			expect(response.status, code).toBe(400);
			const error = apiError(response.json);
			expect(error.error).toBe('validation');
			expect(error.fields?.[field]).toEqual({code, message: en.fieldErrors[code]});
		}

		expect((await device.request('GET', 'oauth2/google', {headers: {'if-none-match': etag}})).status).toBe(304);
		expect(storedSecret()).toBeNull();
		expect(idp.controls.stats()['googleDiscovery']).toBe(0);
	});

	it('refuses a body that is not the settings shape with 400 bad_request', async () => {
		await device.googleState();
		const response = await device.request('PUT', 'oauth2/google/basic', {body: {...valid, enabled: 'yes'}, headers: {'if-match': device.etag!}});
		expect(response.status).toBe(400);
		expect(apiError(response.json).error).toBe('bad_request');
		expect(response.text).not.toContain(googleClientSecret);
	});

	it('keeps the secret write-only: clientSecretSet, never returned or logged; omitted or empty keeps it', async () => {
		const saved = await device.enableGoogle();
		expect(saved.settings).toEqual({enabled: true, verifyServerCertificate: true, addCnToVerification: true, clientId: googleClientId, clientSecretSet: true, clientSecretRevision: 1});
		expect(storedSecret()).toBe(googleClientSecret);
		await device.waitForGoogleAuthorization();

		for (const clientSecret of [undefined, '']) {
			const response = await device.saveGoogle({clientSecret});
			expect(response.status).toBe(200);
			expect(googleStateSchema.parse(response.json).settings.clientSecretSet).toBe(true);
			expect(storedSecret()).toBe(googleClientSecret);
		}

		// Disabled without a secret stored, nothing is required.
		const fresh = await new Harness(idp).start();
		try {
			await fresh.login();
			const response = await fresh.saveGoogle({clientId: googleClientId});
			expect(response.status).toBe(200);
			expect(googleStateSchema.parse(response.json).settings.clientSecretSet).toBe(false);
		} finally {
			await fresh.close();
		}

		for (const text of [...device.bodies, ...device.logs]) {
			expect(text).not.toContain(googleClientSecret);
		}

		expect(device.logs.join('\n')).toMatch(/google: connection success/);
	});
});

describe('Google: settings and the flow', () => {
	beforeEach(async () => {
		await device.activateGoogle();
	});

	it('keeps an active token when the same settings (even the same secret) are saved again', async () => {
		const before = await device.googleState();
		for (const clientSecret of [undefined, googleClientSecret]) {
			expect((await device.saveGoogle({clientSecret})).status).toBe(200);
			const after = await device.waitForGoogle(state => state.connection.status === 'success');
			expect(after.token).toEqual(before.token);
			expect(after.authorization).toBeNull();
		}
	});

	it.each([
		['the client secret', {clientSecret: 'GOCSPX-another-secret'}],
		['the client ID', {clientId: `987-other.apps.googleusercontent.com`}],
		['Add CN to Verification Items', {addCnToVerification: false}],
	])('starts over when %s changes', async (_name, settings) => {
		const before = await device.googleState();
		const response = await device.saveGoogle(settings);
		expect(response.status).toBe(200);
		expect(googleStateSchema.parse(response.json)).toMatchObject({connection: {status: 'checking'}, authorization: null, token: {status: 'not-authorized'}});
		const waiting = await device.waitForGoogleAuthorization();
		expect(waiting.authorization.url).not.toBe(before.authorization?.url);
		expect(new URL(waiting.authorization.url).searchParams.get('client_id')).toBe(waiting.settings.clientId);
	});

	it('forgets everything but the settings when disabled', async () => {
		const response = await device.saveGoogle({enabled: false});
		expect(googleStateSchema.parse(response.json)).toEqual({
			settings: {enabled: false, verifyServerCertificate: true, addCnToVerification: true, clientId: googleClientId, clientSecretSet: true, clientSecretRevision: 1},
			connection: {status: 'not-checked'},
			authorization: null,
			token: {status: 'not-authorized'},
		});
		expect(device.secretsOnDisk()).toEqual([googleClientSecret]);
		const refreshed = await device.request('POST', 'oauth2/google/refresh');
		expect(googleStateSchema.parse(refreshed.json).connection.status).toBe('not-checked');
		expect(idp.controls.stats()['googleDiscovery']).toBe(1);
	});

	it('revokes the token at Google, forgets it and makes a new authorization URL on DELETE /oauth2/google/token', async () => {
		const [, accessToken, refreshToken] = device.secretsOnDisk();
		expect(idp.controls.isAccessTokenValid(accessToken!)).toBe(true);
		const response = await device.request('DELETE', 'oauth2/google/token');
		expect(response.status).toBe(200);
		const reset = googleTokenResetSchema.parse(response.json);
		expect(reset).toMatchObject({authorization: null, token: {status: 'not-authorized'}, revocation: {status: 'revoked'}});
		expect(idp.controls.stats()['googleRevoke']).toBe(1);
		// The revoked grant is gone at Google: the refresh token and its access token no longer work.
		expect(idp.controls.isAccessTokenValid(accessToken!)).toBe(false);
		expect(refreshToken).toBeDefined();
		const waiting = await device.waitForGoogleAuthorization();
		expect(waiting.settings.clientSecretSet).toBe(true);
		// The client secret and the new PKCE verifier; the tokens are gone.
		expect(device.secretsOnDisk()).toHaveLength(2);
	});

	it('forgets the token even when Google cannot be told, and says so', async () => {
		idp.controls.configure({certificate: 'untrusted'});
		const response = await device.request('DELETE', 'oauth2/google/token');
		expect(response.status).toBe(200);
		const reset = googleTokenResetSchema.parse(response.json);
		expect(reset).toMatchObject({token: {status: 'not-authorized'}, revocation: {status: 'failed', detail: 'certificate_untrusted'}});
		expect(idp.controls.stats()['googleRevoke']).toBe(0);
		expect(device.secretsOnDisk()).toEqual([googleClientSecret]);
	});

	it('says what Google answered when it refuses the revocation (a token it no longer knows)', async () => {
		idp.controls.revokeAll();
		const response = await device.request('DELETE', 'oauth2/google/token');
		const reset = googleTokenResetSchema.parse(response.json);
		expect(reset.revocation.status).toBe('failed');
		expect(reset.revocation.detail).toMatch(/^HTTP 400 invalid_token/);
		expect(reset.token).toEqual({status: 'not-authorized'});
		expect(idp.controls.stats()['googleRevoke']).toBe(1);
	});

	it('has nothing to revoke when there is no token', async () => {
		await device.request('DELETE', 'oauth2/google/token');
		await device.waitForGoogleAuthorization();
		const again = googleTokenResetSchema.parse((await device.request('DELETE', 'oauth2/google/token')).json);
		expect(again.revocation).toEqual({status: 'nothing-to-revoke'});
		expect(idp.controls.stats()['googleRevoke']).toBe(1);
	});

	it('re-checks on refresh and keeps the active token', async () => {
		const before = await device.googleState();
		const response = await device.request('POST', 'oauth2/google/refresh');
		expect(googleStateSchema.parse(response.json).connection.status).toBe('checking');
		const after = await device.waitForGoogle(state => state.connection.status === 'success');
		expect(after.token).toEqual(before.token);
		expect(idp.controls.stats()['googleDiscovery']).toBe(2);
	});
});
