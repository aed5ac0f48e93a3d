/**
The state of a one-line text field, as a pure reducer (the shape of @inkjs/ui's
use-text-input-state): every keystroke is an action applied to the previous state, so fast
typing and pastes lose nothing. Characters are Unicode code points, so the cursor never
stands inside a surrogate pair and a mask draws one `•` per character.
*/
import type {Key} from 'ink';
import {stripControl} from '../terminal/sanitize.js';
import {editingBindings, keyNames, type KeyBinding} from './key-bindings.js';

export const defaultMaxLength = 2048;

export type TextInputState = {
	readonly chars: readonly string[];
	/** 0..chars.length: the character the cursor stands on (or the end). */
	readonly cursor: number;
};

/** The edits a key can make (`editSteps`). */
type EditStep = 'left' | 'right' | 'home' | 'end' | 'backspace' | 'delete-forward' | 'clear';

export type TextInputAction =
	| {type: 'insert'; text: string}
	| {type: EditStep}
	| {type: 'set'; value: string};

export function textInputState(value = ''): TextInputState {
	const chars = [...cleanInsertedText(value)];
	return {chars, cursor: chars.length};
}

export function textValue(state: TextInputState): string {
	return state.chars.join('');
}

/**
What typing or pasting may add to a field: terminal escape sequences and control characters
removed, line breaks and tabs dropped (a pasted URL with a trailing newline is just the URL).
*/
export function cleanInsertedText(text: string): string {
	return stripControl(text).replace(/[\r\n\t]/g, '');
}

function lengthOf(chars: readonly string[]): number {
	return chars.reduce((sum, character) => sum + character.length, 0);
}

export function textInputReducer(
	state: TextInputState,
	action: TextInputAction,
	maxLength = defaultMaxLength,
): TextInputState {
	switch (action.type) {
		case 'insert': {
			const room = maxLength - lengthOf(state.chars);
			const inserted: string[] = [];
			let used = 0;
			for (const character of cleanInsertedText(action.text)) {
				if (used + character.length > room) {
					break;
				}

				inserted.push(character);
				used += character.length;
			}

			if (inserted.length === 0) {
				return state;
			}

			return {
				chars: [...state.chars.slice(0, state.cursor), ...inserted, ...state.chars.slice(state.cursor)],
				cursor: state.cursor + inserted.length,
			};
		}

		case 'left': {
			return state.cursor > 0 ? {...state, cursor: state.cursor - 1} : state;
		}

		case 'right': {
			return state.cursor < state.chars.length ? {...state, cursor: state.cursor + 1} : state;
		}

		case 'home': {
			return state.cursor === 0 ? state : {...state, cursor: 0};
		}

		case 'end': {
			return state.cursor === state.chars.length ? state : {...state, cursor: state.chars.length};
		}

		case 'backspace': {
			if (state.cursor === 0) {
				return state;
			}

			return {
				chars: [...state.chars.slice(0, state.cursor - 1), ...state.chars.slice(state.cursor)],
				cursor: state.cursor - 1,
			};
		}

		case 'delete-forward': {
			if (state.cursor >= state.chars.length) {
				return state;
			}

			return {
				chars: [...state.chars.slice(0, state.cursor), ...state.chars.slice(state.cursor + 1)],
				cursor: state.cursor,
			};
		}

		case 'clear': {
			return state.chars.length === 0 ? state : {chars: [], cursor: 0};
		}

		case 'set': {
			// As if typed into an empty field: the same limit, in UTF-16 units like the validators.
			return textInputReducer(textInputState(), {type: 'insert', text: action.value}, maxLength);
		}
	}
}

/**
What each editing key does to the field, by the table's action (source/input/key-bindings.ts,
`editingBindings`). The table says which keys a field takes: a key that is not there does
nothing here, whatever this says.
*/
export const editSteps: Readonly<Record<string, Readonly<Record<string, EditStep>>>> = {
	cursor: {'←': 'left', '→': 'right', Home: 'home', End: 'end'},
	'cursor-ends': {'Ctrl+A': 'home', 'Ctrl+E': 'end'},
	// Backspace arrives as `delete` on Linux and macOS terminals.
	erase: {Bksp: 'backspace', Del: 'backspace', 'Ctrl+H': 'backspace', 'Ctrl+D': 'delete-forward', 'Ctrl+U': 'clear'},
};

/** The edit a key stands for in `bindings` (the table's editing keys), if any. */
function editStepFor(input: string, key: Key, bindings: readonly KeyBinding[]): EditStep | undefined {
	for (const name of keyNames(input, key)) {
		const binding = bindings.find(candidate => candidate.keys.includes(name));
		const step = binding ? editSteps[binding.action]?.[name] : undefined;
		if (step) {
			return step;
		}
	}

	return undefined;
}

/**
The field action for a key, or undefined if the key is not the field's (Enter, Tab, ↑↓, Esc
are left to the form). `null` means: the field consumes the key and nothing changes. The
editing keys are the key bindings table's (`bindings`: the table's, or another in tests).
*/
export function textInputActionForKey(input: string, key: Key, bindings: readonly KeyBinding[] = editingBindings): TextInputAction | null | undefined {
	if (key.return || key.tab || key.upArrow || key.downArrow || key.escape || key.pageUp || key.pageDown) {
		return undefined;
	}

	const step = editStepFor(input, key, bindings);
	if (step) {
		return {type: step};
	}

	if (key.ctrl || (key.meta && input.length <= 1)) {
		return undefined;
	}

	// Escape sequences never get here whole or in part (input/parse-key.ts reads them): text
	// such as "[1a" or "[200~" is typed as it is.
	if (input === '') {
		return null;
	}

	return {type: 'insert', text: input};
}

/**
The part of a field to draw in `width` columns: a window that keeps the cursor visible,
with `…` where text is cut off. Returns the text before the cursor, the character under it
(a space at the end) and the text after it.
*/
export function visibleWindow(
	state: TextInputState,
	width: number,
	display: (character: string) => string = character => character,
	measure: (text: string) => number = text => text.length,
): {before: string; atCursor: string; after: string} {
	const shown = state.chars.map(display);
	const widths = shown.map(measure);
	const length = shown.length;
	const {cursor} = state;
	const atCursor = shown[cursor] ?? ' ';
	const room = Math.max(1, width);

	let start = cursor;
	let end = Math.min(cursor + 1, length);
	let used = measure(atCursor);
	const fits = (extra: number, nextStart: number, nextEnd: number) =>
		used + extra + (nextStart > 0 ? 1 : 0) + (nextEnd < length ? 1 : 0) <= room;

	// Show what was typed before the cursor first, then what follows, then fill up the left.
	while (start > 0 && fits(widths[start - 1]!, start - 1, end)) {
		start -= 1;
		used += widths[start]!;
	}

	while (end < length && fits(widths[end]!, start, end + 1)) {
		used += widths[end]!;
		end += 1;
	}

	while (start > 0 && fits(widths[start - 1]!, start - 1, end)) {
		start -= 1;
		used += widths[start]!;
	}

	const before = (start > 0 ? '…' : '') + shown.slice(start, cursor).join('');
	const after = shown.slice(cursor + 1, end).join('') + (end < length ? '…' : '');
	return {before, atCursor, after};
}
