/**
The HTTP(S) server of the emulated device's local API: its time limits, a JSON answer even to
a request the HTTP parser refused, listening, and closing with every connection.
*/
import http from 'node:http';
import https from 'node:https';
import {errorName} from './activity.js';

export type RequestHandler = (request: http.IncomingMessage, response: http.ServerResponse) => void;

/** HTTPS with `tls` (device-certificate.ts), plain HTTP without. */
export function createDeviceServer(tls: {keyPem: string; certificatePem: string} | undefined, handle: RequestHandler): http.Server {
	const server = tls ? https.createServer({key: tls.keyPem, cert: tls.certificatePem}, handle) : http.createServer(handle);
	server.headersTimeout = 10_000;
	server.requestTimeout = 30_000;
	server.on('clientError', (_error, socket) => {
		// A request the HTTP parser refused (bad request line or headers): still a JSON error.
		if (socket.writable) {
			const body = JSON.stringify({error: 'bad_request', message: 'The request is not valid HTTP.'});
			socket.end(`HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
		} else {
			socket.destroy();
		}
	});
	return server;
}

/** Resolves once listening (rejects when it cannot); later server errors are logged. */
export async function listen(server: http.Server, port: number, host: string, log: (line: string) => void): Promise<void> {
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	server.on('error', error => {
		log(`server error ${errorName(error)}`);
	});
}

/** The port really bound; 0 before listening. */
export function boundPort(server: http.Server): number {
	const address = server.address();
	return typeof address === 'object' && address ? address.port : 0;
}

/** Stops listening and ends every connection, idle or not; resolves once closed. */
export async function closeServer(server: http.Server): Promise<void> {
	const closed = new Promise<void>(resolve => {
		server.close(() => {
			resolve();
		});
	});
	server.closeAllConnections();
	await closed;
}

/** A bound address as a URL names it: a wildcard as 127.0.0.1, IPv6 in brackets. */
export function urlHost(host: string): string {
	if (host === '0.0.0.0' || host === '::' || host === '') {
		return '127.0.0.1';
	}

	return host.includes(':') ? `[${host}]` : host;
}
