/**
Faults from the identity provider, seen through the emulated device (real HTTPS to the offline
identity provider): the cases test/emulator-*.test.ts do not already cover, and hostile text
(terminal control sequences) in what the identity provider says, which the device passes on
as data. Each case ends as a clear status with a reason; none crashes or loops.
*/
import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {apiErrorSchema, googleStateSchema} from '../source/device/contract.js';
import {startIdentityProvider, type IdentityProvider} from '../source/identity-provider/index.js';
import {Harness, sleep, withDevice} from './support/emulator-harness.js';

/** Real escape sequences: clipboard write (OSC 52), a link (OSC 8), clear screen, 8-bit CSI, bell, DCS. */
export const hostile = '\u001B]52;c;ZXZpbA==\u0007\u001B[2J\u001B]8;;http://evil.example/\u0007click\u001B]8;;\u0007\u009B31m\u0007\u001BPq#0;2;0;0;0\u001B\\';

let idp: IdentityProvider;
let device: Harness;

withDevice({login: true}, current => {
	({idp, device} = current);
});

describe('identity provider faults (Microsoft)', () => {
	it('a slow_down storm ends as expired_token with its reason: polls slow down, never a tight loop', async () => {
		idp.controls.configure({slowDownCount: 1_000_000, deviceCodeLifetimeSeconds: 3, intervalSeconds: 1});
		await device.enable();
		await device.waitForUserCode();
		const slowed = await device.waitFor(state => (state.authorization?.intervalSeconds ?? 0) >= 6);
		expect(slowed.token.status).toBe('waiting');
		const expired = await device.waitFor(state => state.token.status === 'expired', 12_000);
		expect(expired.token.reason).toBe('expired_token');
		expect(expired.token.detail).toBeTruthy();
		// 3 s of life at 1 s with +5 s per slow_down: at most the first poll and the one that finds it expired.
		const polls = idp.controls.stats()['token']!;
		expect(polls).toBeGreaterThanOrEqual(1);
		expect(polls).toBeLessThanOrEqual(3);
		await sleep(1500);
		expect(idp.controls.stats()['token']).toBe(polls);
	}, 20_000);

	it('keeps trying with backoff while the identity provider is down, ends as expired, and r works once it is back', async () => {
		const idpDir = mkdtempSync(path.join(os.tmpdir(), 'cloudmail-idp-'));
		let own = await startIdentityProvider({stateDir: idpDir});
		own.controls.configure({intervalSeconds: 1, deviceCodeLifetimeSeconds: 4});
		const local = await new Harness(own).start();
		try {
			await local.login();
			await local.enable();
			await local.waitForUserCode();
			const {port} = own;
			await own.close();
			// Polls fail (connection refused): still waiting, never an error, never a crash.
			await sleep(1500);
			expect((await local.state()).token.status).toBe('waiting');
			const expired = await local.waitFor(state => state.token.status === 'expired', 8000);
			expect(expired.token.reason).toBe('expired_token');

			// The identity provider comes back (same port, same CA): refresh gives a new code.
			own = await startIdentityProvider({stateDir: idpDir, port});
			own.controls.configure({intervalSeconds: 1});
			expect((await local.request('POST', 'oauth2/microsoft/refresh')).status).toBe(200);
			const again = await local.waitForUserCode();
			expect(own.controls.approve(again.authorization.userCode)).toBe('approved');
			await local.waitFor(state => state.token.status === 'active', 5000);
			local.expectNoLeak();
		} finally {
			await local.close();
			await own.close();
			rmSync(idpDir, {recursive: true, force: true});
		}
	}, 30_000);

	it('a 5xx on refresh is retried: the token becomes active again with a later expiry', async () => {
		idp.controls.configure({accessTokenLifetimeSeconds: 2});
		await device.enable();
		const {authorization} = await device.waitForUserCode();
		idp.controls.approve(authorization.userCode);
		const first = await device.waitFor(state => state.token.status === 'active');
		idp.controls.configure({failNextTokenRequests: {status: 503, count: 1}});
		const seen = new Set<string>();
		const refreshed = await device.waitFor(state => {
			seen.add(`${state.token.status}:${state.token.reason ?? ''}`);
			return state.token.status === 'active' && state.token.expiresAt !== first.token.expiresAt;
		}, 12_000);
		expect(Date.parse(refreshed.token.expiresAt!)).toBeGreaterThan(Date.parse(first.token.expiresAt!));
		// Meanwhile only active, or (past expiry) a passing idp_error: never reauthorization_required.
		for (const status of seen) {
			expect(['active:', 'error:idp_error']).toContain(status);
		}

		expect(device.logs.some(line => line.includes('token refresh failed (idp_error), retrying'))).toBe(true);
	}, 20_000);
});

describe('identity provider faults (Google)', () => {
	it('says reauthorization_required when the refresh token was revoked', async () => {
		idp.controls.configure({googleAccessTokenLifetimeSeconds: 2});
		await device.activateGoogle();
		expect(idp.controls.revokeAll().refreshTokens).toBeGreaterThanOrEqual(1);
		const failed = await device.waitForGoogle(state => state.token.status === 'error', 6000);
		expect(failed.token).toMatchObject({status: 'error', reason: 'reauthorization_required'});
		expect(failed.token.detail).toBeTruthy();
	});
});

describe('hostile text from the identity provider is passed on as data', () => {
	it('a device code message with control sequences reaches the API as it was sent', async () => {
		idp.controls.injectText(hostile);
		await device.enable();
		const {authorization} = await device.waitForUserCode();
		expect(authorization.message).toContain(hostile);
		expect(authorization.message).toMatch(/^To sign in, /);
	});

	it('an error_description with control sequences (declined) reaches token.detail as it was sent', async () => {
		await device.enable();
		const {authorization} = await device.waitForUserCode();
		idp.controls.injectText(hostile);
		idp.controls.deny(authorization.userCode);
		const declined = await device.waitFor(state => state.token.status === 'error');
		expect(declined.token.reason).toBe('authorization_declined');
		expect(declined.token.detail).toContain(hostile);
		expect(declined.token.detail).toMatch(/^AADSTS\d+: /);
	});

	it('a Google error_description with control sequences reaches the field message and token.detail', async () => {
		await device.enableGoogle();
		const {authorization} = await device.waitForGoogleAuthorization();
		const location = await device.consent(authorization.url);
		expect((await device.submitCode(location)).status).toBe(200);
		// A new authorization, and the used code again: invalid_grant with the planted text.
		await device.request('DELETE', 'oauth2/google/token');
		await device.waitForGoogleAuthorization();
		idp.controls.injectText(hostile);
		const response = await device.submitCode(new URL(location).searchParams.get('code')!);
		expect(response.status).toBe(400);
		const field = apiErrorSchema.parse(response.json).fields?.['authorizationCode'];
		expect(field?.message).toContain(hostile);
		const state = googleStateSchema.parse((await device.request('GET', 'oauth2/google')).json);
		expect(state.token.detail).toContain(hostile);
	});

	it('the control plants the text only as often as asked, and not in authorization_pending', async () => {
		idp.controls.injectText('<planted>', 1);
		await device.enable();
		const {authorization} = await device.waitForUserCode();
		expect(authorization.message).toContain('<planted>');
		// Pending polls go by untouched; the declined answer is not planted any more.
		await sleep(1200);
		idp.controls.deny(authorization.userCode);
		const declined = await device.waitFor(state => state.token.status === 'error');
		expect(declined.token.detail).not.toContain('<planted>');
	});
});

afterEach(() => {
	idp.controls.injectText('', 0);
});
