/**
The device API accepts requests only from its own origin (issue 11): a web page the engineer
opens (cross-site `fetch` in no-cors mode, or a DNS-rebinding page) cannot log in, lock the
administrator out, change settings or queue faults; `/_faults` needs the run's test token and
exists only on loopback. Requests are made exactly as a browser would send them, over real
HTTP to an emulator on 127.0.0.1; addresses other than loopback are tried on the pure checks.
*/
import {describe, expect, it} from 'vitest';
import {apiErrorSchema, microsoftStateSchema, sessionHeader} from '../source/device/contract.js';
import {
	checkDeviceRequest,
	deviceHosts,
	testEndpointAccess,
	type RequestFacts,
} from '../source/emulator/request-guard.js';
import {listenNotes} from '../source/cli/emulator-command.js';
import {Harness, organizations, withDevice} from './support/emulator-harness.js';
import {exactRequest, type ExactResult} from './support/exact-request.js';

let device: Harness;

withDevice({start: {faultInjection: true, lockout: {maxFailures: 5, seconds: 60}}}, current => {
	({device} = current);
});

/** One request with exactly these headers (Host included), to the emulator on 127.0.0.1. */
async function raw(method: string, relative: string, headers: Record<string, string>, body?: string): Promise<ExactResult> {
	const {port} = device.emulator;
	return exactRequest({port, host: `127.0.0.1:${port}`}, method, `/api/v1/${relative}`, headers, body);
}

/** What `fetch(url, {method: 'POST', mode: 'no-cors', body: '…'})` on https://evil.example sends. */
function crossSite(): Record<string, string> {
	return {
		'content-type': 'text/plain;charset=UTF-8',
		origin: 'https://evil.example',
		'sec-fetch-site': 'cross-site',
		'sec-fetch-mode': 'no-cors',
		'sec-fetch-dest': 'empty',
	};
}

/** What a page on http://rebind.evil.example:PORT sends once its name points at 127.0.0.1. */
function rebinding(): Record<string, string> {
	const {port} = device.emulator;
	return {
		host: `rebind.evil.example:${port}`,
		origin: `http://rebind.evil.example:${port}`,
		'content-type': 'application/json',
		'sec-fetch-site': 'same-origin',
		'sec-fetch-mode': 'cors',
	};
}

const rightPassword = JSON.stringify({userName: 'Administrator', password: '7654321'});

function errorOf(response: ExactResult): string {
	return apiErrorSchema.parse(response.json).error;
}

function noCorsGrants(response: ExactResult): string[] {
	return Object.keys(response.headers).filter(name => name.startsWith('access-control-'));
}

describe('a web page in the engineer\'s browser (cross-site, no-cors)', () => {
	it('cannot lock the administrator out: its log-ins are refused before they are counted', async () => {
		for (let attempt = 1; attempt <= 10; attempt++) {
			const response = await raw('POST', 'session', crossSite(), JSON.stringify({userName: 'Administrator', password: `guess${attempt}`}));
			expect(response.status).toBe(403);
			expect(errorOf(response)).toBe('forbidden_origin');
		}

		// The engineer, a moment later, with the right password.
		const engineer = await raw('POST', 'session', {'content-type': 'application/json'}, rightPassword);
		expect(engineer.status).toBe(201);
	});

	it('cannot queue faults without a session (drop-sessions ×1000)', async () => {
		const response = await raw('POST', '_faults', crossSite(), JSON.stringify({next: 1000, kind: 'drop-sessions'}));
		expect(response.status).toBe(403);
		expect(device.emulator.faults.pending()).toBe(0);
		await device.login();
		await device.state();
	});

	it('gets no preflight granted, ever', async () => {
		const preflight = await raw('OPTIONS', 'session', {
			origin: 'https://evil.example',
			'access-control-request-method': 'POST',
			'access-control-request-headers': 'content-type, x-session-token',
			'sec-fetch-site': 'cross-site',
			'sec-fetch-mode': 'cors',
		});
		expect(preflight.status).toBeGreaterThanOrEqual(400);
		expect(noCorsGrants(preflight)).toEqual([]);
		const sameOrigin = await raw('OPTIONS', 'session', {});
		expect(sameOrigin.status).toBe(405);
		expect(noCorsGrants(sameOrigin)).toEqual([]);
	});

	it('a plain-text body is 415 even without an Origin (curl, a script), and does not count as a failed log-in', async () => {
		for (let attempt = 1; attempt <= 6; attempt++) {
			const response = await raw('POST', 'session', {'content-type': 'text/plain'}, JSON.stringify({userName: 'Administrator', password: 'wrong'}));
			expect(response.status).toBe(415);
			expect(errorOf(response)).toBe('unsupported_media_type');
		}

		for (const type of ['application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx', 'application/json; charset=iso-8859-1']) {
			expect((await raw('POST', 'session', {'content-type': type}, rightPassword)).status).toBe(415);
		}

		expect((await raw('POST', 'session', {}, rightPassword)).status).toBe(415);
		expect((await raw('POST', 'session', {'content-type': 'Application/JSON; Charset="UTF-8"'}, rightPassword)).status).toBe(201);
	});

	it('the device\'s own origin is accepted; any other origin is 403', async () => {
		const {port} = device.emulator;
		const own = await raw('POST', 'session', {'content-type': 'application/json', origin: `http://127.0.0.1:${port}`, 'sec-fetch-site': 'same-origin'}, rightPassword);
		expect(own.status).toBe(201);
		for (const origin of [`http://localhost:${port}`, `https://127.0.0.1:${port}`, `http://127.0.0.1:${port + 1}`, 'null', 'http://127.0.0.1.evil.example']) {
			const other = await raw('POST', 'session', {'content-type': 'application/json', origin}, rightPassword);
			expect(other.status, origin).toBe(403);
			expect(errorOf(other)).toBe('forbidden_origin');
		}

		const sameSite = await raw('GET', 'oauth2/microsoft', {'sec-fetch-site': 'same-site'});
		expect(sameSite.status).toBe(403);
	});
});

describe('DNS rebinding (Host is not the device)', () => {
	it('refuses the default password and a change of Verify Server Certificate with 421, nothing changed', async () => {
		const login = await raw('POST', 'session', rebinding(), rightPassword);
		expect(login.status).toBe(421);
		expect(errorOf(login)).toBe('misdirected_request');

		// Even with a session token (which such a page cannot get), nothing is changed.
		await device.login();
		await device.enable();
		const before = await device.state();
		expect(before.settings.verifyServerCertificate).toBe(true);
		const put = await raw('PUT', 'oauth2/microsoft/basic', {...rebinding(), [sessionHeader]: device.token!, 'if-match': device.etag!}, JSON.stringify({...before.settings, verifyServerCertificate: false, addCnToVerification: false}));
		expect(put.status).toBe(421);
		expect((await device.state()).settings.verifyServerCertificate).toBe(true);
	});

	it('accepts the loopback names with the device\'s port, and nothing else', async () => {
		const {port} = device.emulator;
		for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`]) {
			expect((await raw('POST', 'session', {host, 'content-type': 'application/json'}, rightPassword)).status, host).toBe(201);
		}

		for (const host of [`127.0.0.1:${port + 1}`, '127.0.0.1', 'localhost', `evil.example:${port}`, `localhost.evil.example:${port}`, `user@127.0.0.1:${port}`, `127.0.0.1:${port}/x`, '']) {
			const response = await raw('POST', 'session', {host, 'content-type': 'application/json'}, rightPassword);
			expect(response.status, host).toBe(421);
			expect(errorOf(response)).toBe('misdirected_request');
		}
	});
});

describe('/_faults is test-only', () => {
	it('needs the run\'s token (Bearer or X-Test-Token); without it, 401 and nothing queued', async () => {
		const fault = JSON.stringify({next: 1, kind: 'status500'});
		const json = {'content-type': 'application/json'};
		expect((await raw('POST', '_faults', json, fault)).status).toBe(401);
		expect((await raw('POST', '_faults', {...json, authorization: 'Bearer wrong'}, fault)).status).toBe(401);
		expect((await raw('DELETE', '_faults', {'x-test-token': 'wrong'})).status).toBe(401);
		expect(device.emulator.faults.pending()).toBe(0);

		const token = device.emulator.testToken!;
		expect(token).toMatch(/^[\w-]{32,}$/);
		expect((await raw('POST', '_faults', {...json, authorization: `Bearer ${token}`}, fault)).status).toBe(204);
		expect((await raw('POST', '_faults', {...json, 'x-test-token': token}, fault)).status).toBe(204);
		expect(device.emulator.faults.pending()).toBe(2);
		expect((await raw('DELETE', '_faults', {'x-test-token': token})).status).toBe(204);
		expect(device.emulator.faults.pending()).toBe(0);
	});

	it('does not exist without fault injection, token or not', async () => {
		const plain = await new Harness(device.idp).start();
		try {
			expect(plain.emulator.testToken).toBeUndefined();
			const response = await plain.request('POST', '_faults', {body: {next: 1, kind: 'reset'}, token: null, headers: {'x-test-token': device.emulator.testToken!}});
			expect(response.status).toBe(404);
		} finally {
			await plain.close();
		}
	});

	it('a token from another run does not work', async () => {
		const other = await new Harness(device.idp).start({faultInjection: true});
		try {
			expect(other.emulator.testToken).not.toBe(device.emulator.testToken);
			const response = await raw('DELETE', '_faults', {'x-test-token': other.emulator.testToken!});
			expect(response.status).toBe(401);
		} finally {
			await other.close();
		}
	});
});

/** The facts of a request as the guard sees them; loopback, JSON, own Host by default. */
function facts(overrides: Partial<RequestFacts> = {}): RequestFacts {
	return {
		method: 'POST',
		remoteAddress: '127.0.0.1',
		localAddress: '127.0.0.1',
		host: '127.0.0.1:8480',
		origin: undefined,
		secFetchSite: undefined,
		contentType: 'application/json',
		hasBody: true,
		...overrides,
	};
}

describe('the request checks, for addresses the tests do not bind', () => {
	const loopbackOnly = {bindHost: '127.0.0.1', port: 8480, interfaceAddresses: () => ['127.0.0.1', '::1', '192.168.1.20', 'fe80::1%eth0']};
	const everywhere = {...loopbackOnly, bindHost: '0.0.0.0'};

	it('a device bound to every address answers to its interface addresses; one bound to loopback does not', () => {
		const fromLan = facts({remoteAddress: '192.168.1.30', localAddress: '192.168.1.20', host: '192.168.1.20:8480'});
		expect(checkDeviceRequest(fromLan, deviceHosts(everywhere))).toBeUndefined();
		expect(checkDeviceRequest(fromLan, deviceHosts(loopbackOnly))?.status).toBe(421);
		expect(checkDeviceRequest({...fromLan, host: 'printer.evil.example:8480'}, deviceHosts(everywhere))?.status).toBe(421);
		expect(checkDeviceRequest({...fromLan, origin: 'http://192.168.1.20:8480'}, deviceHosts(everywhere))).toBeUndefined();
		expect(checkDeviceRequest({...fromLan, origin: 'http://evil.example'}, deviceHosts(everywhere))?.status).toBe(403);
		// Bound to one address of the network: that address (and loopback names) only.
		const bound = deviceHosts({...loopbackOnly, bindHost: '192.168.1.20'});
		expect(checkDeviceRequest(fromLan, bound)).toBeUndefined();
		expect(checkDeviceRequest({...fromLan, host: '192.168.1.21:8480'}, bound)?.status).toBe(421);
	});

	it('checks Host, then Origin, then the content type', () => {
		const hosts = deviceHosts(loopbackOnly);
		expect(checkDeviceRequest(facts({host: 'evil.example:8480', origin: 'https://evil.example', contentType: 'text/plain'}), hosts)?.status).toBe(421);
		expect(checkDeviceRequest(facts({origin: 'https://evil.example', contentType: 'text/plain'}), hosts)?.status).toBe(403);
		expect(checkDeviceRequest(facts({contentType: 'text/plain'}), hosts)?.status).toBe(415);
		expect(checkDeviceRequest(facts({host: undefined}), hosts)?.status).toBe(421);
		expect(checkDeviceRequest(facts({method: 'GET', contentType: undefined, hasBody: false}), hosts)).toBeUndefined();
		expect(checkDeviceRequest(facts({method: 'POST', contentType: undefined, hasBody: false}), hosts)).toBeUndefined();
		expect(checkDeviceRequest(facts({method: 'DELETE', contentType: 'text/plain', hasBody: true}), hosts)?.status).toBe(415);
	});

	it('/_faults answers only to loopback connections with the token; elsewhere it does not exist', () => {
		const token = 'the-run-token-0123456789abcdefghijkl';
		const enabled = {enabled: true, token};
		const headers = (value: string | undefined) => ({authorization: value === undefined ? undefined : `Bearer ${value}`, testToken: undefined});
		expect(testEndpointAccess(facts(), headers(token), enabled)).toBe('allowed');
		expect(testEndpointAccess(facts({remoteAddress: '::ffff:127.0.0.1', localAddress: '::ffff:127.0.0.1'}), headers(token), enabled)).toBe('allowed');
		expect(testEndpointAccess(facts({remoteAddress: '::1', localAddress: '::1', host: '[::1]:8480'}), {authorization: undefined, testToken: token}, enabled)).toBe('allowed');
		expect(testEndpointAccess(facts(), headers(undefined), enabled)).toBe('token-required');
		expect(testEndpointAccess(facts(), headers('wrong'), enabled)).toBe('token-required');
		expect(testEndpointAccess(facts(), {authorization: `Basic ${token}`, testToken: undefined}, enabled)).toBe('token-required');
		// From the network, even with the right token and through a wildcard bind: no such endpoint.
		expect(testEndpointAccess(facts({remoteAddress: '192.168.1.30', localAddress: '192.168.1.20', host: '192.168.1.20:8480'}), headers(token), enabled)).toBe('absent');
		expect(testEndpointAccess(facts({remoteAddress: '192.168.1.20', localAddress: '192.168.1.20'}), headers(token), enabled)).toBe('absent');
		expect(testEndpointAccess(facts({remoteAddress: undefined}), headers(token), enabled)).toBe('absent');
		// Live mode, or fault injection off.
		expect(testEndpointAccess(facts(), headers(token), {enabled: false, token: undefined})).toBe('absent');
	});
});

describe('the start banner of `cloudmail-setup emulator --host`', () => {
	const offlinePorts = {device: 8480, identityProvider: 8443, smtp: [2587, 2588]};

	it('says nothing more on loopback', () => {
		for (const host of ['127.0.0.1', 'localhost', '::1', '127.0.0.2']) {
			expect(listenNotes({host, scheme: 'http', ports: offlinePorts, networkAddresses: ['192.168.1.20']}), host).toEqual([]);
		}
	});

	it('on every address: the loopback address to use here, the network addresses, and the warning', () => {
		for (const host of ['0.0.0.0', '::']) {
			const lines = listenNotes({host, scheme: 'http', ports: offlinePorts, networkAddresses: ['192.168.1.20', 'fd00::20']});
			expect(lines).toEqual([
				`Listening on every address (${host}): on this machine use the addresses above.`,
				'From other machines: http://192.168.1.20:8480/api/v1, http://[fd00::20]:8480/api/v1',
				'WARNING: the device API, the identity provider and the SMTP servers are reachable from the network (ports 8480, 8443, 2587, 2588). /api/v1/_faults and /_control are disabled there: they answer only on loopback, with the test token.',
			]);
		}
	});

	it('on one network address, and in live mode (no identity provider, no SMTP servers)', () => {
		expect(listenNotes({host: '192.168.1.20', scheme: 'https', ports: offlinePorts, networkAddresses: []})[0]).toBe('Listening on 192.168.1.20 only (not on 127.0.0.1).');
		expect(listenNotes({host: '0.0.0.0', scheme: 'https', ports: {device: 8480}, networkAddresses: ['10.0.0.5']})).toEqual([
			'Listening on every address (0.0.0.0): on this machine use the addresses above.',
			'From other machines: https://10.0.0.5:8480/api/v1',
			'WARNING: the device API is reachable from the network (ports 8480).',
		]);
	});
});

describe('the real client still works', () => {
	it('logs in, saves and reads through HttpDeviceClient', async () => {
		const {HttpDeviceClient} = await import('../source/device/http-device-client.js');
		const client = new HttpDeviceClient({baseUrl: device.emulator.url});
		await client.login('Administrator', '7654321');
		const state = await client.getMicrosoft();
		expect(microsoftStateSchema.parse(state).settings.enabled).toBe(false);
		const saved = await client.saveMicrosoftBasic({...state.settings, enabled: false, endpoint: organizations});
		expect(saved.settings.endpoint).toBe(organizations);
		// A POST and a DELETE without a body, as the refresh button and the token reset send them.
		expect((await client.refreshMicrosoft()).settings.endpoint).toBe(organizations);
		expect((await client.resetMicrosoftToken()).state.token.status).toBe('not-authorized');
		await client.logout();
	});
});
