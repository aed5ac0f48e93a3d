/**
The HTTPS server of the offline identity provider: TLS with a switchable certificate,
routing, body limits, logging. The routes are tables: entra-routes.ts (login.microsoftonline.com),
google-routes.ts (accounts.google.com, oauth2.googleapis.com, …) and control-routes.ts
(`/_control/*`); their paths do not clash, so one server answers for every host alike. The
protocol decisions are made in entra/ and google/; the pages come from pages.ts; the test
controls from controls.ts.
Before routing, every request's Host is checked, and `/_control/*` also gets the same-origin,
JSON-body, loopback and test-token rules (http.ts `checkIdentityProviderRequest`,
../emulator/request-guard.ts). The sign-in and consent forms carry anti-forgery tokens and refuse
cross-site posts (form-guard.ts).
To add a provider, add its route table to `routes` and its route names to `routeNames`.
*/
import {randomBytes} from 'node:crypto';
import type {IncomingHttpHeaders, IncomingMessage, ServerResponse} from 'node:http';
import https from 'node:https';
import type {Socket} from 'node:net';
import type {CertificateKind, CertificateSet} from './certificates.js';
import {controlRoute} from './control-routes.js';
import {controlPrefix, createControls, type IdentityProviderControls, type IdentityProviderStats} from './controls.js';
import type {Entra} from './entra.js';
import {entraRouteNames, entraRoutes} from './entra-routes.js';
import {createFormGuard} from './form-guard.js';
import type {Google} from './google.js';
import {googleRouteNames, googleRoutes} from './google-routes.js';
import {
	checkIdentityProviderRequest,
	closeConnection,
	findRoute,
	handleRoute,
	htmlReply,
	identityProviderHosts,
	jsonReply,
	readBody,
	type Body,
	type Reply,
	type Request,
	type Route,
} from './http.js';
import type {SmtpState} from './mailbox.js';
import {notFoundPage} from './pages.js';
import {createTextInjection, type TextInjection} from './text-injection.js';
import {credentialsOf, factsOf, testEndpointAccess, testTokenChallenge, type AllowedHosts} from '../emulator/request-guard.js';

export {maxBodyBytes} from './http.js';
export {plantText} from './text-injection.js';

export const routeNames = [...entraRouteNames, ...googleRouteNames, 'control', 'notFound'] as const;
type RouteName = (typeof routeNames)[number];

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
	const stats = createStats();
	/** Test control: text planted in the next OAuth answers' `message` / `error_description`. */
	const injection = createTextInjection();
	/** Anti-forgery tokens of the sign-in and consent forms. */
	const formGuard = createFormGuard();

	function secureContextOptions(kind: CertificateKind) {
		const leaf = certificates.leaves[kind];
		return {key: leaf.privateKeyPem, cert: leaf.certificatePem, minVersion: 'TLSv1.2' as const};
	}

	const server = https.createServer(secureContextOptions(certificate), (request, response) => {
		void respond(site, request, response);
	});
	// Same-origin rules (request-guard.ts), against the address really bound (set again by listen).
	const hostsFor = (bindHost: string) => identityProviderHosts({
		bindHost,
		publicHost: options.publicHost ?? 'localhost',
		port: () => boundPort(server, 0),
	});
	let hosts = hostsFor('127.0.0.1');

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
		stats: () => stats.read(),
		resetStats: () => stats.reset(),
		injectText: (text, count) => injection.set(text, count),
	});

	const sockets = new Set<Socket>();
	server.on('connection', (socket: Socket) => {
		sockets.add(socket);
		socket.once('close', () => sockets.delete(socket));
	});
	server.on('tlsClientError', (error: NodeJS.ErrnoException) => {
		log(`TLS handshake failed (${error.code ?? 'error'})`);
	});

	const routes: Array<Route<RouteName>> = [...entraRoutes(entra, formGuard, log), controlRoute(controls), ...googleRoutes(google, formGuard, log)];
	const site: Site = {routes, hosts: () => hosts, testToken: options.testToken, stats, injection, log};
	return {
		controls,
		listen: (host, port) => listen(server, host, port, () => {
			hosts = hostsFor(host);
		}),
		close: () => close(server, sockets),
	};
}

/** What answering a request needs from the server. */
type Site = {
	routes: ReadonlyArray<Route<RouteName>>;
	hosts(): AllowedHosts;
	testToken: string;
	stats: Stats;
	injection: TextInjection;
	log(line: string): void;
};

async function respond(site: Site, incoming: IncomingMessage, response: ServerResponse): Promise<void> {
	const method = incoming.method ?? 'GET';
	response.once('close', () => {
		site.log(`${method} ${loggablePath(incoming.url)} ${response.statusCode}${response.writableFinished ? '' : ' (aborted)'}`);
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

		refused = refusal(site, incoming, url);
		reply = refused ?? await route(site, incoming, method, url);
	} catch {
		// A body that was cut off, or a bug: answer if the client is still there, never crash.
		reply = jsonReply(500, {error: 'server_error', message: 'The request could not be handled.'}, closeConnection);
	}

	if (response.headersSent || response.destroyed) {
		return;
	}

	if (!refused) {
		reply = site.injection.apply(reply);
	}

	try {
		response.writeHead(reply.status, {...reply.headers, 'content-length': String(Buffer.byteLength(reply.body))});
		response.end(reply.body);
	} catch {
		// A header value Node refuses (a bug: routes only send printable text): drop the connection, never crash.
		response.destroy();
	}
}

/** The answer of the route the path names (counted), or the 404 of a path nothing answers. */
async function route(site: Site, incoming: IncomingMessage, method: string, url: URL): Promise<Reply> {
	const found = findRoute(site.routes, url.pathname);
	site.stats.count(found?.route.name ?? 'notFound');
	let bodyPromise: Promise<Body> | undefined;
	const request: Request = {
		method,
		url,
		headers: incoming.headers,
		body: () => (bodyPromise ??= readBody(incoming)),
	};
	if (found) {
		return handleRoute(found.route, request, found.groups);
	}

	return url.pathname.startsWith(controlPrefix) || !isHtmlWanted(incoming.headers)
		? jsonReply(404, {error: 'not_found', message: 'There is nothing at this path.'})
		: htmlReply(notFoundPage());
}

/** The answer to a request the same-origin rules or the test-control rules refuse; undefined = go on. */
function refusal(site: Site, incoming: IncomingMessage, url: URL): Reply | undefined {
	const facts = factsOf(incoming);
	const control = url.pathname.startsWith(controlPrefix);
	const refused = checkIdentityProviderRequest(facts, site.hosts(), {control});
	if (refused) {
		return jsonReply(refused.status, {error: refused.error, message: refused.message});
	}

	const access = control ? testEndpointAccess(facts, credentialsOf(incoming), {enabled: true, token: site.testToken}) : 'allowed';
	if (access === 'token-required') {
		return jsonReply(401, {error: 'unauthorized', message: 'Send the test token printed at start: Authorization: Bearer <token> or X-Test-Token: <token>.'}, {'www-authenticate': testTokenChallenge});
	}

	// Off loopback the test controls do not exist.
	return access === 'absent' ? jsonReply(404, {error: 'not_found', message: 'There is nothing at this path.'}) : undefined;
}

type Stats = {count(name: RouteName): void; read(): IdentityProviderStats; reset(): void};

/** Requests per route since start or the last reset; every route is present. */
function createStats(): Stats {
	const empty = () => Object.fromEntries(routeNames.map(name => [name, 0])) as Record<RouteName, number>;
	let counts = empty();
	return {
		count(name) {
			counts[name]++;
		},
		read: () => ({...counts}),
		reset() {
			counts = empty();
		},
	};
}

function boundPort(server: https.Server, fallback: number): number {
	const address = server.address();
	return typeof address === 'object' && address ? address.port : fallback;
}

/** Resolves with the bound port; `onListening` runs first. */
function listen(server: https.Server, host: string, port: number, onListening: () => void): Promise<number> {
	return new Promise((resolve, reject) => {
		const onError = (error: Error) => {
			reject(error);
		};

		server.once('error', onError);
		server.listen(port, host, () => {
			server.off('error', onError);
			onListening();
			resolve(boundPort(server, port));
		});
	});
}

function close(server: https.Server, sockets: ReadonlySet<Socket>): Promise<void> {
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
}

/** Only the path, never the query (it could hold a code), printable and bounded. */
function loggablePath(rawUrl: string | undefined): string {
	const path = (rawUrl ?? '').split('?')[0]!;
	const printable = path.replace(/[^\x21-\x7E]/g, '?');
	return printable.length > 200 ? `${printable.slice(0, 200)}...` : printable;
}

function isHtmlWanted(headers: IncomingHttpHeaders): boolean {
	return (headers.accept ?? '').includes('text/html');
}
