/**
Reads a QR code back from the characters a terminal shows, as a phone would: the half-blocks
(▀ ▄ █ and space, each character one module wide and two tall) become pixels, 4×4 per module
half, dark on white, and jsQR decodes the picture. Used by test/screens/qr-code*.test.tsx and
test/e2e/qr-code.test.ts.
*/
import jsQRModule from 'jsqr';

// jsqr is CommonJS whose module.exports is the function (with itself as .default); its types say ES default only.
const jsQR = (jsQRModule as unknown as {default: typeof jsQRModule.default}).default;

export type Picture = {width: number; height: number; dark: boolean[][]};

const blocks = /[▀▄█]/;

/**
The QR code's lines in a frame (visible characters, colours removed): from the first line with
a block to the last, and each line's characters from `left` over `width` columns (the
quiet-zone lines around are blank). `indent` where the code starts, found from its darkest
lines; `width` must be given when it is known (the quiet zone is spaces).
*/
export function qrRegion(frame: string): {lines: string[]; top: number; left: number; right: number} | undefined {
	const all = frame.split('\n');
	const top = all.findIndex(line => blocks.test(line));
	if (top < 0) {
		return undefined;
	}

	let bottom = top;
	while (bottom + 1 < all.length && blocks.test(all[bottom + 1]!)) {
		bottom++;
	}

	const lines = all.slice(top, bottom + 1);
	const starts = lines.map(line => [...line].findIndex(character => blocks.test(character)));
	const ends = lines.map(line => {
		const characters = [...line];
		for (let index = characters.length - 1; index >= 0; index--) {
			if (blocks.test(characters[index]!)) {
				return index;
			}
		}

		return -1;
	});
	return {lines, top, left: Math.min(...starts.filter(start => start >= 0)), right: Math.max(...ends)};
}

/** Half-block characters to a picture: `margin` light pixels added around (a quiet zone, in modules × 2 half-lines). */
export function halfBlocksToPicture(lines: readonly string[], left: number, width: number, pixel = 4, marginCharacters = 0): Picture {
	const rows: boolean[][] = [];
	for (const line of lines) {
		const characters = [...line];
		const top: boolean[] = [];
		const bottom: boolean[] = [];
		for (let column = left; column < left + width; column++) {
			const character = characters[column] ?? ' ';
			top.push(character === '▀' || character === '█');
			bottom.push(character === '▄' || character === '█');
		}

		rows.push(top, bottom);
	}

	const modulesWide = width + (2 * marginCharacters);
	const modulesTall = rows.length + (2 * marginCharacters);
	const dark: boolean[][] = [];
	for (let y = 0; y < modulesTall * pixel; y++) {
		const row: boolean[] = [];
		for (let x = 0; x < modulesWide * pixel; x++) {
			const source = rows[Math.floor(y / pixel) - marginCharacters];
			row.push(source?.[Math.floor(x / pixel) - marginCharacters] ?? false);
		}

		dark.push(row);
	}

	return {width: modulesWide * pixel, height: modulesTall * pixel, dark};
}

/** What jsQR reads in the picture (undefined: nothing). */
export function decodePicture(picture: Picture): string | undefined {
	const data = new Uint8ClampedArray(picture.width * picture.height * 4);
	for (let y = 0; y < picture.height; y++) {
		for (let x = 0; x < picture.width; x++) {
			const value = picture.dark[y]![x] ? 0 : 255;
			const offset = ((y * picture.width) + x) * 4;
			data[offset] = value;
			data[offset + 1] = value;
			data[offset + 2] = value;
			data[offset + 3] = 255;
		}
	}

	// A phone sees the code as it is drawn: dark on light, not inverted.
	return jsQR(data, picture.width, picture.height, {inversionAttempts: 'dontInvert'})?.data;
}
