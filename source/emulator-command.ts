/**
Running the emulated device from the command line: standalone (`cloudmail-setup emulator`),
or built in, behind the TUI (`npm start`), where its log goes to a file instead of the screen.
*/
import {createWriteStream, mkdirSync} from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import {startEmulator, startOfflineDevice} from './emulator/index.js';

export type StandaloneOptions = {
	mode: 'offline' | 'live';
	stateDir: string;
	port: number;
	idpPort: number;
	host: string;
	clientId: string | undefined;
};

function timestamped(write: (text: string) => void): (line: string) => void {
	return line => {
		write(`${new Date().toISOString()} ${line}\n`);
	};
}

/** The offline device behind the TUI; its request log goes to `<stateDir>/emulator.log`. */
export async function startBuiltInDevice(options: {stateDir: string}): Promise<{url: string; close(): Promise<void>}> {
	mkdirSync(options.stateDir, {recursive: true, mode: 0o700});
	const logFile = createWriteStream(path.join(options.stateDir, 'emulator.log'), {flags: 'a', mode: 0o600});
	const device = await startOfflineDevice({
		stateDir: options.stateDir,
		port: 0,
		idpPort: 0,
		log: timestamped(text => logFile.write(text)),
	});
	return {
		url: device.emulator.url,
		async close() {
			await device.close();
			await new Promise(resolve => {
				logFile.end(resolve);
			});
		},
	};
}

/** Runs until SIGINT or SIGTERM; prints where to reach it on stdout and its request log on stderr. */
export async function runStandaloneEmulator(options: StandaloneOptions): Promise<void> {
	mkdirSync(options.stateDir, {recursive: true, mode: 0o700});
	const log = timestamped(text => process.stderr.write(text));
	let close: () => Promise<void>;
	const lines: string[] = [];
	if (options.mode === 'offline') {
		const device = await startOfflineDevice({stateDir: options.stateDir, port: options.port, idpPort: options.idpPort, host: options.host, log});
		close = device.close;
		lines.push(
			`Device API: ${device.emulator.url}`,
			`Identity provider (offline): ${device.identityProvider.url}`,
			`Approve user codes at: ${device.identityProvider.verificationUri}`,
			`SMTP (offline, STARTTLS + XOAUTH2): smtp.office365.com → port ${device.identityProvider.smtpPorts.microsoft}, smtp.gmail.com → port ${device.identityProvider.smtpPorts.google}`,
			`CA certificate: ${device.caCertificatePath}`,
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
		});
		close = emulator.close;
		lines.push(`Device API: ${emulator.url}`, 'Identity providers: login.microsoftonline.com, accounts.google.com (live); test mail: smtp.office365.com:587, smtp.gmail.com:587');
	}

	lines.push(`State: ${options.stateDir}`, 'Press Ctrl+C to stop.');
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
