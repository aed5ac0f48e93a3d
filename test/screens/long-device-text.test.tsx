/**
Text of 100 KB in every field a screen draws, from a fake device that skips the contract (the
HTTP client would refuse it: test/unit/bounded-body.test.ts), at 80x24: every screen is drawn,
every frame fits, the text is cut with …, keys still work, and Ctrl+C logs out. Nothing here
is timed: the waits are for frames (generous defaults), and the cost of such a frame is a row
of `npm run bench` ("frame with a 100 KB device text").
*/
import {Buffer} from 'node:buffer';
import {describe, expect, test} from 'vitest';
import type {GoogleState, MicrosoftState} from '../../source/device/contract.js';
import {en} from '../../source/i18n/en.js';
import {deviceError} from '../support/fake-device-client.js';
import {expectFits, keys, visible} from '../support/render.js';
import {appStarter, openGoogle, openMicrosoft, openRegister, type Started} from './support/app-driver.js';
import * as fixtures from './support/fixtures.js';

const start = appStarter();

const size = 100 * 1024;
const sentence = 'To sign in, use a web browser to open the page https://microsoft.com/devicelogin. ';
const long = (unit = sentence) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
const japanese = long('サインインするには、ブラウザーでページを開き、コードを入力してください。');

/** Every frame written so far fits 80x24. */
function expectEveryFrameFits(started: Started): void {
	expect(started.r.stdout.frames.length).toBeGreaterThan(0);
	for (const frame of started.r.stdout.frames) {
		expectFits(visible(frame));
	}
}

async function expectCtrlCLogsOut(started: Started): Promise<void> {
	const exited = started.r.instance.waitUntilExit();
	await started.r.press(keys.ctrlC);
	await exited;
	expect(started.client.calls.logout).toBe(1);
	expect(started.exits.count).toBe(1);
}

const microsoftCases: Array<{name: string; state: MicrosoftState; shows: string}> = [
	{
		name: 'the sign-in message, user code and verification URI',
		state: {...fixtures.waiting, authorization: {...fixtures.authorization, message: long(), userCode: long('FJ2K8QWXR'), verificationUri: `https://microsoft.com/devicelogin/${long('a')}`}},
		shows: 'To sign in, use a web browser',
	},
	{
		name: 'the sign-in message in Japanese',
		state: {...fixtures.waiting, authorization: {...fixtures.authorization, message: japanese}},
		shows: 'サインインするには',
	},
	{
		name: 'the endpoint, a connection failure\'s and a token error\'s detail',
		state: {
			...fixtures.declined,
			settings: {...fixtures.declined.settings, endpoint: `https://login.microsoftonline.com/${long('o')}`},
			connection: {status: 'failed', reason: 'tls_error', detail: long(), checkedAt: fixtures.isoAt(-5000)},
			token: {status: 'error', reason: 'idp_error', detail: long()},
		},
		shows: en.oauth.tokenReasons.idp_error.slice(0, 30),
	},
	{
		name: 'the account that sends',
		state: {...fixtures.active, token: {...fixtures.active.token, account: `${long('e')}@contoso.example`}},
		shows: 'eeeeeeeeee',
	},
];

describe('the Microsoft settings page', () => {
	for (const {name, state, shows} of microsoftCases) {
		test(`100 KB in ${name}: drawn, fits 80x24, cut with …, r works, Ctrl+C logs out`, async () => {
			const started = await start({state});
			await openMicrosoft(started);
			await started.r.waitForText(shows);
			expect(started.r.visibleFrame()).toContain('…');
			const reads = started.client.calls.refreshMicrosoft;
			await started.r.press('r');
			await started.r.waitForFrame(() => started.client.calls.refreshMicrosoft > reads);
			expectEveryFrameFits(started);
			await expectCtrlCLogsOut(started);
		});
	}

	test('100 KB in an error\'s message from the device', async () => {
		const started = await start({state: fixtures.waiting});
		await openMicrosoft(started);
		started.client.failNext('refreshMicrosoft', deviceError('http', {status: 500, apiError: {error: 'internal', message: long()}}));
		await started.r.press('r');
		await started.r.waitForText('The device answered with an error (HTTP 500)');
		expectEveryFrameFits(started);
		await expectCtrlCLogsOut(started);
	});
});

describe('Send Test Mail', () => {
	test('100 KB in the sender and the server\'s reply', async () => {
		const started = await start({state: {...fixtures.active, token: {...fixtures.active.token, account: 'engineer@contoso.example'}}});
		started.client.onTestMail = (_provider, to) => ({sent: false, from: `${long('e')}@contoso.example`, to, server: 'smtp.office365.com:587', reply: `535 ${long()}`, failure: 'auth', at: fixtures.isoAt(1000)});
		await openMicrosoft(started);
		await started.r.press('m');
		await started.r.waitForText('[ Send ]');
		await started.r.press('someone@example.net', keys.enter);
		await started.r.waitForText(en.testMail.notSent);
		expectEveryFrameFits(started);
		await expectCtrlCLogsOut(started);
	});
});

describe('the Google pages', () => {
	test('100 KB in the client ID and a token error\'s detail', async () => {
		const google: GoogleState = {
			...fixtures.googleActive,
			settings: {...fixtures.googleActive.settings, clientId: long('1')},
			token: {status: 'error', reason: 'invalid_grant', detail: long()},
		};
		const started = await start({google});
		await openGoogle(started);
		await started.r.waitForText('1111111111');
		expectEveryFrameFits(started);
		await expectCtrlCLogsOut(started);
	});

	test.each([
		['100 KB', size],
		['2048 characters (the contract\'s limit)', 2048],
	])('an authorization URL of %s: cut with … so that the code field stays on screen; u copies it whole', async (_name, length) => {
		const url = `${fixtures.googleAuthorizationUrl}&x=${'a'.repeat(length)}`.slice(0, length);
		const google: GoogleState = {...fixtures.googleWaiting, authorization: {...fixtures.googleWaiting.authorization!, url}};
		const started = await start({google});
		await openRegister(started);
		const frame = await started.r.waitForText(en.google.authorizationCode);
		expect(frame).toMatch(/a…\n/);
		expect(frame).toContain('[ OK ]');
		await started.r.press('u');
		await started.r.waitForText('to the clipboard');
		expect(started.r.stdout.raw.join('')).toContain(Buffer.from(url).toString('base64'));
		expectEveryFrameFits(started);
		await expectCtrlCLogsOut(started);
	});

	test('100 KB in the reason a code was refused', async () => {
		const started = await start({google: fixtures.googleWaiting});
		started.client.refuseNext('submitGoogleAuthorizationCode', 'authorizationCode', 'code_rejected', `invalid_grant: ${long()}`);
		await openRegister(started);
		await started.r.press(fixtures.googleRedirect(), keys.enter);
		await started.r.waitForText(en.fieldErrors.code_rejected);
		expectEveryFrameFits(started);
		await expectCtrlCLogsOut(started);
	});
});
