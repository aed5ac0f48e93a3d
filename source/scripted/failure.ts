/**
Why a scripted command failed, in one error type: its code (which decides the exit code),
words in the chosen language, the refused fields, and what the command had got so far.
*/
import type {FieldErrorCode} from '../device/contract.js';
import type {CertificateFailure, DeviceError} from '../device/device-error.js';
import {formatCountdown} from '../hooks/use-now.js';
import type {Messages} from '../i18n/index.js';
import {sanitizeLine} from '../terminal/sanitize.js';
import {exitCodeBySignal, exitCodeOf, type ErrorCode, type StopSignal} from './exit-codes.js';

export type FieldProblem = {code: FieldErrorCode; message: string};

export class ScriptedFailure extends Error {
	override readonly name = 'ScriptedFailure';
	readonly code: ErrorCode;
	readonly exitCode: number;
	/** Per field of the device API (`endpoint`, `clientId`, `authorizationCode`, `to`, …). */
	readonly fields: Record<string, FieldProblem> | undefined;
	/** The fields' labels, for the human lines. */
	readonly labels: Record<string, string>;
	/** What the command found before failing (printed beside `error` in JSON). */
	readonly result: Record<string, unknown> | undefined;

	constructor(code: ErrorCode, message: string, details: {
		fields?: Record<string, FieldProblem>;
		labels?: Record<string, string>;
		result?: Record<string, unknown>;
		exitCode?: number;
	} = {}) {
		super(message);
		this.code = code;
		this.exitCode = details.exitCode ?? exitCodeOf(code);
		this.fields = details.fields;
		this.labels = details.labels ?? {};
		this.result = details.result;
	}
}

export function usageFailure(message: string): ScriptedFailure {
	return new ScriptedFailure('usage', message);
}

export function interrupted(messages: Messages, signal: StopSignal): ScriptedFailure {
	return new ScriptedFailure('interrupted', messages.scripted.interrupted(signal), {exitCode: exitCodeBySignal[signal]});
}

/** The words for a refused field: the shared table, plus the identity provider's own where it refused a code. */
export function fieldProblem(messages: Messages, code: FieldErrorCode, deviceMessage?: string): FieldProblem {
	const detail = code === 'code_rejected' && deviceMessage ? sanitizeLine(deviceMessage).trim() : '';
	const words = messages.fieldErrors[code];
	return {code, message: detail ? `${words} (${detail})` : words};
}

/** Refused before anything was sent: `errors` as the shared validators return them. */
export function validationFailure(
	messages: Messages,
	errors: Partial<Record<string, FieldErrorCode>>,
	labels: Record<string, string>,
): ScriptedFailure {
	const fields: Record<string, FieldProblem> = {};
	for (const [name, code] of Object.entries(errors)) {
		if (code) {
			fields[name] = fieldProblem(messages, code);
		}
	}

	return new ScriptedFailure('validation', messages.scripted.notSent, {fields, labels});
}

/** A failed device request, in the same words as the TUI's; `deviceUrl`: the API base the words name. */
export function fromDeviceError(messages: Messages, error: DeviceError, options: {deviceUrl?: string; labels?: Record<string, string>} = {}): ScriptedFailure {
	const words = messages.deviceErrors;
	const deviceUrl = options.deviceUrl ?? error.url;
	switch (error.kind) {
		case 'unreachable': {
			return new ScriptedFailure('unreachable', words.unreachable(deviceUrl));
		}

		case 'timeout': {
			return new ScriptedFailure('timeout', words.timeout(deviceUrl));
		}

		case 'invalid-credentials': {
			return new ScriptedFailure('invalid_credentials', words.invalidCredentials);
		}

		case 'locked': {
			const time = error.retryAfterSeconds === undefined ? '-' : formatCountdown(error.retryAfterSeconds * 1000);
			return new ScriptedFailure('locked', words.locked(time));
		}

		case 'session-expired': {
			return new ScriptedFailure('session_expired', words.sessionExpired);
		}

		case 'validation': {
			const fields: Record<string, FieldProblem> = {};
			for (const [name, problem] of Object.entries(error.fields ?? {})) {
				fields[name] = fieldProblem(messages, problem.code, problem.message);
			}

			return new ScriptedFailure('validation', messages.scripted.refusedByDevice, {fields, ...(options.labels ? {labels: options.labels} : {})});
		}

		case 'conflict': {
			return new ScriptedFailure('conflict', messages.scripted.conflict);
		}

		case 'http': {
			if (error.apiError?.error === 'token_not_active') {
				return new ScriptedFailure('token_not_active', messages.scripted.tokenNotActive);
			}

			if (error.apiError?.error === 'account_unknown') {
				return new ScriptedFailure('account_unknown', messages.scripted.accountUnknown);
			}

			if (error.apiError?.error === 'too_many_sessions') {
				const seconds = error.apiError.retryAfterSeconds;
				return new ScriptedFailure('too_many_sessions', words.tooManySessions(seconds === undefined ? '-' : formatCountdown(seconds * 1000)));
			}

			if (error.apiError?.error === 'password_change_required') {
				return new ScriptedFailure('password_change_required', messages.scripted.passwordChangeRequired);
			}

			const text = words.http(error.status === undefined ? '?' : String(error.status));
			const detail = error.apiError?.message ? sanitizeLine(error.apiError.message).trim() : '';
			return new ScriptedFailure('http', detail ? `${text} ${detail}` : text);
		}

		case 'invalid-response': {
			return new ScriptedFailure('invalid_response', words.invalidResponse);
		}

		case 'aborted': {
			return new ScriptedFailure('interrupted', words.unexpected);
		}

		case 'certificate': {
			return error.certificate ? certificateFailure(messages, error.certificate) : new ScriptedFailure('certificate', words.unexpected);
		}

		case 'redirect': {
			return new ScriptedFailure('redirect', words.redirect(sanitizeLine(error.redirectOrigin ?? '?')));
		}
	}

	return new ScriptedFailure('internal', words.unexpected);
}

/** The day of a certificate date (UTC). */
function day(iso: string): string {
	return Number.isNaN(Date.parse(iso)) ? '?' : new Date(iso).toISOString().slice(0, 10);
}

/**
An https device's certificate that was not trusted: the fingerprint to verify and the exact
option to pass, in the message; the certificate itself in the JSON error document. Never
trusted on first use: a script says which certificate it expects.
*/
export function certificateFailure(messages: Messages, failure: CertificateFailure): ScriptedFailure {
	const words = messages.scripted.certificate;
	const {presented} = failure;
	const origin = sanitizeLine(failure.origin);
	let message: string;
	switch (failure.problem) {
		case 'pin-mismatch': {
			message = words.changed(origin, failure.pinned ?? '?', presented.fingerprint, presented.fingerprintHex);
			break;
		}

		case 'expired': {
			message = words.expired(origin, day(presented.validFrom), day(presented.validTo), presented.fingerprint);
			break;
		}

		case 'name-mismatch': {
			message = words.nameMismatch(origin, presented.altNames.join(', ') || '-', presented.fingerprint);
			break;
		}

		case 'self-signed':
		case 'unknown-issuer': {
			message = words.untrusted(origin, presented.fingerprint, presented.fingerprintHex);
			break;
		}
	}

	return new ScriptedFailure('certificate', message, {
		result: {
			certificate: {
				problem: failure.problem,
				origin,
				fingerprint: presented.fingerprint,
				fingerprintHex: presented.fingerprintHex,
				...(failure.pinned === undefined ? {} : {pinned: failure.pinned}),
				subject: presented.subject,
				altNames: presented.altNames,
				issuer: presented.issuer,
				selfSigned: presented.selfSigned,
				validFrom: presented.validFrom,
				validTo: presented.validTo,
			},
		},
	});
}
