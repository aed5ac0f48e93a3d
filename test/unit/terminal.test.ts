import {Buffer} from 'node:buffer';
import stringWidth from 'string-width';
import fc from 'fast-check';
import {afterEach, describe, expect, test, vi} from 'vitest';
import {
	displayWidth,
	graphemesOf,
	hardWrap,
	hyperlink,
	multiplexerFromEnvironment,
	osc52Copy,
	truncateStartToWidth,
	truncateToWidth,
	wrapAndClip,
	wrapToWidth,
} from '../../source/terminal/terminal.js';
import {en} from '../../source/i18n/en.js';
import {ja} from '../../source/i18n/ja.js';

function strings(value: unknown): string[] {
	if (typeof value === 'string') {
		return [value];
	}

	if (typeof value === 'function') {
		return [String((value as (text: string) => string)('http://192.0.2.10:8080/'))];
	}

	if (value && typeof value === 'object') {
		return Object.values(value).flatMap(item => strings(item));
	}

	return [];
}

describe('displayWidth', () => {
	const samples = [
		'',
		'Administrator',
		'ログイン(管理者モード)',
		'OAuth 2.0(Microsoft)を使用する',
		'ｶﾀｶﾅ half-width',
		'ＡＢＣ full-width',
		'… • › ‹ ↑↓ ←→ ⠋',
		'\u001B[1mbold\u001B[22m',
		'\u001B]8;;https://example.com\u0007link\u001B]8;;\u0007',
		'e\u0301 combining',
		'한국어',
		'中文字符',
	];

	test.each(samples)('agrees with string-width (what Ink lays out with): %j', sample => {
		expect(displayWidth(sample)).toBe(stringWidth(sample));
	});

	test('agrees with string-width for every label in both languages', () => {
		for (const text of [...strings(ja), ...strings(en)]) {
			expect(displayWidth(text), text).toBe(stringWidth(text));
		}
	});
});

describe('truncation and wrapping', () => {
	test('truncateToWidth cuts at the width with …, counting full-width characters as two', () => {
		expect(truncateToWidth('abcdef', 4)).toBe('abc…');
		expect(truncateToWidth('abc', 3)).toBe('abc');
		expect(truncateToWidth('設定/登録', 5)).toBe('設定…');
		expect(displayWidth(truncateToWidth('設定/登録', 4))).toBeLessThanOrEqual(4);
	});

	test('truncateStartToWidth keeps the end', () => {
		expect(truncateStartToWidth('abcdef', 4)).toBe('…def');
	});

	test('wrapToWidth breaks at spaces, and between full-width characters', () => {
		expect(wrapToWidth('one two three four', 9)).toEqual(['one two', 'three', 'four']);
		expect(wrapToWidth('https://login.microsoftonline.com', 10)).toEqual(['https://lo', 'gin.micros', 'oftonline.', 'com']);
		const japanese = wrapToWidth('再認可が必要です。r キーで再試行するか、x/Del キーで認可を取り消してください。', 40);
		for (const line of japanese) {
			expect(displayWidth(line)).toBeLessThanOrEqual(40);
		}

		expect(japanese[0]).toBe('再認可が必要です。r キーで再試行するか、');
		// Not before closing punctuation.
		expect(japanese.every(line => !line.startsWith('。') && !line.startsWith('、'))).toBe(true);
	});

	test('hardWrap cuts at exactly the width and drops nothing (a long URL)', () => {
		const url = `https://accounts.google.com/o/oauth2/v2/auth?${'a=b&'.repeat(60)}`;
		const lines = hardWrap(url, 80);
		expect(lines.join('')).toBe(url);
		expect(lines.slice(0, -1).every(line => line.length === 80)).toBe(true);
		expect(hardWrap('ab cd', 2)).toEqual(['ab', ' c', 'd']);
		// A wide character never straddles two lines.
		expect(hardWrap('a設定', 2)).toEqual(['a', '設', '定']);
		expect(hardWrap('', 80)).toEqual([]);
	});

	test('wrapAndClip marks what was left out', () => {
		expect(wrapAndClip('one two three four', 9, 2)).toEqual(['one two', 'three…']);
	});
});

describe('OSC 8 and OSC 52', () => {
	test('a hyperlink for a plain http(s) URL, the text alone for anything else', () => {
		expect(hyperlink('https://microsoft.com/devicelogin')).toBe('\u001B]8;;https://microsoft.com/devicelogin\u0007https://microsoft.com/devicelogin\u001B]8;;\u0007');
		expect(hyperlink('javascript:alert(1)', 'x')).toBe('x');
		expect(hyperlink('https://a b', 'x')).toBe('x');
		expect(hyperlink('https://a\u0007b', 'x')).toBe('x');
	});

	test('OSC 52 carries the text as base64, passed through tmux when inside it', () => {
		const plain = osc52Copy('FJ2K8QWXR');
		expect(plain).toBe(`\u001B]52;c;${Buffer.from('FJ2K8QWXR').toString('base64')}\u0007`);
		expect(osc52Copy('x', 'tmux')).toBe('\u001BPtmux;\u001B\u001B]52;c;eA==\u0007\u001B\\');
		expect(osc52Copy('x', 'screen')).toBe('\u001BP\u001B]52;c;eA==\u0007\u001B\\');
		expect(multiplexerFromEnvironment({TMUX: '/tmp/tmux-0/default,1,0'})).toBe('tmux');
		expect(multiplexerFromEnvironment({TERM: 'screen', STY: '1.pts'})).toBe('screen');
		expect(multiplexerFromEnvironment({TERM: 'xterm-256color'})).toBeUndefined();
	});
});

/**
What the grapheme segmenter is handed: the number of calls, every text's length, and the sum.
Node 20's Intl.Segmenter takes time quadratic in the length of the text it segments (100 KB: some
3 s), so "linear" means: each text it gets is short, and together they are at most proportional
to the input (or to what can be shown). Counted, not timed.
*/
function segmenterLoad(run: () => void): {calls: number; longest: number; total: number} {
	const lengths: number[] = [];
	const original = Intl.Segmenter.prototype.segment;
	const spy = vi.spyOn(Intl.Segmenter.prototype, 'segment').mockImplementation(function (this: Intl.Segmenter, input: string) {
		lengths.push(input.length);
		return original.call(this, input);
	});
	try {
		run();
	} finally {
		spy.mockRestore();
	}

	return {calls: lengths.length, longest: Math.max(0, ...lengths), total: lengths.reduce((sum, length) => sum + length, 0)};
}

describe('text from the device of any length: cut before it is measured, measured in linear time', () => {
	afterEach(() => {
		vi.restoreAllMocks();
	});

	const sentence = 'To sign in, use a web browser to open the page https://microsoft.com/devicelogin. ';
	const ofLength = (length: number, unit = sentence) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
	const kilobyte = ofLength(1024);
	const hundredKilobytes = ofLength(100 * 1024);
	const japanese = ofLength(100 * 1024, 'サインインするには、ブラウザーでページを開き、コードを入力してください。');

	test.each([
		['wrapAndClip (3 lines of 60)', (text: string) => wrapAndClip(text, 60, 3)],
		['truncateToWidth (76 columns)', (text: string) => truncateToWidth(text, 76)],
		['truncateStartToWidth (76 columns)', (text: string) => truncateStartToWidth(text, 76)],
	])('%s: 100 KB costs the segmenter what 1 KB costs (only what can be shown is segmented)', (_name, cut) => {
		const small = segmenterLoad(() => cut(kilobyte));
		const large = segmenterLoad(() => cut(hundredKilobytes));
		const largeJapanese = segmenterLoad(() => cut(japanese));
		expect(large.total).toBeLessThanOrEqual(Math.max(small.total, 2048));
		expect(largeJapanese.total).toBeLessThanOrEqual(2048);
		expect(large.calls).toBeLessThanOrEqual(small.calls + 4);
	});

	test('the cut text reads as the start of the whole, with … where the rest was left out', () => {
		expect(wrapAndClip(hundredKilobytes, 60, 3)).toEqual(wrapAndClip(ofLength(2000), 60, 3));
		const lines = wrapAndClip(hundredKilobytes, 60, 3);
		expect(lines).toHaveLength(3);
		expect(lines.at(-1)).toMatch(/…$/);
		expect(truncateToWidth(hundredKilobytes, 76)).toBe(truncateToWidth(kilobyte, 76));
		expect(truncateStartToWidth(hundredKilobytes, 20)).toBe(`…${hundredKilobytes.slice(-19)}`);
		expect(displayWidth(truncateToWidth(japanese, 75))).toBeLessThanOrEqual(75);
		// Text made of nothing but invisible marks still ends, and says that something was left out.
		expect(truncateToWidth(`ok${'\u0301'.repeat(100_000)}`, 10)).toMatch(/…$/);
		expect(wrapAndClip(`ok${'\u0301'.repeat(100_000)}`, 10, 2).at(-1)).toMatch(/…$/);
	});

	test.each([
		['displayWidth', (text: string) => displayWidth(text)],
		['hardWrap', (text: string) => hardWrap(text, 80)],
		['wrapToWidth', (text: string) => wrapToWidth(text, 80)],
	])('%s of the whole text: the segmenter gets short pieces, in all at most twice the text', (_name, measure) => {
		for (const text of [hundredKilobytes, japanese, ofLength(100 * 1024, 'e\u0301👩‍👩‍👧🇯🇵\r\n')]) {
			const load = segmenterLoad(() => measure(text));
			expect(load.longest).toBeLessThanOrEqual(1024);
			expect(load.total).toBeLessThanOrEqual(2 * text.length);
		}
	});

	test('measuring the whole text agrees with measuring its pieces: 100 KB is 100 × 1 KB', () => {
		expect(displayWidth(hundredKilobytes)).toBe(100 * displayWidth(kilobyte));
		expect(hardWrap(hundredKilobytes, 80).join('')).toBe(hundredKilobytes);
	});

	test('graphemes are the segmenter\'s, also where the text is handed over in pieces (property)', () => {
		const cluster = fc.constantFrom('a', ' ', '設', 'e\u0301', 'a\u0301\u0302\u0303', '👩‍👩‍👧', '🇯🇵', '❤\uFE0F', '\r\n', '葛\u{E0100}', '😀', '한', '\u1100\u1161\u11A8');
		const segmenter = new Intl.Segmenter(undefined, {granularity: 'grapheme'});
		fc.assert(fc.property(fc.array(cluster, {minLength: 200, maxLength: 1500}), parts => {
			const text = parts.join('');
			const expected = Array.from(segmenter.segment(text), ({segment}) => segment);
			expect(graphemesOf(text)).toEqual(expected);
			expect(displayWidth(text)).toBe(expected.reduce((sum, segment) => sum + displayWidth(segment), 0));
		}), {numRuns: 200});
	});
});
