/**
Scripted mode against what real tenants refuse: the built CLI as a child process, a real
emulator and the offline identity provider set up like a misconfigured app registration
(`entraApplication`) or a Google project in "Testing". Each refusal ends the attempt (no
endless retry) as a Token Status with Entra's or Google's reason, and `status`,
`microsoft authorize --wait` and `test-mail` say it and what to do, in the locale
(LANG=ja_JP.UTF-8: Japanese), as text and as JSON, with the exit code of exit-codes.ts.
*/
import {describe, expect, it} from 'vitest';
import {messagesFor, type Language} from '../../source/i18n/index.js';
import type {IdentityProvider} from '../../source/identity-provider/index.js';
import {browse, googleClientId, googleClientSecret, withDevice, type Harness} from '../support/emulator-harness.js';
import {adminPassword, expectErrorDocument, expectNoSecrets, runCli, type CliOptions, type CliRun} from './cli-process.js';

let idp: IdentityProvider;
let device: Harness;
withDevice({}, current => {
	({idp, device} = current);
});

const authorizeMicrosoft = 'cloudmail-setup microsoft authorize --wait';
const authorizeGoogle = 'cloudmail-setup google authorize';

const locales: ReadonlyArray<readonly [Language, Record<string, string>]> = [
	['en', {LANG: 'en_US.UTF-8'}],
	['ja', {LANG: 'ja_JP.UTF-8'}],
];

/** Approves the user code the CLI prints on stderr, as the engineer does in a browser. */
function approveWhenShown(account = 'helpdesk@contoso.example'): NonNullable<CliOptions['onStderr']> {
	let decided = false;
	return text => {
		const userCode = /(?:User Code|ユーザーコード):\s+([A-Z\d]+)/.exec(text)?.[1];
		if (userCode && !decided) {
			decided = true;
			void browse(idp, '/devicelogin', {user_code: userCode, decision: 'allow', account});
		}
	};
}

describe.each(locales)('%s', (language, env) => {
	const words = messagesFor(language);
	const scripted = words.scripted;
	const tokenLabel = language === 'ja' ? 'トークンの稼働状況' : 'Token Status';
	const nextStepRow = new RegExp(`^\\s+${scripted.nextStep}:\\s+(.+)$`, 'm');

	async function cli(args: readonly string[], options: CliOptions = {}): Promise<CliRun> {
		return runCli([...args, '--device', device.emulator.url], {...options, env: {...env, ...options.env}});
	}

	async function enableMicrosoft(): Promise<void> {
		const run = await cli(['microsoft', 'configure', '--tenant', 'organizations', '--enable', '--json']);
		expect(run.code, run.stderr).toBe(0);
	}

	/** `microsoft authorize --wait` ends with this reason: exit 1 (authorization_failed), the advice in the message and the document. */
	async function expectAuthorizeEnds(reason: 'app_not_multi_tenant' | 'public_client_disabled' | 'consent_required', aadsts: string, options: CliOptions = {}): Promise<string> {
		const advice = scripted.tokenReasons[reason](authorizeMicrosoft);
		const json = await cli(['microsoft', 'authorize', '--wait', '--json'], options);
		const document = expectErrorDocument(json, 'authorization_failed', 1);
		expect(document['token']).toEqual({status: 'error', reason, detail: expect.stringMatching(new RegExp(`^AADSTS${aadsts}: `)), advice});
		expect(document['error'].message).toContain(advice);
		expect(json.stderr).toContain(advice);
		return advice;
	}

	/** `status`: the Token Status with its reason and, under it, what to do; as JSON, `advice`. */
	async function expectStatus(provider: 'microsoft' | 'google', reason: string, advice: string): Promise<void> {
		const human = await cli(['status']);
		expect(human.code, human.stderr).toBe(0);
		const section = human.stdout.split(words.screens.googleSettings)[provider === 'microsoft' ? 0 : 1]!;
		expect(section).toMatch(new RegExp(`${tokenLabel}:\\s+${words.oauth.token.error} \\(${reason}: `));
		expect(nextStepRow.exec(section)?.[1]).toBe(advice);

		const json = await cli(['status', '--json']);
		expect(json.code, json.stderr).toBe(0);
		expect(json.json()[provider]['token']).toMatchObject({status: 'error', reason, advice});
	}

	it('single-tenant app at /organizations (AADSTS50194): refused at the device code request, exit 1, make it multitenant', async () => {
		idp.controls.configure({entraApplication: 'single-tenant'});
		await enableMicrosoft();
		const advice = await expectAuthorizeEnds('app_not_multi_tenant', '50194');
		// Asked again, the device asks Entra once more and ends the same way; no user code shown.
		const requests = idp.controls.stats()['devicecode']!;
		const human = await cli(['microsoft', 'authorize', '--wait']);
		expect(human.code).toBe(1);
		expect(human.stderr).not.toMatch(/User Code:|ユーザーコード:/);
		expect(human.stderr).toContain(`${tokenLabel}: ${words.oauth.token.error} (app_not_multi_tenant: AADSTS50194: `);
		expect(human.stderr).toContain(advice);
		expect(idp.controls.stats()['devicecode']).toBe(requests + 1);
		await expectStatus('microsoft', 'app_not_multi_tenant', advice);
		// Ended for good: nothing more was asked while the status was read.
		expect(idp.controls.stats()['devicecode']).toBe(requests + 1);
	});

	it('public client flows off (AADSTS7000218, 401 invalid_client): refused at the first poll, exit 1, allow public client flows', async () => {
		idp.controls.configure({entraApplication: 'public-client-flows-off'});
		await enableMicrosoft();
		const advice = await expectAuthorizeEnds('public_client_disabled', '7000218');
		const polls = idp.controls.stats()['token'];
		await expectStatus('microsoft', 'public_client_disabled', advice);
		expect(idp.controls.stats()['token']).toBe(polls);
	});

	it('no consent (AADSTS65001): refused after the sign-in, exit 1, grant admin consent', async () => {
		idp.controls.configure({entraApplication: 'consent-missing'});
		await enableMicrosoft();
		const advice = await expectAuthorizeEnds('consent_required', '65001', {onStderr: approveWhenShown()});
		await expectStatus('microsoft', 'consent_required', advice);
	});

	it('a refresh refused for good (401 invalid_client, AADSTS7000218) ends the token, not retried: test-mail exit 8, status says why', async () => {
		await enableMicrosoft();
		const authorized = await cli(['microsoft', 'authorize', '--wait', '--json'], {onStderr: approveWhenShown()});
		expect(authorized.code, authorized.stderr).toBe(0);
		const {expiresAt} = authorized.json()['token'] as {expiresAt: string};

		idp.controls.configure({entraApplication: 'public-client-flows-off'});
		// Within a minute of expiry: the test mail refreshes the token first.
		device.clock.advance(Date.parse(expiresAt) - device.clock.now() - 30_000);
		const refused = await cli(['test-mail', '--provider', 'microsoft', '--to', 'someone@example.com', '--json']);
		expectErrorDocument(refused, 'token_not_active', 8);
		const advice = scripted.tokenReasons.public_client_disabled(authorizeMicrosoft);
		await expectStatus('microsoft', 'public_client_disabled', advice);

		// Nothing left to refresh with: a second test mail does not ask Entra again.
		const tokenRequests = idp.controls.stats()['token'];
		expectErrorDocument(await cli(['test-mail', '--provider', 'microsoft', '--to', 'someone@example.com', '--json']), 'token_not_active', 8);
		expect(idp.controls.stats()['token']).toBe(tokenRequests);
		expectNoSecrets([authorized, refused], [adminPassword]);
	});

	it('Google "Testing": the refresh token expired (invalid_grant) ends as reauthorization required, with the 7-day rule', async () => {
		expect((await cli(['google', 'configure', '--client-id', googleClientId, '--client-secret-stdin', '--enable'], {stdin: `${googleClientSecret}\n`})).code).toBe(0);
		const url = (await cli(['google', 'authorize', '--print-url'])).stdout.trim();
		const consent = await browse(idp, url, {decision: 'allow'});
		const authorized = await cli(['google', 'authorize', '--code-stdin', '--json'], {stdin: `${consent.location!}\n`});
		expect(authorized.code, authorized.stderr).toBe(0);
		const {expiresAt} = authorized.json()['token'] as {expiresAt: string};

		idp.controls.expireGoogleRefreshTokens();
		device.clock.advance(Date.parse(expiresAt) - device.clock.now() - 30_000);
		expectErrorDocument(await cli(['test-mail', '--provider', 'google', '--to', 'someone@example.com', '--json']), 'token_not_active', 8);
		const advice = scripted.googleTokenReasons.reauthorization_required(authorizeGoogle);
		expect(advice).toMatch(language === 'ja' ? /7日/ : /7 days/);
		await expectStatus('google', 'reauthorization_required', advice);
	});

	it('Exchange Online refuses SMTP AUTH for the mailbox (535 5.7.139): exit 9, the Set-CASMailbox command for the sender', async () => {
		await enableMicrosoft();
		const account = 'helpdesk@contoso.example';
		expect((await cli(['microsoft', 'authorize', '--wait', '--json'], {onStderr: approveWhenShown(account)})).code).toBe(0);
		const reply = '535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Mailbox. Visit https://aka.ms/smtp_auth_disabled for more information.';
		idp.controls.rejectNextSmtpAuth('microsoft', reply, 2);
		const advice = words.testMail.smtpAuthDisabledMailbox(account);
		expect(advice).toContain(`Set-CASMailbox -Identity ${account} -SmtpClientAuthenticationDisabled $false`);

		const json = await cli(['test-mail', '--provider', 'microsoft', '--to', 'someone@example.com', '--json']);
		const document = expectErrorDocument(json, 'test_mail_refused', 9);
		expect(document['testMail']).toMatchObject({sent: false, failure: 'auth', reply: expect.stringMatching(/^535 5\.7\.139 /), advice});

		const human = await cli(['test-mail', '--provider', 'microsoft', '--to', 'someone@example.com']);
		expect(human.code).toBe(9);
		expect(nextStepRow.exec(human.stdout)?.[1]).toBe(advice);
	});
});
