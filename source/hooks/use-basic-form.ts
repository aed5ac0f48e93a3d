/**
基本設定の編集 / Edit Basic Settings, for any provider: the three checkboxes every OAuth 2.0
page has (Use OAuth 2.0, Verify Server Certificate, Add CN to Verification Items, the last only
with Verify), the provider's own fields (text fields, a picker), OK and Cancel; its state as one
reducer, its keys, and saving. Nothing is sent while a field is wrong; a change made elsewhere
(412) is never overwritten: the form stops and offers to reload. A provider describes its
fields once (`defineBasicForm`), at module level.

When the answer to a save is lost (no answer, a timeout, an unreadable answer, a 5xx: see
`answerLost`), the form reads the device's settings again and compares them with what it sent
(`spec.held`): the device holds what was sent → "Saved"; it holds the old settings → "Not saved"
with the reason, the edits kept; anything else → changed elsewhere. If that read gets no answer
either, the form says it is not known, keeps the edits, and r reads again; if the session ended
meanwhile (the device restarted), the password prompt comes first and the form reads again as
soon as it is back.
The device's own "not saved" (507/500 `not_saved`: its storage refused the write) needs no
re-read: it changed nothing, the edits are kept.
*/
import type {Key} from 'ink';
import {useEffect, useRef} from 'react';
import type {FieldError, FieldErrorCode} from '../device/contract-values.js';
import type {DeviceError} from '../device/device-error.js';
import type {FieldErrors} from '../device/validation.js';
import {asDeviceError, formRequest, type FormNotice, type Held} from '../forms/device-request.js';
import {buttonKey, formKey, nextField, type ButtonField} from '../input/form-keys.js';
import type {KeyResult} from '../input/key-dispatcher.js';
import {
	defaultMaxLength,
	textInputActionForKey,
	textInputReducer,
	textInputState,
	textValue,
	type TextInputAction,
	type TextInputState,
} from '../input/text-input.js';
import {useScreenVisible} from './use-env.js';
import {useSyncStore} from './use-sync-store.js';
import {useUnsavedChanges} from './use-unsaved-changes.js';

export type {FormNotice} from '../forms/device-request.js';

/** What Edit Basic Settings says under its buttons: a form's notices, and how a lost answer ended. */
export type BasicFormNotice =
	| FormNotice
	/** The answer was lost, but the device holds what was sent. */
	| {type: 'saved-after-lost-answer'}
	/** The answer was lost (`error`) and the device holds the settings as they were: the edits are kept. */
	| {type: 'not-saved-after-lost-answer'; error: DeviceError}
	/** The answer was lost and the device's settings say nothing of the write-only secret sent: send it again. */
	| {type: 'secret-not-known'}
	/** The answer was lost and reading the settings again failed too (`error`): r reads again. */
	| {type: 'not-known'; error: DeviceError};

export const checkFields = ['enabled', 'verify', 'cn'] as const;
export type CheckField = (typeof checkFields)[number];

/** What every provider's basic settings have. */
export type CommonSettings = {
	enabled: boolean;
	verifyServerCertificate: boolean;
	addCnToVerification: boolean;
};

/** The types of one provider's form. */
export type FormTypes = {
	/** What the device shows. */
	settings: CommonSettings;
	/** What saving sends. */
	request: CommonSettings;
	/** What saving returns. */
	state: {settings: FormTypes['settings']};
	/** The provider's text fields. */
	text: string;
	/** The provider's other fields (a picker); `never` if none. */
	extra: string;
};

export type FormField<T extends FormTypes> = CheckField | T['text'] | T['extra'] | ButtonField;
export type RequestField<T extends FormTypes> = keyof T['request'] & string;
type OwnRequestField<T extends FormTypes> = Exclude<RequestField<T>, keyof CommonSettings>;

export type BasicFormSpec<T extends FormTypes> = {
	/** The provider's fields, in Tab order (between the checkboxes and OK/Cancel). */
	fields: ReadonlyArray<T['text'] | T['extra']>;
	texts: ReadonlyArray<T['text']>;
	/** Text fields that hold a secret: cleared once saved. (Screens draw them masked.) */
	secrets?: ReadonlyArray<T['text']>;
	maxLength?: Partial<Record<T['text'], number>>;
	/** The text fields' values, from what the device shows. */
	textsOf(settings: T['settings']): Record<T['text'], string>;
	request(checks: Record<CheckField, boolean>, texts: Record<T['text'], string>): T['request'];
	/** `base`: the settings the form was opened (or reloaded) with. */
	validate(request: T['request'], base: T['settings']): FieldErrors<RequestField<T>>;
	/** The form field that shows a request field's error (the checkboxes' are known). */
	fieldOf: Record<OwnRequestField<T>, T['text'] | T['extra']>;
	/**
	After a lost answer: what the device's settings (`device`, read again) hold compared with
	the request sent and the settings the form was based on (`base`).
	*/
	held(request: T['request'], device: T['settings'], base: T['settings']): Held;
	/** Keys on a field of `extra`: the text field value they set, if any. */
	extraKey?(field: T['extra'], input: string, key: Key, texts: Record<T['text'], string>): {text: T['text']; value: string} | undefined;
};

export type BasicFormState<T extends FormTypes> = {
	/** The settings the form was opened or reloaded with. */
	readonly base: T['settings'];
	readonly checks: Readonly<Record<CheckField, boolean>>;
	readonly texts: Readonly<Record<T['text'], TextInputState>>;
	readonly focus: FormField<T>;
	readonly errors: Partial<Record<RequestField<T>, FieldErrorCode>>;
	/**
	`verifying`: reading the settings again after a lost answer; `unconfirmed`: that read failed
	too (or waits for the new log-in), r reads again.
	*/
	readonly phase: 'editing' | 'saving' | 'conflict' | 'reloading' | 'verifying' | 'unconfirmed';
	readonly notice: BasicFormNotice | undefined;
};

export type BasicFormAction<T extends FormTypes> =
	| {type: 'focus'; delta: 1 | -1}
	| {type: 'focus-field'; field: FormField<T>}
	| {type: 'toggle'; field: CheckField}
	| {type: 'text'; field: T['text']; action: TextInputAction}
	| {type: 'invalid'; errors: BasicFormState<T>['errors']}
	| {type: 'phase'; phase: BasicFormState<T>['phase']; notice?: BasicFormNotice}
	| {type: 'load'; settings: T['settings']; notice?: BasicFormNotice}
	| {type: 'saved'};

const checkOfRequest: Record<keyof CommonSettings, CheckField> = {
	enabled: 'enabled',
	verifyServerCertificate: 'verify',
	addCnToVerification: 'cn',
};

export type BasicForm<T extends FormTypes> = {
	readonly spec: BasicFormSpec<T>;
	initialState(settings: T['settings']): BasicFormState<T>;
	reducer(state: BasicFormState<T>, action: BasicFormAction<T>): BasicFormState<T>;
	/** The fields Tab visits: CN only while Verify Server Certificate is on. */
	focusable(state: Pick<BasicFormState<T>, 'checks'>): Array<FormField<T>>;
	/** What OK would send. */
	request(state: BasicFormState<T>): T['request'];
	/** True if anything differs from what the device holds (the settings the form was opened or reloaded with). */
	isDirty(state: BasicFormState<T>): boolean;
	isText(field: FormField<T>): field is T['text'];
	isRequestField(name: string): name is RequestField<T>;
};

export function defineBasicForm<T extends FormTypes>(spec: BasicFormSpec<T>): BasicForm<T> {
	const order: Array<FormField<T>> = [...checkFields, ...spec.fields, 'ok', 'cancel'];
	const fieldOfError = (name: RequestField<T>): FormField<T> =>
		name in checkOfRequest ? checkOfRequest[name as keyof CommonSettings] : spec.fieldOf[name as OwnRequestField<T>];
	const isText = (field: FormField<T>): field is T['text'] => spec.texts.includes(field as T['text']);
	const isRequestField = (name: string): name is RequestField<T> => name in checkOfRequest || name in spec.fieldOf;

	/** The errors without those shown at `field`. */
	const withoutErrorsAt = (errors: BasicFormState<T>['errors'], ...fields: Array<FormField<T>>): BasicFormState<T>['errors'] => {
		const names = (Object.keys(errors) as Array<RequestField<T>>).filter(name => fields.includes(fieldOfError(name)));
		if (names.length === 0) {
			return errors;
		}

		const rest = {...errors};
		for (const name of names) {
			delete rest[name];
		}

		return rest;
	};

	const textsOf = (settings: T['settings']) => {
		const values = spec.textsOf(settings);
		return Object.fromEntries(spec.texts.map(field => [field, textInputState(values[field])])) as Record<T['text'], TextInputState>;
	};

	const initialState = (settings: T['settings']): BasicFormState<T> => ({
		base: settings,
		checks: {
			enabled: settings.enabled,
			verify: settings.verifyServerCertificate,
			cn: settings.addCnToVerification && settings.verifyServerCertificate,
		},
		texts: textsOf(settings),
		focus: 'enabled',
		errors: {},
		phase: 'editing',
		notice: undefined,
	});

	const focusable = (state: Pick<BasicFormState<T>, 'checks'>) => order.filter(field => field !== 'cn' || state.checks.verify);

	const request = (state: BasicFormState<T>) => {
		const texts = Object.fromEntries(spec.texts.map(field => [field, textValue(state.texts[field])])) as Record<T['text'], string>;
		return spec.request({...state.checks, cn: state.checks.verify && state.checks.cn}, texts);
	};

	const toggle = (state: BasicFormState<T>, field: CheckField): BasicFormState<T> => {
		const {checks} = state;
		if (field === 'verify') {
			// Add CN is only available with Verify: turning Verify off turns it off.
			const verify = !checks.verify;
			return {...state, checks: {...checks, verify, cn: verify ? checks.cn : false}, errors: withoutErrorsAt(state.errors, 'verify', 'cn')};
		}

		if (field === 'cn' && !checks.verify) {
			return state;
		}

		return {...state, checks: {...checks, [field]: !checks[field]}, errors: withoutErrorsAt(state.errors, field)};
	};

	/** "Check the fields. Nothing was saved." belongs to the field errors: it goes with the last of them. */
	const withoutStaleNotice = (state: BasicFormState<T>): BasicFormState<T> =>
		state.notice?.type === 'check-fields' && Object.keys(state.errors).length === 0 ? {...state, notice: undefined} : state;

	const reducer = (state: BasicFormState<T>, action: BasicFormAction<T>): BasicFormState<T> => {
		switch (action.type) {
			case 'focus': {
				return {...state, focus: nextField(focusable(state), state.focus, action.delta)};
			}

			case 'focus-field': {
				return {...state, focus: action.field};
			}

			case 'toggle': {
				return withoutStaleNotice(toggle(state, action.field));
			}

			case 'text': {
				const before = state.texts[action.field];
				const after = textInputReducer(before, action.action, spec.maxLength?.[action.field] ?? defaultMaxLength);
				return after === before
					? state
					: withoutStaleNotice({...state, texts: {...state.texts, [action.field]: after}, errors: withoutErrorsAt(state.errors, action.field)});
			}

			case 'invalid': {
				const wrong = new Set((Object.keys(action.errors) as Array<RequestField<T>>).map(name => fieldOfError(name)));
				return {
					...state,
					errors: action.errors,
					phase: 'editing',
					notice: {type: 'check-fields'},
					focus: order.find(field => wrong.has(field)) ?? state.focus,
				};
			}

			case 'phase': {
				return {...state, phase: action.phase, notice: action.notice};
			}

			case 'load': {
				const loaded = initialState(action.settings);
				return {...loaded, focus: state.focus === 'cn' && !loaded.checks.verify ? 'verify' : state.focus, notice: action.notice};
			}

			case 'saved': {
				const cleared = Object.fromEntries((spec.secrets ?? []).map(field => [field, textInputState()]));
				return {...state, phase: 'editing', notice: undefined, texts: {...state.texts, ...cleared}};
			}
		}
	};

	const isDirty = (state: BasicFormState<T>) => {
		const held = initialState(state.base);
		return checkFields.some(field => state.checks[field] !== held.checks[field])
			|| spec.texts.some(field => textValue(state.texts[field]) !== textValue(held.texts[field]));
	};

	return {spec, initialState, reducer, focusable, request, isText, isRequestField, isDirty};
}

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
	/** A save whose answer was lost, until the device's settings tell what became of it. */
	const lostRef = useRef<{request: T['request']; base: T['settings']; error: DeviceError} | undefined>(undefined);
	/** The re-read waits for the new log-in (the session ended). */
	const afterLogInRef = useRef(false);

	/** Reads the device's settings again and says what became of the lost save. */
	const confirm = async () => {
		const lost = lostRef.current;
		if (!lost) {
			return;
		}

		dispatch({type: 'phase', phase: 'verifying'});
		let device: T['state'];
		try {
			device = await options.reload();
		} catch (error) {
			const deviceError = asDeviceError(error);
			afterLogInRef.current = deviceError.kind === 'session-expired';
			dispatch({type: 'phase', phase: 'unconfirmed', notice: {type: 'not-known', error: deviceError}});
			if (afterLogInRef.current) {
				options.onSessionExpired(deviceError);
			}

			return;
		}

		lostRef.current = undefined;
		switch (form.spec.held(lost.request, device.settings, lost.base)) {
			case 'sent': {
				dispatch({type: 'load', settings: device.settings, notice: {type: 'saved-after-lost-answer'}});
				break;
			}

			case 'old': {
				// The edits stay; the next OK goes with the ETag just read.
				dispatch({type: 'phase', phase: 'editing', notice: {type: 'not-saved-after-lost-answer', error: lost.error}});
				break;
			}

			case 'unknown': {
				dispatch({type: 'phase', phase: 'editing', notice: {type: 'secret-not-known'}});
				break;
			}

			case 'other': {
				dispatch({type: 'phase', phase: 'conflict'});
				break;
			}
		}
	};

	// After the new log-in (the password prompt covered the form, now it is back): read again.
	const visible = useScreenVisible();
	const hiddenRef = useRef(!visible);
	useEffect(() => {
		if (!visible) {
			hiddenRef.current = true;
			return;
		}

		const wasHidden = hiddenRef.current;
		hiddenRef.current = false;
		if (wasHidden && afterLogInRef.current && lostRef.current && get().phase === 'unconfirmed') {
			afterLogInRef.current = false;
			void confirm();
		}
	}, [visible]);

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
				const errors: BasicFormState<T>['errors'] = {};
				for (const [name, fieldError] of Object.entries(fields) as Array<[RequestField<T>, FieldError | undefined]>) {
					if (fieldError) {
						errors[name] = fieldError.code;
					}
				}

				dispatch({type: 'invalid', errors});
			},
			conflict() {
				dispatch({type: 'phase', phase: 'conflict'});
			},
			lost(error) {
				lostRef.current = {request, base: current.base, error};
				afterLogInRef.current = false;
				void confirm();
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

	const next = () => {
		dispatch({type: 'focus', delta: 1});
		return true;
	};

	const onFieldKey = (current: BasicFormState<T>, input: string, key: Key): boolean => {
		const field = current.focus;
		if (form.isText(field)) {
			if (key.return) {
				return next();
			}

			const action = textInputActionForKey(input, key);
			if (action) {
				dispatch({type: 'text', field, action});
			}

			return action !== undefined;
		}

		switch (field) {
			case 'enabled':
			case 'verify':
			case 'cn': {
				if (input === ' ') {
					dispatch({type: 'toggle', field: field as CheckField});
					return true;
				}

				return key.return ? next() : false;
			}

			case 'ok':
			case 'cancel': {
				return buttonKey(field as ButtonField, input, key, {
					ok() {
						void submit();
					},
					cancel: options.onCancel,
					focus(button) {
						dispatch({type: 'focus-field', field: button});
					},
				});
			}

			default: {
				const texts = Object.fromEntries(form.spec.texts.map(name => [name, textValue(current.texts[name])])) as Record<T['text'], string>;
				const change = form.spec.extraKey?.(field as T['extra'], input, key, texts);
				if (change) {
					dispatch({type: 'text', field: change.text, action: {type: 'set', value: change.value}});
					return true;
				}

				return key.return ? next() : false;
			}
		}
	};

	const onKey = (input: string, key: Key): KeyResult => {
		const current = get();
		if (current.phase === 'conflict') {
			if (input === 'r' && !key.ctrl) {
				void reload();
				return true;
			}

			return !key.escape;
		}

		if (current.phase === 'unconfirmed') {
			if (input === 'r' && !key.ctrl) {
				afterLogInRef.current = false;
				void confirm();
				return true;
			}

			return !key.escape;
		}

		return formKey(input, key, {
			busy: current.phase !== 'editing',
			move(delta) {
				dispatch({type: 'focus', delta});
			},
			field: (fieldInput, fieldKey) => onFieldKey(current, fieldInput, fieldKey),
		});
	};

	const isTyping = () => {
		const current = get();
		return current.phase === 'editing' && form.isText(current.focus);
	};

	return {state, onKey, isTyping, takesPaste: () => true};
}
