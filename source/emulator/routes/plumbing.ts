/**
The request/response plumbing every route of the device API shares, once: what a handler is
given (`RouteContext`), the body checked against the contract with zod (400 `bad_request`),
field errors (400 `validation`), the lock-out answer (423 + Retry-After), the ETags a provider's
state is served with and the If-Match check against them (428, 412), the long poll
(`Prefer: wait=N`) and the `not_saved` answers (507/500) for a write the storage refused.
Reading bodies, sending replies and comparing ETags are in ../http.ts.
*/
import type {IncomingMessage} from 'node:http';
import {performance} from 'node:perf_hooks';
import type {z} from 'zod';
import type {FieldError, FieldErrorCode, TokenRevocation} from '../../device/contract.js';
import {maxWaitSeconds} from '../../device/contract-values.js';
import {en} from '../../i18n/en.js';
import type {FieldErrors} from '../../device/validation.js';
import type {FaultInjector} from '../faults.js';
import type {GoogleDevice} from '../google.js';
import {etagOf, HttpError, matches, noneMatch, type Reply} from '../http.js';
import type {MicrosoftDevice} from '../microsoft.js';
import type {Sessions} from '../sessions.js';
import {StateNotSaved} from '../store.js';

/** What every handler is given besides the request: the device's parts and the served ETags. */
export type RouteContext = {
	sessions: Sessions;
	microsoft: MicrosoftDevice;
	google: GoogleDevice;
	served: ServedStates;
};

/** The `/_faults` control's handlers are given the fault injector alone. */
export type ControlContext = {faults: FaultInjector};

export function headerValue(request: IncomingMessage, name: string): string | undefined {
	const value = request.headers[name];
	return Array.isArray(value) ? value.join(', ') : value;
}

function describeIssues(error: z.ZodError): string {
	return error.issues.slice(0, 5).map(issue => `${issue.path.join('.') || '(body)'}: ${issue.message}`).join('; ');
}

/** The body in the contract's shape, or 400 bad_request naming what is wrong. */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown, notValid: string): T {
	const parsed = schema.safeParse(body);
	if (!parsed.success) {
		throw new HttpError(400, 'bad_request', `${notValid}: ${describeIssues(parsed.error)}`);
	}

	return parsed.data;
}

export function fieldError(code: FieldErrorCode, message?: string): FieldError {
	return {code, message: message ?? en.fieldErrors[code]};
}

/** 400 validation with a message per field, when there are field errors. */
export function refuseFields(errors: FieldErrors<string>, message = 'Some settings are not valid; nothing was changed.'): void {
	const fields: Record<string, FieldError> = {};
	for (const [field, code] of Object.entries(errors)) {
		if (code) {
			fields[field] = fieldError(code);
		}
	}

	if (Object.keys(fields).length > 0) {
		throw new HttpError(400, 'validation', message, {fields});
	}
}

/** 423 + Retry-After: this client address is locked after failed log-ins. */
export function lockedError(retryAfterSeconds: number): HttpError {
	return new HttpError(423, 'locked', `Too many failed log-ins. Try again in ${retryAfterSeconds} seconds.`, {
		retryAfterSeconds,
		headers: {'retry-after': String(retryAfterSeconds)},
	});
}

// Not saved: the device's answers for a write its storage refused.

const unchanged = 'Nothing was changed; the settings are as they were.';

/**
A change the device could not write to its storage, as the device API says it: 507 Insufficient
Storage (RFC 4918 §11.5) when the storage is full (ENOSPC, EDQUOT), 500 for any other reason
(EACCES, EROFS, EIO, ...), `not_saved` with the errno and the reason in words. The device changed
nothing (ProviderState.commit), so the same If-Match works once the storage is fixed.

The same answer for every acknowledged write: PUT basic, a password change, the refresh button,
DELETE token and the exchange of a Google authorization code.
*/
function notSaved(error: StateNotSaved, consequence: string): HttpError {
	return new HttpError(error.status, 'not_saved', `Not saved: ${error.reason}. ${consequence}`, {errno: error.errno});
}

/** Runs a save; a write the storage refused becomes the API's `not_saved` error. `consequence`: what that means, in words. */
export function savedOrRefused<T>(save: () => T, consequence = unchanged): T {
	try {
		return save();
	} catch (error) {
		if (error instanceof StateNotSaved) {
			throw notSaved(error, consequence);
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
			throw notSaved(error, consequence);
		}

		throw error;
	}
}

// A provider's state, its ETags, If-Match and the long poll.

/** What GET serves of a provider: the If-Match check compares its `settings`. */
export type ServedState = {settings: unknown};

/** What the API asks of a provider's device side (MicrosoftDevice, GoogleDevice). */
export type Provider = {
	publicState(): ServedState;
	nextChange(timeoutMs: number, signal?: AbortSignal): Promise<boolean>;
	refresh(): ServedState;
	/** Revokes where the identity provider can, then forgets. */
	resetToken(): Promise<{state: ServedState; revocation: TokenRevocation}>;
};

// How many recently served states are remembered for If-Match (see `ServedStates`).
const rememberedEtags = 64;

/**
The states served, by ETag. If-Match guards against overwriting settings that someone else
changed, so an ETag whose settings are still the current ones is accepted even when the device
has moved on by itself since (a check finished, a token was refreshed): that is not a conflict
the engineer could resolve.
*/
export class ServedStates {
	/** ETag → the settings it was served with. */
	readonly #etags = new Map<string, string>();

	/** The state as served (its ETag remembered). */
	reply(state: ServedState, status = 200): Reply & {etag: string} {
		const text = JSON.stringify(state);
		const etag = etagOf(text);
		this.#etags.delete(etag);
		this.#etags.set(etag, JSON.stringify(state.settings));
		while (this.#etags.size > rememberedEtags) {
			const oldest = this.#etags.keys().next().value;
			if (oldest === undefined) {
				break;
			}

			this.#etags.delete(oldest);
		}

		return {status, body: text, headers: {etag}, etag};
	}

	/** 428 without If-Match, 412 when the settings changed since the ETag it names was served. */
	checkIfMatch(request: IncomingMessage, publicState: () => ServedState): void {
		const ifMatch = headerValue(request, 'if-match');
		if (ifMatch === undefined || ifMatch.trim() === '') {
			throw new HttpError(428, 'precondition_required', 'Send If-Match with the ETag of the state the changes are based on.');
		}

		const current = this.reply(publicState());
		if (matches(ifMatch, current.etag)) {
			return;
		}

		const currentSettings = JSON.stringify(publicState().settings);
		const unchanged = ifMatch.split(',').map(tag => tag.trim()).some(tag => this.#etags.get(tag) === currentSettings);
		if (!unchanged) {
			throw new HttpError(412, 'precondition_failed', 'The settings were changed since they were read. Read them again and repeat the change.', {headers: {etag: current.etag}});
		}
	}
}

/**
`Prefer: wait=N` (RFC 7240) on a conditional GET: hold the answer up to N seconds (at most
maxWaitSeconds) until the state differs from the If-None-Match ETag.
*/
export function waitSecondsOf(prefer: string | undefined): number {
	const match = /(?:^|[\s,;])wait\s*=\s*"?(\d{1,6})"?/i.exec(prefer ?? '');
	return match ? Math.min(maxWaitSeconds, Number(match[1])) : 0;
}

/** How long the state is re-read while a long poll waits, for changes that come with time alone (an expiry). */
const recheckMs = 1000;

/**
The long poll: `reply` until the state served differs from `ifNoneMatch` or `waitSeconds`
pass, or the client goes away; the last state read.
*/
export async function awaitChange(request: IncomingMessage, device: Provider, served: ServedStates, reply: Reply & {etag: string}, ifNoneMatch: string | undefined, waitSeconds: number): Promise<Reply & {etag: string}> {
	// The client gave up (timeout, left the screen): stop waiting for it.
	const gone = new AbortController();
	const abort = (): void => {
		gone.abort();
	};

	request.socket.once('close', abort);
	const deadline = performance.now() + (waitSeconds * 1000);
	let latest = reply;
	while (noneMatch(ifNoneMatch, latest.etag) && !gone.signal.aborted) {
		const left = deadline - performance.now();
		if (left <= 0) {
			break;
		}

		const open = await device.nextChange(Math.min(left, recheckMs), gone.signal);
		latest = served.reply(device.publicState());
		if (!open) {
			break;
		}
	}

	request.socket.off('close', abort);
	return latest;
}
