/**
The emulated printer: its local device API (`/api/v1`, see contract.ts) served over HTTP,
and behind it the device side of OAuth 2.0 as firmware does it (microsoft.ts, google.ts,
sharing provider-device.ts), with real TLS to the identity provider (outbound.ts) and state
kept on disk (store.ts).

Offline, login.microsoftonline.com, accounts.google.com, oauth2.googleapis.com and
www.googleapis.com (Google's keys) are routed to the local identity provider, smtp.office365.com:587 and
smtp.gmail.com:587 to its SMTP servers, and only its CA is trusted; the Google authorization
URL is shown with the identity provider's public origin so that it opens in a browser here.
Live, the device talks to the real services.
*/
import http from 'node:http';
import path from 'node:path';
import {errorName} from './activity.js';
import {createApi} from './api.js';
import {FaultInjector} from './faults.js';
import {googleAccountsHost, googleTokenEndpoint, GoogleDevice} from './google.js';
import {MicrosoftDevice} from './microsoft.js';
import {createOutbound, type Route} from './outbound.js';
import {Sessions} from './sessions.js';
import {StateStore, type StoredState} from './store.js';
import {smtpServers} from '../contract-values.js';
import {createMailer} from './test-mail.js';
import {
	offlineMicrosoftClientId,
	startIdentityProvider,
	type IdentityProvider,
} from '../identity-provider/index.js';
import {apiPrefix, type TestMailProvider} from '../contract.js';
import {microsoftHost} from '../validation.js';

export type EmulatorOptions = {
	/** Default 127.0.0.1. */
	host?: string;
	/** Default 0 (a free port). */
	port?: number;
	/** Settings and tokens are kept here (device-state.json, mode 0600). */
	stateDir: string;
	mode: 'offline' | 'live';
	/**
	Offline: where the authorization servers' host names are routed (`url`), the CA the device
	trusts, and the origin the engineer's browser reaches the identity provider at
	(`publicUrl`, default `url`), used in the Google authorization URL.
	*/
	identityProvider?: {
		url: string;
		caCertificatePem: string;
		publicUrl?: string;
		/** Where its SMTP servers listen (same host as `url`); without them, offline test mail finds no server. */
		smtpPorts?: Record<TestMailProvider, number>;
	};
	/** The device's built-in app registration. */
	microsoftClientId: string;
	/** Default Administrator / 7654321. */
	credentials?: {userName: string; password: string};
	/** Default 600. */
	sessionIdleSeconds?: number;
	/** Default 5 failures → 60 s. */
	lockout?: {maxFailures: number; seconds: number};
	/** The clock for sessions, lock-out and expiry. Default Date.now. */
	now?: () => number;
	/** One line per request (method path status ms) and per device event; never a secret. */
	log?: (line: string) => void;
	/** Offline only: serve `/api/v1/_faults` and enable `emulator.faults` (see faults.ts). Default false. */
	faultInjection?: boolean;
	/** Test mail: how long to wait for the connection, the greeting and each reply. Default 15 s. */
	smtpTimeoutMs?: number;
};

export type Emulator = {
	/** `http://127.0.0.1:PORT/api/v1` */
	url: string;
	port: number;
	close(): Promise<void>;
	/** Requests per "METHOD /api/v1/path" (unknown paths: "METHOD (unknown)"), 304s included. */
	stats(): Record<string, number>;
	/** Fault injection (see faults.ts); `inject` throws unless started with `faultInjection`. */
	faults: FaultInjector;
};

export const defaultCredentials = {userName: 'Administrator', password: '7654321'} as const;

/** Host names of the real authorization servers that the offline identity provider stands in for. */
const offlineHosts: readonly string[] = [microsoftHost, googleAccountsHost, new URL(googleTokenEndpoint).hostname, 'www.googleapis.com', 'openidconnect.googleapis.com'];

/** The address the identity provider listens on; "localhost" could resolve to ::1 first. */
function listeningHost(identityProviderUrl: string): string {
	const {hostname} = new URL(identityProviderUrl);
	return hostname === 'localhost' ? '127.0.0.1' : hostname.replace(/^\[(.*)\]$/, '$1');
}

function offlineRoute(identityProviderUrl: string): Route {
	const host = listeningHost(identityProviderUrl);
	const {port: urlPort} = new URL(identityProviderUrl);
	const port = urlPort === '' ? 443 : Number(urlPort);
	return hostname => (offlineHosts.includes(hostname.toLowerCase()) ? {host, port} : undefined);
}

/** smtp.office365.com and smtp.gmail.com to the offline SMTP servers, when there are any. */
function offlineSmtpRoute(identityProviderUrl: string, ports: Record<TestMailProvider, number> | undefined): Route {
	const host = listeningHost(identityProviderUrl);
	return hostname => {
		const provider = (Object.keys(smtpServers) as TestMailProvider[]).find(name => smtpServers[name].host === hostname.toLowerCase());
		return provider && ports ? {host, port: ports[provider]} : undefined;
	};
}

function urlHost(host: string): string {
	if (host === '0.0.0.0' || host === '::' || host === '') {
		return '127.0.0.1';
	}

	return host.includes(':') ? `[${host}]` : host;
}

/** `url` with the scheme, host and port of `origin`. */
function withOrigin(url: string, origin: string): string {
	const parsed = new URL(url);
	return `${new URL(origin).origin}${parsed.pathname}${parsed.search}${parsed.hash}`;
}

export async function startEmulator(options: EmulatorOptions): Promise<Emulator> {
	const now = options.now ?? Date.now;
	const log = options.log ?? (() => undefined);
	if (options.mode === 'offline' && !options.identityProvider) {
		throw new Error('The offline emulator needs the identity provider (its URL and CA certificate).');
	}

	if (options.mode === 'live' && options.faultInjection) {
		throw new Error('Fault injection is for the offline emulator only.');
	}

	const faults = new FaultInjector(options.faultInjection === true);
	const store = new StateStore(options.stateDir);
	const loaded = store.load(now());
	if (loaded.corruptFile) {
		log(`state: ${path.basename(store.file)} could not be read; kept as ${path.basename(loaded.corruptFile)}, starting fresh`);
	}

	let state: StoredState = loaded.state;
	const persist = (): void => {
		try {
			store.save(state);
		} catch (error) {
			log(`state: could not be saved (${errorName(error)})`);
		}
	};

	persist();

	const offline = options.mode === 'offline' ? options.identityProvider : undefined;
	const outbound = createOutbound(offline ? {ca: offline.caCertificatePem, route: offlineRoute(offline.url)} : {});
	const mailer = createMailer({
		now,
		...(options.smtpTimeoutMs === undefined ? {} : {timeoutMs: options.smtpTimeoutMs}),
		...(offline ? {ca: offline.caCertificatePem, route: offlineSmtpRoute(offline.url, offline.smtpPorts), offline: true} : {}),
	});
	const microsoft = new MicrosoftDevice({
		clientId: options.microsoftClientId,
		outbound,
		mailer,
		now,
		log,
		initial: state.microsoft,
		persist(next) {
			state = {...state, microsoft: next};
			persist();
		},
	});
	const google = new GoogleDevice({
		outbound,
		mailer,
		now,
		log,
		initial: state.google,
		persist(next) {
			state = {...state, google: next};
			persist();
		},
		...(offline ? {presentUrl: (url: string) => withOrigin(url, offline.publicUrl ?? offline.url)} : {}),
	});
	const sessions = new Sessions({
		credentials: options.credentials ?? defaultCredentials,
		idleSeconds: options.sessionIdleSeconds ?? 600,
		lockout: options.lockout ?? {maxFailures: 5, seconds: 60},
		now,
	});
	const api = createApi({sessions, microsoft, google, log, faults});

	const server = http.createServer((request, response) => {
		void api.handle(request, response);
	});
	server.headersTimeout = 10_000;
	server.requestTimeout = 30_000;
	server.on('clientError', (_error, socket) => {
		// A request the HTTP parser refused (bad request line or headers): still a JSON error.
		if (socket.writable) {
			const body = JSON.stringify({error: 'bad_request', message: 'The request is not valid HTTP.'});
			socket.end(`HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
		} else {
			socket.destroy();
		}
	});

	const host = options.host ?? '127.0.0.1';
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	server.on('error', error => {
		log(`server error ${errorName(error)}`);
	});

	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : 0;
	microsoft.start();
	google.start();
	log(`device API listening on ${urlHost(host)}:${port} (${options.mode})`);

	let closing: Promise<void> | undefined;
	return {
		url: `http://${urlHost(host)}:${port}/${apiPrefix}`,
		port,
		stats: () => api.stats(),
		faults,
		close() {
			closing ??= (async () => {
				faults.close();
				microsoft.close();
				google.close();
				outbound.abortAll();
				mailer.abortAll();
				const closed = new Promise<void>(resolve => {
					server.close(() => {
						resolve();
					});
				});
				server.closeAllConnections();
				await closed;
			})();
			return closing;
		},
	};
}

export type OfflineDevice = {
	emulator: Emulator;
	identityProvider: IdentityProvider;
	/** Where the CA certificate the device trusts is kept (for a browser or curl). */
	caCertificatePath: string;
	close(): Promise<void>;
};

/**
The offline identity provider (its CA cached in `<stateDir>/idp`) and the emulator wired to it;
used by `cloudmail-setup emulator` and `npm start`. close() closes both.
*/
export async function startOfflineDevice(options: {
	stateDir: string;
	port?: number;
	host?: string;
	idpPort?: number;
	log?: (line: string) => void;
	sessionIdleSeconds?: number;
}): Promise<OfflineDevice> {
	const log = options.log ?? (() => undefined);
	const idpDir = path.join(options.stateDir, 'idp');
	const identityProvider = await startIdentityProvider({
		...(options.host === undefined ? {} : {host: options.host}),
		port: options.idpPort ?? 0,
		stateDir: idpDir,
		log: line => {
			log(`idp: ${line}`);
		},
	});
	try {
		const emulator = await startEmulator({
			mode: 'offline',
			stateDir: options.stateDir,
			...(options.host === undefined ? {} : {host: options.host}),
			port: options.port ?? 0,
			// Connect where it listens; its public URL may name another host (publicHost).
			identityProvider: {
				url: `https://${urlHost(options.host ?? '127.0.0.1')}:${identityProvider.port}`,
				caCertificatePem: identityProvider.caCertificatePem,
				publicUrl: identityProvider.url,
				smtpPorts: identityProvider.smtpPorts,
			},
			microsoftClientId: offlineMicrosoftClientId,
			log,
			faultInjection: true,
			...(options.sessionIdleSeconds === undefined ? {} : {sessionIdleSeconds: options.sessionIdleSeconds}),
		});
		return {
			emulator,
			identityProvider,
			caCertificatePath: path.join(idpDir, 'ca.crt'),
			async close() {
				await emulator.close();
				await identityProvider.close();
			},
		};
	} catch (error) {
		await identityProvider.close();
		throw error;
	}
}
