/**
Send Test Mail, from both OAuth 2.0 pages, against a fake device: the account that sends on
the settings pages, m only while Token Status is Active, the address checked before anything
is sent, the sending with its seconds, the device's report (sent, or not with the server's
reply and what to do), device errors in words, and a session that ends keeping the address.
Snapshots in both languages at 80x24 (and the busiest screens at 60x20); every frame drawn
must leave the last terminal line free and fit the width.
*/
import {describe, expect, test} from 'vitest';
import type {GoogleState, MicrosoftState, TestMailProvider, TestMailResult} from '../../source/device/contract.js';
import {languages, type Language} from '../../source/i18n/index.js';
import {appStarter, openGoogle, openMicrosoft, type Started} from './support/app-driver.js';
import {deviceError} from '../support/fake-device-client.js';
import * as fixtures from './support/fixtures.js';
import {expectFits, keys, visible} from '../support/render.js';

const start = appStarter();

type Size = {columns: number; rows: number};
const normal: Size = {columns: 80, rows: 24};
const small: Size = {columns: 60, rows: 20};

const microsoftAccount = 'engineer@contoso.com';
const googleAccount = 'engineer@example.com';
const recipient = 'someone@example.net';

const microsoftActive: MicrosoftState = {...fixtures.active, token: {...fixtures.active.token, account: microsoftAccount}};
const googleActive: GoogleState = {...fixtures.googleActive, token: {...fixtures.googleActive.token, account: googleAccount}};

const at = fixtures.isoAt(1000);

/** What Exchange Online says when SMTP AUTH is off for the tenant. */
const smtpAuthDisabledReply = '535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information. [TYAPR01CA0123.jpnprd01.prod.outlook.com 2025-06-02T10:00:01.000Z 08DC82F5A1B2C3D4]';

function result(provider: TestMailProvider, to: string, overrides: Partial<TestMailResult>): TestMailResult {
	return {
		sent: false,
		from: provider === 'microsoft' ? microsoftAccount : googleAccount,
		to,
		server: provider === 'microsoft' ? 'smtp.office365.com:587' : 'smtp.gmail.com:587',
		at,
		...overrides,
	};
}

const words = {
	ja: {
		sendButton: '[ 送信 ]',
		checkAddress: '何も送信していません',
		sending: '経由で送信しています',
		threeSeconds: '3秒経過',
		sent: 'テストメールを送信しました。',
		notSent: 'テストメールは送信されませんでした。',
		smtpAuth: 'SMTP AUTHが無効です',
		tokenNotActive: '[稼働中]ではないため',
		session: 'セッションが終了しました',
		notSentSession: 'セッションが終了したため送信されていません',
		notActive: 'トークンが[稼働中]のときだけ送信できます',
		account: 'アカウント(送信者)',
		unreachable: '接続できません',
	},
	en: {
		sendButton: '[ Send ]',
		checkAddress: 'Nothing was sent',
		sending: 'Sending through',
		threeSeconds: '3 s',
		sent: 'Test mail sent.',
		notSent: 'Test mail not sent.',
		smtpAuth: 'SMTP AUTH is turned off',
		tokenNotActive: 'Not sent: Token Status is not Active',
		session: 'Your session ended',
		notSentSession: 'Not sent: your session ended. Press Send again.',
		notActive: 'only while Token Status is Active',
		account: 'Account (sender)',
		unreachable: 'Cannot reach the device',
	},
} satisfies Record<Language, Record<string, string>>;

/** Every frame drawn since `from` (a count of frames) fits `size`. */
function expectFramesFit(started: Started, from: number, size: Size): void {
	for (const frame of started.r.stdout.frames.slice(from).map(drawn => visible(drawn)).filter(drawn => drawn !== '')) {
		expectFits(frame, size);
	}
}

/** The provider's settings page, then m: the Send Test Mail form. */
async function openTestMail(started: Started, provider: TestMailProvider, language: Language = 'en'): Promise<void> {
	await (provider === 'microsoft' ? openMicrosoft : openGoogle)(started, language);
	await started.r.press('m');
	await started.r.waitForText(words[language].sendButton);
}

/** The line of the To field (the one after its label). */
function toLine(frame: string, language: Language = 'en'): string {
	const lines = frame.split('\n');
	return lines[lines.findIndex(line => line.trim() === (language === 'en' ? 'To' : '宛先')) + 1] ?? '';
}

type Scene = {
	name: string;
	microsoft?: MicrosoftState;
	google?: GoogleState;
	/** From the log-in screen to what is to be seen. */
	act(started: Started, language: Language): Promise<unknown>;
	/** Also kept as a snapshot at 60x20 (every scene is checked to fit there). */
	small?: boolean;
};

const scenes: Scene[] = [
	{
		name: 'Microsoft settings: Active, with the account that sends',
		microsoft: microsoftActive,
		act: async (started, language) => openMicrosoft(started, language).then(async () => started.r.waitForText(microsoftAccount)),
		small: true,
	},
	{
		name: 'Google settings: Active, with the account that sends',
		google: googleActive,
		act: async (started, language) => openGoogle(started, language).then(async () => started.r.waitForText(googleAccount)),
	},
	{
		name: 'Microsoft settings: m while waiting for authorization says why not',
		microsoft: fixtures.waiting,
		async act(started, language) {
			await openMicrosoft(started, language);
			await started.r.press('m');
			return started.r.waitForText(words[language].notActive);
		},
		small: true,
	},
	{
		name: 'the form',
		microsoft: microsoftActive,
		act: async (started, language) => openTestMail(started, 'microsoft', language),
		small: true,
	},
	{
		name: 'an address that is not one: said next to the field',
		microsoft: microsoftActive,
		async act(started, language) {
			await openTestMail(started, 'microsoft', language);
			await started.r.press('someone@', keys.enter);
			return started.r.waitForText(words[language].checkAddress);
		},
		small: true,
	},
	{
		name: 'sending, 3 seconds in',
		microsoft: microsoftActive,
		async act(started, language) {
			await openTestMail(started, 'microsoft', language);
			// Held until the app is unmounted.
			started.client.hold('sendTestMail');
			await started.r.press(recipient, keys.enter);
			await started.r.waitForText(words[language].sending);
			started.clock.advance(3000);
			return started.r.waitForText(words[language].threeSeconds);
		},
		small: true,
	},
	{
		name: 'sent',
		microsoft: microsoftActive,
		async act(started, language) {
			started.client.onTestMail = (provider, to) => result(provider, to, {sent: true, reply: '250 2.0.0 OK <1c0ffee@contoso.com> [Hostname=TYAPR01MB1234.jpnprd01.prod.outlook.com]'});
			await openTestMail(started, 'microsoft', language);
			await started.r.press(recipient, keys.enter);
			return started.r.waitForText(words[language].sent);
		},
	},
	{
		name: 'not sent: SMTP AUTH is disabled for the tenant (535 5.7.139)',
		microsoft: microsoftActive,
		async act(started, language) {
			started.client.onTestMail = (provider, to) => result(provider, to, {failure: 'auth', reply: smtpAuthDisabledReply});
			await openTestMail(started, 'microsoft', language);
			await started.r.press(recipient, keys.enter);
			return started.r.waitForText(words[language].smtpAuth);
		},
		small: true,
	},
	{
		name: 'not sent: the server refuses the sender (550 5.7.60)',
		microsoft: microsoftActive,
		async act(started, language) {
			started.client.onTestMail = (provider, to) => result(provider, to, {
				failure: 'rejected',
				reply: '550 5.7.60 SMTP; Client does not have permissions to send as this sender',
			});
			await openTestMail(started, 'microsoft', language);
			await started.r.press(recipient, keys.enter);
			return started.r.waitForText('5.7.60');
		},
	},
	{
		name: 'Google: not sent, the token refused (535 5.7.8)',
		google: googleActive,
		async act(started, language) {
			started.client.onTestMail = (provider, to) => result(provider, to, {
				failure: 'auth',
				reply: '535-5.7.8 Username and Password not accepted. For more information, go to 535 5.7.8  https://support.google.com/mail/?p=BadCredentials',
			});
			await openTestMail(started, 'google', language);
			await started.r.press(recipient, keys.enter);
			return started.r.waitForText('5.7.8');
		},
	},
	{
		name: 'the device says the token is not active (409)',
		microsoft: microsoftActive,
		async act(started, language) {
			started.client.failNext('sendTestMail', deviceError('http', {
				status: 409,
				apiError: {error: 'token_not_active', message: 'No active access token.'},
			}));
			await openTestMail(started, 'microsoft', language);
			await started.r.press(recipient, keys.enter);
			return started.r.waitForText(words[language].tokenNotActive);
		},
	},
	{
		name: 'the session ended while sending: logged in again, the address kept',
		microsoft: microsoftActive,
		async act(started, language) {
			await openTestMail(started, 'microsoft', language);
			started.client.failNext('sendTestMail', deviceError('session-expired', {status: 401}));
			await started.r.press(recipient, keys.enter);
			await started.r.waitForText(words[language].session);
			await started.r.press(started.client.password, keys.enter);
			return started.r.waitForText(words[language].notSentSession);
		},
		small: true,
	},
];

describe.each(languages)('%s', language => {
	test.each(scenes.map(scene => [scene.name, scene] as const))('%s', async (_name, scene) => {
		const started = await start({
			language,
			...(scene.microsoft ? {state: scene.microsoft} : {}),
			...(scene.google ? {google: scene.google} : {}),
		});
		await scene.act(started, language);
		const frame = started.r.visibleFrame();
		expectFramesFit(started, 0, normal);
		expect(frame).toMatchSnapshot();
	});

	test.each(scenes.map(scene => [scene.name, scene] as const))('60x20: %s', async (_name, scene) => {
		const started = await start({
			language,
			...small,
			...(scene.microsoft ? {state: scene.microsoft} : {}),
			...(scene.google ? {google: scene.google} : {}),
		});
		await scene.act(started, language);
		expectFramesFit(started, 0, small);
		if (scene.small) {
			expect(started.r.visibleFrame()).toMatchSnapshot();
		}
	});
});

describe('on the OAuth 2.0 pages', () => {
	test('the footer offers m on both pages, and the key list names it', async () => {
		const microsoft = await start({state: microsoftActive});
		await openMicrosoft(microsoft);
		expect(microsoft.r.visibleFrame()).toContain('m Test mail');
		await microsoft.r.press('?');
		expect(await microsoft.r.waitForText('Keys')).toMatch(/^ {2}m +Send Test Mail/m);
		microsoft.r.unmount();

		const google = await start({google: googleActive});
		await openGoogle(google);
		expect(google.r.visibleFrame()).toContain('m Test mail');
	});

	test.each<[string, MicrosoftState]>([
		['not authorized', {...microsoftActive, token: {status: 'not-authorized'}}],
		['waiting', fixtures.waiting],
		['expired, although the device still names the account', {...microsoftActive, token: {status: 'expired', account: microsoftAccount}}],
	])('Microsoft, Token Status %s: m says why, opens nothing, sends nothing, no account shown', async (_name, state) => {
		const started = await start({state});
		await openMicrosoft(started);
		await started.r.press('m');
		const frame = await started.r.waitForText('can be sent only while Token Status is Active');
		expect(frame).not.toContain('Send Test Mail');
		expect(frame).not.toContain(words.en.account);
		expect(started.client.calls.sendTestMail).toBe(0);
	});

	test('Google, Token Status Not Authorized: m says why', async () => {
		const started = await start({google: fixtures.googleWaiting});
		await openGoogle(started);
		await started.r.press('m');
		const frame = await started.r.waitForText('can be sent only while Token Status is Active');
		expect(frame).toContain('(now: Waiting for');
		expect(frame).not.toContain('Send Test Mail');
	});

	test('the account is drawn without the control sequences the device sent', async () => {
		const hostile: MicrosoftState = {...microsoftActive, token: {...microsoftActive.token, account: 'eng\u001B]52;c;ZXZpbA==\u0007ineer@contoso.com\u001B[2J'}};
		const started = await start({state: hostile});
		await openMicrosoft(started);
		await started.r.waitForText('engineer@contoso.com');
		const raw = started.r.lastFrame();
		expect(raw).not.toContain('\u001B[2J');
		expect(raw).not.toContain('ZXZpbA==');
		expect(started.r.stdout.raw).toEqual([]);
		await started.r.press('m');
		const form = await started.r.waitForText('[ Send ]');
		expect(form).toContain('  engineer@contoso.com');
		expect(started.r.lastFrame()).not.toContain('ZXZpbA==');
	});
});

describe('Send Test Mail', () => {
	test('the breadcrumb continues the menu path', async () => {
		const started = await start({state: microsoftActive, columns: 120});
		await openTestMail(started, 'microsoft');
		expect(started.r.visibleFrame().split('\n')[0]).toBe('Portal › Settings/Registration › Send Settings › OAuth 2.0 (Microsoft) Settings › Send Test Mail');
	});

	test('From is the account that authorized; Enter in the field sends to the address typed', async () => {
		const started = await start({state: microsoftActive});
		await openTestMail(started, 'microsoft');
		expect(started.r.visibleFrame()).toMatch(/From +\(the account that authorized\)\n {2}engineer@contoso\.com/);
		await started.r.press(recipient, keys.enter);
		const frame = await started.r.waitForText('Test mail sent.');
		expect(started.client.testMails).toEqual([{provider: 'microsoft', to: recipient}]);
		expect(frame).toMatch(/From +engineer@contoso\.com/);
		expect(frame).toMatch(/To +someone@example\.net/);
		expect(frame).toMatch(/Server +smtp\.office365\.com:587/);
		expect(frame).toMatch(/Server reply +250 2\.0\.0 OK/);
	});

	test('Google: Tab to [Send], Enter sends through smtp.gmail.com', async () => {
		const started = await start({google: googleActive});
		await openTestMail(started, 'google');
		started.client.hold('sendTestMail');
		await started.r.press(recipient, keys.tab, keys.enter);
		await started.r.waitForText('Sending through smtp.gmail.com:587… 0 s');
		expect(started.client.calls.sendTestMail).toBe(1);
	});

	test('the seconds count on the injected clock while the device sends; keys wait, Esc included', async () => {
		const started = await start({state: microsoftActive});
		await openTestMail(started, 'microsoft');
		const release = started.client.hold('sendTestMail');
		await started.r.press(recipient, keys.enter);
		await started.r.waitForText('Sending through smtp.office365.com:587… 0 s');
		started.clock.advance(12_400);
		await started.r.waitForText('… 12 s');
		// Typed ahead while the device sends: the keys wait, as typed, for the screen after it.
		await started.r.press(keys.escape);
		expect(started.r.visibleFrame()).toContain('… 12 s');
		release();
		// The report came, then the Esc typed ahead took the engineer back to the settings page.
		await started.r.waitForText('Server Connection Status');
		expect(started.client.calls.sendTestMail).toBe(1);
		expect(started.client.testMails).toEqual([{provider: 'microsoft', to: recipient}]);
	});

	test.each([
		['empty', '', 'Enter a value.'],
		['no domain', 'someone@', 'Enter a mail address such as name@example.com.'],
		['a space', 'some one@example.net', 'Spaces, line breaks'],
		['full-width characters', 'someone＠example.net', 'Spaces, line breaks'],
	])('an address that is not one (%s): said next to the field, nothing sent', async (_name, typed, message) => {
		const started = await start({state: microsoftActive});
		await openTestMail(started, 'microsoft');
		await started.r.press(typed, keys.tab, keys.enter);
		const frame = await started.r.waitForText('Check the address. Nothing was sent.');
		const lines = frame.split('\n');
		const field = lines.findIndex(line => line.trim() === 'To') + 1;
		expect(lines[field + 1]).toContain(message.slice(0, 20));
		expect(started.client.calls.sendTestMail).toBe(0);
		// Corrected (the field has the focus again), it goes.
		await started.r.press(keys.ctrlU, recipient, keys.enter);
		await started.r.waitForText('Test mail sent.');
		expect(started.client.testMails).toEqual([{provider: 'microsoft', to: recipient}]);
	});

	test('an address the device refuses is said next to the field', async () => {
		const started = await start({state: microsoftActive});
		await openTestMail(started, 'microsoft');
		started.client.refuseNext('sendTestMail', 'to', 'invalid_email', 'not an address');
		await started.r.press(recipient, keys.enter);
		const frame = await started.r.waitForText('Enter a mail address such as');
		expect(toLine(frame)).toContain(recipient);
	});

	test('a hostile reply is drawn without its control sequences', async () => {
		const started = await start({state: microsoftActive});
		started.client.onTestMail = (provider, to) => result(provider, to, {
			failure: 'rejected',
			reply: '550 5.1.1\u001B[2J\u001B]52;c;ZXZpbA==\u0007 \u001B]8;;https://evil.example\u0007User unknown\u001B]8;;\u0007\u009B31m',
			from: 'engineer@contoso.com\u001B[1A',
		});
		await openTestMail(started, 'microsoft');
		await started.r.press(recipient, keys.enter);
		const frame = await started.r.waitForText('550 5.1.1');
		expect(frame).toMatch(/Server reply +550 5\.1\.1 User unknown$/m);
		const drawn = started.r.stdout.frames.join('');
		expect(drawn).not.toContain('\u001B[2J');
		expect(drawn).not.toContain('\u001B[1A');
		expect(drawn).not.toContain('ZXZpbA==');
		expect(drawn).not.toContain('evil.example');
		expect(drawn).not.toContain('\u009B');
		expect(started.r.stdout.raw).toEqual([]);
	});

	test('the failure kinds are put in words with what to do next', async () => {
		const started = await start({state: microsoftActive});
		await openTestMail(started, 'microsoft');
		const expected: Array<[TestMailResult['failure'], string]> = [
			['unreachable', 'could not connect to smtp.office365.com:587'],
			['timeout', 'did not answer in time'],
			['tls', 'The TLS connection (STARTTLS)'],
			['auth', 'Exchange Online refused the access token'],
			['rejected', 'The mail server refused the message'],
			[undefined, 'did not say at which step'],
		];
		await started.r.press(recipient);
		for (const [failure, advice] of expected) {
			started.client.onTestMail = (provider, to) => result(provider, to, {...(failure ? {failure} : {}), reply: '451 4.4.0 whatever'});
			// eslint-disable-next-line no-await-in-loop
			await started.r.press(keys.enter);
			// eslint-disable-next-line no-await-in-loop
			const frame = await started.r.waitForText(advice);
			expect(frame).toContain('Test mail not sent.');
			// Back to the form: Enter sends again.
			// eslint-disable-next-line no-await-in-loop
			await started.r.press(keys.enter);
			// eslint-disable-next-line no-await-in-loop
			await started.r.waitForText('[ Send ]');
		}
	});

	test('after the report, Enter goes back to the field with the address: Enter sends again, or type another', async () => {
		const started = await start({state: microsoftActive});
		await openTestMail(started, 'microsoft');
		await started.r.press(recipient, keys.enter);
		await started.r.waitForText('Test mail sent.');
		await started.r.press(keys.enter);
		const form = await started.r.waitForText('[ Send ]');
		expect(toLine(form)).toBe(`› ${recipient}`);
		await started.r.press(keys.enter);
		await started.r.waitForText('Test mail sent.');
		await started.r.press(keys.enter, keys.ctrlU, 'other@example.org', keys.enter);
		await started.r.waitForText('To            other@example.org');
		expect(started.client.testMails.map(mail => mail.to)).toEqual([recipient, recipient, 'other@example.org']);
	});

	test('Esc goes back from the form and from the report; nothing is sent by leaving', async () => {
		const started = await start({state: microsoftActive});
		await openTestMail(started, 'microsoft');
		await started.r.press('abc', keys.escape);
		await started.r.waitForText(words.en.account);
		expect(started.client.calls.sendTestMail).toBe(0);
		await started.r.press('m');
		await started.r.waitForText('[ Send ]');
		await started.r.press(keys.tab, keys.tab, keys.enter);
		await started.r.waitForText(words.en.account);
		await started.r.press('m', recipient, keys.enter);
		await started.r.waitForText('Test mail sent.');
		await started.r.press(keys.escape);
		await started.r.waitForText(words.en.account);
		expect(started.client.calls.sendTestMail).toBe(1);
	});

	test('the last address is offered again, for the other provider too', async () => {
		const started = await start({state: microsoftActive, google: googleActive});
		await openTestMail(started, 'microsoft');
		await started.r.press(recipient, keys.enter);
		await started.r.waitForText('Test mail sent.');
		await started.r.press(keys.escape);
		await started.r.waitForText(words.en.account);
		await started.r.press(keys.escape);
		await started.r.waitForText('› 1 OAuth 2.0 (Microsoft) Settings');
		await started.r.press('2');
		await started.r.waitForText(googleAccount);
		await started.r.press('m');
		const form = await started.r.waitForText('[ Send ]');
		expect(toLine(form)).toContain(recipient);
		expect(form).toMatch(/From +\(the account that authorized\)\n {2}engineer@example\.com/);
	});

	test('the device unreachable: said in words, the address kept, nothing crashes', async () => {
		const started = await start({state: microsoftActive});
		await openTestMail(started, 'microsoft');
		started.client.failNext('sendTestMail', deviceError('unreachable'));
		await started.r.press(recipient, keys.enter);
		const frame = await started.r.waitForText(words.en.unreachable);
		expect(frame).toContain(started.client.baseUrl);
		expect(toLine(frame)).toContain(recipient);
	});

	test('409 token_not_active is put in words, not as a bare HTTP status', async () => {
		const started = await start({state: microsoftActive});
		await openTestMail(started, 'microsoft');
		started.client.failNext('sendTestMail', deviceError('http', {status: 409, apiError: {error: 'token_not_active', message: 'No active token'}}));
		await started.r.press(recipient, keys.enter);
		const frame = await started.r.waitForText(words.en.tokenNotActive);
		expect(frame).not.toContain('HTTP 409');
	});

	test.each(['ja', 'en'] as const)('409 account_unknown (%s): says which account is missing and the exact permissions to grant, per provider', async language => {
		const expected = {
			ja: {microsoft: ['IDトークンで示されませんでした', 'openid、email、profile(Microsoft Graph)', 'x キーの順に押して'], google: ['IDトークンで示されませんでした', 'OAuth同意画面', 'openid と …/auth/userinfo.email']},
			en: {microsoft: ['no ID token named it', 'openid, email and profile (Microsoft Graph)', 'Esc, x and authorize again'], google: ['no ID token named it', 'OAuth consent screen', 'openid and …/auth/userinfo.email']},
		}[language];
		for (const provider of ['microsoft', 'google'] as const) {
			// eslint-disable-next-line no-await-in-loop
			const started = await start(provider === 'microsoft' ? {state: microsoftActive, language} : {google: googleActive, language});
			// eslint-disable-next-line no-await-in-loop
			await openTestMail(started, provider, language);
			started.client.failNext('sendTestMail', deviceError('http', {status: 409, apiError: {error: 'account_unknown', message: 'The account that authorized is not known.'}}));
			// eslint-disable-next-line no-await-in-loop
			await started.r.press(recipient, keys.enter);
			// eslint-disable-next-line no-await-in-loop
			// The notice is wrapped (Japanese between any two characters): compare without white space.
			const squeeze = (value: string) => value.replace(/\s+/g, '');
			// eslint-disable-next-line no-await-in-loop
			const frame = squeeze(await started.r.waitForFrame(current => squeeze(current).includes(squeeze(expected[provider].at(-1)!))));
			for (const piece of expected[provider]) {
				expect(frame).toContain(squeeze(piece));
			}

			expect(frame).not.toContain('HTTP 409');
			expect(frame).not.toContain(language === 'ja' ? '[稼働中]ではない' : 'Token Status is not Active');
		}
	});

	test('the session ends while sending: the address is kept and Send again sends it once', async () => {
		const started = await start({state: microsoftActive});
		await openTestMail(started, 'microsoft');
		started.client.failNext('sendTestMail', deviceError('session-expired', {status: 401}));
		await started.r.press(recipient, keys.enter);
		await started.r.waitForText('Your session ended. Enter the password to continue.');
		await started.r.press(started.client.password, keys.enter);
		const form = await started.r.waitForText(words.en.notSentSession);
		expect(toLine(form)).toContain(recipient);
		await started.r.press(keys.enter);
		await started.r.waitForText('Test mail sent.');
		expect(started.client.testMails).toEqual([{provider: 'microsoft', to: recipient}]);
	});

	test('resized to 60x20 and back on the report and on the form: every frame fits', async () => {
		const started = await start({state: microsoftActive});
		started.client.onTestMail = (provider, to) => result(provider, to, {failure: 'auth', reply: smtpAuthDisabledReply});
		await openTestMail(started, 'microsoft');
		await started.r.press(recipient, keys.enter);
		await started.r.waitForText('SMTP AUTH is turned off');
		for (const phase of ['report', 'form']) {
			for (const size of [small, normal]) {
				const before = started.r.stdout.frames.length;
				started.r.resize(size.columns, size.rows);
				// eslint-disable-next-line no-await-in-loop
				const frame = await started.r.waitForFrame(current => started.r.stdout.frames.length > before
					&& current.split('\n').every(line => line.length <= size.columns)
					&& current.split('\n').length <= size.rows - 1);
				expectFits(frame, size);
				expect(frame, phase).toContain(phase === 'report' ? 'Server reply' : '[ Send ]');
				expect(frame.split('\n')[0]).toContain('Send Test Mail');
			}

			if (phase === 'report') {
				// eslint-disable-next-line no-await-in-loop
				await started.r.press(keys.enter);
				// eslint-disable-next-line no-await-in-loop
				await started.r.waitForText('[ Send ]');
			}
		}
	});

	test('q and ? are typed into the address, not commands', async () => {
		const started = await start({state: microsoftActive});
		await openTestMail(started, 'microsoft');
		await started.r.press('q?x@example.net');
		const frame = await started.r.waitForText('q?x@example.net');
		expect(frame).toContain('[ Send ]');
		expect(started.exits.count).toBe(0);
	});
});
