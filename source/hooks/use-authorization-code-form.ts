/**
認可用情報の登録 / Register Authorization Information (Google): the authorization URL to open
(copy it, print it on one line) and the Authorization Code field, where the engineer types or
pastes the code, or the whole address of the browser's error page. What was pasted is checked
here first (a URL of another attempt, a denial, no code: said next to the field, nothing
sent); the device then exchanges the code and may refuse it, which is said next to the field
too.
*/
import type {Key} from 'ink';
import type {FieldErrorCode, GoogleState} from '../device/contract-values.js';
import type {DeviceError} from '../device/device-error.js';
import {sanitizeLine} from '../terminal/sanitize.js';
import {maxAuthorizationInputLength, parseAuthorizationCodeInput, stateOfAuthorizationUrl} from '../device/validation.js';
import {formRequest, type FormNotice} from '../forms/device-request.js';
import {buttonKey, formKey, nextField} from '../input/form-keys.js';
import type {KeyResult} from '../input/key-dispatcher.js';
import {
	textInputActionForKey,
	textInputReducer,
	textInputState,
	textValue,
	type TextInputAction,
	type TextInputState,
} from '../input/text-input.js';
import {useSyncStore} from './use-sync-store.js';
import {useUnsavedChanges} from './use-unsaved-changes.js';

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

type CodeFormAction =
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

export type CodeFormOptions = {
	/** The authorization URL as the device gave it, or undefined while there is none. */
	authorizationUrl(): string | undefined;
	submit(code: string): Promise<GoogleState>;
	onDone(state: GoogleState): void;
	onSessionExpired(error: DeviceError): void;
	onCancel(): void;
	/** OSC 52. */
	copy(text: string): void;
	/** Writes the text on its own line above the screen. */
	print(text: string): void;
};

export function useAuthorizationCodeForm(options: CodeFormOptions): {
	state: CodeFormState;
	onKey(input: string, key: Key): KeyResult;
	isTyping(): boolean;
	takesPaste(): boolean;
} {
	const [state, dispatch, get] = useSyncStore(codeFormReducer, initialCodeFormState);
	// A typed or pasted code: q, Esc and [Cancel] ask before it is thrown away (not one already refused).
	useUnsavedChanges(() => textValue(get().code) !== '' && get().error === undefined);

	const submit = async () => {
		const url = options.authorizationUrl();
		if (url === undefined) {
			return;
		}

		const parsed = parseAuthorizationCodeInput(textValue(get().code), stateOfAuthorizationUrl(url));
		if ('error' in parsed) {
			dispatch({type: 'invalid', error: {code: parsed.error}});
			return;
		}

		dispatch({type: 'phase', phase: 'submitting'});
		await formRequest(async () => options.submit(parsed.code), {
			isField: (name): name is 'authorizationCode' => name === 'authorizationCode',
			edit(notice) {
				dispatch({type: 'phase', phase: 'editing', notice});
			},
			onSessionExpired: options.onSessionExpired,
			fields({authorizationCode: refused}) {
				// The identity provider's own words matter only where it refused the code.
				const detail = refused?.code === 'code_rejected' ? sanitizeLine(refused.message).trim() : '';
				dispatch({type: 'invalid', error: {code: refused?.code ?? 'code_rejected', ...(detail ? {detail} : {})}});
			},
			done(exchanged) {
				dispatch({type: 'done'});
				options.onDone(exchanged);
			},
		});
	};

	/** u and p, wherever no text is typed. */
	const urlKey = (input: string): boolean => {
		const url = sanitizeLine(options.authorizationUrl() ?? '').trim();
		if (input === 'u') {
			options.copy(url);
			dispatch({type: 'notice', notice: {type: 'copied', length: url.length}});
			return true;
		}

		if (input === 'p') {
			options.print(url);
			dispatch({type: 'notice', notice: {type: 'printed'}});
			return true;
		}

		return false;
	};

	const onFieldKey = (current: CodeFormState, input: string, key: Key): boolean => {
		switch (current.focus) {
			case 'code': {
				if (key.return) {
					void submit();
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
					ok() {
						void submit();
					},
					cancel: options.onCancel,
					focus(button) {
						dispatch({type: 'focus-field', field: button});
					},
				});
				return used || (!key.ctrl && !key.meta && urlKey(input));
			}
		}
	};

	const onKey = (input: string, key: Key): KeyResult => {
		const current = get();
		// Nothing to type a code for: only Esc, ? and q (the app's).
		if (current.phase === 'editing' && options.authorizationUrl() === undefined) {
			return false;
		}

		return formKey(input, key, {
			busy: current.phase === 'submitting',
			move(delta) {
				dispatch({type: 'focus', delta});
			},
			field: (fieldInput, fieldKey) => onFieldKey(current, fieldInput, fieldKey),
		});
	};

	const isTyping = () => {
		const current = get();
		return current.phase === 'editing' && current.focus === 'code' && options.authorizationUrl() !== undefined;
	};

	const takesPaste = () => get().focus === 'url';

	return {state, onKey, isTyping, takesPaste};
}
