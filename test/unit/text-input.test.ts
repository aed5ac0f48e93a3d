import type {Key} from 'ink';
import {describe, expect, test} from 'vitest';
import {
	cleanInsertedText,
	editSteps,
	textInputActionForKey,
	textInputReducer,
	textInputState,
	textValue,
	visibleWindow,
	type TextInputAction,
} from '../../source/input/text-input.js';
import {emptyKey} from '../../source/input/key-dispatcher.js';
import {editingBindings, keyBindings, keyContexts, keyNames, type KeyBinding} from '../../source/input/key-bindings.js';
import {displayWidth} from '../../source/terminal/terminal.js';

function apply(value: string, ...actions: TextInputAction[]) {
	return actions.reduce((state, action) => textInputReducer(state, action), textInputState(value));
}

describe('text field reducer', () => {
	test('types at the cursor and moves it', () => {
		const state = apply('ac', {type: 'left'}, {type: 'insert', text: 'b'}, {type: 'end'}, {type: 'insert', text: 'd'});
		expect(textValue(state)).toBe('abcd');
		expect(state.cursor).toBe(4);
	});

	test('backspace, delete forward, home, clear', () => {
		let state = apply('abcd', {type: 'backspace'}, {type: 'home'}, {type: 'delete-forward'});
		expect(textValue(state)).toBe('bc');
		expect(state.cursor).toBe(0);
		state = textInputReducer(state, {type: 'backspace'});
		expect(textValue(state)).toBe('bc');
		state = textInputReducer(state, {type: 'clear'});
		expect(state).toEqual({chars: [], cursor: 0});
	});

	test('works in characters, not UTF-16 units', () => {
		const state = apply('a😀', {type: 'left'}, {type: 'left'}, {type: 'right'}, {type: 'insert', text: 'é'});
		expect(textValue(state)).toBe('aé😀');
		expect(apply('😀😀', {type: 'backspace'}).chars).toEqual(['😀']);
	});

	test('many keystrokes in a row are all applied', () => {
		const typed = 'https://login.microsoftonline.com/consumers/oauth2';
		const state = [...typed].reduce((current, character) => textInputReducer(current, {type: 'insert', text: character}), textInputState());
		expect(textValue(state)).toBe(typed);
	});

	test('stops at the maximum length (2048)', () => {
		const state = apply('', {type: 'insert', text: 'x'.repeat(3000)});
		expect(textValue(state)).toHaveLength(2048);
		expect(textInputReducer(state, {type: 'insert', text: 'y'})).toBe(state);
	});

	test('pasted text: control characters, escape sequences and line breaks removed', () => {
		expect(cleanInsertedText('a\u001B[31mb\u001B[0m\r\nc\td\u0007e\u001B]52;c;eA==\u0007f')).toBe('abcdef');
		expect(textValue(apply('', {type: 'insert', text: 'https://x\r\n'}))).toBe('https://x');
	});
});

describe('keys of a text field', () => {
	test('backspace arrives as delete and works as backspace', () => {
		expect(textInputActionForKey('', emptyKey({delete: true}))).toEqual({type: 'backspace'});
		expect(textInputActionForKey('', emptyKey({backspace: true}))).toEqual({type: 'backspace'});
	});

	test('Ctrl+U clears, Ctrl+A / Ctrl+E go home / end', () => {
		expect(textInputActionForKey('u', emptyKey({ctrl: true}))).toEqual({type: 'clear'});
		expect(textInputActionForKey('a', emptyKey({ctrl: true}))).toEqual({type: 'home'});
		expect(textInputActionForKey('e', emptyKey({ctrl: true}))).toEqual({type: 'end'});
	});

	test('Enter, Tab, arrows up/down and Esc are the form\'s', () => {
		for (const key of [{return: true}, {tab: true}, {upArrow: true}, {downArrow: true}, {escape: true}]) {
			expect(textInputActionForKey('', emptyKey(key))).toBeUndefined();
		}
	});

	test('text that looks like the rest of an escape sequence is typed as it is (the key reader drops real ones whole)', () => {
		expect(textInputActionForKey('[1a', emptyKey())).toEqual({type: 'insert', text: '[1a'});
		expect(textInputActionForKey('[200~', emptyKey())).toEqual({type: 'insert', text: '[200~'});
	});
});

describe('visibleWindow', () => {
	test('all of a short value, the cursor at the end', () => {
		expect(visibleWindow(textInputState('abc'), 10)).toEqual({before: 'abc', atCursor: ' ', after: ''});
	});

	test('a long value keeps the cursor visible and marks cut ends with …', () => {
		const long = textInputState('x'.repeat(100));
		const end = visibleWindow(long, 20);
		expect(end.before.startsWith('…')).toBe(true);
		expect(end.before.length + 1).toBe(20);
		const middle = visibleWindow(textInputReducer(textInputReducer(long, {type: 'home'}), {type: 'right'}), 20);
		expect(middle.before).toBe('x');
		expect(middle.after.endsWith('…')).toBe(true);
		expect(middle.before.length + middle.atCursor.length + middle.after.length).toBe(20);
	});

	test('full-width characters count two columns', () => {
		const window = visibleWindow(textInputState('設定'.repeat(20)), 11, character => character, displayWidth);
		expect(displayWidth(window.before + window.atCursor + window.after)).toBeLessThanOrEqual(11);
	});
});

describe('the text field and the key bindings table agree', () => {
	/** The key event a terminal sends for a key name of the table (parse-key's shapes). */
	function keyEvent(name: string): {input: string; key: Key} {
		const special: Record<string, Partial<Key>> = {
			'←': {leftArrow: true}, '→': {rightArrow: true}, Home: {home: true}, End: {end: true}, Bksp: {backspace: true}, Del: {delete: true},
		};
		const control = /^Ctrl\+([A-Z])$/.exec(name);
		if (control) {
			return {input: control[1]!.toLowerCase(), key: emptyKey({ctrl: true})};
		}

		expect(special[name], `a key event for ${name}`).toBeDefined();
		return {input: '', key: emptyKey(special[name])};
	}

	function press(name: string, bindings: readonly KeyBinding[] = editingBindings, value = 'abc', cursor = 1) {
		const {input, key} = keyEvent(name);
		expect(keyNames(input, key), name).toContain(name);
		const action = textInputActionForKey(input, key, bindings);
		const before = {...textInputState(value), cursor};
		return {action, after: action ? textInputReducer(before, action) : before};
	}

	test('every screen with a text field lists the same editing keys', () => {
		for (const context of keyContexts) {
			const editing = keyBindings[context].filter(binding => editingBindings.some(edit => edit.action === binding.action));
			if (editing.length > 0) {
				expect(editing.map(({when: _when, ...binding}) => binding), context).toEqual(editingBindings);
			}
		}
	});

	test('every editing key of the table does what its binding says', () => {
		expect(editingBindings.map(binding => binding.action)).toEqual(['cursor', 'cursor-ends', 'erase']);
		for (const binding of editingBindings) {
			for (const name of binding.keys) {
				const {after} = press(name);
				if (binding.action === 'erase') {
					expect(after.chars.length, name).toBeLessThan(3);
				} else {
					expect(after.chars, name).toEqual(['a', 'b', 'c']);
					expect(after.cursor, name).not.toBe(1);
				}

				if (binding.action === 'cursor-ends') {
					expect([0, 3], name).toContain(after.cursor);
				}
			}
		}
	});

	test('the field takes no editing key that is not in the table', () => {
		const tableKeys = new Set(editingBindings.flatMap(binding => binding.keys));
		const letters = [...'abcdefghijklmnopqrstuvwxyz'].map(letter => `Ctrl+${letter.toUpperCase()}`);
		for (const name of ['←', '→', 'Home', 'End', 'Bksp', 'Del', ...letters]) {
			const {action} = press(name);
			const edits = action !== null && action !== undefined && action.type !== 'insert' && action.type !== 'set';
			expect(edits, name).toBe(tableKeys.has(name));
		}

		expect(Object.values(editSteps).flatMap(steps => Object.keys(steps)).sort()).toEqual([...tableKeys].sort());
	});

	test('a key taken out of the table no longer edits the field', () => {
		for (const binding of editingBindings) {
			for (const name of binding.keys) {
				const without = editingBindings.map(other => ({...other, keys: other.keys.filter(key => key !== name)}));
				const {after} = press(name, without);
				expect(after, name).toEqual({...textInputState('abc'), cursor: 1});
			}
		}
	});
});
