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
import type {z} from 'zod';
import {
	googleStateSchema,
	microsoftStateSchema,
	sessionHeader,
	type GoogleBasicSettingsRequest,
	type GoogleState,
	type MicrosoftBasicSettings,
	type MicrosoftState,
} from '../../source/device/contract.js';
import {startEmulator, type Emulator, type EmulatorOptions} from '../../source/emulator/index.js';
import {stateFileName} from '../../source/emulator/store.js';
import {
	offlineMicrosoftClientId,
	startIdentityProvider,
	type IdentityProvider,
} from '../../source/identity-provider/index.js';
import {microsoftEndpointFor} from '../../source/device/validation.js';
import {formPageOf, withFormToken} from './idp-form.js';

export const organizations = microsoftEndpointFor('organizations');
export const googleClientId = '123456789012-offlinetestclient0123456789abc.apps.googleusercontent.com';
export const googleClientSecret = 'GOCSPX-offline-test-secret_0123456789';

/** A Google state with an authorization in progress. */
export type GoogleWaiting = GoogleState & {authorization: NonNullable<GoogleState['authorization']>};

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
			identityProvider: {url: this.idp.url, caCertificatePem: this.idp.caCertificatePem, publicUrl: this.idp.url, smtpPorts: this.idp.smtpPorts},
			microsoftClientId: offlineMicrosoftClientId,
			now: this.clock.now,
			log: line => {
				this.logs.push(line);
			},
			// The factory password as it is; tests of its change pass devDefaultPassword: false.
			devDefaultPassword: true,
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

	/** A restart as the engineer lives it: the device comes back and asks for the password again. */
	async reboot(): Promise<void> {
		await this.restart();
		await this.login();
	}

	async close(): Promise<void> {
		await this.emulator.close();
		rmSync(this.stateDir, {recursive: true, force: true});
	}

	/**
	A request to the device API; `path` is relative to /api/v1. Requests to `_faults` carry the
	run's test token (`X-Test-Token`) unless `testToken` says otherwise (null: none).
	*/
	async request(method: string, relative: string, options: {body?: unknown; raw?: string; headers?: Record<string, string>; token?: string | null; testToken?: string | null; signal?: AbortSignal} = {}): Promise<Response> {
		const headers = new Headers(options.headers);
		const token = options.token === undefined ? this.token : options.token;
		if (token) {
			headers.set(sessionHeader, token);
		}

		const testToken = options.testToken === undefined ? (relative.startsWith('_faults') ? this.emulator.testToken : undefined) : options.testToken;
		if (testToken && !headers.has('x-test-token')) {
			headers.set('x-test-token', testToken);
		}

		let body: string | undefined = options.raw;
		if (options.body !== undefined) {
			body = JSON.stringify(options.body);
			headers.set('content-type', 'application/json');
		}

		const response = await fetch(`${this.emulator.url}/${relative}`, {
			method,
			headers,
			...(body === undefined ? {} : {body}),
			...(options.signal ? {signal: options.signal} : {}),
		});
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

	/** GET of a provider's state; remembers its ETag and the secrets on disk at that moment. */
	async read<State>(relative: string, schema: z.ZodType<State>): Promise<State> {
		const response = await this.request('GET', relative);
		expect(response.status).toBe(200);
		this.etag = response.headers.get('etag') ?? undefined;
		for (const secret of this.secretsOnDisk()) {
			this.seenSecrets.add(secret);
		}

		return schema.parse(response.json);
	}

	async state(): Promise<MicrosoftState> {
		return this.read('oauth2/microsoft', microsoftStateSchema);
	}

	async googleState(): Promise<GoogleState> {
		return this.read('oauth2/google', googleStateSchema);
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

	/** Polls the Microsoft state until `predicate` holds (at most `timeoutMs`). */
	async waitFor(predicate: (state: MicrosoftState) => boolean, timeoutMs = 4000): Promise<MicrosoftState> {
		return poll(async () => this.state(), predicate, timeoutMs);
	}

	/** Polls the Google state until `predicate` holds (at most `timeoutMs`). */
	async waitForGoogle(predicate: (state: GoogleState) => boolean, timeoutMs = 4000): Promise<GoogleState> {
		return poll(async () => this.googleState(), predicate, timeoutMs);
	}

	/** PUT /oauth2/google/basic: the current settings with `settings` over them (no secret unless given). */
	async saveGoogle(settings: Partial<GoogleBasicSettingsRequest>): Promise<Response> {
		const {clientSecretSet: _, ...current} = (await this.googleState()).settings;
		return this.request('PUT', 'oauth2/google/basic', {
			body: {...current, ...settings},
			headers: {'if-match': this.etag ?? ''},
		});
	}

	async enableGoogle(settings: Partial<GoogleBasicSettingsRequest> = {}): Promise<GoogleState> {
		const response = await this.saveGoogle({
			enabled: true,
			verifyServerCertificate: true,
			addCnToVerification: true,
			clientId: googleClientId,
			clientSecret: googleClientSecret,
			...settings,
		});
		expect(response.status).toBe(200);
		return googleStateSchema.parse(response.json);
	}

	async waitForGoogleAuthorization(): Promise<GoogleWaiting> {
		const state = await this.waitForGoogle(current => current.authorization !== null && current.token.status === 'waiting');
		return state as GoogleWaiting;
	}

	/** Consent on the identity provider's page (allow or deny); the address the browser is sent to. */
	async consent(authorizationUrl: string, decision: 'allow' | 'deny' = 'allow'): Promise<string> {
		const result = this.idp.controls.googleConsent(authorizationUrl, decision);
		expect(result.status).toBe(302);
		const location = result.location!;
		const code = new URL(location).searchParams.get('code');
		if (code) {
			// The code must not come back in any answer or log line either.
			this.seenSecrets.add(code);
		}

		return location;
	}

	/** POST /oauth2/google/authorization. */
	async submitCode(authorizationCode: string): Promise<Response> {
		return this.request('POST', 'oauth2/google/authorization', {body: {authorizationCode}});
	}

	/** Enables Google, consents, pastes the redirect address: an active token. */
	async activateGoogle(): Promise<GoogleState> {
		await this.enableGoogle();
		const {authorization} = await this.waitForGoogleAuthorization();
		const response = await this.submitCode(await this.consent(authorization.url));
		expect(response.status).toBe(200);
		const state = googleStateSchema.parse(response.json);
		expect(state.token.status).toBe('active');
		return state;
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

		type Tokens = {accessToken: string; refreshToken?: string} | null;
		const saved = JSON.parse(readFileSync(this.stateFile, 'utf8')) as {
			microsoft: {deviceCode: string | null; tokens: Tokens};
			google?: {clientSecret: string | null; attempt: {codeVerifier: string} | null; tokens: Tokens};
		};
		// Google's `state` is not among them: it is in the authorization URL by design.
		return [
			saved.microsoft.deviceCode,
			saved.microsoft.tokens?.accessToken,
			saved.microsoft.tokens?.refreshToken,
			saved.google?.clientSecret,
			saved.google?.attempt?.codeVerifier,
			saved.google?.tokens?.accessToken,
			saved.google?.tokens?.refreshToken,
		].filter((secret): secret is string => typeof secret === 'string' && secret.length > 0);
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

/** Reads with `read` until `predicate` holds (at most `timeoutMs`). */
export async function poll<State>(read: () => Promise<State>, predicate: (state: State) => boolean, timeoutMs: number): Promise<State> {
	const deadline = Date.now() + timeoutMs;
	let last: State | undefined;
	while (Date.now() < deadline) {
		last = await read();
		if (predicate(last)) {
			return last;
		}

		await sleep(25);
	}

	throw new Error(`Condition not reached in ${timeoutMs} ms; last state: ${JSON.stringify(last)}`);
}

export async function startIdp(): Promise<IdentityProvider> {
	return startIdentityProvider({});
}

/**
What a browser on this machine does at the identity provider: GET a page, or POST a form
(`fields`), trusting its CA; the redirect is not followed. Like a browser, it posts one of the
provider's forms (sign-in, consent) from the page: it GETs the page first and sends its
anti-forgery token and cookie back (support/idp-form.ts).
*/
export async function browse(idp: IdentityProvider, address: string, fields?: Record<string, string>): Promise<{status: number; body: string; location: string | undefined}> {
	const url = new URL(address, idp.url);
	const page = fields === undefined ? undefined : formPageOf(`${url.pathname}${url.search}`, fields);
	if (fields !== undefined && page !== undefined) {
		const shown = await browseOnce(idp, new URL(page, url).href);
		const {fields: posted, headers} = withFormToken(fields, shown);
		return browseOnce(idp, address, posted, headers);
	}

	return browseOnce(idp, address, fields);
}

async function browseOnce(idp: IdentityProvider, address: string, fields?: Record<string, string>, extraHeaders: Record<string, string> = {}): Promise<{status: number; body: string; location: string | undefined; setCookie: string[] | undefined}> {
	const url = new URL(address, idp.url);
	const form = fields === undefined ? undefined : new URLSearchParams(fields).toString();
	const headers: Record<string, string> = {accept: 'text/html', ...extraHeaders};
	if (form !== undefined) {
		headers['content-type'] = 'application/x-www-form-urlencoded';
		headers['content-length'] = String(Buffer.byteLength(form));
	}

	return new Promise((resolve, reject) => {
		const request = https.request({
			method: form === undefined ? 'GET' : 'POST',
			host: '127.0.0.1',
			port: url.port,
			path: `${url.pathname}${url.search}`,
			servername: url.hostname,
			ca: idp.caCertificatePem,
			agent: false,
			headers,
		}, response => {
			let body = '';
			response.setEncoding('utf8');
			response.on('data', (chunk: string) => {
				body += chunk;
			});
			response.on('end', () => {
				resolve({status: response.statusCode ?? 0, body, location: response.headers.location, setCookie: response.headers['set-cookie']});
			});
		});
		request.on('error', reject);
		request.end(form);
	});
}

/** What a person does on the verification page: POST /devicelogin with the form. */
export async function decideOverHttp(idp: IdentityProvider, userCode: string, decision: 'allow' | 'deny'): Promise<{status: number; body: string}> {
	return browse(idp, '/devicelogin', {user_code: userCode, decision});
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
