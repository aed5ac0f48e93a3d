/**
Scripted mode and invisible or direction-changing characters: the built CLI as a child process
against a rogue device on loopback (test/support/rogue-device.ts) whose contract-valid answers
carry bidi embeddings, overrides and isolates, LRM/RLM, zero-width characters, the BOM, a soft
hyphen and tag characters in every text field. Neither the human text nor the --json document
(stdout and stderr, raw) carries any of them; the text around them is kept.
*/
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import type {GoogleState, MicrosoftState} from '../../source/device/contract.js';
import {deviceAuthorization, RogueDevice} from '../support/rogue-device.js';
import {runCli, type CliRun} from './cli-process.js';

const invisible = /[\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF\uFFF9-\uFFFB]|\uDB40[\uDC00-\uDC7F]/u;
const rlo = '\u202E';
const tags = '\u{E0001}\u{E0065}\u{E0076}\u{E0069}\u{E006C}\u{E007F}';
const planted = `\u202A\u202B\u202C\u202D${rlo}\u2066\u2067\u2068\u2069\u200E\u200F\u200B\u200C\u200D\u2060\uFEFF\u00AD\u061C${tags}`;

const googleUrl = 'https://accounts.google.com/o/oauth2/v2/auth?client_id=1234-abc.apps.googleusercontent.com&redirect_uri=http%3A%2F%2F127.0.0.1%3A8765&response_type=code&scope=https%3A%2F%2Fmail.google.com%2F';

const microsoft: MicrosoftState = {
	settings: {enabled: true, verifyServerCertificate: true, addCnToVerification: false, endpoint: `https://login.microsoftonline.com/${planted}organizations/oauth2/v2.0`},
	connection: {status: 'failed', reason: 'certificate_untrusted', detail: `unable to get${planted} local issuer certificate`, checkedAt: new Date().toISOString()},
	authorization: deviceAuthorization({
		userCode: `FJ2K${planted}8QWXR`,
		verificationUri: `https://microsoft.com/devicelogin${rlo}/evil`,
		message: `To sign in, use a web browser${planted} to open the page https://microsoft.com/devicelogin${rlo}/evil.`,
	}),
	token: {status: 'waiting'},
};

const google: GoogleState = {
	settings: {enabled: true, verifyServerCertificate: true, addCnToVerification: false, clientId: `1234${planted}-abc.apps.googleusercontent.com`, clientSecretSet: true},
	connection: {status: 'success', checkedAt: new Date().toISOString()},
	authorization: {url: `${googleUrl.slice(0, 50)}${planted}${googleUrl.slice(50)}`, redirectUri: `http://127.0.0.1:8765${rlo}`, createdAt: new Date().toISOString()},
	token: {status: 'error', reason: 'invalid_grant', detail: `Token has been${planted} expired or revoked.`},
};

let device: RogueDevice;

beforeEach(async () => {
	device = await new RogueDevice().start();
	device.microsoft = microsoft;
	device.google = google;
});

afterEach(async () => {
	await device.close();
});

async function cli(args: readonly string[]): Promise<CliRun> {
	return runCli([...args, '--device', device.url]);
}

/** Nothing invisible on stdout or stderr, and every log-in was followed by a log-out. */
function expectClean(run: CliRun): void {
	for (const [name, text] of [['stdout', run.stdout], ['stderr', run.stderr]] as const) {
		const found = invisible.exec(text);
		expect(found, found ? `U+${found[0].codePointAt(0)!.toString(16).toUpperCase()} on ${name}: ${JSON.stringify(text.slice(Math.max(0, found.index - 40), found.index + 10))}` : '').toBeNull();
	}

	expect(device.count('DELETE /api/v1/session')).toBe(device.count('POST /api/v1/session'));
}

describe('status', () => {
	it('as text: no invisible characters, the words around them kept', async () => {
		const run = await cli(['status']);
		expect(run.code, run.stderr).toBe(0);
		expectClean(run);
		expect(run.stdout).toContain('https://microsoft.com/devicelogin/evil');
		expect(run.stdout).toContain('FJ2K8QWXR');
		expect(run.stdout).toContain('https://login.microsoftonline.com/organizations/oauth2/v2.0');
		expect(run.stdout).toContain('unable to get local issuer certificate');
		expect(run.stdout).toContain('1234-abc.apps.googleusercontent.com');
		expect(run.stdout).toContain('Token has been expired or revoked.');
	});

	it('as JSON: no invisible characters in the document, raw or parsed', async () => {
		const run = await cli(['status', '--json']);
		expect(run.code, run.stderr).toBe(0);
		expectClean(run);
		const document = run.json();
		expect(JSON.stringify(document)).not.toMatch(invisible);
		// JSON may also spell them as \u escapes: none of those either.
		expect(run.stdout).not.toMatch(/\\u(?:00ad|061c|180e|200[b-f]|202[a-e]|206[0-9a-f]|feff|db40)/i);
		expect(document['microsoft'].authorization).toMatchObject({userCode: 'FJ2K8QWXR', verificationUri: 'https://microsoft.com/devicelogin/evil'});
		expect(document['microsoft'].settings.endpoint).toBe('https://login.microsoftonline.com/organizations/oauth2/v2.0');
		expect(document['google'].settings.clientId).toBe('1234-abc.apps.googleusercontent.com');
		expect(document['google'].authorization.url).toBe(googleUrl);
	});
});

describe('authorize', () => {
	it('microsoft authorize, text and JSON: the code and the URL to open as they read', async () => {
		for (const json of [false, true]) {
			// eslint-disable-next-line no-await-in-loop
			const run = await cli(['microsoft', 'authorize', ...(json ? ['--json'] : [])]);
			expect(run.code, run.stderr).toBe(0);
			expectClean(run);
			expect(run.stdout + run.stderr).toContain('https://microsoft.com/devicelogin/evil');
			expect(run.stdout + run.stderr).toContain('FJ2K8QWXR');
		}
	});

	it('google authorize --print-url: the URL, whole and clean', async () => {
		const run = await cli(['google', 'authorize', '--print-url']);
		expect(run.code, run.stderr).toBe(0);
		expectClean(run);
		expect(run.stdout.trim()).toBe(googleUrl);
	});
});

describe('test-mail and errors', () => {
	it('the report of a test mail: sender and server reply', async () => {
		device.microsoft = {...microsoft, authorization: null, token: {status: 'active', expiresAt: new Date(Date.now() + 3_600_000).toISOString(), account: `eng${rlo}moc.live@`}};
		device.answers.set('POST oauth2/microsoft/test-mail', request => ({
			body: {
				sent: false,
				from: `eng${rlo}moc.live@`,
				to: (JSON.parse(request.body) as {to: string}).to,
				server: 'smtp.office365.com:587',
				reply: `535 5.7.139 Authentication${planted} unsuccessful`,
				failure: 'auth',
				at: new Date().toISOString(),
			},
		}));
		for (const json of [false, true]) {
			// eslint-disable-next-line no-await-in-loop
			const run = await cli(['test-mail', '--provider', 'microsoft', '--to', 'someone@example.net', ...(json ? ['--json'] : [])]);
			expect(run.code).not.toBe(0);
			expectClean(run);
			expect(run.stdout + run.stderr).toContain('535 5.7.139 Authentication unsuccessful');
			expect(run.stdout + run.stderr).toContain('engmoc.live@');
		}
	});

	it('an error\'s message from the device (HTTP 500), text and JSON', async () => {
		device.answers.set('GET oauth2/microsoft', {status: 500, body: {error: 'internal', message: `Storage${planted} failed.`}});
		for (const json of [false, true]) {
			// eslint-disable-next-line no-await-in-loop
			const run = await cli(['status', ...(json ? ['--json'] : [])]);
			expect(run.code).not.toBe(0);
			expectClean(run);
		}
	});
});
