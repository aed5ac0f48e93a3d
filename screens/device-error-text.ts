/** A failed device request, in the engineer's words (and what to do next). */
import type {CertificateFailure, DeviceError} from '../source/device/device-error.js';
import {formatCountdown} from '../source/hooks/use-now.js';
import type {Messages} from '../source/i18n/index.js';
import {sanitizeLine} from '../source/terminal/sanitize.js';

/**
`context`: what the failed request was, for the words of a write the device's storage refused
(`not_saved`): a form's save (edits kept, press OK again), an action on a settings page (r, x), or
a Google authorization code (used up at Google, so a new one is needed).
*/
export type RequestContext = 'form' | 'action' | 'code';

export function describeDeviceError(messages: Messages, error: DeviceError, deviceUrl: string, context: RequestContext = 'form'): string {
	const words = messages.deviceErrors;
	switch (error.kind) {
		case 'unreachable': {
			return words.unreachable(deviceUrl);
		}

		case 'timeout': {
			return words.timeout(deviceUrl);
		}

		case 'invalid-credentials': {
			return words.invalidCredentials;
		}

		case 'locked': {
			return words.locked('-');
		}

		case 'session-expired': {
			return words.sessionExpired;
		}

		case 'validation': {
			return words.validation;
		}

		case 'conflict': {
			return words.conflict;
		}

		case 'http': {
			if (error.apiError?.error === 'too_many_sessions') {
				const seconds = error.apiError.retryAfterSeconds;
				return words.tooManySessions(seconds === undefined ? '-' : formatCountdown(seconds * 1000));
			}

			if (error.apiError?.error === 'password_change_required') {
				return words.passwordChangeRequired;
			}

			if (error.apiError?.error === 'not_saved') {
				// The device's storage refused the write: the reason in words, with the errno (its form checked by the contract).
				const errno = sanitizeLine(error.apiError.errno ?? '').trim() || '?';
				const storage: Record<string, string> = words.storage;
				const say = context === 'action' ? words.notDone : (context === 'code' ? words.codeNotSaved : words.notSaved);
				return say(storage[errno] ?? words.storage.other, errno);
			}

			const text = words.http(error.status === undefined ? '?' : String(error.status));
			const detail = error.apiError?.message ? sanitizeLine(error.apiError.message).trim() : '';
			return detail ? `${text} ${detail}` : text;
		}

		case 'invalid-response': {
			return words.invalidResponse;
		}

		case 'certificate': {
			return error.certificate ? describeCertificateFailure(messages, error.certificate) : words.unexpected;
		}

		case 'redirect': {
			return words.redirect(sanitizeLine(error.redirectOrigin ?? '?'));
		}
	}

	return words.unexpected;
}

/** A certificate date as the engineer compares it: the day, UTC (`2026-11-30`). */
export function certificateDate(iso: string): string {
	return Number.isNaN(Date.parse(iso)) ? '?' : new Date(iso).toISOString().slice(0, 10);
}

/** Why the device's certificate was refused (nothing was sent), in a few lines for Log In or a screen's message. */
export function describeCertificateFailure(messages: Messages, failure: CertificateFailure): string {
	const words = messages.deviceErrors;
	const {presented} = failure;
	switch (failure.problem) {
		case 'pin-mismatch': {
			return words.certificateChanged(sanitizeLine(failure.origin));
		}

		case 'expired': {
			return words.certificateExpired(certificateDate(presented.validFrom), certificateDate(presented.validTo));
		}

		case 'name-mismatch': {
			return words.certificateNameMismatch(sanitizeLine(failure.origin));
		}

		case 'self-signed':
		case 'unknown-issuer': {
			return failure.declined ? words.certificateDeclined : words.certificateUntrusted(presented.fingerprint);
		}
	}
}
