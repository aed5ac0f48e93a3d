import {X509Certificate} from 'node:crypto';
import {mkdtemp, readFile, rm, stat, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {startIdentityProvider, type IdentityProvider} from '../source/identity-provider/index.js';
import {request, tlsConnect} from './identity-provider-helpers.js';

describe('certificate modes', () => {
	let provider: IdentityProvider;

	beforeAll(async () => {
		provider = await startIdentityProvider();
	});

	afterAll(async () => {
		await provider?.close();
	});

	afterEach(() => {
		provider.controls.reset();
	});

	it('valid: chain and host name checks pass for login.microsoftonline.com, localhost and 127.0.0.1', async () => {
		expect(await tlsConnect(provider)).toEqual({ok: true});
		expect(await tlsConnect(provider, {servername: 'localhost'})).toEqual({ok: true});
		// No SNI for an IP address: the IP SAN is what matches.
		expect(await tlsConnect(provider, {servername: undefined})).toEqual({ok: true});
		expect(await tlsConnect(provider, {servername: 'oauth2.googleapis.com'})).toEqual({ok: true});
	});

	it('valid: a client that does not trust the local CA refuses it', async () => {
		const result = await tlsConnect(provider, {ca: undefined});
		expect(result).toMatchObject({ok: false, code: expect.stringMatching(/UNABLE_TO_VERIFY|SELF_SIGNED|UNABLE_TO_GET_ISSUER/)});
	});

	it('wrong-cn: the chain check passes, the host name check fails', async () => {
		provider.controls.configure({certificate: 'wrong-cn'});
		const strict = await tlsConnect(provider);
		expect(strict).toMatchObject({ok: false, code: 'ERR_TLS_CERT_ALTNAME_INVALID'});
		expect(await tlsConnect(provider, {checkServerIdentity: () => undefined})).toEqual({ok: true});
	});

	it('untrusted: the chain check fails even without a host name check', async () => {
		provider.controls.configure({certificate: 'untrusted'});
		const chain = /SELF_SIGNED|UNABLE_TO_VERIFY/;
		expect(await tlsConnect(provider)).toMatchObject({ok: false, code: expect.stringMatching(chain)});
		expect(await tlsConnect(provider, {checkServerIdentity: () => undefined})).toMatchObject({ok: false, code: expect.stringMatching(chain)});
		// With verification off (the device's "Verify Server Certificate" unchecked) it connects.
		expect(await tlsConnect(provider, {rejectUnauthorized: false})).toEqual({ok: true});
	});

	it('switches over HTTP, and a client cannot resume a session made under the old certificate', async () => {
		const connect = (session?: Buffer) => new Promise<{reused: boolean; session?: Buffer; code?: string}>(resolve => {
			let ticket: Buffer | undefined;
			const socket = tls.connect({
				host: '127.0.0.1',
				port: provider.port,
				servername: 'login.microsoftonline.com',
				ca: provider.caCertificatePem,
				session,
			}, () => {
				// TLS 1.3 tickets arrive just after the handshake.
				setTimeout(() => {
					const reused = socket.isSessionReused();
					socket.end();
					resolve({reused, session: ticket});
				}, 30);
			});
			socket.on('session', (value: Buffer) => {
				ticket = value;
			});
			socket.on('error', (error: NodeJS.ErrnoException) => {
				resolve({reused: false, code: error.code});
			});
		});

		const first = await connect();
		const resumed = await connect(first.session);
		// Resumption does happen while the certificate stays the same...
		expect(resumed.reused).toBe(true);
		const switched = await request(provider, '/_control/config', {json: {certificate: 'untrusted'}});
		expect(switched.json.certificate).toBe('untrusted');
		// ...and is refused after a switch: the new certificate is checked, and fails.
		const afterSwitch = await connect(resumed.session ?? first.session);
		expect(afterSwitch).toMatchObject({reused: false, code: expect.stringMatching(/SELF_SIGNED|UNABLE_TO_VERIFY/)});
	});
});

describe('certificate cache', () => {
	let directory: string;

	beforeAll(async () => {
		directory = await mkdtemp(path.join(os.tmpdir(), 'identity-provider-'));
	});

	afterAll(async () => {
		await rm(directory, {recursive: true, force: true});
	});

	it('keeps the CA across restarts, with private keys readable only by the owner', async () => {
		const first = await startIdentityProvider({stateDir: directory});
		const firstCa = first.caCertificatePem;
		await first.close();
		for (const name of ['ca', 'valid', 'wrong-cn', 'untrusted']) {
			expect((await stat(path.join(directory, `${name}.key`))).mode & 0o777).toBe(0o600);
			expect((await stat(path.join(directory, `${name}.crt`))).isFile()).toBe(true);
		}

		expect((await stat(directory)).mode & 0o077).toBe(0);
		const validLeaf = await readFile(path.join(directory, 'valid.crt'), 'utf8');

		const second = await startIdentityProvider({stateDir: directory});
		try {
			expect(second.caCertificatePem).toBe(firstCa);
			expect(await readFile(path.join(directory, 'valid.crt'), 'utf8')).toBe(validLeaf);
			expect(await tlsConnect(second)).toEqual({ok: true});
		} finally {
			await second.close();
		}
	});

	it('makes a missing or damaged leaf anew from the same CA', async () => {
		const ca = await readFile(path.join(directory, 'ca.crt'), 'utf8');
		await rm(path.join(directory, 'valid.crt'));
		await writeFile(path.join(directory, 'wrong-cn.key'), 'not a key', {mode: 0o644});
		const repaired = await startIdentityProvider({stateDir: directory});
		try {
			expect(repaired.caCertificatePem).toBe(ca);
			expect(await tlsConnect(repaired)).toEqual({ok: true});
			repaired.controls.configure({certificate: 'wrong-cn'});
			expect(await tlsConnect(repaired, {checkServerIdentity: () => undefined})).toEqual({ok: true});
			expect((await stat(path.join(directory, 'wrong-cn.key'))).mode & 0o777).toBe(0o600);
		} finally {
			await repaired.close();
		}
	});

	it('replaces a damaged CA, and the leaves with it', async () => {
		const ca = await readFile(path.join(directory, 'ca.crt'), 'utf8');
		await writeFile(path.join(directory, 'ca.crt'), 'garbage');
		const renewed = await startIdentityProvider({stateDir: directory});
		try {
			expect(renewed.caCertificatePem).not.toBe(ca);
			// The leaves were made again under the new CA.
			expect(await tlsConnect(renewed)).toEqual({ok: true});
		} finally {
			await renewed.close();
		}
	});

	it('issues certificates shaped as the device expects', async () => {
		const provider = await startIdentityProvider({stateDir: directory});
		await provider.close();
		const ca = new X509Certificate(provider.caCertificatePem);
		const leaf = new X509Certificate(await readFile(path.join(directory, 'valid.crt'), 'utf8'));
		expect(ca.ca).toBe(true);
		expect(ca.subject).toContain('CN=cloudmail-setup offline CA');
		expect(leaf.ca).toBe(false);
		expect(leaf.subject).toContain('CN=login.microsoftonline.com');
		expect(leaf.checkIssued(ca)).toBe(true);
		expect(leaf.keyUsage).toContain('1.3.6.1.5.5.7.3.1');
		expect(leaf.subjectAltName).toContain('DNS:accounts.google.com');
		expect(leaf.checkIP('::1')).toBe('::1');
		const day = 24 * 60 * 60 * 1000;
		expect(Date.now() - Date.parse(leaf.validFrom)).toBeGreaterThan(day - 60_000);
		expect(Date.parse(ca.validTo) - Date.now()).toBeGreaterThan(3640 * day);
		expect(leaf.serialNumber).toMatch(/^[0-7]/);

		const untrusted = new X509Certificate(await readFile(path.join(directory, 'untrusted.crt'), 'utf8'));
		expect(untrusted.checkIssued(ca)).toBe(false);
		expect(untrusted.checkHost('login.microsoftonline.com')).toBe('login.microsoftonline.com');
		const wrongCn = new X509Certificate(await readFile(path.join(directory, 'wrong-cn.crt'), 'utf8'));
		expect(wrongCn.checkIssued(ca)).toBe(true);
		expect(wrongCn.checkHost('login.microsoftonline.com')).toBeUndefined();
	});
});
