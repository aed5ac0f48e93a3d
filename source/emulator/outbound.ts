/**
The device's outbound HTTPS: every request the emulated printer makes to an identity
provider goes through here, so that "Verify Server Certificate" and "Add CN to Verification
Items" mean the same thing for the connection check, the device code, token polling and
token refresh.

Offline, the authorization server's host name is routed to the local identity provider
(connect to its address, keep SNI and Host = the real name), and only the local CA is
trusted. Live, the name is resolved for real and Node's default roots are trusted.
*/
import https from 'node:https';
import tls, {type PeerCertificate} from 'node:tls';
import type {ClientRequest, IncomingMessage} from 'node:http';
import type {connectionFailureReasons} from '../device/contract.js';

export type TlsPolicy = {
	verifyServerCertificate: boolean;
	addCnToVerification: boolean;
};

/** Where to connect for a host name; undefined = resolve it normally. */
export type Route = (hostname: string) => {host: string; port: number} | undefined;

export type OutboundOptions = {
	/** PEM of the only CA to trust while verifying; undefined = Node's default roots. */
	ca?: string;
	route?: Route;
	/** The whole request, connection included. Default 10 s. */
	timeoutMs?: number;
	/** Bodies larger than this are refused. Default 1 MiB. */
	maxResponseBytes?: number;
};

export type OutboundRequest = {
	method: 'GET' | 'POST';
	url: string;
	/** Sent as application/x-www-form-urlencoded. */
	form?: Record<string, string>;
	/** An access token for an API (`Authorization: Bearer …`); never part of an error. */
	bearer?: string;
	tls: TlsPolicy;
	signal?: AbortSignal;
	/** A tighter bound on the body than the default (a key set, a discovery document). */
	maxResponseBytes?: number;
};

export type OutboundResponse = {
	status: number;
	/** The parsed JSON body, or undefined when it is not JSON. */
	json: unknown;
};

export type FailureReason = (typeof connectionFailureReasons)[number];

/** A request that got no HTTP answer; `reason` uses the contract's connection failure reasons. */
export class OutboundError extends Error {
	override readonly name = 'OutboundError';
	readonly reason: FailureReason;
	readonly code: string | undefined;

	constructor(reason: FailureReason, message: string, code?: string) {
		super(message);
		this.reason = reason;
		this.code = code;
	}
}

export class AbortedError extends Error {
	override readonly name = 'AbortedError';
}

export type Outbound = {
	request(request: OutboundRequest): Promise<OutboundResponse>;
	/** Aborts every request in flight (used by close()). */
	abortAll(): void;
};

// OpenSSL verification results that mean "this chain is not trusted" (X509_V_ERR_*).
const untrustedCodes = new Set([
	'UNABLE_TO_GET_ISSUER_CERT',
	'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
	'SELF_SIGNED_CERT_IN_CHAIN',
	'DEPTH_ZERO_SELF_SIGNED_CERT',
	'CERT_UNTRUSTED',
	'CERT_REJECTED',
	'CERT_HAS_EXPIRED',
	'CERT_NOT_YET_VALID',
	'CERT_REVOKED',
	'CERT_SIGNATURE_FAILURE',
	'CERT_CHAIN_TOO_LONG',
	'INVALID_CA',
	'PATH_LENGTH_EXCEEDED',
	'INVALID_PURPOSE',
	'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
	'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY',
	'ERROR_IN_CERT_NOT_BEFORE_FIELD',
	'ERROR_IN_CERT_NOT_AFTER_FIELD',
]);

const unreachableCodes = new Set([
	'ECONNREFUSED',
	'ECONNRESET',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'ENETDOWN',
	'EHOSTDOWN',
	'ENOTFOUND',
	'EAI_AGAIN',
	'EADDRNOTAVAIL',
	'EPIPE',
]);

/** Sorts a Node network or TLS error into the contract's failure reasons. */
export function classifyError(error: unknown): OutboundError {
	if (error instanceof OutboundError) {
		return error;
	}

	const message = error instanceof Error ? error.message : String(error);
	const code = typeof (error as {code?: unknown} | undefined)?.code === 'string' ? (error as {code: string}).code : undefined;
	if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
		return new OutboundError('cn_mismatch', message, code);
	}

	if (code !== undefined && untrustedCodes.has(code)) {
		return new OutboundError('certificate_untrusted', message, code);
	}

	if (code !== undefined && unreachableCodes.has(code)) {
		return new OutboundError('unreachable', message, code);
	}

	if (code !== undefined && (code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS') || code === 'EPROTO')) {
		return new OutboundError('tls_error', message, code);
	}

	return new OutboundError('unreachable', message, code);
}

/** What every request of one Outbound shares. */
type Settings = {
	timeoutMs: number;
	maxResponseBytes: number;
	ca: string | undefined;
	route: Route | undefined;
};

export function createOutbound(options: OutboundOptions = {}): Outbound {
	const settings: Settings = {
		timeoutMs: options.timeoutMs ?? 10_000,
		maxResponseBytes: options.maxResponseBytes ?? 1024 * 1024,
		ca: options.ca,
		route: options.route,
	};
	const inFlight = new Set<ClientRequest>();
	return {
		request(outbound) {
			return send(outbound, settings, inFlight);
		},
		abortAll() {
			for (const clientRequest of inFlight) {
				clientRequest.destroy(new AbortedError('closed'));
			}

			inFlight.clear();
		},
	};
}

/** How one request in flight ends: once, by an answer, an error, the timeout or an abort. */
type Ending = {
	/** Settles the request; later calls do nothing. */
	finish(error: Error | undefined, response?: OutboundResponse): void;
	/** Settles it with `error` and tears the connection down with it. */
	fail(error: Error): void;
};

function send(outbound: OutboundRequest, settings: Settings, inFlight: Set<ClientRequest>): Promise<OutboundResponse> {
	return new Promise<OutboundResponse>((resolve, reject) => {
		const url = new URL(outbound.url);
		const refusal = refusalBeforeSending(url, outbound.signal);
		if (refusal) {
			reject(refusal);
			return;
		}

		const body = outbound.form ? new URLSearchParams(outbound.form).toString() : undefined;
		const clientRequest = https.request(requestOptions(url, outbound, settings, body));
		inFlight.add(clientRequest);
		const cleanUps: Array<() => void> = [() => inFlight.delete(clientRequest)];
		let settled = false;
		const ending: Ending = {
			finish(error, response) {
				if (settled) {
					return;
				}

				settled = true;
				for (const cleanUp of cleanUps) {
					cleanUp();
				}

				if (error) {
					reject(error);
				} else {
					resolve(response!);
				}
			},
			fail(error) {
				ending.finish(error);
				clientRequest.destroy(error);
			},
		};
		cleanUps.push(boundInTime(url.hostname, settings.timeoutMs, ending), endOnAbort(outbound.signal, ending));
		clientRequest.on('error', error => {
			ending.finish(error instanceof AbortedError ? error : classifyError(error));
		});
		clientRequest.on('response', response => {
			readAnswer(response, Math.min(outbound.maxResponseBytes ?? settings.maxResponseBytes, settings.maxResponseBytes), url.hostname, ending);
		});
		clientRequest.end(body);
	});
}

/** Why a request is not even sent: not https, or already aborted. */
function refusalBeforeSending(url: URL, signal: AbortSignal | undefined): Error | undefined {
	if (url.protocol !== 'https:') {
		return new OutboundError('tls_error', `Not an https URL: ${url.protocol}`);
	}

	return signal?.aborted ? new AbortedError('aborted') : undefined;
}

function requestOptions(url: URL, outbound: OutboundRequest, settings: Settings, body: string | undefined): https.RequestOptions {
	const hostname = url.hostname;
	const target = settings.route?.(hostname);
	const verify = outbound.tls.verifyServerCertificate;
	// Only meaningful while verifying: without verification Node ignores the result.
	const checkCn = verify && outbound.tls.addCnToVerification;
	return {
		method: outbound.method,
		host: target?.host ?? hostname,
		port: target?.port ?? (url.port === '' ? 443 : Number(url.port)),
		path: `${url.pathname}${url.search}`,
		headers: requestHeaders(url, outbound.bearer, body),
		servername: hostname,
		// A fresh connection each time (no keep-alive, no TLS session reuse), so that every
		// request really verifies the certificate, and nothing is left open on close().
		agent: false,
		rejectUnauthorized: verify,
		...(verify && settings.ca !== undefined ? {ca: settings.ca} : {}),
		checkServerIdentity: (host: string, cert: PeerCertificate) => (checkCn ? tls.checkServerIdentity(host, cert) : undefined),
	};
}

function requestHeaders(url: URL, bearer: string | undefined, body: string | undefined): Record<string, string> {
	const headers: Record<string, string> = {
		host: url.host,
		accept: 'application/json',
		'user-agent': 'cloudmail-setup-emulated-device/1',
	};
	if (bearer !== undefined) {
		headers['authorization'] = `Bearer ${bearer}`;
	}

	if (body !== undefined) {
		headers['content-type'] = 'application/x-www-form-urlencoded';
		headers['content-length'] = String(Buffer.byteLength(body));
	}

	return headers;
}

/** The whole request, connection included, ends after `timeoutMs`; returns the clean-up. */
function boundInTime(hostname: string, timeoutMs: number, ending: Ending): () => void {
	const timer = setTimeout(() => {
		ending.fail(new OutboundError('timeout', `No answer from ${hostname} within ${timeoutMs / 1000} s`, 'ETIMEDOUT'));
	}, timeoutMs);
	timer.unref();
	return () => {
		clearTimeout(timer);
	};
}

/** The caller's abort ends the request; returns the clean-up. */
function endOnAbort(signal: AbortSignal | undefined, ending: Ending): () => void {
	const onAbort = (): void => {
		ending.fail(new AbortedError('aborted'));
	};

	signal?.addEventListener('abort', onAbort, {once: true});
	return () => {
		signal?.removeEventListener('abort', onAbort);
	};
}

/** Collects the body up to `limit` bytes (more ends the request) and parses it as JSON. */
function readAnswer(response: IncomingMessage, limit: number, hostname: string, ending: Ending): void {
	const chunks: Buffer[] = [];
	let size = 0;
	response.on('data', (chunk: Buffer) => {
		size += chunk.length;
		if (size > limit) {
			ending.fail(new OutboundError('http_error', `The response from ${hostname} is larger than ${limit} bytes`));
			return;
		}

		chunks.push(chunk);
	});
	response.on('error', error => {
		ending.finish(classifyError(error));
	});
	response.on('end', () => {
		ending.finish(undefined, {status: response.statusCode ?? 0, json: jsonOrUndefined(Buffer.concat(chunks).toString('utf8'))});
	});
}

function jsonOrUndefined(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return undefined;
	}
}
