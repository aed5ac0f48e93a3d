/**
テストメールの送信 / Send Test Mail: the To field (checked with the shared rule before anything
is sent), [Send] and [Cancel], the sending under way (since when, for the elapsed time), and
the device's report. A refused address goes next to the field; a session that ended keeps the
typed address (the password prompt comes over it); any other failure is said under the form.
*/
import type {Key} from 'ink';
import {smtpServers, testMailProviders, type FieldErrorCode, type TestMailProvider, type TestMailResult} from '../device/contract-values.js';
import type {DeviceError} from '../device/device-error.js';
import {maxMailAddressLength, validateMailAddress} from '../device/validation.js';
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

/** Where the device sends through (STARTTLS, SASL XOAUTH2): shown while it is under way. */
export const testMailServers = Object.fromEntries(testMailProviders.map(provider => {
	const {host, port} = smtpServers[provider];
	return [provider, `${host}:${port}`];
})) as Record<TestMailProvider, string>;

export const testMailFields = ['to', 'ok', 'cancel'] as const;
export type TestMailField = (typeof testMailFields)[number];

export type TestMailState = {
	readonly to: TextInputState;
	readonly focus: TestMailField;
	readonly error: FieldErrorCode | undefined;
	/** `result`: the device's report is shown instead of the form. */
	readonly phase: 'editing' | 'sending' | 'result';
	/** When sending started (the injected clock), for the elapsed seconds. */
	readonly startedAt: number;
	readonly notice: FormNotice | undefined;
	readonly result: TestMailResult | undefined;
};

type TestMailAction =
	| {type: 'focus'; delta: 1 | -1}
	| {type: 'focus-field'; field: TestMailField}
	| {type: 'text'; action: TextInputAction}
	| {type: 'invalid'; error: FieldErrorCode}
	| {type: 'sending'; at: number}
	| {type: 'edit'; notice: FormNotice | undefined}
	| {type: 'result'; result: TestMailResult};

export function initialTestMailState(to = ''): TestMailState {
	return {
		to: textInputState(to),
		focus: 'to',
		error: undefined,
		phase: 'editing',
		startedAt: 0,
		notice: undefined,
		result: undefined,
	};
}

export function testMailReducer(state: TestMailState, action: TestMailAction): TestMailState {
	switch (action.type) {
		case 'focus': {
			return {...state, focus: nextField(testMailFields, state.focus, action.delta)};
		}

		case 'focus-field': {
			return state.focus === action.field ? state : {...state, focus: action.field};
		}

		case 'text': {
			// One more than allowed, so that "too long" is said instead of cutting silently.
			const to = textInputReducer(state.to, action.action, maxMailAddressLength + 1);
			return to === state.to ? state : {...state, to, error: undefined};
		}

		case 'invalid': {
			return {...state, phase: 'editing', error: action.error, notice: {type: 'check-fields'}, focus: 'to'};
		}

		case 'sending': {
			return {...state, phase: 'sending', startedAt: action.at, notice: undefined, result: undefined};
		}

		case 'edit': {
			return {...state, phase: 'editing', notice: action.notice};
		}

		case 'result': {
			return {...state, phase: 'result', result: action.result, notice: undefined};
		}
	}
}

export type TestMailOptions = {
	/** The address to start with (the last one sent to in this session). */
	initialTo?: string;
	now(): number;
	/** Has the device send the test mail (to the provider this screen is for). */
	send(to: string): Promise<TestMailResult>;
	/** The address the device was asked to send to (to remember it). */
	onSent?(to: string): void;
	onSessionExpired(error: DeviceError): void;
	onCancel(): void;
};

export function useTestMail(options: TestMailOptions): {
	state: TestMailState;
	onKey(input: string, key: Key): KeyResult;
	isTyping(): boolean;
} {
	const [state, dispatch, get] = useSyncStore(testMailReducer, () => initialTestMailState(options.initialTo));

	const send = async () => {
		const to = textValue(get().to);
		const error = validateMailAddress(to);
		if (error) {
			dispatch({type: 'invalid', error});
			return;
		}

		dispatch({type: 'sending', at: options.now()});
		await formRequest(async () => options.send(to), {
			isField: (name): name is 'to' => name === 'to',
			edit(notice) {
				dispatch({type: 'edit', notice});
			},
			onSessionExpired: options.onSessionExpired,
			fields({to: refused}) {
				dispatch({type: 'invalid', error: refused?.code ?? 'invalid_email'});
			},
			done(result) {
				options.onSent?.(to);
				dispatch({type: 'result', result});
			},
		});
	};

	const onFieldKey = (current: TestMailState, input: string, key: Key): boolean => {
		if (current.focus === 'to') {
			if (key.return) {
				void send();
				return true;
			}

			const action = textInputActionForKey(input, key);
			if (action) {
				dispatch({type: 'text', action});
			}

			return action !== undefined;
		}

		return buttonKey(current.focus, input, key, {
			ok() {
				void send();
			},
			cancel: options.onCancel,
			focus(button) {
				dispatch({type: 'focus-field', field: button});
			},
		});
	};

	const onKey = (input: string, key: Key): KeyResult => {
		const current = get();
		if (current.phase === 'result') {
			// Back to the form in the field, the address kept: type another, or Enter sends again.
			if (key.return) {
				dispatch({type: 'edit', notice: undefined});
				dispatch({type: 'focus-field', field: 'to'});
				return true;
			}

			return false;
		}

		return formKey(input, key, {
			busy: current.phase === 'sending',
			move(delta) {
				dispatch({type: 'focus', delta});
			},
			field: (fieldInput, fieldKey) => onFieldKey(current, fieldInput, fieldKey),
		});
	};

	const isTyping = () => {
		const current = get();
		return current.phase === 'editing' && current.focus === 'to';
	};

	return {state, onKey, isTyping};
}
