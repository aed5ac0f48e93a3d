/**
認可用情報の登録 / Register Authorization Information (Google) without React (see
hooks/use-authorization-code-form.ts): the form's state as one reducer, and what a key does on
each of its fields (`codeFormKey`).
*/
import type {Key} from 'ink';
import type {FieldErrorCode} from '../device/contract-values.js';
import {maxAuthorizationInputLength} from '../device/validation.js';
import {buttonKey, formKey, nextField} from '../input/form-keys.js';
import type {KeyResult} from '../input/key-dispatcher.js';
import {
	textInputActionForKey,
	textInputReducer,
	textInputState,
	type TextInputAction,
	type TextInputState,
} from '../input/text-input.js';
import type {FormNotice} from './device-request.js';

export const codeFormFields = ['url', 'code', 'ok', 'cancel'] as const;
export type CodeFormField = (typeof codeFormFields)[number];

export type CodeFormNotice =
	| FormNotice
	| {type: 'copied'; length: number}
	| {type: 'printed'};

export type CodeFormState = {
	readonly code: TextInputState;
	readonly focus: CodeFormField;
	/** What is wrong with the code, next to the field; `detail`: the device's words (sanitized). */
	readonly error: {code: FieldErrorCode; detail?: string} | undefined;
	readonly phase: 'editing' | 'submitting';
	readonly notice: CodeFormNotice | undefined;
};

export type CodeFormAction =
	| {type: 'focus'; delta: 1 | -1}
	| {type: 'focus-field'; field: CodeFormField}
	| {type: 'text'; action: TextInputAction}
	| {type: 'invalid'; error: NonNullable<CodeFormState['error']>}
	| {type: 'phase'; phase: CodeFormState['phase']; notice?: CodeFormNotice}
	| {type: 'notice'; notice: CodeFormNotice}
	| {type: 'done'};

export function initialCodeFormState(): CodeFormState {
	return {code: textInputState(), focus: 'url', error: undefined, phase: 'editing', notice: undefined};
}

export function codeFormReducer(state: CodeFormState, action: CodeFormAction): CodeFormState {
	switch (action.type) {
		case 'focus': {
			return {...state, focus: nextField(codeFormFields, state.focus, action.delta)};
		}

		case 'focus-field': {
			return state.focus === action.field ? state : {...state, focus: action.field};
		}

		case 'text': {
			// One more than allowed, so that "too long" is said instead of cutting silently.
			const code = textInputReducer(state.code, action.action, maxAuthorizationInputLength + 1);
			// A notice about the URL (copied, printed) is over once a code is typed or pasted.
			const urlNotice = state.notice?.type === 'copied' || state.notice?.type === 'printed';
			return code === state.code ? state : {...state, code, error: undefined, notice: urlNotice ? undefined : state.notice};
		}

		case 'invalid': {
			return {...state, phase: 'editing', error: action.error, notice: undefined, focus: 'code'};
		}

		case 'phase': {
			return {...state, phase: action.phase, notice: action.notice};
		}

		case 'notice': {
			return {...state, notice: action.notice};
		}

		case 'done': {
			// The code is used up: nothing of it stays.
			return {...initialCodeFormState(), focus: state.focus};
		}
	}
}

/** What the keys make the form do. */
export type CodeFormCommands = {
	dispatch(action: CodeFormAction): void;
	/** Enter on the code, or OK. */
	submit(): void;
	cancel(): void;
	/** u (copy) and p (print) of the URL, wherever no text is typed; true if it used the key. */
	urlKey(input: string): boolean;
};

function codeFieldKey(current: CodeFormState, input: string, key: Key, {dispatch, submit, cancel, urlKey}: CodeFormCommands): boolean {
	switch (current.focus) {
		case 'code': {
			if (key.return) {
				submit();
				return true;
			}

			const action = textInputActionForKey(input, key);
			if (action) {
				dispatch({type: 'text', action});
			}

			return action !== undefined;
		}

		case 'url': {
			if (key.return) {
				dispatch({type: 'focus-field', field: 'code'});
				return true;
			}

			// A paste while the URL has the focus goes where text goes.
			const paste = [...input].length > 1 ? textInputActionForKey(input, key) : undefined;
			if (paste) {
				dispatch({type: 'focus-field', field: 'code'});
				dispatch({type: 'text', action: paste});
				return true;
			}

			return !key.ctrl && !key.meta && urlKey(input);
		}

		case 'ok':
		case 'cancel': {
			const used = buttonKey(current.focus, input, key, {
				ok: submit,
				cancel,
				focus(button) {
					dispatch({type: 'focus-field', field: button});
				},
			});
			return used || (!key.ctrl && !key.meta && urlKey(input));
		}
	}
}

/** `hasUrl`: whether the device gave an authorization URL (without one there is nothing to type a code for). */
export function codeFormKey(current: CodeFormState, hasUrl: () => boolean, input: string, key: Key, commands: CodeFormCommands): KeyResult {
	// Nothing to type a code for: only Esc, ? and q (the app's).
	if (current.phase === 'editing' && !hasUrl()) {
		return false;
	}

	return formKey(input, key, {
		busy: current.phase === 'submitting',
		move(delta) {
			commands.dispatch({type: 'focus', delta});
		},
		field: (fieldInput, fieldKey) => codeFieldKey(current, fieldInput, fieldKey, commands),
	});
}
