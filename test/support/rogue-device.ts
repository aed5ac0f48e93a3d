/**
A rogue device on loopback: it speaks the device API (/api/v1: log-in, log-out, both providers'
states) with answers a test chooses, valid or not: contract-valid text full of invisible
characters, fields of 100 KB, bodies of 20 MB with an honest, a missing or a lying
Content-Length. It records every request and whether each answer's body was sent to the end
(a client that gives up drops the connection before).
*/
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import type {GoogleState, MicrosoftState} from '../../source/device/contract.js';

/** What one request gets: JSON (`body`), or `bytes` of a body built by `chunk`, streamed. */
export type RogueAnswer = {
	status?: number;
	headers?: Record<string, string>;
	body?: unknown;
	/** A streamed body: `prefix`, then filler up to `bytes` in all, then `suffix`. */
	stream?: {bytes: number; prefix?: string; suffix?: string; filler?: string; contentLength: 'honest' | 'absent' | number};
};

export type RogueRequest = {method: string; path: string; headers: http.IncomingHttpHeaders; body: string};

/** One answer as it went: how many body bytes were written, whether the connection closed, and whether all of them were sent first. */
export type Sent = {method: string; path: string; bytes: number; closed: boolean; finished: boolean};

const base = '/api/v1';

/** A device authorization of Entra's shape, for 15 minutes from now. */
export function deviceAuthorization(overrides: Partial<NonNullable<MicrosoftState['authorization']>> = {}): NonNullable<MicrosoftState['authorization']> {
	return {
		userCode: 'FJ2K8QWXR',
		verificationUri: 'https://microsoft.com/devicelogin',
		message: 'To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code FJ2K8QWXR to authenticate.',
		expiresAt: new Date(Date.now() + (15 * 60 * 1000)).toISOString(),
		intervalSeconds: 5,
		...overrides,
	};
}

export function microsoftWaiting(authorization = deviceAuthorization()): MicrosoftState {
	return {
		settings: {enabled: true, verifyServerCertificate: true, addCnToVerification: false, endpoint: 'https://login.microsoftonline.com/organizations/oauth2/v2.0'},
		connection: {status: 'success', checkedAt: new Date().toISOString()},
		authorization,
		token: {status: 'waiting'},
	};
}

export function googleNotConfigured(): GoogleState {
	return {
		settings: {enabled: false, verifyServerCertificate: true, addCnToVerification: false, clientId: '', clientSecretSet: false},
		connection: {status: 'not-checked'},
		authorization: null,
		token: {status: 'not-authorized'},
	};
}

export class RogueDevice {
	url = '';
	microsoft: MicrosoftState = microsoftWaiting();
	google: GoogleState = googleNotConfigured();
	readonly requests: RogueRequest[] = [];
	readonly sent: Sent[] = [];
	/** Answers that take precedence over the states: `METHOD path` (path relative to /api/v1) → answer. */
	readonly answers = new Map<string, RogueAnswer | ((request: RogueRequest) => RogueAnswer)>();
	readonly #server = http.createServer((request, response) => {
		this.#handle(request, response);
	});

	readonly #sockets = new Set<import('node:net').Socket>();

	async start(): Promise<this> {
		this.#server.on('connection', socket => {
			this.#sockets.add(socket);
			socket.on('close', () => this.#sockets.delete(socket));
		});
		await new Promise<void>(resolve => {
			this.#server.listen(0, '127.0.0.1', resolve);
		});
		const {port} = this.#server.address() as AddressInfo;
		this.url = `http://127.0.0.1:${port}${base}`;
		return this;
	}

	/** `METHOD path` of every request so far, e.g. `DELETE /api/v1/session`. */
	log(): string[] {
		return this.requests.map(request => `${request.method} ${request.path}`);
	}

	count(line: string): number {
		return this.log().filter(entry => entry === line).length;
	}

	async waitFor(predicate: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		while (!predicate()) {
			if (Date.now() > deadline) {
				throw new Error(`Timed out waiting for ${what}. Requests: ${this.log().join(', ')}`);
			}

			// eslint-disable-next-line no-await-in-loop
			await new Promise(resolve => {
				setTimeout(resolve, 50);
			});
		}
	}

	async close(): Promise<void> {
		for (const socket of this.#sockets) {
			socket.destroy();
		}

		await new Promise(resolve => {
			this.#server.close(resolve);
		});
	}

	#handle(request: http.IncomingMessage, response: http.ServerResponse): void {
		let body = '';
		request.setEncoding('utf8');
		request.on('data', (chunk: string) => {
			body += chunk;
		});
		request.on('end', () => {
			const path = (request.url ?? '/').split('?')[0]!;
			const entry: RogueRequest = {method: request.method ?? 'GET', path, headers: request.headers, body};
			this.requests.push(entry);
			const name = path.startsWith(`${base}/`) ? path.slice(base.length + 1) : path;
			const chosen = this.answers.get(`${entry.method} ${name}`);
			const answer = typeof chosen === 'function' ? chosen(entry) : chosen ?? this.#standard(entry.method, name);
			this.#send(entry, response, answer);
		});
	}

	#standard(method: string, name: string): RogueAnswer {
		switch (`${method} ${name}`) {
			case 'POST session': {
				return {body: {token: 'rogue-session-token-0123456789', idleTimeoutSeconds: 600}};
			}

			case 'DELETE session': {
				return {status: 204};
			}

			case 'GET oauth2/microsoft':
			case 'POST oauth2/microsoft/refresh': {
				return {body: this.microsoft};
			}

			case 'GET oauth2/google':
			case 'POST oauth2/google/refresh': {
				return {body: this.google};
			}

			default: {
				return {status: 404, body: {error: 'not_found', message: 'There is nothing at this path.'}};
			}
		}
	}

	#send(request: RogueRequest, response: http.ServerResponse, answer: RogueAnswer): void {
		const record: Sent = {method: request.method, path: request.path, bytes: 0, closed: false, finished: false};
		this.sent.push(record);
		response.on('close', () => {
			record.closed = true;
			record.finished = response.writableFinished;
		});
		const status = answer.status ?? 200;
		if (answer.stream) {
			this.#stream(response, status, answer, record);
			return;
		}

		if (answer.body === undefined) {
			response.writeHead(status, answer.headers);
			response.end();
			return;
		}

		const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
		record.bytes = Buffer.byteLength(text);
		response.writeHead(status, {'content-type': 'application/json', 'content-length': String(record.bytes), ...answer.headers});
		response.end(text);
	}

	/** Writes the streamed body in 64 KiB pieces, as fast as the client reads; stops when it hangs up. */
	#stream(response: http.ServerResponse, status: number, answer: RogueAnswer, record: Sent): void {
		const {bytes, prefix = '', suffix = '', filler = 'x', contentLength} = answer.stream!;
		const headers: Record<string, string> = {'content-type': 'application/json', ...answer.headers};
		if (contentLength === 'honest') {
			headers['content-length'] = String(bytes);
		} else if (typeof contentLength === 'number') {
			headers['content-length'] = String(contentLength);
		}

		response.writeHead(status, headers);
		const piece = filler.repeat(Math.ceil((64 * 1024) / filler.length)).slice(0, 64 * 1024);
		let left = bytes - Buffer.byteLength(prefix) - Buffer.byteLength(suffix);
		let started = false;
		const pump = (): void => {
			for (;;) {
				if (response.destroyed) {
					return;
				}

				let chunk: string;
				if (!started) {
					started = true;
					chunk = prefix;
				} else if (left > 0) {
					chunk = left >= piece.length ? piece : piece.slice(0, left);
					left -= chunk.length;
				} else {
					record.bytes += Buffer.byteLength(suffix);
					response.end(suffix);
					return;
				}

				record.bytes += Buffer.byteLength(chunk);
				if (!response.write(chunk)) {
					response.once('drain', pump);
					return;
				}
			}
		};

		pump();
	}
}

/** A JSON body of `bytes` bytes: the state with the authorization's message made of `filler` (for streamed answers). */
export function oversizedMicrosoftState(bytes: number, filler = 'x'): RogueAnswer {
	const state = microsoftWaiting(deviceAuthorization({message: '@@'}));
	const [prefix, suffix] = JSON.stringify(state).split('@@') as [string, string];
	return {stream: {bytes, prefix, suffix, filler, contentLength: 'absent'}};
}
