/**
The administrator log-in form (also the password prompt after a session ended). The
password lives only in this form's state and is cleared after every attempt.
*/
import {useEffect, useRef} from 'react';
import type {Key} from 'ink';
import type {Clock} from '../clock.js';
import type {DeviceClient} from '../device-client.js';
import {DeviceError, isDeviceError} from '../device-error.js';
import {
	textInputActionForKey,
	textInputReducer,
	textInputState,
	textValue,
	type TextInputAction,
	type TextInputState,
} from './text-input.js';
import {nextField} from './form-keys.js';
import {useSyncStore} from './use-sync-store.js';

export type LoginField = 'userName' | 'password' | 'submit';

export type LoginFormState = {
	readonly fields: readonly LoginField[];
	readonly userName: TextInputState;
	readonly password: TextInputState;
	readonly focus: LoginField;
	readonly phase: 'editing' | 'submitting';
	readonly error: DeviceError | undefined;
	readonly userNameMissing: boolean;
	/** Clock time at which a lock-out (423) ends. */
	readonly lockedUntil: number | undefined;
};

type LoginAction =
	| {type: 'focus'; delta: 1 | -1}
	| {type: 'text'; field: 'userName' | 'password'; action: TextInputAction}
	| {type: 'submitting'}
	| {type: 'user-name-missing'}
	| {type: 'failed'; error: DeviceError; lockedUntil: number | undefined}
	| {type: 'succeeded'};

const maxUserName = 64;
const maxPassword = 256;

function loginReducer(state: LoginFormState, action: LoginAction): LoginFormState {
	switch (action.type) {
		case 'focus': {
			return {...state, focus: nextField(state.fields, state.focus, action.delta)};
		}

		case 'text': {
			const limit = action.field === 'userName' ? maxUserName : maxPassword;
			const next = textInputReducer(state[action.field], action.action, limit);
			return next === state[action.field]
				? state
				: {...state, [action.field]: next, userNameMissing: action.field === 'userName' ? false : state.userNameMissing};
		}

		case 'submitting': {
			return {...state, phase: 'submitting', error: undefined, userNameMissing: false};
		}

		case 'user-name-missing': {
			return {...state, userNameMissing: true, focus: state.fields.includes('userName') ? 'userName' : state.focus};
		}

		case 'failed': {
			return {
				...state,
				phase: 'editing',
				error: action.error,
				lockedUntil: action.lockedUntil,
				password: textInputState(),
				focus: 'password',
			};
		}

		case 'succeeded': {
			return {...state, phase: 'editing', password: textInputState(), error: undefined, lockedUntil: undefined};
		}
	}
}

export type LoginFormOptions = {
	client: DeviceClient;
	clock: Clock;
	userName: string;
	/** False for the session prompt: the user name is fixed. */
	askUserName: boolean;
	onLoggedIn(userName: string): void;
};

export function useLoginForm(options: LoginFormOptions): {
	state: LoginFormState;
	onKey(input: string, key: Key): boolean;
	isTyping(): boolean;
} {
	const fields: LoginField[] = options.askUserName ? ['userName', 'password', 'submit'] : ['password', 'submit'];
	const [state, dispatch, get] = useSyncStore(loginReducer, (): LoginFormState => ({
		fields,
		userName: textInputState(options.userName),
		password: textInputState(),
		focus: options.askUserName ? (options.userName ? 'password' : 'userName') : 'password',
		phase: 'editing',
		error: undefined,
		userNameMissing: false,
		lockedUntil: undefined,
	}));

	// Quitting while a log-in is on its way unmounts the form: a session the device opens after
	// that is closed again, not left open until it times out.
	const mounted = useRef(true);
	useEffect(() => {
		mounted.current = true;
		return () => {
			mounted.current = false;
		};
	}, []);

	const submit = async () => {
		const current = get();
		if (current.phase !== 'editing') {
			return;
		}

		if (current.lockedUntil !== undefined && current.lockedUntil > options.clock.now()) {
			// Still locked: the message counts down; asking the device again would not help.
			return;
		}

		const userName = textValue(current.userName).trim();
		if (userName === '') {
			dispatch({type: 'user-name-missing'});
			return;
		}

		const password = textValue(current.password);
		dispatch({type: 'submitting'});
		try {
			await options.client.login(userName, password);
			if (!mounted.current) {
				await options.client.logout();
				return;
			}

			dispatch({type: 'succeeded'});
			options.onLoggedIn(userName);
		} catch (error) {
			const deviceError = isDeviceError(error)
				? error
				: new DeviceError('invalid-response', error instanceof Error ? error.message : String(error), {url: '', cause: error});
			const lockedUntil = deviceError.kind === 'locked' && deviceError.retryAfterSeconds !== undefined
				? options.clock.now() + (deviceError.retryAfterSeconds * 1000)
				: undefined;
			dispatch({type: 'failed', error: deviceError, lockedUntil});
		}
	};

	const onKey = (input: string, key: Key): boolean => {
		const current = get();
		if (current.phase === 'submitting') {
			return true;
		}

		if (key.tab) {
			dispatch({type: 'focus', delta: key.shift ? -1 : 1});
			return true;
		}

		if (key.upArrow || key.downArrow) {
			dispatch({type: 'focus', delta: key.upArrow ? -1 : 1});
			return true;
		}

		if (key.return) {
			if (current.focus === 'userName') {
				dispatch({type: 'focus', delta: 1});
			} else {
				void submit();
			}

			return true;
		}

		if (current.focus === 'submit') {
			if (input === ' ') {
				void submit();
				return true;
			}

			return false;
		}

		const action = textInputActionForKey(input, key);
		if (action) {
			dispatch({type: 'text', field: current.focus, action});
		}

		return action !== undefined;
	};

	const isTyping = () => {
		const current = get();
		return current.focus !== 'submit';
	};

	return {state, onKey, isTyping};
}
