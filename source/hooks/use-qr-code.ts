import {createRequire} from 'node:module';
import {useMemo} from 'react';
import {useSyncStore} from './use-sync-store.js';
import {displayWidth} from '../terminal/terminal.js';

type QrCodeLibrary = typeof import('qrcode');
let library: QrCodeLibrary | undefined;

/**
qrcode is loaded when the first QR code is drawn, not at start-up (it costs time and memory
before the first frame). It is CommonJS, so `require` loads it synchronously and drawing
stays synchronous.
*/
function qrCodeLibrary(): QrCodeLibrary {
	library ??= createRequire(import.meta.url)('qrcode') as QrCodeLibrary;
	return library;
}

export type QrCode = {lines: string[]; width: number; height: number};

/**
A QR code of `text` for the terminal (half-block characters, two modules per line, error
correction L), drawn synchronously. Undefined if there is no text or it cannot be encoded.
*/
export function qrCodeLines(text: string): QrCode | undefined {
	if (text === '') {
		return undefined;
	}

	const qrCode = qrCodeLibrary();
	let output: string | undefined;
	try {
		// With a callback the terminal renderer runs synchronously.
		qrCode.toString(text, {type: 'terminal', small: true, errorCorrectionLevel: 'L', margin: 1}, (error, result) => {
			output = error ? undefined : result;
		});
	} catch {
		return undefined;
	}

	if (output === undefined) {
		return undefined;
	}

	const lines = output.split('\n').filter(line => displayWidth(line) > 0);
	const width = Math.max(0, ...lines.map(line => displayWidth(line)));
	return {lines, width, height: lines.length};
}

export function useQrCode(text: string | undefined): QrCode | undefined {
	return useMemo(() => (text ? qrCodeLines(text) : undefined), [text]);
}

/*
The full-screen QR code (screens/qr-code.tsx): drawn here from the modules, not with qrcode's
terminal renderer, because that one has a quiet zone of 1 module (the standard asks for 4) and
colours of the 8-colour palette that terminal themes change.
*/

/** Modules of light margin around the code, as ISO/IEC 18004 asks for. */
export const quietZone = 4;

export type ErrorCorrection = 'L' | 'M' | 'Q' | 'H';

export type QrMatrix = {
	/** Modules per side, without the quiet zone. */
	size: number;
	version: number;
	errorCorrection: ErrorCorrection;
	dark(row: number, column: number): boolean;
};

/** The strongest error correction first: taken when it costs no extra modules. */
const strongestFirst: readonly ErrorCorrection[] = ['H', 'Q', 'M', 'L'];

/**
The smallest symbol for `text` (the lowest version, as error correction L gives it), with the
strongest error correction that still fits that version: the size is what must fit the
terminal, and the extra correction comes free. Undefined if there is no text or it cannot be
encoded.
*/
export function qrMatrix(text: string): QrMatrix | undefined {
	if (text === '') {
		return undefined;
	}

	const qrCode = qrCodeLibrary();
	let smallest: ReturnType<QrCodeLibrary['create']>;
	try {
		smallest = qrCode.create(text, {errorCorrectionLevel: 'L'});
	} catch {
		return undefined;
	}

	let chosen = smallest;
	let errorCorrection: ErrorCorrection = 'L';
	for (const level of strongestFirst) {
		try {
			chosen = qrCode.create(text, {errorCorrectionLevel: level, version: smallest.version});
			errorCorrection = level;
			break;
		} catch {
			// Does not fit this version at this level: try a weaker one.
		}
	}

	const {size, data} = chosen.modules;
	return {
		size,
		version: chosen.version,
		errorCorrection,
		dark: (row, column) => data[(row * size) + column] === 1,
	};
}

/** Terminal columns and lines a QR code takes at `scale` (modules per module side, in half-lines). */
export function qrExtent(matrix: QrMatrix, scale: number): {width: number; height: number} {
	const pixels = (matrix.size + (2 * quietZone)) * scale;
	return {width: pixels, height: Math.ceil(pixels / 2)};
}

/**
The largest scale (1, 2, …) at which the code and its quiet zone fit `columns` × `lines`;
undefined if not even scale 1 fits.
*/
export function qrScaleToFit(matrix: QrMatrix, columns: number, lines: number): number | undefined {
	let scale = 0;
	for (;;) {
		const next = qrExtent(matrix, scale + 1);
		if (next.width > columns || next.height > lines) {
			return scale === 0 ? undefined : scale;
		}

		scale++;
	}
}

/**
The code as text: each character is one module wide and two modules tall (▀ dark above, ▄ dark
below, █ both, space neither), quiet zone included. The characters alone read as dark on
light: draw them in a dark colour on a light background (`qrColors`).
*/
export function qrHalfBlocks(matrix: QrMatrix, scale = 1): string[] {
	const margin = quietZone * scale;
	const pixels = (matrix.size * scale) + (2 * margin);
	const dark = (y: number, x: number): boolean => {
		const row = Math.floor((y - margin) / scale);
		const column = Math.floor((x - margin) / scale);
		return y >= margin && x >= margin && row < matrix.size && column < matrix.size && matrix.dark(row, column);
	};

	const lines: string[] = [];
	for (let y = 0; y < pixels; y += 2) {
		let line = '';
		for (let x = 0; x < pixels; x++) {
			const top = dark(y, x);
			const bottom = y + 1 < pixels && dark(y + 1, x);
			line += top ? (bottom ? '█' : '▀') : (bottom ? '▄' : ' ');
		}

		lines.push(line);
	}

	return lines;
}

/**
Colours for the code: black on bright white, set explicitly whatever the terminal's theme and
whatever the colour settings of the rest of the UI (NO_COLOR, FORCE_COLOR=0), because phones
read dark modules on a light background and a dark theme would otherwise invert the code. The
8/16-colour codes (30 black, 107 bright white) work everywhere; where the terminal says it has
256 colours, the fixed black (16) and white (231) of the 256-colour cube follow, which themes
do not remap.
*/
export function qrColors(environment: NodeJS.ProcessEnv = process.env): {start: string; end: string} {
	const term = environment['TERM'] ?? '';
	const colorTerm = environment['COLORTERM'] ?? '';
	const has256 = /256|direct/.test(term) || /truecolor|24bit/i.test(colorTerm);
	return {
		start: `\u001B[30;107m${has256 ? '\u001B[38;5;16;48;5;231m' : ''}`,
		end: '\u001B[39;49m',
	};
}

export function useQrMatrix(text: string | undefined): QrMatrix | undefined {
	return useMemo(() => (text ? qrMatrix(text) : undefined), [text]);
}

function openReducer(_open: boolean, next: boolean): boolean {
	return next;
}

/**
Whether the full-screen QR code is open (key v), readable at once by the next key of a burst;
it shows only while `available` (a user code waits) and closes for good when that ends.
*/
export function useQrView(available: boolean): {shown: boolean; setOpen(open: boolean): void; isOpen(): boolean} {
	const [open, setOpen, isOpen] = useSyncStore(openReducer, false);
	if (open && !available) {
		// The sign-in ended (Active, an error, started over): back to the page, and it stays closed.
		setOpen(false);
	}

	return {shown: open && available, setOpen, isOpen};
}
