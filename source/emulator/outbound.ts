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
import type {ClientRequest} from 'node:http';
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

export function createOutbound(options: OutboundOptions = {}): Outbound {
	const timeoutMs = options.timeoutMs ?? 10_000;
	const maxResponseBytes = options.maxResponseBytes ?? 1024 * 1024;
	const inFlight = new Set<ClientRequest>();

	function request(outbound: OutboundRequest): Promise<OutboundResponse> {
		return new Promise<OutboundResponse>((resolve, reject) => {
			const url = new URL(outbound.url);
			if (url.protocol !== 'https:') {
				reject(new OutboundError('tls_error', `Not an https URL: ${url.protocol}`));
				return;
			}

			if (outbound.signal?.aborted) {
				reject(new AbortedError('aborted'));
				return;
			}

			const hostname = url.hostname;
			const target = options.route?.(hostname);
			const verify = outbound.tls.verifyServerCertificate;
			// Only meaningful while verifying: without verification Node ignores the result.
			const checkCn = verify && outbound.tls.addCnToVerification;
			const body = outbound.form ? new URLSearchParams(outbound.form).toString() : undefined;
			const headers: Record<string, string> = {
				host: url.host,
				accept: 'application/json',
				'user-agent': 'cloudmail-setup-emulated-device/1',
			};
			if (outbound.bearer !== undefined) {
				headers['authorization'] = `Bearer ${outbound.bearer}`;
			}

			if (body !== undefined) {
				headers['content-type'] = 'application/x-www-form-urlencoded';
				headers['content-length'] = String(Buffer.byteLength(body));
			}

			let settled = false;
			const finish = (error: Error | undefined, response?: OutboundResponse): void => {
				if (settled) {
					return;
				}

				settled = true;
				clearTimeout(timer);
				outbound.signal?.removeEventListener('abort', onAbort);
				inFlight.delete(clientRequest);
				if (error) {
					reject(error);
				} else {
					resolve(response!);
				}
			};

			const clientRequest = https.request({
				method: outbound.method,
				host: target?.host ?? hostname,
				port: target?.port ?? (url.port === '' ? 443 : Number(url.port)),
				path: `${url.pathname}${url.search}`,
				headers,
				servername: hostname,
				// A fresh connection each time (no keep-alive, no TLS session reuse), so that every
				// request really verifies the certificate, and nothing is left open on close().
				agent: false,
				rejectUnauthorized: verify,
				...(verify && options.ca !== undefined ? {ca: options.ca} : {}),
				checkServerIdentity: (host: string, cert: PeerCertificate) => (checkCn ? tls.checkServerIdentity(host, cert) : undefined),
			});
			inFlight.add(clientRequest);

			const timer = setTimeout(() => {
				const error = new OutboundError('timeout', `No answer from ${hostname} within ${timeoutMs / 1000} s`, 'ETIMEDOUT');
				finish(error);
				clientRequest.destroy(error);
			}, timeoutMs);
			timer.unref();

			const onAbort = (): void => {
				const error = new AbortedError('aborted');
				finish(error);
				clientRequest.destroy(error);
			};

			outbound.signal?.addEventListener('abort', onAbort, {once: true});

			clientRequest.on('error', error => {
				finish(error instanceof AbortedError ? error : classifyError(error));
			});
			clientRequest.on('response', response => {
				const chunks: Buffer[] = [];
				let size = 0;
				const limit = Math.min(outbound.maxResponseBytes ?? maxResponseBytes, maxResponseBytes);
				response.on('data', (chunk: Buffer) => {
					size += chunk.length;
					if (size > limit) {
						const error = new OutboundError('http_error', `The response from ${hostname} is larger than ${limit} bytes`);
						finish(error);
						clientRequest.destroy(error);
						return;
					}

					chunks.push(chunk);
				});
				response.on('error', error => {
					finish(classifyError(error));
				});
				response.on('end', () => {
					const text = Buffer.concat(chunks).toString('utf8');
					let json: unknown;
					try {
						json = JSON.parse(text);
					} catch {
						json = undefined;
					}

					finish(undefined, {status: response.statusCode ?? 0, json});
				});
			});
			clientRequest.end(body);
		});
	}

	return {
		request,
		abortAll() {
			for (const clientRequest of inFlight) {
				clientRequest.destroy(new AbortedError('closed'));
			}

			inFlight.clear();
		},
	};
}
