/**
Running the emulated device from the command line: standalone (`cloudmail-setup emulator`),
or built in, behind the TUI (`npm start`), where its log goes to a file instead of the screen.
*/
import {randomBytes} from 'node:crypto';
import {createWriteStream, readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import process from 'node:process';
import {loadOrCreateDeviceCertificate, type DeviceTlsCertificate} from '../emulator/device-certificate.js';
import {startEmulator, startOfflineDevice} from '../emulator/index.js';
import {hostForm, isLoopbackAddress, isWildcardAddress} from '../emulator/request-guard.js';
import {openPrivateLog, prepareStateDirectory} from '../emulator/store.js';
import {languageFromEnvironment, messagesFor, type Language} from '../i18n/index.js';

export type StandaloneOptions = {
	mode: 'offline' | 'live';
	stateDir: string;
	port: number;
	idpPort: number;
	host: string;
	clientId: string | undefined;
	/** Serve HTTPS with the device's own self-signed certificate (kept in the state directory). */
	tls?: boolean;
	/** With `tls`: make a new certificate (a new fingerprint) instead of the kept one. */
	tlsRegenerate?: boolean;
	/** --dev-default-password: the factory default password works as it is (development). */
	devDefaultPassword?: boolean;
	/** The language of its errors (a port in use). Default: the locale's. */
	language?: Language;
};

/** A listen error EADDRINUSE as the engineer reads it: which address, and `--port 0 --idp-port 0`. */
export function portInUseError(error: unknown, language: Language): Error | undefined {
	const failure = error as (NodeJS.ErrnoException & {address?: string; port?: number}) | undefined;
	if (failure?.code !== 'EADDRINUSE') {
		return undefined;
	}

	const host = failure.address === undefined ? '' : hostForm(failure.address);
	const address = failure.port === undefined ? host || '?' : `${host}:${failure.port}`;
	return new Error(messagesFor(language).emulatorCommand.portInUse(address), {cause: error});
}

/** The banner lines of an HTTPS device: its fingerprint, to compare with what a client shows. */
function certificateLines(certificate: DeviceTlsCertificate): string[] {
	return [
		`Device certificate (self-signed${certificate.created ? ', new' : ''}): ${certificate.certificatePath}`,
		`Device certificate SHA-256 fingerprint: ${certificate.fingerprintHex}`,
		`Device certificate fingerprint (pin): ${certificate.fingerprint}`,
	];
}

function timestamped(write: (text: string) => void): (line: string) => void {
	return line => {
		write(`${new Date().toISOString()} ${line}\n`);
	};
}

export const testTokenFileName = 'test-token';

function readTextOrEmpty(file: string): string {
	try {
		return readFileSync(file, 'utf8');
	} catch {
		return '';
	}
}

/**
Writes this run's test token to `<stateDir>/test-token` (0600, replaced atomically): the only
place it is shown for the built-in device, never on the TUI's screen. Removed at close.
*/
function writeTestTokenFile(stateDir: string, token: string): string {
	const file = path.join(stateDir, testTokenFileName);
	const temporary = path.join(stateDir, `.${testTokenFileName}.${randomBytes(6).toString('hex')}.tmp`);
	try {
		writeFileSync(temporary, `${token}\n`, {mode: 0o600, flag: 'wx'});
		renameSync(temporary, file);
	} catch (error) {
		rmSync(temporary, {force: true});
		throw error;
	}

	return file;
}

/**
The offline device behind the TUI (`npm start`) and scripted mode; its request log goes to
`<stateDir>/emulator.log`, its test token (for /api/v1/_faults and the identity provider's
/_control, loopback only) to `<stateDir>/test-token`. A development device on loopback: the
factory default password works as it is (devDefaultPassword), so that the quick start stays as
it is.
*/
export async function startBuiltInDevice(options: {stateDir: string}): Promise<{url: string; close(): Promise<void>}> {
	// Checked (0700, nobody else's) before the log is opened there; the log is 0600, an old one made so.
	prepareStateDirectory(options.stateDir);
	const logPath = path.join(options.stateDir, 'emulator.log');
	const logFile = createWriteStream(logPath, {fd: openPrivateLog(logPath)});
	const device = await startOfflineDevice({
		stateDir: options.stateDir,
		port: 0,
		idpPort: 0,
		log: timestamped(text => logFile.write(text)),
		devDefaultPassword: true,
	});
	let tokenFile: string | undefined;
	try {
		tokenFile = device.emulator.testToken === undefined ? undefined : writeTestTokenFile(options.stateDir, device.emulator.testToken);
	} catch (error) {
		// Not fatal: only fault injection needs it. Named in the log, never the token.
		logFile.write(`${new Date().toISOString()} test token: ${testTokenFileName} not written (${(error as NodeJS.ErrnoException).code ?? 'error'})\n`);
	}

	return {
		url: device.emulator.url,
		async close() {
			// Only our own: another run on the same state directory may have written its token since.
			if (tokenFile && readTextOrEmpty(tokenFile).trim() === device.emulator.testToken) {
				rmSync(tokenFile, {force: true});
			}

			await device.close();
			await new Promise(resolve => {
				logFile.end(resolve);
			});
		},
	};
}

/** What the start banner says about the listen address: where it is reachable from, and what that exposes. */
export type ListenInfo = {
	/** The --host given. */
	host: string;
	/** `http` or `https` (a device with its own certificate). */
	scheme: 'http' | 'https';
	/** Device API port; offline also the identity provider's and the SMTP servers' ports. */
	ports: {device: number; identityProvider?: number; smtp?: number[]};
	/** The machine's addresses other machines may use (shown when listening on every address). */
	networkAddresses: readonly string[];
};

/**
The banner's lines about the listen address: nothing on loopback; otherwise where other
machines reach the device, and a warning that the device API (offline: also the identity
provider and the SMTP servers) is reachable from the network while the test endpoints
(/api/v1/_faults, /_control) answer only on this machine.
*/
export function listenNotes(info: ListenInfo): string[] {
	if (isLoopbackAddress(info.host) || hostForm(info.host) === 'localhost') {
		return [];
	}

	const offline = info.ports.identityProvider !== undefined;
	const ports = [info.ports.device, ...(offline ? [info.ports.identityProvider!] : []), ...(info.ports.smtp ?? [])].join(', ');
	const lines = isWildcardAddress(info.host)
		? [
			`Listening on every address (${info.host || '0.0.0.0'}): on this machine use the addresses above.`,
			...(info.networkAddresses.length > 0 ? [`From other machines: ${info.networkAddresses.map(address => `${info.scheme}://${hostForm(address)}:${info.ports.device}/api/v1`).join(', ')}`] : []),
		]
		: [`Listening on ${info.host} only (not on 127.0.0.1).`];
	const exposed = offline ? 'the device API, the identity provider and the SMTP servers are' : 'the device API is';
	lines.push(`WARNING: ${exposed} reachable from the network (ports ${ports}).${offline ? ' /api/v1/_faults and /_control are disabled there: they answer only on loopback, with the test token.' : ''}`);
	return lines;
}

/** Interface addresses other machines may use: not loopback, not link-local IPv6. */
function networkAddresses(): string[] {
	return Object.values(os.networkInterfaces()).flatMap(entries => (entries ?? [])
		.filter(entry => !entry.internal && !(entry.family === 'IPv6' && entry.address.toLowerCase().startsWith('fe80:')))
		.map(entry => entry.address));
}

/**
Runs until SIGINT or SIGTERM; prints where to reach it on stdout (the ports really bound, also
when 0 asked for free ones) and its request log on stderr. A port in use is an error that says
to use `--port 0 --idp-port 0`.
*/
export async function runStandaloneEmulator(options: StandaloneOptions): Promise<void> {
	try {
		await runStandalone(options);
	} catch (error) {
		throw portInUseError(error, options.language ?? languageFromEnvironment(process.env)) ?? error;
	}
}

async function runStandalone(options: StandaloneOptions): Promise<void> {
	prepareStateDirectory(options.stateDir);
	const log = timestamped(text => process.stderr.write(text));
	let close: () => Promise<void>;
	const lines: string[] = [];
	const certificate = options.tls || options.tlsRegenerate
		? loadOrCreateDeviceCertificate(options.stateDir, {host: options.host, regenerate: options.tlsRegenerate === true})
		: undefined;
	const tls = certificate ? {tls: {keyPem: certificate.keyPem, certificatePem: certificate.certificatePem}} : {};
	if (options.mode === 'offline') {
		const device = await startOfflineDevice({stateDir: options.stateDir, port: options.port, idpPort: options.idpPort, host: options.host, log, devDefaultPassword: options.devDefaultPassword === true, ...tls});
		close = device.close;
		lines.push(
			`Device API: ${device.emulator.url}`,
			`Identity provider (offline): ${device.identityProvider.url}`,
			`Approve user codes at: ${device.identityProvider.verificationUri}`,
			`SMTP (offline, STARTTLS + XOAUTH2): smtp.office365.com → port ${device.identityProvider.smtpPorts.microsoft}, smtp.gmail.com → port ${device.identityProvider.smtpPorts.google}`,
			`CA certificate: ${device.caCertificatePath}`,
			`Test token (for /api/v1/_faults and /_control, from this machine only): ${device.emulator.testToken ?? ''}`,
			...listenNotes({
				host: options.host,
				scheme: certificate ? 'https' : 'http',
				ports: {device: device.emulator.port, identityProvider: device.identityProvider.port, smtp: Object.values(device.identityProvider.smtpPorts)},
				networkAddresses: networkAddresses(),
			}),
		);
	} else {
		if (!options.clientId) {
			throw new Error('live mode needs the app registration: --client-id ID or CLOUDMAIL_MICROSOFT_CLIENT_ID.');
		}

		const emulator = await startEmulator({
			mode: 'live',
			stateDir: options.stateDir,
			port: options.port,
			host: options.host,
			microsoftClientId: options.clientId,
			log,
			devDefaultPassword: options.devDefaultPassword === true,
			...tls,
		});
		close = emulator.close;
		lines.push(
			`Device API: ${emulator.url}`,
			'Identity providers: login.microsoftonline.com, accounts.google.com (live); test mail: smtp.office365.com:587, smtp.gmail.com:587',
			...listenNotes({host: options.host, scheme: certificate ? 'https' : 'http', ports: {device: emulator.port}, networkAddresses: networkAddresses()}),
		);
	}

	lines.push(
		...(certificate ? certificateLines(certificate) : []),
		options.devDefaultPassword
			? 'Administrator password: the factory default works as it is (--dev-default-password)'
			: 'Administrator password: the factory default must be changed at the first log-in',
		`State: ${options.stateDir}`,
		'Press Ctrl+C to stop.',
	);
	process.stdout.write(`${lines.join('\n')}\n`);

	await new Promise<void>(resolve => {
		const stop = (): void => {
			process.off('SIGINT', stop);
			process.off('SIGTERM', stop);
			resolve();
		};

		process.on('SIGINT', stop);
		process.on('SIGTERM', stop);
	});
	await close();
}
