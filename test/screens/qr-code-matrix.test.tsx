/**
The QR code as drawn for the full-screen view (source/hooks/use-qr-code.ts): the smallest
symbol with the strongest error correction that fits it, the 4-module quiet zone, sizes, the
colours, and links of every length a device may send read back by a decoder.
*/
import {describe, expect, test} from 'vitest';
import {qrColors, qrExtent, qrHalfBlocks, qrMatrix, qrScaleToFit, quietZone} from '../../source/hooks/use-qr-code.js';
import {decodePicture, halfBlocksToPicture} from './qr-decode.js';

const microsoft = 'https://microsoft.com/devicelogin';

describe('the full-screen QR code', () => {
	test('the smallest symbol for the link, with the strongest error correction at no extra size', () => {
		const matrix = qrMatrix(microsoft)!;
		// 33 bytes: version 2 holds 32 at L, version 3 holds 42 at M and 32 at Q.
		expect([matrix.version, matrix.errorCorrection, matrix.size]).toEqual([3, 'M', 29]);
		expect(qrMatrix('')).toBeUndefined();
	});

	test('quiet zone of 4 modules, two modules per line, larger modules when scaled', () => {
		const matrix = qrMatrix(microsoft)!;
		for (const scale of [1, 2, 3]) {
			const lines = qrHalfBlocks(matrix, scale);
			const {width, height} = qrExtent(matrix, scale);
			expect(lines).toHaveLength(height);
			expect(lines.every(line => [...line].length === width)).toBe(true);
			expect(width).toBe((29 + (2 * quietZone)) * scale);
			expect(lines.every(line => /^[ ▀▄█]+$/.test(line))).toBe(true);
			// The margin: whole blank lines above and below, blank columns left and right.
			const margin = quietZone * scale;
			expect(lines.slice(0, Math.floor(margin / 2)).join('').trim()).toBe('');
			expect(lines.every(line => line.slice(0, margin).trim() === '' && line.slice(-margin).trim() === '')).toBe(true);
			expect(decodePicture(halfBlocksToPicture(lines, 0, width))).toBe(microsoft);
		}
	});

	test('scale to fit: the largest that fits; none when the smallest does not', () => {
		const matrix = qrMatrix(microsoft)!;
		expect(qrScaleToFit(matrix, 80, 21)).toBe(1);
		expect(qrScaleToFit(matrix, 37, 19)).toBe(1);
		expect(qrScaleToFit(matrix, 36, 19)).toBeUndefined();
		expect(qrScaleToFit(matrix, 37, 18)).toBeUndefined();
		expect(qrScaleToFit(matrix, 200, 55)).toBe(2);
		expect(qrScaleToFit(matrix, 300, 95)).toBe(5);
	});

	test.each([
		['the offline identity provider', 'https://localhost:8443/devicelogin'],
		['login.microsoft.com', 'https://login.microsoft.com/device'],
		['a long one', `https://login.example.com/${'device/'.repeat(12)}x`],
		['Japanese in the path', 'https://example.jp/サインイン?code=あいう'],
	])('%s is read back exactly', (_name, url) => {
		const matrix = qrMatrix(url)!;
		const lines = qrHalfBlocks(matrix);
		expect(decodePicture(halfBlocksToPicture(lines, 0, qrExtent(matrix, 1).width))).toBe(url);
	});

	test('dark on light whatever the theme: black on bright white, 256-colour fixed black and white where TERM says so', () => {
		expect(qrColors({TERM: 'xterm'}).start).toBe('\u001B[30;107m');
		expect(qrColors({TERM: 'xterm-256color'}).start).toBe('\u001B[30;107m\u001B[38;5;16;48;5;231m');
		expect(qrColors({TERM: 'xterm', COLORTERM: 'truecolor'}).start).toContain('48;5;231');
		// Colours off for the rest of the UI does not turn them off here.
		expect(qrColors({TERM: 'dumb', NO_COLOR: '1', FORCE_COLOR: '0'}).start).toBe('\u001B[30;107m');
		expect(qrColors({}).end).toBe('\u001B[39;49m');
	});
});
