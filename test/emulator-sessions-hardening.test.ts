/**
Sessions and lock-out that protect the engineer, not the attacker (issue 11): an absolute
session lifetime besides the idle one, no silent eviction of another engineer's session, a
lock-out per client address that escalates and survives a restart, and the factory default
password changed on first log-in. Real HTTP against the emulator; remote addresses are other
loopback sources (127.0.0.2, 127.0.0.3), the console's own is 127.0.0.1.
*/
import {readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {apiErrorSchema, loginResponseSchema} from '../source/device/contract.js';
import {throttleKey} from '../source/emulator/lockout-store.js';
import {Sessions} from '../source/emulator/sessions.js';
import {HttpDeviceClient} from '../source/device/http-device-client.js';
import type {DeviceError} from '../source/device/device-error.js';
import type {IdentityProvider} from '../source/identity-provider/index.js';
import {Harness, withDevice, type Response} from './support/emulator-harness.js';

let idp: IdentityProvider;
let device: Harness;

withDevice({start: {lockout: {maxFailures: 5, seconds: 60}}}, current => {
	({idp, device} = current);
});

const factoryPassword = '7654321';
const minutes = 60_000;
const hours = 60 * minutes;

function apiError(json: unknown) {
	return apiErrorSchema.parse(json);
}

/** POST /session from the loopback source address `from` (127.0.0.1 is the console itself). */
async function loginFrom(from: string, password: string, userName = 'Administrator'): Promise<Response> {
	const body = JSON.stringify({userName, password});
	const url = new URL(`${device.emulator.url}/session`);
	return new Promise((resolve, reject) => {
		const request = http.request({
			host: url.hostname,
			port: url.port,
			path: url.pathname,
			method: 'POST',
			localAddress: from,
			agent: false,
			headers: {'content-type': 'application/json', 'content-length': Buffer.byteLength(body)},
		}, response => {
			let text = '';
			response.setEncoding('utf8');
			response.on('data', (chunk: string) => {
				text += chunk;
			});
			response.on('end', () => {
				device.bodies.push(text);
				const headers = new Headers();
				for (const [name, value] of Object.entries(response.headers)) {
					if (typeof value === 'string') {
						headers.set(name, value);
					}
				}

				resolve({status: response.statusCode ?? 0, headers, text, json: text ? JSON.parse(text) as unknown : undefined});
			});
		});
		request.on('error', reject);
		request.end(body);
	});
}

/** Wrong passwords from `from` until the device answers 423; the Retry-After of that answer. */
async function failUntilLocked(from: string): Promise<number> {
	for (let attempt = 1; attempt <= 20; attempt++) {
		const response = await loginFrom(from, `wrong-${attempt}`);
		if (response.status === 423) {
			expect(response.headers.get('retry-after')).toBe(String(apiError(response.json).retryAfterSeconds));
			return Number(response.headers.get('retry-after'));
		}

		expect(response.status).toBe(401);
	}

	throw new Error('never locked');
}

describe('absolute session lifetime', () => {
	it('ends a session 8 hours after log-in even when it is used every 9 minutes (idle limit 10)', async () => {
		await device.login();
		let elapsed = 0;
		while (elapsed + (9 * minutes) < 8 * hours) {
			device.clock.advance(9 * minutes);
			elapsed += 9 * minutes;
			expect((await device.request('GET', 'oauth2/microsoft')).status).toBe(200);
		}

		device.clock.advance((8 * hours) - elapsed);
		const ended = await device.request('GET', 'oauth2/microsoft');
		expect(ended.status).toBe(401);
		expect(apiError(ended.json).error).toBe('session_expired');
		expect(apiError(ended.json).message).toMatch(/8 hours/);
	});

	it('both limits come from EmulatorOptions', async () => {
		await device.restart({sessionIdleSeconds: 120, sessionLifetimeSeconds: 300});
		const response = await device.request('POST', 'session', {body: {userName: 'Administrator', password: factoryPassword}, token: null});
		const login = loginResponseSchema.parse(response.json);
		expect(login).toMatchObject({idleTimeoutSeconds: 120, absoluteTimeoutSeconds: 300});
		device.token = login.token;
		device.clock.advance(110_000);
		expect((await device.request('GET', 'oauth2/microsoft')).status).toBe(200);
		device.clock.advance(110_000);
		expect((await device.request('GET', 'oauth2/microsoft')).status).toBe(200);
		device.clock.advance(80_000);
		expect((await device.request('GET', 'oauth2/microsoft')).status).toBe(401);
	});

	it('the client takes the end of the lifetime as an ended session: the TUI asks for the password again', async () => {
		const client = new HttpDeviceClient({baseUrl: device.emulator.url});
		await client.login('Administrator', factoryPassword);
		for (let elapsed = 9 * minutes; elapsed < 8 * hours; elapsed += 9 * minutes) {
			device.clock.advance(9 * minutes);
			await client.getMicrosoft();
		}

		device.clock.advance(9 * minutes);
		const error = await client.getMicrosoft().then(() => undefined, (caught: unknown) => caught as DeviceError);
		expect(error?.kind).toBe('session-expired');
		expect(client.loggedIn).toBe(false);
	});
});

describe('session limit', () => {
	it('refuses a 33rd log-in with 503 too_many_sessions and Retry-After; all 32 sessions live on', async () => {
		const tokens: string[] = [];
		for (let index = 0; index < 32; index++) {
			tokens.push(await device.login());
		}

		device.clock.advance(minutes);
		const refused = await device.request('POST', 'session', {body: {userName: 'Administrator', password: factoryPassword}, token: null});
		expect(refused.status).toBe(503);
		expect(apiError(refused.json).error).toBe('too_many_sessions');
		// The soonest a session can end by itself: the idle limit (10 min) after the oldest request.
		expect(refused.headers.get('retry-after')).toBe('540');
		expect(apiError(refused.json).retryAfterSeconds).toBe(540);
		for (const token of tokens) {
			expect((await device.request('GET', 'oauth2/microsoft', {token})).status).toBe(200);
		}

		// A log-out makes room.
		expect((await device.request('DELETE', 'session', {token: tokens[5]!})).status).toBe(204);
		await device.login();
	});

	it('a wrong password at the limit is still 401 (the limit says nothing to a guesser)', async () => {
		for (let index = 0; index < 32; index++) {
			await device.login();
		}

		const wrong = await device.request('POST', 'session', {body: {userName: 'Administrator', password: 'guess'}, token: null});
		expect(wrong.status).toBe(401);
	});

	it('sessions that ended by themselves make room', async () => {
		for (let index = 0; index < 32; index++) {
			await device.login();
		}

		device.clock.advance(10 * minutes);
		await device.login();
	});
});

describe('lock-out per client address', () => {
	it('locks the address that failed, not the console on 127.0.0.1', async () => {
		expect(await failUntilLocked('127.0.0.2')).toBe(60);
		expect((await loginFrom('127.0.0.2', factoryPassword)).status).toBe(423);
		expect((await loginFrom('127.0.0.1', factoryPassword)).status).toBe(201);
		expect((await loginFrom('127.0.0.3', factoryPassword)).status).toBe(201);
	});

	it('escalates: 60 s after 5 failures, then twice as long per further failure, at most 1 hour', async () => {
		const locks: number[] = [];
		for (let round = 0; round < 8; round++) {
			const seconds = await failUntilLocked('127.0.0.2');
			locks.push(seconds);
			device.clock.advance(seconds * 1000);
		}

		expect(locks).toEqual([60, 120, 240, 480, 960, 1920, 3600, 3600]);
		// A success from the address starts it over.
		expect((await loginFrom('127.0.0.2', factoryPassword)).status).toBe(201);
		expect(await failUntilLocked('127.0.0.2')).toBe(60);
	});

	it('while locked, the right password is refused and guesses do not count', async () => {
		await failUntilLocked('127.0.0.2');
		for (let attempt = 0; attempt < 10; attempt++) {
			expect((await loginFrom('127.0.0.2', 'more-guesses')).status).toBe(423);
		}

		expect((await loginFrom('127.0.0.2', factoryPassword)).status).toBe(423);
		device.clock.advance(60_000);
		expect((await loginFrom('127.0.0.2', factoryPassword)).status).toBe(201);
	});

	it('survives a restart (kept in the state directory, mode 0600)', async () => {
		await failUntilLocked('127.0.0.2');
		device.clock.advance(20_000);
		await device.restart();
		const locked = await loginFrom('127.0.0.2', factoryPassword);
		expect(locked.status).toBe(423);
		expect(Number(locked.headers.get('retry-after'))).toBe(40);
		// The escalation survives too: the next failure after the lock locks for 120 s.
		device.clock.advance(40_000);
		await device.restart();
		expect(await failUntilLocked('127.0.0.2')).toBe(120);
		const file = readdirSync(device.stateDir).find(name => name.startsWith('login-') && name.endsWith('.json'));
		expect(file).toBeDefined();
		expect(statSync(path.join(device.stateDir, file!)).mode & 0o777).toBe(0o600);
	});

	it('starts afresh from a damaged file, keeping it aside', async () => {
		await failUntilLocked('127.0.0.2');
		const file = readdirSync(device.stateDir).find(name => name.startsWith('login-') && name.endsWith('.json'))!;
		await device.emulator.close();
		writeFileSync(path.join(device.stateDir, file), '{"version":1,"addresses":', {mode: 0o600});
		await device.start();
		expect((await loginFrom('127.0.0.2', factoryPassword)).status).toBe(201);
		expect(readdirSync(device.stateDir).some(name => name.startsWith(`${file}.corrupt-`))).toBe(true);
		expect(device.logs.some(line => line.includes(file) && line.includes('could not be read'))).toBe(true);
	});
});

describe('the factory default password', () => {
	async function strictDevice(): Promise<Harness> {
		await device.restart({devDefaultPassword: false});
		return device;
	}

	async function logInWith(password: string): Promise<{status: number; passwordChangeRequired: boolean | undefined}> {
		const response = await device.request('POST', 'session', {body: {userName: 'Administrator', password}, token: null});
		if (response.status !== 201) {
			return {status: response.status, passwordChangeRequired: undefined};
		}

		const login = loginResponseSchema.parse(response.json);
		device.token = login.token;
		return {status: 201, passwordChangeRequired: login.passwordChangeRequired};
	}

	async function change(currentPassword: string, newPassword: string): Promise<Response> {
		return device.request('PUT', 'session/password', {body: {currentPassword, newPassword}});
	}

	it('must be changed on first log-in: everything but the change is refused with 403 password_change_required', async () => {
		await strictDevice();
		expect(await logInWith(factoryPassword)).toEqual({status: 201, passwordChangeRequired: true});
		for (const [method, relative] of [['GET', 'oauth2/microsoft'], ['GET', 'oauth2/google'], ['POST', 'oauth2/microsoft/refresh'], ['DELETE', 'oauth2/google/token']] as const) {
			const refused = await device.request(method, relative);
			expect(refused.status, `${method} ${relative}`).toBe(403);
			expect(apiError(refused.json).error).toBe('password_change_required');
		}

		// Logging out is always allowed.
		expect((await device.request('DELETE', 'session')).status).toBe(204);
	});

	it('refuses new passwords that break the rules, field by field, and changes nothing', async () => {
		await strictDevice();
		await logInWith(factoryPassword);
		const cases: Array<[string, string, string, string]> = [
			['current', 'wrong-current', 'a-good-password', 'wrong_password'],
			['new', factoryPassword, 'short', 'password_length'],
			['new', factoryPassword, 'x'.repeat(65), 'password_length'],
			['new', factoryPassword, factoryPassword, 'password_default'],
			['new', factoryPassword, 'administrator', 'password_user_name'],
			['new', factoryPassword, 'with space 1', 'invalid_characters'],
			['new', factoryPassword, 'パスワード12345678', 'invalid_characters'],
		];
		for (const [field, currentPassword, newPassword, code] of cases) {
			const refused = await change(currentPassword, newPassword);
			expect(refused.status, newPassword).toBe(400);
			const error = apiError(refused.json);
			expect(error.error).toBe('validation');
			expect(error.fields?.[field === 'current' ? 'currentPassword' : 'newPassword']?.code, newPassword).toBe(code);
		}

		expect((await device.request('GET', 'oauth2/microsoft')).status).toBe(403);
		expect((await logInWith(factoryPassword)).passwordChangeRequired).toBe(true);
	});

	it('once changed: this session goes on, the others end, the old password is refused, the new one survives a restart (scrypt, 0600)', async () => {
		await strictDevice();
		await logInWith(factoryPassword);
		const other = device.token!;
		await logInWith(factoryPassword);
		const changed = await change(factoryPassword, 'N3w-Passw0rd');
		expect(changed.status).toBe(204);
		expect((await device.request('GET', 'oauth2/microsoft')).status).toBe(200);
		expect(apiError((await device.request('GET', 'oauth2/microsoft', {token: other})).json).error).toBe('unauthenticated');
		expect((await logInWith(factoryPassword)).status).toBe(401);
		expect(await logInWith('N3w-Passw0rd')).toEqual({status: 201, passwordChangeRequired: false});

		await device.restart({devDefaultPassword: false});
		expect((await logInWith(factoryPassword)).status).toBe(401);
		expect(await logInWith('N3w-Passw0rd')).toEqual({status: 201, passwordChangeRequired: false});
		// With the development flag too: a changed password stays changed.
		await device.restart({devDefaultPassword: true});
		expect((await logInWith(factoryPassword)).status).toBe(401);

		const file = path.join(device.stateDir, 'administrator.json');
		expect(statSync(file).mode & 0o777).toBe(0o600);
		const text = readFileSync(file, 'utf8');
		expect(text).not.toContain('N3w-Passw0rd');
		expect(JSON.parse(text)).toMatchObject({version: 1, userName: 'Administrator', hash: {algorithm: 'scrypt'}});
		for (const line of device.logs) {
			expect(line).not.toContain('N3w-Passw0rd');
		}
	});

	it('a wrong current password counts as a failed log-in from that address', async () => {
		await strictDevice();
		await logInWith(factoryPassword);
		for (let attempt = 1; attempt <= 4; attempt++) {
			expect((await change(`wrong-${attempt}`, 'a-good-password')).status).toBe(400);
		}

		const locked = await change('wrong-5', 'a-good-password');
		expect(locked.status).toBe(423);
		expect(locked.headers.get('retry-after')).toBe('60');
	});

	it('with the development flag (npm start, the tests) the factory password works as it is', async () => {
		expect(await logInWith(factoryPassword)).toEqual({status: 201, passwordChangeRequired: false});
		expect((await device.request('GET', 'oauth2/microsoft')).status).toBe(200);
		// Changing it voluntarily is allowed.
		expect((await change(factoryPassword, 'An0ther-one')).status).toBe(204);
	});
});

describe('the sessions module', () => {
	function sessions(): Sessions {
		return new Sessions({
			credentials: {userName: 'Administrator', password: factoryPassword},
			idleSeconds: 600,
			absoluteSeconds: 28_800,
			lockout: {maxFailures: 5, seconds: 60},
			requirePasswordChange: false,
			now: () => 1_000_000,
		});
	}

	it('counts parallel guesses one at a time: 4 wrong, then locked, however many arrive at once', async () => {
		const module = sessions();
		const results = await Promise.all(Array.from({length: 20}, async (_, index) => module.login('Administrator', `guess-${index}`, '192.0.2.7')));
		expect(results.filter(result => !result.ok && result.error === 'invalid_credentials')).toHaveLength(4);
		expect(results.filter(result => !result.ok && result.error === 'locked')).toHaveLength(16);
		expect((await module.login('Administrator', factoryPassword, '127.0.0.1')).ok).toBe(true);
	});

	it('counts an IPv6 host by its /64 and an IPv4-mapped address as IPv4', () => {
		expect(throttleKey('2001:db8:1:2:aaaa::1')).toBe(throttleKey('2001:db8:1:2:bbbb:cccc:dddd:9'));
		expect(throttleKey('2001:db8:1:2:aaaa::1')).not.toBe(throttleKey('2001:db8:1:3::1'));
		expect(throttleKey('::ffff:192.0.2.7')).toBe('192.0.2.7');
		expect(throttleKey('::1')).toBe('::1');
		expect(throttleKey('127.0.0.1')).not.toBe(throttleKey('127.0.0.2'));
		expect(throttleKey(undefined)).toBe('unknown');
	});
});

describe('a damaged administrator.json', () => {
	it('is set aside: the factory default is back, and must be changed again', async () => {
		await device.restart({devDefaultPassword: false});
		await device.login();
		expect((await device.request('PUT', 'session/password', {body: {currentPassword: factoryPassword, newPassword: 'N3w-Passw0rd'}})).status).toBe(204);
		await device.emulator.close();
		writeFileSync(path.join(device.stateDir, 'administrator.json'), '{"version":1,"userName":', {mode: 0o600});
		await device.start({devDefaultPassword: false});
		const response = await device.request('POST', 'session', {body: {userName: 'Administrator', password: factoryPassword}, token: null});
		expect(response.status).toBe(201);
		expect(loginResponseSchema.parse(response.json).passwordChangeRequired).toBe(true);
		expect(readdirSync(device.stateDir).some(name => name.startsWith('administrator.json.corrupt-'))).toBe(true);
		expect(device.logs.some(line => line.includes('administrator.json could not be read'))).toBe(true);
	});
});

// Keep the linter quiet about the shared identity provider of this file.
void (() => idp);
