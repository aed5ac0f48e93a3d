/**
Properties (fast-check) of what reads the keyboard and what the engineer enters: the
authorization code parser, the mail address rule, the sanitizer, the key reader (Ink's
splitter, the control string filter, parseKey, the key dispatcher) and the text field.
*/
import fc from 'fast-check';
import type {Key} from 'ink';
import {describe, expect, test} from 'vitest';
// The splitter Ink 6.8 runs on every read (not exported by the package): the key reader's
// first step, so that chunking is tested the way the app receives input.
import {createInputParser} from '../../node_modules/ink/build/input-parser.js';
import {emptyKey, KeyDispatcher, type KeyEvent} from '../../source/input/key-dispatcher.js';
import {createKeyReader, parseKey} from '../../source/input/parse-key.js';
import {
	textInputActionForKey,
	textInputReducer,
	textInputState,
	textValue,
	type TextInputAction,
	type TextInputState,
} from '../../source/input/text-input.js';
import {sanitizeLine, stripControl} from '../../source/terminal/sanitize.js';
import {
	maxAuthorizationInputLength,
	parseAuthorizationCodeInput,
	validateGoogleClientId,
	validateMailAddress,
	validateMicrosoftEndpoint,
} from '../../source/device/validation.js';

const esc = '\u001B';
/** ESC, C0 controls but tab and newline, DEL, C1 controls. */
const controlsButTabAndNewline = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;
const anyControl = /[\u0000-\u001F\u007F-\u009F]/;

/** Any text, including lone surrogates and every control character. */
const anyText = fc.string({unit: 'binary', maxLength: 300});
/** Pieces of escape sequences, URLs and percent-encodings, to get far into the parsers. */
const tricky = fc.constantFrom(
	esc, `${esc}[`, `${esc}]`, `${esc}P`, `${esc}\\`, '\u0007', '\u009B', '\u009C', '\u009D', '\r', '\n', '\t', '\u0000', '\u007F',
	'%', '%2F', '%E0%A4%A', '%ED%A0%80', '%00', '?', '#', '&', '=', 'code=', 'state=', 'error=', 'http://localhost/', '"', '<', '>', ' ', '\u3000', 'あ', '😀',
);
const trickyText = fc.array(fc.oneof(tricky, fc.string({maxLength: 8})), {maxLength: 40}).map(parts => parts.join(''));
/** 10,000 characters and more: a piece repeated. */
const hugeText = fc.tuple(fc.oneof(trickyText, anyText), fc.integer({min: 10_000, max: 40_000}))
	.map(([piece, length]) => (piece === '' ? 'a' : piece).repeat(Math.ceil(length / Math.max(1, piece.length))).slice(0, length));

describe('parseAuthorizationCodeInput', () => {
	const unreserved = /^[A-Za-z\d\-._~]$/;
	/** A code as Google could send one: printable ASCII, no spaces. */
	const code = fc.string({unit: fc.integer({min: 0x21, max: 0x7E}).map(point => String.fromCodePoint(point)), minLength: 1, maxLength: 200});
	/** Percent-encodes every character that must be, and any other at random. */
	const encoded = (text: string) => fc.array(fc.boolean(), {minLength: text.length, maxLength: text.length}).map(choices =>
		[...text].map((character, index) =>
			unreserved.test(character) && !choices[index]
				? character
				: `%${character.codePointAt(0)!.toString(16).toUpperCase().padStart(2, '0')}`).join(''));
	const state = fc.string({unit: fc.constantFrom(...'ABCabc019-_'), minLength: 1, maxLength: 43});
	const otherParameter = fc.tuple(fc.constantFrom('scope', 'authuser', 'prompt', 'hd', 'iss'), fc.string({unit: fc.constantFrom(...'abc019%2F:./'), maxLength: 30}))
		.map(([name, value]) => `${name}=${value}`);
	const origin = fc.constantFrom('http://localhost', 'http://localhost:8080', 'http://127.0.0.1:54321', 'https://example.test/callback');
	const around = fc.array(fc.constantFrom(' ', '\t', '\n', '\r\n', '\u00A0', '\u3000', '"', '\'', '“', '”', '‘', '’'), {maxLength: 6}).map(parts => parts.join(''));
	const opening = fc.tuple(around, fc.constantFrom('', '<')).map(([spaces, bracket]) => spaces + bracket);
	const closing = fc.tuple(fc.constantFrom('', '>'), around).map(([bracket, spaces]) => bracket + spaces);

	test('any code, percent-encoded in a redirect URL among other parameters, in spaces and quotes, comes back whole', () => {
		const pasted = fc.record({code, state, others: fc.array(otherParameter, {maxLength: 4}), origin, opening, closing, slash: fc.boolean(), order: fc.nat()})
			.chain(parts => encoded(parts.code).map(value => ({...parts, value})));
		fc.assert(fc.property(pasted, ({code, state, others, origin, opening, closing, slash, order, value}) => {
			const parameters = [...others];
			parameters.splice(order % (parameters.length + 1), 0, `code=${value}`);
			parameters.splice((order >> 3) % (parameters.length + 1), 0, `state=${state}`);
			const url = `${origin}${slash ? '/' : ''}?${parameters.join('&')}`;
			expect(parseAuthorizationCodeInput(`${opening}${url}${closing}`, state)).toEqual({code});
		}), {numRuns: 2000});
	});

	test('a code of Google\'s alphabet, alone or percent-encoded, in spaces and quotes, comes back whole', () => {
		const googleCode = fc.stringMatching(/^[\dA-Za-z][\w/-]{0,150}$/);
		const pasted = fc.record({code: googleCode, opening, closing}).chain(parts => fc.oneof(fc.constant(parts.code), encoded(parts.code)).map(typed => ({...parts, typed})));
		fc.assert(fc.property(pasted, ({code, opening, closing, typed}) => {
			expect(parseAuthorizationCodeInput(`${opening}${typed}${closing}`)).toEqual({code});
		}), {numRuns: 2000});
	});

	test('a URL (or query) with error= is never taken for a code, whatever else it carries', () => {
		const withError = fc.record({
			origin: fc.constantFrom('http://localhost/?', 'http://localhost?', 'https://example.test/cb?', '', 'http://localhost/#'),
			name: fc.constantFrom('error', '%65rror', 'err%6Fr'),
			value: fc.string({unit: fc.constantFrom(...'abc_019%+'), maxLength: 20}),
			others: fc.array(fc.oneof(otherParameter, code.map(text => `code=${encodeURIComponent(text)}`), state.map(text => `state=${text}`)), {maxLength: 4}),
			at: fc.nat(),
			opening,
			closing,
			expected: fc.option(state, {nil: undefined}),
		});
		fc.assert(fc.property(withError, ({origin, name, value, others, at, opening, closing, expected}) => {
			const parameters = [...others];
			// Text without ? or # is a query only with names as they are (a code may hold %xx).
			parameters.splice(at % (parameters.length + 1), 0, `${origin === '' ? 'error' : name}=${value}`);
			const result = parseAuthorizationCodeInput(`${opening}${origin}${parameters.join('&')}${closing}`, expected);
			expect(result).not.toHaveProperty('code');
		}), {numRuns: 2000});
	});

	test('never throws; gives a code of printable ASCII, or a reason (any text, also 10,000 characters and more)', () => {
		fc.assert(fc.property(fc.oneof(anyText, trickyText, hugeText), fc.option(fc.string({maxLength: 20}), {nil: undefined}), (input, expected) => {
			const result = parseAuthorizationCodeInput(input, expected);
			if ('code' in result) {
				expect(result.code).toMatch(/^[\x21-\x7E]+$/);
				expect(input.length).toBeLessThanOrEqual(maxAuthorizationInputLength);
			} else {
				expect(result.error).toBeTruthy();
			}
		}), {numRuns: 1500});
	});
});

describe('validateMailAddress', () => {
	const label = fc.stringMatching(/^[a-z\d](?:[a-z\d-]{0,10}[a-z\d])?$/);
	const address = fc.record({
		local: fc.stringMatching(/^[A-Za-z\d](?:[A-Za-z\d._%+-]{0,20}[A-Za-z\d])?$/),
		labels: fc.array(label, {minLength: 1, maxLength: 3}),
		tld: fc.stringMatching(/^[a-z]{2,8}$/),
	}).map(({local, labels, tld}) => `${local}@${[...labels, tld].join('.')}`);

	test('accepts any simple local@domain.tld', () => {
		fc.assert(fc.property(address, text => {
			expect(validateMailAddress(text)).toBeUndefined();
		}), {numRuns: 1000});
	});

	test('refuses one with a control character, a space of any kind or a non-ASCII character anywhere', () => {
		const bad = fc.oneof(
			fc.integer({min: 0, max: 0x20}),
			fc.integer({min: 0x7F, max: 0x9F}),
			fc.constantFrom(0xA0, 0x1680, 0x2000, 0x200B, 0x2028, 0x3000, 0xFEFF, 0xFF20),
			fc.integer({min: 0x80, max: 0x10_FFFF}).filter(point => point < 0xD800 || point > 0xDFFF),
		).map(point => String.fromCodePoint(point));
		fc.assert(fc.property(address, bad, fc.nat(), (text, character, at) => {
			const index = at % (text.length + 1);
			expect(validateMailAddress(text.slice(0, index) + character + text.slice(index))).toBe('invalid_characters');
		}), {numRuns: 2000});
	});

	test('the validators never throw (any text, also 10,000 characters and more)', () => {
		fc.assert(fc.property(fc.oneof(anyText, trickyText, hugeText), text => {
			validateMailAddress(text);
			validateMicrosoftEndpoint(text);
			validateGoogleClientId(text);
		}), {numRuns: 500});
	});
});

describe('the sanitizer', () => {
	const sequences = fc.constantFrom(
		`${esc}[31m`, `${esc}[2J`, `${esc}[?25l`, `${esc}[1;1H`, `${esc}]8;;https://evil.example/${esc}\\`, `${esc}]8;;\u0007`,
		`${esc}]52;c;ZXZpbA==\u0007`, `${esc}]0;title${esc}\\`, `${esc}P1$r0m${esc}\\`, `${esc}Ptmux;${esc}${esc}]52;c;eA==\u0007${esc}\\`,
		`${esc}_apc${esc}\\`, `${esc}^pm${esc}\\`, `${esc}Xsos${esc}\\`, `${esc}7`, `${esc}(B`, `${esc}c`, '\u009B2J', '\u009D52;c;eA==\u009C', '\u0090q\u009C',
	);
	const printable = fc.string({unit: fc.integer({min: 0x20, max: 0x7E}).map(point => String.fromCodePoint(point)), maxLength: 60});
	const hostile = fc.array(fc.oneof(sequences, tricky, anyText, printable), {maxLength: 30}).map(parts => parts.join(''));

	test('leaves no ESC, C0 (but tab and newline) or C1; a line keeps no tab or newline either', () => {
		fc.assert(fc.property(hostile, text => {
			expect(stripControl(text)).not.toMatch(controlsButTabAndNewline);
			expect(sanitizeLine(text)).not.toMatch(anyControl);
		}), {numRuns: 3000});
	});

	test('is idempotent', () => {
		fc.assert(fc.property(hostile, text => {
			const once = stripControl(text);
			expect(stripControl(once)).toBe(once);
			const line = sanitizeLine(text);
			expect(sanitizeLine(line)).toBe(line);
		}), {numRuns: 3000});
	});

	test('keeps printable ASCII (and text with no control character) as it is', () => {
		fc.assert(fc.property(printable, text => {
			expect(stripControl(text)).toBe(text);
			expect(sanitizeLine(text)).toBe(text);
		}), {numRuns: 1000});
		const noControls = fc.string({unit: 'grapheme', maxLength: 60}).filter(text => !anyControl.test(text));
		fc.assert(fc.property(noControls, text => {
			expect(stripControl(text)).toBe(text);
		}), {numRuns: 1000});
	});

	test('removes a whole sequence and nothing of the printable text around it', () => {
		fc.assert(fc.property(printable, sequences, printable, (before, sequence, after) => {
			expect(stripControl(before + sequence + after)).toBe(before + after);
		}), {numRuns: 2000});
	});
});

/** The keys a screen gets from one read of the terminal, split into `chunks` as the reads of the stream came. */
function keysOfRead(chunks: readonly string[], typing: boolean): KeyEvent[] {
	const received: KeyEvent[] = [];
	const dispatcher = new KeyDispatcher({activeTarget: () => 'screen'});
	dispatcher.register('screen', {
		onKey(input, key) {
			received.push({input, key});
			return true;
		},
		isTyping: () => typing,
	});

	// As useTerminalKeys does with each event of Ink's splitter.
	const parser = createInputParser();
	const reader = createKeyReader();
	const onEvent = (data: string) => {
		for (const input of reader.read(data)) {
			if (input.kind === 'paste') {
				dispatcher.paste(input.text);
			} else {
				dispatcher.push(input.input, input.key);
			}
		}
	};

	for (const chunk of chunks) {
		for (const data of parser.push(chunk)) {
			onEvent(data);
		}
	}

	// The end of the read: then Ink lets a lone ESC go.
	reader.endOfRead();
	const pending = parser.flushPendingEscape();
	if (pending) {
		onEvent(pending);
	}

	return received;
}

function isPlainText(key: Key): boolean {
	return Object.entries(key).every(([name, value]) => name === 'shift' || value === false);
}

/**
Key events compared as what they mean: adjacent text is one text (a chunk boundary may cut a
run of text), Shift on a single capital is dropped (a run carries none), and NUL and FS–US
are left out (alone they are no key; in a run they are text that fields drop).
*/
function meaning(events: readonly KeyEvent[]): Array<{input: string; key: Key}> {
	const result: Array<{input: string; key: Key}> = [];
	for (const {input, key} of events) {
		if (!isPlainText(key)) {
			result.push({input, key});
			continue;
		}

		const text = input.replaceAll(/[\u0000\u001C-\u001F]/g, '');
		const last = result.at(-1);
		if (last && isPlainText(last.key)) {
			last.input += text;
		} else if (text !== '') {
			result.push({input: text, key: emptyKey()});
		}
	}

	return result;
}

/** Cuts `text` into chunks at the given code point positions (a read never splits a character). */
function chunked(text: string, cuts: readonly number[]): string[] {
	const characters = [...text];
	const at = [...new Set(cuts.map(cut => cut % (characters.length + 1)))].sort((a, b) => a - b);
	const chunks: string[] = [];
	let from = 0;
	for (const cut of [...at, characters.length]) {
		chunks.push(characters.slice(from, cut).join(''));
		from = cut;
	}

	return chunks;
}

describe('the key reader', () => {
	const text = fc.array(fc.constantFrom('a', 'q', 'Z', ' ', '/', '%', '~', '[', ']', 'O', 'P', '\\', 'あ', '日本', '😀', 'ｈ'), {minLength: 1, maxLength: 6}).map(parts => parts.join(''));
	const controlKeys = fc.constantFrom('\t', '\u007F', '\b', '\u0001', '\u0003', '\u0004', '\u0015', '\u0000', '\u001C', '\u001F', '\u0085', '\u009B', '\u009C', '\u009D');
	const keys = fc.constantFrom(
		`${esc}[A`, `${esc}[B`, `${esc}[C`, `${esc}[D`, `${esc}OA`, `${esc}[H`, `${esc}[F`, `${esc}[1~`, `${esc}[3~`, `${esc}[5~`, `${esc}[Z`,
		`${esc}[1;5C`, `${esc}[1;3D`, esc, `${esc}x`, `${esc}${esc}[A`, `${esc}[[A`,
	);
	const junk = fc.constantFrom(`${esc}[31m`, `${esc}[0m`, `${esc}[2J`, `${esc}[?25l`, `${esc}[200~`, `${esc}[201~`, `${esc}[6n`);
	/** Complete control strings: nothing of them is a key. */
	const controlString = fc.tuple(
		fc.constantFrom(`${esc}]`, `${esc}P`, `${esc}_`, `${esc}^`, `${esc}X`, `${esc}Ptmux;${esc}${esc}]`),
		fc.string({unit: fc.constantFrom(...'#;:=cp8/ZXZpbA\u0007'), maxLength: 40}),
		fc.constantFrom(`${esc}\\`, '\u0007', '\u009C'),
	).map(([introducer, body, terminator]) => {
		// BEL ends only an OSC: inside the others it is part of the body.
		const osc = introducer === `${esc}]`;
		const inner = osc ? body.replaceAll('\u0007', '') : body;
		return introducer + inner + (!osc && terminator === '\u0007' ? `${esc}\\` : terminator);
	});
	/** What a terminal sends while an engineer types and pastes, without line breaks (see below). */
	const stream = fc.array(fc.oneof(text, controlKeys, keys, junk, controlString), {maxLength: 30}).map(tokens => tokens.join(''));
	const cuts = fc.array(fc.nat(), {maxLength: 12});

	test('parseKey and the filter never throw, and no key the screens get carries an escape character', () => {
		const check = (data: string, at: number[], typing: boolean) => {
			// parseKey reads one event of Ink's splitter; given anything else it must not throw either.
			parseKey(data);
			for (const {input} of keysOfRead(chunked(data, at), typing)) {
				expect(input).not.toContain(esc);
			}
		};

		fc.assert(fc.property(fc.oneof(anyText, stream), cuts, fc.boolean(), check), {numRuns: 1000});
		// A huge paste on a menu is 10,000 keys and more: fewer runs.
		fc.assert(fc.property(hugeText, cuts, fc.boolean(), check), {numRuns: 40});
	});

	test('any chunking of one read gives the same keys (for a text field and for a menu)', () => {
		fc.assert(fc.property(stream, cuts, fc.boolean(), (data, at, typing) => {
			expect(meaning(keysOfRead(chunked(data, at), typing))).toEqual(meaning(keysOfRead([data], typing)));
		}), {numRuns: 3000});
	});

	test('a control string (OSC 8/52, DCS, tmux passthrough, APC, PM, SOS) anywhere, cut anywhere, is no key at all', () => {
		const withoutEsc = fc.array(fc.oneof(text, controlKeys, keys.filter(key => key !== esc), junk), {maxLength: 12}).map(tokens => tokens.join(''));
		fc.assert(fc.property(withoutEsc, controlString, withoutEsc, cuts, fc.boolean(), (before, string, after, at, typing) => {
			expect(meaning(keysOfRead(chunked(before + string + after, at), typing))).toEqual(meaning(keysOfRead([before + after], typing)));
		}), {numRuns: 3000});
	});

	test('a line break in a read is Enter where it stands, however the read is cut; in a bracketed paste it is none', () => {
		// Keys typed ahead (issue 12): `7654321` Enter `1` in one read is those keys, in that order.
		fc.assert(fc.property(text, fc.constantFrom('\r', '\n', '\r\n'), text, cuts, (first, lineBreak, second, at) => {
			const field = meaning(keysOfRead(chunked(`${first}${lineBreak}${second}`, at), true));
			expect(field).toEqual([{input: first, key: emptyKey()}, {input: '', key: emptyKey({return: true})}, {input: second, key: emptyKey()}]);
			const pasted = meaning(keysOfRead(chunked(`${esc}[200~${first}${lineBreak}${second}${esc}[201~`, at), true));
			expect(pasted).toEqual([{input: `${first}\n${second}`, key: emptyKey()}]);
			const enter = meaning(keysOfRead([`${first}${lineBreak}`], true));
			expect(enter).toEqual([{input: first, key: emptyKey()}, {input: '', key: emptyKey({return: true})}]);
		}), {numRuns: 500});
	});
});

describe('the text field', () => {
	const action: fc.Arbitrary<TextInputAction> = fc.oneof(
		fc.oneof(anyText, trickyText).map(text => ({type: 'insert' as const, text})),
		fc.constantFrom('left', 'right', 'home', 'end', 'backspace', 'delete-forward', 'clear').map(type => ({type}) as TextInputAction),
		fc.oneof(anyText, trickyText).map(value => ({type: 'set' as const, value})),
	);

	test('whatever is typed or pasted, the value holds no control character, fits its length and the cursor stays in it', () => {
		fc.assert(fc.property(fc.array(action, {maxLength: 30}), fc.integer({min: 1, max: 300}), (actions, maxLength) => {
			let state: TextInputState = textInputState();
			for (const next of actions) {
				state = textInputReducer(state, next, maxLength);
				expect(textValue(state)).not.toMatch(anyControl);
				expect(textValue(state).length).toBeLessThanOrEqual(maxLength);
				expect(state.cursor).toBeGreaterThanOrEqual(0);
				expect(state.cursor).toBeLessThanOrEqual(state.chars.length);
			}
		}), {numRuns: 2000});
	});

	test('a paste of printable text with room for it is inserted whole at the cursor', () => {
		const printable = fc.string({unit: fc.integer({min: 0x20, max: 0x7E}).map(point => String.fromCodePoint(point)), maxLength: 200});
		fc.assert(fc.property(printable, printable, fc.nat(), (value, pasted, at) => {
			const start = {...textInputState(value), cursor: at % (value.length + 1)};
			const state = textInputReducer(start, {type: 'insert', text: pasted});
			expect(textValue(state)).toBe(value.slice(0, start.cursor) + pasted + value.slice(start.cursor));
			expect(state.cursor).toBe(start.cursor + pasted.length);
		}), {numRuns: 1000});
	});

	test('bytes from the terminal, in any chunks, never put a control character or a control string\'s text into the field', () => {
		const body = fc.string({unit: fc.constantFrom('#', '=', ';'), minLength: 1, maxLength: 20});
		const hostile = fc.tuple(
			// A lone ESC right before would make ESC ESC ] (Alt+Esc, then text): not a string.
			fc.oneof(anyText, trickyText).filter(text => !text.endsWith(esc)),
			fc.constantFrom(`${esc}]52;c;`, `${esc}]8;;`, `${esc}P`, `${esc}Ptmux;${esc}${esc}]52;c;`, `${esc}_`),
			body,
			fc.constantFrom(`${esc}\\`, '\u009C'),
			fc.oneof(anyText, trickyText),
		).map(([before, introducer, inner, terminator, after]) => ({
			stream: before + introducer + inner + terminator + after,
			secret: inner,
			clean: !/[#=;]/.test(before + after),
		}));
		fc.assert(fc.property(hostile, cuts(), ({stream, secret, clean}, at) => {
			let state = textInputState();
			for (const {input, key} of keysOfRead(chunked(stream, at), true)) {
				const next = textInputActionForKey(input, key);
				if (next) {
					state = textInputReducer(state, next);
				}
			}

			expect(textValue(state)).not.toMatch(anyControl);
			if (clean) {
				expect(textValue(state)).not.toContain(secret);
			}
		}), {numRuns: 2000});

		function cuts() {
			return fc.array(fc.nat(), {maxLength: 8});
		}
	});
});
