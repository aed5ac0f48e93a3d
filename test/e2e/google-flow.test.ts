/**
The Google procedure end to end: the built CLI in tmux at 80x24 against the emulator process
and its offline identity provider. The authorization URL is read off the screen, consent is
given over HTTP, and the whole redirect URL is pasted into Authorization Code.
*/
import {describe, expect, it} from 'vitest';
import {startSession} from '../support/e2e-harness.js';
import {urlOnScreen} from '../support/tui.js';

const clientId = '1234567890-offline.apps.googleusercontent.com';
const clientSecret = 'GOCSPX-e2e-Secret-Value';

describe('the Google procedure in a real terminal', () => {
	it('sets client ID and secret, registers the authorization code from the redirect URL, sees Active, logs out', async () => {
		const {emulator, terminal} = await startSession({language: 'en'});

		await terminal.waitForText('Log In (System Manager Mode)');
		terminal.type('7654321');
		terminal.keys('Enter');
		await terminal.waitForText('Logged in as');
		terminal.keys('1', '1', '2');
		await terminal.waitForText('OAuth 2.0 (Google) Settings');
		await terminal.waitForText('Authorization Information');

		terminal.keys('e');
		await terminal.waitForText('Edit Basic Settings');
		terminal.keys('Space');
		await terminal.waitForText(/\[x\] Use OAuth 2\.0 \(Google\)/);
		// Verify › Add CN › Client ID
		terminal.keys('Tab', 'Tab', 'Tab');
		terminal.type(clientId);
		terminal.keys('Tab');
		terminal.type(clientSecret);
		await terminal.waitForText(clientId);
		const masked = await terminal.waitForText('•'.repeat(clientSecret.length));
		expect(masked).not.toContain(clientSecret.slice(0, 6));
		terminal.keys('Tab', 'Enter');

		await terminal.waitForText('Successfully Connected');
		const settings = await terminal.waitForText(/Client Secret\s+Set/);
		expect(settings).not.toContain(clientSecret.slice(0, 6));

		terminal.keys('a');
		await terminal.waitForText('Register Authorization Information');
		const screen = await terminal.waitForText('https://localhost:');
		const url = urlOnScreen(screen, 'https://localhost:');
		expect(url).toContain('/o/oauth2/v2/auth?');
		expect(new URL(url).searchParams.get('client_id')).toBe(clientId);

		const location = await emulator.consent(url, 'allow');
		expect(location).toMatch(/^http:\/\/localhost\/?\?state=.+&code=4%2F/);
		terminal.type(location);
		terminal.keys('Enter');

		await terminal.waitForText(/Token Status\s+Active/);
		terminal.keys('q');
		await terminal.waitFor(() => terminal.exited(), 'the program to exit');
		expect(terminal.exitStatus()).toBe(0);
		await emulator.waitForLog(/DELETE \/api\/v1\/session 204/);
		expect(emulator.log()).not.toContain(clientSecret);
	}, 90_000);
});
