import {describe, expect, test} from 'vitest';
import {createControlStringFilter, parseKey} from '../../source/input/parse-key.js';

describe('parseKey', () => {
	test.each([
		['\r', {return: true}],
		['\t', {tab: true}],
		['\u001B[Z', {tab: true, shift: true}],
		['\u001B', {escape: true}],
		['\u007F', {delete: true}],
		['\b', {backspace: true}],
		['\u001B[A', {upArrow: true}],
		['\u001B[B', {downArrow: true}],
		['\u001B[C', {rightArrow: true}],
		['\u001B[D', {leftArrow: true}],
		['\u001BOA', {upArrow: true}],
		['\u001B[H', {home: true}],
		['\u001B[F', {end: true}],
		['\u001B[1~', {home: true}],
		['\u001B[4~', {end: true}],
		['\u001B[3~', {delete: true}],
		['\u001B[1;5C', {rightArrow: true, ctrl: true}],
	])('%j', (data, expected) => {
		const parsed = parseKey(data);
		expect(parsed).toBeDefined();
		expect(parsed!.key).toMatchObject(expected);
	});

	test('Ctrl+letter gives the letter with ctrl', () => {
		expect(parseKey('\u0003')).toMatchObject({input: 'c', key: {ctrl: true}});
		expect(parseKey('\u0015')).toMatchObject({input: 'u', key: {ctrl: true}});
	});

	test('text is text, even several characters at once', () => {
		expect(parseKey('q')).toMatchObject({input: 'q', key: {ctrl: false, meta: false}});
		expect(parseKey('Q')).toMatchObject({input: 'Q', key: {shift: true}});
		expect(parseKey('https://x')).toMatchObject({input: 'https://x'});
		expect(parseKey('設定')).toMatchObject({input: '設定'});
	});

	test('unknown and unwanted sequences are no key at all (and never throw)', () => {
		for (const data of ['\u001B[31m', '\u001B[0m', '\u001B[200~', '\u001B]', '\u001BP', '\u001B[?1049h', '\u001B[[A', '\u001C']) {
			expect(parseKey(data), JSON.stringify(data)).toBeUndefined();
		}
	});

	test('Alt+character is marked meta', () => {
		expect(parseKey('\u001Bq')).toMatchObject({input: 'q', key: {meta: true}});
	});
});

describe('control strings', () => {
	test('an OSC string split by Ink into introducer, text and terminator is dropped whole', () => {
		const {filter} = createControlStringFilter();
		const events = ['abc', '\u001B]', '8;;https://evil.example\u0007link', '\u001B]', '8;;\u0007', 'def', '\u001BP', 'payload', '\u001B\\', 'g'];
		expect(events.map(event => filter(event)).filter(Boolean)).toEqual(['abc', 'link', 'def', 'g']);
	});

	test('another escape sequence ends it, and so does the end of the read', () => {
		const controlStrings = createControlStringFilter();
		expect(controlStrings.filter('\u001B]')).toBeUndefined();
		expect(controlStrings.filter('\u001B[A')).toBe('\u001B[A');
		expect(controlStrings.filter('\u001B]')).toBeUndefined();
		controlStrings.endOfRead();
		expect(controlStrings.filter('typed later')).toBe('typed later');
	});
});
