/**
The Google side of the emulated device's certificate checks (real TLS against the offline
identity provider's certificates) and its non-volatile state: restart, file mode, a state
file written before the Google part existed.
*/
import {readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {googleStateSchema} from '../source/device/contract.js';
import {startOfflineDevice} from '../source/emulator/index.js';
import type {CertificateKind, IdentityProvider} from '../source/identity-provider/index.js';
import {googleClientId, googleClientSecret, Harness, organizations, withDevice} from './support/emulator-harness.js';

let idp: IdentityProvider;
let device: Harness;

withDevice({login: true}, current => {
	({idp, device} = current);
});

describe('Google connection check: Verify Server Certificate and Add CN to Verification Items', () => {
	const cases: Array<{certificate: CertificateKind; verify: boolean; cn: boolean; reason?: string}> = [
		{certificate: 'valid', verify: true, cn: true},
		{certificate: 'wrong-cn', verify: true, cn: true, reason: 'cn_mismatch'},
		{certificate: 'wrong-cn', verify: true, cn: false},
		{certificate: 'untrusted', verify: true, cn: false, reason: 'certificate_untrusted'},
		{certificate: 'untrusted', verify: false, cn: false},
	];

	for (const {certificate, verify, cn, reason} of cases) {
		it(`${certificate} certificate, verify ${verify ? 'on' : 'off'}, CN ${cn ? 'on' : 'off'} → ${reason ?? 'success'}${reason ? ', and the refresh button re-checks' : ''}`, async () => {
			idp.controls.configure({certificate});
			await device.enableGoogle({verifyServerCertificate: verify, addCnToVerification: cn});
			const checked = await device.waitForGoogle(state => state.connection.status !== 'checking');
			if (reason) {
				expect(checked.connection).toMatchObject({status: 'failed', reason});
				expect(checked.connection.detail).toBeTruthy();
				expect(checked.authorization).toBeNull();
				expect(checked.token.status).toBe('not-authorized');
				expect(idp.controls.stats()['googleDiscovery']).toBe(0);
				// Once the certificate is right, the refresh button makes the URL.
				idp.controls.configure({certificate: 'valid'});
				expect((await device.request('POST', 'oauth2/google/refresh')).status).toBe(200);
				await device.waitForGoogleAuthorization();
			} else {
				expect(checked.connection.status).toBe('success');
				// The same TLS options carry the code exchange.
				const {authorization} = await device.waitForGoogleAuthorization();
				expect((await device.submitCode(await device.consent(authorization.url))).status).toBe(200);
			}
		});
	}
});

describe('Google state on disk', () => {
	it('keeps settings, secret and the active token across a restart, in a 0600 file', async () => {
		const active = await device.activateGoogle();
		const secrets = device.secretsOnDisk();
		expect(secrets).toEqual([googleClientSecret, expect.any(String), expect.any(String)]);
		await device.reboot();
		expect(await device.googleState()).toMatchObject({settings: active.settings, token: active.token});
		// Start-up re-checks the connection and keeps the token and its secrets.
		const checked = await device.waitForGoogle(state => state.connection.status === 'success' && idp.controls.stats()['googleDiscovery'] === 2);
		expect(checked).toMatchObject({token: active.token, authorization: null});
		expect([device.secretsOnDisk(), statSync(device.stateFile).mode & 0o777]).toEqual([secrets, 0o600]);
	});

	it('keeps a pending authorization across a restart: the code from before still works', async () => {
		await device.enableGoogle();
		const {authorization} = await device.waitForGoogleAuthorization();
		await device.reboot();
		const resumed = await device.waitForGoogle(state => state.connection.status === 'success');
		expect(resumed).toMatchObject({authorization, token: {status: 'waiting'}});
		const response = await device.submitCode(await device.consent(authorization.url));
		expect(response.status).toBe(200);
		expect(googleStateSchema.parse(response.json).token.status).toBe('active');
	});

	it('loads a state file written before the Google part, keeping the Microsoft settings', async () => {
		await device.enable({enabled: false});
		await device.emulator.close();
		const saved = JSON.parse(readFileSync(device.stateFile, 'utf8')) as Record<string, unknown>;
		delete saved['google'];
		writeFileSync(device.stateFile, JSON.stringify(saved), {mode: 0o600});
		await device.start();
		await device.login();
		expect((await device.state()).settings.endpoint).toBe(organizations);
		const google = await device.googleState();
		expect(google.settings).toEqual({enabled: false, verifyServerCertificate: true, addCnToVerification: true, clientId: '', clientSecretSet: false, clientSecretRevision: 0});
		expect(device.logs.some(line => line.includes('could not be read'))).toBe(false);
		// Saving writes the Google part.
		await device.enableGoogle();
		expect((JSON.parse(readFileSync(device.stateFile, 'utf8')) as {google: {settings: {clientId: string}}}).google.settings.clientId).toBe(googleClientId);
	});
});

describe('startOfflineDevice', () => {
	it('shows the authorization URL with the identity provider\'s public URL, connecting to its listening address', async () => {
		const stateDir = `${device.stateDir}-offline`;
		const offline = await startOfflineDevice({stateDir, devDefaultPassword: true});
		const driver = new Harness(offline.identityProvider);
		driver.emulator = offline.emulator;
		try {
			await driver.login();
			await driver.enableGoogle();
			const {authorization} = await driver.waitForGoogleAuthorization();
			expect(new URL(authorization.url).origin).toBe(offline.identityProvider.url);
			expect((await driver.submitCode(await driver.consent(authorization.url))).status).toBe(200);
		} finally {
			await offline.close();
			rmSync(stateDir, {recursive: true, force: true});
			rmSync(driver.stateDir, {recursive: true, force: true});
		}
	});
});
