/**
Turns what the terminal sent (one event of Ink's input splitter: a run of text, or one
escape sequence) into a key, like Ink's `useInput` but total: an escape sequence it does
not know is dropped instead of being passed on as text, and none can throw. (Ink 6.8's
`useInput` throws on some sequences, e.g. the SGR colour codes in a pasted text: `ESC[31m`
is read as a Ctrl-modified key without a name.) `createKeyReader` (below) reads the events in
order: bracketed pastes, keys typed ahead, sequences cut by a read.
*/
import type {Key} from 'ink';
import {stripControl} from '../terminal/sanitize.js';
import {emptyKey} from './key-dispatcher.js';

export type ParsedKey = {input: string; key: Key};

const csiKeys: Record<string, Partial<Key>> = {
	A: {upArrow: true},
	B: {downArrow: true},
	C: {rightArrow: true},
	D: {leftArrow: true},
	H: {home: true},
	F: {end: true},
	Z: {tab: true, shift: true},
};

const tildeKeys: Record<string, Partial<Key>> = {
	1: {home: true},
	3: {delete: true},
	4: {end: true},
	5: {pageUp: true},
	6: {pageDown: true},
	7: {home: true},
	8: {end: true},
};

function modifiers(parameter: string | undefined): Partial<Key> {
	// xterm: 1 + (shift 1, alt 2, ctrl 4, meta 8)
	const value = Number(parameter ?? '1') - 1;
	if (!Number.isInteger(value) || value <= 0) {
		return {};
	}

	return {
		shift: (value & 1) !== 0,
		meta: (value & 2) !== 0 || (value & 8) !== 0,
		ctrl: (value & 4) !== 0,
	};
}

function key(overrides: Partial<Key>, input = ''): ParsedKey {
	return {input, key: emptyKey(overrides)};
}

/** The key for one input event, or undefined for a sequence that means nothing here. */
export function parseKey(data: string): ParsedKey | undefined {
	if (data === '') {
		return undefined;
	}

	switch (data) {
		case '\r':
		case '\n': {
			return key({return: true});
		}

		case '\u001B\r': {
			return key({return: true, meta: true});
		}

		case '\t': {
			return key({tab: true});
		}

		case '\u007F':
		case '\u001B\u007F': {
			return key({delete: true, meta: data.length === 2});
		}

		case '\b':
		case '\u001B\b': {
			return key({backspace: true, meta: data.length === 2});
		}

		case '\u001B':
		case '\u001B\u001B': {
			return key({escape: true, meta: true});
		}

		default: {
			break;
		}
	}

	if (data.startsWith('\u001B')) {
		// CSI: ESC [ parameters final, also ESC ESC [ (Alt+key in some terminals).
		const csi = /^\u001B{1,2}\[(\[?)([\d;]*)([~A-Za-z])$/.exec(data);
		if (csi) {
			const [, legacy, parameters = '', final = ''] = csi;
			if (legacy) {
				return undefined;
			}

			const [first, second] = parameters.split(';');
			if (final === '~') {
				const base = tildeKeys[first ?? ''];
				return base ? key({...base, ...modifiers(second)}) : undefined;
			}

			const base = csiKeys[final];
			if (!base || (first !== undefined && first !== '' && first !== '1')) {
				return undefined;
			}

			return key({...modifiers(second), ...base});
		}

		// SS3: ESC O final (application cursor keys).
		const ss3 = /^\u001BO([A-DHF])$/.exec(data);
		if (ss3) {
			return key(csiKeys[ss3[1]!]!);
		}

		// The start of a control string (OSC, DCS, SOS, PM, APC): see `createControlStringFilter`.
		if (/^\u001B[\]PX^_]$/.test(data)) {
			return undefined;
		}

		// Alt+character.
		const rest = data.slice(1);
		if ([...rest].length === 1 && rest >= ' ') {
			return key({meta: true}, rest);
		}

		// Anything else (OSC, DCS, unknown sequences) is not a key.
		return undefined;
	}

	const codePoint = data.codePointAt(0) ?? 0;
	if (data.length === 1 && codePoint > 0 && codePoint <= 26) {
		return key({ctrl: true}, String.fromCodePoint(codePoint + 96));
	}

	if (data.length === 1 && codePoint < 32) {
		// Ctrl+\ ] ^ _ and other controls: nothing to do with them.
		return undefined;
	}

	return key({shift: /^[A-Z]$/.test(data)}, data);
}

/**
Drops terminal control strings (OSC, DCS, SOS, PM, APC: ESC ] … BEL or ESC \) from the
events of one read. Ink's splitter cuts such a string into its introducer, its text and its
terminator; without this its text would be typed (a paste that carries an OSC 8 link or an
OSC 52 write). BEL ends only an OSC; ST (ESC \ or its C1 byte) ends any. Inside a string,
ESC ESC is the string's: tmux passthrough (ESC P tmux; … ESC \) doubles each ESC of what it
wraps, and without this rule the doubled ESC would be read as Esc (cancel) and the rest typed.
Any other escape sequence ends a string, and so does the read it came in (call `endOfRead`),
so a stray Alt+] cannot swallow later keys.
*/
export function createControlStringFilter(): {filter(data: string): string | undefined; endOfRead(): void} {
	/** The introducer of the string we are in (`]` for OSC), or undefined. */
	let inString: string | undefined;
	return {
		filter(data) {
			if (inString !== undefined) {
				if (data === '\u001B\\') {
					inString = undefined;
					return undefined;
				}

				if (data.startsWith('\u001B\u001B')) {
					return undefined;
				}

				if (!data.startsWith('\u001B')) {
					const end = inString === ']' ? /[\u0007\u009C]/.exec(data) : /\u009C/.exec(data);
					if (!end) {
						return undefined;
					}

					inString = undefined;
					const rest = data.slice(end.index + 1);
					return rest === '' ? undefined : rest;
				}

				inString = undefined;
			}

			const introducer = /^\u001B([\]PX^_])$/.exec(data);
			if (introducer) {
				inString = introducer[1];
				return undefined;
			}

			return data;
		},
		endOfRead() {
			inString = undefined;
		},
	};
}

/** What one event of the terminal means: a key, or a paste (bracketed paste mode). */
export type TerminalInput =
	| {kind: 'key'; input: string; key: Key}
	| {kind: 'paste'; text: string};

/** The most of one paste that is kept (UTF-16 units); the rest of a longer one is dropped. */
export const maxPasteLength = 64 * 1024;

const pasteStart = '\u001B[200~';
const pasteEnd = '\u001B[201~';
/** A CSI cut short: ESC [ (or ESC ESC [) and parameter or intermediate bytes, no final byte yet. */
const partialCsi = /^\u001B{1,2}\[[\u0030-\u003F]*[\u0020-\u002F]*$/;
const completeCsi = /^\u001B{1,2}\[[\u0030-\u003F]*[\u0020-\u002F]*[\u0040-\u007E]/;
const lineBreak = /[\r\n]/;

/** The keys of a run of text (no ESC in it) exactly as typed: one per character, CR LF one Enter. */
function keysOf(text: string): TerminalInput[] {
	const events: TerminalInput[] = [];
	for (const character of text) {
		const parsed = parseKey(character);
		if (parsed) {
			events.push({kind: 'key', ...parsed});
		}
	}

	return events;
}

/**
The keys of a run of text with no escape sequence in it. Control characters (Enter, Tab,
Backspace, Ctrl+letter) are keys of their own, in their place. With a line break in the
middle it is keys typed ahead (`7654321` Enter `1`): every character one key. Otherwise the
text between the control characters stays one piece, as a paste from a terminal without
bracketed paste would come: a field inserts it at once, a menu takes it key by key (the
dispatcher splits it), and a line break at the end is Enter.
*/
export function keysOfText(data: string): TerminalInput[] {
	const text = data.replaceAll('\r\n', '\r');
	if (lineBreak.test(text.slice(0, -1))) {
		return keysOf(text);
	}

	const events: TerminalInput[] = [];
	for (const piece of text.split(/([\u0000-\u001F\u007F])/)) {
		if (piece === '') {
			continue;
		}

		const parsed = parseKey(piece);
		if (parsed) {
			events.push({kind: 'key', ...parsed});
		}
	}

	return events;
}

/**
What a paste may carry into the app: its escape sequences and control strings were dropped on
the way (they came as events of their own); line breaks become LF, other control characters
(a Ctrl+C byte, C1 controls) and invisible characters go.
*/
function cleanPaste(text: string): string {
	return stripControl(text.replaceAll(/\r\n?/g, '\n'));
}

/**
Reads the events of Ink's input splitter (`internal_eventEmitter` 'input': a run of text, or
one escape sequence) and turns them into keys and pastes, keeping what must outlive one event:

- Bracketed paste: what comes between ESC[200~ and ESC[201~ is one paste, however many reads
  it takes; inside it escape sequences, control strings and control characters are dropped
  (Ctrl+C in a paste is text, not Quit) and line breaks are never Enter. At most
  `maxPasteLength` of it is kept.
- Outside a paste, keys exactly as typed (see `keysOfText`); CR LF is one Enter, also when a
  read ends between the two.
- Control strings (OSC, DCS, …) are dropped (`createControlStringFilter`).
- An escape sequence cut by a read boundary: Ink gives up on it after one tick and sends what
  it has (`ESC[20`); the rest comes with the next read (`1~…`). The two are joined again
  instead of becoming Alt+[ and typed text.

Call `endOfRead` once the events of one read are through.
*/
export function createKeyReader(): {read(data: string): TerminalInput[]; endOfRead(): void} {
	const controlStrings = createControlStringFilter();
	let partial = '';
	/** The paste being read, or undefined outside a paste. */
	let paste: string | undefined;
	/** The last text ended in CR: an LF right after it is the same line break (CR LF cut by a read). */
	let afterCr = false;

	const event = (data: string): TerminalInput[] => {
		const wasAfterCr = afterCr;
		afterCr = false;
		const text = controlStrings.filter(data);
		if (text === undefined) {
			return [];
		}

		if (text === pasteStart) {
			paste ??= '';
			return [];
		}

		if (paste !== undefined) {
			if (text === pasteEnd) {
				const pasted = cleanPaste(paste);
				paste = undefined;
				return pasted === '' ? [] : [{kind: 'paste', text: pasted}];
			}

			if (!text.startsWith('\u001B') && paste.length < maxPasteLength) {
				paste += text.slice(0, maxPasteLength - paste.length);
			}

			return [];
		}

		if (text === pasteEnd) {
			return [];
		}

		if (text.startsWith('\u001B')) {
			const parsed = parseKey(text);
			return parsed ? [{kind: 'key', ...parsed}] : [];
		}

		afterCr = text.endsWith('\r');
		return keysOfText(wasAfterCr && text.startsWith('\n') ? text.slice(1) : text);
	};

	return {
		read(data) {
			let current = data;
			if (partial !== '') {
				const joined = partial + data;
				partial = '';
				const sequence = completeCsi.exec(joined);
				if (sequence) {
					const rest = joined.slice(sequence[0].length);
					return [...event(sequence[0]), ...(rest === '' ? [] : this.read(rest))];
				}

				if (partialCsi.test(joined)) {
					partial = joined;
					return [];
				}

				// Not the rest of a sequence: what was cut off means nothing; read this on its own.
				current = data;
			}

			if (partialCsi.test(current)) {
				partial = current;
				return [];
			}

			return event(current);
		},
		endOfRead() {
			controlStrings.endOfRead();
		},
	};
}
