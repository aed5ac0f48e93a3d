/**
認可用情報の登録 / Register Authorization Information (Google): the authorization URL to open
(copy it, print it on one line) and the Authorization Code field, where the engineer types or
pastes the code, or the whole address of the browser's error page. What was pasted is checked
here first (a URL of another attempt, a denial, no code: said next to the field, nothing
sent); the device then exchanges the code and may refuse it, which is said next to the field
too.
*/

import type {Key} from 'ink';
import type {GoogleState} from '../device/contract-values.js';
import type {DeviceError} from '../device/device-error.js';
import {parseAuthorizationCodeInput, stateOfAuthorizationUrl} from '../device/validation.js';
import {codeFormKey, codeFormReducer, initialCodeFormState, type CodeFormState} from '../forms/authorization-code-form.js';
import {formRequest} from '../forms/device-request.js';
import type {KeyResult} from '../input/key-dispatcher.js';
import {textValue} from '../input/text-input.js';
import {sanitizeLine} from '../terminal/sanitize.js';
import {useSyncStore} from './use-sync-store.js';
import {useUnsavedChanges} from './use-unsaved-changes.js';


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

	const onKey = (input: string, key: Key): KeyResult => codeFormKey(get(), () => options.authorizationUrl() !== undefined, input, key, {
		dispatch,
		submit() {
			void submit();
		},
		cancel: options.onCancel,
		urlKey,
	});

	const isTyping = () => {
		const current = get();
		return current.phase === 'editing' && current.focus === 'code' && options.authorizationUrl() !== undefined;
	};

	const takesPaste = () => get().focus === 'url';

	return {state, onKey, isTyping, takesPaste};
}
