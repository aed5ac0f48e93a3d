/**
API tests of the emulated device: a real emulator over HTTP, wired to a real offline identity
provider over HTTPS on loopback. Every response body and log line is recorded, so that tests
can prove no secret ever leaves the device.
*/
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, beforeEach, expect} from 'vitest';
import {
	microsoftStateSchema,
	sessionHeader,
	type MicrosoftBasicSettings,
	type MicrosoftState,
} from '../../source/contract.js';
import {startEmulator, type Emulator, type EmulatorOptions} from '../../source/emulator/index.js';
import {stateFileName} from '../../source/emulator/store.js';
import {
	offlineMicrosoftClientId,
	startIdentityProvider,
	type IdentityProvider,
} from '../../source/identity-provider/index.js';
import {microsoftEndpointFor} from '../../source/validation.js';

export const organizations = microsoftEndpointFor('organizations');

export type Response = {status: number; headers: Headers; text: string; json: unknown};

/** A clock that runs with real time and can be jumped forward. */
export function jumpingClock(): {now: () => number; advance(milliseconds: number): void} {
	let offset = 0;
	return {
		now: () => Date.now() + offset,
		advance(milliseconds) {
			offset += milliseconds;
		},
	};
}

export async function sleep(milliseconds: number): Promise<void> {
	await new Promise(resolve => {
		setTimeout(resolve, milliseconds);
	});
}

export class Harness {
	readonly idp: IdentityProvider;
	readonly stateDir: string;
	readonly clock = jumpingClock();
	readonly logs: string[] = [];
	readonly bodies: string[] = [];
	/** Every device code and token seen in the state file while the test ran. */
	readonly seenSecrets = new Set<string>();
	emulator!: Emulator;
	token: string | undefined;
	etag: string | undefined;

	constructor(idp: IdentityProvider) {
		this.idp = idp;
		this.stateDir = mkdtempSync(path.join(os.tmpdir(), 'cloudmail-emulator-'));
	}

	get stateFile(): string {
		return path.join(this.stateDir, stateFileName);
	}

	async start(options: Partial<EmulatorOptions> = {}): Promise<this> {
		this.emulator = await startEmulator({
			mode: 'offline',
			stateDir: this.stateDir,
			identityProvider: {url: this.idp.url, caCertificatePem: this.idp.caCertificatePem},
			microsoftClientId: offlineMicrosoftClientId,
			now: this.clock.now,
			log: line => {
				this.logs.push(line);
			},
			...options,
		});
		return this;
	}

	async restart(options: Partial<EmulatorOptions> = {}): Promise<this> {
		await this.emulator.close();
		this.token = undefined;
		this.etag = undefined;
		return this.start(options);
	}

	async close(): Promise<void> {
		await this.emulator.close();
		rmSync(this.stateDir, {recursive: true, force: true});
	}

	/** A request to the device API; `path` is relative to /api/v1. */
	async request(method: string, relative: string, options: {body?: unknown; raw?: string; headers?: Record<string, string>; token?: string | null} = {}): Promise<Response> {
		const headers = new Headers(options.headers);
		const token = options.token === undefined ? this.token : options.token;
		if (token) {
			headers.set(sessionHeader, token);
		}

		let body: string | undefined = options.raw;
		if (options.body !== undefined) {
			body = JSON.stringify(options.body);
			headers.set('content-type', 'application/json');
		}

		const response = await fetch(`${this.emulator.url}/${relative}`, {method, headers, ...(body === undefined ? {} : {body})});
		const text = await response.text();
		this.bodies.push(text);
		let json: unknown;
		try {
			json = text.length > 0 ? JSON.parse(text) : undefined;
		} catch {
			json = undefined;
		}

		return {status: response.status, headers: response.headers, text, json};
	}

	async login(): Promise<string> {
		const response = await this.request('POST', 'session', {body: {userName: 'Administrator', password: '7654321'}, token: null});
		expect(response.status).toBe(201);
		this.token = (response.json as {token: string}).token;
		return this.token;
	}

	async state(): Promise<MicrosoftState> {
		const response = await this.request('GET', 'oauth2/microsoft');
		expect(response.status).toBe(200);
		this.etag = response.headers.get('etag') ?? undefined;
		for (const secret of this.secretsOnDisk()) {
			this.seenSecrets.add(secret);
		}

		return microsoftStateSchema.parse(response.json);
	}

	async save(settings: Partial<MicrosoftBasicSettings>): Promise<Response> {
		const current = await this.state();
		const response = await this.request('PUT', 'oauth2/microsoft/basic', {
			body: {...current.settings, ...settings},
			headers: {'if-match': this.etag ?? ''},
		});
		return response;
	}

	async enable(settings: Partial<MicrosoftBasicSettings> = {}): Promise<MicrosoftState> {
		const response = await this.save({enabled: true, verifyServerCertificate: true, addCnToVerification: true, endpoint: organizations, ...settings});
		expect(response.status).toBe(200);
		return microsoftStateSchema.parse(response.json);
	}

	/** Polls the state until `predicate` holds (at most `timeoutMs`). */
	async waitFor(predicate: (state: MicrosoftState) => boolean, timeoutMs = 4000): Promise<MicrosoftState> {
		const deadline = Date.now() + timeoutMs;
		let last: MicrosoftState | undefined;
		while (Date.now() < deadline) {
			last = await this.state();
			if (predicate(last)) {
				return last;
			}

			await sleep(25);
		}

		throw new Error(`Condition not reached in ${timeoutMs} ms; last state: ${JSON.stringify(last)}`);
	}

	async waitForUserCode(): Promise<MicrosoftState & {authorization: NonNullable<MicrosoftState['authorization']>}> {
		const state = await this.waitFor(current => current.authorization !== null && current.token.status === 'waiting');
		return state as MicrosoftState & {authorization: NonNullable<MicrosoftState['authorization']>};
	}

	/** Secrets the device keeps on disk: they must never appear in an API body or a log line. */
	secretsOnDisk(): string[] {
		if (!existsSync(this.stateFile)) {
			return [];
		}

		const saved = JSON.parse(readFileSync(this.stateFile, 'utf8')) as {microsoft: {deviceCode: string | null; tokens: {accessToken: string; refreshToken?: string} | null}};
		return [saved.microsoft.deviceCode, saved.microsoft.tokens?.accessToken, saved.microsoft.tokens?.refreshToken]
			.filter((secret): secret is string => typeof secret === 'string' && secret.length > 0);
	}

	/** No secret seen on disk (now or during the test) is in any API body or log line. */
	expectNoLeak(): void {
		const secrets = new Set([...this.seenSecrets, ...this.secretsOnDisk()]);
		for (const secret of secrets) {
			for (const body of this.bodies) {
				expect(body.includes(secret), 'a secret appeared in an API response').toBe(false);
			}

			for (const line of this.logs) {
				expect(line.includes(secret), 'a secret appeared in a log line').toBe(false);
			}
		}
	}
}

export async function startIdp(): Promise<IdentityProvider> {
	return startIdentityProvider({});
}

/** What a person does on the verification page: POST /devicelogin with the form. */
export async function decideOverHttp(idp: IdentityProvider, userCode: string, decision: 'allow' | 'deny'): Promise<{status: number; body: string}> {
	const url = new URL('/devicelogin', idp.url);
	const form = new URLSearchParams({user_code: userCode, decision}).toString();
	return new Promise((resolve, reject) => {
		const request = https.request({
			method: 'POST',
			host: '127.0.0.1',
			port: url.port,
			path: url.pathname,
			servername: 'localhost',
			ca: idp.caCertificatePem,
			agent: false,
			headers: {'content-type': 'application/x-www-form-urlencoded', 'content-length': String(Buffer.byteLength(form)), accept: 'text/html'},
		}, response => {
			let body = '';
			response.setEncoding('utf8');
			response.on('data', (chunk: string) => {
				body += chunk;
			});
			response.on('end', () => {
				resolve({status: response.statusCode ?? 0, body});
			});
		});
		request.on('error', reject);
		request.end(form);
	});
}

/**
The hooks every emulator test file needs: one identity provider per file, a fresh device per
test (logged in if asked), and the check that no secret leaked. `use` receives each new pair.
*/
export function withDevice(
	options: {start?: Partial<EmulatorOptions>; login?: boolean},
	use: (current: {idp: IdentityProvider; device: Harness}) => void,
): void {
	let idp: IdentityProvider;
	let device: Harness;
	beforeAll(async () => {
		idp = await startIdp();
	});

	afterAll(async () => {
		await idp.close();
	});

	beforeEach(async () => {
		idp.controls.reset();
		idp.controls.configure({intervalSeconds: 1});
		device = await new Harness(idp).start(options.start);
		if (options.login) {
			await device.login();
		}

		use({idp, device});
	});

	afterEach(async () => {
		device.expectNoLeak();
		await device.close();
	});
}
