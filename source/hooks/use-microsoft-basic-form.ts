/**
The Edit Basic Settings form of OAuth 2.0 (Microsoft): its state as one reducer, its keys,
and saving. Nothing is sent while a field is wrong; a change made elsewhere (412) is never
overwritten: the form stops and offers to reload.
*/
import type {Key} from 'ink';
import {
	microsoftTenants,
	type FieldErrorCode,
	type MicrosoftBasicSettings,
	type MicrosoftState,
	type MicrosoftTenant,
} from '../contract.js';
import {DeviceError, isDeviceError} from '../device-error.js';
import {
	microsoftEndpointFor,
	tenantOfEndpoint,
	validateMicrosoftBasic,
	type MicrosoftBasicField,
} from '../validation.js';
import {
	textInputActionForKey,
	textInputReducer,
	textInputState,
	textValue,
	type TextInputAction,
	type TextInputState,
} from './text-input.js';
import {useSyncStore} from './use-sync-store.js';

export const formFields = ['enabled', 'verify', 'cn', 'endpoint', 'tenant', 'ok', 'cancel'] as const;
export type FormField = (typeof formFields)[number];

export type FormNotice =
	| {type: 'check-fields'}
	| {type: 'not-saved'}
	| {type: 'error'; error: DeviceError};

export type BasicFormState = {
	readonly enabled: boolean;
	readonly verify: boolean;
	readonly cn: boolean;
	readonly endpoint: TextInputState;
	readonly focus: FormField;
	readonly errors: Partial<Record<MicrosoftBasicField, FieldErrorCode>>;
	readonly phase: 'editing' | 'saving' | 'conflict' | 'reloading';
	readonly notice: FormNotice | undefined;
};

type FormAction =
	| {type: 'focus'; delta: 1 | -1}
	| {type: 'focus-field'; field: FormField}
	| {type: 'toggle'; field: 'enabled' | 'verify' | 'cn'}
	| {type: 'text'; action: TextInputAction}
	| {type: 'tenant'; delta: 1 | -1}
	| {type: 'invalid'; errors: BasicFormState['errors']}
	| {type: 'phase'; phase: BasicFormState['phase']; notice?: FormNotice}
	| {type: 'load'; settings: MicrosoftBasicSettings};

export function initialFormState(settings: MicrosoftBasicSettings): BasicFormState {
	return {
		enabled: settings.enabled,
		verify: settings.verifyServerCertificate,
		cn: settings.addCnToVerification && settings.verifyServerCertificate,
		endpoint: textInputState(settings.endpoint),
		focus: 'enabled',
		errors: {},
		phase: 'editing',
		notice: undefined,
	};
}

/** The fields Tab visits: CN only while Verify Server Certificate is on. */
export function focusableFields(state: Pick<BasicFormState, 'verify'>): FormField[] {
	return formFields.filter(field => field !== 'cn' || state.verify);
}

export function formSettings(state: BasicFormState): MicrosoftBasicSettings {
	return {
		enabled: state.enabled,
		verifyServerCertificate: state.verify,
		addCnToVerification: state.verify && state.cn,
		endpoint: textValue(state.endpoint),
	};
}

const fieldOfError: Record<MicrosoftBasicField, FormField> = {
	enabled: 'enabled',
	verifyServerCertificate: 'verify',
	addCnToVerification: 'cn',
	endpoint: 'endpoint',
};

function withoutError(
	errors: BasicFormState['errors'],
	field: MicrosoftBasicField,
): BasicFormState['errors'] {
	if (!(field in errors)) {
		return errors;
	}

	const {[field]: _removed, ...rest} = errors;
	return rest;
}

export function pickTenant(current: MicrosoftTenant | undefined, delta: 1 | -1): MicrosoftTenant {
	const count = microsoftTenants.length;
	const index = current === undefined ? (delta === 1 ? -1 : count) : microsoftTenants.indexOf(current);
	return microsoftTenants[(index + delta + count) % count]!;
}

export function basicFormReducer(state: BasicFormState, action: FormAction): BasicFormState {
	switch (action.type) {
		case 'focus': {
			const fields = focusableFields(state);
			const index = Math.max(0, fields.indexOf(state.focus));
			const focus = fields[(index + action.delta + fields.length) % fields.length]!;
			return {...state, focus};
		}

		case 'focus-field': {
			return {...state, focus: action.field};
		}

		case 'toggle': {
			if (action.field === 'enabled') {
				return {...state, enabled: !state.enabled, errors: withoutError(state.errors, 'enabled')};
			}

			if (action.field === 'verify') {
				const verify = !state.verify;
				// Add CN is only available with Verify: turning Verify off turns it off.
				return {
					...state,
					verify,
					cn: verify ? state.cn : false,
					errors: withoutError(withoutError(state.errors, 'verifyServerCertificate'), 'addCnToVerification'),
				};
			}

			if (!state.verify) {
				return state;
			}

			return {...state, cn: !state.cn, errors: withoutError(state.errors, 'addCnToVerification')};
		}

		case 'text': {
			const endpoint = textInputReducer(state.endpoint, action.action);
			if (endpoint === state.endpoint) {
				return state;
			}

			return {...state, endpoint, errors: withoutError(state.errors, 'endpoint')};
		}

		case 'tenant': {
			const tenant = pickTenant(tenantOfEndpoint(textValue(state.endpoint)), action.delta);
			return {
				...state,
				endpoint: textInputState(microsoftEndpointFor(tenant)),
				errors: withoutError(state.errors, 'endpoint'),
			};
		}

		case 'invalid': {
			const first = formFields.find(field =>
				Object.entries(fieldOfError).some(([name, formField]) => formField === field && name in action.errors));
			return {
				...state,
				errors: action.errors,
				phase: 'editing',
				notice: {type: 'check-fields'},
				focus: first ?? state.focus,
			};
		}

		case 'phase': {
			return {...state, phase: action.phase, notice: action.notice};
		}

		case 'load': {
			return {...initialFormState(action.settings), focus: state.focus === 'cn' && !action.settings.verifyServerCertificate ? 'verify' : state.focus};
		}
	}
}

export type BasicFormOptions = {
	initial: MicrosoftBasicSettings;
	save(settings: MicrosoftBasicSettings): Promise<MicrosoftState>;
	reload(): Promise<MicrosoftState>;
	onSaved(state: MicrosoftState): void;
	onCancel(): void;
	onSessionExpired(error: DeviceError): void;
};

function asDeviceError(error: unknown): DeviceError {
	return isDeviceError(error)
		? error
		: new DeviceError('invalid-response', error instanceof Error ? error.message : String(error), {url: '', cause: error});
}

function isFieldName(name: string): name is MicrosoftBasicField {
	return name in fieldOfError;
}

export function useMicrosoftBasicForm(options: BasicFormOptions): {
	state: BasicFormState;
	onKey(input: string, key: Key): boolean;
	isTyping(): boolean;
} {
	const [state, dispatch, get] = useSyncStore(basicFormReducer, () => initialFormState(options.initial));

	const submit = async () => {
		const settings = formSettings(get());
		const errors = validateMicrosoftBasic(settings);
		if (Object.keys(errors).length > 0) {
			dispatch({type: 'invalid', errors});
			return;
		}

		dispatch({type: 'phase', phase: 'saving'});
		try {
			const saved = await options.save(settings);
			dispatch({type: 'phase', phase: 'editing'});
			options.onSaved(saved);
		} catch (error) {
			const deviceError = asDeviceError(error);
			switch (deviceError.kind) {
				case 'session-expired': {
					dispatch({type: 'phase', phase: 'editing', notice: {type: 'not-saved'}});
					options.onSessionExpired(deviceError);
					break;
				}

				case 'conflict': {
					dispatch({type: 'phase', phase: 'conflict'});
					break;
				}

				case 'validation': {
					const fieldErrors: BasicFormState['errors'] = {};
					for (const [name, fieldError] of Object.entries(deviceError.fields ?? {})) {
						if (isFieldName(name)) {
							fieldErrors[name] = fieldError.code;
						}
					}

					if (Object.keys(fieldErrors).length > 0) {
						dispatch({type: 'invalid', errors: fieldErrors});
					} else {
						dispatch({type: 'phase', phase: 'editing', notice: {type: 'error', error: deviceError}});
					}

					break;
				}

				default: {
					dispatch({type: 'phase', phase: 'editing', notice: {type: 'error', error: deviceError}});
				}
			}
		}
	};

	const reload = async () => {
		dispatch({type: 'phase', phase: 'reloading'});
		try {
			const state = await options.reload();
			dispatch({type: 'load', settings: state.settings});
		} catch (error) {
			const deviceError = asDeviceError(error);
			dispatch({type: 'phase', phase: 'conflict', notice: {type: 'error', error: deviceError}});
			if (deviceError.kind === 'session-expired') {
				options.onSessionExpired(deviceError);
			}
		}
	};

	const onKey = (input: string, key: Key): boolean => {
		const current = get();
		if (current.phase === 'saving' || current.phase === 'reloading') {
			// Esc cannot take a request back: wait for it.
			return true;
		}

		if (current.phase === 'conflict') {
			if (input === 'r' && !key.ctrl) {
				void reload();
				return true;
			}

			return !key.escape;
		}

		if (key.escape) {
			return false;
		}

		if (key.tab) {
			dispatch({type: 'focus', delta: key.shift ? -1 : 1});
			return true;
		}

		if (key.upArrow) {
			dispatch({type: 'focus', delta: -1});
			return true;
		}

		if (key.downArrow) {
			dispatch({type: 'focus', delta: 1});
			return true;
		}

		switch (current.focus) {
			case 'endpoint': {
				if (key.return) {
					dispatch({type: 'focus', delta: 1});
					return true;
				}

				const action = textInputActionForKey(input, key);
				if (action) {
					dispatch({type: 'text', action});
				}

				return action !== undefined;
			}

			case 'enabled':
			case 'verify':
			case 'cn': {
				if (input === ' ') {
					dispatch({type: 'toggle', field: current.focus});
					return true;
				}

				if (key.return) {
					dispatch({type: 'focus', delta: 1});
					return true;
				}

				return false;
			}

			case 'tenant': {
				if (key.leftArrow || key.rightArrow || input === ' ') {
					dispatch({type: 'tenant', delta: key.leftArrow ? -1 : 1});
					return true;
				}

				if (key.return) {
					dispatch({type: 'focus', delta: 1});
					return true;
				}

				return false;
			}

			case 'ok': {
				if (key.return || input === ' ') {
					void submit();
					return true;
				}

				if (key.rightArrow) {
					dispatch({type: 'focus-field', field: 'cancel'});
					return true;
				}

				return false;
			}

			case 'cancel': {
				if (key.return || input === ' ') {
					options.onCancel();
					return true;
				}

				if (key.leftArrow) {
					dispatch({type: 'focus-field', field: 'ok'});
					return true;
				}

				return false;
			}
		}
	};

	const isTyping = () => {
		const current = get();
		return current.phase === 'editing' && current.focus === 'endpoint';
	};

	return {state, onKey, isTyping};
}
