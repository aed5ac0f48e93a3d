/**
Bad input from the keyboard, through the real app on a fake device, at 80x24: each case is
typed or pasted (one write is one paste) into the field where an engineer would put it. What
the engineer then sees: the field's message right under the field (the language table's
words), nothing sent or saved, every frame free of escape and control characters and within
the terminal; and the form still works: the value fixed, OK saves exactly that value.
*/
import {describe, expect, test} from 'vitest';
import type {FieldErrorCode} from '../../source/device/contract.js';
import {en} from '../../source/i18n/en.js';
import type {Language, Messages} from '../../source/i18n/index.js';
import {ja} from '../../source/i18n/ja.js';
import {
	appStarter,
	openEdit,
	openGoogle,
	openGoogleEdit,
	openMicrosoft,
	openRegister,
	titles,
	type Started,
} from './support/app-driver.js';
import type {FakeDeviceClient} from '../support/fake-device-client.js';
import * as fixtures from './support/fixtures.js';
import {expectFits, keys, visible} from '../support/render.js';

const start = appStarter();
const tables: Record<Language, Messages> = {en, ja};
const esc = '\u001B';
const size = {columns: 80, rows: 24};

const endpointFor = (tenant: string) => `https://login.microsoftonline.com/${tenant}/oauth2/v2.0`;
const organizations = endpointFor('organizations');
const consumers = endpointFor('consumers');

/** The lines under a field's label: the field's own line, then what is under it. */
function linesAfterLabel(frame: string, label: string): string[] {
	const lines = frame.split('\n');
	const at = lines.findIndex(line => line.trim() === label || line.startsWith(`  ${label}  (`));
	expect(at, `no label "${label}" in:\n${frame}`).toBeGreaterThanOrEqual(0);
	return lines.slice(at + 1);
}

/** The field's line, without the focus mark and the cursor's trailing space. */
function fieldValue(frame: string, label: string): string {
	return (linesAfterLabel(frame, label)[0] ?? '').slice(2).trimEnd();
}

/**
The message right under a field (`skip`: lines between the field and its message, such as a
hint): the red lines indented by four, joined.
*/
function messageUnder(frame: string, label: string, skip = 0): string {
	const below = linesAfterLabel(frame, label).slice(1 + skip);
	const end = below.findIndex(line => !line.startsWith('    ') || line.trim() === '');
	return below.slice(0, end === -1 ? below.length : end).map(line => line.trim()).join(' ');
}

/** Wrapping puts line breaks where spaces were (or none, in Japanese): compare without them. */
const squash = (text: string) => text.replaceAll(/\s+/g, '');

function expectMessage(frame: string, label: string, words: string, skip = 0): void {
	expect(squash(messageUnder(frame, label, skip)), frame).toBe(squash(words));
}

/** The app's own OSC 8 links (to the device's URLs): the only escape sequences it may draw. */
function withoutOwnLinks(frame: string): string {
	const ownUrls = [fixtures.googleAuthorizationUrl, fixtures.authorization.verificationUri];
	return ownUrls.reduce((text, url) => text.replaceAll(`${esc}]8;;${url}\u0007`, ''), frame).replaceAll(`${esc}]8;;\u0007`, '');
}

/** Every frame drawn since `from`: no ESC, C0 (but line breaks) or C1 character, and within 80x24. */
function expectCleanFrames(started: Started, from: number): void {
	const frames = started.r.stdout.frames.slice(from);
	expect(frames.length).toBeGreaterThan(0);
	for (const frame of frames) {
		const controls = [...withoutOwnLinks(frame)].filter(character => /[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/.test(character));
		expect(controls.map(character => character.codePointAt(0)!.toString(16)), frame).toEqual([]);
		expectFits(visible(frame), size);
	}
}

/** Every call the fake device got, and everything it was given to save or exchange. */
function changes(client: FakeDeviceClient) {
	return {
		calls: {...client.calls},
		saved: [...client.saved],
		savedGoogle: [...client.savedGoogle],
		submittedCodes: [...client.submittedCodes],
	};
}

/** Tab to OK (drawn `›[ OK ]` when it has the focus), then Enter. */
async function pressOk(started: Started, messages: Messages): Promise<void> {
	const okFocused = `›[ ${messages.common.ok} ]`;
	for (let step = 0; step < 8 && !started.r.visibleFrame().includes(okFocused); step++) {
		// eslint-disable-next-line no-await-in-loop
		await started.r.press(keys.tab);
	}

	expect(started.r.visibleFrame()).toContain(okFocused);
	await started.r.press(keys.enter);
}

type Case = {
	name: string;
	language?: Language;
	/** Written in one piece, as a paste (or typed text) arrives. */
	paste: string;
	/** What the field shows after the paste, if worth checking (short values only). */
	shows?: string;
	/** The message under the field after OK; undefined: nothing is wrong with what the field holds. */
	error?: FieldErrorCode;
	/** Keys that fix the value (the field has the focus), and the value then saved. */
	fix?: string[];
	saved: string;
};

describe('Microsoft Entra ID Authorization Server Endpoint', () => {
	const cases: Case[] = [
		{name: 'http:// instead of https://', paste: 'http://login.microsoftonline.com/organizations/oauth2/v2.0', error: 'not_https', saved: organizations},
		{name: 'another host', paste: 'https://login.microsoft.com/organizations/oauth2/v2.0', error: 'wrong_host', saved: organizations},
		{name: 'an unknown tenant', paste: endpointFor('contoso.onmicrosoft.com'), error: 'unknown_tenant', saved: consumers},
		{name: 'an unknown tenant (ja)', language: 'ja', paste: endpointFor('contoso'), error: 'unknown_tenant', saved: consumers},
		{
			name: 'trailing spaces',
			paste: `${organizations}   `,
			error: 'invalid_characters',
			fix: [keys.backspace, keys.backspace, keys.backspace],
			saved: organizations,
		},
		{name: 'full-width https', paste: 'ｈｔｔｐｓ://login.microsoftonline.com/organizations/oauth2/v2.0', error: 'invalid_characters', saved: organizations},
		{
			name: 'a full-width slash (ja)',
			language: 'ja',
			paste: 'https://login.microsoftonline.com／organizations／oauth2/v2.0',
			shows: 'https://login.microsoftonline.com／organizations／oauth2/v2.0',
			error: 'invalid_characters',
			saved: organizations,
		},
		{name: 'a 10,000-character paste', paste: `https://login.microsoftonline.com/${'a'.repeat(10_000)}`, error: 'too_long', saved: organizations},
		{name: 'a 10,000-character paste of endpoints', paste: organizations.repeat(Math.ceil(10_000 / organizations.length)), error: 'too_long', saved: organizations},
		// Dropped on the way in: the field holds only what can be seen.
		{
			// A bracketed paste: typed (or pasted without the markers), the ETX would be Ctrl+C, Quit.
			name: 'C0 controls (NUL, ETX = Ctrl+C, BEL, VT, FF, SO, SI, FS–US)',
			paste: `${esc}[200~https://\u0000login.\u0007microsoft\u0003online.com\u000B/organ\u000C\u000E\u000Fizations\u001C\u001D/oauth2\u001E\u001F/v2.0${esc}[201~`,
			shows: organizations,
			saved: organizations,
		},
		{
			name: 'C1 controls (NEL, PAD, APC), 8-bit CSI and OSC',
			paste: `https://login.microsoft\u0085online.com\u0080/\u009B31morganizations\u009B0m/\u009D52;c;ZXZpbA==\u009Coauth2/v2.0\u009F`,
			shows: organizations,
			saved: organizations,
		},
		{
			name: 'DEL and backspace, as when typed fast: they erase',
			paste: 'https://login.microsoftonline.com/organizationsx\u007F/oauth2/v2.0zz\b\b',
			shows: organizations,
			saved: organizations,
		},
		{
			name: 'CSI sequences (colours, clear screen, hide cursor, status report)',
			paste: `${esc}[2J${esc}[?25l${esc}[38;5;196mhttps://login.microsoftonline.com/${esc}[1;31morganizations${esc}[0m/oauth2/v2.0${esc}[6n`,
			shows: organizations,
			saved: organizations,
		},
		{
			name: 'an OSC 8 link (ST) and a window title (BEL)',
			paste: `${esc}]0;pwned\u0007https://login.microsoftonline.com/${esc}]8;id=1;https://evil.example/${esc}\\organizations${esc}]8;;${esc}\\/oauth2/v2.0`,
			shows: organizations,
			saved: organizations,
		},
		{
			name: 'OSC 52 clipboard writes (BEL and ST)',
			paste: `https://login.microsoftonline.com/${esc}]52;c;ZXZpbA==\u0007organizations${esc}]52;p;ZXZpbA==${esc}\\/oauth2/v2.0`,
			shows: organizations,
			saved: organizations,
		},
		{
			name: 'DCS, APC, PM and SOS strings',
			paste: `https://login.microsoftonline.com/${esc}P1$r0m${esc}\\organizations${esc}_apc${esc}\\/oauth2${esc}^pm${esc}\\/v2.0${esc}Xsos${esc}\\`,
			shows: organizations,
			saved: organizations,
		},
		{
			name: 'OSC 52 wrapped for tmux (DCS with doubled ESC)',
			paste: `https://login.microsoftonline.com/organizations${esc}Ptmux;${esc}${esc}]52;c;ZXZpbA==\u0007${esc}\\/oauth2/v2.0`,
			shows: organizations,
			saved: organizations,
		},
		{
			// A bracketed paste: without the markers its line breaks are Enter, as typed.
			name: 'a line with line breaks inside (copied from a wrapped terminal line)',
			paste: `${esc}[200~https://login.microsoftonline.com/\norganizations/oau\r\nth2/v2.0${esc}[201~`,
			shows: organizations,
			saved: organizations,
		},
	];

	test.each(cases)('$name', async ({language = 'en', paste, shows, error, fix, saved}) => {
		const messages = tables[language];
		const label = messages.microsoft.endpoint;
		const started = await start({state: fixtures.waiting, language});
		await openEdit(started, language);
		await started.r.press(keys.down, keys.down, keys.down, keys.ctrlU);
		await started.r.waitForFrame(frame => fieldValue(frame, label) === '');
		const before = changes(started.client);
		const from = started.r.stdout.frames.length;

		await started.r.press(paste);
		const pasted = await started.r.waitForFrame(frame => fieldValue(frame, label) !== '');
		expect(changes(started.client)).toEqual(before);
		if (shows !== undefined) {
			expect(fieldValue(pasted, label)).toBe(shows);
		}

		await pressOk(started, messages);
		if (error) {
			const frame = await started.r.waitForText(messages.edit.checkFields);
			expectMessage(frame, label, messages.fieldErrors[error]);
			expect(changes(started.client)).toEqual(before);
			expectCleanFrames(started, from);
			// The focus is back on the field: fix it, OK.
			await started.r.press(...(fix ?? [keys.ctrlU, saved]));
			await pressOk(started, messages);
		}

		await started.r.waitForText(titles[language].microsoft);
		expect(started.client.saved).toEqual([{...fixtures.waiting.settings, endpoint: saved}]);
		expectCleanFrames(started, from);
	});

	test.each([
		['LF', '\n'],
		['CRLF', '\r\n'],
	])('a pasted line ending with a line break (%s) moves on to the next field: it does not press OK', async (_name, lineBreak) => {
		const messages = en;
		const label = messages.microsoft.endpoint;
		const started = await start({state: fixtures.waiting});
		await openEdit(started);
		await started.r.press(keys.down, keys.down, keys.down, keys.ctrlU);
		const before = changes(started.client);
		const from = started.r.stdout.frames.length;
		await started.r.press(`${consumers}${lineBreak}`);
		const frame = await started.r.waitForFrame(text => text.includes(`› ${messages.edit.tenant}`));
		expect(linesAfterLabel(frame, label)[0]).toBe(`  ${consumers}`);
		expect(messageUnder(frame, label)).toBe('');
		expect(changes(started.client)).toEqual(before);
		expectCleanFrames(started, from);
		await pressOk(started, messages);
		await started.r.waitForText(titles.en.microsoft);
		expect(started.client.saved).toEqual([{...fixtures.waiting.settings, endpoint: consumers}]);
	});
});

describe('Edit Basic Settings (Google)', () => {
	const clientId = fixtures.googleClientId;
	const secret = 'GOCSPX-Bad1nput-Secret';

	test.each([
		{name: 'a client ID of the wrong shape', language: 'en' as const, paste: '123456789012-abc.apps.google.com', error: 'invalid_client_id' as const},
		{name: 'a client ID of the wrong shape (ja)', language: 'ja' as const, paste: '123456789012-abc', error: 'invalid_client_id' as const},
		{name: 'a client ID with a trailing space', language: 'en' as const, paste: `${clientId} `, error: 'invalid_characters' as const},
		{name: 'a 10,000-character client ID', language: 'en' as const, paste: `${'a'.repeat(10_000)}.apps.googleusercontent.com`, error: 'too_long' as const},
	])('$name', async ({language, paste, error}) => {
		const messages = tables[language];
		const label = messages.google.clientId;
		const fixed = 'fixed-0123.apps.googleusercontent.com';
		const started = await start({google: fixtures.googleWaiting, language});
		await openGoogleEdit(started, language);
		await started.r.press(keys.tab, keys.tab, keys.tab, keys.ctrlU);
		const before = changes(started.client);
		const from = started.r.stdout.frames.length;
		await started.r.press(paste);
		await pressOk(started, messages);
		const frame = await started.r.waitForText(messages.edit.checkFields);
		expectMessage(frame, label, messages.fieldErrors[error]);
		expect(changes(started.client)).toEqual(before);
		expectCleanFrames(started, from);

		await started.r.press(keys.ctrlU, fixed);
		await pressOk(started, messages);
		await started.r.waitForText(titles[language].google);
		expect(started.client.savedGoogle).toEqual([{enabled: true, verifyServerCertificate: true, addCnToVerification: false, clientId: fixed}]);
		expectCleanFrames(started, from);
	});

	test.each(['en', 'ja'] as const)('an empty secret on first set-up (%s)', async language => {
		const messages = tables[language];
		const label = messages.google.clientSecret;
		const started = await start({google: fixtures.googleNotConfigured, language});
		await openGoogleEdit(started, language);
		const before = changes(started.client);
		const from = started.r.stdout.frames.length;
		await started.r.press(keys.space, keys.tab, keys.tab, keys.tab, clientId);
		await pressOk(started, messages);
		const frame = await started.r.waitForText(messages.edit.checkFields);
		expectMessage(frame, label, messages.fieldErrors.secret_required);
		expect(messageUnder(frame, messages.google.clientId)).toBe('');
		expect(changes(started.client)).toEqual(before);
		expectCleanFrames(started, from);

		// The focus is on the secret: typed there, masked, then saved once.
		await started.r.press(secret);
		await started.r.waitForFrame(text => linesAfterLabel(text, label)[0] === `› ${'•'.repeat(secret.length)}`);
		await pressOk(started, messages);
		await started.r.waitForText(titles[language].google);
		expect(started.client.savedGoogle).toEqual([{enabled: true, verifyServerCertificate: true, addCnToVerification: false, clientId, clientSecret: secret}]);
		expectCleanFrames(started, from);
		expect(started.r.stdout.frames.join('')).not.toContain(secret);
	});
});

describe('a paste where no text goes', () => {
	// On a checkbox, the tenant picker or a button, letters are commands one at a time:
	// q quits, space toggles. A paste there is taken whole and means nothing.
	test.each([
		{name: 'a client ID (with a q in it) on Use OAuth 2.0', google: true, tabs: 0},
		{name: 'a client ID on OK', google: true, tabs: 5},
		{name: 'an endpoint with spaces and a q on the tenant picker', google: false, tabs: 4},
	])('$name: nothing happens, the form still works', async ({google, tabs}) => {
		const paste = google ? `${fixtures.googleClientId} q ?` : `${organizations} q ?`;
		const started = google
			? await start({google: fixtures.googleWaiting})
			: await start({state: fixtures.waiting});
		await (google ? openGoogleEdit(started) : openEdit(started));
		await started.r.press(...Array.from({length: tabs}, () => keys.tab));
		const before = changes(started.client);
		const shown = started.r.visibleFrame();
		const from = started.r.stdout.frames.length;
		await started.r.press(paste);
		await started.r.press(keys.shiftTab, keys.tab);
		expect(started.r.visibleFrame()).toBe(shown);
		expect(started.exits.count).toBe(0);
		expect(changes(started.client)).toEqual(before);

		await pressOk(started, en);
		await started.r.waitForText(google ? titles.en.google : titles.en.microsoft);
		if (google) {
			expect(started.client.savedGoogle).toEqual([{enabled: true, verifyServerCertificate: true, addCnToVerification: false, clientId: fixtures.googleClientId}]);
		} else {
			expect(started.client.saved).toEqual([fixtures.waiting.settings]);
		}

		expectCleanFrames(started, from);
	});
});

describe('a paste on a settings page', () => {
	// One key at a time, x then y forgets the authorization, e opens Edit, q quits.
	test.each([
		{name: 'OAuth 2.0 (Microsoft) Settings', google: false},
		{name: 'OAuth 2.0 (Google) Settings', google: true},
	])('$name: a pasted "exyq" forgets nothing, opens nothing and does not quit; single keys still work', async ({google}) => {
		const started = google ? await start({google: fixtures.googleActive}) : await start({state: fixtures.active});
		await (google ? openGoogle(started) : openMicrosoft(started));
		const shown = await started.r.waitForText('Active');
		const before = changes(started.client);
		await started.r.press('exyq');
		await started.r.press(keys.shiftTab, keys.tab);
		expect(started.r.visibleFrame()).toBe(shown);
		expect(started.exits.count).toBe(0);
		expect(changes(started.client)).toEqual(before);
		await started.r.press('x');
		await started.r.waitForText('(y/n)');
		await started.r.press('y');
		await started.r.waitForFrame(() => (google ? started.client.calls.resetGoogleToken : started.client.calls.resetMicrosoftToken) === 1);
	});
});

describe('Authorization Code', () => {
	const code = fixtures.googleAuthorizationCode;
	const redirect = fixtures.googleRedirect();
	const cases: Array<Omit<Case, 'saved' | 'fix' | 'shows'> & {error: FieldErrorCode}> = [
		{name: 'garbage with spaces', paste: 'no idea what goes here', error: 'invalid_characters'},
		{name: 'full-width garbage', paste: '４／０Ａｅａｎ', error: 'invalid_characters'},
		{name: 'an address without a query (the redirect page itself)', paste: 'http://localhost/', error: 'code_missing'},
		{name: 'another address without a code', paste: 'https://accounts.google.com/o/oauth2/v2/auth', error: 'code_missing'},
		{name: 'a redirect URL with error=access_denied', paste: `http://localhost/?error=access_denied&state=${fixtures.googleUrlState}`, error: 'access_denied'},
		{name: 'a redirect URL with error= and a code', paste: `http://localhost/?code=${encodeURIComponent(code)}&error=access_denied&state=${fixtures.googleUrlState}`, error: 'access_denied'},
		{name: 'a redirect URL with a wrong state', paste: fixtures.googleRedirect({state: 'Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmX'}), error: 'state_mismatch'},
		{name: 'a redirect URL with a wrong state (ja)', language: 'ja', paste: fixtures.googleRedirect({state: 'other'}), error: 'state_mismatch'},
		{name: 'a 10,000-character paste', paste: `4/0A${'b'.repeat(10_000)}`, error: 'too_long'},
		{name: 'a 10,000-character redirect URL', paste: `${redirect}&x=${'y'.repeat(10_000)}`, error: 'too_long'},
		{name: 'a redirect URL with control characters and escape sequences around a wrong state', paste: `${esc}[31mhttp://localhost/?state=\u0000other\u009B2J&code=${esc}]52;c;ZXZpbA==\u0007abc${esc}[0m`, error: 'state_mismatch'},
	];

	test.each(cases)('$name', async ({language = 'en', paste, error}) => {
		const messages = tables[language];
		const label = messages.google.authorizationCode;
		const started = await start({google: fixtures.googleWaiting, language});
		await openRegister(started, language);
		await started.r.press(keys.tab);
		const before = changes(started.client);
		const from = started.r.stdout.frames.length;
		await started.r.press(paste, keys.enter);
		const frame = await started.r.waitForFrame(text => messageUnder(text, label, 1) !== '');
		// Under the field: its hint, then the message.
		expectMessage(frame, label, messages.fieldErrors[error], 1);
		expect(changes(started.client)).toEqual(before);
		expectCleanFrames(started, from);

		// Fixed: the whole redirect URL, pasted again; Enter sends just the code.
		await started.r.press(keys.ctrlU, redirect, keys.enter);
		await started.r.waitForText(titles[language].google);
		expect(started.client.submittedCodes).toEqual([code]);
		expectCleanFrames(started, from);
	});

	test('a redirect URL pasted with control characters and escape sequences sends just the code', async () => {
		const started = await start({google: fixtures.googleWaiting});
		await openRegister(started);
		await started.r.press(keys.tab);
		const from = started.r.stdout.frames.length;
		const dirty = `${esc}]8;;https://evil.example/${esc}\\"${redirect.replace('&code=', `&\u0085code=${esc}[2J`)}\u0000"${esc}]8;;${esc}\\`;
		await started.r.press(dirty, keys.enter);
		await started.r.waitForText(titles.en.google);
		expect(started.client.submittedCodes).toEqual([code]);
		expectCleanFrames(started, from);
	});
});
