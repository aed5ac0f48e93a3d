/**
基本設定の編集 / Edit Basic Settings, for any provider, without React: the form's types, its
state as one reducer, and what OK would send. A provider describes its fields once
(`defineBasicForm`), at module level. basic-form-keys.ts says what a key does on each field;
hooks/use-basic-form.ts runs the form and saves (hooks/use-lost-answer-check.ts: the re-read
after a lost answer).
*/
import type {Key} from 'ink';
import type {FieldErrorCode} from '../device/contract-values.js';
import type {DeviceError} from '../device/device-error.js';
import type {FieldErrors} from '../device/validation.js';
import {nextField, type ButtonField} from '../input/form-keys.js';
import {
	defaultMaxLength,
	textInputReducer,
	textInputState,
	textValue,
	type TextInputAction,
	type TextInputState,
} from '../input/text-input.js';
import type {FormNotice, Held} from './device-request.js';

export type {FormNotice} from './device-request.js';

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

/** What a basic form is made of, before its reducer: the field order and how errors map to fields. */
type BasicFormParts<T extends FormTypes> = {
	spec: BasicFormSpec<T>;
	order: Array<FormField<T>>;
	fieldOfError(name: RequestField<T>): FormField<T>;
	initialState(settings: T['settings']): BasicFormState<T>;
	focusable(state: Pick<BasicFormState<T>, 'checks'>): Array<FormField<T>>;
};

function basicFormParts<T extends FormTypes>(spec: BasicFormSpec<T>): BasicFormParts<T> {
	const order: Array<FormField<T>> = [...checkFields, ...spec.fields, 'ok', 'cancel'];
	const fieldOfError = (name: RequestField<T>): FormField<T> =>
		name in checkOfRequest ? checkOfRequest[name as keyof CommonSettings] : spec.fieldOf[name as OwnRequestField<T>];

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

	return {spec, order, fieldOfError, initialState, focusable};
}

/** The errors without those shown at `fields`. */
function withoutErrorsAt<T extends FormTypes>(
	parts: BasicFormParts<T>,
	errors: BasicFormState<T>['errors'],
	...fields: Array<FormField<T>>
): BasicFormState<T>['errors'] {
	const names = (Object.keys(errors) as Array<RequestField<T>>).filter(name => fields.includes(parts.fieldOfError(name)));
	if (names.length === 0) {
		return errors;
	}

	const rest = {...errors};
	for (const name of names) {
		delete rest[name];
	}

	return rest;
}

function toggle<T extends FormTypes>(parts: BasicFormParts<T>, state: BasicFormState<T>, field: CheckField): BasicFormState<T> {
	const {checks} = state;
	if (field === 'verify') {
		// Add CN is only available with Verify: turning Verify off turns it off.
		const verify = !checks.verify;
		return {...state, checks: {...checks, verify, cn: verify ? checks.cn : false}, errors: withoutErrorsAt(parts, state.errors, 'verify', 'cn')};
	}

	if (field === 'cn' && !checks.verify) {
		return state;
	}

	return {...state, checks: {...checks, [field]: !checks[field]}, errors: withoutErrorsAt(parts, state.errors, field)};
}

/** "Check the fields. Nothing was saved." belongs to the field errors: it goes with the last of them. */
function withoutStaleNotice<T extends FormTypes>(state: BasicFormState<T>): BasicFormState<T> {
	return state.notice?.type === 'check-fields' && Object.keys(state.errors).length === 0 ? {...state, notice: undefined} : state;
}

function basicFormReducer<T extends FormTypes>(parts: BasicFormParts<T>) {
	const {spec, order, fieldOfError, initialState, focusable} = parts;
	return (state: BasicFormState<T>, action: BasicFormAction<T>): BasicFormState<T> => {
		switch (action.type) {
			case 'focus': {
				return {...state, focus: nextField(focusable(state), state.focus, action.delta)};
			}

			case 'focus-field': {
				return {...state, focus: action.field};
			}

			case 'toggle': {
				return withoutStaleNotice(toggle(parts, state, action.field));
			}

			case 'text': {
				const before = state.texts[action.field];
				const after = textInputReducer(before, action.action, spec.maxLength?.[action.field] ?? defaultMaxLength);
				return after === before
					? state
					: withoutStaleNotice({...state, texts: {...state.texts, [action.field]: after}, errors: withoutErrorsAt(parts, state.errors, action.field)});
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
}

/** The text fields' values, as typed. */
export function textValuesOf<T extends FormTypes>(spec: BasicFormSpec<T>, state: Pick<BasicFormState<T>, 'texts'>): Record<T['text'], string> {
	return Object.fromEntries(spec.texts.map(field => [field, textValue(state.texts[field])])) as Record<T['text'], string>;
}

export function defineBasicForm<T extends FormTypes>(spec: BasicFormSpec<T>): BasicForm<T> {
	const parts = basicFormParts(spec);
	const {initialState, focusable} = parts;
	const isText = (field: FormField<T>): field is T['text'] => spec.texts.includes(field as T['text']);
	const isRequestField = (name: string): name is RequestField<T> => name in checkOfRequest || name in spec.fieldOf;

	const request = (state: BasicFormState<T>) =>
		spec.request({...state.checks, cn: state.checks.verify && state.checks.cn}, textValuesOf(spec, state));

	const isDirty = (state: BasicFormState<T>) => {
		const held = initialState(state.base);
		return checkFields.some(field => state.checks[field] !== held.checks[field])
			|| spec.texts.some(field => textValue(state.texts[field]) !== textValue(held.texts[field]));
	};

	return {spec, initialState, reducer: basicFormReducer(parts), focusable, request, isText, isRequestField, isDirty};
}

/**
What the form says once the device's settings, read again after a lost answer (`device`), tell
what became of the save (`held`: spec.held of what was sent); `error`: how the answer was lost.
*/
export function afterLostAnswer<T extends FormTypes>(held: Held, device: T['settings'], error: DeviceError): BasicFormAction<T> {
	switch (held) {
		case 'sent': {
			return {type: 'load', settings: device, notice: {type: 'saved-after-lost-answer'}};
		}

		case 'old': {
			// The edits stay; the next OK goes with the ETag just read.
			return {type: 'phase', phase: 'editing', notice: {type: 'not-saved-after-lost-answer', error}};
		}

		case 'unknown': {
			return {type: 'phase', phase: 'editing', notice: {type: 'secret-not-known'}};
		}

		case 'other': {
			return {type: 'phase', phase: 'conflict'};
		}
	}
}
