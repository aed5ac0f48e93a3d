/**
What a real tenant refuses, as the engineer sees it on a fake device at 80x24, in both
languages: the Token Status with the identity provider's first line, and under it what to
change (at Microsoft Entra ID or Google Cloud) and which key to press, every word on screen,
wrapped; then the test mail replies of Exchange Online and Gmail with the exact command or step.

The device's states carry Entra's and Google's own texts (the error descriptions' first
lines, as the device keeps them): Microsoft Learn "Microsoft Entra authentication and
authorization error codes" (AADSTS50194, AADSTS7000218, AADSTS65001), Google's token
endpoint (invalid_grant "Token has been expired or revoked.", deleted_client "The OAuth client
was deleted."), Exchange Online's 535 5.7.139 replies (Microsoft Learn "Enable or disable SMTP
AUTH in Exchange Online") and Gmail's 535-5.7.8.
*/
import {describe, expect, test} from 'vitest';
import type {GoogleState, MicrosoftState, TestMailProvider, TestMailResult, TokenStatus} from '../../source/device/contract.js';
import {messagesFor, languages, type Language} from '../../source/i18n/index.js';
import {appStarter, openGoogle, openMicrosoft, type Started} from './support/app-driver.js';
import * as fixtures from './support/fixtures.js';
import {expectFits, keys} from '../support/render.js';

const start = appStarter();
const size = {columns: 80, rows: 24};

const microsoftAccount = 'helpdesk@contoso.example';
const googleAccount = 'printer.sender@example-workspace.test';
const recipient = 'someone@example.net';
const appId = '00000000-0000-4000-8000-00000000c10d';

function microsoftWith(token: TokenStatus): MicrosoftState {
	return {...fixtures.active, settings: {...fixtures.active.settings, endpoint: 'https://login.microsoftonline.com/organizations/oauth2/v2.0'}, token};
}

function googleWith(token: TokenStatus): GoogleState {
	return {...fixtures.googleActive, token};
}

/** Every word of `text` is on the screen in this order, however it was wrapped (ja wraps inside words). */
function expectWhole(frame: string, text: string): void {
	const squeeze = (value: string) => value.replaceAll(/\s+/g, '');
	expect(squeeze(frame), `not whole on screen: ${text}\n${frame}`).toContain(squeeze(text));
}

type SettingsScene = {
	name: string;
	provider: TestMailProvider;
	token: TokenStatus;
	/** The advice drawn under Token Status. */
	advice(language: Language): string;
	/** The start of the device's detail line. */
	detail: string;
};

const settingsScenes: SettingsScene[] = [
	{
		name: 'single-tenant app at /organizations (AADSTS50194)',
		provider: 'microsoft',
		token: {
			status: 'error',
			reason: 'app_not_multi_tenant',
			detail: `AADSTS50194: Application '${appId}'(cloudmail-setup) is not configured as a multi-tenant application. Usage of the /common endpoint is not supported for such applications created after '10/15/2018'. Use a tenant-specific endpoint or configure the application to be multi-tenant.`,
		},
		advice: language => messagesFor(language).oauth.tokenReasons.app_not_multi_tenant,
		detail: 'AADSTS50194: Application',
	},
	{
		name: 'public client flows off (AADSTS7000218)',
		provider: 'microsoft',
		token: {
			status: 'error',
			reason: 'public_client_disabled',
			detail: 'AADSTS7000218: The request body must contain the following parameter: \'client_assertion\' or \'client_secret\'.',
		},
		advice: language => messagesFor(language).oauth.tokenReasons.public_client_disabled,
		detail: 'AADSTS7000218: The request body',
	},
	{
		name: 'no consent to SMTP.Send (AADSTS65001)',
		provider: 'microsoft',
		token: {
			status: 'error',
			reason: 'consent_required',
			detail: `AADSTS65001: The user or administrator has not consented to use the application with ID '${appId}' named 'cloudmail-setup'. Send an interactive authorization request for this user and resource.`,
		},
		advice: language => messagesFor(language).oauth.tokenReasons.consent_required,
		detail: 'AADSTS65001: The user or administrator',
	},
	{
		name: 'an ID token that fails its checks',
		provider: 'microsoft',
		token: {status: 'error', reason: 'id_token_invalid', detail: 'The ID token has expired.'},
		advice: language => messagesFor(language).oauth.tokenReasons.id_token_invalid,
		detail: 'The ID token has expired.',
	},
	{
		name: 'Google: refresh token expired or revoked (Testing: 7 days)',
		provider: 'google',
		token: {status: 'error', reason: 'reauthorization_required', detail: 'invalid_grant: Token has been expired or revoked.'},
		advice: language => messagesFor(language).google.tokenReasons.reauthorization_required,
		detail: 'invalid_grant: Token has been expired or revoked.',
	},
	{
		name: 'Google: the OAuth client was deleted (deleted_client)',
		provider: 'google',
		token: {status: 'error', reason: 'invalid_client', detail: 'The OAuth client was deleted.'},
		advice: language => messagesFor(language).google.tokenReasons.invalid_client,
		detail: 'The OAuth client was deleted.',
	},
];

type MailScene = {
	name: string;
	provider: TestMailProvider;
	reply: string;
	advice(language: Language): string;
};

const mailScenes: MailScene[] = [
	{
		name: 'Exchange Online: SMTP AUTH off for the mailbox (535 5.7.139)',
		provider: 'microsoft',
		reply: '535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Mailbox. Visit https://aka.ms/smtp_auth_disabled for more information. [TYAPR01CA0123.jpnprd01.prod.outlook.com 2025-06-02T10:00:01.000Z 08DC82F5A1B2C3D4]',
		advice: language => messagesFor(language).testMail.smtpAuthDisabledMailbox(microsoftAccount),
	},
	{
		name: 'Exchange Online: SMTP AUTH off for the tenant (535 5.7.139)',
		provider: 'microsoft',
		reply: '535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information. [TYAPR01CA0123.jpnprd01.prod.outlook.com 2025-06-02T10:00:01.000Z 08DC82F5A1B2C3D4]',
		advice: language => messagesFor(language).testMail.smtpAuthDisabledTenant(microsoftAccount),
	},
	{
		name: 'Exchange Online: security defaults (535 5.7.139)',
		provider: 'microsoft',
		reply: '535 5.7.139 Authentication unsuccessful, user is locked by your organization\'s security defaults policy. Contact your administrator. [TYAPR01CA0123.jpnprd01.prod.outlook.com 2025-06-02T10:00:01.000Z 08DC82F5A1B2C3D4]',
		advice: language => messagesFor(language).testMail.securityDefaults,
	},
	{
		name: 'Gmail: the token not accepted (535-5.7.8)',
		provider: 'google',
		reply: '535-5.7.8 Username and Password not accepted. For more information, go to 535 5.7.8  https://support.google.com/mail/?p=BadCredentials d9443c01a7336-22fc75468e4sm22683125ad.44 - gsmtp',
		advice: language => messagesFor(language).testMail.gmailBadCredentials,
	},
];

const tokenError = {ja: 'エラー', en: 'Error'} as const;
const notSent = {ja: 'テストメールは送信されませんでした。', en: 'Test mail not sent.'} as const;
const sendButton = {ja: '[ 送信 ]', en: '[ Send ]'} as const;

async function open(started: Started, provider: TestMailProvider, language: Language): Promise<void> {
	await (provider === 'microsoft' ? openMicrosoft : openGoogle)(started, language);
}

describe.each(languages)('%s', language => {
	describe('the settings page: the refusal, then what to change and which key to press', () => {
		test.each(settingsScenes.map(scene => [scene.name, scene] as const))('%s', async (_name, scene) => {
			const started = await start({
				language,
				...size,
				...(scene.provider === 'microsoft' ? {state: microsoftWith(scene.token)} : {google: googleWith(scene.token)}),
			});
			await open(started, scene.provider, language);
			const frame = await started.r.waitForText(scene.detail.slice(0, 20));
			expect(frame).toMatch(new RegExp(`${language === 'ja' ? 'トークンの稼働状況' : 'Token Status'}\\s+${tokenError[language]}`));
			expectWhole(frame, scene.advice(language));
			expect(frame).toContain(scene.detail);
			expectFits(frame, size);
			expect(frame).toMatchSnapshot();
		});
	});

	describe('Send Test Mail: the server\'s reply, then the exact command or step', () => {
		test.each(mailScenes.map(scene => [scene.name, scene] as const))('%s', async (_name, scene) => {
			const microsoft = microsoftWith({status: 'active', expiresAt: fixtures.isoAt(3600 * 1000), account: microsoftAccount});
			const google = googleWith({status: 'active', expiresAt: fixtures.isoAt(3600 * 1000), account: googleAccount});
			const started = await start({language, ...size, state: microsoft, google});
			started.client.onTestMail = (provider, to): TestMailResult => ({
				sent: false,
				from: provider === 'microsoft' ? microsoftAccount : googleAccount,
				to,
				server: provider === 'microsoft' ? 'smtp.office365.com:587' : 'smtp.gmail.com:587',
				failure: 'auth',
				reply: scene.reply,
				at: fixtures.isoAt(1000),
			});
			await open(started, scene.provider, language);
			await started.r.press('m');
			await started.r.waitForText(sendButton[language]);
			await started.r.press(recipient, keys.enter);
			const frame = await started.r.waitForText(notSent[language]);
			expectWhole(frame, scene.advice(language));
			expectFits(frame, size);
			expect(frame).toMatchSnapshot();
		});
	});
});
