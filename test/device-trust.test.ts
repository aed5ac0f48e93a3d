/**
HTTPS to a printer with its own certificate, trusted the way SSH trusts a host key: the
certificate can be read without sending anything, a pinned fingerprint (either form) lets the
client in, and every other case is a `certificate` error that says what is wrong — never
"cannot reach the device" — with nothing sent to the device.
*/
import {mkdtempSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {openPreferences, pinDevice, unpinDevice} from '../source/config/config.js';
import {loadOrCreateDeviceCertificate} from '../source/emulator/device-certificate.js';
import {DeviceError} from '../source/device/device-error.js';
import {inspectDeviceCertificate} from '../source/device/device-trust.js';
import {formatFingerprintHex, parseFingerprint, pinKey} from '../source/device/device-fingerprint.js';
import {HttpDeviceClient} from '../source/device/http-device-client.js';
import {
	fakeDevice,
	hexFingerprint,
	makeCa,
	makeCertificate,
	sshFingerprint,
	startServer,
	type TestCertificate,
	type TestServer,
} from './support/device-certificates.js';

const day = 24 * 60 * 60 * 1000;
const password = 'pinned-7654321';

let device: TestServer | undefined;

afterEach(async () => {
	await device?.close();
	device = undefined;
});

async function serve(certificate: TestCertificate): Promise<TestServer> {
	device = await startServer(fakeDevice, certificate);
	return device;
}

async function failure(promise: Promise<unknown>): Promise<DeviceError> {
	const error = await promise.then(() => undefined, (error_: unknown) => error_);
	expect(error).toBeInstanceOf(DeviceError);
	return error as DeviceError;
}

describe('fingerprints', () => {
	const certificate = makeCertificate();
	const ssh = sshFingerprint(certificate.certificatePem);
	const hex = hexFingerprint(certificate.certificatePem);

	it('reads both forms (SSH-style SHA256:base64, and hex pairs as printers and openssl show them) as one', () => {
		expect(parseFingerprint(ssh)).toBe(ssh);
		expect(parseFingerprint(hex)).toBe(ssh);
		expect(parseFingerprint(hex.toLowerCase())).toBe(ssh);
		expect(parseFingerprint(hex.replaceAll(':', ''))).toBe(ssh);
		expect(parseFingerprint(`sha256 Fingerprint=${hex}`)).toBe(ssh);
		expect(parseFingerprint(`  ${ssh}=  `)).toBe(ssh);
		expect(formatFingerprintHex(ssh)).toBe(hex);
	});

	it('refuses what is not a SHA-256 fingerprint', () => {
		for (const text of ['', 'SHA256:', 'SHA256:abc', 'MD5:00', hex.slice(3), `${hex}:00`, 'zz'.repeat(32), 'SHA1:' + ssh.slice(7)]) {
			expect(parseFingerprint(text), text).toBeUndefined();
		}
	});

	it('keys pins by origin with an explicit port', () => {
		expect(pinKey('https://printer.local/api/v1')).toBe('https://printer.local:443');
		expect(pinKey('https://PRINTER.local:8443/')).toBe('https://printer.local:8443');
		expect(pinKey('https://[::1]:8443/api/v1')).toBe('https://[::1]:8443');
	});
});

describe('reading a device certificate without sending anything', () => {
	it('shows the fingerprint, subject, names and validity of a self-signed certificate; no request reaches the device', async () => {
		const certificate = makeCertificate({commonName: 'Printer MF-1', dnsNames: ['printer.local'], ipAddresses: ['127.0.0.1']});
		const server = await serve(certificate);
		const check = await inspectDeviceCertificate(`${server.origin}/api/v1`, {});
		expect(check).toMatchObject({
			trusted: false,
			problem: 'self-signed',
			certificate: {
				fingerprint: sshFingerprint(certificate.certificatePem),
				fingerprintHex: hexFingerprint(certificate.certificatePem),
				subject: 'Printer MF-1',
				altNames: ['printer.local', '127.0.0.1'],
				selfSigned: true,
			},
		});
		expect(Date.parse(check.certificate.validTo)).toBeGreaterThan(Date.now());
		expect(server.received).toEqual([]);
	});

	it('with the matching pin: trusted by the pin', async () => {
		const certificate = makeCertificate();
		const server = await serve(certificate);
		const check = await inspectDeviceCertificate(server.origin, {pin: sshFingerprint(certificate.certificatePem)});
		expect(check).toMatchObject({trusted: true, by: 'pin'});
	});
});

describe('HttpDeviceClient over HTTPS', () => {
	it('an untrusted self-signed certificate: a certificate error with its fingerprint, not "cannot reach"; the password is not sent', async () => {
		const certificate = makeCertificate();
		const server = await serve(certificate);
		const client = new HttpDeviceClient({baseUrl: `${server.origin}/api/v1`});
		const error = await failure(client.login('Administrator', password));
		expect(error.kind).toBe('certificate');
		expect(error.certificate).toMatchObject({problem: 'self-signed', presented: {fingerprint: sshFingerprint(certificate.certificatePem)}});
		expect(error.message).not.toMatch(/cannot reach/i);
		expect(server.received).toEqual([]);
	});

	it.each(['ssh', 'hex'] as const)('pinned (%s form): logs in and reads the state', async form => {
		const certificate = makeCertificate();
		const server = await serve(certificate);
		const pin = form === 'ssh' ? sshFingerprint(certificate.certificatePem) : hexFingerprint(certificate.certificatePem);
		const client = new HttpDeviceClient({baseUrl: `${server.origin}/api/v1`, trust: {pin}});
		await client.login('Administrator', password);
		await expect(client.getMicrosoft()).resolves.toMatchObject({token: {status: 'active'}});
		await client.logout();
	});

	it('a pin that no longer matches: pin-mismatch with the old and the new fingerprint; nothing sent', async () => {
		const old = makeCertificate();
		const renewed = makeCertificate();
		const server = await serve(renewed);
		const client = new HttpDeviceClient({baseUrl: `${server.origin}/api/v1`, trust: {pin: sshFingerprint(old.certificatePem)}});
		const error = await failure(client.login('Administrator', password));
		expect(error.kind).toBe('certificate');
		expect(error.certificate).toMatchObject({
			problem: 'pin-mismatch',
			pinned: sshFingerprint(old.certificatePem),
			presented: {fingerprint: sshFingerprint(renewed.certificatePem)},
		});
		expect(error.message).toContain(sshFingerprint(old.certificatePem));
		expect(error.message).toContain(sshFingerprint(renewed.certificatePem));
		expect(server.received).toEqual([]);
	});

	it('a pinned certificate that has expired: expired', async () => {
		const certificate = makeCertificate({notBefore: new Date(Date.now() - (400 * day)), notAfter: new Date(Date.now() - day)});
		const server = await serve(certificate);
		const client = new HttpDeviceClient({baseUrl: `${server.origin}/api/v1`, trust: {pin: sshFingerprint(certificate.certificatePem)}});
		const error = await failure(client.login('Administrator', password));
		expect(error.certificate?.problem).toBe('expired');
		expect(server.received).toEqual([]);
	});

	it('signed by a CA that is not trusted: unknown-issuer', async () => {
		const server = await serve(makeCertificate({issuer: makeCa()}));
		const client = new HttpDeviceClient({baseUrl: `${server.origin}/api/v1`});
		const error = await failure(client.login('Administrator', password));
		expect(error.certificate?.problem).toBe('unknown-issuer');
		expect(server.received).toEqual([]);
	});

	it('--ca: a certificate signed by the given device CA is trusted without a pin', async () => {
		const ca = makeCa();
		const server = await serve(makeCertificate({issuer: ca}));
		const client = new HttpDeviceClient({baseUrl: `${server.origin}/api/v1`, trust: {ca: ca.certificatePem}});
		await client.login('Administrator', password);
		await expect(client.getMicrosoft()).resolves.toMatchObject({token: {status: 'active'}});
	});

	it('--ca, but the certificate names another host: name-mismatch', async () => {
		const ca = makeCa();
		const server = await serve(makeCertificate({issuer: ca, dnsNames: ['other.invalid'], ipAddresses: []}));
		const client = new HttpDeviceClient({baseUrl: `${server.origin}/api/v1`, trust: {ca: ca.certificatePem}});
		const error = await failure(client.login('Administrator', password));
		expect(error.certificate?.problem).toBe('name-mismatch');
		expect(server.received).toEqual([]);
	});

	it('--ca, but the certificate has expired: expired', async () => {
		const ca = makeCa();
		const server = await serve(makeCertificate({issuer: ca, notBefore: new Date(Date.now() - (400 * day)), notAfter: new Date(Date.now() - day)}));
		const client = new HttpDeviceClient({baseUrl: `${server.origin}/api/v1`, trust: {ca: ca.certificatePem}});
		const error = await failure(client.login('Administrator', password));
		expect(error.certificate?.problem).toBe('expired');
	});

	it('a pin given later (after the engineer compared it) is used by the next connection', async () => {
		const certificate = makeCertificate();
		const server = await serve(certificate);
		let pin: string | undefined;
		const client = new HttpDeviceClient({baseUrl: `${server.origin}/api/v1`, trust: {pin: () => pin}});
		expect((await failure(client.login('Administrator', password))).certificate?.problem).toBe('self-signed');
		pin = sshFingerprint(certificate.certificatePem);
		await client.login('Administrator', password);
		expect(client.loggedIn).toBe(true);
	});
});

describe('pins in the preferences', () => {
	const fingerprint = sshFingerprint(makeCertificate().certificatePem);

	it('kept per origin with the port written out; forgotten by the address as --device takes it', () => {
		const store = openPreferences({cwd: mkdtempSync(path.join(tmpdir(), 'cloudmail-pins-'))});
		pinDevice(store, 'https://printer.local/api/v1', fingerprint);
		pinDevice(store, 'https://192.0.2.10:8443/api/v1', fingerprint);
		expect(store.read().pins).toEqual({'https://printer.local:443': fingerprint, 'https://192.0.2.10:8443': fingerprint});
		expect(unpinDevice(store, 'printer.local')).toEqual({key: 'https://printer.local:443', fingerprint});
		expect(unpinDevice(store, 'printer.local')).toEqual({key: 'https://printer.local:443', fingerprint: undefined});
		expect(unpinDevice(store, '192.0.2.10:8443')).toEqual({key: 'https://192.0.2.10:8443', fingerprint});
		expect(store.read().pins).toBeUndefined();
		expect(unpinDevice(store, 'user:pass@printer.local')).toBeUndefined();
	});

	it('a bad entry is left out on its own; a pin is never a secret-shaped value', () => {
		const store = openPreferences({cwd: mkdtempSync(path.join(tmpdir(), 'cloudmail-pins-'))});
		expect(() => {
			store.set('pins', {'https://printer.local:443': 'not a fingerprint'});
		}).toThrow();
		store.set('pins', {'https://printer.local:443': hexFingerprint(makeCertificate().certificatePem), 'http://printer.local:80': fingerprint, 'https://x.local': fingerprint});
		expect(Object.keys(store.read().pins ?? {})).toEqual(['https://printer.local:443']);
		expect(store.read().pins?.['https://printer.local:443']).toMatch(/^SHA256:/);
	});
});

describe('the emulated printer\'s certificate (emulator --tls)', () => {
	it('made once (key 0600), kept across starts, made anew with regenerate', () => {
		const stateDir = mkdtempSync(path.join(tmpdir(), 'cloudmail-device-tls-'));
		const first = loadOrCreateDeviceCertificate(stateDir);
		expect(first.created).toBe(true);
		expect(statSync(path.join(stateDir, 'device-tls', 'device.key')).mode & 0o777).toBe(0o600);
		expect(first.fingerprint).toBe(sshFingerprint(first.certificatePem));
		expect(first.fingerprintHex).toBe(hexFingerprint(first.certificatePem));
		const again = loadOrCreateDeviceCertificate(stateDir);
		expect(again).toMatchObject({created: false, fingerprint: first.fingerprint});
		const renewed = loadOrCreateDeviceCertificate(stateDir, {regenerate: true});
		expect(renewed.created).toBe(true);
		expect(renewed.fingerprint).not.toBe(first.fingerprint);
		expect(loadOrCreateDeviceCertificate(stateDir).fingerprint).toBe(renewed.fingerprint);
	});
});
