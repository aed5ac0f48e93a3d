/**
Terminal helpers for the TUI: display width (full-width Japanese takes two columns),
wrapping and eliding to a width, OSC 8 hyperlinks and OSC 52 clipboard writes.

Everything here is pure. Text from the device must go through `sanitizeLine` before it
reaches these helpers; `hyperlink` refuses anything that is not a plain http(s) URL.
*/
import {Buffer} from 'node:buffer';
import {stripControl} from './sanitize.js';

const graphemes = new Intl.Segmenter(undefined, {granularity: 'grapheme'});

// East Asian Wide and Fullwidth ranges (Unicode 15), plus the emoji that terminals draw
// two columns wide. Ambiguous characters (…, •, ↑) count as one column, as in string-width.
const wideRanges: ReadonlyArray<readonly [number, number]> = [
	[0x11_00, 0x11_5F],
	[0x23_1A, 0x23_1B],
	[0x23_29, 0x23_2A],
	[0x23_E9, 0x23_EC],
	[0x23_F0, 0x23_F0],
	[0x23_F3, 0x23_F3],
	[0x25_FD, 0x25_FE],
	[0x26_14, 0x26_15],
	[0x26_48, 0x26_53],
	[0x26_7F, 0x26_7F],
	[0x26_93, 0x26_93],
	[0x26_A1, 0x26_A1],
	[0x26_AA, 0x26_AB],
	[0x26_BD, 0x26_BE],
	[0x26_C4, 0x26_C5],
	[0x26_CE, 0x26_CE],
	[0x26_D4, 0x26_D4],
	[0x26_EA, 0x26_EA],
	[0x26_F2, 0x26_F3],
	[0x26_F5, 0x26_F5],
	[0x26_FA, 0x26_FA],
	[0x26_FD, 0x26_FD],
	[0x27_05, 0x27_05],
	[0x27_0A, 0x27_0B],
	[0x27_28, 0x27_28],
	[0x27_4C, 0x27_4C],
	[0x27_4E, 0x27_4E],
	[0x27_53, 0x27_55],
	[0x27_57, 0x27_57],
	[0x27_95, 0x27_97],
	[0x27_B0, 0x27_B0],
	[0x27_BF, 0x27_BF],
	[0x2B_1B, 0x2B_1C],
	[0x2B_50, 0x2B_50],
	[0x2B_55, 0x2B_55],
	[0x2E_80, 0x30_3E],
	[0x30_41, 0x33_FF],
	[0x34_00, 0x4D_BF],
	[0x4E_00, 0x9F_FF],
	[0xA0_00, 0xA4_CF],
	[0xA9_60, 0xA9_7F],
	[0xAC_00, 0xD7_A3],
	[0xF9_00, 0xFA_FF],
	[0xFE_10, 0xFE_19],
	[0xFE_30, 0xFE_6F],
	[0xFF_00, 0xFF_60],
	[0xFF_E0, 0xFF_E6],
	[0x1_6F_E0, 0x1_6F_E4],
	[0x1_70_00, 0x1_8A_FF],
	[0x1_AF_F0, 0x1_B2_FF],
	[0x1_F0_04, 0x1_F0_04],
	[0x1_F0_CF, 0x1_F0_CF],
	[0x1_F1_8E, 0x1_F1_8E],
	[0x1_F1_91, 0x1_F1_9A],
	[0x1_F2_00, 0x1_F2_65],
	[0x1_F3_00, 0x1_F3_20],
	[0x1_F3_2D, 0x1_F3_35],
	[0x1_F3_37, 0x1_F3_7C],
	[0x1_F3_7E, 0x1_F3_93],
	[0x1_F3_A0, 0x1_F3_CA],
	[0x1_F3_CF, 0x1_F3_D3],
	[0x1_F3_E0, 0x1_F3_F0],
	[0x1_F3_F4, 0x1_F3_F4],
	[0x1_F3_F8, 0x1_F4_3E],
	[0x1_F4_40, 0x1_F4_40],
	[0x1_F4_42, 0x1_F4_FC],
	[0x1_F4_FF, 0x1_F5_3D],
	[0x1_F5_4B, 0x1_F5_4E],
	[0x1_F5_50, 0x1_F5_67],
	[0x1_F5_7A, 0x1_F5_7A],
	[0x1_F5_95, 0x1_F5_96],
	[0x1_F5_A4, 0x1_F5_A4],
	[0x1_F5_FB, 0x1_F6_4F],
	[0x1_F6_80, 0x1_F6_C5],
	[0x1_F6_CC, 0x1_F6_CC],
	[0x1_F6_D0, 0x1_F6_D2],
	[0x1_F6_D5, 0x1_F6_D7],
	[0x1_F6_DC, 0x1_F6_DF],
	[0x1_F6_EB, 0x1_F6_EC],
	[0x1_F6_F4, 0x1_F6_FC],
	[0x1_F7_E0, 0x1_F7_EB],
	[0x1_F7_F0, 0x1_F7_F0],
	[0x1_F9_0C, 0x1_F9_3A],
	[0x1_F9_3C, 0x1_F9_45],
	[0x1_F9_47, 0x1_F9_FF],
	[0x1_FA_70, 0x1_FA_FF],
	[0x2_00_00, 0x2_FF_FD],
	[0x3_00_00, 0x3_FF_FD],
];

function isWide(codePoint: number): boolean {
	let low = 0;
	let high = wideRanges.length - 1;
	while (low <= high) {
		const middle = (low + high) >> 1;
		const [start, end] = wideRanges[middle]!;
		if (codePoint < start) {
			high = middle - 1;
		} else if (codePoint > end) {
			low = middle + 1;
		} else {
			return true;
		}
	}

	return false;
}

const zeroWidth = /^[\p{Mn}\p{Me}\p{Cf}\p{Cc}\u{FE00}-\u{FE0F}\u{E0100}-\u{E01EF}]$/u;

function graphemeWidth(grapheme: string): number {
	const first = grapheme.codePointAt(0);
	if (first === undefined) {
		return 0;
	}

	if (zeroWidth.test(String.fromCodePoint(first))) {
		// A lone combining mark or control: draws nothing by itself.
		return [...grapheme].some(character => !zeroWidth.test(character)) ? 1 : 0;
	}

	if (isWide(first)) {
		return 2;
	}

	// An emoji presentation sequence (text symbol + VS16) is drawn wide.
	if (grapheme.includes('\uFE0F') && /\p{Extended_Pictographic}/u.test(grapheme)) {
		return 2;
	}

	return 1;
}

/** Columns a string takes in a terminal; escape sequences take none. */
export function displayWidth(text: string): number {
	let width = 0;
	for (const {segment} of graphemes.segment(stripControl(text))) {
		if (segment === '\n') {
			continue;
		}

		width += graphemeWidth(segment);
	}

	return width;
}

function splitGraphemes(text: string): string[] {
	return Array.from(graphemes.segment(text), ({segment}) => segment);
}

/** The longest start of `text` that fits `width` columns, with `…` if something was cut. */
export function truncateToWidth(text: string, width: number, ellipsis = '…'): string {
	if (displayWidth(text) <= width) {
		return text;
	}

	const room = width - displayWidth(ellipsis);
	if (room < 0) {
		return '';
	}

	let result = '';
	let used = 0;
	for (const grapheme of splitGraphemes(text)) {
		const next = graphemeWidth(grapheme);
		if (used + next > room) {
			break;
		}

		result += grapheme;
		used += next;
	}

	return result + ellipsis;
}

/** The longest end of `text` that fits `width` columns, with `…` in front if something was cut. */
export function truncateStartToWidth(text: string, width: number, ellipsis = '…'): string {
	if (displayWidth(text) <= width) {
		return text;
	}

	const room = width - displayWidth(ellipsis);
	if (room < 0) {
		return '';
	}

	let result = '';
	let used = 0;
	for (const grapheme of splitGraphemes(text).reverse()) {
		const next = graphemeWidth(grapheme);
		if (used + next > room) {
			break;
		}

		result = grapheme + result;
		used += next;
	}

	return ellipsis + result;
}

// Japanese line breaking, simplified: a line may break between two characters when one of
// them is full-width, but not before closing punctuation or after an opening bracket.
const noBreakBefore = new Set([...'、。，．・：；？！）」』】〕〉》］｝ーぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ…‥,.:;!?)]}']);
const noBreakAfter = new Set([...'（「『【〔〈《［｛([{']);

function isWideGrapheme(grapheme: string): boolean {
	return graphemeWidth(grapheme) === 2;
}

/**
Breaks one line of text into lines of at most `width` columns: at spaces, or between
full-width characters, where it can; anywhere inside a word that is too long (URLs).
*/
export function wrapToWidth(text: string, width: number): string[] {
	if (width <= 0) {
		return [];
	}

	const lines: string[] = [];
	let line: string[] = [];
	let lineWidth = 0;
	// Index in `line` where it may be broken (what follows moves to the next line).
	let breakAt = -1;

	for (const grapheme of splitGraphemes(text)) {
		if (grapheme === ' ' && line.length === 0) {
			continue;
		}

		const size = graphemeWidth(grapheme);
		const previous = line.at(-1);
		if (
			previous !== undefined
			&& previous !== ' '
			&& grapheme !== ' '
			&& (isWideGrapheme(grapheme) || isWideGrapheme(previous))
			&& !noBreakBefore.has(grapheme)
			&& !noBreakAfter.has(previous)
		) {
			breakAt = line.length;
		}

		if (lineWidth + size > width) {
			if (grapheme === ' ') {
				lines.push(line.join('').trimEnd());
				line = [];
				lineWidth = 0;
				breakAt = -1;
				continue;
			}

			if (breakAt > 0 && breakAt <= line.length) {
				const rest = line.slice(breakAt);
				lines.push(line.slice(0, breakAt).join('').trimEnd());
				line = rest;
				while (line[0] === ' ') {
					line.shift();
				}
			} else {
				lines.push(line.join('').trimEnd());
				line = [];
			}

			lineWidth = line.reduce((sum, part) => sum + graphemeWidth(part), 0);
			breakAt = -1;
		}

		line.push(grapheme);
		lineWidth += size;
		if (grapheme === ' ') {
			breakAt = line.length;
		}
	}

	if (line.length > 0) {
		lines.push(line.join('').trimEnd());
	}

	return lines;
}

/** At most `maxLines` lines of `width` columns; the last one ends with `…` if text was left out. */
export function wrapAndClip(text: string, width: number, maxLines: number): string[] {
	const lines = wrapToWidth(text, width);
	if (lines.length <= maxLines) {
		return lines;
	}

	const kept = lines.slice(0, maxLines);
	const last = kept.at(-1) ?? '';
	kept[kept.length - 1] = truncateToWidth(`${last}…`, width);
	return kept;
}

/**
Cuts text into lines of exactly `width` columns (the last one shorter), breaking nowhere
else and dropping nothing: a long URL drawn so that its lines, put together, are the URL.
*/
export function hardWrap(text: string, width: number): string[] {
	if (width <= 0) {
		return [];
	}

	const lines: string[] = [];
	let line = '';
	let used = 0;
	for (const grapheme of splitGraphemes(text)) {
		const size = graphemeWidth(grapheme);
		if (used + size > width && line !== '') {
			lines.push(line);
			line = '';
			used = 0;
		}

		line += grapheme;
		used += size;
	}

	if (line !== '') {
		lines.push(line);
	}

	return lines;
}

/** Pads with spaces to `width` columns (for label columns). */
export function padToWidth(text: string, width: number): string {
	return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

const plainHttpUrl = /^https?:\/\/[\x21-\x7E]+$/;

/**
An OSC 8 hyperlink: terminals that know it make `text` clickable, others show `text` only.
Only a plain http(s) URL becomes a link; anything else is returned as text.
*/
export function hyperlink(url: string, text: string = url): string {
	if (!plainHttpUrl.test(url)) {
		return text;
	}

	return `\u001B]8;;${url}\u0007${text}\u001B]8;;\u0007`;
}

export type Multiplexer = 'tmux' | 'screen' | undefined;

/** The terminal multiplexer we run in, from the environment. */
export function multiplexerFromEnvironment(environment: NodeJS.ProcessEnv): Multiplexer {
	if (environment['TMUX']) {
		return 'tmux';
	}

	if ((environment['TERM'] ?? '').startsWith('screen') && environment['STY']) {
		return 'screen';
	}

	return undefined;
}

/**
OSC 52: asks the terminal to put `text` on the clipboard. Inside tmux the sequence is
passed through (tmux also needs `set-clipboard on`). A terminal never says whether it
did: always show the text too.
*/
export function osc52Copy(text: string, multiplexer?: Multiplexer): string {
	const sequence = `\u001B]52;c;${Buffer.from(text, 'utf8').toString('base64')}\u0007`;
	if (multiplexer === 'tmux') {
		return `\u001BPtmux;${sequence.replaceAll('\u001B', '\u001B\u001B')}\u001B\\`;
	}

	if (multiplexer === 'screen') {
		return `\u001BP${sequence}\u001B\\`;
	}

	return sequence;
}
