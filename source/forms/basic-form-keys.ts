/**
What a key does on Edit Basic Settings, without React: Tab and the arrows move, Space toggles a
checkbox, text goes into the text fields, the provider's picker takes its own keys, OK saves
and Cancel leaves; while the form stops on a change made elsewhere (or on a save not known to
be made) only r (read again) and Esc mean anything.
*/
import type {Key} from 'ink';
import {buttonKey, formKey, type ButtonField} from '../input/form-keys.js';
import type {KeyResult} from '../input/key-dispatcher.js';
import {textInputActionForKey} from '../input/text-input.js';
import {textValuesOf, type BasicForm, type BasicFormAction, type BasicFormState, type CheckField, type FormTypes} from './basic-form.js';

/** What the keys make the form do. */
export type BasicFormCommands<T extends FormTypes> = {
	dispatch(action: BasicFormAction<T>): void;
	/** OK. */
	submit(): void;
	/** Cancel. */
	cancel(): void;
	/** r after a change made elsewhere: read the device's settings again. */
	reload(): void;
	/** r after a save not known to be made: read again to find out. */
	confirmAgain(): void;
};

function onFieldKey<T extends FormTypes>(form: BasicForm<T>, current: BasicFormState<T>, input: string, key: Key, commands: BasicFormCommands<T>): boolean {
	const {dispatch} = commands;
	const next = () => {
		dispatch({type: 'focus', delta: 1});
		return true;
	};

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
				ok: commands.submit,
				cancel: commands.cancel,
				focus(button) {
					dispatch({type: 'focus-field', field: button});
				},
			});
		}

		default: {
			const change = form.spec.extraKey?.(field as T['extra'], input, key, textValuesOf(form.spec, current));
			if (change) {
				dispatch({type: 'text', field: change.text, action: {type: 'set', value: change.value}});
				return true;
			}

			return key.return ? next() : false;
		}
	}
}

export function basicFormKey<T extends FormTypes>(form: BasicForm<T>, current: BasicFormState<T>, input: string, key: Key, commands: BasicFormCommands<T>): KeyResult {
	if (current.phase === 'conflict' || current.phase === 'unconfirmed') {
		if (input === 'r' && !key.ctrl) {
			if (current.phase === 'conflict') {
				commands.reload();
			} else {
				commands.confirmAgain();
			}

			return true;
		}

		return !key.escape;
	}

	return formKey(input, key, {
		busy: current.phase !== 'editing',
		move(delta) {
			commands.dispatch({type: 'focus', delta});
		},
		field: (fieldInput, fieldKey) => onFieldKey(form, current, fieldInput, fieldKey, commands),
	});
}
