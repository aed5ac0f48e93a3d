/**
The emulated device's certificate checks (real TLS against the offline identity provider's
three certificates) and its non-volatile state (file mode, atomic writes, restart, corrupt
file).
*/
import {readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import type {CertificateKind, IdentityProvider} from '../source/identity-provider/index.js';
import {startOfflineDevice} from '../source/emulator/index.js';
import {Harness, organizations, startIdp, withDevice} from './support/emulator-harness.js';

let idp: IdentityProvider;
let device: Harness;

withDevice({login: true}, current => {
	({idp, device} = current);
});

describe('connection check: Verify Server Certificate and Add CN to Verification Items', () => {
	const cases: Array<{certificate: CertificateKind; verify: boolean; cn: boolean; status: 'success' | 'failed'; reason?: string}> = [
		{certificate: 'valid', verify: true, cn: true, status: 'success'},
		{certificate: 'wrong-cn', verify: true, cn: true, status: 'failed', reason: 'cn_mismatch'},
		{certificate: 'wrong-cn', verify: true, cn: false, status: 'success'},
		{certificate: 'untrusted', verify: true, cn: true, status: 'failed', reason: 'certificate_untrusted'},
		{certificate: 'untrusted', verify: true, cn: false, status: 'failed', reason: 'certificate_untrusted'},
		{certificate: 'untrusted', verify: false, cn: false, status: 'success'},
		{certificate: 'wrong-cn', verify: false, cn: false, status: 'success'},
	];

	for (const {certificate, verify, cn, status, reason} of cases) {
		it(`${certificate} certificate, verify ${verify ? 'on' : 'off'}, CN ${cn ? 'on' : 'off'} → ${reason ?? status}`, async () => {
			idp.controls.configure({certificate});
			await device.enable({verifyServerCertificate: verify, addCnToVerification: cn});
			const checked = await device.waitFor(state => state.connection.status !== 'checking');
			expect(checked.connection.status).toBe(status);
			if (status === 'failed') {
				expect(checked.connection.reason).toBe(reason);
				expect(checked.connection.detail).toBeTruthy();
				expect(checked.token.status).toBe('not-authorized');
				expect(idp.controls.stats()['devicecode']).toBe(0);
			} else {
				// The same TLS options carry the device code request.
				await device.waitForUserCode();
			}
		});
	}

	it('uses the TLS options for polling too: a certificate change mid-way keeps polling failing, not crashing', async () => {
		await device.enable();
		await device.waitForUserCode();
		idp.controls.configure({certificate: 'wrong-cn'});
		const polls = idp.controls.stats()['token'];
		await new Promise(resolve => {
			setTimeout(resolve, 1500);
		});
		// The TLS handshake fails before any HTTP request reaches the token endpoint.
		expect(idp.controls.stats()['token']).toBe(polls);
		const state = await device.state();
		expect(state.token.status).toBe('waiting');
	});

	it('re-checks on refresh: a fixed certificate turns failed into success and issues a code', async () => {
		idp.controls.configure({certificate: 'untrusted'});
		await device.enable();
		await device.waitFor(state => state.connection.status === 'failed');
		idp.controls.configure({certificate: 'valid'});
		expect((await device.request('POST', 'oauth2/microsoft/refresh')).status).toBe(200);
		const state = await device.waitForUserCode();
		expect(state.connection.status).toBe('success');
	});

	it('says unreachable when nothing listens', async () => {
		const closedIdp = await startIdp();
		const url = closedIdp.url;
		await closedIdp.close();
		const lonely = await new Harness(closedIdp).start({identityProvider: {url, caCertificatePem: closedIdp.caCertificatePem}});
		try {
			await lonely.login();
			await lonely.enable();
			const state = await lonely.waitFor(current => current.connection.status !== 'checking');
			expect(state.connection).toMatchObject({status: 'failed', reason: 'unreachable'});
			expect(state.connection.detail).toContain('ECONNREFUSED');
		} finally {
			await lonely.close();
		}
	});
});

describe('state on disk', () => {
	it('keeps settings and the active token across a restart, in a 0600 file', async () => {
		await device.enable();
		const {authorization} = await device.waitForUserCode();
		idp.controls.approve(authorization.userCode);
		const active = await device.waitFor(state => state.token.status === 'active');
		expect(statSync(device.stateFile).mode & 0o777).toBe(0o600);
		const secrets = device.secretsOnDisk();
		expect(secrets).toHaveLength(2);
		// No temporary files are left behind.
		expect(readdirSync(device.stateDir).filter(name => name.endsWith('.tmp'))).toEqual([]);

		await device.restart();
		await device.login();
		const after = await device.state();
		expect(after.settings).toEqual(active.settings);
		expect(after.token).toEqual(active.token);
		// Start-up re-checks the connection, and does not ask for a new code.
		const checked = await device.waitFor(state => state.connection.status === 'success' && idp.controls.stats()['openidConfiguration'] === 2);
		expect(checked.token).toEqual(active.token);
		expect(idp.controls.stats()['devicecode']).toBe(1);
		expect(device.secretsOnDisk()).toEqual(secrets);
		expect(statSync(device.stateFile).mode & 0o777).toBe(0o600);
	});

	it('resumes polling for a pending user code after a restart', async () => {
		await device.enable();
		const {authorization} = await device.waitForUserCode();
		await device.restart();
		await device.login();
		const resumed = await device.state();
		expect(resumed.authorization?.userCode).toBe(authorization.userCode);
		idp.controls.approve(authorization.userCode);
		await device.waitFor(state => state.token.status === 'active');
		expect(idp.controls.stats()['devicecode']).toBe(1);
	});

	it('starts fresh from a corrupt file and keeps it aside', async () => {
		await device.enable({enabled: false});
		await device.emulator.close();
		writeFileSync(device.stateFile, '{"version": 1, "microsoft": {"settings": tru');
		await device.start();
		await device.login();
		const state = await device.state();
		expect(state.settings.endpoint).toBe('');
		const kept = readdirSync(device.stateDir).filter(name => name.startsWith('device-state.json.corrupt-'));
		expect(kept).toHaveLength(1);
		expect(readFileSync(path.join(device.stateDir, kept[0]!), 'utf8')).toContain('"settings": tru');
		expect(device.logs.some(line => line.includes('could not be read'))).toBe(true);
	});
});

describe('startOfflineDevice', () => {
	it('starts the identity provider and the device wired to it, and closes both', async () => {
		const stateDir = `${device.stateDir}-offline`;
		const offline = await startOfflineDevice({stateDir, devDefaultPassword: true});
		try {
			const login = await fetch(`${offline.emulator.url}/session`, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify({userName: 'Administrator', password: '7654321'})});
			expect(login.status).toBe(201);
			const {token} = await login.json() as {token: string};
			const get = await fetch(`${offline.emulator.url}/oauth2/microsoft`, {headers: {'x-session-token': token}});
			const etag = get.headers.get('etag')!;
			const put = await fetch(`${offline.emulator.url}/oauth2/microsoft/basic`, {
				method: 'PUT',
				headers: {'content-type': 'application/json', 'x-session-token': token, 'if-match': etag},
				body: JSON.stringify({enabled: true, verifyServerCertificate: true, addCnToVerification: true, endpoint: organizations}),
			});
			expect(put.status).toBe(200);
			const deadline = Date.now() + 4000;
			while (offline.identityProvider.controls.pending().length === 0 && Date.now() < deadline) {
				await new Promise(resolve => {
					setTimeout(resolve, 25);
				});
			}

			expect(offline.identityProvider.controls.pending()).toHaveLength(1);
			expect(statSync(offline.caCertificatePath).isFile()).toBe(true);
		} finally {
			await offline.close();
			rmSync(stateDir, {recursive: true, force: true});
		}
	});
});
