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
import path from 'node:path';
import {createApi} from './api.js';
import {boundPort, closeServer, createDeviceServer, listen, urlHost} from './device-server.js';
import {openDeviceState, type DeviceState} from './device-state.js';
import {FaultInjector} from './faults.js';
import {createDeviceGuard, deviceHosts, isLoopbackAddress, isWildcardAddress, newTestToken} from './request-guard.js';
import {GoogleDevice} from './google.js';
import {MicrosoftDevice} from './microsoft.js';
import {offlineRoute, offlineSmtpRoute, withOrigin} from './offline-routes.js';
import {createOutbound, type Outbound} from './outbound.js';
import {Sessions} from './sessions.js';
import type {ProviderDeviceOptions} from './provider-device.js';
import {prepareStateDirectory, type StateFileSystem, type StoredState} from './store.js';
import {createMailer, type Mailer} from './test-mail.js';
import {
	offlineMicrosoftClientId,
	startIdentityProvider,
	type IdentityProvider,
} from '../identity-provider/index.js';
import {apiPrefix, type TestMailProvider} from '../device/contract.js';

export type EmulatorOptions = {
	/** Default 127.0.0.1. */
	host?: string;
	/** Default 0 (a free port). */
	port?: number;
	/**
	Settings and tokens are kept here (device-state.json, mode 0600). Created 0700; refused at
	start when other users may write to it or it is theirs (see prepareStateDirectory).
	*/
	stateDir: string;
	/** Tests only: file operations of the state store (and of the throttle and password files) to use instead of node:fs's (to make a write fail). */
	stateFileSystem?: Partial<StateFileSystem>;
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
	/** The factory setting. Default Administrator / 7654321. */
	credentials?: {userName: string; password: string};
	/**
	Development only (`--dev-default-password`; `npm start` and the tests): the factory default
	password works as it is. Without it, as on a printer, the first log-in must change it
	before anything else (the changed one is kept hashed in the state directory). Default false.
	*/
	devDefaultPassword?: boolean;
	/** A session ends after this long without a request. Default 600. */
	sessionIdleSeconds?: number;
	/** A session ends this long after its log-in, however busy. Default 28800 (8 hours). */
	sessionLifetimeSeconds?: number;
	/** Live sessions allowed at once; a log-in beyond is refused (503). Default 32. */
	maxSessions?: number;
	/**
	Per client address: `maxFailures` wrong passwords in a row lock it for `seconds`, each
	further failure doubling that up to `maxSeconds`. Default 5 → 60 s … 3600 s.
	*/
	lockout?: {maxFailures: number; seconds: number; maxSeconds?: number};
	/** The clock for sessions, lock-out and expiry. Default Date.now. */
	now?: () => number;
	/** One line per request (method path status ms) and per device event; never a secret. */
	log?: (line: string) => void;
	/** Offline only: serve `/api/v1/_faults` and enable `emulator.faults` (see faults.ts). Default false. */
	faultInjection?: boolean;
	/** With `faultInjection`: the run's token `/_faults` asks for over HTTP (default: a new random one). */
	testToken?: string;
	/** Test mail: how long to wait for the connection, the greeting and each reply. Default 15 s. */
	smtpTimeoutMs?: number;
	/** Serve the device API over HTTPS with this key and certificate (device-certificate.ts); plain HTTP without. */
	tls?: {keyPem: string; certificatePem: string};
};

export type Emulator = {
	/** `http://127.0.0.1:PORT/api/v1` (`https://` with `tls`) */
	url: string;
	port: number;
	close(): Promise<void>;
	/** Requests per "METHOD /api/v1/path" (unknown paths: "METHOD (unknown)"), 304s included. */
	stats(): Record<string, number>;
	/** With `faultInjection`: the token `/_faults` asks for over HTTP (loopback only); in-process callers use `faults`. */
	testToken: string | undefined;
	/** Fault injection (see faults.ts); `inject` throws unless started with `faultInjection`. */
	faults: FaultInjector;
};

export const defaultCredentials = {userName: 'Administrator', password: '7654321'} as const;

type Log = (line: string) => void;

/** The device side of each provider, and the outbound HTTPS and SMTP they share. */
type Providers = {
	outbound: Outbound;
	mailer: Mailer;
	microsoft: MicrosoftDevice;
	google: GoogleDevice;
};

function refuseImpossibleModes(options: EmulatorOptions): void {
	if (options.mode === 'offline' && !options.identityProvider) {
		throw new Error('The offline emulator needs the identity provider (its URL and CA certificate).');
	}

	if (options.mode === 'live' && options.faultInjection) {
		throw new Error('Fault injection is for the offline emulator only.');
	}
}

/** Offline, every connection goes to the identity provider and trusts only its CA. */
function createProviders(options: EmulatorOptions, deviceState: DeviceState, now: () => number, log: Log): Providers {
	const offline = options.mode === 'offline' ? options.identityProvider : undefined;
	const outbound = createOutbound(offline ? {ca: offline.caCertificatePem, route: offlineRoute(offline.url)} : {});
	const mailer = createMailer({
		now,
		...(options.smtpTimeoutMs === undefined ? {} : {timeoutMs: options.smtpTimeoutMs}),
		...(offline ? {ca: offline.caCertificatePem, route: offlineSmtpRoute(offline.url, offline.smtpPorts), offline: true} : {}),
	});
	// What both get: the shared connections, and their own part of the saved state.
	const shared = <Part extends 'microsoft' | 'google'>(part: Part): ProviderDeviceOptions<StoredState[Part]> => ({
		outbound,
		mailer,
		now,
		log,
		initial: deviceState.current()[part],
		persist(next) {
			deviceState.persist({...deviceState.current(), [part]: next});
		},
	});
	const microsoft = new MicrosoftDevice({clientId: options.microsoftClientId, ...shared('microsoft')});
	const google = new GoogleDevice({
		...shared('google'),
		...(offline ? {presentUrl: (url: string) => withOrigin(url, offline.publicUrl ?? offline.url)} : {}),
	});
	return {outbound, mailer, microsoft, google};
}

function createSessions(options: EmulatorOptions, now: () => number, log: Log): Sessions {
	return new Sessions({
		credentials: options.credentials ?? defaultCredentials,
		idleSeconds: options.sessionIdleSeconds ?? 600,
		absoluteSeconds: options.sessionLifetimeSeconds ?? 28_800,
		...(options.maxSessions === undefined ? {} : {maxSessions: options.maxSessions}),
		lockout: options.lockout ?? {maxFailures: 5, seconds: 60, maxSeconds: 3600},
		requirePasswordChange: options.devDefaultPassword !== true,
		now,
		stateDir: options.stateDir,
		...(options.stateFileSystem === undefined ? {} : {stateFileSystem: options.stateFileSystem}),
		log,
	});
}

function closeProviders(providers: Providers): void {
	providers.microsoft.close();
	providers.google.close();
	providers.outbound.abortAll();
	providers.mailer.abortAll();
}

export async function startEmulator(options: EmulatorOptions): Promise<Emulator> {
	const now = options.now ?? Date.now;
	const log = options.log ?? (() => undefined);
	refuseImpossibleModes(options);
	const faults = new FaultInjector(options.faultInjection === true, options.testToken);
	const deviceState = openDeviceState(options.stateDir, options.stateFileSystem, now, log);
	const providers = createProviders(options, deviceState, now, log);
	const sessions = createSessions(options, now, log);
	const host = options.host ?? '127.0.0.1';
	// Host, Origin and content type are checked against the address really bound (request-guard.ts).
	const guard = createDeviceGuard(deviceHosts({
		scheme: options.tls ? 'https' : 'http',
		bindHost: host,
		port: () => boundPort(server),
	}));
	const api = createApi({sessions, microsoft: providers.microsoft, google: providers.google, log, faults, guard});
	const server = createDeviceServer(options.tls, (request, response) => {
		void api.handle(request, response);
	});
	await listen(server, options.port ?? 0, host, log);
	const port = boundPort(server);
	providers.microsoft.start();
	providers.google.start();
	log(`device API listening on ${urlHost(host)}:${port} (${options.mode})`);

	let closing: Promise<void> | undefined;
	return {
		url: `${options.tls ? 'https' : 'http'}://${urlHost(host)}:${port}/${apiPrefix}`,
		port,
		stats: () => api.stats(),
		testToken: faults.testToken,
		faults,
		close() {
			closing ??= (async () => {
				faults.close();
				closeProviders(providers);
				await closeServer(server);
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
	/** See EmulatorOptions.devDefaultPassword. */
	devDefaultPassword?: boolean;
	/** See EmulatorOptions.tls. */
	tls?: EmulatorOptions['tls'];
}): Promise<OfflineDevice> {
	const log = options.log ?? (() => undefined);
	// Before the identity provider writes its part (idp/) into it.
	prepareStateDirectory(options.stateDir);
	const idpDir = path.join(options.stateDir, 'idp');
	// One token for this run's test endpoints: the device's /_faults and the provider's /_control.
	const testToken = newTestToken();
	const identityProvider = await startIdentityProvider({
		testToken,
		...(options.host === undefined ? {} : {host: options.host}),
		// Bound to one address of the network: browsers reach it there, not at localhost.
		...(options.host === undefined || isWildcardAddress(options.host) || isLoopbackAddress(options.host) ? {} : {publicHost: options.host}),
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
			testToken,
			...(options.sessionIdleSeconds === undefined ? {} : {sessionIdleSeconds: options.sessionIdleSeconds}),
			...(options.devDefaultPassword === undefined ? {} : {devDefaultPassword: options.devDefaultPassword}),
			...(options.tls ? {tls: options.tls} : {}),
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
