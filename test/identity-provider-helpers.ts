/** HTTPS and TLS helpers for the offline identity provider's tests (real loopback TLS). */
import https from 'node:https';
import tls from 'node:tls';
import {afterAll, beforeAll, beforeEach} from 'vitest';
import type {manualClock} from '../source/clock.js';
import {startIdentityProvider, type IdentityProvider} from '../source/identity-provider/index.js';
import {readAnswer} from './support/exact-request.js';
import {formPageOf, withFormToken} from './support/idp-form.js';

/**
The hooks every identity provider test file needs: one provider per file on `clock`, its log
lines collected in `logLines`, reset (and the clock set back to `start`) before each test.
*/
export function withIdentityProvider(
	{clock, start, logLines}: {clock: ReturnType<typeof manualClock>; start: number; logLines: string[]},
	use: (provider: IdentityProvider) => void,
): void {
	let provider: IdentityProvider | undefined;
	beforeAll(async () => {
		provider = await startIdentityProvider({now: clock.now, log: line => logLines.push(line)});
		use(provider);
	});

	afterAll(async () => {
		await provider?.close();
	});

	beforeEach(() => {
		clock.set(start);
		provider!.controls.reset();
	});
}

export type HttpResult = {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	text: string;
	json: any;
};

export type RequestOptions = {
	method?: string;
	/** Sent as application/x-www-form-urlencoded. */
	form?: Record<string, string>;
	/** Sent as application/json. */
	json?: unknown;
	/** Sent as is. */
	body?: string | Buffer;
	headers?: Record<string, string>;
	/** A `form` for the sign-in or consent page is posted from the page (GET first, its token and cookie sent back: support/idp-form.ts), unless false. */
	fromThePage?: boolean;
};

/**
One request over a fresh TLS connection that trusts only the provider's CA; `/_control/` requests
carry the run's test token; a form of the provider's own pages is posted as a browser does it.
*/
export async function request(provider: IdentityProvider, path: string, options: RequestOptions = {}): Promise<HttpResult> {
	const page = options.form && options.fromThePage !== false ? formPageOf(path, options.form) : undefined;
	if (options.form && page !== undefined) {
		const shown = await requestOnce(provider, page, {headers: {accept: 'text/html'}});
		const posted = withFormToken(options.form, {body: shown.text, setCookie: shown.headers['set-cookie'] as string[] | undefined});
		return requestOnce(provider, path, {...options, form: posted.fields, headers: {...posted.headers, ...options.headers}});
	}

	return requestOnce(provider, path, options);
}

async function requestOnce(provider: IdentityProvider, path: string, options: RequestOptions = {}): Promise<HttpResult> {
	let body: string | Buffer | undefined = options.body;
	const headers: Record<string, string> = {...options.headers};
	if (path.startsWith('/_control/')) {
		headers['x-test-token'] ??= provider.testToken;
	}
	if (options.form) {
		body = new URLSearchParams(options.form).toString();
		headers['content-type'] ??= 'application/x-www-form-urlencoded';
	} else if (options.json !== undefined) {
		body = JSON.stringify(options.json);
		headers['content-type'] ??= 'application/json';
	}

	return new Promise((resolve, reject) => {
		const outgoing = https.request({
			host: '127.0.0.1',
			port: provider.port,
			servername: 'login.microsoftonline.com',
			ca: provider.caCertificatePem,
			agent: false,
			method: options.method ?? (body === undefined ? 'GET' : 'POST'),
			path,
			headers,
		}, response => {
			readAnswer(response).then(resolve, reject);
		});
		outgoing.on('error', reject);
		outgoing.end(body);
	});
}

export const microsoftScope = 'https://outlook.office.com/SMTP.Send offline_access';

export type TlsResult = {ok: true} | {ok: false; code: string | undefined; message: string};

/** A TLS handshake as the device's connection check makes it. */
export function tlsConnect(provider: IdentityProvider, options: tls.ConnectionOptions = {}): Promise<TlsResult> {
	return new Promise(resolve => {
		const socket = tls.connect({
			host: '127.0.0.1',
			port: provider.port,
			servername: 'login.microsoftonline.com',
			ca: provider.caCertificatePem,
			...options,
		}, () => {
			socket.end();
			resolve({ok: true});
		});
		socket.on('error', (error: NodeJS.ErrnoException) => {
			socket.destroy();
			resolve({ok: false, code: error.code, message: error.message});
		});
	});
}
