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
] as const;
export type DeviceErrorKind = (typeof deviceErrorKinds)[number];

export class DeviceError extends Error {
	override readonly name = 'DeviceError';
	readonly kind: DeviceErrorKind;
	readonly url: string;
	readonly status: number | undefined;
	readonly retryAfterSeconds: number | undefined;
	readonly fields: Record<string, FieldError> | undefined;
	readonly apiError: ApiError | undefined;

	constructor(
		kind: DeviceErrorKind,
		message: string,
		details: {
			url: string;
			status?: number;
			retryAfterSeconds?: number;
			fields?: Record<string, FieldError>;
			apiError?: ApiError;
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
	}
}

export function isDeviceError(error: unknown): error is DeviceError {
	return error instanceof DeviceError;
}
