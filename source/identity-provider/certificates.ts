/**
The offline identity provider's TLS certificates: a local CA that the device is told to
trust, and three server certificates that make the device's two checks ("verify server
certificate", "add CN to verification items") pass or fail for real.

Keys come from node:crypto (fast); node-forge only builds and signs the X.509 structures.
Validity uses the real clock, never the injected one: TLS peers check dates against real
time.
*/
import {createPrivateKey, generateKeyPairSync, randomBytes, X509Certificate} from 'node:crypto';
import {chmod, open, readFile, rename, rm} from 'node:fs/promises';
import path from 'node:path';
import forge from 'node-forge';
import {errnoOf, prepareStateDirectory, shellQuoted, StateNotSaved} from '../emulator/store.js';

export const certificateKinds = ['valid', 'wrong-cn', 'untrusted'] as const;
/**
- `valid`: signed by the CA, names login.microsoftonline.com (and the Google hosts, the SMTP
  servers, localhost).
- `wrong-cn`: signed by the CA, names only wrong-cn.invalid: the chain check passes, the
  host name check fails.
- `untrusted`: self-signed with the right names: the chain check fails.
*/
export type CertificateKind = (typeof certificateKinds)[number];

export type KeyAndCertificate = {
	privateKeyPem: string;
	certificatePem: string;
};

export type CertificateSet = {
	ca: KeyAndCertificate;
	leaves: Record<CertificateKind, KeyAndCertificate>;
};

export const caCommonName = 'cloudmail-setup offline CA';
const organization = 'cloudmail-setup';

/** The names the real services answer to; the `valid` and `untrusted` leaves carry all (HTTPS and SMTP STARTTLS alike). */
export const serverDnsNames = [
	'login.microsoftonline.com',
	'accounts.google.com',
	'oauth2.googleapis.com',
	'gmail.googleapis.com',
	'www.googleapis.com',
	'openidconnect.googleapis.com',
	'smtp.office365.com',
	'smtp.gmail.com',
	'localhost',
] as const;
export const serverIpAddresses = ['127.0.0.1', '::1'] as const;
export const wrongCnName = 'wrong-cn.invalid';

const day = 24 * 60 * 60 * 1000;
const caValidity = 3650 * day;
// The longest validity browsers accept for a server certificate; renewed from the cached CA.
const leafValidity = 397 * day;
// A cached certificate closer than this to its end is made anew at start-up.
const renewalMargin = 30 * day;

type LeafSpec = {commonName: string; dnsNames: readonly string[]; ipAddresses: readonly string[]};

const leafSpecs: Record<CertificateKind, LeafSpec> = {
	valid: {commonName: 'login.microsoftonline.com', dnsNames: serverDnsNames, ipAddresses: serverIpAddresses},
	'wrong-cn': {commonName: wrongCnName, dnsNames: [wrongCnName], ipAddresses: []},
	untrusted: {commonName: 'login.microsoftonline.com', dnsNames: serverDnsNames, ipAddresses: serverIpAddresses},
};

function generateKeyPair(): {privateKeyPem: string; publicKeyPem: string} {
	const {privateKey, publicKey} = generateKeyPairSync('rsa', {
		modulusLength: 2048,
		publicKeyEncoding: {type: 'spki', format: 'pem'},
		privateKeyEncoding: {type: 'pkcs8', format: 'pem'},
	});
	return {privateKeyPem: privateKey, publicKeyPem: publicKey};
}

/** 16 random bytes as a positive, non-zero DER integer. */
function randomSerialNumber(): string {
	const bytes = randomBytes(16);
	bytes[0] = (bytes[0]! & 0x7F) || 0x01;
	return bytes.toString('hex');
}

type CertificateDraft = {
	publicKeyPem: string;
	subject: forge.pki.CertificateField[];
	issuer: forge.pki.CertificateField[];
	validity: number;
	extensions: unknown[];
	signingKeyPem: string;
	now: number;
};

function signCertificate(draft: CertificateDraft): string {
	const certificate = forge.pki.createCertificate();
	certificate.publicKey = forge.pki.publicKeyFromPem(draft.publicKeyPem);
	certificate.serialNumber = randomSerialNumber();
	certificate.validity.notBefore = new Date(draft.now - day);
	certificate.validity.notAfter = new Date(draft.now + draft.validity);
	certificate.setSubject(draft.subject);
	certificate.setIssuer(draft.issuer);
	certificate.setExtensions(draft.extensions as any[]);
	certificate.sign(forge.pki.privateKeyFromPem(draft.signingKeyPem) as forge.pki.rsa.PrivateKey, forge.md.sha256.create());
	return forge.pki.certificateToPem(certificate);
}

function distinguishedName(commonName: string): forge.pki.CertificateField[] {
	return [
		{name: 'commonName', value: commonName},
		{name: 'organizationName', value: organization},
	];
}

function subjectKeyIdentifierOf(certificatePem: string): string {
	return forge.pki.certificateFromPem(certificatePem).generateSubjectKeyIdentifier().getBytes();
}

export function createCertificateAuthority(now = Date.now()): KeyAndCertificate {
	const {privateKeyPem, publicKeyPem} = generateKeyPair();
	const name = distinguishedName(caCommonName);
	const certificatePem = signCertificate({
		publicKeyPem,
		subject: name,
		issuer: name,
		validity: caValidity,
		extensions: [
			{name: 'basicConstraints', cA: true, critical: true},
			{name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true},
			{name: 'subjectKeyIdentifier'},
		],
		signingKeyPem: privateKeyPem,
		now,
	});
	return {privateKeyPem, certificatePem};
}

/** A server certificate; `untrusted` is self-signed, the others are signed by `ca`. */
export function createLeafCertificate(kind: CertificateKind, ca: KeyAndCertificate, now = Date.now()): KeyAndCertificate {
	const spec = leafSpecs[kind];
	const {privateKeyPem, publicKeyPem} = generateKeyPair();
	const subject = distinguishedName(spec.commonName);
	const selfSigned = kind === 'untrusted';
	const altNames = [
		...spec.dnsNames.map(value => ({type: 2, value})),
		...spec.ipAddresses.map(ip => ({type: 7, ip})),
	];
	const certificatePem = signCertificate({
		publicKeyPem,
		subject,
		issuer: selfSigned ? subject : forge.pki.certificateFromPem(ca.certificatePem).subject.attributes,
		validity: leafValidity,
		extensions: [
			{name: 'basicConstraints', cA: false, critical: true},
			{name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true},
			{name: 'extKeyUsage', serverAuth: true},
			{name: 'subjectAltName', altNames},
			{name: 'subjectKeyIdentifier'},
			...(selfSigned ? [] : [{name: 'authorityKeyIdentifier', keyIdentifier: subjectKeyIdentifierOf(ca.certificatePem)}]),
		],
		signingKeyPem: selfSigned ? privateKeyPem : ca.privateKeyPem,
		now,
	});
	return {privateKeyPem, certificatePem};
}

export function createCertificateSet(now = Date.now()): CertificateSet {
	const ca = createCertificateAuthority(now);
	return {ca, leaves: createLeaves(ca, now)};
}

function createLeaves(ca: KeyAndCertificate, now: number): Record<CertificateKind, KeyAndCertificate> {
	return {
		valid: createLeafCertificate('valid', ca, now),
		'wrong-cn': createLeafCertificate('wrong-cn', ca, now),
		untrusted: createLeafCertificate('untrusted', ca, now),
	};
}

// Cache on disk

function parsed(pair: KeyAndCertificate, now: number): X509Certificate | undefined {
	try {
		const certificate = new X509Certificate(pair.certificatePem);
		const fresh = Date.parse(certificate.validFrom) <= now && Date.parse(certificate.validTo) - renewalMargin > now;
		return fresh && certificate.checkPrivateKey(createPrivateKey(pair.privateKeyPem)) ? certificate : undefined;
	} catch {
		return undefined;
	}
}

function isUsableCa(pair: KeyAndCertificate, now: number): boolean {
	const certificate = parsed(pair, now);
	return certificate !== undefined && certificate.ca && certificate.subject.includes(`CN=${caCommonName}`);
}

/** True when a cached leaf still is what `createLeafCertificate(kind, ca)` would make. */
function isUsableLeaf(kind: CertificateKind, pair: KeyAndCertificate, ca: KeyAndCertificate, now: number): boolean {
	const certificate = parsed(pair, now);
	if (!certificate || certificate.ca) {
		return false;
	}

	const spec = leafSpecs[kind];
	const namesMatch = spec.dnsNames.every(name => certificate.checkHost(name, {wildcards: false}) === name)
		&& spec.ipAddresses.every(ip => certificate.checkIP(ip) !== undefined)
		&& (kind !== 'wrong-cn' || certificate.checkHost('login.microsoftonline.com') === undefined);
	const caCertificate = new X509Certificate(ca.certificatePem);
	const signedAsExpected = kind === 'untrusted'
		? certificate.verify(certificate.publicKey) && !certificate.verify(caCertificate.publicKey)
		: certificate.checkIssued(caCertificate) && certificate.verify(caCertificate.publicKey);
	return namesMatch && signedAsExpected;
}

function fileNames(name: string): {key: string; certificate: string} {
	return {key: `${name}.key`, certificate: `${name}.crt`};
}

async function readPair(directory: string, name: string): Promise<KeyAndCertificate | undefined> {
	const files = fileNames(name);
	try {
		const [privateKeyPem, certificatePem] = await Promise.all([
			readFile(path.join(directory, files.key), 'utf8'),
			readFile(path.join(directory, files.certificate), 'utf8'),
		]);
		// A key that was left readable by others (copied, restored from a backup) is tightened.
		await chmod(path.join(directory, files.key), 0o600);
		return {privateKeyPem, certificatePem};
	} catch {
		return undefined;
	}
}

/** Write to a temporary file in the same directory, flush, then rename over the target. */
async function writeFileAtomically(file: string, data: string, mode: number): Promise<void> {
	const temporary = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
	try {
		const handle = await open(temporary, 'wx', mode);
		try {
			await handle.writeFile(data, 'utf8');
			await handle.sync();
		} finally {
			await handle.close();
		}

		await chmod(temporary, mode);
		await rename(temporary, file);
	} catch (error) {
		await rm(temporary, {force: true});
		throw error;
	}
}

/**
Both files of a pair, each atomically. A write the storage refuses is `StateNotSaved` (the errno
in words), as for the device's own files: nothing half-written is left, and the provider does not
start with certificates that are not on disk (the device and browsers are told to trust ca.crt).
*/
async function writePair(directory: string, name: string, pair: KeyAndCertificate): Promise<void> {
	const files = fileNames(name);
	try {
		await writeFileAtomically(path.join(directory, files.key), pair.privateKeyPem, 0o600);
		await writeFileAtomically(path.join(directory, files.certificate), pair.certificatePem, 0o644);
	} catch (error) {
		const errno = errnoOf(error);
		if (!errno) {
			throw error;
		}

		const notSaved = new StateNotSaved(errno, {cause: error});
		throw new CertificatesNotSaved(`The offline identity provider could not save its certificates in ${shellQuoted(directory)}: ${notSaved.reason}. Nothing was started; free the storage (or fix its permissions) and start again.`, notSaved);
	}
}

/** The certificates could not be written (`notSaved` names the errno). */
export class CertificatesNotSaved extends Error {
	override readonly name = 'CertificatesNotSaved';
	readonly notSaved: StateNotSaved;

	constructor(message: string, notSaved: StateNotSaved) {
		super(message, {cause: notSaved});
		this.notSaved = notSaved;
	}
}

/**
The certificates cached in `directory` (created mode 0700 if missing; refused when others may
write to it), with whatever is
missing, unreadable, near its end or no longer matching made anew and saved. The CA is kept
as long as it is usable, so a device that trusts it keeps trusting restarts.
Two processes starting on one empty directory at the same moment may each make a CA; the
last rename wins on disk. Give each concurrently running provider its own directory.
Throws `CertificatesNotSaved` (the errno in words) when the storage refuses a write.
*/
export async function loadOrCreateCertificates(directory: string, now = Date.now()): Promise<CertificateSet> {
	// Created 0700, or checked like the device's state directory: refused when others may write to it.
	prepareStateDirectory(directory);
	let ca = await readPair(directory, 'ca');
	let caIsNew = false;
	if (!ca || !isUsableCa(ca, now)) {
		ca = createCertificateAuthority(now);
		caIsNew = true;
		await writePair(directory, 'ca', ca);
	}

	const leaves: Partial<Record<CertificateKind, KeyAndCertificate>> = {};
	for (const kind of certificateKinds) {
		const cached = caIsNew ? undefined : await readPair(directory, kind);
		if (cached && isUsableLeaf(kind, cached, ca, now)) {
			leaves[kind] = cached;
		} else {
			const leaf = createLeafCertificate(kind, ca, now);
			await writePair(directory, kind, leaf);
			leaves[kind] = leaf;
		}
	}

	return {ca, leaves: leaves as Record<CertificateKind, KeyAndCertificate>};
}
