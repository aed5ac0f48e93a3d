/**
Change the Administrator Password without React (see hooks/use-change-password.ts): its state
as one reducer, what is checked before anything is sent (`changePasswordProblems`), and the
device's refusals of single fields (`refusedPasswordFields`).
*/
import type {FieldErrorCode} from '../device/contract-values.js';
import type {DeviceError} from '../device/device-error.js';
import {newPasswordProblem, passwordLength} from '../device/password-rules.js';
import {nextField} from '../input/form-keys.js';
import {
	textInputReducer,
	textInputState,
	textValue,
	type TextInputAction,
	type TextInputState,
} from '../input/text-input.js';

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

export type ChangePasswordAction =
	| {type: 'focus'; delta: 1 | -1}
	| {type: 'text'; field: PasswordField; action: TextInputAction}
	| {type: 'refused'; fieldErrors: Partial<Record<PasswordField, FieldErrorCode>>}
	| {type: 'submitting'}
	| {type: 'failed'; error: DeviceError | undefined; sessionEnded: boolean; lockedUntil: number | undefined};

/** One more than allowed, so that "8 to 64 characters" is said instead of cutting silently. */
const maxTyped = passwordLength.max + 1;
export const passwordFieldOrder: readonly PasswordField[] = ['currentPassword', 'newPassword', 'confirmPassword'];

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
			const first = passwordFieldOrder.find(field => action.fieldErrors[field] !== undefined);
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

/**
What is wrong before anything is sent: the current password missing (when asked for), the new
one missing or against the device's rules, the confirmation different. Empty: send it.
*/
export function changePasswordProblems(
	state: ChangePasswordState,
	{userName, currentPassword}: {userName: string; currentPassword: string},
): Partial<Record<PasswordField, FieldErrorCode>> {
	const newPassword = textValue(state.newPassword);
	const fieldErrors: Partial<Record<PasswordField, FieldErrorCode>> = {};
	if (state.askCurrent && currentPassword === '') {
		fieldErrors.currentPassword = 'required';
	}

	const problem = newPasswordProblem(newPassword, {userName, ...(currentPassword === '' ? {} : {currentPassword})});
	if (newPassword === '') {
		fieldErrors.newPassword = 'required';
	} else if (problem) {
		fieldErrors.newPassword = problem;
	} else if (textValue(state.confirmPassword) !== newPassword) {
		fieldErrors.confirmPassword = 'password_mismatch';
	}

	return fieldErrors;
}

/** The fields of this form a 400 of the device names (empty for any other error). */
export function refusedPasswordFields(error: DeviceError): Partial<Record<PasswordField, FieldErrorCode>> {
	const refused: Partial<Record<PasswordField, FieldErrorCode>> = {};
	if (error.kind === 'validation') {
		for (const field of passwordFieldOrder) {
			const code = error.fields?.[field]?.code;
			if (code) {
				refused[field] = code;
			}
		}
	}

	return refused;
}
