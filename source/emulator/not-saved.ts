/**
A change the device could not write to its storage, as the device API says it: 507 Insufficient
Storage (RFC 4918 §11.5) when the storage is full (ENOSPC, EDQUOT), 500 for any other reason
(EACCES, EROFS, EIO, ...), `not_saved` with the errno and the reason in words. The device changed
nothing (ProviderState.commit), so the same If-Match works once the storage is fixed.

The same answer for every acknowledged write: PUT basic, a password change, the refresh button,
DELETE token and the exchange of a Google authorization code.
*/
import {HttpError} from './http.js';
import {StateNotSaved} from './store.js';

const unchanged = 'Nothing was changed; the settings are as they were.';

function refusal(error: StateNotSaved, consequence: string): HttpError {
	return new HttpError(error.status, 'not_saved', `Not saved: ${error.reason}. ${consequence}`, {errno: error.errno});
}

/** Runs a save; a write the storage refused becomes the API's `not_saved` error. `consequence`: what that means, in words. */
export function savedOrRefused<T>(save: () => T, consequence = unchanged): T {
	try {
		return save();
	} catch (error) {
		if (error instanceof StateNotSaved) {
			throw refusal(error, consequence);
		}

		throw error;
	}
}

/** `savedOrRefused` for a change that takes a while (a revocation, a code exchange). */
export async function savedOrRefusedAsync<T>(save: () => Promise<T>, consequence = unchanged): Promise<T> {
	try {
		return await save();
	} catch (error) {
		if (error instanceof StateNotSaved) {
			throw refusal(error, consequence);
		}

		throw error;
	}
}
