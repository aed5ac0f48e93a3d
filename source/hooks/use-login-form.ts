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
import {isPlainHttpToNetwork, parseDeviceAddress, type DeviceAddress, type DeviceAddressProblem} from '../device/device-address.js';
import type {DeviceClient} from '../device/device-client.js';
import {DeviceError, isDeviceError} from '../device/device-error.js';
import {sanitizeLine} from '../terminal/sanitize.js';
import {
	textInputReducer,
	textInputState,
	textValue,
	type TextInputAction,
	type TextInputState,
} from '../input/text-input.js';
import {actionFor} from '../input/key-bindings.js';
import {buttonOrFieldKey, nextField} from '../input/form-keys.js';
import {waitForScreen, type KeyResult} from '../input/key-dispatcher.js';
import {useSyncStore} from './use-sync-store.js';

export type LoginField = 'device' | 'userName' | 'password' | 'plainHttpConsent' | 'submit';
type TextField = 'device' | 'userName' | 'password';

/** How the form shows the device: not at all (session prompt), as a line, or as a field. */
export type DeviceMode = 'none' | 'shown' | 'editable';

export type LoginFormState = {
	/** The fields in focus order, without the consent checkbox (it comes and goes with the address). */
	readonly fields: readonly LoginField[];
	readonly deviceMode: DeviceMode;
	/** The API base of the client the app has now. */
	readonly clientUrl: string;
	/** The Device field, and what it held at first (unchanged = the client the app has). */
	readonly device: TextInputState;
	readonly deviceInitial: string;
	/** Why the typed address was refused (shown under the field until it is edited). */
	readonly deviceProblem: DeviceAddressProblem | undefined;
	readonly plainHttpConsent: boolean;
	/** Log In was pressed over plain HTTP without the consent. */
	readonly consentMissing: boolean;
	readonly userName: TextInputState;
	readonly password: TextInputState;
	readonly focus: LoginField;
	readonly phase: 'editing' | 'submitting';
	readonly error: DeviceError | undefined;
	/** The API base the last attempt went to (the words of "cannot reach" name it). */
	readonly attemptUrl: string | undefined;
	readonly userNameMissing: boolean;
	/** Enter with no password: said under the field, and nothing is sent (it would count toward the lock-out). */
	readonly passwordMissing: boolean;
	/** Clock time at which a lock-out (423) ends. */
	readonly lockedUntil: number | undefined;
};

type LoginAction =
	| {type: 'focus'; delta: 1 | -1}
	| {type: 'focus-on'; field: LoginField}
	| {type: 'text'; field: TextField; action: TextInputAction}
	| {type: 'toggle-consent'}
	| {type: 'device-refused'; problem: DeviceAddressProblem}
	| {type: 'consent-missing'}
	| {type: 'submitting'; url: string}
	| {type: 'user-name-missing'}
	| {type: 'password-missing'}
	| {type: 'failed'; error: DeviceError; lockedUntil: number | undefined}
	| {type: 'succeeded'};

const maxUserName = 64;
const maxPassword = 256;
/** Room beyond the longest address accepted, so that a paste too long is refused in words, not cut short. */
const maxDeviceText = 2048;

/** The text the Device field starts with: the address as an engineer writes it. */
export function deviceTextOf(baseUrl: string): string {
	const address = parseDeviceAddress(baseUrl);
	return address.ok ? address.display : sanitizeLine(baseUrl);
}

export type LoginTarget =
	/** The address in the field is the client's: log in with it. */
	| {kind: 'current'; plainHttp: boolean; host: string}
	| {kind: 'other'; address: DeviceAddress; plainHttp: boolean; host: string}
	| {kind: 'refused'; problem: DeviceAddressProblem};

function hostOf(url: string): string {
	try {
		return sanitizeLine(new URL(url).host);
	} catch {
		return sanitizeLine(url);
	}
}

/** Where a log-in would go now, and whether that is plain HTTP over a network. */
export function loginTarget(state: LoginFormState): LoginTarget {
	const text = textValue(state.device);
	if (state.deviceMode !== 'editable' || text === state.deviceInitial) {
		return {kind: 'current', plainHttp: state.deviceMode !== 'none' && isPlainHttpToNetwork(state.clientUrl), host: hostOf(state.clientUrl)};
	}

	const address = parseDeviceAddress(text);
	if (!address.ok) {
		return {kind: 'refused', problem: address.problem};
	}

	const plainHttp = address.scheme === 'http' && !address.isLoopback;
	return address.url === state.clientUrl
		? {kind: 'current', plainHttp, host: hostOf(address.url)}
		: {kind: 'other', address, plainHttp, host: hostOf(address.url)};
}

/** The fields in focus order now: the consent checkbox only while the address is plain HTTP over a network. */
export function activeFields(state: LoginFormState): LoginField[] {
	const target = loginTarget(state);
	const consent = target.kind !== 'refused' && target.plainHttp;
	return state.fields.flatMap(field => (field === 'submit' && consent ? ['plainHttpConsent', 'submit'] : [field])) as LoginField[];
}

const limits: Record<TextField, number> = {device: maxDeviceText, userName: maxUserName, password: maxPassword};

function loginReducer(state: LoginFormState, action: LoginAction): LoginFormState {
	switch (action.type) {
		case 'focus': {
			return {...state, focus: nextField(activeFields(state), state.focus, action.delta)};
		}

		case 'focus-on': {
			return {...state, focus: action.field};
		}

		case 'text': {
			const next = textInputReducer(state[action.field], action.action, limits[action.field]);
			if (next === state[action.field]) {
				return state;
			}

			if (action.field === 'device') {
				// Another address: its own consent, its own errors, no lock-out of the old one.
				return {...state, device: next, deviceProblem: undefined, plainHttpConsent: false, consentMissing: false, error: undefined, lockedUntil: undefined};
			}

			return {
				...state,
				[action.field]: next,
				userNameMissing: action.field === 'userName' ? false : state.userNameMissing,
				passwordMissing: action.field === 'password' ? false : state.passwordMissing,
			};
		}

		case 'toggle-consent': {
			return {...state, plainHttpConsent: !state.plainHttpConsent, consentMissing: false};
		}

		case 'device-refused': {
			return {...state, deviceProblem: action.problem, focus: 'device'};
		}

		case 'consent-missing': {
			return {...state, consentMissing: true, focus: 'plainHttpConsent'};
		}

		case 'submitting': {
			return {...state, phase: 'submitting', error: undefined, userNameMissing: false, passwordMissing: false, consentMissing: false, attemptUrl: action.url};
		}

		case 'user-name-missing': {
			return {...state, userNameMissing: true, focus: state.fields.includes('userName') ? 'userName' : state.focus};
		}

		case 'password-missing': {
			return {...state, passwordMissing: true, focus: 'password'};
		}

		case 'failed': {
			// A password the device refused (wrong, or locked out after wrong ones) is typed
			// again; after "cannot reach" or a timeout it was never checked: Enter retries it.
			const refused = action.error.kind === 'invalid-credentials' || action.error.kind === 'locked';
			return {
				...state,
				phase: 'editing',
				error: action.error,
				lockedUntil: action.lockedUntil,
				password: refused ? textInputState() : state.password,
				focus: 'password',
			};
		}

		case 'succeeded': {
			return {...state, phase: 'editing', password: textInputState(), error: undefined, lockedUntil: undefined};
		}
	}
}

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

export function useLoginForm(options: LoginFormOptions): {
	state: LoginFormState;
	onKey(input: string, key: Key): KeyResult;
	isTyping(): boolean;
} {
	const deviceMode: DeviceMode = options.device ? (options.device.connect ? 'editable' : 'shown') : 'none';
	const fields: LoginField[] = [
		...(deviceMode === 'editable' ? ['device' as const] : []),
		...(options.askUserName ? ['userName' as const] : []),
		'password',
		'submit',
	];
	const [state, dispatch, get] = useSyncStore(loginReducer, (): LoginFormState => {
		const deviceInitial = deviceMode === 'editable' ? deviceTextOf(options.client.baseUrl) : '';
		return {
			fields,
			deviceMode,
			clientUrl: options.client.baseUrl,
			device: textInputState(deviceInitial),
			deviceInitial,
			deviceProblem: undefined,
			plainHttpConsent: false,
			consentMissing: false,
			userName: textInputState(options.userName),
			password: textInputState(),
			focus: options.askUserName ? (options.userName ? 'password' : 'userName') : 'password',
			phase: 'editing',
			error: undefined,
			attemptUrl: undefined,
			userNameMissing: false,
			passwordMissing: false,
			lockedUntil: undefined,
		};
	});

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

		const target = loginTarget(current);
		if (target.kind === 'refused') {
			dispatch({type: 'device-refused', problem: target.problem});
			return;
		}

		if (target.plainHttp && !current.plainHttpConsent) {
			dispatch({type: 'consent-missing'});
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
		if (password === '') {
			dispatch({type: 'password-missing'});
			return;
		}

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
			const deviceError = isDeviceError(error)
				? error
				: new DeviceError('invalid-response', error instanceof Error ? error.message : String(error), {url: '', cause: error});
			const lockedUntil = deviceError.kind === 'locked' && deviceError.retryAfterSeconds !== undefined
				? options.clock.now() + (deviceError.retryAfterSeconds * 1000)
				: undefined;
			dispatch({type: 'failed', error: deviceError, lockedUntil});
		}
	};

	const onKey = (input: string, key: Key): KeyResult => {
		const current = get();
		if (current.phase === 'submitting') {
			// Keys typed ahead go to what comes after the log-in: this field again, or the Portal.
			return waitForScreen;
		}

		// What a key means comes from the key bindings table (`login`, also for the password prompt).
		const action = actionFor('login', input, key, current.focus === 'plainHttpConsent' ? ['plainHttp'] : []);
		if (action === 'next-field') {
			dispatch({type: 'focus', delta: key.upArrow || (key.tab && key.shift) ? -1 : 1});
			return true;
		}

		if (action === 'log-in') {
			if (current.focus === 'userName' || current.focus === 'device') {
				dispatch({type: 'focus', delta: 1});
			} else {
				void submit();
			}

			return true;
		}

		if (current.focus === 'plainHttpConsent') {
			if (action === 'toggle-consent') {
				dispatch({type: 'toggle-consent'});
				return true;
			}

			return false;
		}

		const {focus} = current;
		return buttonOrFieldKey(input, key, {
			onButton: focus === 'submit',
			press() {
				void submit();
			},
			edit(textAction) {
				if (focus !== 'submit') {
					dispatch({type: 'text', field: focus, action: textAction});
				}
			},
		});
	};

	const isTyping = () => {
		const {focus} = get();
		return focus === 'device' || focus === 'userName' || focus === 'password';
	};

	return {state, onKey, isTyping};
}
