/**
Screen level, against a fake device (en, 80x24):
- every identity provider fault ends with its reason and the next step in words on screen;
- text from the device or an identity provider (user code, verification URI, message, detail,
  Google URL, a refused code's reason) is drawn without its terminal control sequences: nothing
  written to the terminal carries the planted OSC 52, OSC 8, CSI, DCS or C0/C1 bytes.
*/
import {Buffer} from 'node:buffer';
import {describe, expect, test} from 'vitest';
import type {GoogleState, MicrosoftState} from '../source/device/contract.js';
import {en} from '../source/i18n/en.js';
import {appStarter, openGoogle, openMicrosoft, openRegister, type Started} from './screens/support/app-driver.js';
import * as fixtures from './screens/support/fixtures.js';
import {keys} from './support/render.js';

const start = appStarter();

/** Real escape sequences: clipboard write (OSC 52), a link (OSC 8), clear screen, 8-bit CSI, bell, DCS. */
const hostile = '\u001B]52;c;ZXZpbA==\u0007\u001B[2J\u001B]8;;http://evil.example/\u0007click\u001B]8;;\u0007\u009B31m\u0007\u001BPq#0;2;0;0;0\u001B\\';

/** Everything written to the terminal so far, as one text. */
function everything(started: Started): string {
	return [...started.r.stdout.frames, ...started.r.stdout.raw].join('');
}

/** The planted sequences, and anything they leave behind, reached the terminal nowhere. */
export function expectNothingPlanted(written: string): void {
	// The app's own sequences: links (OSC 8) and clipboard writes (OSC 52) of clean text only.
	const controls = /[\u0000-\u001F\u007F-\u009F]/;
	const output = written
		.replace(/\u001B\]8;;([^\u0007\u001B]*)\u0007/g, (_whole, url: string) => {
			expect(url).not.toMatch(controls);
			expect(url).not.toContain('evil');
			return '';
		})
		.replace(/\u001B\]52;c;([A-Za-z\d+/=]*)\u0007/g, (_whole, payload: string) => {
			const copied = Buffer.from(payload, 'base64').toString('utf8');
			expect(copied).not.toMatch(controls);
			expect(copied).not.toContain('evil');
			return '';
		});
	expect(output).not.toContain('\u001B]52;c;ZXZpbA');
	expect(output).not.toContain('ZXZpbA==');
	expect(output).not.toContain('evil.example');
	expect(output).not.toContain('\u001B[2J');
	expect(output).not.toContain('\u009B');
	expect(output).not.toContain('\u0007');
	expect(output).not.toContain('\u001BP');
	expect(output).not.toContain('#0;2;0;0;0');
}

/** The visible frame as one line of words (wrapping undone). */
function words(started: Started): string {
	return started.r.visibleFrame().replace(/\s+/g, ' ');
}

const connected = {status: 'success', checkedAt: fixtures.isoAt(-5000)} as const;

function microsoftWith(connection: MicrosoftState['connection'], token: MicrosoftState['token'], authorization: MicrosoftState['authorization'] = null): MicrosoftState {
	return {settings: fixtures.waiting.settings, connection, authorization, token};
}

function googleWith(connection: GoogleState['connection'], token: GoogleState['token']): GoogleState {
	return {...fixtures.googleActive, connection, token};
}

const failedConnection = (reason: NonNullable<MicrosoftState['connection']['reason']>, detail: string): MicrosoftState['connection'] =>
	({status: 'failed', reason, detail, checkedAt: fixtures.isoAt(-5000)});

const expiredAuthorization = {...fixtures.authorization, expiresAt: fixtures.isoAt(-1000)};

type Case = {name: string; provider: 'microsoft' | 'google'; state: MicrosoftState | GoogleState; reason: string; detail?: string; more?: string[]};

/** Each identity provider fault as the device reports it, and what the engineer must read. */
const cases: Case[] = [
	{name: 'unreachable', provider: 'microsoft', state: microsoftWith(failedConnection('unreachable', 'connect ECONNREFUSED 127.0.0.1:443'), {status: 'not-authorized'}), reason: en.oauth.connectionReasons.unreachable, detail: 'connect ECONNREFUSED 127.0.0.1:443'},
	{name: 'certificate untrusted', provider: 'microsoft', state: microsoftWith(failedConnection('certificate_untrusted', 'unable to get local issuer certificate'), {status: 'not-authorized'}), reason: en.oauth.connectionReasons.certificate_untrusted, detail: 'unable to get local issuer certificate'},
	{name: 'CN mismatch (Microsoft)', provider: 'microsoft', state: microsoftWith(failedConnection('cn_mismatch', 'Hostname/IP does not match certificate\'s altnames'), {status: 'not-authorized'}), reason: en.oauth.connectionReasons.cn_mismatch},
	{name: 'CN mismatch (Google)', provider: 'google', state: fixtures.googleConnectionFailed, reason: en.google.connectionReasons.cn_mismatch},
	{name: '5xx on the connection check', provider: 'microsoft', state: microsoftWith(failedConnection('http_error', 'login.microsoftonline.com answered HTTP 503.'), {status: 'not-authorized'}), reason: en.oauth.connectionReasons.http_error, detail: 'login.microsoftonline.com answered HTTP 503.'},
	{name: 'slow_down storm / expired_token', provider: 'microsoft', state: microsoftWith(connected, {status: 'expired', reason: 'expired_token', detail: 'AADSTS70020: The provided value for the input parameter \'device_code\' is not valid. This device code has expired.'}, expiredAuthorization), reason: en.oauth.tokenReasons.expired_token, detail: 'AADSTS70020', more: [en.microsoft.codeExpired]},
	{name: 'expired by the device\'s clock', provider: 'microsoft', state: microsoftWith(connected, {status: 'expired', reason: 'expired_token', detail: 'The user code expired before it was entered.'}, expiredAuthorization), reason: en.oauth.tokenReasons.expired_token, detail: 'The user code expired before it was entered.'},
	{name: 'authorization_declined', provider: 'microsoft', state: fixtures.declined, reason: en.oauth.tokenReasons.authorization_declined, detail: 'AADSTS70000: The user declined to authorize.'},
	{name: 'invalid_grant on refresh, revoked (Microsoft)', provider: 'microsoft', state: microsoftWith(connected, {status: 'error', reason: 'reauthorization_required', detail: 'AADSTS50173: The provided grant has expired due to it being revoked.'}), reason: en.oauth.tokenReasons.reauthorization_required, detail: 'AADSTS50173'},
	{name: 'invalid_grant on refresh, expired (Microsoft)', provider: 'microsoft', state: fixtures.reauthorize, reason: en.oauth.tokenReasons.reauthorization_required, detail: 'AADSTS700082'},
	{name: 'invalid_grant on refresh, expired or revoked (Google)', provider: 'google', state: fixtures.googleReauthorize, reason: en.google.tokenReasons.reauthorization_required, detail: 'Token has been expired or revoked.'},
	{name: '5xx on refresh, past expiry', provider: 'microsoft', state: microsoftWith(connected, {status: 'error', reason: 'idp_error', detail: 'AADSTS90033: A transient error has occurred. Please try again.'}), reason: en.oauth.tokenReasons.idp_error, detail: 'AADSTS90033'},
	{name: 'identity provider down on refresh, past expiry', provider: 'microsoft', state: microsoftWith(connected, {status: 'error', reason: 'idp_unreachable', detail: 'connect ECONNREFUSED 127.0.0.1:443'}), reason: en.oauth.tokenReasons.idp_unreachable, detail: 'ECONNREFUSED'},
	{name: '5xx on refresh, past expiry (Google)', provider: 'google', state: googleWith(connected, {status: 'error', reason: 'idp_error', detail: 'oauth2.googleapis.com answered HTTP 503.'}), reason: en.oauth.tokenReasons.idp_error, detail: 'answered HTTP 503.'},
];

describe('identity provider faults on screen: the reason and the next step', () => {
	for (const fault of cases) {
		test(`${fault.name}: "${fault.reason}"`, async () => {
			const started = fault.provider === 'microsoft'
				? await start({state: fault.state as MicrosoftState})
				: await start({google: fault.state as GoogleState});
			await (fault.provider === 'microsoft' ? openMicrosoft(started) : openGoogle(started));
			const flat = words(started);
			expect(flat).toContain(fault.reason);
			if (fault.detail) {
				expect(flat).toContain(fault.detail);
			}

			for (const text of fault.more ?? []) {
				expect(flat).toContain(text);
			}
		});
	}
});

describe('hostile text is drawn without its control sequences', () => {
	test('in the user code, verification URI and message', async () => {
		const state = microsoftWith(connected, {status: 'waiting'}, {
			...fixtures.authorization,
			userCode: `FJ2K${hostile}8QWXR`,
			verificationUri: `https://microsoft.com/${hostile}devicelogin`,
			message: `To sign in, use a web browser ${hostile}to open the page.`,
		});
		const started = await start({state});
		await openMicrosoft(started);
		const flat = words(started);
		expect(flat).toContain('F J 2 K');
		expect(flat).toContain('8 Q W X R');
		expect(flat).toContain('https://microsoft.com/');
		expect(flat).toContain('devicelogin');
		expect(flat).toContain('To sign in, use a web browser');
		// Copying the code and the URL (OSC 52 of the clean text only).
		await started.r.press('c');
		await started.r.press('u');
		expectNothingPlanted(everything(started));
	});

	test('in a connection failure\'s detail and a token error\'s detail', async () => {
		const state = microsoftWith(failedConnection('certificate_untrusted', `unable to get local issuer certificate${hostile} (depth 1)`), {status: 'error', reason: 'authorization_declined', detail: `AADSTS70000: declined${hostile}.`});
		const started = await start({state});
		await openMicrosoft(started);
		const flat = words(started);
		expect(flat).toContain('unable to get local issuer certificate');
		expect(flat).toContain('(depth 1)');
		expect(flat).toContain(en.oauth.connectionReasons.certificate_untrusted);
		expectNothingPlanted(everything(started));
	});

	test('in a declined sign-in\'s detail (the identity provider\'s error_description)', async () => {
		const started = await start({state: microsoftWith(connected, {status: 'error', reason: 'authorization_declined', detail: `AADSTS70000: The user declined${hostile} to authorize.`})});
		await openMicrosoft(started);
		const flat = words(started);
		expect(flat).toContain(en.oauth.tokenReasons.authorization_declined);
		expect(flat).toContain('AADSTS70000: The user declined');
		expectNothingPlanted(everything(started));
	});

	test('in the Google authorization URL: shown, copied and printed clean', async () => {
		const dirty = `${fixtures.googleAuthorizationUrl.slice(0, 60)}${hostile}${fixtures.googleAuthorizationUrl.slice(60)}`;
		const google: GoogleState = {...fixtures.googleWaiting, authorization: {...fixtures.googleWaiting.authorization!, url: dirty}};
		const started = await start({google});
		await openRegister(started);
		expect(started.r.visibleFrame()).toContain('https://accounts.google.com/o/oauth2/v2/auth?');
		await started.r.press('u');
		await started.r.waitForText('to the clipboard');
		await started.r.press('p');
		await started.r.waitForText('Printed the URL as one line above this screen');
		const output = everything(started);
		expectNothingPlanted(output);
		// What was printed to be selected is the URL without the sequences (the link's text stays).
		const clean = fixtures.googleAuthorizationUrl;
		expect(output).toContain(`${clean.slice(0, 60)}click${clean.slice(60)}\n`);
	});

	test('in the reason a refused authorization code comes back with, and in Google\'s token detail', async () => {
		const google: GoogleState = {...fixtures.googleWaiting, token: {status: 'error', reason: 'invalid_grant', detail: `Bad${hostile} Request`}};
		const started = await start({google});
		started.client.refuseNext('submitGoogleAuthorizationCode', 'authorizationCode', 'code_rejected', `invalid_grant: Bad${hostile} Request`);
		await openRegister(started);
		await started.r.press(fixtures.googleRedirect(), keys.enter);
		await started.r.waitForText(en.fieldErrors.code_rejected);
		expect(words(started)).toContain('invalid_grant: Bad');
		await started.r.press(keys.escape);
		await started.r.waitForText(en.google.tokenReasons.invalid_grant.slice(0, 40));
		expectNothingPlanted(everything(started));
	});

	test('in the device address the log-in and portal show', async () => {
		const {FakeDeviceClient} = await import('./support/fake-device-client.js');
		const client = new FakeDeviceClient(fixtures.notChecked, {baseUrl: `http://127.0.0.1:8080/${hostile}api/v1`});
		const started = await start({client});
		expect(words(started)).toContain('http://127.0.0.1:8080/');
		await started.r.press(client.password, keys.enter);
		await started.r.waitForText('Logged in as');
		expectNothingPlanted(everything(started));
	});
});
