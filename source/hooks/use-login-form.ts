/**
The administrator log-in form (also the password prompt after a session ended). The
password lives only in this form's state; a password the device refused (wrong, or a
lock-out) is cleared, while one it never checked (cannot reach, timeout, an error answer) is
kept, so that trying again is one Enter.

On Log In the form also carries the device address: shown, and editable when the app can
connect to another one (`device.connect`). An edited address is read by device-address.ts
before anything is sent; the log-in goes to a new client for it, which the app keeps (and
saves as the preference) only once the log-in succeeded. Plain HTTP to an address that is not
loopback needs the engineer's consent (the "Send the password unencrypted" checkbox) before
the password is sent; changing the address takes the consent back.
*/

import {useEffect, useRef} from 'react';
import type {Key} from 'ink';
import type {Clock} from '../clock.js';
import type {DeviceAddress} from '../device/device-address.js';
import type {DeviceClient} from '../device/device-client.js';
import {asDeviceError, lockedUntilOf} from '../forms/device-request.js';
import {
	initialLoginState,
	isLoginTyping,
	loginFormKey,
	loginReducer,
	loginRefusal,
	type DeviceMode,
	type LoginFormState,
} from '../forms/login-form.js';
import type {KeyResult} from '../input/key-dispatcher.js';
import {useSyncStore} from './use-sync-store.js';


export type LoginConnection = {client: DeviceClient; address: DeviceAddress};

export type LoginFormOptions = {
	client: DeviceClient;
	clock: Clock;
	userName: string;
	/** False for the session prompt: the user name is fixed. */
	askUserName: boolean;
	/**
	Log In (not the session prompt): the device address is shown, plain HTTP over a network
	needs consent, and with `connect` the address can be changed.
	*/
	device?: {
		/** A client for another address (nothing is sent until the log-in). */
		connect?: (address: DeviceAddress) => DeviceClient;
	};
	/**
	`connection`: the log-in went to another address than the client's; the app should use it from now on.
	`passwordChange`: the device said the password is the factory default and must be changed
	first; it carries the password just used (the current one for the change).
	*/
	onLoggedIn(userName: string, connection?: LoginConnection, passwordChange?: {currentPassword: string}): void;
};

/** False once the component is gone (set in an effect, so true again on a remount). */
function useMountedRef() {
	const mounted = useRef(true);
	useEffect(() => {
		mounted.current = true;
		return () => {
			mounted.current = false;
		};
	}, []);
	return mounted;
}

export function useLoginForm(options: LoginFormOptions): {
	state: LoginFormState;
	onKey(input: string, key: Key): KeyResult;
	isTyping(): boolean;
} {
	const deviceMode: DeviceMode = options.device ? (options.device.connect ? 'editable' : 'shown') : 'none';
	const [state, dispatch, get] = useSyncStore(loginReducer, (): LoginFormState => initialLoginState({
		clientUrl: options.client.baseUrl,
		userName: options.userName,
		askUserName: options.askUserName,
		deviceMode,
	}));

	// Quitting while a log-in is on its way unmounts the form: a session the device opens after
	// that is closed again, not left open until it times out.
	const mounted = useMountedRef();

	const submit = async () => {
		const current = get();
		if (current.phase !== 'editing') {
			return;
		}

		const checked = loginRefusal(current, options.clock.now());
		if (checked.refused !== undefined) {
			if (checked.refused !== 'locked') {
				dispatch(checked.refused);
			}

			return;
		}

		const {target, userName, password} = checked;
		const connection = target.kind === 'other' && options.device?.connect
			? {client: options.device.connect(target.address), address: target.address}
			: undefined;
		const client = connection?.client ?? options.client;
		dispatch({type: 'submitting', url: client.baseUrl});
		try {
			const response = await client.login(userName, password);
			if (!mounted.current) {
				await client.logout();
				return;
			}

			dispatch({type: 'succeeded'});
			options.onLoggedIn(userName, connection, response.passwordChangeRequired === true ? {currentPassword: password} : undefined);
		} catch (error) {
			const deviceError = asDeviceError(error);
			dispatch({type: 'failed', error: deviceError, lockedUntil: lockedUntilOf(deviceError, options.clock.now())});
		}
	};

	const onKey = (input: string, key: Key): KeyResult => loginFormKey(get(), input, key, {
		dispatch,
		submit() {
			void submit();
		},
	});

	return {state, onKey, isTyping: () => isLoginTyping(get())};
}
