/**
The device API's routes one by one: a handler of the table (source/emulator/routes.ts) called
alone, with a request made here and stub device parts, without the HTTP server, the request
guard or the faults around it.
*/
import {Buffer} from 'node:buffer';
import {EventEmitter} from 'node:events';
import type {IncomingMessage} from 'node:http';
import {Readable} from 'node:stream';
import {describe, expect, it} from 'vitest';
import {paths, type TestMailResult} from '../../source/device/contract.js';
import type {GoogleDevice} from '../../source/emulator/google.js';
import type {MicrosoftDevice} from '../../source/emulator/microsoft.js';
import type {TestMailOutcome} from '../../source/emulator/provider-device.js';
import {deviceRoutes} from '../../source/emulator/routes.js';
import {ServedStates, type RouteContext} from '../../source/emulator/routes/plumbing.js';
import {saveMicrosoftBasic} from '../../source/emulator/routes/microsoft.js';
import {readState} from '../../source/emulator/routes/provider.js';
import {sendTestMail} from '../../source/emulator/routes/test-mail.js';
import type {Sessions} from '../../source/emulator/sessions.js';

/** A request as Node gives it to a handler: headers, a socket, and the body as a stream. */
function request(headers: Record<string, string>, body?: unknown): IncomingMessage {
	const chunks = body === undefined ? [] : [Buffer.from(JSON.stringify(body))];
	const socket = Object.assign(new EventEmitter(), {remoteAddress: '127.0.0.1'});
	return Object.assign(Readable.from(chunks), {headers, socket}) as unknown as IncomingMessage;
}

/** A context whose device parts are the stubs given (the handler under test touches no other). */
function contextWith(parts: {microsoft?: object; google?: object}): RouteContext {
	return {
		sessions: {} as Sessions,
		microsoft: (parts.microsoft ?? {}) as MicrosoftDevice,
		google: (parts.google ?? {}) as GoogleDevice,
		served: new ServedStates(),
	};
}

const sent: TestMailResult = {sent: true, from: 'device@contoso.example', to: 'engineer@contoso.example', server: 'smtp.office365.com:587', reply: '250 2.0.0 OK', at: '2026-11-30T10:00:00.000Z'};

describe('the route table', () => {
	it('has a route for every path of the contract, and one handler per method and path', () => {
		const served = new Set(deviceRoutes.map(route => route.path));
		expect([...served].sort()).toEqual(Object.values(paths).sort());
		const keys = deviceRoutes.map(route => `${route.method} ${route.path}`);
		expect(new Set(keys).size).toBe(keys.length);
		expect(deviceRoutes.filter(route => route.access === 'anyone').map(route => `${route.method} ${route.path}`)).toEqual(['POST session', 'DELETE session']);
	});
});

describe('POST oauth2/microsoft/test-mail, the handler alone', () => {
	const handler = sendTestMail('microsoft');

	function device(outcome: TestMailOutcome): {sendTestMail(to: string): Promise<TestMailOutcome>; recipients: string[]} {
		const recipients: string[] = [];
		return {
			recipients,
			async sendTestMail(to) {
				recipients.push(to);
				return outcome;
			},
		};
	}

	it('answers 200 with what the SMTP server said', async () => {
		const microsoft = device({ok: true, result: sent});
		const reply = await handler(request({'content-type': 'application/json'}, {to: 'engineer@contoso.example'}), contextWith({microsoft}));
		expect(reply).toEqual({status: 200, body: sent});
		expect(microsoft.recipients).toEqual(['engineer@contoso.example']);
	});

	it('refuses an address that is not one with 400 validation on `to`, and sends nothing', async () => {
		const microsoft = device({ok: true, result: sent});
		await expect(handler(request({}, {to: 'engineer.contoso.example'}), contextWith({microsoft}))).rejects.toMatchObject({
			status: 400,
			body: {error: 'validation', fields: {to: {code: 'invalid_email'}}},
		});
		expect(microsoft.recipients).toEqual([]);
	});

	it('refuses a body in another shape with 400 bad_request', async () => {
		await expect(handler(request({}, {recipient: 'x@example.com'}), contextWith({microsoft: device({ok: true, result: sent})}))).rejects.toMatchObject({
			status: 400,
			body: {error: 'bad_request'},
		});
	});

	it('answers 409 with the device\'s reason when it cannot send', async () => {
		const microsoft = device({ok: false, code: 'token_not_active', message: 'No active token.'});
		await expect(handler(request({}, {to: 'engineer@contoso.example'}), contextWith({microsoft}))).rejects.toMatchObject({
			status: 409,
			body: {error: 'token_not_active', message: 'No active token.'},
		});
	});
});

describe('GET oauth2/google, the handler alone', () => {
	const handler = readState('google');

	/** A provider whose state changes once `nextChange` is awaited. */
	function google(): {publicState(): {settings: unknown; token: string}; nextChange(): Promise<boolean>} {
		let token = 'waiting';
		return {
			publicState: () => ({settings: {enabled: true}, token}),
			async nextChange() {
				token = 'active';
				return true;
			},
		};
	}

	it('serves the state with its ETag, and 304 for that ETag', async () => {
		const context = contextWith({google: google()});
		const first = await handler(request({}), context);
		expect(first.status).toBe(200);
		expect(JSON.parse(String(first.body))).toEqual({settings: {enabled: true}, token: 'waiting'});
		const etag = first.headers?.etag ?? '';
		expect(etag).toMatch(/^"[\w-]{32}"$/);
		expect(await handler(request({'if-none-match': etag}), context)).toEqual({status: 304, headers: {etag}});
	});

	it('with Prefer: wait, holds the answer until the state changes (the long poll)', async () => {
		const context = contextWith({google: google()});
		const etag = (await handler(request({}), context)).headers?.etag ?? '';
		const changed = await handler(request({'if-none-match': etag, prefer: 'wait=5'}), context);
		expect(changed.status).toBe(200);
		expect(changed.headers?.['preference-applied']).toBe('wait=5');
		expect(JSON.parse(String(changed.body))).toMatchObject({token: 'active'});
	});
});

describe('PUT oauth2/microsoft/basic, the handler alone', () => {
	const settings = {enabled: true, verifyServerCertificate: true, addCnToVerification: false, endpoint: 'https://login.microsoftonline.com/common/oauth2/v2.0'};

	/** A device side that keeps what it is given. */
	function microsoft(): {publicState(): {settings: typeof settings}; saveBasic(next: typeof settings): {settings: typeof settings}; saved: Array<typeof settings>} {
		let current = settings;
		const saved: Array<typeof settings> = [];
		return {
			saved,
			publicState: () => ({settings: current}),
			saveBasic(next) {
				saved.push(next);
				current = next;
				return {settings: current};
			},
		};
	}

	it('asks for If-Match (428) and saves nothing without it', async () => {
		const device = microsoft();
		await expect(saveMicrosoftBasic(request({}, {...settings, enabled: false}), contextWith({microsoft: device}))).rejects.toMatchObject({
			status: 428,
			body: {error: 'precondition_required'},
		});
		expect(device.saved).toEqual([]);
	});

	it('saves with the ETag served, the endpoint without its trailing slash, and refuses that ETag once the settings changed (412)', async () => {
		const device = microsoft();
		const context = contextWith({microsoft: device});
		const etag = (await readState('microsoft')(request({}), context)).headers?.etag ?? '';
		const saved = await saveMicrosoftBasic(request({'if-match': etag}, {...settings, enabled: false, endpoint: `${settings.endpoint}/`}), context);
		expect(saved.status).toBe(200);
		expect(device.saved).toEqual([{...settings, enabled: false}]);
		await expect(saveMicrosoftBasic(request({'if-match': etag}, settings), context)).rejects.toMatchObject({status: 412, body: {error: 'precondition_failed'}});
		expect(device.saved).toHaveLength(1);
	});
});
