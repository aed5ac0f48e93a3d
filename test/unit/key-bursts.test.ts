/**
Keys that arrive together (issue 12): the key reader (bracketed paste, keys typed ahead, a
sequence cut by a read) and the dispatcher (keys that wait while a screen is busy, pastes).
*/
import type {Key} from 'ink';
import {describe, expect, test} from 'vitest';
import {emptyKey, KeyDispatcher, waitForScreen, type KeyResult} from '../../source/input/key-dispatcher.js';
import {createKeyReader, maxPasteLength, type TerminalInput} from '../../source/input/parse-key.js';

const esc = '\u001B';
const pasteStart = `${esc}[200~`;
const pasteEnd = `${esc}[201~`;

/** What the reader makes of Ink's events, as short words: text, ⏎, ⇥, ⌫, ^c, ↑, paste(…). */
function read(...events: Array<string | 'END-OF-READ'>): string[] {
	const reader = createKeyReader();
	const words: string[] = [];
	for (const event of events) {
		if (event === 'END-OF-READ') {
			reader.endOfRead();
			continue;
		}

		words.push(...reader.read(event).map(word));
	}

	return words;
}

function word(input: TerminalInput): string {
	if (input.kind === 'paste') {
		return `paste(${input.text})`;
	}

	const {input: text, key} = input;
	if (key.return) {
		return '⏎';
	}

	if (key.tab) {
		return '⇥';
	}

	if (key.delete || key.backspace) {
		return '⌫';
	}

	if (key.upArrow) {
		return '↑';
	}

	if (key.escape) {
		return 'Esc';
	}

	return key.ctrl ? `^${text}` : text;
}

describe('the key reader: keys typed ahead', () => {
	test('a password, Enter and a key in one read are those keys, in that order', () => {
		expect(read('7654321\r1')).toEqual(['7', '6', '5', '4', '3', '2', '1', '⏎', '1']);
		expect(read('bad1\rbad2\r')).toEqual(['b', 'a', 'd', '1', '⏎', 'b', 'a', 'd', '2', '⏎']);
	});

	test('text with no line break in the middle stays one piece; a line break at its end is Enter', () => {
		expect(read('https://x')).toEqual(['https://x']);
		expect(read('https://x\r')).toEqual(['https://x', '⏎']);
		expect(read('abc\u007F\u007Fd\tef')).toEqual(['abc', '⌫', '⌫', 'd', '⇥', 'ef']);
	});

	test('CR LF is one Enter, also when a read ends between the two', () => {
		expect(read('a\r\nb')).toEqual(['a', '⏎', 'b']);
		expect(read('a\r', 'END-OF-READ', '\nb')).toEqual(['a', '⏎', 'b']);
		expect(read('\r\r')).toEqual(['⏎', '⏎']);
	});

	test('Ctrl+C in a burst of text is a key of its own (the app quits on it)', () => {
		expect(read('abc\u0003def')).toEqual(['abc', '^c', 'def']);
		expect(read('ab\u0003\rc')).toEqual(['a', 'b', '^c', '⏎', 'c']);
	});
});

describe('the key reader: bracketed paste', () => {
	test('what comes between ESC[200~ and ESC[201~ is one paste: line breaks are LF, never Enter', () => {
		expect(read(pasteStart, 'abc\r\ndef\r', pasteEnd)).toEqual(['paste(abc\ndef\n)']);
		expect(read(pasteStart, '7654321\r', pasteEnd, '\r')).toEqual(['paste(7654321\n)', '⏎']);
	});

	test('a paste split across reads is still one paste', () => {
		expect(read(pasteStart, 'abc', 'END-OF-READ', 'def', pasteEnd)).toEqual(['paste(abcdef)']);
	});

	test('escape sequences, control strings and control characters inside a paste are dropped, Ctrl+C too', () => {
		expect(read(pasteStart, `${esc}[31m`, 'red', `${esc}[0m`, '\u0003\u0007x', `${esc}[A`, `${esc}]`, '8;;https://evil.example\u0007', 'link', pasteEnd))
			.toEqual(['paste(redxlink)']);
	});

	test('keys before and after a paste stay keys', () => {
		expect(read('q', pasteStart, 'q', pasteEnd, 'q')).toEqual(['q', 'paste(q)', 'q']);
	});

	test('an empty paste, or one of nothing but control characters, is nothing', () => {
		expect(read(pasteStart, pasteEnd)).toEqual([]);
		expect(read(pasteStart, '\u0003', pasteEnd)).toEqual([]);
	});

	test(`at most ${maxPasteLength} characters of a paste are kept`, () => {
		const [pasted] = read(pasteStart, 'a'.repeat(40_000), 'b'.repeat(40_000), pasteEnd);
		expect(pasted).toBe(`paste(${'a'.repeat(40_000)}${'b'.repeat(maxPasteLength - 40_000)})`);
	});

	test('an end marker without a start is nothing', () => {
		expect(read('a', pasteEnd, 'b')).toEqual(['a', 'b']);
	});
});

describe('the key reader: an escape sequence cut by a read', () => {
	test('Ink gives up on ESC[20 after a tick; with the rest of the next read it is the paste end again', () => {
		expect(read(pasteStart, 'abc', `${esc}[20`, 'END-OF-READ', '1~', 'x')).toEqual(['paste(abc)', 'x']);
	});

	test('ESC[ then A is ↑, not Alt+[ and a typed A', () => {
		expect(read(`${esc}[`, 'END-OF-READ', 'A')).toEqual(['↑']);
		expect(read(`${esc}[1;`, '5A')).toEqual(['↑']);
	});

	test('what is not the rest of a sequence is read on its own', () => {
		expect(read(`${esc}[`, `${esc}[A`)).toEqual(['↑']);
		expect(read(`${esc}`, 'x')).toEqual(['Esc', 'x']);
	});
});

/** A target that records keys as words and can be made busy. */
function target(options: {typing?: boolean; takesPaste?: boolean} = {}) {
	const seen: string[] = [];
	let busy = false;
	return {
		seen,
		setBusy(value: boolean) {
			busy = value;
		},
		target: {
			onKey(input: string, key: Key): KeyResult {
				if (busy) {
					return waitForScreen;
				}

				seen.push(key.return ? '⏎' : input);
				return true;
			},
			isTyping: () => options.typing ?? false,
			takesPaste: () => options.takesPaste ?? false,
		},
	};
}

describe('the dispatcher: keys wait while a screen is busy', () => {
	test('a key the busy screen will not take waits, with every key after it, until it has drawn again', async () => {
		const form = target({typing: true});
		const dispatcher = new KeyDispatcher({activeTarget: () => 'form'});
		dispatcher.register('form', {
			...form.target,
			onKey(input, key) {
				const result = form.target.onKey(input, key);
				// Enter submits: the form is busy until the device answers.
				if (key.return && result === true) {
					form.setBusy(true);
				}

				return result;
			},
		});
		for (const character of 'pw') {
			dispatcher.push(character, emptyKey());
		}

		dispatcher.push('', emptyKey({return: true}));
		dispatcher.push('x', emptyKey());
		dispatcher.push('y', emptyKey());
		expect(form.seen).toEqual(['p', 'w', '⏎']);
		expect(dispatcher.pending).toBe(2);
		// Drawn again while still busy: they keep waiting.
		dispatcher.retry();
		await Promise.resolve();
		expect(dispatcher.pending).toBe(2);
		form.setBusy(false);
		dispatcher.retry();
		expect(form.seen).toEqual(['p', 'w', '⏎']);
		await Promise.resolve();
		expect(form.seen).toEqual(['p', 'w', '⏎', 'x', 'y']);
	});

	test('the keys that waited go to the screen that came instead, not to the busy one', async () => {
		let active = 'login';
		const login = target({typing: true});
		const portal = target();
		const dispatcher = new KeyDispatcher({activeTarget: () => active});
		dispatcher.register('login', login.target);
		login.setBusy(true);
		dispatcher.push('1', emptyKey());
		expect(dispatcher.pending).toBe(1);
		// The log-in succeeded: the form draws once more (it is no longer busy) and the Portal
		// comes right after, in the same turn. The key must not reach the form in between.
		login.setBusy(false);
		dispatcher.retry();
		active = 'portal';
		dispatcher.register('portal', portal.target);
		await Promise.resolve();
		expect(login.seen).toEqual([]);
		expect(portal.seen).toEqual(['1']);
	});

	test('keys still wait for a screen that has not registered yet', () => {
		let active = 'a';
		const b = target();
		const dispatcher = new KeyDispatcher({activeTarget: () => active});
		active = 'b';
		dispatcher.push('2', emptyKey());
		expect(dispatcher.pending).toBe(1);
		dispatcher.register('b', b.target);
		expect(b.seen).toEqual(['2']);
	});
});

describe('the dispatcher: pastes', () => {
	test('a paste goes whole to a text field, never through before() (it is no command)', () => {
		const field = target({typing: true});
		const before: string[] = [];
		const dispatcher = new KeyDispatcher({
			activeTarget: () => 'field',
			before(_id, event) {
				before.push(event.input);
				return event.input === 'q';
			},
		});
		dispatcher.register('field', field.target);
		dispatcher.paste('q\nq');
		expect(field.seen).toEqual(['q\nq']);
		expect(before).toEqual([]);
	});

	test('a paste on a menu is dropped, not taken for keys; one that takes pastes gets it whole', () => {
		const menu = target();
		const form = target({takesPaste: true});
		let active = 'menu';
		const dispatcher = new KeyDispatcher({activeTarget: () => active, before: (_id, event) => event.input === 'q'});
		dispatcher.register('menu', menu.target);
		dispatcher.register('form', form.target);
		dispatcher.paste('1q');
		dispatcher.push('1', emptyKey());
		expect(menu.seen).toEqual(['1']);
		active = 'form';
		dispatcher.paste('abc');
		// One character it could not tell from that key: dropped.
		dispatcher.paste(' ');
		expect(form.seen).toEqual(['abc']);
	});

	test('a paste waits like a key while the field\'s form is busy', async () => {
		const field = target({typing: true});
		const dispatcher = new KeyDispatcher({activeTarget: () => 'field'});
		dispatcher.register('field', field.target);
		field.setBusy(true);
		dispatcher.paste('later');
		expect(dispatcher.pending).toBe(1);
		field.setBusy(false);
		dispatcher.retry();
		await Promise.resolve();
		expect(field.seen).toEqual(['later']);
	});
});
