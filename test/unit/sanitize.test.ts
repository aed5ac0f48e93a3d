import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {sanitizeLine, stripControl} from '../../source/terminal/sanitize.js';

const esc = '\u001B';

describe('stripControl', () => {
	it.each([
		['CSI clear screen and cursor moves', `a${esc}[2J${esc}[1;1Hb${esc}[31mc`, 'abc'],
		['OSC 8 hyperlink', `${esc}]8;;https://evil.example${esc}\\click${esc}]8;;${esc}\\`, 'click'],
		['OSC 52 clipboard write (BEL)', `x${esc}]52;c;ZXZpbA==\u0007y`, 'xy'],
		['window title', `${esc}]0;pwned\u0007ok`, 'ok'],
		['DCS', `${esc}Pq#0;2;0;0;0${esc}\\done`, 'done'],
		['8-bit CSI and OSC', `a\u009B2Jb\u009D52;c;eA==\u009Cc`, 'abc'],
		['unterminated OSC runs to the end', `safe${esc}]52;c;ZXZpbA==`, 'safe'],
		['C0 controls, DEL, backspace tricks', 'ab\bc\u0000d\u007Fe\rf', 'abcdef'],
		['single-character escapes', `${esc}7x${esc}8${esc}c`, 'x'],
		['a right-to-left override in a verification URL', 'https://microsoft.com/devicelogin\u202E/evil', 'https://microsoft.com/devicelogin/evil'],
		['an override that mirrors an account', 'eng\u202Emoc.live@', 'engmoc.live@'],
		['isolates, embeddings and LRM/RLM', '\u2066a\u2067b\u2068c\u2069\u202Ad\u202Be\u202Cf\u200Eg\u200Fh\u061C', 'abcdefgh'],
		['zero-width and invisible characters', 'us\u200Ber\u200C@\u200Dex\u2060am\uFEFFple\u00AD.com\u2063', 'user@example.com'],
		['tag characters', 'ok\u{E0001}\u{E0065}\u{E0076}\u{E0069}\u{E006C}\u{E007F}', 'ok'],
	])('removes %s', (_name, input, output) => {
		expect(stripControl(input)).toBe(output);
	});

	it('keeps Japanese text, tabs and newlines', () => {
		expect(stripControl('成功\tSuccessfully Connected\n次へ')).toBe('成功\tSuccessfully Connected\n次へ');
	});

	it('keeps ideographic variation selectors and other emoji than tags', () => {
		expect(stripControl('葛\u{E0100}飾 🇯🇵 ❤\uFE0F')).toBe('葛\u{E0100}飾 🇯🇵 ❤\uFE0F');
	});

	it('never leaves an escape or control character behind (property)', () => {
		const pieces = fc.constantFrom(esc, '[', ']', 'P', '\\', '\u0007', '\u009B', '\u009D', '\u009C', ';', '8', '52', 'c', 'A', '成', '\n', '\r', '\u0000', '\u007F', '\u202E', '\u2066', '\u200B', '\u200F');
		fc.assert(fc.property(fc.array(fc.oneof(pieces, fc.string()), {maxLength: 40}), parts => {
			const output = stripControl(parts.join(''));
			expect(output).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2066-\u2069]/);
		}), {numRuns: 3000});
	});
});

describe('sanitizeLine', () => {
	it('turns line breaks and tabs into single spaces', () => {
		expect(sanitizeLine('To sign in,\r\nopen\tthe page')).toBe('To sign in, open the page');
	});
});
