/**
A change the device could not write to its storage, as the device API says it: 507 Insufficient
Storage (RFC 4918 §11.5) when the storage is full (ENOSPC, EDQUOT), 500 for any other reason
(EACCES, EROFS, EIO, ...), `not_saved` with the errno and the reason in words. The device changed
nothing (ProviderState.commit), so the same If-Match works once the storage is fixed.
*/
import {HttpError} from './http.js';
import {StateNotSaved} from './store.js';

/** Runs a save; a write the storage refused becomes the API's `not_saved` error. */
export function savedOrRefused<T>(save: () => T): T {
	try {
		return save();
	} catch (error) {
		if (error instanceof StateNotSaved) {
			throw new HttpError(error.status, 'not_saved', `Not saved: ${error.reason}. Nothing was changed; the settings are as they were.`, {errno: error.errno});
		}

		throw error;
	}
}
