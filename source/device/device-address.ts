/**
A device address as an engineer writes it, read one way for every entry point: `--device` of
the TUI and of scripted mode, `config set deviceUrl`, the saved preference, and the Device field
of Log In. No heavy imports: the TUI reads it before its first frame.

What is accepted, and what it becomes (full-width characters read as their ASCII forms, NFKC):
- `192.168.1.20`, `printer.local`, `[fe80::1]` (or `fe80::1`), each with an optional `:port`;
- `https://…` and `http://…` with the same, and optionally a path;
- no scheme: `https://` (a printer's Remote UI is HTTPS), except for a loopback host
  (127.0.0.0/8, ::1, localhost): `http://`, because the emulator on this computer serves plain
  HTTP (`127.0.0.1:8480` just works). Write `https://127.0.0.1:…` for TLS on loopback;
- no path (or `/`): the device API's `/api/v1` is added. An explicit path is kept as written,
  without trailing slashes (a proxy may serve the API elsewhere).

Refused, each with its own problem code (the words are the i18n `deviceAddress.problems`,
which never repeat the address): nothing at all; more than `maxDeviceAddressLength`
characters; spaces, control characters or backslashes; a user name or password (`user:pass@`, any `@`);
any other scheme; no host or a malformed one (including IPv4 shorthands such as `192.168.1`
or `010.0.0.1` that URL parsers read as another address); a port that is not 1–65535; a path
with `.`/`..` or empty segments or characters that would need escaping; a query or fragment.

The result is idempotent: the `url` of an accepted address parses to itself.
*/

export const maxDeviceAddressLength = 512;

/** Where the device API lives when the address names no path. */
export const defaultApiPath = '/api/v1';

export const deviceAddressProblems = ['empty', 'too_long', 'characters', 'credentials', 'scheme', 'host', 'port', 'path', 'query'] as const;
export type DeviceAddressProblem = (typeof deviceAddressProblems)[number];

export type DeviceAddress = {
	readonly ok: true;
	/** The device API base: origin plus the path (`/api/v1` unless another was given), no trailing slash. */
	readonly url: string;
	/** `https://printer.local`, `http://127.0.0.1:8480`, `http://[::1]:8480`. */
	readonly origin: string;
	readonly scheme: 'http' | 'https';
	/** As URL's `hostname`: lower case, punycode, IPv6 in brackets. */
	readonly host: string;
	/** The port connected to (443 or 80 when none is written). */
	readonly port: number;
	readonly isLoopback: boolean;
	/** What to show: the origin when the path is the default one, else the whole `url`. */
	readonly display: string;
};

export type DeviceAddressRefusal = {readonly ok: false; readonly problem: DeviceAddressProblem};

export type DeviceAddressResult = DeviceAddress | DeviceAddressRefusal;

function refuse(problem: DeviceAddressProblem): DeviceAddressRefusal {
	return {ok: false, problem};
}

// Spaces, C0 and C1 controls, DEL, backslash (URL parsers read it as `/`), and the invisible
// or direction-changing characters sanitize.ts strips: what hides what is really there.
// eslint-disable-next-line no-control-regex
const refusedCharacters = /[\s\u0000-\u001F\u007F-\u009F\\\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF\uFFF9-\uFFFB\u{E0000}-\u{E007F}]/u;
const schemePrefix = /^([a-z][a-z\d+.-]*):\/\//i;
const httpWithoutSlashes = /^https?:/i;
/** A word, a colon, then neither a port nor a second colon (a bare IPv6 address is checked apart). */
const otherScheme = /^[a-z][a-z\d+-]*:(?![\d:])/i;
/** Host characters as written (before URL's IDNA): letters, digits, `-`, `.`, `_` and any non-ASCII letter. */
const hostCharacters = /^[\p{L}\p{N}\p{M}._-]+$/u;
/** Path characters that no URL parser changes: RFC 3986 pchar minus `@` (see credentials) and a bare `%` (only `%XX`). */
const pathSegment = /^(?:[\w.~!$&'()*+,;=:-]|%[\dA-Fa-f]{2})+$/;

/** True for 127.0.0.0/8, ::1 (also as an IPv4-mapped 127.x address) and `localhost`: this computer. */
export function isLoopbackHost(host: string): boolean {
	const name = host.toLowerCase().replace(/\.$/, '');
	if (name === 'localhost') {
		return true;
	}

	if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name)) {
		return true;
	}

	const bare = name.startsWith('[') && name.endsWith(']') ? name.slice(1, -1) : name;
	// URL writes IPv6 compressed and in lower case: ::1, and ::ffff:7fxx:xxxx for ::ffff:127.x.x.x.
	return bare === '::1' || /^::ffff:7f[\da-f]{2}:[\da-f]{1,4}$/.test(bare) || /^::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare);
}

/**
A host name whose last label is a number is an IPv4 address to a URL parser, which also reads
`192.168.1` as 192.168.0.1, `0x7f.1` as 127.0.0.1 and `010.0.0.1` (octal) as 8.0.0.1. Only the
plain dotted quad is accepted, so that the address used is the address written.
*/
function hostProblem(host: string): boolean {
	if (host.length > 253 || !hostCharacters.test(host)) {
		return true;
	}

	const labels = host.split('.');
	if (labels.some(label => label === '' || label.startsWith('-') || label.endsWith('-'))) {
		return true;
	}

	const last = labels.at(-1)!;
	if (/^(?:\d+|0x[\da-f]*)$/i.test(last)) {
		return labels.length !== 4 || !labels.every(label => /^(?:0|[1-9]\d{0,2})$/.test(label) && Number(label) <= 255);
	}

	return false;
}

type Authority = {host: string; port: string | undefined; ipv6: boolean};

function splitAuthority(authority: string, schemeGiven: boolean): Authority | DeviceAddressProblem {
	if (authority.startsWith('[')) {
		const close = authority.indexOf(']');
		if (close < 0) {
			return 'host';
		}

		const after = authority.slice(close + 1);
		if (after !== '' && !after.startsWith(':')) {
			return 'host';
		}

		return {host: authority.slice(0, close + 1), port: after === '' ? undefined : after.slice(1), ipv6: true};
	}

	// Two or more colons and no brackets: an IPv6 address written bare (`fe80::1`), which
	// cannot carry a port. Only without a scheme: a URL needs the brackets.
	if (!schemeGiven && authority.split(':').length > 2) {
		return /^[\da-f:.]+$/i.test(authority) ? {host: `[${authority}]`, port: undefined, ipv6: true} : 'host';
	}

	const colon = authority.lastIndexOf(':');
	return colon < 0
		? {host: authority, port: undefined, ipv6: false}
		: {host: authority.slice(0, colon), port: authority.slice(colon + 1), ipv6: false};
}

function portOf(text: string | undefined): number | undefined | 'bad' {
	if (text === undefined) {
		return undefined;
	}

	if (!/^\d{1,5}$/.test(text)) {
		return 'bad';
	}

	const port = Number(text);
	return port >= 1 && port <= 65_535 ? port : 'bad';
}

/** `undefined` for no path (or `/`), else the path without trailing slashes; a problem when it is malformed. */
function pathOf(text: string): string | undefined | 'bad' {
	const trimmed = text.replace(/\/+$/, '');
	if (trimmed === '') {
		return undefined;
	}

	const segments = trimmed.split('/').slice(1);
	return segments.every(segment => segment !== '.' && segment !== '..' && pathSegment.test(segment)) ? trimmed : 'bad';
}

export function parseDeviceAddress(input: unknown): DeviceAddressResult {
	if (typeof input !== 'string') {
		return refuse('empty');
	}

	// Full-width letters, digits and punctuation (a Japanese input method) as their ASCII selves.
	const text = input.normalize('NFKC').trim();
	if (text === '') {
		return refuse('empty');
	}

	if (text.length > maxDeviceAddressLength) {
		return refuse('too_long');
	}

	if (refusedCharacters.test(text)) {
		return refuse('characters');
	}

	const schemeMatch = schemePrefix.exec(text);
	const rest = schemeMatch ? text.slice(schemeMatch[0].length) : text;
	const slash = rest.indexOf('/');
	const question = rest.search(/[?#]/);
	const authorityEnd = [slash, question].filter(index => index >= 0).reduce((first, index) => Math.min(first, index), rest.length);
	const authority = rest.slice(0, authorityEnd);
	// Credentials first, whatever else is wrong: the words for any other problem must not lead
	// anyone to retype the address, password and all, somewhere else. An `@` anywhere counts:
	// in a path it reads as credentials to people and to more than one URL parser.
	if (text.includes('@')) {
		return refuse('credentials');
	}

	if (question >= 0) {
		return refuse('query');
	}

	let scheme: 'http' | 'https' | undefined;
	if (schemeMatch) {
		const given = schemeMatch[1]!.toLowerCase();
		if (given !== 'http' && given !== 'https') {
			return refuse('scheme');
		}

		scheme = given;
	} else if (httpWithoutSlashes.test(text) || (otherScheme.test(text) && !/^[\da-f:.]+$/i.test(authority))) {
		// `http:printer`, `https:/printer`: a scheme without its `//`; `javascript:…`, `mailto:…`.
		return refuse('scheme');
	}

	const split = splitAuthority(authority, schemeMatch !== null);
	if (typeof split === 'string') {
		return refuse(split);
	}

	if (split.host === '' || (!split.ipv6 && hostProblem(split.host))) {
		return refuse('host');
	}

	const port = portOf(split.port);
	if (port === 'bad') {
		return refuse('port');
	}

	const path = pathOf(rest.slice(authorityEnd));
	if (path === 'bad') {
		return refuse('path');
	}

	let parsed: URL;
	try {
		// Scheme-less first to learn the host; the scheme decides only the default port.
		parsed = new URL(`http://${split.host}${port === undefined ? '' : `:${port}`}/`);
	} catch {
		return refuse('host');
	}

	const host = parsed.hostname;
	// An IPv4 address must come out as it was written (full-width digits would pass the first check).
	const ipv4Changed = /^[\d.]+$/.test(host) && split.host !== host;
	if (host === '' || ipv4Changed || (!split.ipv6 && hostProblem(host))) {
		return refuse('host');
	}

	const isLoopback = isLoopbackHost(host);
	const chosen = scheme ?? (isLoopback ? 'http' : 'https');
	const defaultPort = chosen === 'https' ? 443 : 80;
	const effectivePort = port ?? defaultPort;
	const origin = `${chosen}://${host}${effectivePort === defaultPort ? '' : `:${effectivePort}`}`;
	const apiPath = path ?? defaultApiPath;
	const url = `${origin}${apiPath}`;
	return {
		ok: true,
		url,
		origin,
		scheme: chosen,
		host,
		port: effectivePort,
		isLoopback,
		display: apiPath === defaultApiPath ? origin : url,
	};
}

/**
True when a log-in to `url` would send the password in plain text over a network: HTTP to
anything but loopback. A URL that cannot be read is treated as such unless it is HTTPS.
*/
export function isPlainHttpToNetwork(url: string): boolean {
	const parsed = parseDeviceAddress(url);
	if (parsed.ok) {
		return parsed.scheme === 'http' && !parsed.isLoopback;
	}

	try {
		const fallback = new URL(url);
		return fallback.protocol !== 'https:' && !isLoopbackHost(fallback.hostname);
	} catch {
		return !/^https:\/\//i.test(url.trim());
	}
}
