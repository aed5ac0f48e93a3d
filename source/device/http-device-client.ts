/**
The device client over HTTP (ky). It holds the session token, validates every response
against the contract, remembers the last state and its ETag so that an unchanged poll costs
a 304, and turns every failure into one `DeviceError`.

ky and the contract's schemas (zod) are loaded with the first request and the first response:
neither is needed to draw the log-in screen, and at start-up they cost time and memory.

Requests go to exactly the configured origin. A redirect is never followed (`redirect:
'manual'`): it becomes a `redirect` error naming where it pointed, so that neither the password
nor the session token reaches another origin, HTTPS down to HTTP included. For an https device
every connection passes the trust check of device-trust.ts (a CA the system or `trust.ca`
vouches for, or the pinned fingerprint) before the request is written; a refused one is a
`certificate` error, never "cannot reach". That module, and undici with it, is loaded only for an
https device.
*/
import type {HTTPError, KyInstance, Options} from 'ky';
import type {z} from 'zod';
import {
	maxWaitSeconds,
	paths,
	sessionHeader,
	type ApiError,
	type GoogleBasicSettingsRequest,
	type GoogleState,
	type LoginResponse,
	type MicrosoftBasicSettings,
	type MicrosoftState,
	type TestMailProvider,
	type TestMailResult,
} from './contract-values.js';
import {discardRetriedBody, readDeviceJson} from './bounded-body.js';
import type {DeviceClient, LogoutResult, ReadOptions, TokenReset} from './device-client.js';
import {CertificateRefusal, DeviceError} from './device-error.js';
import type {TrustOptions} from './device-trust.js';
import {sanitizeLine} from '../terminal/sanitize.js';

export type HttpDeviceClientOptions = {
	/** The API base, e.g. `http://127.0.0.1:8080/api/v1`. */
	baseUrl: string;
	/** Per request, all retries included. */
	timeoutMs?: number;
	fetch?: typeof fetch;
	/** https only: a device CA to trust, and the pinned fingerprint (see device-trust.ts). */
	trust?: TrustOptions;
};

type Cached<T> = {etag: string; value: T};

/** Each provider's state is one resource with its own ETag. */
type States = {microsoft: MicrosoftState; google: GoogleState};
type Resource = keyof States;
type StateOf<R extends Resource> = States[R];

type Schemas = typeof import('./contract.js');
/** Picks a schema out of the contract once it is loaded. */
type SchemaOf<T> = (schemas: Schemas) => z.ZodType<T>;
let schemasLoaded: Promise<Schemas> | undefined;
async function loadSchemas(): Promise<Schemas> {
	schemasLoaded ??= import('./contract.js');
	return schemasLoaded;
}

type Ky = typeof import('ky');
let kyLoaded: Promise<Ky> | undefined;
async function loadKy(): Promise<Ky> {
	kyLoaded ??= import('ky');
	return kyLoaded;
}

const resources: {[R in Resource]: {path: string; schema: SchemaOf<States[R]>; reset: SchemaOf<States[R] & Pick<TokenReset<States[R]>, 'revocation'>>}} = {
	microsoft: {path: paths.microsoft, schema: schemas => schemas.microsoftStateSchema, reset: schemas => schemas.microsoftTokenResetSchema},
	google: {path: paths.google, schema: schemas => schemas.googleStateSchema, reset: schemas => schemas.googleTokenResetSchema},
};

/** Longer than the device's own SMTP timeouts, so that its report arrives. */
export const testMailTimeoutMs = 60_000;

export class HttpDeviceClient implements DeviceClient {
	readonly baseUrl: string;
	readonly #httpOptions: Options;
	readonly #timeoutMs: number;
	readonly #trust: TrustOptions;
	#http: Promise<KyInstance> | undefined;
	#token: string | undefined;
	readonly #cache = new Map<Resource, Cached<unknown>>();

	constructor(options: HttpDeviceClientOptions) {
		this.baseUrl = options.baseUrl.replace(/\/+$/, '');
		this.#timeoutMs = options.timeoutMs ?? 10_000;
		this.#trust = options.trust ?? {};
		this.#httpOptions = {
			prefixUrl: `${this.baseUrl}/`,
			timeout: this.#timeoutMs,
			// GET and DELETE are safe to repeat. PUT is idempotent too, but a repeat after a
			// lost response would meet its own new ETag and report a false conflict. A refused
			// certificate would only be refused again.
			retry: {
				limit: 2,
				methods: ['get', 'delete'],
				backoffLimit: 1000,
				shouldRetry: ({error}) => (certificateRefusal(error) ? false : undefined),
			},
			// Credentials go to this origin only: a 3xx is an answer (an error below), never followed.
			redirect: 'manual',
			throwHttpErrors: status => status !== 304,
			// An answer that is retried is never read: dropped at once (bounded-body.ts).
			hooks: {beforeRetry: [discardRetriedBody]},
			...(options.fetch ? {fetch: options.fetch} : {}),
		};
	}

	get loggedIn(): boolean {
		return this.#token !== undefined;
	}

	async login(userName: string, password: string): Promise<LoginResponse> {
		const response = await this.#send(paths.session, {method: 'post', json: {userName, password}}, 'login');
		const body = await parseBody(response, schemas => schemas.loginResponseSchema, this.#url(paths.session));
		this.#token = body.token;
		return body;
	}

	async logout(): Promise<LogoutResult | void> {
		if (this.#token === undefined) {
			return;
		}

		try {
			await this.#send(paths.session, {method: 'delete', timeout: 3000, retry: 0});
			return {told: true};
		} catch (error) {
			// The session is gone either way; quitting must not hang on an unreachable device.
			// What went wrong is said (the last line after quitting).
			return {told: false, ...(error instanceof DeviceError ? {error} : {})};
		} finally {
			this.#token = undefined;
			this.#cache.clear();
		}
	}

	async changePassword(currentPassword: string, newPassword: string): Promise<void> {
		// Never repeated: a repeat after a lost answer would meet the new password as a wrong current one.
		await this.#send(paths.sessionPassword, {method: 'put', json: {currentPassword, newPassword}, retry: 0});
	}

	async getMicrosoft(options: ReadOptions = {}): Promise<MicrosoftState> {
		return this.#get('microsoft', options);
	}

	async saveMicrosoftBasic(settings: MicrosoftBasicSettings): Promise<MicrosoftState> {
		return this.#put('microsoft', paths.microsoftBasic, settings);
	}

	async refreshMicrosoft(): Promise<MicrosoftState> {
		return this.#stateRequest('microsoft', paths.microsoftRefresh, {method: 'post'});
	}

	async resetMicrosoftToken(): Promise<TokenReset<MicrosoftState>> {
		return this.#reset('microsoft', paths.microsoftToken);
	}

	async getGoogle(options: ReadOptions = {}): Promise<GoogleState> {
		return this.#get('google', options);
	}

	async saveGoogleBasic(settings: GoogleBasicSettingsRequest): Promise<GoogleState> {
		return this.#put('google', paths.googleBasic, settings);
	}

	async refreshGoogle(): Promise<GoogleState> {
		return this.#stateRequest('google', paths.googleRefresh, {method: 'post'});
	}

	async resetGoogleToken(): Promise<TokenReset<GoogleState>> {
		return this.#reset('google', paths.googleToken);
	}

	async submitGoogleAuthorizationCode(authorizationCode: string): Promise<GoogleState> {
		return this.#stateRequest('google', paths.googleAuthorization, {method: 'post', json: {authorizationCode}});
	}

	async sendTestMail(provider: TestMailProvider, to: string): Promise<TestMailResult> {
		const path = provider === 'microsoft' ? paths.microsoftTestMail : paths.googleTestMail;
		// An SMTP conversation (connect, STARTTLS, AUTH, DATA) can take a while; never repeated.
		const response = await this.#send(path, {method: 'post', json: {to}, timeout: testMailTimeoutMs, retry: 0});
		return parseBody(response, schemas => schemas.testMailResultSchema, this.#url(path));
	}

	async #get<R extends Resource>(resource: R, {signal, waitSeconds = 0}: ReadOptions): Promise<StateOf<R>> {
		const cached = this.#cache.get(resource);
		const wait = cached ? Math.min(Math.max(0, Math.floor(waitSeconds)), maxWaitSeconds) : 0;
		return this.#stateRequest(resource, resources[resource].path, {
			method: 'get',
			...(cached ? {headers: {'if-none-match': cached.etag, ...(wait > 0 ? {prefer: `wait=${wait}`} : {})}} : {}),
			// The device may hold a long poll for `wait` seconds: the timeout counts from then.
			...(wait > 0 ? {timeout: this.#timeoutMs + (wait * 1000)} : {}),
			...(signal ? {signal} : {}),
		});
	}

	/**
	Saves with the ETag of the last state read, so that a change made elsewhere in the
	meantime is refused (412) instead of overwritten.
	*/
	async #put<R extends Resource>(resource: R, path: string, body: unknown): Promise<StateOf<R>> {
		if (!this.#cache.has(resource)) {
			await this.#get(resource, {});
		}

		return this.#stateRequest(resource, path, {method: 'put', json: body, headers: {'if-match': this.#cache.get(resource)?.etag ?? ''}});
	}

	/** Every answer about a provider is its whole state: remember it with its ETag for the next poll. */
	async #stateRequest<R extends Resource>(resource: R, path: string, options: Options): Promise<StateOf<R>> {
		const response = await this.#send(path, options);
		const cached = this.#cache.get(resource);
		if (response.status === 304 && cached) {
			return cached.value as StateOf<R>;
		}

		const state = await parseBody(response, resources[resource].schema, this.#url(path));
		const etag = response.headers.get('etag');
		if (etag) {
			this.#cache.set(resource, {etag, value: state});
		} else {
			this.#cache.delete(resource);
		}

		return state;
	}

	/**
	DELETE token: the state after forgetting (remembered with its ETag, which is the state's) and
	what the revocation did. The device may take a few seconds to tell the identity provider.
	*/
	async #reset<R extends Resource>(resource: R, path: string): Promise<TokenReset<StateOf<R>>> {
		const response = await this.#send(path, {method: 'delete'});
		const {revocation, ...state} = await parseBody(response, resources[resource].reset, this.#url(path));
		const etag = response.headers.get('etag');
		if (etag) {
			this.#cache.set(resource, {etag, value: state});
		} else {
			this.#cache.delete(resource);
		}

		return {state: state as StateOf<R>, revocation};
	}

	async #send(path: string, options: Options, purpose: 'login' | 'api' = 'api'): Promise<Response> {
		const url = this.#url(path);
		const headers = new Headers(options.headers as ConstructorParameters<typeof Headers>[0]);
		if (this.#token !== undefined && purpose === 'api') {
			headers.set(sessionHeader, this.#token);
		}

		this.#http ??= this.#createHttp();
		const http = await this.#http;
		try {
			return await http(path, {...options, headers});
		} catch (error) {
			throw await this.#toDeviceError(error, url, purpose, options.signal ?? undefined);
		}
	}

	async #createHttp(): Promise<KyInstance> {
		const [{default: ky}, dispatcher] = await Promise.all([
			loadKy(),
			this.baseUrl.toLowerCase().startsWith('https:')
				? import('./device-trust.js').then(async ({createTrustDispatcher}) => createTrustDispatcher(this.baseUrl, this.#trust))
				: undefined,
		]);
		// ky hands options it does not know (`dispatcher`) on to fetch.
		return ky.create(dispatcher ? {...this.#httpOptions, dispatcher} as Options : this.#httpOptions);
	}

	async #toDeviceError(error: unknown, url: string, purpose: 'login' | 'api', signal: AbortSignal | undefined): Promise<DeviceError> {
		const ky = await loadKy();
		const refusal = certificateRefusal(error);
		if (refusal) {
			return new DeviceError('certificate', certificateMessage(refusal), {url, certificate: refusal.failure, cause: error});
		}

		if (error instanceof ky.HTTPError) {
			return this.#fromHttpError(error, url, purpose);
		}

		if (error instanceof ky.TimeoutError) {
			return new DeviceError('timeout', `The device did not answer in time (${url}).`, {url, cause: error});
		}

		if (signal?.aborted) {
			return new DeviceError('aborted', 'The request was cancelled.', {url, cause: error});
		}

		const code = networkErrorCode(error);
		return new DeviceError('unreachable', `Cannot reach the device at ${this.baseUrl}${code ? ` (${code})` : ''}.`, {url, cause: error});
	}

	async #fromHttpError(error: HTTPError, url: string, purpose: 'login' | 'api'): Promise<DeviceError> {
		const {status} = error.response;
		if (status >= 300 && status < 400) {
			const target = redirectOrigin(error.response.headers.get('location'), url);
			// Its body is not read: whatever it holds is not for us.
			void error.response.body?.cancel().catch(() => undefined);
			return new DeviceError(
				'redirect',
				`The device answered ${status} with a redirect to ${target}. Requests go only to ${new URL(this.baseUrl).origin}: it was not followed, and nothing was sent there.`,
				{url, status, redirectOrigin: target, cause: error},
			);
		}

		const apiError = await readApiError(error.response);
		const message = apiError?.message ?? `The device answered ${status} ${error.response.statusText}`.trim();
		const details = {url, status, cause: error, ...(apiError ? {apiError} : {})};
		if (status === 401) {
			if (purpose === 'login') {
				return new DeviceError('invalid-credentials', message, details);
			}

			this.#token = undefined;
			return new DeviceError('session-expired', message, details);
		}

		if (status === 423) {
			const retryAfterSeconds = apiError?.retryAfterSeconds ?? retryAfterFromHeader(error.response.headers.get('retry-after'));
			return new DeviceError('locked', message, {...details, ...(retryAfterSeconds === undefined ? {} : {retryAfterSeconds})});
		}

		if (status === 400 && apiError?.error === 'validation') {
			return new DeviceError('validation', message, {...details, fields: apiError.fields ?? {}});
		}

		if (status === 412) {
			return new DeviceError('conflict', message, details);
		}

		return new DeviceError('http', message, details);
	}

	#url(path: string): string {
		return `${this.baseUrl}/${path}`;
	}
}

/** The body as JSON, checked against the contract. */
async function parseBody<T>(response: Response, schemaOf: SchemaOf<T>, url: string): Promise<T> {
	let json: unknown;
	try {
		// At most bounded-body.ts's maxResponseBytes, whatever Content-Length says.
		json = await readDeviceJson(response, url);
	} catch (error) {
		if (error instanceof DeviceError) {
			throw error;
		}

		throw new DeviceError('invalid-response', `The device sent a body that is not JSON (${url}).`, {url, status: response.status, cause: error});
	}

	const parsed = schemaOf(await loadSchemas()).safeParse(json);
	if (!parsed.success) {
		const where = parsed.error.issues.slice(0, 3).map(issue => issue.path.join('.') || '(body)').join(', ');
		throw new DeviceError('invalid-response', `The device's answer does not match the API contract at ${where} (${url}).`, {url, status: response.status});
	}

	return parsed.data;
}

async function readApiError(response: Response): Promise<ApiError | undefined> {
	try {
		const json = await readDeviceJson(response, response.url);
		const parsed = (await loadSchemas()).apiErrorSchema.safeParse(json);
		return parsed.success ? parsed.data : undefined;
	} catch {
		return undefined;
	}
}

function retryAfterFromHeader(value: string | null): number | undefined {
	if (value === null) {
		return undefined;
	}

	const seconds = Number.parseInt(value, 10);
	return Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;
}

/** The trust check's refusal, somewhere in the `cause` chain of fetch's `fetch failed`. */
function certificateRefusal(error: unknown): CertificateRefusal | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
		if (current instanceof CertificateRefusal) {
			return current;
		}

		current = current.cause;
	}

	return undefined;
}

function certificateMessage({failure}: CertificateRefusal): string {
	const presented = failure.presented.fingerprint;
	switch (failure.problem) {
		case 'pin-mismatch': {
			return `The device's certificate has CHANGED: pinned ${failure.pinned ?? '?'}, presented ${presented} (${failure.origin}). Nothing was sent.`;
		}

		case 'expired': {
			return `The device's certificate is outside its validity (${failure.presented.validFrom} to ${failure.presented.validTo}): ${presented} (${failure.origin}). Nothing was sent.`;
		}

		case 'name-mismatch': {
			return `The device's certificate is not issued for ${failure.origin}: ${presented}. Nothing was sent.`;
		}

		case 'self-signed':
		case 'unknown-issuer': {
			return `The device's certificate is not trusted (${failure.problem}): ${presented} (${failure.origin}). Compare it with the fingerprint the printer shows, then pin it. Nothing was sent.`;
		}
	}
}

/** Where a redirect pointed, as an origin only (no path or query, which may carry anything), stripped of control characters. */
function redirectOrigin(location: string | null, base: string): string {
	if (location === null) {
		return '(no Location)';
	}

	try {
		const target = new URL(location, base);
		return sanitizeLine(target.origin === 'null' ? `${target.protocol}` : target.origin);
	} catch {
		return '(an invalid Location)';
	}
}

/** `fetch failed` hides the reason in `cause.code` (ECONNREFUSED, ECONNRESET, ENOTFOUND, ...). */
function networkErrorCode(error: unknown): string | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
		const code = (current as Error & {code?: unknown}).code;
		if (typeof code === 'string') {
			return code;
		}

		current = current.cause;
	}

	return undefined;
}
