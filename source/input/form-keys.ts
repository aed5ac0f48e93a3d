/** Keys every form shares: moving between fields, and the OK and Cancel buttons. */
import type {Key} from 'ink';
import {actionFor} from './key-bindings.js';
import {waitForScreen, type KeyResult} from './key-dispatcher.js';
import {textInputActionForKey, type TextInputAction} from './text-input.js';

export type ButtonField = 'ok' | 'cancel';

/** Tab and ↓ go to the next field, Shift+Tab and ↑ to the previous one (the key bindings table's `next-field`). */
export function focusDelta(key: Key): 1 | -1 | undefined {
	if (actionFor('editBasicSettings', '', key, ['editing']) !== 'next-field') {
		return undefined;
	}

	return key.upArrow || (key.tab && key.shift) ? -1 : 1;
}

/** The field `delta` steps from `current`, wrapping around (the first if `current` is not among them). */
export function nextField<Field>(fields: readonly Field[], current: Field, delta: number): Field {
	const index = Math.max(0, fields.indexOf(current));
	return fields[(index + delta + fields.length) % fields.length]!;
}

/**
The start of every form's key handler: while a request is under way all keys wait for what
comes after it (`waitForScreen`; Esc cannot take it back); Esc is left to the app, which cancels; Tab, Shift+Tab, ↑ and ↓ move between
fields; the rest goes to the field that has the focus.
*/
export function formKey(input: string, key: Key, {busy, move, field}: {
	busy: boolean;
	move(delta: 1 | -1): void;
	field(input: string, key: Key): boolean;
}): KeyResult {
	if (busy) {
		return waitForScreen;
	}

	if (key.escape) {
		return false;
	}

	const delta = focusDelta(key);
	if (delta) {
		move(delta);
		return true;
	}

	return field(input, key);
}

/**
On OK or Cancel: Enter or Space presses it, ← and → go to the other one. Returns true if it
used the key.
*/
export function buttonKey(
	focus: ButtonField,
	input: string,
	key: Key,
	actions: {ok(): void; cancel(): void; focus(field: ButtonField): void},
): boolean {
	if (key.return || input === ' ') {
		if (focus === 'ok') {
			actions.ok();
		} else {
			actions.cancel();
		}

		return true;
	}

	if (focus === 'ok' ? key.rightArrow : key.leftArrow) {
		actions.focus(focus === 'ok' ? 'cancel' : 'ok');
		return true;
	}

	return false;
}

/**
The last step of a log-in or password form's key handler: on its button, Space presses it; in a
text field, the key edits the field (`edit` is called only when it changes something). Returns
true if it used the key.
*/
export function buttonOrFieldKey(input: string, key: Key, {onButton, press, edit}: {
	onButton: boolean;
	press(): void;
	edit(action: TextInputAction): void;
}): boolean {
	if (onButton) {
		if (input === ' ') {
			press();
			return true;
		}

		return false;
	}

	const action = textInputActionForKey(input, key);
	if (action) {
		edit(action);
	}

	return action !== undefined;
}
