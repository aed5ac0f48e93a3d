/**
The device side of the Microsoft set-up, end to end over real HTTPS to the offline identity
provider: connection check, device authorization grant, polling, refresh, reset.
*/
import {until} from './support/until.js';
import {describe, expect, it} from 'vitest';
import {microsoftStateSchema} from '../source/device/contract.js';
import type {IdentityProvider} from '../source/identity-provider/index.js';
import {microsoftEndpointFor} from '../source/device/validation.js';
import {decideOverHttp, Harness, organizations, sleep, withDevice} from './support/emulator-harness.js';

let idp: IdentityProvider;
let device: Harness;

withDevice({login: true}, current => {
	({idp, device} = current);
});

describe('Microsoft: device authorization grant', () => {
	it('checks the connection, shows a user code, and gets a token once it is approved', async () => {
		const saved = await device.enable({endpoint: organizations});
		expect(saved.connection).toEqual({status: 'checking'});
		expect(saved.settings.enabled).toBe(true);

		const waiting = await device.waitForUserCode();
		expect(waiting.connection.status).toBe('success');
		expect(waiting.connection.checkedAt).toBeDefined();
		expect(waiting.authorization.verificationUri).toBe(`${idp.url}/devicelogin`);
		expect(waiting.authorization.message).toContain(waiting.authorization.userCode);
		expect(waiting.authorization.intervalSeconds).toBe(1);
		expect(Date.parse(waiting.authorization.expiresAt)).toBeGreaterThan(Date.now() + 800_000);
		const [pending] = idp.controls.pending();
		expect(pending).toMatchObject({userCode: waiting.authorization.userCode, tenant: 'organizations'});
		const stats = idp.controls.stats();
		expect(stats['openidConfiguration']).toBe(1);
		expect(stats['devicecode']).toBe(1);

		// Nothing changes while the engineer is signing in: the ETag stays the same.
		const etag = device.etag!;
		// The device polls the token endpoint (pending), and the state it shows does not change.
		await until(() => (idp.controls.stats()['token'] ?? 0) >= 1, 'a token poll');
		expect((await device.request('GET', 'oauth2/microsoft', {headers: {'if-none-match': etag}})).status).toBe(304);

		expect(idp.controls.approve(waiting.authorization.userCode)).toBe('approved');
		const active = await device.waitFor(state => state.token.status === 'active');
		expect(active.authorization).toBeNull();
		expect(Date.parse(active.token.expiresAt!)).toBeGreaterThan(Date.now() + 3_000_000);
		const [secret] = device.secretsOnDisk();
		expect(secret).toBeDefined();
		expect(idp.controls.isAccessTokenValid(device.secretsOnDisk()[0]!)).toBe(true);
	});

	it('gets a token when the code is approved on the verification page (POST /devicelogin)', async () => {
		await device.enable({endpoint: microsoftEndpointFor('common')});
		const {authorization} = await device.waitForUserCode();
		const page = await decideOverHttp(idp, authorization.userCode, 'allow');
		expect(page.status).toBe(200);
		await device.waitFor(state => state.token.status === 'active');
	});

	it('ends with authorization_declined when the sign-in is denied', async () => {
		await device.enable();
		const {authorization} = await device.waitForUserCode();
		expect(idp.controls.deny(authorization.userCode)).toBe('denied');
		const declined = await device.waitFor(state => state.token.status === 'error');
		expect(declined.token.reason).toBe('authorization_declined');
		expect(declined.token.detail).toMatch(/^AADSTS\d+/);
		expect(declined.authorization).toBeNull();
		// Polling stopped.
		const polls = idp.controls.stats()['token'];
		await sleep(1300);
		expect(idp.controls.stats()['token']).toBe(polls);
	});

	it('ends as expired when the code runs out (identity provider says expired_token), and refresh gives a new code', async () => {
		idp.controls.configure({deviceCodeLifetimeSeconds: 2});
		await device.enable();
		const first = await device.waitForUserCode();
		const expired = await device.waitFor(state => state.token.status === 'expired');
		expect(expired.token.reason).toBe('expired_token');
		// The expired code stays visible, with its expiry in the past.
		expect(expired.authorization?.userCode).toBe(first.authorization.userCode);

		const refreshed = await device.request('POST', 'oauth2/microsoft/refresh');
		expect(refreshed.status).toBe(200);
		expect(microsoftStateSchema.parse(refreshed.json).connection.status).toBe('checking');
		const second = await device.waitForUserCode();
		expect(second.authorization.userCode).not.toBe(first.authorization.userCode);
		expect(idp.controls.stats()['devicecode']).toBe(2);
	});

	it('ends as expired by its own clock, before the next poll', async () => {
		idp.controls.configure({intervalSeconds: 5});
		await device.enable();
		const {authorization} = await device.waitForUserCode();
		device.clock.advance(Date.parse(authorization.expiresAt) - Date.now() + 1000);
		// 15 minutes later the session has ended too.
		await device.login();
		const state = await device.state();
		expect(state.token).toMatchObject({status: 'expired', reason: 'expired_token'});
	});

	it('polls later after slow_down: +5 s for this and later polls', async () => {
		idp.controls.configure({slowDownCount: 1});
		await device.enable();
		await device.waitForUserCode();
		const slowed = await device.waitFor(state => state.authorization?.intervalSeconds === 6);
		expect(slowed.token.status).toBe('waiting');
		const polls = idp.controls.stats()['token'];
		expect(polls).toBe(1);
		// At the old interval there would have been two more polls by now.
		await sleep(2500);
		expect(idp.controls.stats()['token']).toBe(1);
	});

	it('keeps polling through server errors and gets the token', async () => {
		idp.controls.configure({failNextTokenRequests: {status: 503, count: 1}});
		await device.enable();
		const {authorization} = await device.waitForUserCode();
		idp.controls.approve(authorization.userCode);
		const active = await device.waitFor(state => state.token.status === 'active', 4500);
		expect(active.authorization).toBeNull();
		expect(idp.controls.stats()['token']).toBe(2);
	});

	it('refreshes the access token before it expires, and says reauthorization_required once the refresh token is revoked', async () => {
		idp.controls.configure({accessTokenLifetimeSeconds: 2});
		await device.enable();
		const {authorization} = await device.waitForUserCode();
		idp.controls.approve(authorization.userCode);
		const first = await device.waitFor(state => state.token.status === 'active');
		const refreshed = await device.waitFor(state => state.token.status === 'active' && state.token.expiresAt !== first.token.expiresAt);
		expect(Date.parse(refreshed.token.expiresAt!)).toBeGreaterThan(Date.parse(first.token.expiresAt!));

		idp.controls.revokeAll();
		const failed = await device.waitFor(state => state.token.status === 'error');
		expect(failed.token.reason).toBe('reauthorization_required');
		expect(failed.token.detail).toMatch(/^AADSTS\d+/);
		expect(device.secretsOnDisk()).toEqual([]);
	});
});
