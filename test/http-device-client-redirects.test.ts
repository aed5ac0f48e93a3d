/**
Credentials go to exactly the configured origin: a device (or anything on the way) that
answers with a redirect gets an error back, and the place it points to receives nothing —
not the password, not the session token — also from HTTPS down to plain HTTP.
*/
import net, {type AddressInfo} from 'node:net';
import {Agent} from 'undici';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {DeviceError} from '../source/device/device-error.js';
import {HttpDeviceClient} from '../source/device/http-device-client.js';
import {
	fakeDevice,
	makeCa,
	makeCertificate,
	sessionToken,
	startServer,
	type Handler,
	type TestCertificate,
	type TestServer,
} from './support/device-certificates.js';

const password = 'redirect-me-not-7654321';

let capture: TestServer;
let device: TestServer | undefined;
let ca: TestCertificate;
let deviceCertificate: TestCertificate;

beforeAll(async () => {
	// It answers as a device would, so that a client that follows it would log in "successfully".
	capture = await startServer(fakeDevice);
	ca = makeCa();
	deviceCertificate = makeCertificate({issuer: ca});
});

afterAll(async () => {
	await capture.close();
});

afterEach(async () => {
	await device?.close();
	device = undefined;
	capture.received.length = 0;
});

function redirectTo(target: string, status = 307, when: (url: string, method: string) => boolean = () => true): Handler {
	return (request, response) => {
		if (when(request.url, request.method)) {
			response.writeHead(status, {location: `${target}${request.url}`});
			response.end();
			return;
		}

		fakeDevice(request, response);
	};
}

async function failure(promise: Promise<unknown>): Promise<DeviceError> {
	const error = await promise.then(() => undefined, (error_: unknown) => error_);
	expect(error).toBeInstanceOf(DeviceError);
	return error as DeviceError;
}

function expectNothingCaptured(): void {
	expect(capture.received).toEqual([]);
}

describe('redirects on the device API', () => {
	it.each([301, 302, 303, 307, 308])('log-in answered with %i to another origin: an error naming it, and the password goes nowhere else', async status => {
		device = await startServer(redirectTo(capture.origin, status));
		const client = new HttpDeviceClient({baseUrl: `${device.origin}/api/v1`});
		const error = await failure(client.login('Administrator', password));
		expect(error.kind).toBe('redirect');
		expect(error.message).toContain(capture.origin);
		expect(client.loggedIn).toBe(false);
		expectNothingCaptured();
		// The device itself got the log-in once, and nothing was repeated.
		expect(device.received.map(request => `${request.method} ${request.url}`)).toEqual(['POST /api/v1/session']);
	});

	it('a redirect after logging in: the session token goes nowhere else', async () => {
		device = await startServer(redirectTo(capture.origin, 302, (url, method) => method === 'GET' && url.endsWith('/oauth2/microsoft')));
		const client = new HttpDeviceClient({baseUrl: `${device.origin}/api/v1`});
		await client.login('Administrator', password);
		const error = await failure(client.getMicrosoft());
		expect(error.kind).toBe('redirect');
		await client.logout();
		expectNothingCaptured();
		expect(device.received.filter(request => request.url.endsWith('/oauth2/microsoft'))).toHaveLength(1);
	});

	it('the target in the message is an origin only, without control characters', async () => {
		// Raw bytes, as a hostile device could send them: a C1 CSI (0x9B) is a legal header byte.
		const raw = net.createServer(socket => {
			socket.once('data', () => {
				socket.end(Buffer.from(`HTTP/1.1 307 Temporary Redirect\r\nLocation: ${capture.origin}/steal?token=abc\u009B2J\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`, 'latin1'));
			});
		});
		await new Promise<void>(resolve => {
			raw.listen(0, '127.0.0.1', resolve);
		});
		try {
			const client = new HttpDeviceClient({baseUrl: `http://127.0.0.1:${(raw.address() as AddressInfo).port}/api/v1`});
			const error = await failure(client.login('Administrator', password));
			expect(error.kind).toBe('redirect');
			expect(error.message).toContain(capture.origin);
			expect(error.message).not.toContain('steal');
			expect(error.message).not.toContain('token=abc');
			// eslint-disable-next-line no-control-regex
			expect(error.message).not.toMatch(/[\u0000-\u001F\u007F-\u009F]/);
			expectNothingCaptured();
		} finally {
			await new Promise(resolve => {
				raw.close(resolve);
			});
		}
	});

	it('HTTPS device redirecting down to plain HTTP (the device trusted through an injected fetch): nothing reaches the HTTP side', async () => {
		device = await startServer(redirectTo(capture.origin), deviceCertificate);
		const agent = new Agent({connect: {ca: ca.certificatePem}});
		const client = new HttpDeviceClient({
			baseUrl: `${device.origin}/api/v1`,
			fetch: async (input, init) => fetch(input, {...init, dispatcher: agent} as RequestInit),
		});
		const error = await failure(client.login('Administrator', password));
		expect(error.kind).toBe('redirect');
		expect(error.message).toContain(capture.origin);
		expectNothingCaptured();
		await agent.close();
	});

	it('HTTPS device (trusted with its CA) redirecting down to plain HTTP: nothing reaches the HTTP side', async () => {
		device = await startServer(redirectTo(capture.origin), deviceCertificate);
		const client = new HttpDeviceClient({baseUrl: `${device.origin}/api/v1`, trust: {ca: ca.certificatePem}});
		const error = await failure(client.login('Administrator', password));
		expect(error.kind).toBe('redirect');
		expectNothingCaptured();
	});

	it('a device that answers normally still works (no redirect involved)', async () => {
		device = await startServer(fakeDevice);
		const client = new HttpDeviceClient({baseUrl: `${device.origin}/api/v1`});
		await client.login('Administrator', password);
		await client.getMicrosoft();
		expect(device.received[1]!.headers['x-session-token']).toBe(sessionToken);
		expectNothingCaptured();
	});
});
