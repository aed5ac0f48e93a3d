/**
Same-origin rules of the device API (and, through the same checks, of the offline identity
provider's test controls): what a firmware team implements so that a web page the engineer
opens cannot drive the device on localhost or on the LAN.

In order, before authentication, routing, the lock-out counter or fault injection:
1. Host must name this device: 127.0.0.1, localhost or [::1] with the device's port, the
   configured listen address with the port, and, when listening on every address (0.0.0.0, ::),
   the machine's interface addresses and host name with the port → else 421 `misdirected_request`. A
   DNS-rebinding page sends its own name as Host, so it ends here.
2. Origin, when sent, must be the device's own origin (scheme, the Host that was sent, port);
   Sec-Fetch-Site, when sent, must be `same-origin` or `none` → else 403 `forbidden_origin`.
   A page elsewhere (cross-site `fetch`, a form) ends here. No preflight is ever granted: no
   Access-Control-Allow-* header is ever sent.
3. A request with a body (or a Content-Type) on a method other than GET/HEAD/OPTIONS must say
   `application/json` (optionally `; charset=utf-8`) → else 415 `unsupported_media_type`; a
   browser cannot send that cross-site without a preflight, which 2 refuses.
Test-only endpoints (`/api/v1/_faults`, the identity provider's `/_control/*`) also need a
connection that is loopback at both ends and the run's test token (`Authorization: Bearer
<token>` or `X-Test-Token: <token>`); on any other address they do not exist (404).

The checks are pure functions of `RequestFacts`, so that addresses the tests cannot bind (a
LAN address, a wildcard bind) are tested too.
*/
import {createHash, randomBytes, timingSafeEqual} from 'node:crypto';
import type {IncomingMessage} from 'node:http';
import {isIP} from 'node:net';
import os from 'node:os';
import type {ApiErrorCode} from '../device/contract.js';
import {HttpError} from './http.js';

/** What the checks read of a request. */
export type RequestFacts = {
	method: string;
	/** The peer's address (`socket.remoteAddress`). */
	remoteAddress: string | undefined;
	/** The address the request came in on (`socket.localAddress`). */
	localAddress: string | undefined;
	/** The Host header as sent. */
	host: string | undefined;
	origin: string | undefined;
	secFetchSite: string | undefined;
	contentType: string | undefined;
	/** A body follows (Content-Length > 0 or Transfer-Encoding). */
	hasBody: boolean;
};

/** Why a request is refused: the status and the contract's error code. */
export type Refusal = {status: 421 | 403 | 415; error: Extract<ApiErrorCode, 'misdirected_request' | 'forbidden_origin' | 'unsupported_media_type'>; message: string};

/** A Host (or an Origin's host) taken apart: lower-case name or address (IPv6 in brackets), and the port. */
export type ParsedHost = {hostname: string; port: number};

/** Which Host values a server answers to, and its scheme (for the Origin check). */
export type AllowedHosts = {
	scheme: 'http' | 'https';
	allows(host: ParsedHost): boolean;
};

export const loopbackNames: readonly string[] = ['127.0.0.1', 'localhost', '[::1]'];

/** Listening on every address. */
export function isWildcardAddress(address: string): boolean {
	return address === '' || address === '0.0.0.0' || address === '::' || address === '[::]';
}

/** 127.0.0.0/8, ::1, and IPv4-mapped 127.x (a dual-stack socket). */
export function isLoopbackAddress(address: string | undefined): boolean {
	if (address === undefined) {
		return false;
	}

	const plain = address.toLowerCase().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
	if (isIP(plain) === 4) {
		return plain.startsWith('127.');
	}

	return isIP(plain) === 6 && canonicalIpv6(plain) === '::1';
}

function canonicalIpv6(address: string): string {
	try {
		return new URL(`http://[${address}]/`).hostname.slice(1, -1);
	} catch {
		return address;
	}
}

/** An address as it is written in a Host header: IPv6 in brackets (canonical), names lower-case. */
export function hostForm(address: string): string {
	const bare = address.replace(/^\[(.*)\]$/, '$1');
	return isIP(bare) === 6 ? `[${canonicalIpv6(bare.toLowerCase())}]` : bare.toLowerCase().replace(/\.$/, '');
}

const hostPattern = /^(?:\[(?<ipv6>[\da-f:.]+)\]|(?<name>[a-z\d](?:[a-z\d.-]*[a-z\d])?\.?))(?::(?<port>\d{1,5}))?$/i;

/** A Host header value taken apart; undefined for anything but `name[:port]` (no user info, path or spaces). */
export function parseHost(value: string | undefined, defaultPort: number): ParsedHost | undefined {
	const match = hostPattern.exec(value ?? '');
	if (!match?.groups) {
		return undefined;
	}

	const {ipv6, name, port} = match.groups;
	if (ipv6 !== undefined && isIP(ipv6) !== 6) {
		return undefined;
	}

	const number = port === undefined ? defaultPort : Number(port);
	if (!Number.isInteger(number) || number < 1 || number > 65_535) {
		return undefined;
	}

	return {hostname: hostForm(ipv6 ?? name!), port: number};
}

/**
What the machine is reached at from the network: its interface addresses and its own host name
(also as `<name>.local`, mDNS). A rebinding page cannot make a browser send these as Host.
*/
export function interfaceAddresses(): string[] {
	const name = os.hostname().toLowerCase();
	const names = name === '' ? [] : [name, ...(name.includes('.') ? [] : [`${name}.local`])];
	return [...Object.values(os.networkInterfaces()).flatMap(entries => (entries ?? []).map(entry => entry.address)), ...names];
}

/**
The Host values of a device listening on `bindHost`:`port`: the loopback names, the listen
address, and the interface addresses when it listens on all of them (read at each request:
addresses come and go).
*/
export function deviceHosts(options: {scheme?: 'http' | 'https'; bindHost: string; port: number | (() => number); interfaceAddresses?: () => readonly string[]}): AllowedHosts {
	return listeningHosts({...options, scheme: options.scheme ?? 'http'});
}

/** `deviceHosts` for any scheme, with extra names accepted on the port (`names`) or on any port (`anyPort`). */
export function listeningHosts(options: {
	scheme: 'http' | 'https';
	bindHost: string;
	port: number | (() => number);
	interfaceAddresses?: () => readonly string[];
	names?: readonly string[];
	anyPort?: readonly string[];
}): AllowedHosts {
	const portOf = typeof options.port === 'number' ? () => options.port as number : options.port;
	const wildcard = isWildcardAddress(options.bindHost);
	const named = new Set([...loopbackNames, ...(wildcard ? [] : [options.bindHost]), ...(options.names ?? [])].map(name => hostForm(name)));
	const anyPort = new Set((options.anyPort ?? []).map(name => hostForm(name)));
	const addresses = options.interfaceAddresses ?? interfaceAddresses;
	return {
		scheme: options.scheme,
		allows({hostname, port}) {
			if (anyPort.has(hostname)) {
				return true;
			}

			if (port !== portOf()) {
				return false;
			}

			return named.has(hostname) || (wildcard && addresses().some(address => !address.includes('%') && hostForm(address) === hostname));
		},
	};
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/** `application/json`, optionally with `charset=utf-8` (JSON is UTF-8, RFC 8259). */
export function isJsonContentType(value: string | undefined): boolean {
	if (value === undefined) {
		return false;
	}

	const [type, ...parameters] = value.split(';').map(part => part.trim());
	if (type?.toLowerCase() !== 'application/json') {
		return false;
	}

	return parameters.every(parameter => parameter === '' || /^charset\s*=\s*"?utf-8"?$/i.test(parameter));
}

/** The Origin is exactly `scheme://<the Host that was sent>`. */
export function isOwnOrigin(origin: string, host: ParsedHost, scheme: 'http' | 'https'): boolean {
	let url: URL;
	try {
		url = new URL(origin);
	} catch {
		return false;
	}

	if (url.origin !== origin.toLowerCase() || url.protocol !== `${scheme}:`) {
		return false;
	}

	const defaultPort = scheme === 'https' ? 443 : 80;
	const parsed = parseHost(url.host, defaultPort);
	return parsed !== undefined && parsed.hostname === host.hostname && parsed.port === host.port;
}

function refusal(status: Refusal['status'], error: Refusal['error'], message: string): Refusal {
	return {status, error, message};
}

/** Rule 1: the Host names this server; `undefined` = it does. */
export function checkHost(facts: RequestFacts, hosts: AllowedHosts): Refusal | undefined {
	const host = parseHost(facts.host, hosts.scheme === 'https' ? 443 : 80);
	if (!host || !hosts.allows(host)) {
		return refusal(421, 'misdirected_request', 'This request is not for this server: the Host header does not name it. Use the address it prints.');
	}

	return undefined;
}

/** Rule 2 (after rule 1): an Origin, if sent, is this server's own; so is Sec-Fetch-Site. */
export function checkOrigin(facts: RequestFacts, hosts: AllowedHosts): Refusal | undefined {
	const host = parseHost(facts.host, hosts.scheme === 'https' ? 443 : 80);
	const site = facts.secFetchSite?.trim().toLowerCase();
	const foreignOrigin = facts.origin !== undefined && (host === undefined || !isOwnOrigin(facts.origin, host, hosts.scheme));
	if (foreignOrigin || (site !== undefined && site !== 'same-origin' && site !== 'none')) {
		return refusal(403, 'forbidden_origin', 'Requests from other origins (web pages elsewhere) are not accepted.');
	}

	return undefined;
}

/** Rules 1 and 2; `undefined` = same origin. */
export function checkSameOrigin(facts: RequestFacts, hosts: AllowedHosts): Refusal | undefined {
	return checkHost(facts, hosts) ?? checkOrigin(facts, hosts);
}

/** Rule 3: bodies are JSON. */
export function checkJsonBody(facts: RequestFacts): Refusal | undefined {
	const wantsCheck = facts.hasBody || (facts.contentType !== undefined && !safeMethods.has(facts.method.toUpperCase()));
	if (wantsCheck && !isJsonContentType(facts.contentType)) {
		return refusal(415, 'unsupported_media_type', 'Send the request body as application/json.');
	}

	return undefined;
}

/** Every rule of the device API, in order; `undefined` = the request may go on to routing and authentication. */
export function checkDeviceRequest(facts: RequestFacts, hosts: AllowedHosts): Refusal | undefined {
	return checkSameOrigin(facts, hosts) ?? checkJsonBody(facts);
}

/** What a test-only endpoint does with a request: serve it, ask for the token (401), or not exist (404). */
export type TestEndpointAccess = 'allowed' | 'token-required' | 'absent';

export type TestCredentials = {authorization: string | undefined; testToken: string | undefined};

function digest(text: string): Buffer {
	return createHash('sha256').update(text, 'utf8').digest();
}

/** Compared in constant time. */
export function sameToken(given: string | undefined, expected: string): boolean {
	return given !== undefined && timingSafeEqual(digest(given), digest(expected));
}

/** The token a request presents: `Authorization: Bearer <token>`, else `X-Test-Token`. */
export function presentedToken(credentials: TestCredentials): string | undefined {
	const bearer = /^bearer\s+(\S+)\s*$/i.exec(credentials.authorization ?? '');
	return bearer?.[1] ?? credentials.testToken?.trim();
}

/**
A test-only endpoint answers only when enabled (offline, with a token), on a connection that is
loopback at both ends, and only to the run's token.
*/
export function testEndpointAccess(facts: RequestFacts, credentials: TestCredentials, endpoint: {enabled: boolean; token: string | undefined}): TestEndpointAccess {
	if (!endpoint.enabled || endpoint.token === undefined || !isLoopbackAddress(facts.remoteAddress) || !isLoopbackAddress(facts.localAddress)) {
		return 'absent';
	}

	return sameToken(presentedToken(credentials), endpoint.token) ? 'allowed' : 'token-required';
}

/** A fresh per-run test token (32 random bytes, base64url). */
export function newTestToken(): string {
	return randomBytes(32).toString('base64url');
}

function header(request: Pick<IncomingMessage, 'headers'>, name: string): string | undefined {
	const value = request.headers[name];
	return Array.isArray(value) ? value.join(', ') : value;
}

/** The facts of a Node request. */
export function factsOf(request: Pick<IncomingMessage, 'method' | 'headers' | 'socket'>): RequestFacts {
	const length = Number(header(request, 'content-length') ?? '0');
	return {
		method: request.method ?? 'GET',
		remoteAddress: request.socket.remoteAddress,
		localAddress: request.socket.localAddress,
		host: header(request, 'host'),
		origin: header(request, 'origin'),
		secFetchSite: header(request, 'sec-fetch-site'),
		contentType: header(request, 'content-type'),
		hasBody: (Number.isFinite(length) ? length > 0 : true) || header(request, 'transfer-encoding') !== undefined,
	};
}

export function credentialsOf(request: Pick<IncomingMessage, 'headers'>): TestCredentials {
	return {authorization: header(request, 'authorization'), testToken: header(request, 'x-test-token')};
}

export const testTokenChallenge = 'Bearer realm="cloudmail-setup test endpoints"';

/** The device API's guard, as api.ts calls it where requests enter. */
export type DeviceGuard = {
	/** The refusal of a request that breaks rule 1, 2 or 3, as the JSON error to send. */
	refusal(request: IncomingMessage): HttpError | undefined;
	/** Whether `/_faults` exists for this request, and whether it brought the token. */
	testEndpoint(request: IncomingMessage, endpoint: {enabled: boolean; token: string | undefined}): TestEndpointAccess;
};

export function createDeviceGuard(hosts: AllowedHosts): DeviceGuard {
	return {
		refusal(request) {
			const refused = checkDeviceRequest(factsOf(request), hosts);
			return refused ? new HttpError(refused.status, refused.error, refused.message) : undefined;
		},
		testEndpoint: (request, endpoint) => testEndpointAccess(factsOf(request), credentialsOf(request), endpoint),
	};
}
