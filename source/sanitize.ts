/**
Text that comes from outside (the device, an identity provider) is drawn only after this:
terminal control sequences could otherwise move the cursor, rewrite the screen, set the
clipboard (OSC 52) or plant links (OSC 8).
*/

// ESC-introduced strings end at BEL or ST (ESC \ or the C1 byte 0x9C); an unterminated one
// runs to the end of the text. Covers OSC (]), DCS (P), SOS (X), PM (^) and APC (_), in both
// 7-bit and 8-bit (C1) forms.
const controlStrings = /(?:\u001B[\]PX^_]|[\u0090\u0098\u009D\u009E\u009F])[\s\S]*?(?:\u0007|\u001B\\|\u009C|$)/g;
// CSI: ESC [ or the C1 byte 0x9B, parameters, intermediates, one final byte.
const csi = /(?:\u001B\[|\u009B)[\u0030-\u003F]*[\u0020-\u002F]*[\u0040-\u007E]?/g;
// Any other escape: ESC, optional intermediates, one final byte.
const otherEscapes = /\u001B[\u0020-\u002F]*[\u0030-\u007E]?/g;
// C0 controls but tab and newline, DEL, and C1 controls.
const controls = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

/** Removes terminal control sequences and control characters; keeps tabs and newlines. */
export function stripControl(text: string): string {
	return text
		.replace(controlStrings, '')
		.replace(csi, '')
		.replace(otherEscapes, '')
		.replace(controls, '');
}

/** For one line of a screen: control sequences removed, line breaks and tabs become spaces. */
export function sanitizeLine(text: string): string {
	return stripControl(text).replace(/[\t\n]+/g, ' ');
}
