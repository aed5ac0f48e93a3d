/**
What a form does with a failed device request, the same for every form: a session that
ended keeps the form (the password prompt comes over it), a change made elsewhere (412)
stops it, the device's own field errors go next to their fields, anything else is said in
words under the form.

A form that saves (Edit Basic Settings) also asks what became of a request whose answer was
lost (`answerLost`): the device may have made the change and then failed to say so (the
connection dropped, it restarted, the client gave up waiting). It reads the device's state
again and compares it with what it sent (`heldAfterLostAnswer`).
*/
import type {FieldError, FieldErrorCode} from '../device/contract-values.js';
import {DeviceError, isDeviceError} from '../device/device-error.js';

/** Any rejection as a DeviceError (the client rejects only with those; anything else is a bug). */
export function asDeviceError(error: unknown): DeviceError {
	if (isDeviceError(error)) {
		return error;
	}

	return new DeviceError('invalid-response', error instanceof Error ? error.message : String(error), {url: '', cause: error});
}

/** The codes of the device's field errors (what a form shows next to its fields). */
export function fieldErrorCodesOf<Field extends string>(fields: Partial<Record<Field, FieldError>>): Partial<Record<Field, FieldErrorCode>> {
	const codes: Partial<Record<Field, FieldErrorCode>> = {};
	for (const [name, fieldError] of Object.entries(fields) as Array<[Field, FieldError | undefined]>) {
		if (fieldError) {
			codes[name] = fieldError.code;
		}
	}

	return codes;
}

/** Clock time (`now` + Retry-After) at which a lock-out (423) ends; undefined for other errors or without Retry-After. */
export function lockedUntilOf(error: DeviceError, now: number): number | undefined {
	return error.kind === 'locked' && error.retryAfterSeconds !== undefined
		? now + (error.retryAfterSeconds * 1000)
		: undefined;
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
Whether a failed request may still have been carried out, so that only reading the device's
state again can tell: no answer (connection refused or reset, timeout), an answer that could
not be read, or a 5xx other than `not_saved` (which says the device changed nothing). A 401 is
an answer: the device refused the request before doing anything (the session had ended).
*/
export function answerLost(error: DeviceError): boolean {
	switch (error.kind) {
		case 'unreachable':
		case 'timeout':
		case 'invalid-response': {
			return true;
		}

		case 'http': {
			return (error.status ?? 0) >= 500 && error.apiError?.error !== 'not_saved';
		}

		default: {
			return false;
		}
	}
}

/**
What the device holds after a save whose answer was lost, compared with what was sent and with
what the form was based on: `sent` (saved; also when they are the same), `old` (not saved),
`other` (someone else changed it meanwhile), or `unknown` (it cannot be told: a write-only value
such as a client secret on a device that does not count its writes).
*/
export type Held = 'sent' | 'old' | 'other' | 'unknown';

/** `Held` from whether the readable part matches what was sent / the old state. */
export function heldAfterLostAnswer(asSent: boolean, asOld: boolean): Held {
	if (asSent) {
		return 'sent';
	}

	return asOld ? 'old' : 'other';
}

/**
Sends what a form holds. On success `done`; a session that ended keeps the form as it is
(saying it was not saved) and is reported; the device's field errors go to `fields`; a 412 to
`conflict` if the form has a way out of it; a lost answer (`answerLost`) to `lost` if the form
checks what became of it; anything else is said under the form.
*/
export async function formRequest<Result, Field extends string>(request: () => Promise<Result>, handlers: {
	isField(name: string): name is Field;
	/** Back to editing, saying `notice`. */
	edit(notice: FormNotice): void;
	onSessionExpired(error: DeviceError): void;
	fields(fields: Partial<Record<Field, FieldError>>): void;
	conflict?(): void;
	/** The answer was lost: find out whether the request was carried out. */
	lost?(error: DeviceError): void;
	done(result: Result): void;
}): Promise<void> {
	let result: Result;
	try {
		result = await request();
	} catch (error) {
		const failure = requestFailure(error, handlers.isField);
		if (handlers.lost && answerLost(failure.error)) {
			handlers.lost(failure.error);
		} else if (failure.type === 'session-expired') {
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
