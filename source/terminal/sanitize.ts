/**
Text that comes from outside (the device, an identity provider) is drawn only after this:
terminal control sequences could otherwise move the cursor, rewrite the screen, set the
clipboard (OSC 52) or plant links (OSC 8); invisible and direction-changing characters could
make a URL or an account read as something it is not (`…devicelogin\u202E/evil`).
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
/**
Characters that are invisible or change the direction of what follows (Unicode's Bidi_Control
and Default_Ignorable_Code_Point sets, less the variation selectors Japanese text may use):
soft hyphen, Arabic letter mark, Mongolian vowel separator, zero-width space/non-joiner/joiner,
LRM/RLM, the embeddings and overrides U+202A–202E, word joiner and invisible operators
U+2060–2064, the isolates U+2066–2069, deprecated format characters U+206A–206F, BOM/ZWNBSP,
interlinear annotation U+FFF9–FFFB, and the tag characters U+E0000–E007F.
*/
const invisible = /[\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF\uFFF9-\uFFFB]|\uDB40[\uDC00-\uDC7F]/g;

/** Removes terminal control sequences, control characters and invisible or direction-changing characters; keeps tabs and newlines. */
export function stripControl(text: string): string {
	return text
		.replace(controlStrings, '')
		.replace(csi, '')
		.replace(otherEscapes, '')
		.replace(controls, '')
		.replace(invisible, '');
}

/** For one line of a screen: control sequences removed, line breaks and tabs become spaces. */
export function sanitizeLine(text: string): string {
	return stripControl(text).replace(/[\t\n]+/g, ' ');
}
