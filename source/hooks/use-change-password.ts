/**
管理者パスワードの変更 / Change the Administrator Password: what a log-in with the factory
default password leads to. The current password is the one just used to log in (kept by the
app, not asked again and not shown); the field appears only when the device says it is wrong.
New and Confirm are masked; the device's rules (password-rules.ts) and the confirmation are
checked here before anything is sent. Esc logs out. The passwords live only in this form's
state (and the app's memory of the log-in password) until the change is done.
*/
import type {Key} from 'ink';
import type {Clock} from '../clock.js';
import type {FieldErrorCode} from '../device/contract-values.js';
import type {DeviceClient} from '../device/device-client.js';
import {DeviceError, isDeviceError} from '../device/device-error.js';
import {newPasswordProblem, passwordLength} from '../device/password-rules.js';
import {buttonOrFieldKey, focusDelta, nextField} from '../input/form-keys.js';
import {waitForScreen, type KeyResult} from '../input/key-dispatcher.js';
import {
	textInputReducer,
	textInputState,
	textValue,
	type TextInputAction,
	type TextInputState,
} from '../input/text-input.js';
import {useSyncStore} from './use-sync-store.js';
import {useUnsavedChanges} from './use-unsaved-changes.js';

export type PasswordField = 'currentPassword' | 'newPassword' | 'confirmPassword';
export type ChangePasswordFocus = PasswordField | 'ok';

export type ChangePasswordState = {
	/** The current password is asked for (not known from the log-in, or the device refused it). */
	readonly askCurrent: boolean;
	readonly currentPassword: TextInputState;
	readonly newPassword: TextInputState;
	readonly confirmPassword: TextInputState;
	readonly focus: ChangePasswordFocus;
	readonly phase: 'editing' | 'submitting';
	readonly fieldErrors: Partial<Record<PasswordField, FieldErrorCode>>;
	/** A failure that is not about one field (words: describeDeviceError). */
	readonly error: DeviceError | undefined;
	/** The session ended while changing: nothing changed, OK again after the password prompt. */
	readonly sessionEnded: boolean;
	/** Clock time at which a lock-out (a wrong current password too often) ends. */
	readonly lockedUntil: number | undefined;
};

type ChangePasswordAction =
	| {type: 'focus'; delta: 1 | -1}
	| {type: 'text'; field: PasswordField; action: TextInputAction}
	| {type: 'refused'; fieldErrors: Partial<Record<PasswordField, FieldErrorCode>>}
	| {type: 'submitting'}
	| {type: 'failed'; error: DeviceError | undefined; sessionEnded: boolean; lockedUntil: number | undefined};

/** One more than allowed, so that "8 to 64 characters" is said instead of cutting silently. */
const maxTyped = passwordLength.max + 1;
const fieldOrder: readonly PasswordField[] = ['currentPassword', 'newPassword', 'confirmPassword'];

export function changePasswordFields(state: Pick<ChangePasswordState, 'askCurrent'>): ChangePasswordFocus[] {
	return [...(state.askCurrent ? ['currentPassword' as const] : []), 'newPassword', 'confirmPassword', 'ok'];
}

export function initialChangePasswordState(currentPassword: string | undefined): ChangePasswordState {
	return {
		askCurrent: currentPassword === undefined,
		currentPassword: textInputState(),
		newPassword: textInputState(),
		confirmPassword: textInputState(),
		focus: currentPassword === undefined ? 'currentPassword' : 'newPassword',
		phase: 'editing',
		fieldErrors: {},
		error: undefined,
		sessionEnded: false,
		lockedUntil: undefined,
	};
}

export function changePasswordReducer(state: ChangePasswordState, action: ChangePasswordAction): ChangePasswordState {
	switch (action.type) {
		case 'focus': {
			return {...state, focus: nextField(changePasswordFields(state), state.focus, action.delta)};
		}

		case 'text': {
			const next = textInputReducer(state[action.field], action.action, action.field === 'currentPassword' ? 256 : maxTyped);
			if (next === state[action.field]) {
				return state;
			}

			const {[action.field]: _, ...fieldErrors} = state.fieldErrors;
			return {...state, [action.field]: next, fieldErrors};
		}

		case 'refused': {
			const askCurrent = state.askCurrent || action.fieldErrors.currentPassword !== undefined;
			const first = fieldOrder.find(field => action.fieldErrors[field] !== undefined);
			return {
				...state,
				phase: 'editing',
				askCurrent,
				// A wrong current password is typed again, from an empty field.
				currentPassword: action.fieldErrors.currentPassword ? textInputState() : state.currentPassword,
				fieldErrors: action.fieldErrors,
				error: undefined,
				sessionEnded: false,
				focus: first ?? state.focus,
			};
		}

		case 'submitting': {
			return {...state, phase: 'submitting', fieldErrors: {}, error: undefined, sessionEnded: false};
		}

		case 'failed': {
			return {...state, phase: 'editing', error: action.error, sessionEnded: action.sessionEnded, lockedUntil: action.lockedUntil};
		}
	}
}

export type ChangePasswordOptions = {
	client: DeviceClient;
	clock: Clock;
	userName: string;
	/** The password of the log-in; undefined: ask for it. */
	currentPassword: string | undefined;
	/** Changed: continue to the Portal. */
	onChanged(): void;
	/** Esc: log out (the device allows nothing else with the factory default password). */
	onLogOut(): void;
	onSessionExpired(): void;
};

export function useChangePassword(options: ChangePasswordOptions): {
	state: ChangePasswordState;
	onKey(input: string, key: Key): KeyResult;
	isTyping(): boolean;
} {
	const [state, dispatch, get] = useSyncStore(changePasswordReducer, () => initialChangePasswordState(options.currentPassword));
	// Typed anything: Esc (log out) and q ask before it is thrown away.
	useUnsavedChanges(() => fieldOrder.some(field => textValue(get()[field]) !== ''));

	const submit = async (): Promise<void> => {
		const current = get();
		if (current.phase !== 'editing' || (current.lockedUntil !== undefined && current.lockedUntil > options.clock.now())) {
			return;
		}

		const currentPassword = current.askCurrent ? textValue(current.currentPassword) : options.currentPassword ?? '';
		const newPassword = textValue(current.newPassword);
		const fieldErrors: Partial<Record<PasswordField, FieldErrorCode>> = {};
		if (current.askCurrent && currentPassword === '') {
			fieldErrors.currentPassword = 'required';
		}

		const problem = newPasswordProblem(newPassword, {userName: options.userName, ...(currentPassword === '' ? {} : {currentPassword})});
		if (newPassword === '') {
			fieldErrors.newPassword = 'required';
		} else if (problem) {
			fieldErrors.newPassword = problem;
		} else if (textValue(current.confirmPassword) !== newPassword) {
			fieldErrors.confirmPassword = 'password_mismatch';
		}

		if (Object.keys(fieldErrors).length > 0) {
			dispatch({type: 'refused', fieldErrors});
			return;
		}

		dispatch({type: 'submitting'});
		try {
			await options.client.changePassword(currentPassword, newPassword);
			options.onChanged();
		} catch (error) {
			const deviceError = isDeviceError(error)
				? error
				: new DeviceError('invalid-response', error instanceof Error ? error.message : String(error), {url: '', cause: error});
			if (deviceError.kind === 'validation') {
				const refused: Partial<Record<PasswordField, FieldErrorCode>> = {};
				for (const field of fieldOrder) {
					const code = deviceError.fields?.[field]?.code;
					if (code) {
						refused[field] = code;
					}
				}

				if (Object.keys(refused).length > 0) {
					dispatch({type: 'refused', fieldErrors: refused});
					return;
				}
			}

			const sessionEnded = deviceError.kind === 'session-expired';
			const lockedUntil = deviceError.kind === 'locked' && deviceError.retryAfterSeconds !== undefined
				? options.clock.now() + (deviceError.retryAfterSeconds * 1000)
				: undefined;
			dispatch({type: 'failed', error: sessionEnded ? undefined : deviceError, sessionEnded, lockedUntil});
			if (sessionEnded) {
				options.onSessionExpired();
			}
		}
	};

	const onKey = (input: string, key: Key): KeyResult => {
		const current = get();
		if (current.phase === 'submitting') {
			return waitForScreen;
		}

		if (key.escape) {
			// Log out (the app asks first if anything was typed).
			options.onLogOut();
			return true;
		}

		const delta = focusDelta(key);
		if (delta) {
			dispatch({type: 'focus', delta});
			return true;
		}

		if (key.return) {
			if (current.focus === 'ok' || current.focus === 'confirmPassword') {
				void submit();
			} else {
				dispatch({type: 'focus', delta: 1});
			}

			return true;
		}

		const {focus} = current;
		return buttonOrFieldKey(input, key, {
			onButton: focus === 'ok',
			press() {
				void submit();
			},
			edit(action) {
				if (focus !== 'ok') {
					dispatch({type: 'text', field: focus, action});
				}
			},
		});
	};

	const isTyping = (): boolean => get().focus !== 'ok';

	return {state, onKey, isTyping};
}
