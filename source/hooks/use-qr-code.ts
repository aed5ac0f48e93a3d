import {createRequire} from 'node:module';
import {useMemo} from 'react';
import {displayWidth} from '../terminal.js';

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
