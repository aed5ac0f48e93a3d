/** OAuth 2.0 (Google) driven from the keyboard, as an engineer would, against a fake device. */
import {readFileSync} from 'node:fs';
import {Buffer} from 'node:buffer';
import {describe, expect, test} from 'vitest';
import {
	appStarter,
	expectPollingUntilSettled,
	expectResetAsksFirst,
	openGoogle,
	openGoogleEdit,
	openRegister,
	titles,
	type Started,
} from './support/app-driver.js';
import {deviceError} from '../support/fake-device-client.js';
import * as fixtures from './support/fixtures.js';
import {expectFits, keys, visible} from '../support/render.js';

const start = appStarter();

const url = fixtures.googleAuthorizationUrl;
const urlLabel = 'URL for Google Authorization Server';
const codeLabel = 'Authorization Code';

/** The lines right under a label, up to the next empty line. */
function linesUnder(frame: string, label: string): string[] {
	const lines = frame.split('\n');
	const start = lines.findIndex(line => line.includes(label)) + 1;
	const end = lines.findIndex((line, index) => index >= start && line.trim() === '');
	return lines.slice(start, end);
}

/** The line right under a label (a field's line). */
function lineAfter(frame: string, label: string): string | undefined {
	const lines = frame.split('\n');
	return lines[lines.findIndex(line => line.includes(label)) + 1];
}

/** The Authorization Code field's line. */
function codeLine(frame: string): string {
	return lineAfter(frame, codeLabel) ?? '';
}

/** Everything written to the terminal so far, as one text. */
function everything(started: Started): string {
	return [...started.r.stdout.frames, ...started.r.stdout.raw].join('');
}

describe('OAuth 2.0 (Google) Settings', () => {
	test('polls while the connection is checked, then not while waiting for the code', async () => {
		const started = await start({google: fixtures.googleChecking});
		await openGoogle(started);
		await expectPollingUntilSettled(started, 'getGoogle', () => {
			started.client.google = fixtures.googleWaiting;
		}, 'Waiting for Authorization');
		expect(started.client.calls.getMicrosoft).toBe(0);
	});

	test('the client secret is shown only as Set / Not set', async () => {
		const started = await start({google: fixtures.googleWaiting});
		await openGoogle(started);
		const frame = await started.r.waitForText('Client Secret');
		expect(frame).toMatch(/Client Secret +Set$/m);
		started.client.google = fixtures.googleNotConfigured;
		await started.r.press('r');
		await started.r.waitForFrame(text => /Client Secret +Not set$/m.test(text));
	});

	test('↑↓ choose between [Edit] and [Register]; Enter presses the chosen one; Esc comes back', async () => {
		const started = await start({google: fixtures.googleWaiting});
		await openGoogle(started);
		await started.r.press(keys.down);
		await started.r.waitForText('› Authorization Information  [Register]');
		await started.r.press(keys.enter);
		await started.r.waitForText(urlLabel);
		await started.r.press(keys.escape);
		await started.r.waitForText('› Authorization Information');
		await started.r.press('k', keys.enter);
		await started.r.waitForText(titles.en.edit);
	});

	test('x asks first; n keeps, y forgets the authorization', async () => {
		const started = await start({google: fixtures.googleWaiting});
		await openGoogle(started);
		await expectResetAsksFirst(started, 'resetGoogleToken');
	});

	test('after x and y on an active token: forgotten here and revoked at Google', async () => {
		const started = await start({google: fixtures.googleActive});
		await openGoogle(started);
		await started.r.press('x', 'y');
		const frame = await started.r.waitForText('Forgotten on this device and revoked at Google.');
		expect(frame).toContain('Not Authorized');
		expectFits(frame, {columns: 80, rows: 24});
	});

	test('when Google could not be told, the notice says where to remove the app', async () => {
		const started = await start({google: fixtures.googleActive});
		started.client.onRevoke = () => ({status: 'failed', detail: 'no answer within 5 s\u001B[2J'});
		await openGoogle(started);
		await started.r.press('x', 'y');
		const frame = visible(await started.r.waitForText('myaccount.google.com/permissions'));
		expect(frame).toContain('Forgotten on this device, but Google could not be told (no answer within 5 s)');
		expect(started.r.lastFrame()).not.toContain('\u001B[2J');
		expectFits(frame, {columns: 80, rows: 24});
	});

	test('ja: the same notices in Japanese', async () => {
		const started = await start({google: fixtures.googleActive, language: 'ja'});
		started.client.onRevoke = () => ({status: 'failed', detail: 'HTTP 503'});
		await openGoogle(started, 'ja');
		await started.r.press('x', 'y');
		const frame = visible(await started.r.waitForText('myaccount.google.com/permissions'));
		expect(frame.replaceAll(/\s+/g, '')).toContain('本機から削除しましたが、Googleで取り消せませんでした(HTTP503)。');
		expectFits(frame, {columns: 80, rows: 24});
	});
});

describe('Edit Basic Settings (Google)', () => {
	const secret = 'GOCSPX-S3cr3t-Value';

	test('the secret is masked, never drawn, sent once and then forgotten', async () => {
		const started = await start({google: fixtures.googleWaiting});
		await openGoogleEdit(started);
		const frame = await started.r.waitForText('(Set - leave empty to keep)');
		expect(frame).toContain(fixtures.googleClientId);
		// To the secret field, then typed key by key, and once more as a paste.
		await started.r.press(keys.tab, keys.tab, keys.tab, keys.tab);
		for (const character of secret) {
			started.r.stdin.write(character);
		}

		await started.r.waitForText('•'.repeat(secret.length));
		await started.r.press(keys.ctrlU, secret);
		await started.r.waitForText(`› ${'•'.repeat(secret.length)}`);
		await started.r.press(keys.tab, keys.enter);
		await started.r.waitForText(titles.en.google);
		expect(started.client.savedGoogle.map(saved => saved.clientSecret)).toEqual([secret]);

		// Not in any frame, nor in any part of what was written, nor in a snapshot.
		const pieces = Array.from({length: secret.length - 3}, (_, index) => secret.slice(index, index + 4));
		const written = everything(started);
		const snapshots = readFileSync(new URL('__snapshots__/snapshots.test.tsx.snap', import.meta.url), 'utf8');
		expect(started.r.stdout.frames.length).toBeGreaterThan(10);
		for (const piece of pieces) {
			expect(written, piece).not.toContain(piece);
			expect(snapshots, piece).not.toContain(piece);
		}

		// Opening the form again starts with an empty secret field.
		await started.r.press('e');
		const again = await started.r.waitForText('Client Secret');
		expect(lineAfter(again, 'Client Secret')).toBe('');
	});

	test('the whole path: portal › … › Send Settings › 2 › e, enable, client ID, secret, OK; then a, paste, Active', async () => {
		const started = await start({google: fixtures.googleNotConfigured});
		await openGoogle(started);
		await started.r.press('e');
		await started.r.waitForText('› [ ] Use OAuth 2.0 (Google)');
		await started.r.press(keys.space, keys.tab, keys.tab, keys.tab, fixtures.googleClientId, keys.tab, secret, keys.tab, keys.enter);
		await started.r.waitForText('Checking…');
		expect(started.client.savedGoogle).toEqual([{
			enabled: true,
			verifyServerCertificate: true,
			addCnToVerification: false,
			clientId: fixtures.googleClientId,
			clientSecret: secret,
		}]);

		// The device finishes its check by itself: the poll finds the authorization URL.
		started.client.google = fixtures.googleWaiting;
		await started.r.waitForText('Waiting for Authorization');
		await started.r.press('a');
		await started.r.waitForText(urlLabel);
		started.r.stdin.write(`${fixtures.googleRedirect()}\r`);
		const settings = await started.r.waitForText('Token Status               Active');
		expect(started.client.submittedCodes).toEqual([fixtures.googleAuthorizationCode]);
		expect(settings).toContain(titles.en.google);
	});

	test('saving again with the secret left empty keeps it: no clientSecret is sent', async () => {
		const started = await start({google: fixtures.googleWaiting});
		await openGoogleEdit(started);
		await started.r.press(keys.down, keys.down, keys.space);
		await started.r.waitForText('[x] Add CN to Verification Items');
		// Client ID, Client Secret (left empty), OK.
		await started.r.press(keys.tab, keys.tab, keys.tab, keys.enter);
		await started.r.waitForText(titles.en.google);
		expect(started.client.savedGoogle).toEqual([{
			enabled: true,
			verifyServerCertificate: true,
			addCnToVerification: true,
			clientId: fixtures.googleClientId,
		}]);
	});

	test('a first set-up needs a secret; a wrong client ID is explained; nothing is sent', async () => {
		const started = await start({google: fixtures.googleNotConfigured});
		await openGoogleEdit(started);
		await started.r.press(keys.space, keys.tab, keys.tab, keys.tab, 'my-client', keys.tab, keys.tab, keys.enter);
		const frame = await started.r.waitForText('Enter the client secret.');
		expect(linesUnder(frame, 'Client ID').slice(0, 2)).toEqual(['› my-client', '    A client ID ends in .apps.googleusercontent.com.']);
		expect(started.client.calls.saveGoogleBasic).toBe(0);
	});

	test('the device\'s own field errors (400) are shown next to the field', async () => {
		const started = await start({google: fixtures.googleWaiting});
		await openGoogleEdit(started);
		started.client.refuseNext('saveGoogleBasic', 'clientSecret', 'invalid_characters', 'bad');
		await started.r.press(keys.shiftTab, keys.shiftTab, keys.enter);
		const frame = await started.r.waitForText('Check the fields. Nothing was saved.');
		expect(linesUnder(frame, 'Client Secret')[1]).toBe('    Spaces, line breaks, full-width and control characters are not allowed.');
	});

	test('a change made elsewhere (412) is never overwritten', async () => {
		const started = await start({google: fixtures.googleWaiting});
		await openGoogleEdit(started);
		started.client.failNext('saveGoogleBasic', deviceError('conflict', {status: 412}));
		await started.r.press(keys.shiftTab, keys.shiftTab, keys.enter);
		await started.r.waitForText('Changed elsewhere');
		expect(started.client.savedGoogle).toEqual([]);
		started.client.google = {...fixtures.googleWaiting, settings: {...fixtures.googleWaiting.settings, clientId: 'other.apps.googleusercontent.com'}};
		await started.r.press('r');
		await started.r.waitForText('other.apps.googleusercontent.com');
	});

	test('the session ends while saving: the form and the typed secret are kept, OK again sends it', async () => {
		const started = await start({google: fixtures.googleWaiting});
		await openGoogleEdit(started);
		await started.r.press(keys.tab, keys.tab, keys.tab, keys.tab, secret, keys.tab);
		started.client.failNext('saveGoogleBasic', deviceError('session-expired', {status: 401}));
		await started.r.press(keys.enter);
		await started.r.waitForText('Your session ended. Enter the password to continue.');
		await started.r.press(started.client.password, keys.enter);
		const form = await started.r.waitForText('Not saved: your session ended. Press OK again to save.');
		expect(lineAfter(form, 'Client Secret')).toBe(`  ${'•'.repeat(secret.length)}`);
		await started.r.press(keys.enter);
		await started.r.waitForText(titles.en.google);
		expect(started.client.savedGoogle.map(saved => saved.clientSecret)).toEqual([secret]);
		expect(everything(started)).not.toContain(secret);
	});
});

describe('Register Authorization Information', () => {
	test('the URL\'s lines carry nothing else: put together they are the URL, each an OSC 8 link', async () => {
		const started = await start({google: fixtures.googleWaiting});
		await openRegister(started);
		const frame = started.r.visibleFrame();
		expectFits(frame);
		const urlLines = linesUnder(frame, urlLabel);
		expect(urlLines.length).toBe(Math.ceil(url.length / 80));
		expect(urlLines.join('')).toBe(url);
		const raw = started.r.lastFrame();
		const links = [...raw.matchAll(/\u001B\]8;;([^\u0007]*)\u0007([^\u001B]*)\u001B\]8;;\u0007/g)];
		expect(links.map(link => link[1])).toEqual(urlLines.map(() => url));
		expect(links.map(link => link[2]).join('')).toBe(url);
	});

	test('u sends the URL to the clipboard (OSC 52) and says so', async () => {
		const started = await start({google: fixtures.googleWaiting});
		await openRegister(started);
		await started.r.press('u');
		await started.r.waitForText(`Sent the URL (${url.length} characters) to the clipboard`);
		const copied = started.r.stdout.raw.map(sequence => /\u001B\]52;c;([^\u0007]*)\u0007/.exec(sequence)?.[1]);
		expect(copied.map(base64 => Buffer.from(base64 ?? '', 'base64').toString('utf8'))).toEqual([url]);
	});

	test('p writes the URL as one line straight to the terminal, above the screen', async () => {
		const started = await start({google: fixtures.googleWaiting});
		await openRegister(started);
		await started.r.press('p');
		await started.r.waitForText('Printed the URL as one line above this screen');
		expect(started.r.stdout.frames).toContain(`${url}\n`);
		// And the screen is drawn again under it.
		expectFits(started.r.visibleFrame());
		expect(started.r.visibleFrame()).toContain(urlLabel);
	});

	test('the whole redirect URL, pasted in one piece, sends just the code', async () => {
		const started = await start({google: fixtures.googleWaiting});
		await openRegister(started);
		await started.r.press(keys.tab);
		started.r.stdin.write(fixtures.googleRedirect());
		await started.r.waitForFrame(frame => codeLine(frame).endsWith('scope=https%3A%2F%2Fmail.google.com%2F'));
		await started.r.press(keys.enter);
		await started.r.waitForText('Token Status               Active');
		expect(started.client.submittedCodes).toEqual([fixtures.googleAuthorizationCode]);
	});

	test('a paste while the URL has the focus goes into the field, its letters are not commands', async () => {
		const started = await start({google: fixtures.googleWaiting});
		await openRegister(started);
		// q would quit, p would print, u would copy.
		const code = '4/0AquPpu-Qq';
		started.r.stdin.write(code);
		await started.r.waitForFrame(frame => codeLine(frame) === `› ${code}`);
		expect(started.exits.count).toBe(0);
		expect(started.r.stdout.raw).toEqual([]);
		await started.r.press(keys.enter);
		await started.r.waitForText('Active');
		expect(started.client.submittedCodes).toEqual([code]);
	});

	test('a paste of 500 characters, and 100 writes with no gap, lose nothing', async () => {
		const started = await start({google: fixtures.googleWaiting});
		await openRegister(started);
		const long = `4/${'A'.repeat(250)}${'b'.repeat(248)}`;
		await started.r.press(keys.tab);
		started.r.stdin.write(long);
		const typed = `${long}${'c'.repeat(100)}`;
		for (const character of 'c'.repeat(100)) {
			started.r.stdin.write(character);
		}

		await started.r.waitForFrame(frame => codeLine(frame).endsWith('c'.repeat(70)));
		await started.r.press(keys.enter);
		await started.r.waitForText('Active');
		expect(started.client.submittedCodes).toEqual([typed]);
	});

	test.each([
		['a URL of another attempt', fixtures.googleRedirect({state: 'someone-elses-state'}), 'This URL belongs to another authorization'],
		['the browser\'s "access denied" address', `http://localhost/?error=access_denied&state=${fixtures.googleUrlState}`, 'The authorization was denied on Google\'s page.'],
		['an address without a code', `http://localhost/?state=${fixtures.googleUrlState}&scope=x`, 'The URL has no authorization code (code=...).'],
		['nothing', '', 'Enter a value.'],
	])('%s is explained next to the field; nothing is sent', async (_name, pasted, expected) => {
		const started = await start({google: fixtures.googleWaiting});
		await openRegister(started);
		await started.r.press(keys.tab, ...(pasted ? [pasted] : []), keys.enter);
		const frame = await started.r.waitForText(expected);
		expect(linesUnder(frame, codeLabel)[2]).toContain(expected);
		expect(started.client.calls.submitGoogleAuthorizationCode).toBe(0);
	});

	test('a code the device refuses is explained next to the field, in its words, sanitized', async () => {
		const started = await start({google: fixtures.googleWaiting});
		await openRegister(started);
		started.client.refuseNext('submitGoogleAuthorizationCode', 'authorizationCode', 'code_rejected', 'invalid_grant:\u001B[2J Bad code.');
		await started.r.press(keys.tab, fixtures.googleAuthorizationCode, keys.enter);
		const frame = await started.r.waitForText('invalid_grant: Bad code.');
		expect(linesUnder(frame, codeLabel)[2]).toBe('    The authorization code was not accepted. invalid_grant: Bad code.');
		expect(started.r.lastFrame()).not.toContain('\u001B[2J');
		// Still on this screen, the code kept to be corrected.
		expect(codeLine(frame)).toContain(fixtures.googleAuthorizationCode);
	});

	test('the session ends while sending: the code is kept, OK again sends it', async () => {
		const started = await start({google: fixtures.googleWaiting});
		await openRegister(started);
		started.client.failNext('submitGoogleAuthorizationCode', deviceError('session-expired', {status: 401}));
		await started.r.press(keys.tab, fixtures.googleAuthorizationCode, keys.enter);
		await started.r.waitForText('Your session ended.');
		await started.r.press(started.client.password, keys.enter);
		await started.r.waitForText('Not sent: your session ended. Press OK again to send.');
		await started.r.press(keys.enter);
		await started.r.waitForText('Active');
		expect(started.client.submittedCodes).toEqual([fixtures.googleAuthorizationCode]);
	});

	test('Esc cancels; nothing is sent', async () => {
		const started = await start({google: fixtures.googleWaiting});
		await openRegister(started);
		await started.r.press(keys.tab, 'abc', keys.escape);
		// A typed code: it asks first (test/screens/confirm-discard.test.tsx).
		await started.r.waitForText('Discard your changes? y/n');
		await started.r.press('y');
		await started.r.waitForText('Waiting for Authorization');
		expect(started.client.calls.submitGoogleAuthorizationCode).toBe(0);
	});

	test('without an authorization the screen says why and what to do, and takes no code', async () => {
		const started = await start({google: fixtures.googleNotConfigured});
		await openRegister(started);
		await started.r.waitForText('OAuth 2.0 (Google) is not in use. Press Esc, then e');
		await started.r.press('4/abc', keys.enter);
		expect(started.client.calls.submitGoogleAuthorizationCode).toBe(0);
		await started.r.press(keys.escape);
		await started.r.waitForText(titles.en.google);
	});

	test('the authorization appears when the check succeeds while the screen is open', async () => {
		const started = await start({google: fixtures.googleChecking});
		await openRegister(started);
		await started.r.waitForText('Available once the Server Connection Status is Successfully Connected.');
		started.client.google = fixtures.googleWaiting;
		await started.r.waitForText(urlLabel);
	});

	test('a QR code only where it fits: none at 80x24, one on a tall terminal', async () => {
		const started = await start({google: fixtures.googleWaiting});
		await openRegister(started);
		expect(started.r.visibleFrame()).not.toContain('▄▄▄');
		started.r.resize(100, 70);
		const tall = await started.r.waitForText('▄▄▄');
		expectFits(tall, {columns: 100, rows: 70});
		expect(linesUnder(tall, urlLabel).join('')).toBe(url);
		started.r.resize(80, 24);
		const small = await started.r.waitForFrame(frame => !frame.includes('▄▄▄'));
		expectFits(small);
		expect(visible(small)).toContain(codeLabel);
	});
});
