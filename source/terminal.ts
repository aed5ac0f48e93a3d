/**
Terminal helpers for the TUI: display width (full-width Japanese takes two columns),
wrapping and eliding to a width, OSC 8 hyperlinks and OSC 52 clipboard writes.

Everything here is pure. Text from the device must go through `sanitizeLine` before it
reaches these helpers; `hyperlink` refuses anything that is not a plain http(s) URL.

Text from the device can be of any length (a rogue device, a broken identity provider): what
truncates or clips looks only at the start that could ever be shown (`codeUnitsFor`), and every
measure is linear in the length of what it looks at (`graphemesOf`), so a frame costs the same
for 100 bytes of text as for 100 KB.
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

/**
The segmenter is handed at most this many UTF-16 code units at a time: Node 20's Intl.Segmenter
takes time quadratic in the length of the text it segments (100 KB: some 3 s), so a long text
is segmented piece by piece, which keeps the whole linear.
*/
const segmentPiece = 256;

const printableAscii = /^[\x20-\x7E]*$/;

function isHighSurrogate(code: number): boolean {
	return code >= 0xD8_00 && code <= 0xDB_FF;
}

/** What `segmentWithin` found: the graphemes, and whether they are all of the text. */
type Segmented = {parts: string[]; complete: boolean};

/**
The graphemes of `text`, exactly as Intl.Segmenter finds them, in time linear in its length;
with `maxColumns`, only about as many as take that many columns (segmenting stops one piece
after they pass it, and `complete` says whether the text was all segmented). A piece's last
grapheme may go on in the next piece, so the next piece starts with it; printable ASCII needs
no segmenter at all (one character, one grapheme, one column).
*/
function segmentWithin(text: string, maxColumns = Number.POSITIVE_INFINITY): Segmented {
	const parts: string[] = [];
	const counting = Number.isFinite(maxColumns);
	let columns = 0;
	let start = 0;
	while (start < text.length) {
		if (counting && columns > maxColumns) {
			return {parts, complete: false};
		}

		let end = Math.min(text.length, start + segmentPiece);
		if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) {
			end -= 1;
		}

		const piece = start === 0 && end === text.length ? text : text.slice(start, end);
		const ascii = printableAscii.test(piece);
		const segments = ascii ? [...piece] : Array.from(graphemes.segment(piece), ({segment}) => segment);
		if (end === text.length || segments.length === 1) {
			// The end of the text; or one grapheme longer than a piece (a pile of combining marks): cut there.
			start = end;
		} else {
			start = end - segments.pop()!.length;
		}

		parts.push(...segments);
		if (counting) {
			columns += ascii ? segments.length : widthOf(segments);
		}
	}

	return {parts, complete: true};
}

/** The graphemes of `text`, exactly as Intl.Segmenter finds them, in time linear in its length. */
export function graphemesOf(text: string): string[] {
	return segmentWithin(text).parts;
}

/**
How much of a text is ever looked at for `columns` columns: generously more code units than
columns (a column may take several: a combining accent, an emoji sequence, a surrogate pair).
Text from the device can be of any length; what lies beyond this cannot be shown anyway.
*/
export function codeUnitsFor(columns: number): number {
	return (Math.max(0, columns) * 4) + 16;
}

/** The first `units` code units of `text` (never half a surrogate pair), and whether something was cut off. */
function head(text: string, units: number): {text: string; cut: boolean} {
	if (text.length <= units) {
		return {text, cut: false};
	}

	const end = isHighSurrogate(text.charCodeAt(units - 1)) ? units - 1 : units;
	return {text: text.slice(0, end), cut: true};
}

/** The last `units` code units of `text` (never half a surrogate pair), and whether something was cut off. */
function tail(text: string, units: number): {text: string; cut: boolean} {
	if (text.length <= units) {
		return {text, cut: false};
	}

	const start = text.length - units;
	return {text: text.slice(isHighSurrogate(text.charCodeAt(start - 1)) ? start + 1 : start), cut: true};
}

function widthOf(parts: readonly string[]): number {
	let width = 0;
	for (const part of parts) {
		if (part !== '\n') {
			width += graphemeWidth(part);
		}
	}

	return width;
}

/** Columns a string takes in a terminal; escape sequences take none. Linear in its length. */
export function displayWidth(text: string): number {
	if (printableAscii.test(text)) {
		return text.length;
	}

	return widthOf(graphemesOf(stripControl(text)));
}

/** The graphemes of the start of a text that can be shown in `width` columns, and whether the whole text fits. */
function measured(text: string, width: number): {parts: string[]; fits: boolean} {
	const shown = head(text, codeUnitsFor(width + 1));
	const {parts, complete} = segmentWithin(shown.text, width + 1);
	if (shown.cut || !complete) {
		return {parts, fits: false};
	}

	// Escape sequences take no columns (labels may carry colours): measured without them.
	const clean = stripControl(shown.text);
	return {parts, fits: (clean === shown.text ? widthOf(parts) : displayWidth(clean)) <= width};
}

/** The longest start of `text` that fits `width` columns, with `…` if something was cut. */
export function truncateToWidth(text: string, width: number, ellipsis = '…'): string {
	const {parts, fits} = measured(text, width);
	if (fits) {
		return text;
	}

	const room = width - displayWidth(ellipsis);
	if (room < 0) {
		return '';
	}

	let result = '';
	let used = 0;
	for (const grapheme of parts) {
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
	const shown = tail(text, codeUnitsFor(width + 1));
	const parts = graphemesOf(shown.text);
	const clean = stripControl(shown.text);
	const cleanWidth = clean === shown.text ? widthOf(parts) : widthOf(graphemesOf(clean));
	if (!shown.cut && cleanWidth <= width) {
		return text;
	}

	const room = width - displayWidth(ellipsis);
	if (room < 0) {
		return '';
	}

	let result = '';
	let used = 0;
	for (let index = parts.length - 1; index >= 0; index--) {
		const grapheme = parts[index]!;
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
	return wrapGraphemes(graphemesOf(text), width);
}

function wrapGraphemes(parts: readonly string[], width: number): string[] {
	if (width <= 0) {
		return [];
	}

	const lines: string[] = [];
	let line: string[] = [];
	let lineWidth = 0;
	// Index in `line` where it may be broken (what follows moves to the next line).
	let breakAt = -1;

	for (const grapheme of parts) {
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

/**
At most `maxLines` lines of `width` columns; the last one ends with `…` if text was left out.
Only the start of a long text is wrapped: enough for one line more than is kept.
*/
export function wrapAndClip(text: string, width: number, maxLines: number): string[] {
	if (width <= 0 || maxLines <= 0) {
		return [];
	}

	// Enough for one line more than is kept: then the kept ones are what the whole text gives.
	const shown = head(text, codeUnitsFor(width * (maxLines + 1)));
	const {parts, complete} = segmentWithin(shown.text, (width + 1) * (maxLines + 1));
	const lines = wrapGraphemes(parts, width);
	if (lines.length <= maxLines && !shown.cut && complete) {
		return lines;
	}

	if (lines.length === 0) {
		return [truncateToWidth('…', width)];
	}

	const kept = lines.slice(0, maxLines);
	const last = kept.at(-1) ?? '';
	kept[kept.length - 1] = truncateToWidth(`${last}…`, width);
	return kept;
}

/**
Cuts text into lines of exactly `width` columns (the last one shorter), breaking nowhere
else and dropping nothing: a long URL drawn so that its lines, put together, are the URL.
With `maxLines`, a text that needs more lines is cut: the last line kept ends with `…` in its
last column (only the start that fits is looked at).
*/
export function hardWrap(text: string, width: number, maxLines = Number.POSITIVE_INFINITY): string[] {
	if (width <= 0 || maxLines <= 0) {
		return [];
	}

	const shown = Number.isFinite(maxLines) ? head(text, codeUnitsFor((width * maxLines) + 1)) : {text, cut: false};
	const {parts, complete} = segmentWithin(shown.text, (width * maxLines) + 1);
	const lines: string[] = [];
	let line = '';
	let used = 0;
	let more = shown.cut || !complete;
	for (const grapheme of parts) {
		const size = graphemeWidth(grapheme);
		if (used + size > width && line !== '') {
			lines.push(line);
			line = '';
			used = 0;
			if (lines.length === maxLines) {
				more = true;
				break;
			}
		}

		line += grapheme;
		used += size;
	}

	if (line !== '' && lines.length < maxLines) {
		lines.push(line);
	}

	if (more && lines.length > 0) {
		lines[lines.length - 1] = truncateToWidth(`${lines.at(-1)!}…`, width);
	}

	return lines;
}

/** Pads with spaces to `width` columns (for label columns). */
export function padToWidth(text: string, width: number): string {
	return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

const plainHttpUrl = /^https?:\/\/[\x21-\x7E]+$/;

/** The longest URL made a link: the contract's limit for URLs (contract-values.ts `textLimits.url`). */
export const maxLinkLength = 2048;

/**
An OSC 8 hyperlink: terminals that know it make `text` clickable, others show `text` only.
Only a plain http(s) URL of at most `maxLinkLength` characters becomes a link (each line of a
link repeats the URL); anything else is returned as text.
*/
export function hyperlink(url: string, text: string = url): string {
	if (url.length > maxLinkLength || !plainHttpUrl.test(url)) {
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
