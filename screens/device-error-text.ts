/** A failed device request, in the engineer's words (and what to do next). */
import type {DeviceError} from '../source/device-error.js';
import type {Messages} from '../source/i18n/index.js';
import {sanitizeLine} from '../source/sanitize.js';

export function describeDeviceError(messages: Messages, error: DeviceError, deviceUrl: string): string {
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
			const text = words.http(error.status === undefined ? '?' : String(error.status));
			const detail = error.apiError?.message ? sanitizeLine(error.apiError.message).trim() : '';
			return detail ? `${text} ${detail}` : text;
		}

		case 'invalid-response': {
			return words.invalidResponse;
		}
	}

	return words.unexpected;
}
