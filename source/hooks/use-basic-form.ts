/**
基本設定の編集 / Edit Basic Settings, for any provider: the three checkboxes every OAuth 2.0
page has (Use OAuth 2.0, Verify Server Certificate, Add CN to Verification Items, the last only
with Verify), the provider's own fields (text fields, a picker), OK and Cancel. Its state as one
reducer is in forms/basic-form.ts, its keys in forms/basic-form-keys.ts; this hook saves.
Nothing is sent while a field is wrong; a change made elsewhere (412) is never overwritten: the
form stops and offers to reload. A provider describes its fields once (`defineBasicForm`), at
module level.

When the answer to a save is lost (no answer, a timeout, an unreadable answer, a 5xx: see
`answerLost`), the form reads the device's settings again and compares them with what it sent
(`spec.held`): the device holds what was sent → "Saved"; it holds the old settings → "Not saved"
with the reason, the edits kept; anything else → changed elsewhere. If that read gets no answer
either, the form says it is not known, keeps the edits, and r reads again; if the session ended
meanwhile (the device restarted), the password prompt comes first and the form reads again as
soon as it is back (use-lost-answer-check.ts).
The device's own "not saved" (507/500 `not_saved`: its storage refused the write) needs no
re-read: it changed nothing, the edits are kept.
*/import type {Key} from 'ink';
import type {DeviceError} from '../device/device-error.js';
import {basicFormKey} from '../forms/basic-form-keys.js';
import type {BasicForm, BasicFormState, FormTypes} from '../forms/basic-form.js';
import {asDeviceError, fieldErrorCodesOf, formRequest} from '../forms/device-request.js';
import type {KeyResult} from '../input/key-dispatcher.js';
import {useLostAnswerCheck} from './use-lost-answer-check.js';
import {useSyncStore} from './use-sync-store.js';
import {useUnsavedChanges} from './use-unsaved-changes.js';


export type BasicFormOptions<T extends FormTypes> = {
	initial: T['settings'];
	save(request: T['request']): Promise<T['state']>;
	reload(): Promise<T['state']>;
	onSaved(state: T['state']): void;
	onCancel(): void;
	onSessionExpired(error: DeviceError): void;
};

export type BasicFormHandle<T extends FormTypes> = {
	state: BasicFormState<T>;
	onKey(input: string, key: Key): KeyResult;
	isTyping(): boolean;
	/**
	Always: a burst of text on a checkbox, the tenant picker or a button is a paste in the
	wrong place. It reaches the form whole and means nothing there, where one key at a time
	it would be commands (a client ID with a q in it would quit).
	*/
	takesPaste(): boolean;
};

export function useBasicForm<T extends FormTypes>(form: BasicForm<T>, options: BasicFormOptions<T>): BasicFormHandle<T> {
	const [state, dispatch, get] = useSyncStore(form.reducer, () => form.initialState(options.initial));
	// q, Esc and [Cancel] ask before edits the device does not hold are discarded.
	useUnsavedChanges(() => get().phase !== 'saving' && form.isDirty(get()));
	const lostAnswer = useLostAnswerCheck(form, {dispatch, get}, options);

	const submit = async () => {
		const current = get();
		const request = form.request(current);
		const errors = form.spec.validate(request, current.base);
		if (Object.keys(errors).length > 0) {
			dispatch({type: 'invalid', errors});
			return;
		}

		dispatch({type: 'phase', phase: 'saving'});
		await formRequest(async () => options.save(request), {
			isField: form.isRequestField,
			edit(notice) {
				dispatch({type: 'phase', phase: 'editing', notice});
			},
			onSessionExpired: options.onSessionExpired,
			fields(fields) {
				dispatch({type: 'invalid', errors: fieldErrorCodesOf(fields)});
			},
			conflict() {
				dispatch({type: 'phase', phase: 'conflict'});
			},
			lost(error) {
				lostAnswer.lost({request, base: current.base, error});
			},
			done(saved) {
				dispatch({type: 'saved'});
				options.onSaved(saved);
			},
		});
	};

	const reload = async () => {
		dispatch({type: 'phase', phase: 'reloading'});
		try {
			const reloaded = await options.reload();
			dispatch({type: 'load', settings: reloaded.settings});
		} catch (error) {
			const deviceError = asDeviceError(error);
			dispatch({type: 'phase', phase: 'conflict', notice: {type: 'error', error: deviceError}});
			if (deviceError.kind === 'session-expired') {
				options.onSessionExpired(deviceError);
			}
		}
	};

	const onKey = (input: string, key: Key): KeyResult => basicFormKey(form, get(), input, key, {
		dispatch,
		submit() {
			void submit();
		},
		cancel: options.onCancel,
		reload() {
			void reload();
		},
		confirmAgain: lostAnswer.confirmAgain,
	});

	const isTyping = () => {
		const current = get();
		return current.phase === 'editing' && form.isText(current.focus);
	};

	return {state, onKey, isTyping, takesPaste: () => true};
}
