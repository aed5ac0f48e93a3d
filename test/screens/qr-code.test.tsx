/**
Key v on OAuth 2.0 (Microsoft) Settings: the QR code of the sign-in link, full-screen, read
back from the drawn characters with a QR decoder as a phone would (test/screens/qr-decode.ts),
at 80x24, at the smallest terminal it fits and at large ones; a clear message with the address
where it cannot fit; Esc and v return.
*/
import {describe, expect, test} from 'vitest';
import {appStarter, openMicrosoft, titles, type Started} from './support/app-driver.js';
import {active, authorization, waiting} from './support/fixtures.js';
import {decodePicture, halfBlocksToPicture} from './qr-decode.js';
import {expectFits, keys, visible} from '../support/render.js';

const start = appStarter();
const url = authorization.verificationUri;

/**
The code as drawn: the lines painted light (bright white background), each cut to its painted
part. Checks that every line is as wide and that the quiet zone (4 modules: 4 columns, 2
lines) is there, then decodes the painted area alone, adding no margin of its own.
*/
function readQr(frame: string): {text: string | undefined; width: number; height: number; left: number} {
	const painted = frame.split('\n').filter(line => line.includes('\u001B[107m'));
	expect(painted.length, 'no light-painted QR lines in the frame').toBeGreaterThan(0);
	const lines = painted.map(line => {
		const start = line.indexOf('\u001B[107m');
		const end = line.indexOf('\u001B[49m', start);
		return visible(line.slice(start, end < 0 ? undefined : end));
	});
	const left = [...visible(painted[0]!.slice(0, painted[0]!.indexOf('\u001B[107m')))].length;
	const width = [...lines[0]!].length;
	for (const line of lines) {
		expect([...line].length).toBe(width);
		expect(line.slice(0, 4), 'quiet zone on the left').toBe('    ');
		expect(line.slice(-4), 'quiet zone on the right').toBe('    ');
	}

	expect(lines.slice(0, 2).join('').trim(), 'quiet zone above').toBe('');
	expect(lines.slice(-2).join('').trim(), 'quiet zone below').toBe('');
	return {text: decodePicture(halfBlocksToPicture(lines, 0, width)), width, height: lines.length, left};
}

async function openQr(started: Started, language: 'en' | 'ja' = 'en', navigate = true): Promise<string> {
	if (navigate) {
		await openMicrosoft(started, language);
	}

	await started.r.press('v');
	return started.r.waitForFrame(frame => frame.includes('v/Esc'));
}

describe('the QR code of the sign-in link, full-screen (v)', () => {
	test('at 80x24 a phone reads the exact verification URL; the user code is under it; Esc returns', async () => {
		const started = await start({state: waiting});
		await openMicrosoft(started);
		// The settings page says that it exists.
		expect(started.r.visibleFrame()).toMatch(/\bv QR code\b/);

		const frame = await openQr(started, 'en', false);
		expectFits(frame);
		const qr = readQr(started.r.lastFrame());
		expect(qr.text).toBe(url);
		// Version 3 (29 modules) and the quiet zone: 37 columns, 19 lines, centred.
		expect([qr.width, qr.height]).toEqual([37, 19]);
		expect(qr.left).toBe(21);
		expect(frame).toContain('User Code  F J 2 K 8 Q W X R');
		expect(frame).toContain(`opens ${url}`);

		await started.r.press(keys.escape);
		await started.r.waitForText(titles.en.microsoft);
		expect(started.r.lastFrame()).not.toContain('\u001B[107m');

		// v opens it again and closes it too.
		await started.r.press('v');
		await started.r.waitForText('v/Esc');
		await started.r.press('v');
		await started.r.waitForText(titles.en.microsoft);
	});

	test('Japanese, 80x24: the same code, the labels in Japanese', async () => {
		const started = await start({state: waiting, language: 'ja'});
		await openMicrosoft(started, 'ja');
		expect(started.r.visibleFrame()).toContain('v QRコード');
		const frame = await openQr(started, 'ja', false);
		expectFits(frame);
		expect(readQr(started.r.lastFrame()).text).toBe(url);
		expect(frame).toContain('ユーザーコード  F J 2 K 8 Q W X R');
		expect(frame).toContain(`スマートフォンで読み取ると開きます: ${url}`);
	});

	test('the smallest terminal it fits (37x22): the code alone, still read', async () => {
		const started = await start({state: waiting, columns: 37, rows: 22});
		const frame = await openQr(started);
		expectFits(frame, {columns: 37, rows: 22});
		const qr = readQr(started.r.lastFrame());
		expect(qr.text).toBe(url);
		expect([qr.width, qr.height, qr.left]).toEqual([37, 19, 0]);
	});

	test('large terminals: the code is drawn larger (2 and 5 columns a module) and still read', async () => {
		for (const [columns, rows, width] of [[200, 60, 74], [300, 100, 185]] as const) {
			const started = await start({state: waiting, columns, rows});
			const frame = await openQr(started);
			expectFits(frame, {columns, rows});
			const qr = readQr(started.r.lastFrame());
			expect(qr.text).toBe(url);
			expect(qr.width).toBe(width);
			expect(frame).toContain('User Code  F J 2 K 8 Q W X R');
			started.r.unmount();
		}
	});

	test.each([
		['en', 60, 20, 'it needs at least 37×22, this one is 60×20', 'and enter the user code:'],
		['en', 36, 22, 'it needs at least 37×22, this one is 36×22', 'and enter the user code:'],
		['ja', 60, 20, '37×22以上が必要', '開いたページでユーザーコードを入力します'],
	] as const)('%s %ix%i: too small, so the address and the user code as text instead', async (language, columns, rows, needs, enter) => {
		const started = await start({state: waiting, language, columns, rows});
		const frame = await openQr(started, language);
		expectFits(frame, {columns, rows});
		expect(started.r.lastFrame()).not.toContain('\u001B[107m');
		expect(frame.replaceAll(/\s+/g, ' ')).toContain(needs);
		// The address whole (wrapped where the terminal is narrower than it).
		expect(frame.replaceAll(/\n */g, '')).toContain(url);
		expect(frame).toContain(enter);
		expect(frame).toContain('F J 2 K 8 Q W X R');
		await started.r.press(keys.escape);
		await started.r.waitForText(titles[language].microsoft);
	});

	test('while it is shown, the page keys do nothing (e does not open Edit, x does not ask)', async () => {
		const started = await start({state: waiting});
		await openQr(started);
		await started.r.press('e', 'x', 'r', keys.enter);
		expect(started.r.visibleFrame()).toContain('v/Esc Back');
		expect(started.r.visibleFrame()).not.toContain('(y/n)');
		expect(readQr(started.r.lastFrame()).text).toBe(url);
	});

	test('the sign-in completes while it is shown: back to the page, Token Status Active', async () => {
		const started = await start({state: waiting});
		await openQr(started);
		started.client.state = active;
		const frame = await started.r.waitForText('Active');
		expect(frame).toContain(titles.en.microsoft);
		expect(started.r.lastFrame()).not.toContain('\u001B[107m');
		// It stays closed when a new code comes.
		started.client.state = waiting;
		await started.r.press('r');
		await started.r.waitForText('F J 2 K 8 Q W X R');
		expect(started.r.visibleFrame()).toContain(titles.en.microsoft);
	});

	test('no user code waiting: v says why there is no QR code', async () => {
		const started = await start({state: active});
		await openMicrosoft(started);
		expect(started.r.visibleFrame()).not.toContain('QR code');
		await started.r.press('v');
		await started.r.waitForText('No QR code now');
		expect(started.r.lastFrame()).not.toContain('\u001B[107m');
	});
});
