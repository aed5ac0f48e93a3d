/**
Resizing the terminal on every screen: down to 60x20 and back to 80x24 (and from a size where
a QR code fits). Nothing throws, every frame leaves the last line free and fits the width, and
what the engineer needs on that screen (user code, status, focused field) is still there at
60x20. What goes first on a short terminal: blank spacing lines, then the QR code, then the
screen's lower lines (the footer of keys always stays).
*/
import {describe, expect, test} from 'vitest';
import type {GoogleState, MicrosoftState} from '../../source/device/contract.js';
import {
	appStarter,
	logIn,
	openEdit,
	openGoogle,
	openGoogleEdit,
	openMicrosoft,
	openRegister,
	titles,
	type Started,
} from './support/app-driver.js';
import {deviceError} from '../support/fake-device-client.js';
import * as fixtures from './support/fixtures.js';
import {expectFits, keys, visible} from '../support/render.js';

const start = appStarter();

type Size = {columns: number; rows: number};
const small: Size = {columns: 60, rows: 20};
const normal: Size = {columns: 80, rows: 24};

/** Every frame written since `from` fits `size` (frames are checked as drawn, not only the last one). */
function expectFramesFit(started: Started, from: number, size: Size): void {
	const frames = started.r.stdout.frames.slice(from).map(frame => visible(frame)).filter(frame => frame !== '');
	for (const frame of frames) {
		expectFits(frame, size);
	}
}

/**
Resizes to `size` and waits until a frame drawn for that size shows `mustShow` (each of
them); returns that frame after checking that every frame since the resize fits.
*/
async function resizeTo(started: Started, size: Size, mustShow: Array<string | RegExp>): Promise<string> {
	const {r} = started;
	const before = r.stdout.frames.length;
	r.resize(size.columns, size.rows);
	const frame = await r.waitForFrame(current => {
		if (r.stdout.frames.length === before) {
			return false;
		}

		const lines = current.split('\n');
		if (lines.length > size.rows - 1 || lines.some(line => line.length > size.columns)) {
			return false;
		}

		return mustShow.every(text => (typeof text === 'string' ? current.includes(text) : text.test(current)));
	});
	// Frames written before the layout caught up with the new size may be for the old one;
	// the ones after the first fitting frame must all fit.
	const frames = r.stdout.frames.slice(before).map(current => visible(current));
	const first = frames.findIndex(current => current === frame);
	expectFramesFit(started, before + Math.max(first, 0), size);
	expectFits(frame, size);
	return frame;
}

/** 80x24 → 60x20 → 80x24 on the current screen; `mustShow` at both sizes. */
async function downAndBack(started: Started, mustShow: Array<string | RegExp>, alsoAtNormal: Array<string | RegExp> = []): Promise<{smallFrame: string; normalFrame: string}> {
	const smallFrame = await resizeTo(started, small, mustShow);
	const normalFrame = await resizeTo(started, normal, [...mustShow, ...alsoAtNormal]);
	// The breadcrumb is the first line at every size.
	expect(smallFrame.split('\n')[0]).toMatch(/\S/);
	expect(normalFrame.split('\n')[0]).toMatch(/\S/);
	// The footer of keys is the last line drawn at every size (while typing it ends with Esc or Ctrl+C, not q).
	expect(smallFrame.trimEnd().split('\n').at(-1)).toMatch(/Quit|quit|Esc /);
	expect(normalFrame.trimEnd().split('\n').at(-1)).toMatch(/Quit|quit|Esc /);
	return {smallFrame, normalFrame};
}

describe('resizing to 60x20 and back on every screen', () => {
	test('Log In: the focused Password field stays', async () => {
		const started = await start();
		await started.r.press('abc');
		const {smallFrame} = await downAndBack(started, ['Log In (System Manager Mode)', /Password +•••/]);
		expect(smallFrame).toContain('User Name');
	});

	test('Portal', async () => {
		const started = await start();
		await logIn(started);
		await downAndBack(started, [titles.en.portal, '› 1 Settings/Registration', 'Log Out']);
	});

	test('Settings/Registration', async () => {
		const started = await start();
		await logIn(started);
		await started.r.press('1');
		await started.r.waitForText(titles.en.settingsRegistration);
		await downAndBack(started, [titles.en.settingsRegistration]);
	});

	test('Send Settings', async () => {
		const started = await start();
		await logIn(started);
		await started.r.press('1', '1');
		await started.r.waitForText(titles.en.sendSettings);
		await downAndBack(started, [titles.en.sendSettings, 'OAuth 2.0 (Google) Settings']);
	});

	const microsoftStates: Array<[string, MicrosoftState, Array<string | RegExp>]> = [
		['not checked', fixtures.notChecked, ['Server Connection Status', 'Not Checked', 'Token Status']],
		['checking', fixtures.checking, ['Server Connection Status', 'Checking…']],
		['failed', fixtures.failed, ['Server Connection Status', 'Failed']],
		['active', fixtures.active, [/Token Status\s+Active/]],
		['declined', fixtures.declined, ['Token Status', 'declined']],
	];
	for (const [name, state, mustShow] of microsoftStates) {
		test(`OAuth 2.0 (Microsoft) Settings, ${name}`, async () => {
			const started = await start({state});
			await openMicrosoft(started);
			await downAndBack(started, mustShow);
		});
	}

	test('OAuth 2.0 (Microsoft) Settings with a user code: the code and the countdown stay at 60x20', async () => {
		const started = await start({state: fixtures.waiting});
		await openMicrosoft(started);
		await started.r.waitForText('F J 2');
		const {smallFrame} = await downAndBack(started, ['F J 2 K 8 Q W X R', 'Successfully Connected'], [/User Code Expires In\s+until \d\d:\d\d \(15:00 left\)/, 'Waiting for Authorization']);
		expect(smallFrame).toMatch(/1[45]:\d\d/);
	});

	test('OAuth 2.0 (Microsoft) Settings with a user code, from a size where the QR code fits', async () => {
		const started = await start({state: fixtures.waiting, columns: 120, rows: 40});
		await openMicrosoft(started);
		const wide = await started.r.waitForText('▄▄▄');
		expectFits(wide, {columns: 120, rows: 40});
		const smallFrame = await resizeTo(started, small, ['F J 2 K 8 Q W X R']);
		expect(smallFrame).not.toContain('▄▄▄');
		await resizeTo(started, {columns: 120, rows: 40}, ['▄▄▄', 'F J 2 K 8 Q W X R']);
		await resizeTo(started, normal, ['F J 2 K 8 Q W X R']);
	});

	test('Edit Basic Settings (Microsoft): the focused field stays', async () => {
		const started = await start({state: fixtures.waiting});
		await openEdit(started);
		// Down to the endpoint field (the last field, lowest on the screen).
		await started.r.press(keys.down, keys.down, keys.down);
		const {smallFrame} = await downAndBack(started, ['Use OAuth 2.0 (Microsoft)', 'login.microsoftonline.com/common']);
		expect(smallFrame).toContain('OK');
	});

	const googleStates: Array<[string, GoogleState, Array<string | RegExp>]> = [
		['not configured', fixtures.googleNotConfigured, ['Server Connection Status', 'Authorization Information']],
		['checking', fixtures.googleChecking, ['Checking…']],
		['waiting', fixtures.googleWaiting, ['Successfully Connected', 'Authorization Information']],
		['active', fixtures.googleActive, [/Token Status\s+Active/]],
		['failed', fixtures.googleConnectionFailed, ['Failed']],
	];
	for (const [name, google, mustShow] of googleStates) {
		test(`OAuth 2.0 (Google) Settings, ${name}`, async () => {
			const started = await start({google});
			await openGoogle(started);
			await downAndBack(started, mustShow);
		});
	}

	test('Edit Basic Settings (Google): the focused Client Secret field stays', async () => {
		const started = await start({google: fixtures.googleActive});
		await openGoogleEdit(started);
		await started.r.press(keys.down, keys.down, keys.down, keys.down, 'abc');
		await downAndBack(started, ['Client ID', /Client Secret[^\n]*\n?[^\n]*•••/]);
	});

	test('Register Authorization Information: the 400-character URL is drawn whole at both sizes', async () => {
		const started = await start({google: fixtures.googleWaiting});
		await openRegister(started);
		await started.r.press('4/0abc');
		const {smallFrame, normalFrame} = await downAndBack(started, ['Authorization Code', '4/0abc']);
		const joined = (frame: string) => frame.split('\n').map(line => line.trim()).join('');
		expect(joined(normalFrame)).toContain(fixtures.googleAuthorizationUrl);
		// At 60x20 the URL may not fit with everything else; if it is cut, the screen says how to get it whole.
		if (!joined(smallFrame).includes(fixtures.googleAuthorizationUrl)) {
			expect(smallFrame).toMatch(/c |copy|Copy/);
		}
	});

	test('the help overlay', async () => {
		const started = await start();
		await logIn(started);
		await started.r.press('?');
		await started.r.waitForText('Everywhere');
		await downAndBack(started, ['Everywhere']);
	});

	test('the password prompt after the session ended', async () => {
		const started = await start({state: fixtures.waiting});
		await openMicrosoft(started);
		started.client.failNext('getMicrosoft', deviceError('session-expired', {status: 401}));
		await started.r.press('r');
		await started.r.waitForText('Your session ended');
		await started.r.press('pw');
		await downAndBack(started, ['Your session ended', '••']);
	});

	test('in Japanese (wide characters), the user code and the help overlay fit 60x20', async () => {
		const started = await start({state: fixtures.waiting, language: 'ja'});
		await openMicrosoft(started, 'ja');
		await started.r.waitForText('F J 2');
		await resizeTo(started, small, ['F J 2 K 8 Q W X R', 'ユーザーコード', '認可待ち']);
		await started.r.press('?');
		await started.r.waitForText('すべての画面');
		await resizeTo(started, {columns: 60, rows: 19}, ['すべての画面']);
		await resizeTo(started, normal, ['すべての画面']);
	});

	test('many resizes in a burst end in a frame for the last size', async () => {
		const started = await start({state: fixtures.waiting});
		await openMicrosoft(started);
		await started.r.waitForText('F J 2');
		for (const [columns, rows] of [[60, 20], [100, 30], [40, 10], [200, 60], [61, 19], [80, 24]] as const) {
			started.r.resize(columns, rows);
		}

		const frame = await resizeTo(started, normal, ['F J 2 K 8 Q W X R']);
		expectFits(frame, normal);
	});
});
