/**
A provider's OAuth 2.0 state on the device (Microsoft, Google), kept fresh: read when the
screen becomes active, polled only while the device may change it by itself (the provider's
`pending`), refreshed at once on request. Polls are long polls (the device answers as soon as
the state changes, or after `longPollSeconds` with a 304) and start at most once every
`pollIntervalMs`, so a change shows at once and a device without long polls is polled at
that pace. A failed read keeps the last
state, reports the error and retries with a doubling delay (up to 30 s) until it works again.
A session that ended stops polling and is reported; becoming active again (after the new
log-in) reads at once.
*/
import {useCallback, useEffect, useLayoutEffect, useRef, useState} from 'react';
import {isPending, type GoogleState, type MicrosoftState, type TokenRevocation} from '../device/contract-values.js';
import type {DeviceClient, ReadOptions, TokenReset} from '../device/device-client.js';
import type {DeviceError} from '../device/device-error.js';
import {asDeviceError} from '../forms/device-request.js';

export const maxBackoffMs = 30_000;
/** How long a poll asks the device to hold its answer while nothing changes. */
export const longPollSeconds = 25;

/** How to read and change one provider's state. */
export type Provider<State> = {
	read(client: DeviceClient, options?: ReadOptions): Promise<State>;
	refresh(client: DeviceClient): Promise<State>;
	reset(client: DeviceClient): Promise<TokenReset<State>>;
	/** True while the device may change the state by itself, so it is polled. */
	pending(state: State): boolean;
};

export const microsoftProvider: Provider<MicrosoftState> = {
	read: async (client, options) => client.getMicrosoft(options),
	refresh: async client => client.refreshMicrosoft(),
	reset: async client => client.resetMicrosoftToken(),
	// Checking, or waiting for the sign-in on a phone (the device polls Entra ID).
	pending: isPending,
};

export const googleProvider: Provider<GoogleState> = {
	read: async (client, options) => client.getGoogle(options),
	refresh: async client => client.refreshGoogle(),
	reset: async client => client.resetGoogleToken(),
	// Only the check: "waiting" means waiting for the engineer to paste a code.
	pending: state => state.connection.status === 'checking',
};

export type ProviderStore<State> = {
	readonly state: State | undefined;
	/** The last request's failure, until a request works again. */
	readonly error: DeviceError | undefined;
	/** A user action under way. */
	readonly busy: 'refresh' | 'reset' | undefined;
	/** The latest state, for key handlers. */
	get(): State | undefined;
	/** The refresh button: re-check the connection (Microsoft: a new user code if the old one expired). */
	refresh(): Promise<void>;
	/** Forget the authorization and start over; what the revocation at the identity provider did, undefined when the request failed. */
	reset(): Promise<TokenRevocation | undefined>;
	/** Reads the state now; rejects with the DeviceError. */
	reload(): Promise<State>;
	/** A state the device returned to another request (saving the basic settings, a code). */
	replace(state: State): void;
};

export type MicrosoftStore = ProviderStore<MicrosoftState>;
export type GoogleStore = ProviderStore<GoogleState>;

export type ProviderStateOptions = {
	client: DeviceClient;
	/** False clears what was read (logged out, left the screen for good). */
	mounted: boolean;
	/** True while the screen is visible and the session is valid: read and poll. */
	active: boolean;
	pollIntervalMs: number;
	onSessionExpired(error: DeviceError): void;
};

export function backoffDelay(pollIntervalMs: number, failures: number): number {
	return Math.min(maxBackoffMs, pollIntervalMs * 2 ** Math.max(1, failures));
}

/** `provider` must be a module-level constant (microsoftProvider, googleProvider). */
export function useProviderState<State>(provider: Provider<State>, options: ProviderStateOptions): ProviderStore<State> {
	const {client, mounted, active, pollIntervalMs} = options;
	const [snapshot, setSnapshot] = useState<{
		state: State | undefined;
		error: DeviceError | undefined;
		busy: ProviderStore<State>['busy'];
	}>({state: undefined, error: undefined, busy: undefined});

	const stateRef = useRef<State | undefined>(undefined);
	const activeRef = useRef(false);
	const timerRef = useRef<NodeJS.Timeout | undefined>(undefined);
	const controllerRef = useRef<AbortController | undefined>(undefined);
	const failuresRef = useRef(0);
	// Requests are numbered; an answer older than one already shown is dropped.
	const requestSeqRef = useRef(0);
	const appliedSeqRef = useRef(0);
	const onSessionExpiredRef = useRef(options.onSessionExpired);
	onSessionExpiredRef.current = options.onSessionExpired;
	const pollRef = useRef<(longPoll: boolean) => Promise<void>>(async () => {});

	const clearTimer = useCallback(() => {
		if (timerRef.current !== undefined) {
			clearTimeout(timerRef.current);
			timerRef.current = undefined;
		}
	}, []);

	const schedule = useCallback((delay: number, longPoll: boolean) => {
		clearTimer();
		if (!activeRef.current) {
			return;
		}

		timerRef.current = setTimeout(() => {
			timerRef.current = undefined;
			void pollRef.current(longPoll);
		}, delay);
	}, [clearTimer]);

	/** Shows a state; returns false if a newer one is already shown. */
	const apply = useCallback((seq: number, state: State): boolean => {
		if (seq < appliedSeqRef.current) {
			return false;
		}

		appliedSeqRef.current = seq;
		failuresRef.current = 0;
		stateRef.current = state;
		setSnapshot(previous => ({...previous, state, error: undefined}));
		return true;
	}, []);

	/** `startedAt`: when the request that brought `state` began; the next one starts a poll interval after it. */
	const scheduleFor = useCallback((state: State, startedAt?: number) => {
		clearTimer();
		if (provider.pending(state)) {
			const elapsed = startedAt === undefined ? 0 : performance.now() - startedAt;
			schedule(Math.max(0, pollIntervalMs - elapsed), true);
		}
	}, [clearTimer, schedule, pollIntervalMs, provider]);

	const fail = useCallback((error: unknown) => {
		const deviceError = asDeviceError(error);
		if (deviceError.kind === 'session-expired') {
			clearTimer();
			// The device answered: an earlier "cannot reach" is no longer true after the new log-in.
			failuresRef.current = 0;
			setSnapshot(previous => (previous.error ? {...previous, error: undefined} : previous));
			onSessionExpiredRef.current(deviceError);
			return;
		}

		failuresRef.current += 1;
		setSnapshot(previous => ({...previous, error: deviceError}));
		schedule(backoffDelay(pollIntervalMs, failuresRef.current), false);
	}, [clearTimer, schedule, pollIntervalMs]);

	pollRef.current = async (longPoll: boolean) => {
		if (!activeRef.current) {
			return;
		}

		controllerRef.current?.abort();
		const controller = new AbortController();
		controllerRef.current = controller;
		requestSeqRef.current += 1;
		const seq = requestSeqRef.current;
		const startedAt = performance.now();
		try {
			const state = await provider.read(client, {signal: controller.signal, ...(longPoll ? {waitSeconds: longPollSeconds} : {})});
			if (controller.signal.aborted) {
				return;
			}

			if (apply(seq, state)) {
				scheduleFor(state, startedAt);
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

	// A layout effect: it stops polling in the same task as the frame that leaves the screen,
	// so that no poll timer can fire in between (a passive effect runs later).
	useLayoutEffect(() => {
		if (!active) {
			return;
		}

		activeRef.current = true;
		failuresRef.current = 0;
		void pollRef.current(false);
		return () => {
			activeRef.current = false;
			controllerRef.current?.abort();
			controllerRef.current = undefined;
			clearTimer();
		};
	}, [active, client, provider, pollIntervalMs, clearTimer]);

	useEffect(() => {
		if (!mounted) {
			stateRef.current = undefined;
			setSnapshot({state: undefined, error: undefined, busy: undefined});
		}
	}, [mounted]);

	const act = useCallback(async (busy: 'refresh' | 'reset', request: () => Promise<State>) => {
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

	const refresh = useCallback(async () => act('refresh', async () => provider.refresh(client)), [act, client, provider]);
	const reset = useCallback(async () => {
		let revocation: TokenRevocation | undefined;
		await act('reset', async () => {
			const result = await provider.reset(client);
			revocation = result.revocation;
			return result.state;
		});
		return revocation;
	}, [act, client, provider]);

	const reload = useCallback(async () => {
		requestSeqRef.current += 1;
		const seq = requestSeqRef.current;
		const state = await provider.read(client);
		apply(seq, state);
		return state;
	}, [apply, client, provider]);

	const replace = useCallback((state: State) => {
		requestSeqRef.current += 1;
		apply(requestSeqRef.current, state);
		if (activeRef.current) {
			scheduleFor(state);
		}
	}, [apply, scheduleFor]);

	const get = useCallback(() => stateRef.current, []);

	return {...snapshot, get, refresh, reset, reload, replace};
}
