/**
Scripted mode, Google: configure with the client secret from stdin, the authorization URL,
and the code or the whole redirect URL, checked with the TUI's rules; the built CLI against a
real emulator and offline identity provider, consent given over HTTP.
*/
import {describe, expect, it} from 'vitest';
import type {IdentityProvider} from '../../source/identity-provider/index.js';
import {browse, googleClientId, googleClientSecret, withDevice, type Harness} from '../support/emulator-harness.js';
import {adminPassword, expectErrorDocument, expectNoSecrets, runCli, type CliRun} from './cli-process.js';

let idp: IdentityProvider;
let device: Harness;
withDevice({}, current => {
	({idp, device} = current);
});

async function cli(args: readonly string[], options: Parameters<typeof runCli>[1] = {}): Promise<CliRun> {
	return runCli([...args, '--device', device.emulator.url], options);
}

function count(key: string): number {
	return device.emulator.stats()[key] ?? 0;
}

function expectLoggedOut(): void {
	expect(count('DELETE /api/v1/session')).toBe(count('POST /api/v1/session'));
}

async function configure(): Promise<CliRun> {
	const run = await cli(['google', 'configure', '--client-id', googleClientId, '--client-secret-stdin', '--enable', '--json'], {stdin: `${googleClientSecret}\n`});
	expect(run.code, run.stderr).toBe(0);
	return run;
}

/** The authorization URL from `google authorize --json`. */
async function authorizationUrl(): Promise<{run: CliRun; url: string}> {
	const run = await cli(['google', 'authorize', '--json']);
	expect(run.code, run.stderr).toBe(0);
	return {run, url: run.json()['authorization'].url as string};
}

/** Consent on the identity provider's page over HTTP: where the browser is sent. */
async function consent(url: string, decision: 'allow' | 'deny'): Promise<string> {
	const page = await browse(idp, url, {decision});
	expect(page.status).toBe(302);
	return page.location!;
}

describe('google configure', () => {
	it('an invalid client ID is refused before anything is sent: exit 5', async () => {
		const run = await cli(['google', 'configure', '--client-id', 'my-client', '--json']);
		const document = expectErrorDocument(run, 'validation', 5);
		expect(document['error'].fields).toEqual({clientId: {code: 'invalid_client_id', message: 'A client ID ends in .apps.googleusercontent.com.'}});
		expect(device.emulator.stats()).toEqual({});
	});

	it('enabling without a stored secret is refused with the TUI\'s rule: exit 5', async () => {
		const run = await cli(['google', 'configure', '--client-id', googleClientId, '--enable', '--json']);
		const document = expectErrorDocument(run, 'validation', 5);
		expect(document['error'].fields).toEqual({clientSecret: {code: 'secret_required', message: 'Enter the client secret.'}});
		expect(count('PUT /api/v1/oauth2/google/basic')).toBe(0);
	});

	it('the secret from stdin is always a change; without it the same values send nothing', async () => {
		const first = await configure();
		expect(first.json()).toEqual({
			provider: 'google',
			changed: true,
			changes: ['enabled', 'clientId', 'clientSecret'],
			before: {enabled: false, verifyServerCertificate: true, addCnToVerification: true, clientId: ''},
			after: {enabled: true, verifyServerCertificate: true, addCnToVerification: true, clientId: googleClientId},
			clientSecret: 'changed',
			clientSecretSent: true,
			settings: {enabled: true, verifyServerCertificate: true, addCnToVerification: true, clientId: googleClientId, clientSecretSet: true},
			connection: {status: expect.stringMatching(/^(checking|success)$/)},
			token: {status: expect.any(String)},
		});
		const withSecret = await configure();
		expect(withSecret.json()).toMatchObject({changed: true, clientSecretSent: true});
		const human = await cli(['google', 'configure', '--client-id', googleClientId, '--client-secret-stdin'], {stdin: `${googleClientSecret}\n`});
		expect(human.stdout).toContain('The client secret was sent (it cannot be compared with the stored one');
		expect(count('PUT /api/v1/oauth2/google/basic')).toBe(3);

		const same = await cli(['google', 'configure', '--client-id', googleClientId, '--enable', '--json']);
		expect(same.code, same.stderr).toBe(0);
		expect(same.json()).toMatchObject({changed: false, clientSecretSent: false});
		expect(count('PUT /api/v1/oauth2/google/basic')).toBe(3);
		expectLoggedOut();
		expectNoSecrets([first, withSecret, human, same], [adminPassword, googleClientSecret]);
	});

	it('--client-secret-stdin with nothing on stdin is a usage error: exit 2, nothing sent', async () => {
		const run = await cli(['google', 'configure', '--client-secret-stdin', '--json']);
		expectErrorDocument(run, 'usage', 2);
		expect(device.emulator.stats()).toEqual({});
	});
});

describe('google authorize', () => {
	it('not in use: exit 10', async () => {
		const run = await cli(['google', 'authorize', '--json']);
		expectErrorDocument(run, 'not_enabled', 10);
	});

	it('--print-url prints the URL alone on stdout; JSON has it too', async () => {
		await configure();
		const {run, url} = await authorizationUrl();
		expect(run.json()).toEqual({
			provider: 'google',
			codeSubmitted: false,
			authorization: {url, redirectUri: 'http://localhost', createdAt: expect.any(String)},
			token: {status: 'waiting'},
		});
		expect(url).toMatch(/^https:\/\/localhost:\d+\/o\/oauth2\/v2\/auth\?.*state=/);
		const printed = await cli(['google', 'authorize', '--print-url']);
		expect(printed.code, printed.stderr).toBe(0);
		expect(printed.stdout).toBe(`${url}\n`);
		expect(printed.stderr).toContain('Open this URL in a browser');
	});

	it('a redirect URL of another attempt (state) is refused before it is sent: exit 5', async () => {
		await configure();
		const {url} = await authorizationUrl();
		const location = await consent(url, 'allow');
		const other = location.replace(/state=[^&]+/, 'state=another-attempt');
		const run = await cli(['google', 'authorize', '--code', other, '--json']);
		const document = expectErrorDocument(run, 'validation', 5);
		expect(document['error'].fields['authorizationCode'].code).toBe('state_mismatch');
		expect(count('POST /api/v1/oauth2/google/authorization')).toBe(0);
	});

	it('the address after Deny (error=access_denied) is refused: exit 5', async () => {
		await configure();
		const {url} = await authorizationUrl();
		const location = await consent(url, 'deny');
		expect(location).toContain('error=access_denied');
		const run = await cli(['google', 'authorize', '--code', location, '--json']);
		const document = expectErrorDocument(run, 'validation', 5);
		expect(document['error'].fields['authorizationCode']).toEqual({code: 'access_denied', message: expect.stringContaining('denied')});
		expect(count('POST /api/v1/oauth2/google/authorization')).toBe(0);
	});

	it('the whole redirect URL (from stdin) is exchanged: Active; then already active', async () => {
		await configure();
		const {run: urlRun, url} = await authorizationUrl();
		const location = await consent(url, 'allow');
		const code = new URL(location).searchParams.get('code')!;
		const run = await cli(['google', 'authorize', '--code-stdin', '--json'], {stdin: `${location}\n`});
		expect(run.code, run.stderr).toBe(0);
		expect(run.json()).toEqual({provider: 'google', codeSubmitted: true, authorization: null, token: expect.objectContaining({status: 'active'})});
		expect(count('POST /api/v1/oauth2/google/authorization')).toBe(1);

		const again = await cli(['google', 'authorize', '--code', location]);
		expect(again.code).toBe(0);
		expect(again.stdout).toMatch(/^Token Status is already Active\./);
		expect(again.stderr).toContain('the authorization code was not used');
		expect(count('POST /api/v1/oauth2/google/authorization')).toBe(1);
		expectLoggedOut();
		expectNoSecrets([urlRun, run, again], [adminPassword, googleClientSecret, code, ...device.secretsOnDisk()]);
	});

	it('the password and the redirect URL both from stdin, in that order', async () => {
		await configure();
		const {url} = await authorizationUrl();
		const location = await consent(url, 'allow');
		const run = await cli(['google', 'authorize', '--password-stdin', '--code-stdin'], {password: null, stdin: `${adminPassword}\n${location}\n`});
		expect(run.code, run.stderr).toBe(0);
		expect(run.stdout).toMatch(/^The device accepted the authorization code\.\n\s+Token Status:\s+Active/);
	});

	it('a code the identity provider refuses: exit 5 with its words, sanitized', async () => {
		await configure();
		const {url} = await authorizationUrl();
		const location = await consent(url, 'allow');
		const state = new URL(location).searchParams.get('state')!;
		idp.controls.injectText('hostile\u001B]52;c;ZXZpbA==\u0007\u001B[2J\u009B31mtext', 5);
		const run = await cli(['google', 'authorize', '--code', `http://localhost/?state=${state}&code=4%2F0-not-a-code`, '--json']);
		const document = expectErrorDocument(run, 'validation', 5);
		expect(document['error'].fields['authorizationCode']).toEqual({code: 'code_rejected', message: expect.stringMatching(/^The authorization code was not accepted\. \(invalid_grant: .*hostiletext\)$/)});
		expect(run.stdout + run.stderr).not.toContain('\u001B');
		expect(run.stdout + run.stderr).not.toContain('\u0007');
		expect(run.stdout).not.toContain('\\u001b');
	});
});
