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
import type {GoogleState, MicrosoftState, TokenRevocation} from '../device/contract-values.js';
import type {DeviceClient} from '../device/device-client.js';
import type {DeviceError} from '../device/device-error.js';
import {asDeviceError} from '../forms/device-request.js';
import {backoffDelay, longPollSeconds, type Provider} from '../forms/provider-state.js';


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

type Snapshot<State> = {
	state: State | undefined;
	error: DeviceError | undefined;
	busy: ProviderStore<State>['busy'];
};

/**
The state shown, and its order: requests are numbered (`nextSeq`); an answer older than one
already shown is dropped (`apply`). Cleared when not `mounted`.
*/
function useShownState<State>(mounted: boolean) {
	const [snapshot, setSnapshot] = useState<Snapshot<State>>({state: undefined, error: undefined, busy: undefined});
	const stateRef = useRef<State | undefined>(undefined);
	const requestSeqRef = useRef(0);
	const appliedSeqRef = useRef(0);

	useEffect(() => {
		if (!mounted) {
			stateRef.current = undefined;
			setSnapshot({state: undefined, error: undefined, busy: undefined});
		}
	}, [mounted]);

	const nextSeq = useCallback(() => {
		requestSeqRef.current += 1;
		return requestSeqRef.current;
	}, []);

	/** Shows a state; returns false if a newer one is already shown. */
	const apply = useCallback((seq: number, state: State): boolean => {
		if (seq < appliedSeqRef.current) {
			return false;
		}

		appliedSeqRef.current = seq;
		stateRef.current = state;
		setSnapshot(previous => ({...previous, state, error: undefined}));
		return true;
	}, []);

	/** The last request's failure; undefined: none any more (no new render if there was none). */
	const setError = useCallback((error: DeviceError | undefined) => {
		setSnapshot(previous => (error === undefined ? (previous.error ? {...previous, error: undefined} : previous) : {...previous, error}));
	}, []);

	const setBusy = useCallback((busy: ProviderStore<State>['busy']) => {
		setSnapshot(previous => ({...previous, busy}));
	}, []);

	const get = useCallback(() => stateRef.current, []);

	return {snapshot, get, nextSeq, apply, setError, setBusy};
}

type ShownState<State> = ReturnType<typeof useShownState<State>>;

/** One timer at a time: `start` replaces the one waiting, `clear` stops it. */
function useTimer() {
	const timerRef = useRef<NodeJS.Timeout | undefined>(undefined);
	const clear = useCallback(() => {
		if (timerRef.current !== undefined) {
			clearTimeout(timerRef.current);
			timerRef.current = undefined;
		}
	}, []);

	const start = useCallback((delay: number, run: () => void) => {
		clear();
		timerRef.current = setTimeout(() => {
			timerRef.current = undefined;
			run();
		}, delay);
	}, [clear]);

	return {clear, start};
}

/**
The poll loop: while `active`, reads at once, then again a poll interval after each read while
the state is pending; a failed read retries with backoff; a session that ended stops it.
*/
function usePollLoop<State>(provider: Provider<State>, shown: ShownState<State>, options: ProviderStateOptions) {
	const {client, active, pollIntervalMs} = options;
	const {nextSeq, setError, apply: show} = shown;
	const activeRef = useRef(false);
	const controllerRef = useRef<AbortController | undefined>(undefined);
	const failuresRef = useRef(0);
	const onSessionExpiredRef = useRef(options.onSessionExpired);
	onSessionExpiredRef.current = options.onSessionExpired;
	const pollRef = useRef<(longPoll: boolean) => Promise<void>>(async () => {});

	const {clear: clearTimer, start: startTimer} = useTimer();

	const schedule = useCallback((delay: number, longPoll: boolean) => {
		clearTimer();
		if (!activeRef.current) {
			return;
		}

		startTimer(delay, () => {
			void pollRef.current(longPoll);
		});
	}, [clearTimer, startTimer]);

	/** Shows a state (a read worked: the backoff starts over); returns false if a newer one is already shown. */
	const apply = useCallback((seq: number, state: State): boolean => {
		if (!show(seq, state)) {
			return false;
		}

		failuresRef.current = 0;
		return true;
	}, [show]);

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
			setError(undefined);
			onSessionExpiredRef.current(deviceError);
			return;
		}

		failuresRef.current += 1;
		setError(deviceError);
		schedule(backoffDelay(pollIntervalMs, failuresRef.current), false);
	}, [clearTimer, schedule, pollIntervalMs, setError]);

	pollRef.current = async (longPoll: boolean) => {
		if (!activeRef.current) {
			return;
		}

		controllerRef.current?.abort();
		const controller = new AbortController();
		controllerRef.current = controller;
		const seq = nextSeq();
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

	return {apply, scheduleFor, fail, isActive: useCallback(() => activeRef.current, [])};
}

/** `provider` must be a module-level constant (microsoftProvider, googleProvider). */
export function useProviderState<State>(provider: Provider<State>, options: ProviderStateOptions): ProviderStore<State> {
	const {client} = options;
	const shown = useShownState<State>(options.mounted);
	const {nextSeq, setBusy} = shown;
	const {apply, scheduleFor, fail, isActive} = usePollLoop(provider, shown, options);

	const act = useCallback(async (busy: 'refresh' | 'reset', request: () => Promise<State>) => {
		const seq = nextSeq();
		setBusy(busy);
		try {
			const state = await request();
			if (apply(seq, state)) {
				scheduleFor(state);
			}
		} catch (error) {
			fail(error);
		} finally {
			setBusy(undefined);
		}
	}, [apply, scheduleFor, fail, nextSeq, setBusy]);

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
		const seq = nextSeq();
		const state = await provider.read(client);
		apply(seq, state);
		return state;
	}, [apply, client, provider, nextSeq]);

	const replace = useCallback((state: State) => {
		apply(nextSeq(), state);
		if (isActive()) {
			scheduleFor(state);
		}
	}, [apply, scheduleFor, nextSeq, isActive]);

	return {...shown.snapshot, get: shown.get, refresh, reset, reload, replace};
}
