/**
Invisible and direction-changing characters from the device or an identity provider (bidi
embeddings, overrides and isolates U+202A–202E and U+2066–2069, LRM/RLM, zero-width characters,
the BOM, soft hyphen, tag characters) reach neither the screen nor the clipboard: a verification
URL `…devicelogin\u202E/evil` must not read as another address, nor an account `eng\u202Emoc.live@`
as `eng@live.com`. A fake device answers such texts in every field the screens draw; everything
written to the terminal (frames and OSC 52 writes, raw, not stripped) is searched, and each OSC 52
payload is decoded and searched. The text around them stays readable.
*/
import {Buffer} from 'node:buffer';
import {describe, expect, test} from 'vitest';
import type {GoogleState, MicrosoftState} from '../../source/device/contract.js';
import {en} from '../../source/i18n/en.js';
import {deviceError} from '../support/fake-device-client.js';
import {keys} from '../support/render.js';
import {appStarter, openGoogle, openMicrosoft, openRegister, type Started} from './support/app-driver.js';
import * as fixtures from './support/fixtures.js';

const start = appStarter();

/** Bidi controls, zero-width characters, BOM, soft hyphen, invisible operators, tag characters. */
const invisible = /[\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF\uFFF9-\uFFFB]|\uDB40[\uDC00-\uDC7F]/u;
const rlo = '\u202E';
const tags = '\u{E0001}\u{E0065}\u{E0076}\u{E0069}\u{E006C}\u{E007F}';
/** One of each kind, to plant in the middle of a text. */
const planted = `\u202A\u202B\u202C\u202D${rlo}\u2066\u2067\u2068\u2069\u200E\u200F\u200B\u200C\u200D\u2060\uFEFF\u00AD\u061C${tags}`;

/** Everything written to the terminal so far, raw: frames, clipboard writes and printed lines. */
function everything(started: Started): string {
	return [...started.r.stdout.frames, ...started.r.stdout.raw].join('');
}

/** The texts each OSC 52 write put on the clipboard. */
function copied(started: Started): string[] {
	return [...everything(started).matchAll(/\u001B\]52;c;([A-Za-z\d+/=]*)\u0007/g)].map(([, payload]) => Buffer.from(payload!, 'base64').toString('utf8'));
}

function expectNoneWritten(started: Started): void {
	const written = everything(started);
	const found = invisible.exec(written);
	expect(found, found ? `U+${found[0].codePointAt(0)!.toString(16).toUpperCase()} written at ${found.index}: …${JSON.stringify(written.slice(Math.max(0, found.index - 40), found.index + 10))}` : '').toBeNull();
	for (const text of copied(started)) {
		expect(text).not.toMatch(invisible);
	}
}

/** The visible frame as one line of words (wrapping undone). */
function words(started: Started): string {
	return started.r.visibleFrame().replace(/\s+/g, ' ');
}

const connected = {status: 'success', checkedAt: fixtures.isoAt(-5000)} as const;

describe('the Microsoft settings page', () => {
	test('verification URL, user code, message and endpoint: drawn and copied (c, u) without them', async () => {
		const state: MicrosoftState = {
			settings: {...fixtures.waiting.settings, endpoint: `https://login.microsoftonline.com/${planted}organizations/oauth2/v2.0`},
			connection: connected,
			authorization: {
				...fixtures.authorization,
				userCode: `FJ2K${planted}8QWXR`,
				verificationUri: `https://microsoft.com/devicelogin${rlo}/evil`,
				message: `To sign in, use a web browser${planted} to open the page https://microsoft.com/devicelogin${rlo}/evil.`,
			},
			token: {status: 'waiting'},
		};
		const started = await start({state});
		await openMicrosoft(started);
		const flat = words(started);
		expect(flat).toContain('https://microsoft.com/devicelogin/evil');
		expect(flat).toContain('F J 2 K 8 Q W X R');
		expect(flat).toContain('To sign in, use a web browser to open the page');
		expect(flat).toContain('https://login.microsoftonline.com/organizations/oauth2/v2.0');
		await started.r.press('c');
		await started.r.waitForText('FJ2K8QWXR');
		await started.r.press('u');
		await started.r.waitForText('to the clipboard');
		expect(copied(started)).toEqual(['FJ2K8QWXR', 'https://microsoft.com/devicelogin/evil']);
		expectNoneWritten(started);
	});

	test('the account that sends (eng\\u202Emoc.live@) reads as it is: engmoc.live@', async () => {
		const state: MicrosoftState = {...fixtures.active, token: {...fixtures.active.token, account: `eng${rlo}moc.live@`}};
		const started = await start({state});
		await openMicrosoft(started);
		expect(words(started)).toContain('engmoc.live@');
		expectNoneWritten(started);
	});

	test('a connection failure\'s and a token error\'s detail', async () => {
		const state: MicrosoftState = {
			...fixtures.declined,
			connection: {status: 'failed', reason: 'certificate_untrusted', detail: `unable to get${planted} local issuer certificate`, checkedAt: fixtures.isoAt(-5000)},
			token: {status: 'error', reason: 'authorization_declined', detail: `AADSTS70000: The user${planted} declined to authorize.`},
		};
		const started = await start({state});
		await openMicrosoft(started);
		const flat = words(started);
		expect(flat).toContain('unable to get local issuer certificate');
		expect(flat).toContain(en.oauth.tokenReasons.authorization_declined);
		expectNoneWritten(started);
	});

	test('an error\'s message from the device (HTTP 500) in the notice', async () => {
		const started = await start({state: fixtures.waiting});
		await openMicrosoft(started);
		started.client.failNext('refreshMicrosoft', deviceError('http', {status: 500, apiError: {error: 'internal', message: `Storage${planted} failed.`}}));
		await started.r.press('r');
		await started.r.waitForText('Storage failed.');
		expectNoneWritten(started);
	});

	test('what the revocation did, after x and y', async () => {
		const started = await start({state: {...fixtures.active, token: {...fixtures.active.token, account: 'engineer@contoso.com'}}});
		started.client.onRevoke = () => ({status: 'failed', detail: `Revocation${planted} refused.`});
		await openMicrosoft(started);
		await started.r.press('x', 'y');
		await started.r.waitForText('Revocation refused.');
		expectNoneWritten(started);
	});
});

describe('Send Test Mail', () => {
	test('the report: sender and server reply', async () => {
		const state: MicrosoftState = {...fixtures.active, token: {...fixtures.active.token, account: `eng${rlo}moc.live@`}};
		const started = await start({state});
		started.client.onTestMail = (_provider, to) => ({
			sent: false,
			from: `eng${rlo}moc.live@`,
			to,
			server: 'smtp.office365.com:587',
			reply: `535 5.7.139 Authentication${planted} unsuccessful`,
			failure: 'auth',
			at: fixtures.isoAt(1000),
		});
		await openMicrosoft(started);
		await started.r.press('m');
		await started.r.waitForText('[ Send ]');
		await started.r.press('someone@example.net', keys.enter);
		await started.r.waitForText(en.testMail.notSent);
		const flat = words(started);
		expect(flat).toContain('535 5.7.139 Authentication unsuccessful');
		expect(flat).toContain('engmoc.live@');
		expectNoneWritten(started);
	});
});

describe('the Google pages', () => {
	test('the client ID and a token error\'s detail on the settings page', async () => {
		const google: GoogleState = {
			...fixtures.googleActive,
			settings: {...fixtures.googleActive.settings, clientId: `1234${planted}-abc.apps.googleusercontent.com`},
			token: {status: 'error', reason: 'invalid_grant', detail: `Token has been${planted} expired or revoked.`},
		};
		const started = await start({google});
		await openGoogle(started);
		const flat = words(started);
		expect(flat).toContain('1234-abc.apps.googleusercontent.com');
		expect(flat).toContain('Token has been expired or revoked.');
		expectNoneWritten(started);
	});

	test('the authorization URL: shown, copied (u) and printed (p) without them', async () => {
		const url = fixtures.googleAuthorizationUrl;
		const dirty = `${url.slice(0, 40)}${planted}${url.slice(40, 80)}${rlo}${url.slice(80)}`;
		const google: GoogleState = {...fixtures.googleWaiting, authorization: {...fixtures.googleWaiting.authorization!, url: dirty}};
		const started = await start({google});
		await openRegister(started);
		await started.r.press('u');
		await started.r.waitForText('to the clipboard');
		await started.r.press('p');
		await started.r.waitForText('Printed the URL as one line above this screen');
		expect(copied(started)).toEqual([url]);
		expect(everything(started)).toContain(`${url}\n`);
		expectNoneWritten(started);
	});

	test('the reason a refused code comes back with', async () => {
		const started = await start({google: fixtures.googleWaiting});
		started.client.refuseNext('submitGoogleAuthorizationCode', 'authorizationCode', 'code_rejected', `invalid_grant: Bad${planted} Request`);
		await openRegister(started);
		await started.r.press(fixtures.googleRedirect(), keys.enter);
		await started.r.waitForText(en.fieldErrors.code_rejected);
		expect(words(started)).toContain('invalid_grant: Bad Request');
		expectNoneWritten(started);
	});
});
