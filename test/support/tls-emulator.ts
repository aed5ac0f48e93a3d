/**
The built `cloudmail-setup emulator --tls` as a separate process on loopback: the device API over
HTTPS with the emulated printer's own self-signed certificate (kept in its state directory), and
the fingerprint its banner prints. Restart it with `regenerate` for a certificate that changed.
*/
import {spawn, type ChildProcess} from 'node:child_process';
import {existsSync} from 'node:fs';
import path from 'node:path';
import {cliPath, temporaryDirectory} from './emulator-process.js';

export class TlsEmulator {
	readonly stateDir = temporaryDirectory('tls-device');
	deviceUrl = '';
	port = 0;
	fingerprint = '';
	fingerprintHex = '';
	#log = '';
	#child: ChildProcess | undefined;

	get certificatePath(): string {
		return path.join(this.stateDir, 'device-tls', 'device.crt');
	}

	/** Starts it (again on the same port once it has one, so that a pin keyed by origin applies). */
	async start(options: {regenerate?: boolean} = {}): Promise<void> {
		if (!existsSync(cliPath)) {
			throw new Error('Build first: npm test runs `tsc -b` before the tests.');
		}

		const child = spawn(process.execPath, [
			cliPath, 'emulator', options.regenerate ? '--tls-regenerate' : '--tls',
			'--port', String(this.port), '--idp-port', '0', '--state', this.stateDir, '--dev-default-password',
		], {stdio: ['ignore', 'pipe', 'pipe']});
		this.#child = child;
		child.stderr!.on('data', (chunk: Buffer) => {
			this.#log += chunk.toString();
		});
		const banner = await new Promise<string>((resolve, reject) => {
			let output = '';
			child.stdout!.on('data', (chunk: Buffer) => {
				output += chunk.toString();
				if (output.includes('Press Ctrl+C to stop.')) {
					resolve(output);
				}
			});
			child.once('exit', code => {
				reject(new Error(`The emulator exited with ${code}: ${output}${this.#log}`));
			});
		});
		this.deviceUrl = /Device API: (\S+)/.exec(banner)![1]!;
		this.port = Number(new URL(this.deviceUrl).port);
		this.fingerprintHex = /Device certificate SHA-256 fingerprint: (\S+)/.exec(banner)![1]!;
		this.fingerprint = /Device certificate fingerprint \(pin\): (\S+)/.exec(banner)![1]!;
	}

	/** The request log so far (stderr): one line per request the device received. */
	log(): string {
		return this.#log;
	}

	async stop(): Promise<void> {
		const child = this.#child;
		if (!child || child.exitCode !== null) {
			return;
		}

		await new Promise(resolve => {
			child.once('exit', resolve);
			child.kill('SIGTERM');
		});
	}
}
