/**
The emulated device's HTTP API: sessions, lock-out, conditional requests, validation and the
error envelope. Real HTTP; the offline identity provider stands behind it.
*/
import {beforeEach, describe, expect, it} from 'vitest';
import {apiErrorSchema, loginResponseSchema, microsoftStateSchema} from '../source/device/contract.js';
import {en} from '../source/i18n/en.js';
import type {IdentityProvider} from '../source/identity-provider/index.js';
import {Harness, organizations, withDevice} from './support/emulator-harness.js';

let idp: IdentityProvider;
let device: Harness;

withDevice({start: {sessionIdleSeconds: 600, lockout: {maxFailures: 5, seconds: 60}}}, current => {
	({idp, device} = current);
});

function apiError(json: unknown) {
	return apiErrorSchema.parse(json);
}

describe('log-in', () => {
	it('gives a session token with the right password', async () => {
		const response = await device.request('POST', 'session', {body: {userName: 'Administrator', password: '7654321'}});
		expect(response.status).toBe(201);
		const body = loginResponseSchema.parse(response.json);
		expect(body.token).toMatch(/^[\w-]{43}$/);
		expect(body.idleTimeoutSeconds).toBe(600);
	});

	it('refuses a wrong password or user name with 401 invalid_credentials', async () => {
		for (const body of [{userName: 'Administrator', password: 'wrong'}, {userName: 'admin', password: '7654321'}]) {
			const response = await device.request('POST', 'session', {body});
			expect(response.status).toBe(401);
			expect(apiError(response.json).error).toBe('invalid_credentials');
		}
	});

	it('answers a malformed log-in with 400 bad_request', async () => {
		const noPassword = await device.request('POST', 'session', {body: {userName: 'Administrator'}});
		expect(noPassword.status).toBe(400);
		expect(apiError(noPassword.json).error).toBe('bad_request');
		const notJson = await device.request('POST', 'session', {raw: '{"userName":', headers: {'content-type': 'application/json'}});
		expect(notJson.status).toBe(400);
		expect(apiError(notJson.json).error).toBe('bad_request');
	});

	it('locks after 5 failures (423 + Retry-After), refuses even the right password, and unlocks after the period', async () => {
		for (let attempt = 1; attempt <= 4; attempt++) {
			const response = await device.request('POST', 'session', {body: {userName: 'Administrator', password: `wrong${attempt}`}});
			expect(response.status).toBe(401);
		}

		const fifth = await device.request('POST', 'session', {body: {userName: 'Administrator', password: 'wrong5'}});
		expect(fifth.status).toBe(423);
		expect(fifth.headers.get('retry-after')).toBe('60');
		expect(apiError(fifth.json)).toMatchObject({error: 'locked', retryAfterSeconds: 60});

		device.clock.advance(30_000);
		const right = await device.request('POST', 'session', {body: {userName: 'Administrator', password: '7654321'}});
		expect(right.status).toBe(423);
		const retryAfter = Number(right.headers.get('retry-after'));
		expect(retryAfter).toBeGreaterThan(28);
		expect(retryAfter).toBeLessThanOrEqual(30);
		expect(apiError(right.json).retryAfterSeconds).toBe(retryAfter);

		device.clock.advance(30_500);
		const after = await device.request('POST', 'session', {body: {userName: 'Administrator', password: '7654321'}});
		expect(after.status).toBe(201);
	});

	it('counts only consecutive failures', async () => {
		for (let round = 0; round < 3; round++) {
			for (let attempt = 0; attempt < 4; attempt++) {
				expect((await device.request('POST', 'session', {body: {userName: 'Administrator', password: 'nope'}})).status).toBe(401);
			}

			await device.login();
		}
	});
});

describe('sessions', () => {
	it('needs a session token: missing or unknown is 401 unauthenticated', async () => {
		const missing = await device.request('GET', 'oauth2/microsoft');
		expect(missing.status).toBe(401);
		expect(apiError(missing.json).error).toBe('unauthenticated');
		const unknown = await device.request('GET', 'oauth2/microsoft', {token: 'A'.repeat(43)});
		expect(unknown.status).toBe(401);
		expect(apiError(unknown.json).error).toBe('unauthenticated');
	});

	it('ends a session after the idle period (401 session_expired); requests keep it alive', async () => {
		await device.login();
		device.clock.advance(500_000);
		expect((await device.request('GET', 'oauth2/microsoft')).status).toBe(200);
		device.clock.advance(500_000);
		expect((await device.request('GET', 'oauth2/microsoft')).status).toBe(200);
		device.clock.advance(600_001);
		const expired = await device.request('GET', 'oauth2/microsoft');
		expect(expired.status).toBe(401);
		expect(apiError(expired.json).error).toBe('session_expired');
		const again = await device.request('GET', 'oauth2/microsoft');
		expect(apiError(again.json).error).toBe('unauthenticated');
	});

	it('logs out with DELETE /session (204, idempotent)', async () => {
		await device.login();
		const first = await device.request('DELETE', 'session');
		expect(first.status).toBe(204);
		expect(first.text).toBe('');
		const after = await device.request('GET', 'oauth2/microsoft');
		expect(apiError(after.json).error).toBe('unauthenticated');
		expect((await device.request('DELETE', 'session')).status).toBe(204);
		expect((await device.request('DELETE', 'session', {token: null})).status).toBe(204);
	});
});

describe('GET /oauth2/microsoft', () => {
	it('sends the state with a strong ETag and 304 when unchanged', async () => {
		await device.login();
		const first = await device.request('GET', 'oauth2/microsoft');
		expect(first.status).toBe(200);
		const state = microsoftStateSchema.parse(first.json);
		expect(state).toEqual({
			settings: {enabled: false, verifyServerCertificate: true, addCnToVerification: true, endpoint: ''},
			connection: {status: 'not-checked'},
			authorization: null,
			token: {status: 'not-authorized'},
		});
		const etag = first.headers.get('etag');
		expect(etag).toMatch(/^"[\w-]+"$/);

		const unchanged = await device.request('GET', 'oauth2/microsoft', {headers: {'if-none-match': etag!}});
		expect(unchanged.status).toBe(304);
		expect(unchanged.text).toBe('');
		expect(unchanged.headers.get('etag')).toBe(etag);
		expect((await device.request('GET', 'oauth2/microsoft', {headers: {'if-none-match': `"other", W/${etag!}`}})).status).toBe(304);
		expect((await device.request('GET', 'oauth2/microsoft', {headers: {'if-none-match': '"other"'}})).status).toBe(200);
		// The same state, the same ETag: the clock moving does not change it.
		device.clock.advance(10_000);
		expect((await device.request('GET', 'oauth2/microsoft')).headers.get('etag')).toBe(etag);

		expect(device.emulator.stats()['GET /api/v1/oauth2/microsoft']).toBe(5);
	});
});

describe('PUT /oauth2/microsoft/basic', () => {
	beforeEach(async () => {
		await device.login();
	});

	it('needs If-Match (428) and refuses a stale one (412)', async () => {
		const state = await device.state();
		const missing = await device.request('PUT', 'oauth2/microsoft/basic', {body: state.settings});
		expect(missing.status).toBe(428);
		expect(apiError(missing.json).error).toBe('precondition_required');

		const staleEtag = device.etag!;
		// Someone else changes the settings in the meantime.
		const other = await device.request('PUT', 'oauth2/microsoft/basic', {
			body: {...state.settings, verifyServerCertificate: false, addCnToVerification: false},
			headers: {'if-match': staleEtag},
		});
		expect(other.status).toBe(200);
		const stale = await device.request('PUT', 'oauth2/microsoft/basic', {body: state.settings, headers: {'if-match': staleEtag}});
		expect(stale.status).toBe(412);
		expect(apiError(stale.json).error).toBe('precondition_failed');
		expect(stale.headers.get('etag')).toBe(other.headers.get('etag'));
		expect((await device.state()).settings.verifyServerCertificate).toBe(false);
	});

	it('refuses invalid settings with 400 per-field errors and changes nothing', async () => {
		const before = await device.request('GET', 'oauth2/microsoft');
		const etag = before.headers.get('etag')!;
		const cases = [
			{settings: {endpoint: 'https://login.example.com/organizations/oauth2/v2.0'}, field: 'endpoint', code: 'wrong_host'},
			{settings: {endpoint: 'https://login.microsoftonline.com/contoso/oauth2/v2.0'}, field: 'endpoint', code: 'unknown_tenant'},
			{settings: {endpoint: 'http://login.microsoftonline.com/common/oauth2/v2.0'}, field: 'endpoint', code: 'not_https'},
			{settings: {endpoint: ''}, field: 'endpoint', code: 'required'},
			{settings: {endpoint: `https://login.microsoftonline.com/common/oauth2/v2.0/${'x'.repeat(3000)}`}, field: 'endpoint', code: 'too_long'},
			{settings: {endpoint: `${organizations} `}, field: 'endpoint', code: 'invalid_characters'},
			{settings: {endpoint: 'https://LOGIN.microsoftonline.com/common/oauth2/v2.0'}, field: 'endpoint', code: 'wrong_host'},
			{settings: {endpoint: organizations, verifyServerCertificate: false, addCnToVerification: true}, field: 'addCnToVerification', code: 'cn_requires_verify'},
		] as const;
		for (const {settings, field, code} of cases) {
			const response = await device.request('PUT', 'oauth2/microsoft/basic', {
				body: {enabled: true, verifyServerCertificate: true, addCnToVerification: true, ...settings},
				headers: {'if-match': etag},
			});
			expect(response.status, code).toBe(400);
			const error = apiError(response.json);
			expect(error.error).toBe('validation');
			expect(error.fields?.[field]).toEqual({code, message: en.fieldErrors[code]});
		}

		const after = await device.request('GET', 'oauth2/microsoft', {headers: {'if-none-match': etag}});
		expect(after.status).toBe(304);
		expect(device.emulator.stats()['PUT /api/v1/oauth2/microsoft/basic']).toBe(cases.length);
	});

	it('refuses a body that is not the settings shape with 400 bad_request', async () => {
		const state = await device.state();
		const wrongType = await device.request('PUT', 'oauth2/microsoft/basic', {body: {...state.settings, enabled: 'yes'}, headers: {'if-match': device.etag!}});
		expect(wrongType.status).toBe(400);
		expect(apiError(wrongType.json).error).toBe('bad_request');
		const notJson = await device.request('PUT', 'oauth2/microsoft/basic', {raw: 'enabled=true', headers: {'if-match': device.etag!, 'content-type': 'application/json'}});
		expect(notJson.status).toBe(400);
		expect(apiError(notJson.json).error).toBe('bad_request');
	});

	it('normalizes a trailing slash and saves a disabled endpoint as entered', async () => {
		const response = await device.save({enabled: false, endpoint: `${organizations}/`});
		expect(response.status).toBe(200);
		const state = microsoftStateSchema.parse(response.json);
		expect(state.settings.endpoint).toBe(organizations);
		expect(state.connection.status).toBe('not-checked');
		expect(response.headers.get('etag')).not.toBe(device.etag);
	});

	it('accepts an ETag whose settings are still current although the device moved on by itself', async () => {
		const response = await device.save({enabled: true, endpoint: organizations});
		expect(microsoftStateSchema.parse(response.json).connection.status).toBe('checking');
		const etagWhileChecking = response.headers.get('etag')!;
		await device.waitForUserCode();
		const again = await device.request('PUT', 'oauth2/microsoft/basic', {
			body: {enabled: false, verifyServerCertificate: true, addCnToVerification: true, endpoint: organizations},
			headers: {'if-match': etagWhileChecking},
		});
		expect(again.status).toBe(200);
	});
});

describe('errors', () => {
	it('answers unknown paths 404 and wrong methods 405 with Allow, as JSON', async () => {
		await device.login();
		const unknown = await device.request('GET', 'oauth2/unknown');
		expect(unknown.status).toBe(404);
		expect(apiError(unknown.json).error).toBe('not_found');
		const outside = await fetch(device.emulator.url.replace('/api/v1', '/'));
		expect(outside.status).toBe(404);
		expect(apiError(await outside.json()).error).toBe('not_found');

		const wrongMethod = await device.request('POST', 'oauth2/microsoft');
		expect(wrongMethod.status).toBe(405);
		expect(wrongMethod.headers.get('allow')).toBe('GET');
		expect(apiError(wrongMethod.json).error).toBe('method_not_allowed');
		expect(device.emulator.stats()['GET (unknown)']).toBe(2);
	});

	it('refuses a body over 64 KiB with 413', async () => {
		const response = await device.request('POST', 'session', {raw: JSON.stringify({userName: 'Administrator', password: 'x'.repeat(70 * 1024)}), headers: {'content-type': 'application/json'}});
		expect(response.status).toBe(413);
		expect(apiError(response.json).error).toBe('payload_too_large');
		// The device still works afterwards.
		await device.login();
	});

	it('answers an unexpected failure with 500 internal, logs its name only, and keeps running', async () => {
		let broken = false;
		const fragile = await new Harness(idp).start({
			now() {
				if (broken) {
					throw new RangeError('the clock broke with secret-detail');
				}

				return Date.now();
			},
		});
		try {
			broken = true;
			const response = await fragile.request('POST', 'session', {body: {userName: 'Administrator', password: '7654321'}});
			expect(response.status).toBe(500);
			expect(apiError(response.json).error).toBe('internal');
			expect(fragile.logs).toContain('internal error RangeError');
			expect(fragile.logs.join('\n')).not.toContain('secret-detail');
			broken = false;
			await fragile.login();
		} finally {
			await fragile.close();
		}
	});

	it('answers a request the HTTP parser refuses with a JSON 400', async () => {
		const {port} = device.emulator;
		const net = await import('node:net');
		const text = await new Promise<string>((resolve, reject) => {
			const socket = net.connect(port, '127.0.0.1', () => {
				socket.write('GET /api/v1/session HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n');
			});
			let received = '';
			socket.setEncoding('utf8');
			socket.on('data', (chunk: string) => {
				received += chunk;
			});
			socket.on('end', () => {
				resolve(received);
			});
			socket.on('error', reject);
		});
		expect(text).toMatch(/^HTTP\/1\.1 400 /);
		expect(apiError(JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4))).error).toBe('bad_request');
	});

	it('logs method, path, status and time, and never the password or session token', async () => {
		const token = await device.login();
		await device.request('POST', 'session', {body: {userName: 'Administrator', password: 'hunter2-secret'}});
		await device.request('GET', 'oauth2/microsoft');
		expect(device.logs).toContainEqual(expect.stringMatching(/^POST \/api\/v1\/session 201 \d+ms$/));
		expect(device.logs).toContainEqual(expect.stringMatching(/^GET \/api\/v1\/oauth2\/microsoft 200 \d+ms$/));
		for (const line of device.logs) {
			expect(line).not.toContain(token);
			expect(line).not.toContain('7654321');
			expect(line).not.toContain('hunter2');
		}
	});
});
