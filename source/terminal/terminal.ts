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
import stringWidth from 'string-width';
import {stripControl} from './sanitize.js';

const graphemes = new Intl.Segmenter(undefined, {granularity: 'grapheme'});

/**
Widths come from string-width, the very function Ink lays its boxes out with (the same copy:
package.json pins the version Ink resolves), so that a line measured here to fit is a line Ink
draws on one terminal line. It is asked one grapheme at a time (the graphemes are found here,
in linear time), and what it said about a grapheme is remembered.
*/
const widthCache = new Map<string, number>();
const widthCacheLimit = 4096;
/** The width + 1 of each one-code-unit grapheme asked about (0: not asked yet). */
const codeUnitWidths = new Uint8Array(0x1_00_00);

function graphemeWidth(grapheme: string): number {
	if (grapheme.length === 1) {
		const code = grapheme.charCodeAt(0);
		if (code >= 0x20 && code < 0x7F) {
			return 1;
		}

		const known = codeUnitWidths[code]!;
		if (known > 0) {
			return known - 1;
		}

		const width = stringWidth(grapheme);
		codeUnitWidths[code] = width + 1;
		return width;
	}

	let width = widthCache.get(grapheme);
	if (width === undefined) {
		width = stringWidth(grapheme);
		if (widthCache.size >= widthCacheLimit) {
			widthCache.clear();
		}

		widthCache.set(grapheme, width);
	}

	return width;
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

	return widthOf(graphemesOf(withoutEscapes(text)));
}

const escapeStart = /[\u001B\u009B]/;

/**
The text as string-width measures it: escape sequences (colours, links) take no columns. Only
they are removed: an invisible joiner inside an emoji sequence changes how wide it is drawn.
*/
function withoutEscapes(text: string): string {
	return escapeStart.test(text) ? stripControl(text) : text;
}

/** The graphemes of the start of a text that can be shown in `width` columns, and whether the whole text fits. */
function measured(text: string, width: number): {parts: string[]; fits: boolean} {
	const shown = head(text, codeUnitsFor(width + 1));
	const {parts, complete} = segmentWithin(shown.text, width + 1);
	if (shown.cut || !complete) {
		return {parts, fits: false};
	}

	// Escape sequences take no columns (labels may carry colours): measured without them.
	const clean = withoutEscapes(shown.text);
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
	const clean = withoutEscapes(shown.text);
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

// Japanese line breaking (kinsoku, simplified): never before closing punctuation, small kana
// or ー, never after an opening bracket, never inside a run of narrow characters (an ASCII word,
// a number, a URL) unless that run is longer than a line.
const noBreakBefore = new Set([...'、。，．・：；？！）」』】〕〉》］｝ーぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ…‥,.:;!?)]}']);
const noBreakAfter = new Set([...'（「『【〔〈《［｛([{']);
/** Punctuation after which a line reads well when it breaks there. */
const closingPunctuation = new Set([...'、。，．・：；？！）」』】〕〉》］｝,.:;!?)]}']);
const hiragana = /^\p{Script=Hiragana}/u;
const asciiWordCharacter = /^[A-Za-z\d]$/;
/** Where a URL ends: a space, or Japanese punctuation. */
const urlEnd = new Set([...' 、。，．（）「」『』【】']);
const kanjiOrKatakana = /^[\p{Script=Han}\p{Script=Katakana}]/u;

function isWideGrapheme(grapheme: string): boolean {
	return graphemeWidth(grapheme) >= 2;
}

/** Not here. */
const noBreak = 0;
/** Allowed, between two full-width characters (inside a Japanese word, perhaps). */
const anyBreak = 1;
/** A natural point: after a space or punctuation, before a bracket, where the script changes. */
const goodBreak = 2;
type BreakQuality = typeof noBreak | typeof anyBreak | typeof goodBreak;

/** Whether a line may break between `previous` and `next`, and how well it reads there. */
function breakBetween(previous: string, next: string): BreakQuality {
	if (previous === ' ') {
		return goodBreak;
	}

	if (next === ' ' || noBreakBefore.has(next) || noBreakAfter.has(previous)) {
		return noBreak;
	}

	const wideBefore = isWideGrapheme(previous);
	const wideAfter = isWideGrapheme(next);
	if (!wideBefore && !wideAfter) {
		// Inside a word or a number.
		return noBreak;
	}

	if (closingPunctuation.has(previous) || noBreakAfter.has(next)) {
		return goodBreak;
	}

	if (wideBefore !== wideAfter) {
		// Between a Japanese word and an ASCII word or number (52対応, URL全体); not next to an
		// ASCII symbol (code=<認可コード>&scope=).
		return asciiWordCharacter.test(wideBefore ? next : previous) ? goodBreak : noBreak;
	}

	// From kana to a kanji or katakana word: after a particle or a verb's ending, most often.
	if (hiragana.test(previous) && kanjiOrKatakana.test(next)) {
		return goodBreak;
	}

	return anyBreak;
}

/** A place where the line being filled may break: before `line[at]`, `before` columns in. */
type BreakPoint = {at: number; before: number; quality: BreakQuality};

/**
Breaks one line of text into lines of at most `width` columns, following the Japanese rules
above: at a natural point (a space, punctuation, a change of script) when one is within the
last few columns of the line, else at the last place allowed, else (a word longer than a line,
a URL) at the width.
*/
export function wrapToWidth(text: string, width: number, {fewestLines = false}: WrapOptions = {}): string[] {
	return wrapGraphemes(graphemesOf(text), width, fewestLines);
}

export type WrapOptions = {
	/** Fill each line as far as the rules allow, without looking for a natural point (a label in a narrow column). */
	fewestLines?: boolean;
};

function wrapGraphemes(parts: readonly string[], width: number, fewestLines = false): string[] {
	if (width <= 0) {
		return [];
	}

	// How far back a natural break point is preferred to a break inside a word.
	const lookBack = fewestLines ? -1 : Math.max(6, Math.min(16, Math.floor(width / 2)));
	const lines: string[] = [];
	let line: string[] = [];
	let lineWidth = 0;
	let breaks: BreakPoint[] = [];

	// Inside a URL (from its `://` to a space): no break but at the width, if it is too long.
	// `urls[i]`: whether `line[i]` is inside one.
	let urls: boolean[] = [];
	let inUrl = false;
	const add = (grapheme: string, size: number) => {
		const previous = line.at(-1);
		if (urlEnd.has(grapheme)) {
			inUrl = false;
		}

		if (previous !== undefined && !inUrl) {
			const quality = breakBetween(previous, grapheme);
			if (quality !== noBreak) {
				breaks.push({at: line.length, before: lineWidth, quality});
			}
		}

		if (grapheme === '/' && previous === '/' && line.at(-2) === ':') {
			inUrl = true;
		}

		line.push(grapheme);
		urls.push(inUrl);
		lineWidth += size;
	};

	/** A new line that starts with `rest` (the end of the last one), `url`: whether it starts inside a URL. */
	const startLine = (rest: readonly string[], url: boolean) => {
		line = [];
		urls = [];
		lineWidth = 0;
		breaks = [];
		inUrl = url;
		let index = 0;
		while (rest[index] === ' ') {
			index++;
		}

		for (; index < rest.length; index++) {
			add(rest[index]!, graphemeWidth(rest[index]!));
		}

		inUrl = urls.at(-1) ?? url;
	};

	for (const grapheme of parts) {
		if (grapheme === ' ' && line.length === 0) {
			continue;
		}

		const size = graphemeWidth(grapheme);
		if (lineWidth + size > width && line.length > 0) {
			if (grapheme === ' ') {
				lines.push(line.join('').trimEnd());
				startLine([], false);
				continue;
			}

			// Before `grapheme` itself, if allowed there.
			const here = inUrl && !urlEnd.has(grapheme) ? noBreak : breakBetween(line.at(-1)!, grapheme);
			const candidates = here === noBreak ? breaks : [...breaks, {at: line.length, before: lineWidth, quality: here}];
			let chosen: BreakPoint | undefined;
			for (let index = candidates.length - 1; index >= 0; index--) {
				const candidate = candidates[index]!;
				if (lineWidth - candidate.before > lookBack) {
					break;
				}

				if (candidate.quality === goodBreak) {
					chosen = candidate;
					break;
				}
			}

			chosen ??= candidates.at(-1);
			if (chosen === undefined || chosen.at <= 0) {
				lines.push(line.join('').trimEnd());
				startLine([], inUrl);
			} else {
				lines.push(line.slice(0, chosen.at).join('').trimEnd());
				startLine(line.slice(chosen.at), urls[chosen.at - 1] ?? false);
			}
		}

		add(grapheme, size);
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
	let lines = wrapGraphemes(parts, width);
	if (lines.length > maxLines) {
		// Natural break points cost a line now and then: not when that line is one too many.
		const filled = wrapGraphemes(parts, width, true);
		if (filled.length < lines.length) {
			lines = filled;
		}
	}

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

const urlBreakAfter = new Set([...'/?&=#']);

/**
A URL in lines of at most `width` columns, broken after a `/`, `?`, `&`, `=` or `#` where one is
in the second half of the line (`https://microsoft.com/` `devicelogin`), else at the width;
nothing is dropped but, past `maxLines`, the end (the last line kept ends with …).
*/
export function wrapUrl(url: string, width: number, maxLines = Number.POSITIVE_INFINITY): string[] {
	if (width <= 0 || maxLines <= 0) {
		return [];
	}

	const shown = Number.isFinite(maxLines) ? head(url, codeUnitsFor((width * maxLines) + 1)) : {text: url, cut: false};
	const {parts, complete} = segmentWithin(shown.text, (width * maxLines) + 1);
	const lines: string[] = [];
	let line: string[] = [];
	let used = 0;
	let more = shown.cut || !complete;
	for (const grapheme of parts) {
		const size = graphemeWidth(grapheme);
		if (used + size > width && line.length > 0) {
			let at = line.length;
			for (let index = line.length - 1; index >= Math.ceil(line.length / 2); index--) {
				if (urlBreakAfter.has(line[index]!) && line[index + 1] !== '/' && line[index - 1] !== '/') {
					at = index + 1;
					break;
				}
			}

			lines.push(line.slice(0, at).join(''));
			line = line.slice(at);
			used = widthOf(line);
			if (lines.length === maxLines) {
				more = true;
				line = [];
				break;
			}
		}

		line.push(grapheme);
		used += size;
	}

	if (line.length > 0 && lines.length < maxLines) {
		lines.push(line.join(''));
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
