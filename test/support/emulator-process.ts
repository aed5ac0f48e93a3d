/**
The built `cloudmail-setup emulator` as a separate process on loopback, for end-to-end tests: the
one way the tests start it. Free ports (chosen by the system); it reads the addresses the command
prints and keeps its output. With `tls`, the device API is served over HTTPS with the emulated
printer's own self-signed certificate (kept in its state directory) and the fingerprint its banner
prints; `start({regenerate: true})` restarts it with a new certificate.
*/
import {spawn, type ChildProcess} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync} from 'node:fs';
import https from 'node:https';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {asFromThePage} from './idp-form.js';

export const cliPath = path.resolve('dist/source/cli.js');

/** Fails at once, with what to do, when the compiled CLI is missing. */
export function requireBuild(...more: string[]): void {
	if (![cliPath, ...more].every(file => existsSync(file))) {
		throw new Error('Build first: npm test runs `tsc -b` before the tests.');
	}
}

export function temporaryDirectory(name: string): string {
	return mkdtempSync(path.join(tmpdir(), `cloudmail-${name}-`));
}

export type EmulatorOptions = {
	/** The device API over HTTPS with the printer's self-signed certificate (`--tls`). */
	tls?: boolean;
};

export type StartOptions = {
	/**
	The device API's port (to come back where it was after `kill`). Default: a free one; with TLS,
	the port it had before once it has one (a pin is keyed by origin).
	*/
	port?: number;
	/** TLS only: a new certificate (`--tls-regenerate`). */
	regenerate?: boolean;
};

export class EmulatorProcess {
	readonly stateDir: string;
	readonly tls: boolean;
	deviceUrl = '';
	idpUrl = '';
	caCertificatePath = '';
	/** The run's test token the banner prints (for `/_control` and `/api/v1/_faults`). */
	testToken = '';
	/** What the command printed on stdout at its last start (its banner). */
	banner = '';
	/** TLS: the device certificate's fingerprint, as a pin (`SHA256:…`) and as hex pairs. */
	fingerprint = '';
	fingerprintHex = '';
	#log = '';
	#stdout = '';
	#child: ChildProcess | undefined;

	constructor(options: EmulatorOptions = {}) {
		this.tls = options.tls ?? false;
		this.stateDir = temporaryDirectory(this.tls ? 'tls-device' : 'e2e-device');
	}

	/** TLS: the device's certificate, in its state directory. */
	get certificatePath(): string {
		return path.join(this.stateDir, 'device-tls', 'device.crt');
	}

	/** The process id while it runs. */
	get pid(): number | undefined {
		return this.#child?.pid;
	}

	async start(options: StartOptions = {}): Promise<void> {
		requireBuild();
		const port = options.port ?? (this.tls && this.deviceUrl ? this.port : 0);
		const tls = this.tls ? [options.regenerate ? '--tls-regenerate' : '--tls'] : [];
		// Port 0: the system picks free ports, and the banner says which.
		const child = spawn(process.execPath, [cliPath, 'emulator', ...tls, '--port', String(port), '--idp-port', '0', '--state', this.stateDir, '--dev-default-password'], {stdio: ['ignore', 'pipe', 'pipe']});
		this.#child = child;
		child.stderr!.on('data', (chunk: Buffer) => {
			this.#log += chunk.toString();
		});
		child.stdout!.on('data', (chunk: Buffer) => {
			this.#stdout += chunk.toString();
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
		this.banner = banner;
		this.deviceUrl = /Device API: (\S+)/.exec(banner)![1]!;
		this.idpUrl = /Identity provider \(offline\): (\S+)/.exec(banner)![1]!;
		this.caCertificatePath = /CA certificate: (\S+)/.exec(banner)![1]!;
		this.testToken = /Test token[^:]*: (\S+)/.exec(banner)![1]!;
		if (this.tls) {
			this.fingerprintHex = /Device certificate SHA-256 fingerprint: (\S+)/.exec(banner)![1]!;
			this.fingerprint = /Device certificate fingerprint \(pin\): (\S+)/.exec(banner)![1]!;
		}
	}

	/** Everything the command printed on stdout so far (its banners), until `clearOutput`. */
	stdout(): string {
		return this.#stdout;
	}

	/** Forgets the output so far (stdout and the log), e.g. before a restart whose output alone is looked at. */
	clearOutput(): void {
		this.#stdout = '';
		this.#log = '';
	}

	/** The emulator's request and event log so far (stderr). */
	log(): string {
		return this.#log;
	}

	async waitForLog(pattern: RegExp, timeoutMs = 10_000): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		while (!pattern.test(this.#log)) {
			if (Date.now() > deadline) {
				throw new Error(`Timed out waiting for ${String(pattern)} in the emulator log:\n${this.#log}`);
			}

			await new Promise(resolve => {
				setTimeout(resolve, 100);
			});
		}
	}

	/** Approves or denies a user code the way a script does: one POST to the verification URI. */
	async decide(verificationUri: string, userCode: string, decision: 'allow' | 'deny'): Promise<number> {
		return (await this.postForm(verificationUri, {user_code: userCode, decision})).status;
	}

	/** Google consent the way a script gives it: POST the authorization URL, read where it redirects. */
	async consent(authorizationUrl: string, decision: 'allow' | 'deny'): Promise<string> {
		const {status, location} = await this.postForm(authorizationUrl, {decision});
		if (status !== 302 || !location) {
			throw new Error(`The consent page answered ${status}, not a redirect.`);
		}

		return location;
	}

	/** A form POST to the offline identity provider, trusting its CA; its own forms from their page, as a browser does (support/idp-form.ts). */
	async postForm(url: string, fields: Record<string, string>): Promise<{status: number; location: string | undefined}> {
		const ca = readFileSync(this.caCertificatePath, 'utf8');
		const posted = await asFromThePage(new URL(url), fields, ca);
		const body = new URLSearchParams(posted.fields).toString();
		return new Promise((resolve, reject) => {
			const request = https.request(url, {
				method: 'POST',
				ca,
				headers: {...posted.headers, 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body)},
			}, response => {
				response.resume();
				response.on('end', () => {
					resolve({status: response.statusCode ?? 0, location: response.headers.location});
				});
			});
			request.on('error', reject);
			request.end(body);
		});
	}

	/** A test control of the offline identity provider (`/_control/<name>`): GET without a body, else POST it as JSON. */
	async control(name: string, body?: unknown): Promise<{status: number; body: any}> {
		const json = body === undefined ? undefined : JSON.stringify(body);
		return new Promise((resolve, reject) => {
			const request = https.request(new URL(`/_control/${name}`, this.idpUrl), {
				method: json === undefined ? 'GET' : 'POST',
				ca: readFileSync(this.caCertificatePath, 'utf8'),
				headers: {'x-test-token': this.testToken, ...(json === undefined ? {} : {'content-type': 'application/json', 'content-length': Buffer.byteLength(json)})},
			}, response => {
				let text = '';
				response.on('data', (chunk: Buffer) => {
					text += chunk.toString();
				});
				response.on('end', () => {
					resolve({status: response.statusCode ?? 0, body: JSON.parse(text) as unknown});
				});
			});
			request.on('error', reject);
			request.end(json);
		});
	}

	/** The device API's port. */
	get port(): number {
		return Number(new URL(this.deviceUrl).port);
	}

	/** Ends the emulator at once (SIGKILL), as a power cut would: nothing is closed or flushed. */
	async kill(): Promise<void> {
		const child = this.#child;
		if (!child || child.exitCode !== null || child.signalCode !== null) {
			return;
		}

		await new Promise(resolve => {
			child.once('exit', resolve);
			child.kill('SIGKILL');
		});
	}

	async stop(): Promise<void> {
		const child = this.#child;
		if (!child || child.exitCode !== null || child.signalCode !== null) {
			return;
		}

		await new Promise(resolve => {
			child.once('exit', resolve);
			child.kill('SIGTERM');
		});
	}
}

/** The emulator with its device API over HTTPS (`--tls`); restarted on the same port, so that a pin keyed by origin applies. */
export class TlsEmulator extends EmulatorProcess {
	constructor() {
		super({tls: true});
	}
}
