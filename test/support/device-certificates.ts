/**
Certificates for a device served over HTTPS in tests, and small loopback servers: a device
that answers the API (fake), one that redirects, and one that only records what reaches it.
node-forge builds the certificates (keys from node:crypto), independent of the code under test.
*/
import {createHash, generateKeyPairSync, randomBytes, X509Certificate} from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type {AddressInfo} from 'node:net';
import forge from 'node-forge';

export type TestCertificate = {keyPem: string; certificatePem: string};

const day = 24 * 60 * 60 * 1000;

function keyPair(): {privateKey: string; publicKey: string} {
	return generateKeyPairSync('rsa', {
		modulusLength: 2048,
		publicKeyEncoding: {type: 'spki', format: 'pem'},
		privateKeyEncoding: {type: 'pkcs8', format: 'pem'},
	});
}

function serial(): string {
	const bytes = randomBytes(16);
	bytes[0] = (bytes[0]! & 0x7F) || 0x01;
	return bytes.toString('hex');
}

export type CertificateSpec = {
	commonName?: string;
	dnsNames?: readonly string[];
	ipAddresses?: readonly string[];
	notBefore?: Date;
	notAfter?: Date;
	/** Signed by this CA; self-signed without it. */
	issuer?: TestCertificate;
	ca?: boolean;
};

export function makeCertificate(spec: CertificateSpec = {}): TestCertificate {
	const {privateKey, publicKey} = keyPair();
	const certificate = forge.pki.createCertificate();
	certificate.publicKey = forge.pki.publicKeyFromPem(publicKey);
	certificate.serialNumber = serial();
	certificate.validity.notBefore = spec.notBefore ?? new Date(Date.now() - day);
	certificate.validity.notAfter = spec.notAfter ?? new Date(Date.now() + (365 * day));
	const subject = [{name: 'commonName', value: spec.commonName ?? 'Test Printer'}, {name: 'organizationName', value: 'cloudmail-setup tests'}];
	certificate.setSubject(subject);
	certificate.setIssuer(spec.issuer ? forge.pki.certificateFromPem(spec.issuer.certificatePem).subject.attributes : subject);
	const altNames = [
		...(spec.dnsNames ?? ['localhost']).map(value => ({type: 2, value})),
		...(spec.ipAddresses ?? ['127.0.0.1']).map(ip => ({type: 7, ip})),
	];
	certificate.setExtensions(spec.ca
		? [{name: 'basicConstraints', cA: true, critical: true}, {name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true}]
		: [{name: 'basicConstraints', cA: false}, {name: 'keyUsage', digitalSignature: true, keyEncipherment: true}, {name: 'extKeyUsage', serverAuth: true}, {name: 'subjectAltName', altNames}]);
	const signingKey = spec.issuer ? spec.issuer.keyPem : privateKey;
	certificate.sign(forge.pki.privateKeyFromPem(signingKey) as forge.pki.rsa.PrivateKey, forge.md.sha256.create());
	return {keyPem: privateKey, certificatePem: forge.pki.certificateToPem(certificate)};
}

export function makeCa(): TestCertificate {
	return makeCertificate({commonName: 'Test Device CA', ca: true});
}

/** The fingerprint as SSH shows a host key's: SHA256 of the DER, base64 without padding. */
export function sshFingerprint(certificatePem: string): string {
	const der = new X509Certificate(certificatePem).raw;
	return `SHA256:${createHash('sha256').update(der).digest('base64').replace(/=+$/, '')}`;
}

/** The fingerprint as browsers, printers and openssl show it: hex pairs with colons. */
export function hexFingerprint(certificatePem: string): string {
	return new X509Certificate(certificatePem).fingerprint256;
}

export type Received = {method: string; url: string; headers: http.IncomingHttpHeaders; body: string};
export type Handler = (request: Received, response: http.ServerResponse) => void;

export type TestServer = {
	origin: string;
	/** Every request that reached it, with its body. */
	received: Received[];
	handler: Handler;
	close(): Promise<void>;
};

/** A loopback server (https when given a certificate) that records every request, then lets `handler` answer. */
export async function startServer(handler: Handler, certificate?: TestCertificate): Promise<TestServer> {
	const received: Received[] = [];
	const listener = (request: http.IncomingMessage, response: http.ServerResponse): void => {
		let body = '';
		request.on('data', (chunk: Buffer) => {
			body += chunk.toString();
		});
		request.on('end', () => {
			const entry = {method: request.method ?? '', url: request.url ?? '', headers: request.headers, body};
			received.push(entry);
			result.handler(entry, response);
		});
	};

	const server = certificate
		? https.createServer({key: certificate.keyPem, cert: certificate.certificatePem}, listener)
		: http.createServer(listener);
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	const result: TestServer = {
		origin: `${certificate ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`,
		received,
		handler,
		async close() {
			server.closeAllConnections();
			await new Promise(resolve => {
				server.close(resolve);
			});
		},
	};
	return result;
}

export function json(response: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
	response.writeHead(status, {'content-type': 'application/json', ...headers});
	response.end(JSON.stringify(body));
}

export const sessionToken = 'session-token-0123456789';

export const microsoftState = {
	settings: {enabled: true, verifyServerCertificate: true, addCnToVerification: false, endpoint: 'https://login.microsoftonline.com/organizations/oauth2/v2.0'},
	connection: {status: 'success', checkedAt: '2026-11-24T10:00:00.000Z'},
	authorization: null,
	token: {status: 'active', expiresAt: '2026-11-24T11:00:00.000Z'},
};

/** A device that lets anyone log in and answers GET /oauth2/microsoft. */
export const fakeDevice: Handler = (request, response) => {
	if (request.url.endsWith('/session')) {
		json(response, request.method === 'DELETE' ? 204 : 201, request.method === 'DELETE' ? undefined : {token: sessionToken, idleTimeoutSeconds: 600});
		return;
	}

	json(response, 200, microsoftState, {etag: '"v1"'});
};
