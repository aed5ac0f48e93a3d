/**
Send Test Mail from the TUI against the real emulated device (HTTP client, offline identity
provider, offline SMTP servers that check the XOAUTH2 token): the mail arrives from the account
that authorized, and a refused token is reported with the server's own reply, for both
providers.
*/
import {describe, expect, test} from 'vitest';
import {App} from '../../source/tui/app.js';
import {HttpDeviceClient} from '../../source/device/http-device-client.js';
import type {IdentityProvider} from '../../source/identity-provider/index.js';
import {browse, withDevice, type Harness} from '../support/emulator-harness.js';
import {expectFits, keys, renderAt, type Rendered} from '../support/render.js';

let idp: IdentityProvider;
let device: Harness;
withDevice({login: true}, current => {
	({idp, device} = current);
});

const recipient = 'recipient@example.org';
/** SMTP takes real time: STARTTLS, AUTH, the token checked at the identity provider. */
const smtpTimeoutMs = 15_000;

/** The TUI, logged in, on Portal › Settings/Registration › Send Settings › item `item`. */
async function openSettings(item: '1' | '2', title: string): Promise<{r: Rendered; client: HttpDeviceClient}> {
	const client = new HttpDeviceClient({baseUrl: device.emulator.url});
	const r = renderAt(<App client={client} language="en" pollIntervalMs={200}/>);
	await r.waitForText('Ctrl+C');
	await r.press('7654321', keys.enter);
	await r.waitForText('Logged in as');
	await r.press('1', '1', item);
	await r.waitForText(title);
	return {r, client};
}

async function close({r, client}: {r: Rendered; client: HttpDeviceClient}): Promise<void> {
	r.unmount();
	await client.logout();
}

describe('Send Test Mail against the emulated device', () => {
	test('Microsoft: sent from the account that authorized; SMTP AUTH disabled and a revoked token reported with the reply', async () => {
		await device.enable();
		const {authorization} = await device.waitForUserCode();
		await browse(idp, '/devicelogin', {user_code: authorization.userCode, decision: 'allow', account: 'sender@contoso.example'});
		await device.waitFor(state => state.token.status === 'active');

		const tui = await openSettings('1', 'Account (sender)          sender@contoso.example');
		const {r} = tui;
		try {
			await r.press('m', recipient, keys.enter);
			const sent = await r.waitForText('Test mail sent.', smtpTimeoutMs);
			expect(sent).toMatch(/From +sender@contoso\.example/);
			expect(sent).toMatch(/Server reply +250 2\.0\.0 OK/);
			expect(idp.controls.mail()).toMatchObject([{provider: 'microsoft', account: 'sender@contoso.example', to: [recipient]}]);

			idp.controls.rejectNextSmtpAuth('microsoft', '535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant.');
			await r.press(keys.enter, keys.enter);
			const disabled = await r.waitForText('SMTP AUTH is turned off', smtpTimeoutMs);
			expect(disabled).toContain('Test mail not sent.');
			expect(disabled).toMatch(/Server reply +535 5\.7\.139 Authentication unsuccessful,/);
			expectFits(disabled);

			idp.controls.revokeAll();
			await r.press(keys.enter, keys.enter);
			const refused = await r.waitForText('535 5.7.3', smtpTimeoutMs);
			expect(refused).toContain('Exchange Online refused the access token');
			expect(idp.controls.mail()).toHaveLength(1);
		} finally {
			await close(tui);
		}
	}, 60_000);

	test('Google: sent through smtp.gmail.com; a revoked token reported with Gmail\'s reply', async () => {
		await device.activateGoogle();
		const tui = await openSettings('2', 'Account (sender)');
		const {r} = tui;
		try {
			await r.press('m', recipient, keys.enter);
			const sent = await r.waitForText('Test mail sent.', smtpTimeoutMs);
			expect(sent).toMatch(/Server +smtp\.gmail\.com:587/);
			expect(idp.controls.mail()).toMatchObject([{provider: 'google', to: [recipient]}]);

			idp.controls.revokeAll();
			await r.press(keys.enter, keys.enter);
			const refused = await r.waitForText('Test mail not sent.', smtpTimeoutMs);
			// Gmail's two-line reply, on one line per screen line.
			expect(refused).toMatch(/Server reply +535-5\.7\.8 Username and Password not accepted/);
			expect(refused).toContain('Gmail did not accept the access token');
			expectFits(refused);
		} finally {
			await close(tui);
		}
	}, 60_000);
});
