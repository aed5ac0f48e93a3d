/**
The device's OAuth 2.0 (Microsoft) state, kept fresh: read when the screen becomes active,
polled every `pollIntervalMs` only while the device may change it by itself (`isPending`),
refreshed at once on request. A failed read keeps the last state, reports the error and
retries with a doubling delay (up to 30 s) until it works again. A session that ended stops
polling and is reported; becoming active again (after the new log-in) reads at once.
*/
import {useCallback, useEffect, useRef, useState} from 'react';
import {isPending, type MicrosoftState} from '../contract.js';
import type {DeviceClient} from '../device-client.js';
import {DeviceError, isDeviceError} from '../device-error.js';

export const maxBackoffMs = 30_000;

export type MicrosoftStore = {
	readonly state: MicrosoftState | undefined;
	/** The last request's failure, until a request works again. */
	readonly error: DeviceError | undefined;
	/** A user action under way. */
	readonly busy: 'refresh' | 'reset' | undefined;
	/** The latest state, for key handlers. */
	get(): MicrosoftState | undefined;
	/** The refresh button: re-check the connection, a new user code if the old one expired. */
	refresh(): Promise<void>;
	/** Forget the authorization and start over. */
	reset(): Promise<void>;
	/** Reads the state now; rejects with the DeviceError. */
	reload(): Promise<MicrosoftState>;
	/** A state the device returned to another request (saving the basic settings). */
	replace(state: MicrosoftState): void;
};

export type MicrosoftStateOptions = {
	client: DeviceClient;
	/** False clears what was read (logged out, left the screen for good). */
	mounted: boolean;
	/** True while the screen is visible and the session is valid: read and poll. */
	active: boolean;
	pollIntervalMs: number;
	onSessionExpired(error: DeviceError): void;
};

function asDeviceError(error: unknown): DeviceError {
	if (isDeviceError(error)) {
		return error;
	}

	return new DeviceError('invalid-response', error instanceof Error ? error.message : String(error), {url: '', cause: error});
}

export function backoffDelay(pollIntervalMs: number, failures: number): number {
	return Math.min(maxBackoffMs, pollIntervalMs * 2 ** Math.max(1, failures));
}

export function useMicrosoftState(options: MicrosoftStateOptions): MicrosoftStore {
	const {client, mounted, active, pollIntervalMs} = options;
	const [snapshot, setSnapshot] = useState<{
		state: MicrosoftState | undefined;
		error: DeviceError | undefined;
		busy: MicrosoftStore['busy'];
	}>({state: undefined, error: undefined, busy: undefined});

	const stateRef = useRef<MicrosoftState | undefined>(undefined);
	const activeRef = useRef(false);
	const timerRef = useRef<NodeJS.Timeout | undefined>(undefined);
	const controllerRef = useRef<AbortController | undefined>(undefined);
	const failuresRef = useRef(0);
	// Requests are numbered; an answer older than one already shown is dropped.
	const requestSeqRef = useRef(0);
	const appliedSeqRef = useRef(0);
	const onSessionExpiredRef = useRef(options.onSessionExpired);
	onSessionExpiredRef.current = options.onSessionExpired;
	const pollRef = useRef<() => Promise<void>>(async () => {});

	const clearTimer = useCallback(() => {
		if (timerRef.current !== undefined) {
			clearTimeout(timerRef.current);
			timerRef.current = undefined;
		}
	}, []);

	const schedule = useCallback((delay: number) => {
		clearTimer();
		if (!activeRef.current) {
			return;
		}

		timerRef.current = setTimeout(() => {
			timerRef.current = undefined;
			void pollRef.current();
		}, delay);
	}, [clearTimer]);

	/** Shows a state; returns false if a newer one is already shown. */
	const apply = useCallback((seq: number, state: MicrosoftState): boolean => {
		if (seq < appliedSeqRef.current) {
			return false;
		}

		appliedSeqRef.current = seq;
		failuresRef.current = 0;
		stateRef.current = state;
		setSnapshot(previous => ({...previous, state, error: undefined}));
		return true;
	}, []);

	const scheduleFor = useCallback((state: MicrosoftState) => {
		clearTimer();
		if (isPending(state)) {
			schedule(pollIntervalMs);
		}
	}, [clearTimer, schedule, pollIntervalMs]);

	const fail = useCallback((error: unknown) => {
		const deviceError = asDeviceError(error);
		if (deviceError.kind === 'session-expired') {
			clearTimer();
			onSessionExpiredRef.current(deviceError);
			return;
		}

		failuresRef.current += 1;
		setSnapshot(previous => ({...previous, error: deviceError}));
		schedule(backoffDelay(pollIntervalMs, failuresRef.current));
	}, [clearTimer, schedule, pollIntervalMs]);

	pollRef.current = async () => {
		if (!activeRef.current) {
			return;
		}

		controllerRef.current?.abort();
		const controller = new AbortController();
		controllerRef.current = controller;
		requestSeqRef.current += 1;
		const seq = requestSeqRef.current;
		try {
			const state = await client.getMicrosoft({signal: controller.signal});
			if (controller.signal.aborted) {
				return;
			}

			if (apply(seq, state)) {
				scheduleFor(state);
			}
		} catch (error) {
			if (controller.signal.aborted) {
				return;
			}

			fail(error);
		} finally {
			if (controllerRef.current === controller) {
				controllerRef.current = undefined;
			}
		}
	};

	useEffect(() => {
		if (!active) {
			return;
		}

		activeRef.current = true;
		failuresRef.current = 0;
		void pollRef.current();
		return () => {
			activeRef.current = false;
			controllerRef.current?.abort();
			controllerRef.current = undefined;
			clearTimer();
		};
	}, [active, client, pollIntervalMs, clearTimer]);

	useEffect(() => {
		if (!mounted) {
			stateRef.current = undefined;
			setSnapshot({state: undefined, error: undefined, busy: undefined});
		}
	}, [mounted]);

	const act = useCallback(async (busy: 'refresh' | 'reset', request: () => Promise<MicrosoftState>) => {
		requestSeqRef.current += 1;
		const seq = requestSeqRef.current;
		setSnapshot(previous => ({...previous, busy}));
		try {
			const state = await request();
			if (apply(seq, state)) {
				scheduleFor(state);
			}
		} catch (error) {
			fail(error);
		} finally {
			setSnapshot(previous => ({...previous, busy: undefined}));
		}
	}, [apply, scheduleFor, fail]);

	const refresh = useCallback(async () => act('refresh', async () => client.refreshMicrosoft()), [act, client]);
	const reset = useCallback(async () => act('reset', async () => client.resetMicrosoftToken()), [act, client]);

	const reload = useCallback(async () => {
		requestSeqRef.current += 1;
		const seq = requestSeqRef.current;
		const state = await client.getMicrosoft();
		apply(seq, state);
		return state;
	}, [apply, client]);

	const replace = useCallback((state: MicrosoftState) => {
		requestSeqRef.current += 1;
		apply(requestSeqRef.current, state);
		if (activeRef.current) {
			scheduleFor(state);
		}
	}, [apply, scheduleFor]);

	const get = useCallback(() => stateRef.current, []);

	return {...snapshot, get, refresh, reset, reload, replace};
}
