/**
The QR code in a real terminal: the built TUI in tmux against the emulator, key v on OAuth 2.0
(Microsoft) Settings while the user code waits. The screen is read with capture-pane (with its
colours, -e), the half-blocks are turned back into a picture and decoded (test/screens/qr-decode.ts):
the decoded text must be the verification URL shown on the page, at 80x24 and, after resizing
the terminal, at 200x60 (larger modules); at 60x20 the address is shown instead. Then the
sign-in is approved while the code is on screen, and the page comes back with Active.
*/
import {describe, expect, it} from 'vitest';
import {startSession} from '../support/e2e-harness.js';
import type {Terminal} from '../support/tmux.js';
import {logInAndOpenMicrosoft} from '../support/tui.js';
import {decodePicture, halfBlocksToPicture} from '../screens/qr-decode.js';

const escapes = /\u001B\[[\d;]*m/g;

/**
The painted square of the code: the lines whose cells have a light background, each cut to its
light cells. tmux writes the colours it holds, so this is what the terminal shows; the light
must be white (bright white, or white of the 256-colour cube) and the blocks black.
*/
function readQr(screen: string): {text: string | undefined; width: number; height: number} {
	const light = /\u001B\[(?:[\d;]*;)?(?:107|48;5;(?:231|15))(?:;[\d;]*)?m/;
	const painted = screen.split('\n').filter(line => light.test(line));
	expect(painted.length, `no light-painted lines:\n${screen}`).toBeGreaterThan(0);
	const lines = painted.map(line => {
		const start = line.search(light);
		const afterStart = line.slice(start).replace(light, '');
		// The light ends where the background is reset (49, 0 or an empty SGR) or the line ends.
		const end = afterStart.search(/\u001B\[(?:[\d;]*;)?(?:49|0)?m/);
		return (end < 0 ? afterStart : afterStart.slice(0, end)).replaceAll(escapes, '');
	});
	const width = Math.max(...lines.map(line => [...line].length));
	// The dark modules are drawn black on that white.
	expect(painted.join('\n')).toMatch(/\u001B\[(?:[\d;]*;)?(?:30|38;5;(?:16|0))(?:;[\d;]*)?m/);
	const padded = lines.map(line => line.padEnd(width, ' '));
	expect(padded.slice(0, 2).join('').trim(), 'quiet zone above').toBe('');
	expect(padded.slice(-2).join('').trim(), 'quiet zone below').toBe('');
	return {text: decodePicture(halfBlocksToPicture(padded, 0, width)), width, height: lines.length};
}

/** What a phone reads on the screen now (undefined while there is no code, or not yet a whole one). */
function decodedNow(target: Terminal): {text: string | undefined; width: number} | undefined {
	try {
		return readQr(target.screenWithEscapes());
	} catch {
		return undefined;
	}
}

describe('the QR code of the sign-in link in a real terminal', () => {
	it('is read back as the verification URL at 80x24 and 200x60, replaced by the address at 60x20, and leaves when the sign-in completes', async () => {
		const {emulator, terminal} = await startSession({language: 'en'});
		await logInAndOpenMicrosoft(terminal);
		const waiting = await terminal.waitFor(screen => /code [A-Z0-9]{9}/.test(screen) && screen.includes('Successfully Connected'), 'a user code');
		const userCode = /code ([A-Z0-9]{9})/.exec(waiting)![1]!;
		const verificationUri = /(https:\/\/localhost:\d+\/devicelogin)/.exec(waiting)![1]!;
		expect(waiting).toMatch(/\bv QR code\b/);

		terminal.keys('v');
		const shown = await terminal.waitForText('v/Esc Back');
		expect(shown).toContain(userCode.split('').join(' '));
		const at80 = readQr(terminal.screenWithEscapes());
		expect(at80.text).toBe(verificationUri);
		expect(at80.height).toBeLessThanOrEqual(21);

		terminal.resize(200, 60);
		await terminal.waitFor(() => (decodedNow(terminal)?.width ?? 0) > at80.width, 'the larger code');
		const at200 = readQr(terminal.screenWithEscapes());
		expect(at200.text).toBe(verificationUri);
		expect(at200.width).toBe(at80.width * 2);

		terminal.resize(60, 20);
		const small = await terminal.waitForText('too small for the QR code');
		expect(small.replaceAll(/\n */g, '')).toContain(verificationUri);
		expect(terminal.screenWithEscapes()).not.toMatch(/\u001B\[(?:[\d;]*;)?107m/);

		terminal.resize(80, 24);
		await terminal.waitFor(() => decodedNow(terminal)?.text === verificationUri, 'the code again at 80x24');

		// Signed in on the phone while the code is on screen: back to the page, Active.
		expect(await emulator.decide(verificationUri, userCode, 'allow')).toBe(200);
		await terminal.waitForText(/Token Status\s+Active/);
		expect(terminal.screen()).not.toContain('v/Esc');
	}, 120_000);
});
