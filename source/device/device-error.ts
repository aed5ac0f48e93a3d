/**
Every way a device request can fail, as one typed error that screens can put into words.
*/
import type {ApiError, FieldError} from './contract-values.js';

export const deviceErrorKinds = [
	/** Connection refused, reset, DNS failure: the device is not there. */
	'unreachable',
	/** No answer within the client's timeout. */
	'timeout',
	/** 401 on log-in: wrong user name or password. */
	'invalid-credentials',
	/** 423: too many wrong passwords; `retryAfterSeconds` says for how long. */
	'locked',
	/** 401 on anything else: the session ended (idle, device restart, logged out elsewhere). */
	'session-expired',
	/** 400 with per-field errors. */
	'validation',
	/** 412: the settings were changed elsewhere since they were read. */
	'conflict',
	/** Any other 4xx or 5xx. */
	'http',
	/** A body that is not JSON or does not match the contract. */
	'invalid-response',
	/** The caller aborted the request (e.g. a poll stopped because the screen closed). */
	'aborted',
	/**
	HTTPS: the device's certificate is not trusted (`certificate` says why and shows it). Nothing
	was sent: the connection was closed right after the handshake.
	*/
	'certificate',
	/** The device answered with a redirect (3xx): never followed, so nothing went to its target. */
	'redirect',
] as const;
export type DeviceErrorKind = (typeof deviceErrorKinds)[number];

/** A device's TLS certificate as the engineer compares it with the one the printer shows. Text is stripped of control characters. */
export type DeviceCertificate = {
	/** SHA-256 of the DER, as SSH shows a host key: `SHA256:` + base64 without padding. The form pins are kept in. */
	fingerprint: string;
	/** The same, as printers, browsers and openssl show it: 32 hex pairs with colons. */
	fingerprintHex: string;
	/** The subject's common name (or the whole subject when it has none). */
	subject: string;
	/** Subject alternative names (DNS names and IP addresses). */
	altNames: string[];
	issuer: string;
	selfSigned: boolean;
	/** ISO 8601. */
	validFrom: string;
	validTo: string;
};

export const certificateProblems = [
	/** Signed by itself and not pinned: compare the fingerprint with the printer's, then pin it. */
	'self-signed',
	/** Signed by a CA that is not trusted (give the device's CA with --ca), and not pinned. */
	'unknown-issuer',
	/** Outside its validity (expired, or not valid yet: check the clocks). */
	'expired',
	/** Trusted chain, but issued for another host name or address. */
	'name-mismatch',
	/** A fingerprint is pinned for this device, and the certificate presented is another one. */
	'pin-mismatch',
] as const;
export type CertificateProblem = (typeof certificateProblems)[number];

export type CertificateFailure = {
	problem: CertificateProblem;
	/** The certificate the device presented. */
	presented: DeviceCertificate;
	/** The fingerprint that was pinned (pin-mismatch; and whenever one was pinned). */
	pinned?: string;
	/** The device's origin with its port, the key of its pin: `https://printer.local:443`. */
	origin: string;
	/** The engineer was shown this certificate and chose not to trust it (TUI). */
	declined?: boolean;
};

/**
Why a TLS connection to the device was refused by the trust check (device-trust.ts): thrown from
the connection, recognised by the client through fetch's `cause`.
*/
export class CertificateRefusal extends Error {
	override readonly name = 'CertificateRefusal';
	readonly failure: CertificateFailure;

	constructor(failure: CertificateFailure) {
		super(`The device's certificate is not trusted (${failure.problem}): ${failure.presented.fingerprint}${failure.pinned ? `, pinned ${failure.pinned}` : ''}.`);
		this.failure = failure;
	}
}

export class DeviceError extends Error {
	override readonly name = 'DeviceError';
	readonly kind: DeviceErrorKind;
	readonly url: string;
	readonly status: number | undefined;
	readonly retryAfterSeconds: number | undefined;
	readonly fields: Record<string, FieldError> | undefined;
	readonly apiError: ApiError | undefined;
	/** Kind `certificate`: what was presented and why it is not trusted. */
	readonly certificate: CertificateFailure | undefined;
	/** Kind `redirect`: the origin the device pointed to (not contacted). */
	readonly redirectOrigin: string | undefined;

	constructor(
		kind: DeviceErrorKind,
		message: string,
		details: {
			url: string;
			status?: number;
			retryAfterSeconds?: number;
			fields?: Record<string, FieldError>;
			apiError?: ApiError;
			certificate?: CertificateFailure;
			redirectOrigin?: string;
			cause?: unknown;
		},
	) {
		super(message, {cause: details.cause});
		this.kind = kind;
		this.url = details.url;
		this.status = details.status;
		this.retryAfterSeconds = details.retryAfterSeconds;
		this.fields = details.fields;
		this.apiError = details.apiError;
		this.certificate = details.certificate;
		this.redirectOrigin = details.redirectOrigin;
	}
}

export function isDeviceError(error: unknown): error is DeviceError {
	return error instanceof DeviceError;
}
