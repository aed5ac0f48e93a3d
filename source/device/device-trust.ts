/**
Trusting a printer's HTTPS certificate the way SSH trusts a host key.

A certificate that chains to a trusted CA (the system's, or the device CA given with --ca) and
names the device is trusted as a browser would. A printer's own self-signed certificate is
not: the engineer compares its SHA-256 fingerprint with the one the printer shows (its panel
or Remote UI) and pins it. Once a fingerprint is pinned for a device it alone decides: the
presented certificate must be exactly that one (and within its dates); a different one is
refused even if a CA would vouch for it (`pin-mismatch`), as SSH refuses a changed host key.
The host name is not checked for a pinned certificate: the pin names the one certificate, and
printers' self-signed certificates rarely carry the name or address they are reached at.

Two ways in, both deciding with `judge`:
- `inspectDeviceCertificate`: a bare TLS handshake (nothing sent, the connection closed at
  once) that reads the certificate, for the TUI's question and for messages;
- `createTrustDispatcher`: an undici Agent whose connections are refused by this same check
  before a byte of the request is written; the device client passes it to fetch. undici is
  loaded only here, that is only for an https device.
*/
import {createHash, X509Certificate} from 'node:crypto';
import {isIP} from 'node:net';
import tls, {type TLSSocket} from 'node:tls';
import type {Dispatcher} from 'undici';
import {parseFingerprint, pinKey} from './device-fingerprint.js';
import {
	CertificateRefusal,
	DeviceError,
	type CertificateFailure,
	type CertificateProblem,
	type DeviceCertificate,
} from './device-error.js';
import {sanitizeLine} from '../terminal/sanitize.js';

export {formatFingerprintHex, parseFingerprint, pinKey} from './device-fingerprint.js';

export type TrustOptions = {
	/** A device CA (PEM) to trust besides the system's, for this device only. */
	ca?: string;
	/** The pinned fingerprint (either form); a function is asked at every new connection. */
	pin?: string | (() => string | undefined);
};

export type CertificateCheck =
	| {trusted: true; by: 'ca' | 'pin'; certificate: DeviceCertificate; origin: string}
	| ({trusted: false} & CertificateFailure & {certificate: DeviceCertificate});

function currentPin(options: TrustOptions): string | undefined {
	const pin = typeof options.pin === 'function' ? options.pin() : options.pin;
	return pin === undefined ? undefined : parseFingerprint(pin) ?? pin;
}

function caList(ca: string | undefined): string[] | undefined {
	return ca === undefined ? undefined : [...tls.rootCertificates, ca];
}

function fingerprintOf(der: Uint8Array): string {
	return `SHA256:${createHash('sha256').update(der).digest('base64').replace(/=+$/, '')}`;
}

function commonName(distinguishedName: string): string {
	const cn = /^CN=(.*)$/m.exec(distinguishedName)?.[1];
	return sanitizeLine(cn ?? distinguishedName.replaceAll('\n', ', ')).trim();
}

function isSelfSigned(certificate: X509Certificate): boolean {
	try {
		return certificate.issuer === certificate.subject && certificate.verify(certificate.publicKey);
	} catch {
		return false;
	}
}

/** An IPv6 address as it is written (`::1`, not `0:0:0:0:0:0:0:1`); anything else as it is. */
function shortIpv6(name: string): string {
	if (isIP(name) !== 6) {
		return name;
	}

	try {
		return new URL(`http://[${name}]/`).hostname.slice(1, -1);
	} catch {
		return name;
	}
}

/** What the engineer is shown of a certificate (DER bytes). */
export function describeCertificate(der: Uint8Array): DeviceCertificate {
	const certificate = new X509Certificate(der);
	const altNames = (certificate.subjectAltName ?? '')
		.split(/,\s*/)
		.map(name => sanitizeLine(shortIpv6(name.replace(/^(?:DNS|IP Address):/, ''))).trim())
		.filter(name => name.length > 0);
	const fingerprint = fingerprintOf(der);
	return {
		fingerprint,
		fingerprintHex: certificate.fingerprint256,
		subject: commonName(certificate.subject),
		altNames,
		issuer: commonName(certificate.issuer),
		selfSigned: isSelfSigned(certificate),
		validFrom: new Date(certificate.validFrom).toISOString(),
		validTo: new Date(certificate.validTo).toISOString(),
	};
}

const selfSignedErrors = new Set(['DEPTH_ZERO_SELF_SIGNED_CERT']);
const expiredErrors = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);
const nameErrors = new Set(['ERR_TLS_CERT_ALTNAME_INVALID']);

/**
The decision on a TLS connection made with `rejectUnauthorized: false` (so that Node has run
the usual chain and name checks and left its verdict in `authorized` / `authorizationError`).
Certificate dates are checked against the real clock, as TLS peers do.
*/
export function judge(socket: TLSSocket, origin: string, options: TrustOptions, now = Date.now()): CertificateCheck {
	const peer = socket.getPeerCertificate(false) as {raw?: Buffer} | undefined;
	if (!peer?.raw) {
		throw new Error('The device presented no certificate.');
	}

	const certificate = describeCertificate(peer.raw);
	const pinned = currentPin(options);
	const valid = Date.parse(certificate.validFrom) <= now && now <= Date.parse(certificate.validTo);
	const refuse = (problem: CertificateProblem): CertificateCheck => ({
		trusted: false,
		problem,
		presented: certificate,
		certificate,
		origin,
		...(pinned === undefined ? {} : {pinned}),
	});

	if (pinned !== undefined) {
		if (certificate.fingerprint !== pinned) {
			return refuse('pin-mismatch');
		}

		return valid ? {trusted: true, by: 'pin', certificate, origin} : refuse('expired');
	}

	if (socket.authorized) {
		return {trusted: true, by: 'ca', certificate, origin};
	}

	const code = String(socket.authorizationError ?? '');
	if (!valid || expiredErrors.has(code)) {
		return refuse('expired');
	}

	if (selfSignedErrors.has(code)) {
		return refuse('self-signed');
	}

	return refuse(nameErrors.has(code) ? 'name-mismatch' : 'unknown-issuer');
}

function hostOf(url: URL): string {
	return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

/**
Reads the device's certificate with a bare TLS handshake — no request, no credential — and
says whether the client would trust it. A device that cannot be reached rejects with the
client's own `unreachable` or `timeout` DeviceError.
*/
export async function inspectDeviceCertificate(url: string, options: TrustOptions & {timeoutMs?: number} = {}): Promise<CertificateCheck> {
	const parsed = new URL(url);
	const host = hostOf(parsed);
	const origin = pinKey(url);
	const ca = caList(options.ca);
	const socket = tls.connect({
		host,
		port: Number(parsed.port || 443),
		...(isIP(host) === 0 ? {servername: host} : {}),
		...(ca ? {ca} : {}),
		rejectUnauthorized: false,
	});
	try {
		await new Promise<void>((resolve, reject) => {
			const timer = setTimeout(() => {
				reject(new DeviceError('timeout', `The device did not answer in time (${origin}).`, {url}));
			}, options.timeoutMs ?? 10_000);
			socket.once('secureConnect', () => {
				clearTimeout(timer);
				resolve();
			});
			socket.once('error', error => {
				clearTimeout(timer);
				const code = (error as NodeJS.ErrnoException).code;
				reject(new DeviceError('unreachable', `Cannot reach the device at ${origin}${code ? ` (${code})` : ''}.`, {url, cause: error}));
			});
		});
		return judge(socket, origin, options);
	} finally {
		socket.destroy();
	}
}

/**
An undici dispatcher whose TLS connections are checked by `judge` before the request is
written: a refused one is closed and fails with a `CertificateRefusal` (fetch's `cause`).
TLS sessions are not resumed, so that every connection presents its certificate.
*/
export async function createTrustDispatcher(url: string, options: TrustOptions): Promise<Dispatcher> {
	const {Agent, buildConnector} = await import('undici');
	const origin = pinKey(url);
	const ca = caList(options.ca);
	const connector = buildConnector({rejectUnauthorized: false, maxCachedSessions: 0, ...(ca ? {ca} : {})});
	return new Agent({
		connect(connectOptions, callback) {
			connector(connectOptions, (...result) => {
				const [error, socket] = result;
				if (error !== null) {
					callback(error, null);
					return;
				}

				if (connectOptions.protocol !== 'https:') {
					callback(null, socket);
					return;
				}

				let check: CertificateCheck;
				try {
					check = judge(socket as TLSSocket, origin, options);
				} catch (judgeError) {
					socket.destroy();
					callback(judgeError as Error, null);
					return;
				}

				if (check.trusted) {
					callback(null, socket);
					return;
				}

				socket.destroy();
				const {trusted: _trusted, certificate: _certificate, ...failure} = check;
				callback(new CertificateRefusal(failure), null);
			});
		},
	});
}
