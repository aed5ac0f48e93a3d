import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import type {MicrosoftState} from '../source/device/contract.js';
import {DeviceError} from '../source/device/device-error.js';
import {HttpDeviceClient} from '../source/device/http-device-client.js';

type Seen = {method: string; url: string; headers: http.IncomingHttpHeaders; body: string};
type Handler = (request: Seen, response: http.ServerResponse) => void;

const state: MicrosoftState = {
	settings: {enabled: true, verifyServerCertificate: true, addCnToVerification: false, endpoint: 'https://login.microsoftonline.com/organizations/oauth2/v2.0'},
	connection: {status: 'success', checkedAt: '2026-11-24T10:00:00.000Z'},
	authorization: null,
	token: {status: 'active', expiresAt: '2026-11-24T11:00:00.000Z'},
};

let server: http.Server;
let baseUrl: string;
let handler: Handler;
let seen: Seen[];

function json(response: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
	response.writeHead(status, {'content-type': 'application/json', ...headers});
	response.end(JSON.stringify(body));
}

const loginOk: Handler = (request, response) => {
	if (request.url?.endsWith('/session')) {
		json(response, 201, {token: 'session-token-0123456789', idleTimeoutSeconds: 600});
		return;
	}

	json(response, 200, state, {etag: '"v1"'});
};

beforeAll(async () => {
	server = http.createServer((request, response) => {
		let body = '';
		request.on('data', chunk => {
			body += chunk;
		});
		request.on('end', () => {
			const entry = {method: request.method ?? '', url: request.url ?? '', headers: request.headers, body};
			seen.push(entry);
			handler(entry, response);
		});
	});
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
});

afterAll(async () => {
	server.closeAllConnections();
	await new Promise(resolve => {
		server.close(resolve);
	});
});

beforeEach(() => {
	seen = [];
	handler = loginOk;
});

async function failure(promise: Promise<unknown>): Promise<DeviceError> {
	const error = await promise.then(() => undefined, (error: unknown) => error);
	expect(error).toBeInstanceOf(DeviceError);
	return error as DeviceError;
}

describe('HttpDeviceClient', () => {
	it('logs in, sends the session token, and forgets it on log-out', async () => {
		const client = new HttpDeviceClient({baseUrl});
		await client.login('Administrator', '7654321');
		expect(client.loggedIn).toBe(true);
		expect(JSON.parse(seen[0]!.body)).toEqual({userName: 'Administrator', password: '7654321'});
		await client.getMicrosoft();
		expect(seen[1]!.headers['x-session-token']).toBe('session-token-0123456789');
		await client.logout();
		expect(seen[2]).toMatchObject({method: 'DELETE', url: '/api/v1/session'});
		expect(client.loggedIn).toBe(false);
	});

	it('turns a 401 at log-in into invalid-credentials with the device message', async () => {
		handler = (_request, response) => {
			json(response, 401, {error: 'invalid_credentials', message: 'Wrong user name or password.'});
		};
		const error = await failure(new HttpDeviceClient({baseUrl}).login('Administrator', 'nope'));
		expect(error.kind).toBe('invalid-credentials');
		expect(error.message).toBe('Wrong user name or password.');
	});

	it('turns a 423 into locked with the seconds left, from the body or Retry-After', async () => {
		handler = (_request, response) => {
			json(response, 423, {error: 'locked', message: 'Locked.'}, {'retry-after': '42'});
		};
		const error = await failure(new HttpDeviceClient({baseUrl}).login('Administrator', 'x'));
		expect(error.kind).toBe('locked');
		expect(error.retryAfterSeconds).toBe(42);
	});

	it('turns a 401 during a session into session-expired and drops the token', async () => {
		const client = new HttpDeviceClient({baseUrl});
		await client.login('Administrator', '7654321');
		handler = (_request, response) => {
			json(response, 401, {error: 'session_expired', message: 'The session has expired.'});
		};
		const error = await failure(client.getMicrosoft());
		expect(error.kind).toBe('session-expired');
		expect(client.loggedIn).toBe(false);
	});

	it('sends If-None-Match and returns the cached state on 304', async () => {
		const client = new HttpDeviceClient({baseUrl});
		expect(await client.getMicrosoft()).toEqual(state);
		handler = (request, response) => {
			if (request.headers['if-none-match'] === '"v1"') {
				response.writeHead(304, {etag: '"v1"'});
				response.end();
				return;
			}

			json(response, 500, {error: 'internal', message: 'no etag sent'});
		};
		expect(await client.getMicrosoft()).toEqual(state);
		expect(seen[1]!.headers['if-none-match']).toBe('"v1"');
	});

	it('long polls: Prefer: wait only with a cached ETag, capped at 30 s, and the timeout waits for it', async () => {
		const client = new HttpDeviceClient({baseUrl, timeoutMs: 200});
		await client.getMicrosoft({waitSeconds: 25});
		expect(seen[0]!.headers['prefer']).toBeUndefined();
		handler = (request, response) => {
			// Held longer than the client's own timeout (200 ms), as a device holds a long poll.
			setTimeout(() => {
				response.writeHead(304, {etag: '"v1"', 'preference-applied': 'wait=1'});
				response.end();
			}, 400);
		};
		expect(await client.getMicrosoft({waitSeconds: 1})).toEqual(state);
		expect(seen[1]!.headers['prefer']).toBe('wait=1');
		expect(seen[1]!.headers['if-none-match']).toBe('"v1"');
		const capped = client.getMicrosoft({waitSeconds: 3600, signal: AbortSignal.timeout(50)}).catch(() => undefined);
		await capped;
		expect(seen.at(-1)!.headers['prefer']).toBe('wait=30');
		const plain = await failure(client.getMicrosoft());
		expect(plain.kind).toBe('timeout');
	});

	it('saves with If-Match of the last state and reports 412 as a conflict', async () => {
		const client = new HttpDeviceClient({baseUrl});
		await client.getMicrosoft();
		handler = (_request, response) => {
			json(response, 412, {error: 'precondition_failed', message: 'Changed elsewhere.'});
		};
		const error = await failure(client.saveMicrosoftBasic(state.settings));
		expect(seen[1]).toMatchObject({method: 'PUT', url: '/api/v1/oauth2/microsoft/basic'});
		expect(seen[1]!.headers['if-match']).toBe('"v1"');
		expect(error.kind).toBe('conflict');
		expect(seen).toHaveLength(2);
	});

	it('reads the ETag first when saving without a state read', async () => {
		const client = new HttpDeviceClient({baseUrl});
		await client.saveMicrosoftBasic(state.settings);
		expect(seen.map(request => request.method)).toEqual(['GET', 'PUT']);
		expect(seen[1]!.headers['if-match']).toBe('"v1"');
	});

	it('passes per-field errors of a 400', async () => {
		handler = (request, response) => {
			if (request.method === 'PUT') {
				json(response, 400, {error: 'validation', message: 'Invalid.', fields: {endpoint: {code: 'not_https', message: 'Use https.'}}});
				return;
			}

			loginOk(request, response);
		};
		const error = await failure(new HttpDeviceClient({baseUrl}).saveMicrosoftBasic(state.settings));
		expect(error.kind).toBe('validation');
		expect(error.fields).toEqual({endpoint: {code: 'not_https', message: 'Use https.'}});
	});

	it('forgets the authorization: the state (cached with its ETag for the next poll) and what the revocation did', async () => {
		const forgotten: MicrosoftState = {...state, token: {status: 'not-authorized'}};
		handler = (request, response) => {
			if (request.method === 'DELETE') {
				json(response, 200, {...forgotten, revocation: {status: 'not-supported', detail: 'Entra ID has no revocation endpoint.'}}, {etag: '"v2"'});
				return;
			}

			if (request.headers['if-none-match'] === '"v2"') {
				response.writeHead(304, {etag: '"v2"'});
				response.end();
				return;
			}

			json(response, 500, {error: 'internal', message: 'not the ETag of the reset state'});
		};
		const client = new HttpDeviceClient({baseUrl});
		expect(await client.resetMicrosoftToken()).toEqual({state: forgotten, revocation: {status: 'not-supported', detail: 'Entra ID has no revocation endpoint.'}});
		expect(seen[0]).toMatchObject({method: 'DELETE', url: '/api/v1/oauth2/microsoft/token'});
		expect(await client.getMicrosoft()).toEqual(forgotten);

		// A device whose answer lacks the revocation breaks the contract.
		handler = (_request, response) => {
			json(response, 200, state);
		};
		expect((await failure(client.resetGoogleToken())).kind).toBe('invalid-response');
	});

	it('calls a body that is not JSON, or breaks the contract, an invalid response', async () => {
		handler = (_request, response) => {
			response.writeHead(200, {'content-type': 'application/json'});
			response.end('{"settings": ');
		};
		expect((await failure(new HttpDeviceClient({baseUrl}).getMicrosoft())).kind).toBe('invalid-response');
		handler = (_request, response) => {
			json(response, 200, {...state, token: {status: 'sparkling'}});
		};
		const error = await failure(new HttpDeviceClient({baseUrl}).getMicrosoft());
		expect(error.kind).toBe('invalid-response');
		expect(error.message).toContain('token.status');
	});

	it('retries a GET after a 503 but never a POST', async () => {
		let calls = 0;
		handler = (request, response) => {
			calls++;
			if (calls === 1) {
				json(response, 503, {error: 'internal', message: 'Busy.'});
				return;
			}

			loginOk(request, response);
		};
		expect(await new HttpDeviceClient({baseUrl}).getMicrosoft()).toEqual(state);
		expect(calls).toBe(2);

		calls = 0;
		const error = await failure(new HttpDeviceClient({baseUrl}).refreshMicrosoft());
		expect(error.kind).toBe('http');
		expect(error.status).toBe(503);
		expect(calls).toBe(1);
	});

	it('calls a refused connection unreachable, naming the device URL', async () => {
		const closed = http.createServer();
		await new Promise<void>(resolve => {
			closed.listen(0, '127.0.0.1', resolve);
		});
		const {port} = closed.address() as AddressInfo;
		await new Promise(resolve => {
			closed.close(resolve);
		});
		const error = await failure(new HttpDeviceClient({baseUrl: `http://127.0.0.1:${port}/api/v1`}).getMicrosoft());
		expect(error.kind).toBe('unreachable');
		expect(error.message).toContain(`http://127.0.0.1:${port}/api/v1`);
		expect(error.message).toContain('ECONNREFUSED');
	});

	it('gives up after its timeout', async () => {
		handler = () => {
			// Never answers.
		};
		const error = await failure(new HttpDeviceClient({baseUrl, timeoutMs: 200}).refreshMicrosoft());
		expect(error.kind).toBe('timeout');
	});

	it('reports a request stopped by its caller as aborted', async () => {
		handler = () => {
			// Never answers.
		};
		const controller = new AbortController();
		const pending = new HttpDeviceClient({baseUrl}).getMicrosoft({signal: controller.signal});
		controller.abort();
		expect((await failure(pending)).kind).toBe('aborted');
	});
});
