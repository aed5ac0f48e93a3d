/**
The HTTP plumbing the identity provider's route tables share: the request and reply shapes, the
route (method, path pattern, handler) and how one is found and answered, the reply helpers with
their headers, body reading with its limit, form and JSON parsing, and the Host guard. The server
(server.ts) reads bodies and writes replies; the route tables (entra-routes.ts,
google-routes.ts, control-routes.ts) and their handlers only decide what to answer.
*/
import type {IncomingHttpHeaders, IncomingMessage} from 'node:http';
import {
	checkHost,
	checkJsonBody,
	checkOrigin,
	listeningHosts,
	type AllowedHosts,
	type Refusal,
	type RequestFacts,
} from '../emulator/request-guard.js';
import {entraHost} from './entra.js';
import {gmailHost, googleAccountsHost, googleCertsHost, googleTokenHost, googleUserinfoHost} from './google.js';
import type {Page} from './pages.js';

export const maxBodyBytes = 64 * 1024;

export const tooLarge = Symbol('too large');
export type Body = string | typeof tooLarge;

export type Request = {
	method: string;
	url: URL;
	headers: IncomingHttpHeaders;
	/** The body as UTF-8 text, read at most once, or `tooLarge` beyond `maxBodyBytes`. */
	body(): Promise<Body>;
};

export type Reply = {
	status: number;
	headers: Record<string, string>;
	body: string;
};

/** Decides the answer to a request; `groups` are the path pattern's named groups (not yet decoded). */
export type Handler = (request: Request, groups: Record<string, string>) => Reply | Promise<Reply>;

/** The answer to a method a route does not take, in its provider's words; `allowed` is the route's `methods`. */
export type MethodRefusal = (request: Request, allowed: readonly string[]) => Reply;

/** One row of a route table: which requests (name for the counters, methods, path) go to which handler. */
export type Route<Name extends string = string> = {
	name: Name;
	pattern: RegExp;
	handle: Handler;
} & (
	| {methods: readonly string[]; refuseMethod: MethodRefusal}
	/** Any method reaches the handler, which decides (the test controls: each control has its own). */
	| {methods: 'any'; refuseMethod?: undefined}
);

export const getOrHead: readonly string[] = ['GET', 'HEAD'];
export const postOnly: readonly string[] = ['POST'];

/** The first route whose pattern matches the path, with the pattern's named groups. */
export function findRoute<Name extends string>(routes: ReadonlyArray<Route<Name>>, pathname: string): {route: Route<Name>; groups: Record<string, string>} | undefined {
	for (const candidate of routes) {
		const match = candidate.pattern.exec(pathname);
		if (match) {
			return {route: candidate, groups: {...match.groups}};
		}
	}

	return undefined;
}

/** The route's answer: its handler's, or its refusal of a method it does not take. */
export function handleRoute(route: Route, request: Request, groups: Record<string, string>): Reply | Promise<Reply> {
	return route.methods === 'any' || route.methods.includes(request.method)
		? route.handle(request, groups)
		: route.refuseMethod(request, route.methods);
}

/** A path made of one literal: the pattern that matches exactly it. */
export function exactPath(path: string): RegExp {
	return exactPaths(path);
}

/** One alternation of exact paths. */
export function exactPaths(...paths: string[]): RegExp {
	return new RegExp(`^(?:${paths.map(escapeForPattern).join('|')})$`);
}

function escapeForPattern(path: string): string {
	return path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** The body as UTF-8 text, or `tooLarge` beyond `maxBodyBytes` (declared or sent). */
export function readBody(request: IncomingMessage): Promise<Body> {
	return new Promise((resolve, reject) => {
		const declared = Number(request.headers['content-length']);
		if (declared > maxBodyBytes) {
			request.resume();
			resolve(tooLarge);
			return;
		}

		const chunks: Buffer[] = [];
		let size = 0;
		let settled = false;
		request.on('data', (chunk: Buffer) => {
			if (settled) {
				return;
			}

			size += chunk.length;
			if (size > maxBodyBytes) {
				settled = true;
				chunks.length = 0;
				resolve(tooLarge);
				return;
			}

			chunks.push(chunk);
		});
		request.on('end', () => {
			if (!settled) {
				settled = true;
				resolve(Buffer.concat(chunks).toString('utf8'));
			}
		});
		request.on('error', error => {
			if (!settled) {
				settled = true;
				reject(error);
			}
		});
		request.on('close', () => {
			if (!settled) {
				settled = true;
				reject(new Error('The request was aborted.'));
			}
		});
	});
}

const jsonHeaders = {
	'content-type': 'application/json; charset=utf-8',
	'cache-control': 'no-store, no-cache',
	pragma: 'no-cache',
	'x-content-type-options': 'nosniff',
};

const htmlHeaders = {
	'content-type': 'text/html; charset=utf-8',
	'cache-control': 'no-store',
	'content-security-policy': 'default-src \'none\'; style-src \'unsafe-inline\'; form-action \'self\'; frame-ancestors \'none\'; base-uri \'none\'',
	'referrer-policy': 'no-referrer',
	'x-content-type-options': 'nosniff',
};

export function jsonReply(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
	return {status, headers: {...jsonHeaders, ...headers}, body: JSON.stringify(body)};
}

export function htmlReply(page: Page, headers: Record<string, string> = {}): Reply {
	return {status: page.status, headers: {...htmlHeaders, ...headers}, body: page.html};
}

// A client that is told "too large" should not go on uploading on this connection.
export const closeConnection = {connection: 'close'};

function mediaType(headers: IncomingHttpHeaders): string {
	return (headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

/** The form of a request, or an empty one when the body is not form-encoded (as Entra and Google read it). */
export function formOf(request: Request, body: string): URLSearchParams {
	return mediaType(request.headers) === 'application/x-www-form-urlencoded' ? new URLSearchParams(body) : new URLSearchParams();
}

/** A JSON body: `{value}` (undefined for an empty body), or undefined when it is not JSON. */
export function parseJsonBody(body: string): {value: unknown} | undefined {
	if (body.trim().length === 0) {
		return {value: undefined};
	}

	try {
		return {value: JSON.parse(body) as unknown};
	} catch {
		return undefined;
	}
}

export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
	const value = headers[name];
	return Array.isArray(value) ? value[0] : value;
}

export function decodeSegment(segment: string): string {
	try {
		return decodeURIComponent(segment);
	} catch {
		return segment;
	}
}

/** The real services' host names this server stands in for: the device (and other clients) send these as Host. */
export const realHostNames: readonly string[] = [entraHost, googleAccountsHost, googleTokenHost, gmailHost, googleCertsHost, googleUserinfoHost];

/**
The Host values the identity provider answers to: the real host names (any port: they cannot
be rebound to this machine by a web page), the loopback names and its public host with its
port, its listen address, and its interface addresses when it listens on all of them.
*/
export function identityProviderHosts(options: {bindHost: string; port: number | (() => number); publicHost: string; interfaceAddresses?: () => readonly string[]}): AllowedHosts {
	return listeningHosts({
		scheme: 'https',
		bindHost: options.bindHost,
		port: options.port,
		names: [options.publicHost],
		anyPort: realHostNames,
		...(options.interfaceAddresses ? {interfaceAddresses: options.interfaceAddresses} : {}),
	});
}

/**
Every request: the Host must name this server (421), as the real services answer only to their
names. The test controls (`control`) also: an Origin, if any, is the server's own (403), and a
body is JSON (415); then loopback and the token (request-guard.ts, `testEndpointAccess`). The
OAuth endpoints and pages take no Origin check here: a link from anywhere opens a page, as at
Microsoft and Google, and the device sends no Origin. The pages' forms (sign-in, consent) check
their own posts: anti-forgery token and Origin (form-guard.ts).
*/
export function checkIdentityProviderRequest(facts: RequestFacts, hosts: AllowedHosts, options: {control: boolean}): Refusal | undefined {
	const misdirected = checkHost(facts, hosts);
	if (misdirected || !options.control) {
		return misdirected;
	}

	return checkOrigin(facts, hosts) ?? checkJsonBody(facts);
}
