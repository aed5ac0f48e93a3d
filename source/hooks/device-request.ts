/**
What a form does with a failed device request, the same for every form: a session that
ended keeps the form (the password prompt comes over it), a change made elsewhere (412)
stops it, the device's own field errors go next to their fields, anything else is said in
words under the form.
*/
import type {FieldError} from '../contract-values.js';
import {DeviceError, isDeviceError} from '../device-error.js';

/** Any rejection as a DeviceError (the client rejects only with those; anything else is a bug). */
export function asDeviceError(error: unknown): DeviceError {
	if (isDeviceError(error)) {
		return error;
	}

	return new DeviceError('invalid-response', error instanceof Error ? error.message : String(error), {url: '', cause: error});
}

export type RequestFailure<Field extends string> =
	| {type: 'session-expired'; error: DeviceError}
	| {type: 'conflict'; error: DeviceError}
	/** A 400 that names fields of this form. */
	| {type: 'fields'; fields: Partial<Record<Field, FieldError>>; error: DeviceError}
	| {type: 'error'; error: DeviceError};

export function requestFailure<Field extends string>(
	error: unknown,
	isField: (name: string) => name is Field,
): RequestFailure<Field> {
	const deviceError = asDeviceError(error);
	switch (deviceError.kind) {
		case 'session-expired': {
			return {type: 'session-expired', error: deviceError};
		}

		case 'conflict': {
			return {type: 'conflict', error: deviceError};
		}

		case 'validation': {
			const fields: Partial<Record<Field, FieldError>> = {};
			for (const [name, fieldError] of Object.entries(deviceError.fields ?? {})) {
				if (isField(name)) {
					fields[name] = fieldError;
				}
			}

			return Object.keys(fields).length > 0
				? {type: 'fields', fields, error: deviceError}
				: {type: 'error', error: deviceError};
		}

		default: {
			return {type: 'error', error: deviceError};
		}
	}
}

/** What a form says under its buttons. */
export type FormNotice =
	| {type: 'check-fields'}
	| {type: 'not-saved'}
	| {type: 'error'; error: DeviceError};

/**
Sends what a form holds. On success `done`; a session that ended keeps the form as it is
(saying it was not saved) and is reported; the device's field errors go to `fields`; a 412 to
`conflict` if the form has a way out of it; anything else is said under the form.
*/
export async function formRequest<Result, Field extends string>(request: () => Promise<Result>, handlers: {
	isField(name: string): name is Field;
	/** Back to editing, saying `notice`. */
	edit(notice: FormNotice): void;
	onSessionExpired(error: DeviceError): void;
	fields(fields: Partial<Record<Field, FieldError>>): void;
	conflict?(): void;
	done(result: Result): void;
}): Promise<void> {
	let result: Result;
	try {
		result = await request();
	} catch (error) {
		const failure = requestFailure(error, handlers.isField);
		if (failure.type === 'session-expired') {
			handlers.edit({type: 'not-saved'});
			handlers.onSessionExpired(failure.error);
		} else if (failure.type === 'fields') {
			handlers.fields(failure.fields);
		} else if (failure.type === 'conflict' && handlers.conflict) {
			handlers.conflict();
		} else {
			handlers.edit({type: 'error', error: failure.error});
		}

		return;
	}

	handlers.done(result);
}
