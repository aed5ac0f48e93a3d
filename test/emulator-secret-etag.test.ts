/**
The Google client secret is write-only, but it is part of the settings: the ETag (and the
If-Match check) covers a revision of it, so a save based on a state read before someone else
changed only the secret is refused (412) instead of pairing one engineer's client ID with the
other's secret, and two secret changes based on the same state cannot overwrite each other.
The secret itself is in no answer and no ETag.
*/
import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {apiErrorSchema, googleStateSchema} from '../source/device/contract.js';
import {googleClientId, googleClientSecret, Harness, withDevice} from './support/emulator-harness.js';

let device: Harness;

withDevice({login: true}, current => {
	({device} = current);
});

const otherClientId = '999999999999-anotherclientforthetest0123456.apps.googleusercontent.com';
const secretB = '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789';
const secretA = 'GOCSPX-typed-by-session-A_00000000000';

/** A second administrator session (another engineer, another browser). */
async function session(): Promise<string> {
	const response = await device.request('POST', 'session', {body: {userName: 'Administrator', password: '7654321'}, token: null});
	expect(response.status).toBe(201);
	return (response.json as {token: string}).token;
}

async function read(token: string): Promise<{etag: string; settings: Record<string, unknown>}> {
	const response = await device.request('GET', 'oauth2/google', {token});
	expect(response.status).toBe(200);
	const {clientSecretSet: _, clientSecretRevision: __, ...settings} = googleStateSchema.parse(response.json).settings;
	return {etag: response.headers.get('etag')!, settings};
}

async function put(token: string, etag: string, body: Record<string, unknown>) {
	return device.request('PUT', 'oauth2/google/basic', {token, body, headers: {'if-match': etag}});
}

function storedSecret(): string | null {
	return (JSON.parse(readFileSync(device.stateFile, 'utf8')) as {google: {clientSecret: string | null}}).google.clientSecret;
}

describe('the client secret and If-Match', () => {
	it('B rotates only the secret: A\'s save on its older ETag is refused (412), the device keeps B\'s pair', async () => {
		// Disabled, so that no connection check changes the state by itself meanwhile.
		expect((await device.saveGoogle({enabled: false, clientId: googleClientId, clientSecret: googleClientSecret})).status).toBe(200);
		const a = device.token!;
		const b = await session();
		const seenByA = await read(a);
		const seenByB = await read(b);

		const rotated = await put(b, seenByB.etag, {...seenByB.settings, clientSecret: secretB});
		expect(rotated.status).toBe(200);
		expect(storedSecret()).toBe(secretB);
		// Nothing but the secret changed, yet the state is another one.
		const after = await read(b);
		expect(after.settings).toEqual(seenByB.settings);
		expect(after.etag).not.toBe(seenByA.etag);

		const stale = await put(a, seenByA.etag, {...seenByA.settings, clientId: otherClientId});
		expect(stale.status).toBe(412);
		expect(apiErrorSchema.parse(stale.json).error).toBe('precondition_failed');
		const held = await read(a);
		expect(held.settings['clientId']).toBe(googleClientId);
		expect(storedSecret()).toBe(secretB);
	});

	it('two secret changes based on the same state: the second is refused, not silently written over the first', async () => {
		expect((await device.saveGoogle({enabled: false, clientId: googleClientId, clientSecret: googleClientSecret})).status).toBe(200);
		const a = device.token!;
		const b = await session();
		const seenByA = await read(a);
		const seenByB = await read(b);
		expect((await put(b, seenByB.etag, {...seenByB.settings, clientSecret: secretB})).status).toBe(200);
		const second = await put(a, seenByA.etag, {...seenByA.settings, clientSecret: secretA});
		expect(second.status).toBe(412);
		expect(storedSecret()).toBe(secretB);
	});

	it('a save based on the current ETag is still accepted', async () => {
		expect((await device.saveGoogle({enabled: false, clientId: googleClientId, clientSecret: googleClientSecret})).status).toBe(200);
		const a = device.token!;
		const seen = await read(a);
		expect((await put(a, seen.etag, {...seen.settings, verifyServerCertificate: false, addCnToVerification: false})).status).toBe(200);
	});

	it('the secret is in no answer, no ETag and no log line, and its revision says only that it changed', async () => {
		expect((await device.saveGoogle({enabled: false, clientId: googleClientId, clientSecret: googleClientSecret})).status).toBe(200);
		const first = googleStateSchema.parse((await device.request('GET', 'oauth2/google')).json).settings;
		expect(typeof first.clientSecretRevision).toBe('number');
		const etagBefore = (await device.request('GET', 'oauth2/google')).headers.get('etag')!;
		expect((await device.saveGoogle({clientSecret: secretB})).status).toBe(200);
		const response = await device.request('GET', 'oauth2/google');
		const second = googleStateSchema.parse(response.json).settings;
		expect(second.clientSecretRevision).toBe(first.clientSecretRevision! + 1);
		for (const text of [response.text, response.headers.get('etag')!, etagBefore, ...device.logs]) {
			expect(text).not.toContain(secretB);
			expect(text).not.toContain(googleClientSecret);
		}

	});
});
