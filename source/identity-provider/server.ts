/**
The HTTPS server of the offline identity provider: TLS with a switchable certificate,
routing, body limits, logging. The protocol decisions are made in entra.ts and google.ts;
the Entra routes are here, the Google ones in google-routes.ts (their paths do not clash, so
one server answers for login.microsoftonline.com, accounts.google.com and
oauth2.googleapis.com alike); the pages come from pages.ts; the test controls from controls.ts.
Before routing, every request's Host is checked, and `/_control/*` also gets the same-origin,
JSON-body, loopback and test-token rules (http.ts `checkIdentityProviderRequest`,
../emulator/request-guard.ts). The sign-in and consent forms carry anti-forgery tokens and refuse
cross-site posts (form-guard.ts).
To add a provider, add its routes to `routes` and its route names to `routeNames`.
*/
import {randomBytes} from 'node:crypto';
import type {IncomingHttpHeaders, IncomingMessage, ServerResponse} from 'node:http';
import https from 'node:https';
import type {Socket} from 'node:net';
import type {CertificateKind, CertificateSet} from './certificates.js';
import {
	controlPrefix,
	createControls,
	handleControlRequest,
	type IdentityProviderControls,
	type IdentityProviderStats,
} from './controls.js';
import {entraFailures, normalizeAccount, type Entra, type EntraRequestContext, type EntraResponse} from './entra.js';
import type {Google} from './google.js';
import type {SmtpState} from './mailbox.js';
import {googleRouteNames, googleRoutes} from './google-routes.js';
import {
	checkIdentityProviderRequest,
	closeConnection,
	decodeSegment,
	formOf,
	headerValue,
	htmlReply,
	identityProviderHosts,
	jsonReply,
	maxBodyBytes,
	tooLarge,
	type Body,
	type Reply,
	type Request,
	type Route,
} from './http.js';
import {createFormGuard, formRefusalNotice} from './form-guard.js';
import {decisionPage, notFoundPage, verificationPage, verificationPath} from './pages.js';
import {credentialsOf, factsOf, testEndpointAccess, testTokenChallenge} from '../emulator/request-guard.js';

export {maxBodyBytes} from './http.js';

export const routeNames = ['instanceDiscovery', 'openidConfiguration', 'entraKeys', 'devicecode', 'token', 'devicelogin', ...googleRouteNames, 'control', 'notFound'] as const;
type RouteName = (typeof routeNames)[number];

function entraReply(response: EntraResponse, headers: Record<string, string> = {}): Reply {
	return jsonReply(response.status, response.body, headers);
}

function readBody(request: IncomingMessage): Promise<Body> {
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

/** Only the path, never the query (it could hold a code), printable and bounded. */
function loggablePath(rawUrl: string | undefined): string {
	const path = (rawUrl ?? '').split('?')[0]!;
	const printable = path.replace(/[^\x21-\x7E]/g, '?');
	return printable.length > 200 ? `${printable.slice(0, 200)}...` : printable;
}

export type IdentityProviderServerOptions = {
	certificates: CertificateSet;
	entra: Entra;
	google: Google;
	/** What the offline SMTP servers received and are told to refuse (the controls read and set it). */
	smtp: SmtpState;
	log?: ((line: string) => void) | undefined;
	/** The run's token `/_control/*` asks for (loopback only); see request-guard.ts. */
	testToken: string;
	/** The host name in the provider's URL (default localhost): browsers send it as Host. */
	publicHost?: string | undefined;
};

export type IdentityProviderServer = {
	controls: IdentityProviderControls;
	/** Resolves with the bound port. */
	listen(host: string, port: number): Promise<number>;
	close(): Promise<void>;
};

export function createIdentityProviderServer(options: IdentityProviderServerOptions): IdentityProviderServer {
	const {certificates, entra, google, smtp} = options;
	const log = options.log ?? (() => undefined);
	let certificate: CertificateKind = 'valid';
	let stats = emptyStats();
	/** Test control: text planted in the next OAuth answers' `message` / `error_description`. */
	let injection: {text: string; count: number} | undefined;
	/** Anti-forgery tokens of the sign-in and consent forms. */
	const formGuard = createFormGuard();

	function secureContextOptions(kind: CertificateKind) {
		const leaf = certificates.leaves[kind];
		return {key: leaf.privateKeyPem, cert: leaf.certificatePem, minVersion: 'TLSv1.2' as const};
	}

	const server = https.createServer(secureContextOptions(certificate), (request, response) => {
		void respond(request, response);
	});
	// Same-origin rules (request-guard.ts), against the address really bound (set again by listen).
	const hostsFor = (bindHost: string) => identityProviderHosts({
		bindHost,
		publicHost: options.publicHost ?? 'localhost',
		port() {
			const address = server.address();
			return typeof address === 'object' && address ? address.port : 0;
		},
	});
	let hosts = hostsFor('127.0.0.1');

	/** The answer to a request the same-origin rules or the test-control rules refuse; undefined = go on. */
	function refusal(incoming: IncomingMessage, url: URL): Reply | undefined {
		const facts = factsOf(incoming);
		const control = url.pathname.startsWith(controlPrefix);
		const refused = checkIdentityProviderRequest(facts, hosts, {control});
		if (refused) {
			return jsonReply(refused.status, {error: refused.error, message: refused.message});
		}

		const access = control ? testEndpointAccess(facts, credentialsOf(incoming), {enabled: true, token: options.testToken}) : 'allowed';
		if (access === 'token-required') {
			return jsonReply(401, {error: 'unauthorized', message: 'Send the test token printed at start: Authorization: Bearer <token> or X-Test-Token: <token>.'}, {'www-authenticate': testTokenChallenge});
		}

		// Off loopback the test controls do not exist.
		return access === 'absent' ? jsonReply(404, {error: 'not_found', message: 'There is nothing at this path.'}) : undefined;
	}

	const controls = createControls({entra, google, smtp}, {
		certificate: () => certificate,
		useCertificate(kind) {
			if (kind === certificate) {
				return;
			}

			server.setSecureContext(secureContextOptions(kind));
			// A client resuming a TLS session made under the previous certificate would skip
			// the certificate checks. Node 20 already refuses such sessions after
			// setSecureContext (tested); new ticket keys make sure of it on other versions.
			server.setTicketKeys(randomBytes(48));
			certificate = kind;
		},
		stats: () => ({...stats}),
		resetStats() {
			stats = emptyStats();
		},
		injectText(text, count) {
			injection = count > 0 ? {text, count} : undefined;
		},
	});

	const sockets = new Set<Socket>();
	server.on('connection', (socket: Socket) => {
		sockets.add(socket);
		socket.once('close', () => sockets.delete(socket));
	});
	server.on('tlsClientError', (error: NodeJS.ErrnoException) => {
		log(`TLS handshake failed (${error.code ?? 'error'})`);
	});

	const entraEndpoint = (endpoint: 'devicecode' | 'token') => async (request: Request, groups: Record<string, string>): Promise<Reply> => {
		const tenant = decodeSegment(groups['tenant']!);
		const context = {clientRequestId: headerValue(request.headers, 'client-request-id')};
		if (request.method !== 'POST') {
			return entraReply(entra.errorResponse(entraFailures.wrongMethod('POST', request.method), context), {allow: 'POST'});
		}

		const body = await request.body();
		if (body === tooLarge) {
			return entraReply(entra.errorResponse(entraFailures.tooLarge(maxBodyBytes), context), closeConnection);
		}

		const form = formOf(request, body);
		return entraReply(endpoint === 'token' ? entra.token(tenant, form, context) : entra.deviceAuthorization(tenant, form, context));
	};

	/** A GET (or HEAD) Entra document: instance discovery, OpenID configuration, signing keys. */
	const entraDocument = (answer: (request: Request, groups: Record<string, string>, context: EntraRequestContext) => EntraResponse) => (request: Request, groups: Record<string, string>): Reply => {
		const context = {clientRequestId: headerValue(request.headers, 'client-request-id')};
		if (request.method !== 'GET' && request.method !== 'HEAD') {
			return entraReply(entra.errorResponse(entraFailures.wrongMethod('GET', request.method), context), {allow: 'GET, HEAD'});
		}

		return entraReply(answer(request, groups, context));
	};

	const routes: Array<Route<RouteName>> = [
		{
			// What MSAL asks before it trusts an authority (Microsoft Learn, "Custom authority aliases"):
			// GET https://login.microsoftonline.com/common/discovery/instance?api-version=1.1&authorization_endpoint=…
			name: 'instanceDiscovery',
			pattern: /^\/common\/discovery\/instance$/,
			handle: entraDocument((request, _groups, context) => entra.instanceDiscovery(request.url.searchParams, context)),
		},
		{
			name: 'openidConfiguration',
			pattern: /^\/(?<tenant>[^/]+)\/v2\.0\/\.well-known\/openid-configuration$/,
			handle: entraDocument((_request, groups, context) => entra.openidConfiguration(decodeSegment(groups['tenant']!), context)),
		},
		{
			// The discovery document's jwks_uri.
			name: 'entraKeys',
			pattern: /^\/(?<tenant>[^/]+)\/discovery\/v2\.0\/keys$/,
			handle: entraDocument((_request, groups, context) => entra.signingKeys(decodeSegment(groups['tenant']!), context)),
		},
		{name: 'devicecode', pattern: /^\/(?<tenant>[^/]+)\/oauth2\/v2\.0\/devicecode$/, handle: entraEndpoint('devicecode')},
		{name: 'token', pattern: /^\/(?<tenant>[^/]+)\/oauth2\/v2\.0\/token$/, handle: entraEndpoint('token')},
		{
			name: 'devicelogin',
			pattern: /^\/(?:devicelogin)?$/,
			async handle(request) {
				if (request.url.pathname === '/') {
					return {status: 302, headers: {location: verificationPath, 'content-type': 'text/plain; charset=utf-8'}, body: ''};
				}

				// Every page with the form carries its anti-forgery token (form-guard.ts).
				const issued = formGuard.issue(request.headers, 'devicelogin');
				const formToken = issued.token;
				if (request.method === 'GET' || request.method === 'HEAD') {
					const userCode = request.url.searchParams.get('user_code')?.slice(0, 64);
					return htmlReply({status: 200, html: verificationPage({userCode, formToken})}, issued.headers);
				}

				if (request.method !== 'POST') {
					return htmlReply({status: 405, html: verificationPage({notice: 'Use the form below.', formToken})}, {allow: 'GET, HEAD, POST', ...issued.headers});
				}

				const body = await request.body();
				if (body === tooLarge) {
					return htmlReply({status: 413, html: verificationPage({notice: 'The form was too large.', formToken})}, {...closeConnection, ...issued.headers});
				}

				const form = formOf(request, body);
				// A post from another site, or without this page's token: nothing is decided.
				const forged = formGuard.check(request.headers, form, 'devicelogin');
				if (forged) {
					log(`devicelogin: form refused (${forged})`);
					return htmlReply({status: 403, html: verificationPage({notice: formRefusalNotice(forged), formToken})}, issued.headers);
				}

				const userCode = (form.get('user_code') ?? '').slice(0, 64);
				const account = form.get('account') ?? undefined;
				const decision = form.get('decision');
				// The page shows the account as it is recorded: cleaned, or the default.
				const values = {userCode, account: normalizeAccount(account), formToken};
				if (decision !== 'allow' && decision !== 'deny') {
					return htmlReply(decisionPage('no-decision', values), issued.headers);
				}

				return htmlReply(decisionPage(entra.decide(userCode, decision, account), values), issued.headers);
			},
		},
		{
			name: 'control',
			pattern: /^\/_control\/(?<name>[^/]+)$/,
			async handle(request, groups) {
				const body = await request.body();
				if (body === tooLarge) {
					return jsonReply(413, {error: 'payload_too_large', message: `The body is larger than ${maxBodyBytes} bytes.`}, closeConnection);
				}

				let parsed: unknown;
				if (body.trim().length > 0) {
					try {
						parsed = JSON.parse(body);
					} catch {
						return jsonReply(400, {error: 'invalid_request', message: 'The body is not JSON.'});
					}
				}

				const reply = handleControlRequest(controls, request.method, decodeSegment(groups['name']!), parsed);
				return jsonReply(reply.status, reply.body, reply.allow ? {allow: reply.allow} : {});
			},
		},
		...googleRoutes(google, formGuard, log),
	];

	function route(pathname: string): {route: Route<RouteName>; groups: Record<string, string>} | undefined {
		for (const candidate of routes) {
			const match = candidate.pattern.exec(pathname);
			if (match) {
				return {route: candidate, groups: {...match.groups}};
			}
		}

		return undefined;
	}

	async function respond(incoming: IncomingMessage, response: ServerResponse): Promise<void> {
		const method = incoming.method ?? 'GET';
		response.once('close', () => {
			log(`${method} ${loggablePath(incoming.url)} ${response.statusCode}${response.writableFinished ? '' : ' (aborted)'}`);
		});

		let reply: Reply;
		let refused: Reply | undefined;
		try {
			let url: URL;
			try {
				url = new URL(incoming.url ?? '/', 'https://localhost');
			} catch {
				url = new URL('https://localhost/');
			}

			refused = refusal(incoming, url);
			if (refused) {
				reply = refused;
			} else {
				const found = route(url.pathname);
				stats[found?.route.name ?? 'notFound']++;
				let bodyPromise: Promise<Body> | undefined;
				const request: Request = {
					method,
					url,
					headers: incoming.headers,
					body: () => (bodyPromise ??= readBody(incoming)),
				};
				reply = found
					? await found.route.handle(request, found.groups)
					: (url.pathname.startsWith(controlPrefix) || !isHtmlWanted(incoming.headers)
						? jsonReply(404, {error: 'not_found', message: 'There is nothing at this path.'})
						: htmlReply(notFoundPage()));
			}
		} catch {
			// A body that was cut off, or a bug: answer if the client is still there, never crash.
			reply = jsonReply(500, {error: 'server_error', message: 'The request could not be handled.'}, closeConnection);
		}

		if (response.headersSent || response.destroyed) {
			return;
		}

		if (injection && !refused && isInjectable(reply)) {
			const planted = plantText(reply.body, injection.text);
			if (planted !== undefined) {
				reply = {...reply, body: planted};
				injection.count--;
				if (injection.count <= 0) {
					injection = undefined;
				}
			}
		}

		try {
			response.writeHead(reply.status, {...reply.headers, 'content-length': String(Buffer.byteLength(reply.body))});
			response.end(reply.body);
		} catch {
			// A header value Node refuses (a bug: routes only send printable text): drop the connection, never crash.
			response.destroy();
		}
	}

	return {
		controls,
		listen(host, port) {
			return new Promise((resolve, reject) => {
				const onError = (error: Error) => {
					reject(error);
				};

				server.once('error', onError);
				server.listen(port, host, () => {
					server.off('error', onError);
					hosts = hostsFor(host);
					const address = server.address();
					resolve(typeof address === 'object' && address ? address.port : port);
				});
			});
		},
		close() {
			return new Promise(resolve => {
				if (!server.listening) {
					for (const socket of sockets) {
						socket.destroy();
					}

					resolve();
					return;
				}

				server.close(() => {
					resolve();
				});
				for (const socket of sockets) {
					socket.destroy();
				}
			});
		},
	};
}

function emptyStats(): Record<RouteName, number> & IdentityProviderStats {
	return Object.fromEntries(routeNames.map(name => [name, 0])) as Record<RouteName, number>;
}

function isHtmlWanted(headers: IncomingHttpHeaders): boolean {
	return (headers.accept ?? '').includes('text/html');
}

/** OAuth answers are JSON; the controls' own answers are not touched (they have no `message` the device reads). */
function isInjectable(reply: Reply): boolean {
	return (reply.headers['content-type'] ?? '').startsWith('application/json');
}

/** Errors the device does not show (it just polls again) are left alone. */
const unshownErrors = new Set(['authorization_pending', 'slow_down']);

/**
`body` with `text` planted into its `message` (after the first sentence) and into the first line
of its `error_description` (devices show only that line); undefined when it has neither.
*/
export function plantText(body: string, text: string): string | undefined {
	let parsed: unknown;
	try {
		parsed = JSON.parse(body);
	} catch {
		return undefined;
	}

	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
		return undefined;
	}

	const values = parsed as Record<string, unknown>;
	if (typeof values['error'] === 'string' && unshownErrors.has(values['error'])) {
		return undefined;
	}

	let planted = false;
	for (const key of ['message', 'error_description']) {
		const value = values[key];
		if (typeof value === 'string') {
			const lineEnd = value.search(/\r?\n/);
			const at = lineEnd === -1 ? value.length : lineEnd;
			values[key] = `${value.slice(0, at)} ${text}${value.slice(at)}`;
			planted = true;
		}
	}

	return planted ? JSON.stringify(values) : undefined;
}
