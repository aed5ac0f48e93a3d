/**
Faults of the device API, met by the real HttpDeviceClient against the emulator with fault
injection on (faults.ts): each fault becomes the right DeviceError, reads are retried and
recover, an interrupted save leaves the settings wholly old or wholly new, and a device that
restarts mid-flow asks for a new log-in and keeps settings and the pending authorization.
*/
import {describe, expect, it} from 'vitest';
import {microsoftStateSchema, type MicrosoftBasicSettings} from '../source/device/contract.js';
import {DeviceError, type DeviceErrorKind} from '../source/device/device-error.js';
import {type FaultRequest} from '../source/emulator/faults.js';
import {HttpDeviceClient} from '../source/device/http-device-client.js';
import type {IdentityProvider} from '../source/identity-provider/index.js';
import {decideOverHttp, googleClientId, googleClientSecret, Harness, organizations, withDevice} from './support/emulator-harness.js';

let idp: IdentityProvider;
let device: Harness;

withDevice({start: {faultInjection: true}}, current => {
	({idp, device} = current);
});

const password = '7654321';

async function loggedInClient(options: {timeoutMs?: number} = {}): Promise<HttpDeviceClient> {
	const client = new HttpDeviceClient({baseUrl: device.emulator.url, ...options});
	await client.login('Administrator', password);
	return client;
}

async function failure(promise: Promise<unknown>): Promise<DeviceError> {
	const error = await promise.then(() => undefined, (error: unknown) => error);
	expect(error).toBeInstanceOf(DeviceError);
	return error as DeviceError;
}

async function inject(fault: FaultRequest): Promise<void> {
	const response = await device.request('POST', '_faults', {body: fault, token: null});
	expect(response.status).toBe(204);
}

function getCount(): number {
	return device.emulator.stats()['GET /api/v1/oauth2/microsoft'] ?? 0;
}

/** What the device has stored, read over a session of the harness's own. */
async function storedMicrosoft(): Promise<MicrosoftBasicSettings> {
	await device.login();
	return (await device.state()).settings;
}

const wanted: MicrosoftBasicSettings = {enabled: true, verifyServerCertificate: true, addCnToVerification: true, endpoint: organizations};

describe('the fault endpoint', () => {
	it('needs no session, checks what it is given, and DELETE clears what is queued', async () => {
		const refused = await device.request('POST', '_faults', {body: {next: 0, kind: 'reset'}, token: null});
		expect(refused.status).toBe(400);
		const unknown = await device.request('POST', '_faults', {body: {next: 1, kind: 'explode'}, token: null});
		expect(unknown.status).toBe(400);
		await inject({next: 5, kind: 'status500'});
		expect(device.emulator.faults.pending()).toBe(5);
		expect((await device.request('DELETE', '_faults', {token: null})).status).toBe(204);
		expect(device.emulator.faults.pending()).toBe(0);
		await device.login();
		await device.state();
	});

	it('applies only to the paths (and methods) named, and only N times', async () => {
		await device.login();
		await inject({next: 2, kind: 'status500', paths: ['PUT oauth2/microsoft/basic']});
		await device.state();
		const first = await device.save({enabled: false});
		expect(first.status).toBe(500);
		expect((await device.save({enabled: false})).status).toBe(500);
		expect((await device.save({enabled: false})).status).toBe(200);
	});

	it('does not exist unless the emulator was started with faultInjection', async () => {
		const plain = await new Harness(idp).start();
		try {
			expect((await plain.request('POST', '_faults', {body: {next: 1, kind: 'reset'}, token: null})).status).toBe(404);
			expect(() => {
				plain.emulator.faults.inject({next: 1, kind: 'reset'});
			}).toThrow(/off/);
		} finally {
			await plain.close();
		}
	});
});

describe('each fault, as the client reports it', () => {
	const cases: Array<{fault: FaultRequest; kind: DeviceErrorKind; status?: number}> = [
		{fault: {next: 5, kind: 'reset'}, kind: 'unreachable'},
		{fault: {next: 5, kind: 'status500'}, kind: 'http', status: 500},
		{fault: {next: 1, kind: 'malformed-json'}, kind: 'invalid-response', status: 200},
		{fault: {next: 1, kind: 'contract-violation'}, kind: 'invalid-response', status: 200},
		{fault: {next: 1, kind: 'drop-sessions'}, kind: 'session-expired', status: 401},
	];
	for (const {fault, kind, status} of cases) {
		it(`${fault.kind} → ${kind}; once it stops, a read works again`, async () => {
			const client = await loggedInClient();
			await inject(fault);
			const error = await failure(client.getMicrosoft());
			expect(error.kind).toBe(kind);
			expect(error.status).toBe(status);
			if (kind === 'session-expired') {
				expect(client.loggedIn).toBe(false);
				await client.login('Administrator', password);
			}

			device.emulator.faults.clear();
			expect((await client.getMicrosoft()).settings.enabled).toBe(false);
		});
	}

	it('a slow answer past the client timeout → timeout; the next read works', async () => {
		const client = await loggedInClient({timeoutMs: 300});
		device.emulator.faults.inject({next: 1, kind: 'delay', delayMs: 1500});
		const started = Date.now();
		const error = await failure(client.getMicrosoft());
		expect(error.kind).toBe('timeout');
		expect(Date.now() - started).toBeLessThan(1400);
		expect((await client.getMicrosoft()).settings.enabled).toBe(false);
	});

	it('a slow answer within the timeout is just slow', async () => {
		const client = await loggedInClient({timeoutMs: 2000});
		device.emulator.faults.inject({next: 1, kind: 'delay', delayMs: 200});
		expect((await client.getMicrosoft()).settings.enabled).toBe(false);
	});

	it('connection refused (the device is off) → unreachable', async () => {
		const client = await loggedInClient();
		await device.emulator.close();
		const error = await failure(client.getMicrosoft());
		expect(error.kind).toBe('unreachable');
		expect(error.message).toContain('Cannot reach the device');
		// For the afterEach.
		await device.start({faultInjection: true});
	});
});

describe('reads are retried', () => {
	it('a reset once is retried and the read succeeds', async () => {
		const client = await loggedInClient();
		await inject({next: 1, kind: 'reset', paths: ['GET oauth2/microsoft']});
		const before = getCount();
		expect((await client.getMicrosoft()).settings.enabled).toBe(false);
		expect(getCount()).toBe(before + 2);
	});

	it('two 500s are retried and the read succeeds on the third try', async () => {
		const client = await loggedInClient();
		await inject({next: 2, kind: 'status500', paths: ['oauth2/microsoft']});
		const before = getCount();
		expect((await client.getMicrosoft()).settings.enabled).toBe(false);
		expect(getCount()).toBe(before + 3);
	});

	it('a save is never repeated by the client on its own', async () => {
		const client = await loggedInClient();
		await client.getMicrosoft();
		await inject({next: 1, kind: 'status500', paths: ['oauth2/microsoft/basic']});
		expect((await failure(client.saveMicrosoftBasic(wanted))).status).toBe(500);
		expect(device.emulator.stats()['PUT /api/v1/oauth2/microsoft/basic']).toBe(1);
	});
});

describe('a save interrupted by a fault is all or nothing', () => {
	const refused: Array<{fault: FaultRequest['kind']; kind: DeviceErrorKind}> = [
		{fault: 'reset', kind: 'unreachable'},
		{fault: 'status500', kind: 'http'},
		{fault: 'malformed-json', kind: 'invalid-response'},
		{fault: 'contract-violation', kind: 'invalid-response'},
		{fault: 'drop-sessions', kind: 'session-expired'},
	];
	for (const {fault, kind} of refused) {
		it(`${fault} on PUT → ${kind}, the stored settings are wholly the old ones; saving again works`, async () => {
			const client = await loggedInClient();
			const before = (await client.getMicrosoft()).settings;
			await inject({next: 1, kind: fault, paths: ['PUT oauth2/microsoft/basic']});
			expect((await failure(client.saveMicrosoftBasic(wanted))).kind).toBe(kind);
			expect(await storedMicrosoft()).toEqual(before);
			if (!client.loggedIn) {
				await client.login('Administrator', password);
			}

			expect((await client.saveMicrosoftBasic(wanted)).settings).toEqual(wanted);
			expect(await storedMicrosoft()).toEqual(wanted);
		});
	}

	it('a save whose answer comes too late is wholly saved; saving again on the old ETag is a conflict, not an overwrite', async () => {
		const client = await loggedInClient({timeoutMs: 300});
		await client.getMicrosoft();
		await inject({next: 1, kind: 'delay', delayMs: 1000, paths: ['PUT oauth2/microsoft/basic']});
		expect((await failure(client.saveMicrosoftBasic(wanted))).kind).toBe('timeout');
		expect(await storedMicrosoft()).toEqual(wanted);
		const other = {...wanted, endpoint: organizations.replace('organizations', 'consumers')};
		expect((await failure(client.saveMicrosoftBasic(other))).kind).toBe('conflict');
		expect(await storedMicrosoft()).toEqual(wanted);
		// After a reload the change goes through.
		expect((await client.getMicrosoft()).settings).toEqual(wanted);
		expect((await client.saveMicrosoftBasic(other)).settings).toEqual(other);
	});

	it('Google: a reset while saving keeps the old client ID and stores no secret', async () => {
		const client = await loggedInClient();
		const before = (await client.getGoogle()).settings;
		await inject({next: 1, kind: 'reset', paths: ['PUT oauth2/google/basic']});
		const request = {enabled: true, verifyServerCertificate: true, addCnToVerification: false, clientId: googleClientId, clientSecret: googleClientSecret};
		expect((await failure(client.saveGoogleBasic(request))).kind).toBe('unreachable');
		await device.login();
		expect((await device.googleState()).settings).toEqual(before);
		expect((await client.saveGoogleBasic(request)).settings).toMatchObject({clientId: googleClientId, clientSecretSet: true});
	});
});

describe('the device restarts mid-flow', () => {
	it('refused while it is down, session-expired when it is back, re-login works, settings and the pending user code survive', async () => {
		const client = await loggedInClient();
		await client.getMicrosoft();
		await client.saveMicrosoftBasic(wanted);
		let state = await client.getMicrosoft();
		const deadline = Date.now() + 5000;
		while (state.authorization === null && Date.now() < deadline) {
			await new Promise(resolve => {
				setTimeout(resolve, 50);
			});
			state = await client.getMicrosoft();
		}

		expect(state.token.status).toBe('waiting');
		const {authorization} = state;
		expect(authorization).not.toBeNull();

		const {port} = device.emulator;
		await device.emulator.close();
		expect((await failure(client.getMicrosoft())).kind).toBe('unreachable');

		await device.start({faultInjection: true, port});
		const expired = await failure(client.getMicrosoft());
		expect(expired.kind).toBe('session-expired');
		expect(client.loggedIn).toBe(false);

		await client.login('Administrator', password);
		const after = microsoftStateSchema.parse(await client.getMicrosoft());
		expect(after.settings).toEqual(wanted);
		expect(after.authorization?.userCode).toBe(authorization?.userCode);
		expect(after.token.status).toBe('waiting');

		// The device still polls for that code: approving it now activates the token.
		const page = await decideOverHttp(idp, authorization!.userCode, 'allow');
		expect(page.status).toBe(200);
		let active = after;
		const activeBy = Date.now() + 8000;
		while (active.token.status !== 'active' && Date.now() < activeBy) {
			await new Promise(resolve => {
				setTimeout(resolve, 100);
			});
			active = await client.getMicrosoft();
		}

		expect(active.token.status).toBe('active');
	}, 20_000);
});
