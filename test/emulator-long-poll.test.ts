/**
Long polls (`Prefer: wait=N` on a conditional GET): the device holds the answer until the
state changes, so a change reaches the engineer at once with one request per change instead
of one per poll interval.
*/
import {describe, expect, it} from 'vitest';
import type {IdentityProvider} from '../source/identity-provider/index.js';
import {Harness, organizations, withDevice} from './support/emulator-harness.js';

let idp: IdentityProvider;
let device: Harness;

withDevice({login: true}, current => {
	({idp, device} = current);
});

describe('a conditional GET with Prefer: wait', () => {
	it('is answered as soon as the sign-in is approved, with the new state', async () => {
		await device.enable({endpoint: organizations});
		const waiting = await device.waitForUserCode();
		const etag = device.etag!;
		const started = performance.now();
		const held = device.request('GET', 'oauth2/microsoft', {headers: {'if-none-match': etag, prefer: 'wait=20'}});
		setTimeout(() => {
			idp.controls.approve(waiting.authorization.userCode);
		}, 300);
		const answer = await held;
		const elapsed = performance.now() - started;
		expect(answer.status).toBe(200);
		expect(answer.headers.get('preference-applied')).toBe('wait=20');
		expect((answer.json as {token: {status: string}}).token.status).toBe('active');
		// Approved at 300 ms; the device polls the identity provider every second.
		expect(elapsed).toBeGreaterThan(250);
		expect(elapsed).toBeLessThan(5000);
	});

	it('is a 304 after the wait when nothing changed, and the wait is capped at 30 s', async () => {
		await device.enable({endpoint: organizations});
		await device.waitForUserCode();
		const etag = device.etag!;
		const started = performance.now();
		const answer = await device.request('GET', 'oauth2/microsoft', {headers: {'if-none-match': etag, prefer: 'wait=1'}});
		expect(answer.status).toBe(304);
		expect(answer.headers.get('preference-applied')).toBe('wait=1');
		expect(performance.now() - started).toBeGreaterThanOrEqual(950);
		const capped = await device.request('GET', 'oauth2/microsoft', {headers: {prefer: 'wait=3600'}});
		expect(capped.status).toBe(200);
		expect(capped.headers.get('preference-applied')).toBe('wait=30');
	});

	it('answers at once without If-None-Match, or when the ETag is already stale', async () => {
		await device.enable({endpoint: organizations});
		await device.waitForUserCode();
		const started = performance.now();
		const fresh = await device.request('GET', 'oauth2/microsoft', {headers: {prefer: 'wait=20'}});
		const stale = await device.request('GET', 'oauth2/microsoft', {headers: {'if-none-match': '"stale"', prefer: 'wait=20'}});
		expect([fresh.status, stale.status]).toEqual([200, 200]);
		expect(performance.now() - started).toBeLessThan(2000);
	});

	it('ends when the client goes away, and the device closes with polls held', async () => {
		await device.enable({endpoint: organizations});
		await device.waitForUserCode();
		const etag = device.etag!;
		const controller = new AbortController();
		const gone = device.request('GET', 'oauth2/microsoft', {headers: {'if-none-match': etag, prefer: 'wait=30'}, signal: controller.signal}).catch((error: unknown) => error);
		setTimeout(() => {
			controller.abort();
		}, 200);
		expect(await gone).toBeInstanceOf(Error);
		const held = device.request('GET', 'oauth2/microsoft', {headers: {'if-none-match': etag, prefer: 'wait=30'}}).catch((error: unknown) => error);
		const started = performance.now();
		await device.emulator.close();
		await held;
		expect(performance.now() - started).toBeLessThan(5000);
	});
});
