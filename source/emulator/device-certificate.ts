/**
The emulated printer's own HTTPS certificate (`cloudmail-setup emulator --tls`): self-signed,
as a printer's factory certificate is, made on first start and kept in the state directory
(`device-tls/device.key` mode 0600, `device-tls/device.crt`), so that its fingerprint stays
the same across restarts and can be pinned. `regenerate` (or deleting the files) makes a new
one: the pinning flow can then be tried with a certificate that changed.

Keys come from node:crypto; node-forge builds and signs the X.509 structure, as for the
offline identity provider's certificates (identity-provider/certificates.ts).
*/
import {createHash, createPrivateKey, generateKeyPairSync, randomBytes, X509Certificate} from 'node:crypto';
import {chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs';
import {hostname} from 'node:os';
import path from 'node:path';
import forge from 'node-forge';

export type DeviceTlsCertificate = {
	keyPem: string;
	certificatePem: string;
	/** `SHA256:` + base64, as SSH shows a host key. */
	fingerprint: string;
	/** Hex pairs with colons, as a printer's Remote UI and openssl show it. */
	fingerprintHex: string;
	/** Where the certificate file is (the key is beside it). */
	certificatePath: string;
	/** True when it was made by this start (first start, --tls-regenerate, or the files were gone or unusable). */
	created: boolean;
};

const day = 24 * 60 * 60 * 1000;
/** Printers' factory certificates are long-lived; this one is valid for ten years. */
const validity = 3650 * day;
export const deviceCommonName = 'cloudmail-setup emulated device';

function fingerprints(certificatePem: string): {fingerprint: string; fingerprintHex: string} {
	const certificate = new X509Certificate(certificatePem);
	return {
		fingerprint: `SHA256:${createHash('sha256').update(certificate.raw).digest('base64').replace(/=+$/, '')}`,
		fingerprintHex: certificate.fingerprint256,
	};
}

/** A self-signed server certificate for the names and addresses the device is reached at. */
export function createDeviceCertificate(options: {dnsNames: readonly string[]; ipAddresses: readonly string[]; now?: number}): {keyPem: string; certificatePem: string} {
	const now = options.now ?? Date.now();
	const {privateKey, publicKey} = generateKeyPairSync('rsa', {
		modulusLength: 2048,
		publicKeyEncoding: {type: 'spki', format: 'pem'},
		privateKeyEncoding: {type: 'pkcs8', format: 'pem'},
	});
	const certificate = forge.pki.createCertificate();
	certificate.publicKey = forge.pki.publicKeyFromPem(publicKey);
	const serial = randomBytes(16);
	serial[0] = (serial[0]! & 0x7F) || 0x01;
	certificate.serialNumber = serial.toString('hex');
	certificate.validity.notBefore = new Date(now - day);
	certificate.validity.notAfter = new Date(now + validity);
	const name = [{name: 'commonName', value: deviceCommonName}, {name: 'organizationName', value: 'cloudmail-setup'}];
	certificate.setSubject(name);
	certificate.setIssuer(name);
	certificate.setExtensions([
		{name: 'basicConstraints', cA: false, critical: true},
		{name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true},
		{name: 'extKeyUsage', serverAuth: true},
		{name: 'subjectAltName', altNames: [
			...options.dnsNames.map(value => ({type: 2, value})),
			...options.ipAddresses.map(ip => ({type: 7, ip})),
		]},
		{name: 'subjectKeyIdentifier'},
	]);
	certificate.sign(forge.pki.privateKeyFromPem(privateKey) as forge.pki.rsa.PrivateKey, forge.md.sha256.create());
	return {keyPem: privateKey, certificatePem: forge.pki.certificateToPem(certificate)};
}

function writeAtomically(file: string, data: string, mode: number): void {
	const temporary = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
	try {
		writeFileSync(temporary, data, {mode, flag: 'wx'});
		chmodSync(temporary, mode);
		renameSync(temporary, file);
	} catch (error) {
		rmSync(temporary, {force: true});
		throw error;
	}
}

function usable(keyPem: string, certificatePem: string, now: number): boolean {
	try {
		const certificate = new X509Certificate(certificatePem);
		return Date.parse(certificate.validFrom) <= now && now < Date.parse(certificate.validTo) && certificate.checkPrivateKey(createPrivateKey(keyPem));
	} catch {
		return false;
	}
}

/**
The device certificate kept in `<stateDir>/device-tls/`: read if it is there and usable, else
(or with `regenerate`) made anew for localhost, 127.0.0.1, ::1, this computer's name and the
listen address, and saved.
*/
export function loadOrCreateDeviceCertificate(stateDir: string, options: {host?: string; regenerate?: boolean; now?: number} = {}): DeviceTlsCertificate {
	const now = options.now ?? Date.now();
	const directory = path.join(stateDir, 'device-tls');
	mkdirSync(directory, {recursive: true, mode: 0o700});
	const keyPath = path.join(directory, 'device.key');
	const certificatePath = path.join(directory, 'device.crt');
	if (!options.regenerate) {
		try {
			const keyPem = readFileSync(keyPath, 'utf8');
			const certificatePem = readFileSync(certificatePath, 'utf8');
			if (usable(keyPem, certificatePem, now)) {
				// A key left readable by others (copied, restored) is tightened.
				chmodSync(keyPath, 0o600);
				return {keyPem, certificatePem, ...fingerprints(certificatePem), certificatePath, created: false};
			}
		} catch {
			// Missing or unreadable: made anew below.
		}
	}

	const host = options.host?.replace(/^\[(.*)\]$/, '$1');
	const isAddress = host !== undefined && /^[\d.]+$|:/.test(host);
	const wildcard = host === undefined || host === '' || host === '0.0.0.0' || host === '::';
	const dnsNames = [...new Set(['localhost', hostname().toLowerCase(), ...(!wildcard && !isAddress ? [host] : [])])];
	const ipAddresses = [...new Set(['127.0.0.1', '::1', ...(!wildcard && isAddress ? [host] : [])])];
	const {keyPem, certificatePem} = createDeviceCertificate({dnsNames, ipAddresses, now});
	writeAtomically(keyPath, keyPem, 0o600);
	writeAtomically(certificatePath, certificatePem, 0o644);
	return {keyPem, certificatePem, ...fingerprints(certificatePem), certificatePath, created: true};
}
