/**
Issue 12, "Japanese and narrow terminals": the widths measured here are the ones Ink lays out
with (string-width), for every code point, so a line cut to fit is never one column too wide;
Japanese text breaks at natural points and never before closing punctuation.
*/
import stringWidth from 'string-width';
import {describe, expect, test} from 'vitest';
import {displayWidth, truncateStartToWidth, truncateToWidth, wrapAndClip, wrapToWidth} from '../../source/terminal/terminal.js';

describe('widths are string-width\'s, the ones Ink lays out with', () => {
	test('every code point of the Basic Multilingual Plane and of the emoji blocks, one at a time and after a letter', () => {
		const disagree: string[] = [];
		for (let code = 0x20; code <= 0x1_FA_FF; code++) {
			if ((code >= 0xD8_00 && code <= 0xDF_FF) || (code > 0xFF_FF && code < 0x1_F0_00)) {
				continue;
			}

			const character = String.fromCodePoint(code);
			if (displayWidth(character) !== stringWidth(character) || displayWidth(`a${character}`) !== stringWidth(`a${character}`)) {
				disagree.push(code.toString(16));
			}
		}

		expect(disagree).toEqual([]);
	});

	test.each([
		['flags', '🇯🇵🇺🇸'],
		['keycaps', '#️⃣1️⃣*⃣'],
		['circled numbers U+3248–324F', '㉈㉉㉊㉋㉌㉍㉎㉏'],
		['Unicode 16', '\u{1FAE9}\u{1FAC6}\u{1FABE}'],
		['half-width katakana with sound marks', 'ｶﾞｷﾞｸﾟ'],
		['emoji sequences', '👩‍👩‍👧❤️'],
	])('%s', (_name, text) => {
		expect(displayWidth(text)).toBe(stringWidth(text));
		for (let width = 1; width <= stringWidth(text) + 1; width++) {
			expect(stringWidth(truncateToWidth(text, width)), `${text} at ${width}`).toBeLessThanOrEqual(width);
			expect(stringWidth(truncateStartToWidth(text, width)), `${text} at ${width}`).toBeLessThanOrEqual(width);
		}
	});
});

describe('Japanese line breaking', () => {
	const texts = [
		'a キーで認可用情報を登録してください(URLを開いて認可し、認可コードを入力します)。',
		'ユーザーコード FJ2K8QWXR をクリップボードへ送りました(OSC 52対応の端末のみ)。',
		'URL (412文字) をクリップボードへ送りました(OSC 52対応の端末のみ)。',
		'アプリの登録がシングルテナントです。Microsoft Entra 管理センターの[アプリの登録] > アプリ > [認証]で、[サポートされているアカウントの種類]をマルチテナントにしてください。',
		'本機から認可サーバーに接続できません(本機が再試行します)。本機のネットワーク、DNS、プロキシを確認してください。',
	];
	const closing = /^[、。，．・：；？！）」』】〕〉》］｝ーぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ…‥,.:;!?)\]}]/u;

	test.each(texts)('at every width from 12 to 60: fits, nothing lost, no line starts with closing punctuation or ー, no ASCII word split: %s', text => {
		for (let width = 12; width <= 60; width++) {
			const lines = wrapToWidth(text, width);
			expect(lines.join('').replaceAll(' ', ''), `width ${width}`).toBe(text.replaceAll(' ', ''));
			for (const [index, line] of lines.entries()) {
				expect(stringWidth(line), `width ${width}: ${line}`).toBeLessThanOrEqual(width);
				if (index > 0) {
					expect(line, `width ${width}: ${lines.join(' / ')}`).not.toMatch(closing);
					// Never inside an ASCII word or number.
					const pair = `${lines[index - 1]!.slice(-1)}${line[0]!}`;
					expect(/^[A-Za-z\d]{2}$/.test(pair) && text.includes(pair), `width ${width}: ${lines.join(' / ')}`).toBe(false);
				}
			}
		}
	});

	test('breaks at a natural point close to the end instead of inside a word (しま/す, 対/応)', () => {
		const pairs: string[] = [];
		for (const text of texts.slice(0, 3)) {
			for (let width = 20; width <= 60; width++) {
				const lines = wrapToWidth(text, width);
				for (let index = 1; index < lines.length; index++) {
					pairs.push(`${lines[index - 1]!.slice(-1)}/${lines[index]![0]!}`);
				}
			}
		}

		expect(pairs).not.toContain('ま/す');
		expect(pairs).not.toContain('対/応');
		expect(pairs).not.toContain('入/力');
	});

	test('a URL is not broken where Japanese text sits inside it; the line breaks at the space before it', () => {
		expect(wrapToWidth('<認可コード>かURL全体: https://xxxxxxxxxx&code=<認可コード>&scope=xxxxxxxxxx', 56))
			.toEqual(['<認可コード>かURL全体:', 'https://xxxxxxxxxx&code=<認可コード>&scope=xxxxxxxxxx']);
		// Text after the URL breaks as usual again.
		expect(wrapToWidth('https://example.com/ で認可してください。認可コードを入力します。', 30))
			.toEqual(['https://example.com/ で', '認可してください。認可コードを', '入力します。']);
	});

	test('a natural break point never costs the text: what fits the lines when they are filled is not cut', () => {
		const message = '本機の証明書が、信頼した時から変わっています。何も送信していません。更新が正当なら cloudmail-setup config unpin https://192.0.2.10:443 で古い登録を削除してください。';
		for (const text of [...texts, message]) {
			for (let width = 12; width <= 60; width++) {
				for (const maxLines of [2, 3]) {
					if (wrapToWidth(text, width, {fewestLines: true}).length <= maxLines) {
						const lines = wrapAndClip(text, width, maxLines);
						expect(lines.join('').replaceAll(' ', ''), `${width} x ${maxLines}: ${lines.join(' / ')}`).toBe(text.replaceAll(' ', ''));
					}
				}
			}
		}
	});

	test('a text cut to a number of lines ends with …, within the width', () => {
		for (const text of texts) {
			for (let width = 12; width <= 40; width++) {
				const lines = wrapAndClip(text, width, 2);
				if (wrapToWidth(text, width, {fewestLines: true}).length > 2) {
					expect(lines.at(-1), `width ${width}`).toMatch(/…$/);
				}

				for (const line of lines) {
					expect(stringWidth(line)).toBeLessThanOrEqual(width);
				}
			}
		}
	});
});
