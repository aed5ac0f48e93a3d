/**
The administrator log-in form without React (see hooks/use-login-form.ts): its state as one
reducer, where a log-in would go (`loginTarget`), what stops it before anything is sent
(`loginRefusal`), and what a key does (`loginFormKey`).
*/
import type {Key} from 'ink';
import {isPlainHttpToNetwork, parseDeviceAddress, type DeviceAddress, type DeviceAddressProblem} from '../device/device-address.js';
import type {DeviceError} from '../device/device-error.js';
import {actionFor} from '../input/key-bindings.js';
import {buttonOrFieldKey, nextField} from '../input/form-keys.js';
import {waitForScreen, type KeyResult} from '../input/key-dispatcher.js';
import {
	textInputReducer,
	textInputState,
	textValue,
	type TextInputAction,
	type TextInputState,
} from '../input/text-input.js';
import {sanitizeLine} from '../terminal/sanitize.js';

export type LoginField = 'device' | 'userName' | 'password' | 'plainHttpConsent' | 'submit';
export type LoginTextField = 'device' | 'userName' | 'password';

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

export type LoginAction =
	| {type: 'focus'; delta: 1 | -1}
	| {type: 'focus-on'; field: LoginField}
	| {type: 'text'; field: LoginTextField; action: TextInputAction}
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

const limits: Record<LoginTextField, number> = {device: maxDeviceText, userName: maxUserName, password: maxPassword};

export function loginReducer(state: LoginFormState, action: LoginAction): LoginFormState {
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

/** The form as it opens: `deviceMode` and the fields follow from what the screen asks for. */
export function initialLoginState({clientUrl, userName, askUserName, deviceMode}: {
	clientUrl: string;
	userName: string;
	askUserName: boolean;
	deviceMode: DeviceMode;
}): LoginFormState {
	const deviceInitial = deviceMode === 'editable' ? deviceTextOf(clientUrl) : '';
	return {
		fields: [
			...(deviceMode === 'editable' ? ['device' as const] : []),
			...(askUserName ? ['userName' as const] : []),
			'password',
			'submit',
		],
		deviceMode,
		clientUrl,
		device: textInputState(deviceInitial),
		deviceInitial,
		deviceProblem: undefined,
		plainHttpConsent: false,
		consentMissing: false,
		userName: textInputState(userName),
		password: textInputState(),
		focus: askUserName ? (userName ? 'password' : 'userName') : 'password',
		phase: 'editing',
		error: undefined,
		attemptUrl: undefined,
		userNameMissing: false,
		passwordMissing: false,
		lockedUntil: undefined,
	};
}

/**
What stops Log In before anything is sent (`now`: the clock's time): an address refused, the
plain-HTTP consent missing, a lock-out still running (`locked`: nothing to say, the message
counts down), no user name, no password. Otherwise where it goes and with what.
*/
export function loginRefusal(state: LoginFormState, now: number):
	| {refused: LoginAction | 'locked'}
	| {refused: undefined; target: Exclude<LoginTarget, {kind: 'refused'}>; userName: string; password: string} {
	const target = loginTarget(state);
	if (target.kind === 'refused') {
		return {refused: {type: 'device-refused', problem: target.problem}};
	}

	if (target.plainHttp && !state.plainHttpConsent) {
		return {refused: {type: 'consent-missing'}};
	}

	if (state.lockedUntil !== undefined && state.lockedUntil > now) {
		// Still locked: the message counts down; asking the device again would not help.
		return {refused: 'locked'};
	}

	const userName = textValue(state.userName).trim();
	if (userName === '') {
		return {refused: {type: 'user-name-missing'}};
	}

	const password = textValue(state.password);
	if (password === '') {
		return {refused: {type: 'password-missing'}};
	}

	return {refused: undefined, target, userName, password};
}

/** What a key does on the log-in form (the key bindings table's `login`, also for the password prompt). */
export function loginFormKey(current: LoginFormState, input: string, key: Key, {dispatch, submit}: {
	dispatch(action: LoginAction): void;
	submit(): void;
}): KeyResult {
	if (current.phase === 'submitting') {
		// Keys typed ahead go to what comes after the log-in: this field again, or the Portal.
		return waitForScreen;
	}

	const action = actionFor('login', input, key, current.focus === 'plainHttpConsent' ? ['plainHttp'] : []);
	if (action === 'next-field') {
		dispatch({type: 'focus', delta: key.upArrow || (key.tab && key.shift) ? -1 : 1});
		return true;
	}

	if (action === 'log-in') {
		if (current.focus === 'userName' || current.focus === 'device') {
			dispatch({type: 'focus', delta: 1});
		} else {
			submit();
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
		press: submit,
		edit(textAction) {
			if (focus !== 'submit') {
				dispatch({type: 'text', field: focus, action: textAction});
			}
		},
	});
}

export function isLoginTyping(state: Pick<LoginFormState, 'focus'>): boolean {
	return state.focus === 'device' || state.focus === 'userName' || state.focus === 'password';
}
