/**
Send Test Mail end to end, offline, for both providers: the built `cloudmail-setup` in tmux at
80x24 against the built emulator as a separate process. Sign-in is given over HTTP at the
offline identity provider with an explicit account, which must then be the sender: on the
settings page, in the device's report, and in the offline mailbox (read over HTTP). Then the
provider refuses the token, and the screen must show the server's own reply and the advice.
*/
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {startSession} from '../support/e2e-harness.js';
import type {EmulatorProcess} from '../support/emulator-process.js';
import type {Terminal} from '../support/tmux.js';
import {logInAndOpenMicrosoft, urlOnScreen} from '../support/tui.js';

const recipient = 'recipient@example.org';
/** STARTTLS, AUTH and the token check at the identity provider take real time. */
const smtpTimeoutMs = 15_000;

async function start(): Promise<{emulator: EmulatorProcess; terminal: Terminal}> {
	const session = await startSession({language: 'en'});
	const {emulator} = session;
	// The mailbox is read with the CA the emulator keeps in its state directory.
	expect(emulator.caCertificatePath).toBe(path.join(emulator.stateDir, 'idp', 'ca.crt'));
	return session;
}

/** The screen's text with every run of white space made one space: for text the screen wraps. */
function flat(screen: string): string {
	return screen.replace(/\s+/g, ' ');
}

/** The report's "Server reply" row and its continuation lines (indented under the value), joined. */
function replyOnScreen(screen: string): string {
	const lines = screen.split('\n');
	const first = lines.findIndex(line => line.startsWith('  Server reply'));
	expect(first, screen).toBeGreaterThan(-1);
	const indent = /^ {2}Server reply +/.exec(lines[first]!)![0].length;
	const pieces = [lines[first]!.slice(indent).trimEnd()];
	for (const line of lines.slice(first + 1)) {
		if (line.slice(0, indent).trim() !== '' || line.trim() === '') {
			break;
		}

		pieces.push(line.slice(indent).trimEnd());
	}

	return pieces.join(' ');
}

/** The screen fits the terminal: the breadcrumb (its start cut to fit) is still line one. */
function expectWhole(screen: string): void {
	expect(screen.split('\n')[0]).toMatch(/^(Portal|…) › .* › Send Test Mail$/);
}

/** m, the recipient, Enter: the device's report. */
async function sendTestMail(terminal: Terminal, account: string, server: string): Promise<string> {
	terminal.keys('m');
	await terminal.waitForText('the account that authorized');
	const form = await terminal.waitForText(`  ${account}`);
	expectWhole(form);
	terminal.type(recipient);
	terminal.keys('Enter');
	const sent = await terminal.waitFor(screen => /Test mail (not )?sent\./.test(screen), 'the device\'s report', smtpTimeoutMs);
	expect(sent).toContain('Test mail sent.');
	expect(sent).toMatch(new RegExp(`From +${account.replaceAll('.', '\\.')}\\n`));
	expect(sent).toMatch(/To +recipient@example\.org\n/);
	expect(sent).toMatch(new RegExp(`Server +${server.replaceAll('.', '\\.')}\\n`));
	expect(replyOnScreen(sent)).toMatch(/^250 2\.0\.0 OK /);
	expect(sent).toContain('Check the inbox of the address (and its spam folder).');
	return sent;
}

/** The offline mailbox, over HTTP: exactly one message, from the account to the recipient, through this provider. */
async function expectOneMessage(emulator: EmulatorProcess, provider: 'microsoft' | 'google', account: string): Promise<void> {
	const {status, body} = await emulator.control('mail');
	expect(status).toBe(200);
	expect(body.messages).toHaveLength(1);
	expect(body.messages[0]).toMatchObject({provider, account, from: account, to: [recipient]});
	expect(body.messages[0].headerFrom).toContain(account);
	expect(body.messages[0].headerTo).toContain(recipient);
}

/** Enter back to the form (the address kept), Enter sends again: the device's report. */
async function sendAgain(terminal: Terminal): Promise<string> {
	terminal.keys('Enter');
	await terminal.waitFor(screen => !/Test mail (not )?sent\./.test(screen), 'the form again');
	terminal.keys('Enter');
	return terminal.waitForText('Test mail not sent.', smtpTimeoutMs);
}

/** q on the report: the program ends with 0 and the device sees the logout. */
async function quit(emulator: EmulatorProcess, terminal: Terminal): Promise<void> {
	terminal.keys('q');
	await terminal.waitFor(() => terminal.exited(), 'the program to exit');
	expect(terminal.exitStatus()).toBe(0);
	await emulator.waitForLog(/DELETE \/api\/v1\/session 204/);
}

describe('Send Test Mail in a real terminal against the emulator process', () => {
	it('Microsoft: Active as the approving account, sent from it through smtp.office365.com; SMTP AUTH disabled is reported with the reply and the advice', async () => {
		const account = 'helpdesk@contoso.example';
		const {emulator, terminal} = await start();
		await logInAndOpenMicrosoft(terminal);
		const waiting = await terminal.waitFor(screen => /code [A-Z0-9]{9}/.test(screen) && screen.includes('Successfully Connected'), 'a user code');
		const userCode = /code ([A-Z0-9]{9})/.exec(waiting)![1]!;
		const verificationUri = /(https:\/\/localhost:\d+\/devicelogin)/.exec(waiting)![1]!;
		expect((await emulator.postForm(verificationUri, {user_code: userCode, decision: 'allow', account})).status).toBe(200);
		await terminal.waitForText(/Token Status\s+Active/);
		const active = await terminal.waitForText(/Account \(sender\)\s+helpdesk@contoso\.example/);
		expect(active.split('\n')[0]).toMatch(/^Portal › /);

		await sendTestMail(terminal, account, 'smtp.office365.com:587');
		await expectOneMessage(emulator, 'microsoft', account);

		const reply = '535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant.';
		expect((await emulator.control('smtp-reject', {provider: 'microsoft', reply})).status).toBe(200);
		const refused = await sendAgain(terminal);
		expect(replyOnScreen(refused)).toBe(reply);
		expect(refused).toMatch(/Server +smtp\.office365\.com:587\n/);
		expect(flat(refused)).toContain(`SMTP AUTH is turned off for the organization. In Exchange Online PowerShell run Set-TransportConfig -SmtpClientAuthenticationDisabled $false (or, for this mailbox only: Set-CASMailbox -Identity ${account} -SmtpClientAuthenticationDisabled $false), then send again.`);
		expectWhole(refused);
		await expectOneMessage(emulator, 'microsoft', account);

		await quit(emulator, terminal);
		expect(emulator.log()).toMatch(/POST \/api\/v1\/oauth2\/microsoft\/test-mail 200[\s\S]*POST \/api\/v1\/oauth2\/microsoft\/test-mail 200/);
	}, 60_000);

	it('Google: Active as the consenting account, sent from it through smtp.gmail.com; a revoked token is reported with Gmail\'s reply and the advice', async () => {
		const account = 'printer.sender@example-workspace.test';
		const {emulator, terminal} = await start();
		await terminal.waitForText('Log In (System Manager Mode)');
		terminal.type('7654321');
		terminal.keys('Enter');
		await terminal.waitForText('Logged in as');
		// Portal › Settings/Registration › Send Settings › OAuth 2.0 (Google) Settings › Edit.
		terminal.keys('1', '1', '2');
		await terminal.waitForText('Authorization Information');
		terminal.keys('e');
		await terminal.waitForText('Edit Basic Settings');
		terminal.keys('Space');
		await terminal.waitForText(/\[x\] Use OAuth 2\.0 \(Google\)/);
		terminal.keys('Tab', 'Tab', 'Tab');
		terminal.type('1234567890-testmail.apps.googleusercontent.com');
		terminal.keys('Tab');
		terminal.type('GOCSPX-e2e-TestMail-Secret');
		await terminal.waitForText('•'.repeat('GOCSPX-e2e-TestMail-Secret'.length));
		terminal.keys('Tab', 'Enter');
		await terminal.waitForText(/Client Secret\s+Set/);
		await terminal.waitForText('Successfully Connected');
		terminal.keys('a');
		await terminal.waitForText('Register Authorization Information');
		const url = urlOnScreen(await terminal.waitForText('https://localhost:'), 'https://localhost:');
		const {status, location} = await emulator.postForm(url, {decision: 'allow', account});
		expect(status).toBe(302);
		terminal.type(location!);
		terminal.keys('Enter');
		await terminal.waitForText(/Token Status\s+Active/);
		const active = await terminal.waitForText(/Account \(sender\)\s+printer\.sender@example-workspace\.test/);
		expect(active.split('\n')[0]).toMatch(/^Portal › /);

		await sendTestMail(terminal, account, 'smtp.gmail.com:587');
		await expectOneMessage(emulator, 'google', account);

		expect((await emulator.control('revoke', {})).status).toBe(200);
		const refused = await sendAgain(terminal);
		expect(replyOnScreen(refused)).toMatch(/^535-5\.7\.8 Username and Password not accepted\. For more information, go to 535 5\.7\.8 {1,2}https:\/\/support\.google\.com\/mail\/\?p=BadCredentials [\da-f]{13}-[\da-f]{11}sm\d{8}ad\.\d\d - gsmtp$/);
		expect(refused).toMatch(/Server +smtp\.gmail\.com:587\n/);
		expect(flat(refused)).toContain('Gmail did not accept the access token: it was revoked or has expired, or it belongs to another account than the sender. Forget the authorization (x on the OAuth 2.0 (Google) Settings page) and authorize again with the account that sends.');
		expectWhole(refused);
		await expectOneMessage(emulator, 'google', account);

		await quit(emulator, terminal);
		expect(emulator.log()).toMatch(/POST \/api\/v1\/oauth2\/google\/test-mail 200[\s\S]*POST \/api\/v1\/oauth2\/google\/test-mail 200/);
	}, 60_000);
});
