import {Buffer} from 'node:buffer';
import stringWidth from 'string-width';
import {describe, expect, test} from 'vitest';
import {
	displayWidth,
	hardWrap,
	hyperlink,
	multiplexerFromEnvironment,
	osc52Copy,
	truncateStartToWidth,
	truncateToWidth,
	wrapAndClip,
	wrapToWidth,
} from '../../source/terminal.js';
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
