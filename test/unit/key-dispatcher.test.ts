import {describe, expect, test} from 'vitest';
import {emptyKey, KeyDispatcher, splitIntoKeys, type KeyEvent} from '../../source/input/key-dispatcher.js';

function recorder(typing = false) {
	const seen: string[] = [];
	return {
		seen,
		target: {
			onKey: (input: string, key: KeyEvent['key']) => {
				seen.push(key.return ? '⏎' : input);
				return true;
			},
			isTyping: () => typing,
		},
	};
}

describe('KeyDispatcher', () => {
	test('keys for a screen that has not registered yet wait for it', () => {
		let active = 'a';
		const a = recorder();
		const b = recorder();
		const dispatcher = new KeyDispatcher({activeTarget: () => active});
		dispatcher.register('a', {
			onKey(input, key) {
				a.target.onKey(input, key);
				active = 'b';
				return true;
			},
			isTyping: () => false,
		});
		dispatcher.push('1', emptyKey());
		dispatcher.push('2', emptyKey());
		dispatcher.push('', emptyKey({return: true}));
		expect(a.seen).toEqual(['1']);
		expect(dispatcher.pending).toBe(2);
		dispatcher.register('b', b.target);
		expect(b.seen).toEqual(['2', '⏎']);
		expect(dispatcher.pending).toBe(0);
	});

	test('a burst of characters is split for a menu, kept whole for a text field', () => {
		const menu = recorder(false);
		const field = recorder(true);
		let active = 'menu';
		const dispatcher = new KeyDispatcher({activeTarget: () => active});
		dispatcher.register('menu', menu.target);
		dispatcher.register('field', field.target);
		dispatcher.push('j1\r', emptyKey());
		expect(menu.seen).toEqual(['j', '1', '⏎']);
		active = 'field';
		dispatcher.push('abc', emptyKey());
		expect(field.seen).toEqual(['abc']);
	});

	test('a target that takes pastes gets a burst of text whole, and single keys one by one', () => {
		const seen: Array<[string, boolean]> = [];
		const dispatcher = new KeyDispatcher({
			activeTarget: () => 'a',
			// As the app does: q is Quit unless a field is being typed in.
			before: (_id, event, typing) => !typing && event.input === 'q',
		});
		dispatcher.register('a', {
			onKey(input) {
				seen.push([input, false]);
				return true;
			},
			isTyping: () => false,
			takesPaste: () => true,
		});
		dispatcher.push('4/0Aq-pasted', emptyKey());
		dispatcher.push('u', emptyKey());
		dispatcher.push('q', emptyKey());
		expect(seen.map(([input]) => input)).toEqual(['4/0Aq-pasted', 'u']);
	});

	test('before() can take a key; after() hears about keys the screen did not use', () => {
		const heard: string[] = [];
		const dispatcher = new KeyDispatcher({
			activeTarget: () => 'a',
			before: (_id, event) => event.input === 'q',
			after(_id, event) {
				heard.push(event.key.escape ? 'esc' : event.input);
			},
		});
		const seen: string[] = [];
		dispatcher.register('a', {
			onKey(input) {
				seen.push(input);
				return input === 'x';
			},
			isTyping: () => false,
		});
		dispatcher.push('q', emptyKey());
		dispatcher.push('x', emptyKey());
		dispatcher.push('', emptyKey({escape: true}));
		expect(seen).toEqual(['x', '']);
		expect(heard).toEqual(['esc']);
	});

	test('no active target (quitting): keys are dropped', () => {
		const a = recorder();
		const dispatcher = new KeyDispatcher({activeTarget: () => undefined});
		dispatcher.register('a', a.target);
		dispatcher.push('x', emptyKey());
		expect(a.seen).toEqual([]);
		expect(dispatcher.pending).toBe(0);
	});

	test('splitIntoKeys maps control characters to keys', () => {
		expect(splitIntoKeys('a\r\t\u007F\u0015').map(({input, key}) => [input, key.return, key.tab, key.delete, key.ctrl]))
			.toEqual([
				['a', false, false, false, false],
				['', true, false, false, false],
				['', false, true, false, false],
				['', false, false, true, false],
				['u', false, false, false, true],
			]);
	});
});

describe('a burst with control characters in it, for a text field', () => {
	function describeEvents(input: string): string[] {
		const seen: string[] = [];
		const dispatcher = new KeyDispatcher({activeTarget: () => 'field'});
		dispatcher.register('field', {
			onKey(text, key) {
				seen.push(key.return ? '⏎' : key.delete ? '⌫' : key.tab ? '⇥' : key.ctrl ? `^${text}` : text);
				return true;
			},
			isTyping: () => true,
		});
		dispatcher.push(input, emptyKey());
		return seen;
	}

	test('text alone stays whole', () => {
		expect(describeEvents('https://login.microsoftonline.com')).toEqual(['https://login.microsoftonline.com']);
	});

	test('with control characters it is keys typed one by one, line breaks Enter', () => {
		expect(describeEvents('\u007F\u007F\u007F')).toEqual(['⌫', '⌫', '⌫']);
		expect(describeEvents('ab\u007Fc')).toEqual(['a', 'b', '⌫', 'c']);
		expect(describeEvents('a\nb')).toEqual(['a', '⏎', 'b']);
		expect(describeEvents('x\r\n')).toEqual(['x', '⏎']);
		expect(describeEvents('\r\r')).toEqual(['⏎', '⏎']);
		expect(describeEvents('ab\tc\u0015')).toEqual(['a', 'b', '⇥', 'c', '^u']);
	});
});
