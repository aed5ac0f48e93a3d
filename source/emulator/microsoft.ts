/**
The printer's Microsoft side, as firmware would do it: connection check, device
authorization grant (RFC 8628) against Entra ID, token refresh before expiry.

Two activities run in the background, each cancelled by its own AbortController:
- the connection check (a real TLS connection + GET of the OpenID configuration);
- the token flow: device code request → polling → active → refresh timer → ... .
Every change of state goes through `#update`, which persists at once. A continuation
that finds its signal aborted returns without touching the state, so an old flow can never
overwrite what a newer save or reset decided.

Decisions (see also the emulator README section in the report):
- `waiting` with `authorization: null` = a device code is being requested.
- An expired user code keeps its authorization (so the screen can show it expired); the
  device code itself is forgotten. Declined / bad codes clear the authorization.
- At start-up an expired or failed authorization is not retried by itself; save, the
  refresh button or DELETE token start a new one.
*/
import {
	microsoftStateSchema,
	type ConnectionStatus,
	type MicrosoftBasicSettings,
	type MicrosoftState,
	type TokenStatus,
} from '../contract.js';
import {microsoftHost, tenantOfEndpoint} from '../validation.js';
import {
	deviceCodeResponseSchema,
	parseOAuthError,
	shortDescription,
	tokenResponseSchema,
	type OAuthError,
	type TokenResponse,
} from './oauth-wire.js';
import {AbortedError, classifyError, type Outbound, type OutboundResponse} from './outbound.js';
import type {StoredMicrosoft} from './store.js';

export const microsoftScope = 'https://outlook.office.com/SMTP.Send offline_access';
const deviceCodeGrant = 'urn:ietf:params:oauth:grant-type:device_code';
/** RFC 8628 §3.5. */
const slowDownSeconds = 5;
const maxPollBackoffMs = 60_000;
const refreshRetryBaseMs = 5000;
const maxRefreshRetryMs = 5 * 60_000;

export type MicrosoftDeviceOptions = {
	clientId: string;
	outbound: Outbound;
	now: () => number;
	log: (line: string) => void;
	initial: StoredMicrosoft;
	/** Called after every change with the state to keep. */
	persist: (state: StoredMicrosoft) => void;
};

type CheckMode = 'start' | 'save' | 'refresh';

function iso(time: number): string {
	return new Date(time).toISOString();
}

function errorName(error: unknown): string {
	return error instanceof Error ? error.name : typeof error;
}

export class MicrosoftDevice {
	readonly #options: MicrosoftDeviceOptions;
	#state: StoredMicrosoft;
	#check: AbortController | undefined;
	#flow: AbortController | undefined;
	#timer: NodeJS.Timeout | undefined;
	#pollFailures = 0;
	#refreshFailures = 0;
	#closed = false;

	constructor(options: MicrosoftDeviceOptions) {
		this.#options = options;
		this.#state = structuredClone(options.initial);
	}

	/** What GET /oauth2/microsoft shows: no device code, no tokens. */
	publicState(): MicrosoftState {
		this.#expireIfDue();
		const {settings, connection, authorization, token} = this.#state;
		return microsoftStateSchema.parse({settings, connection, authorization, token});
	}

	get settings(): MicrosoftBasicSettings {
		return {...this.#state.settings};
	}

	/** Resumes what was going on before a restart. */
	start(): void {
		const state = this.#state;
		if (!state.settings.enabled) {
			// Nothing runs while disabled; make sure nothing half-way was saved.
			if (state.connection.status === 'checking' || state.token.status !== 'not-authorized' || state.tokens || state.authorization) {
				this.#update(s => {
					s.connection = s.connection.status === 'checking' ? {status: 'not-checked'} : s.connection;
					this.#forgetAuthorization(s);
				});
			}

			return;
		}

		this.#expireIfDue();
		if (state.tokens && (state.token.status === 'active' || state.token.status === 'error')) {
			this.#newFlow();
			this.#scheduleRefresh();
		} else if (state.token.status === 'waiting' && state.authorization && state.deviceCode) {
			const flow = this.#newFlow();
			this.#schedule(state.authorization.intervalSeconds * 1000, async () => this.#poll(flow.signal));
		}

		this.#startCheck('start');
	}

	/** PUT basic: `settings` are validated and normalized by the caller. */
	saveBasic(settings: MicrosoftBasicSettings): MicrosoftState {
		const previous = this.#state.settings;
		const connectionChanged = previous.endpoint !== settings.endpoint
			|| previous.verifyServerCertificate !== settings.verifyServerCertificate
			|| previous.addCnToVerification !== settings.addCnToVerification;
		if (!settings.enabled) {
			this.#cancelCheck();
			this.#stopFlow();
			this.#update(s => {
				s.settings = {...settings};
				s.connection = {status: 'not-checked'};
				this.#forgetAuthorization(s);
			});
			this.#options.log('microsoft: disabled');
			return this.publicState();
		}

		if (!previous.enabled || connectionChanged) {
			this.#cancelCheck();
			this.#stopFlow();
			this.#update(s => {
				s.settings = {...settings};
				s.connection = {status: 'not-checked'};
				this.#forgetAuthorization(s);
			});
		}

		this.#startCheck('save');
		return this.publicState();
	}

	/** The refresh button. */
	refresh(): MicrosoftState {
		if (this.#state.settings.enabled) {
			this.#startCheck('refresh');
		}

		return this.publicState();
	}

	/** DELETE token: forget tokens and authorization, start over. */
	resetToken(): MicrosoftState {
		this.#stopFlow();
		this.#update(s => {
			this.#forgetAuthorization(s);
		});
		if (this.#state.settings.enabled) {
			this.#startCheck('save');
		}

		return this.publicState();
	}

	close(): void {
		this.#closed = true;
		this.#cancelCheck();
		this.#stopFlow();
	}

	// State

	#update(change: (state: StoredMicrosoft) => void): void {
		if (this.#closed) {
			return;
		}

		change(this.#state);
		this.#options.persist(structuredClone(this.#state));
	}

	#forgetAuthorization(state: StoredMicrosoft): void {
		state.authorization = null;
		state.deviceCode = null;
		state.tokens = null;
		state.token = {status: 'not-authorized'};
	}

	#setToken(token: TokenStatus): void {
		const previous = this.#state.token;
		this.#update(s => {
			s.token = token;
		});
		if (previous.status !== token.status || previous.reason !== token.reason) {
			this.#options.log(`microsoft: token ${token.status}${token.reason ? ` (${token.reason})` : ''}`);
		}
	}

	/** A user code past its expiry ends as expired, even before the next poll notices. */
	#expireIfDue(): void {
		const {token, authorization} = this.#state;
		if (token.status === 'waiting' && authorization && this.#options.now() >= Date.parse(authorization.expiresAt)) {
			this.#expire('The user code expired before it was entered.');
		}
	}

	#expire(detail: string): void {
		this.#stopFlow();
		this.#update(s => {
			s.deviceCode = null;
			s.token = {status: 'expired', reason: 'expired_token', detail};
		});
		this.#options.log('microsoft: token expired (expired_token)');
	}

	/** Ends the attempt: the authorization is of no use any more. */
	#fail(token: TokenStatus): void {
		this.#stopFlow();
		this.#update(s => {
			s.authorization = null;
			s.deviceCode = null;
			s.tokens = null;
		});
		this.#setToken(token);
	}

	// Background activities

	#newFlow(): AbortController {
		this.#stopFlow();
		const flow = new AbortController();
		this.#flow = flow;
		return flow;
	}

	#stopFlow(): void {
		this.#flow?.abort();
		this.#flow = undefined;
		if (this.#timer) {
			clearTimeout(this.#timer);
			this.#timer = undefined;
		}

		this.#pollFailures = 0;
		this.#refreshFailures = 0;
	}

	#cancelCheck(): void {
		this.#check?.abort();
		this.#check = undefined;
	}

	#schedule(delayMs: number, task: () => Promise<void>): void {
		if (this.#timer) {
			clearTimeout(this.#timer);
			this.#timer = undefined;
		}

		if (this.#closed) {
			return;
		}

		this.#timer = setTimeout(() => {
			this.#timer = undefined;
			this.#run(task);
		}, Math.max(0, Math.min(delayMs, 2_147_483_647)));
		this.#timer.unref();
	}

	/** Background work never throws into the event loop: an unexpected error is logged by name. */
	#run(task: () => Promise<void>): void {
		task().catch((error: unknown) => {
			if (!(error instanceof AbortedError)) {
				this.#options.log(`microsoft: internal error ${errorName(error)}`);
			}
		});
	}

	#tls(): {verifyServerCertificate: boolean; addCnToVerification: boolean} {
		const {verifyServerCertificate, addCnToVerification} = this.#state.settings;
		return {verifyServerCertificate, addCnToVerification};
	}

	async #post(path: 'devicecode' | 'token', form: Record<string, string>, signal: AbortSignal): Promise<OutboundResponse> {
		return this.#options.outbound.request({
			method: 'POST',
			url: `${this.#state.settings.endpoint}/${path}`,
			form,
			tls: this.#tls(),
			signal,
		});
	}

	// Connection check

	#startCheck(mode: CheckMode): void {
		this.#cancelCheck();
		const check = new AbortController();
		this.#check = check;
		this.#update(s => {
			s.connection = {status: 'checking'};
		});
		this.#run(async () => this.#runCheck(check.signal, mode));
	}

	async #runCheck(signal: AbortSignal, mode: CheckMode): Promise<void> {
		const {endpoint} = this.#state.settings;
		const tenant = tenantOfEndpoint(endpoint);
		let connection: ConnectionStatus;
		try {
			if (!tenant) {
				throw new Error('No valid endpoint is set.');
			}

			const url = `${new URL(endpoint).origin}/${tenant}/v2.0/.well-known/openid-configuration`;
			const response = await this.#options.outbound.request({method: 'GET', url, tls: this.#tls(), signal});
			const ok = response.status >= 200 && response.status < 300 && typeof response.json === 'object' && response.json !== null;
			connection = ok
				? {status: 'success', checkedAt: iso(this.#options.now())}
				: {
					status: 'failed',
					reason: 'http_error',
					detail: response.status >= 200 && response.status < 300
						? `The OpenID configuration from ${microsoftHost} is not JSON.`
						: `${microsoftHost} answered HTTP ${response.status}.`,
					checkedAt: iso(this.#options.now()),
				};
		} catch (error) {
			if (signal.aborted || error instanceof AbortedError) {
				return;
			}

			const failure = classifyError(error);
			connection = {status: 'failed', reason: failure.reason, detail: failure.message, checkedAt: iso(this.#options.now())};
		}

		if (signal.aborted || this.#closed) {
			return;
		}

		this.#check = undefined;
		this.#update(s => {
			s.connection = connection;
		});
		this.#options.log(`microsoft: connection ${connection.status}${connection.reason ? ` (${connection.reason})` : ''}`);
		if (connection.status === 'success') {
			this.#afterSuccessfulCheck(mode);
		}
	}

	/** What a good connection leads to, depending on the token's state and who asked. */
	#afterSuccessfulCheck(mode: CheckMode): void {
		this.#expireIfDue();
		const {token, tokens, authorization, deviceCode} = this.#state;
		const flowRunning = this.#flow !== undefined;
		switch (token.status) {
			case 'active': {
				if (!flowRunning) {
					this.#newFlow();
					this.#scheduleRefresh();
				}

				return;
			}

			case 'waiting': {
				if (flowRunning) {
					return;
				}

				if (authorization && deviceCode) {
					const flow = this.#newFlow();
					this.#schedule(0, async () => this.#poll(flow.signal));
					return;
				}

				// A device code request that a restart interrupted.
				this.#requestDeviceCode();
				return;
			}

			case 'not-authorized': {
				this.#requestDeviceCode();
				return;
			}

			case 'error': {
				if (tokens) {
					// A refresh that keeps failing for a passing reason: try again now.
					if (mode !== 'start' || !flowRunning) {
						this.#newFlow();
						this.#schedule(0, async () => this.#refreshAccessToken());
					}

					return;
				}

				if (mode !== 'start') {
					this.#requestDeviceCode();
				}

				return;
			}

			case 'expired': {
				if (mode !== 'start') {
					this.#requestDeviceCode();
				}
			}
		}
	}

	// Device authorization grant

	#requestDeviceCode(): void {
		const flow = this.#newFlow();
		this.#update(s => {
			this.#forgetAuthorization(s);
			// Waiting with no authorization yet: the code is on its way.
			s.token = {status: 'waiting'};
		});
		this.#run(async () => this.#fetchDeviceCode(flow.signal));
	}

	async #fetchDeviceCode(signal: AbortSignal): Promise<void> {
		let response: OutboundResponse;
		try {
			response = await this.#post('devicecode', {client_id: this.#options.clientId, scope: microsoftScope}, signal);
		} catch (error) {
			if (signal.aborted || error instanceof AbortedError) {
				return;
			}

			this.#fail({status: 'error', reason: 'idp_unreachable', detail: classifyError(error).message});
			return;
		}

		if (signal.aborted) {
			return;
		}

		if (response.status !== 200) {
			this.#fail(this.#errorStatus(response));
			return;
		}

		const parsed = deviceCodeResponseSchema.safeParse(response.json);
		if (!parsed.success) {
			this.#fail({status: 'error', reason: 'idp_error', detail: 'The device code response is not what RFC 8628 describes.'});
			return;
		}

		const code = parsed.data;
		const now = this.#options.now();
		this.#update(s => {
			s.deviceCode = code.device_code;
			s.authorization = {
				userCode: code.user_code,
				verificationUri: code.verification_uri,
				message: code.message ?? `To sign in, open ${code.verification_uri} and enter the code ${code.user_code} to authenticate.`,
				expiresAt: iso(now + (code.expires_in * 1000)),
				intervalSeconds: code.interval,
			};
			s.token = {status: 'waiting'};
		});
		this.#options.log('microsoft: user code issued, waiting for sign-in');
		this.#schedule(code.interval * 1000, async () => this.#poll(signal));
	}

	async #poll(signal: AbortSignal): Promise<void> {
		const {authorization, deviceCode, token} = this.#state;
		if (signal.aborted || !authorization || !deviceCode || token.status !== 'waiting') {
			return;
		}

		const expiresAt = Date.parse(authorization.expiresAt);
		if (this.#options.now() >= expiresAt) {
			this.#expire('The user code expired before it was entered.');
			return;
		}

		let response: OutboundResponse;
		try {
			response = await this.#post('token', {grant_type: deviceCodeGrant, client_id: this.#options.clientId, device_code: deviceCode}, signal);
		} catch (error) {
			if (signal.aborted || error instanceof AbortedError) {
				return;
			}

			this.#retryPoll(signal, expiresAt);
			return;
		}

		if (signal.aborted) {
			return;
		}

		if (response.status === 200) {
			const parsed = tokenResponseSchema.safeParse(response.json);
			if (parsed.success) {
				this.#activate(parsed.data);
			} else {
				this.#fail({status: 'error', reason: 'idp_error', detail: 'The token response is not what OAuth 2.0 describes.'});
			}

			return;
		}

		const error = parseOAuthError(response.json);
		if (!error || response.status >= 500 || response.status === 429) {
			this.#retryPoll(signal, expiresAt);
			return;
		}

		this.#pollFailures = 0;
		const interval = authorization.intervalSeconds;
		switch (error.error) {
			case 'authorization_pending': {
				this.#schedule(interval * 1000, async () => this.#poll(signal));
				return;
			}

			case 'slow_down': {
				// RFC 8628 §3.5: +5 s for this and every later poll.
				const slower = interval + slowDownSeconds;
				this.#update(s => {
					if (s.authorization) {
						s.authorization.intervalSeconds = slower;
					}
				});
				this.#schedule(slower * 1000, async () => this.#poll(signal));
				return;
			}

			case 'expired_token': {
				this.#expire(shortDescription(error));
				return;
			}

			case 'authorization_declined':
			case 'access_denied': {
				this.#fail({status: 'error', reason: 'authorization_declined', detail: shortDescription(error)});
				return;
			}

			default: {
				this.#fail(this.#oauthErrorStatus(error));
			}
		}
	}

	/** Network trouble or a 5xx while polling: keep trying, slower, until the code expires. */
	#retryPoll(signal: AbortSignal, expiresAt: number): void {
		this.#pollFailures++;
		const interval = (this.#state.authorization?.intervalSeconds ?? 5) * 1000;
		const backoff = Math.min(interval * (2 ** Math.min(this.#pollFailures, 6)), maxPollBackoffMs);
		const untilExpiry = Math.max(0, expiresAt - this.#options.now());
		this.#schedule(Math.min(backoff, untilExpiry), async () => this.#poll(signal));
	}

	// Tokens

	#activate(response: TokenResponse): void {
		const now = this.#options.now();
		const previousRefreshToken = this.#state.tokens?.refreshToken;
		const refreshToken = response.refresh_token ?? previousRefreshToken;
		const expiresAt = now + (response.expires_in * 1000);
		this.#pollFailures = 0;
		this.#refreshFailures = 0;
		this.#update(s => {
			s.tokens = {accessToken: response.access_token, ...(refreshToken ? {refreshToken} : {}), obtainedAt: now, expiresAt};
			s.authorization = null;
			s.deviceCode = null;
		});
		this.#setToken({status: 'active', expiresAt: iso(expiresAt)});
		this.#scheduleRefresh();
	}

	/**
	Refresh at 80 % of the lifetime or 5 minutes before expiry, whichever is sooner, but not
	before half of the lifetime (so that very short lifetimes do not refresh in a loop).
	*/
	#scheduleRefresh(): void {
		const tokens = this.#state.tokens;
		if (!tokens) {
			return;
		}

		const lifetime = tokens.expiresAt - tokens.obtainedAt;
		const lead = Math.max(Math.min(lifetime * 0.8, lifetime - (5 * 60_000)), lifetime * 0.5);
		this.#schedule(tokens.obtainedAt + lead - this.#options.now(), async () => this.#refreshAccessToken());
	}

	async #refreshAccessToken(): Promise<void> {
		const flow = this.#flow;
		const tokens = this.#state.tokens;
		if (!flow || flow.signal.aborted || !tokens) {
			return;
		}

		const {signal} = flow;
		if (!tokens.refreshToken) {
			// Without offline_access there is nothing to refresh with: the token runs out.
			const remaining = tokens.expiresAt - this.#options.now();
			if (remaining > 0) {
				this.#schedule(remaining, async () => this.#refreshAccessToken());
				return;
			}

			this.#fail({status: 'error', reason: 'reauthorization_required', detail: 'The access token expired and there is no refresh token.'});
			return;
		}

		let response: OutboundResponse;
		try {
			response = await this.#post('token', {
				grant_type: 'refresh_token',
				client_id: this.#options.clientId,
				refresh_token: tokens.refreshToken,
				scope: microsoftScope,
			}, signal);
		} catch (error) {
			if (signal.aborted || error instanceof AbortedError) {
				return;
			}

			this.#retryRefresh({status: 'error', reason: 'idp_unreachable', detail: classifyError(error).message});
			return;
		}

		if (signal.aborted) {
			return;
		}

		if (response.status === 200) {
			const parsed = tokenResponseSchema.safeParse(response.json);
			if (parsed.success) {
				this.#activate(parsed.data);
				this.#options.log('microsoft: access token refreshed');
			} else {
				this.#retryRefresh({status: 'error', reason: 'idp_error', detail: 'The token response is not what OAuth 2.0 describes.'});
			}

			return;
		}

		const error = parseOAuthError(response.json);
		if (!error || response.status >= 500 || response.status === 429) {
			this.#retryRefresh(this.#errorStatus(response));
			return;
		}

		if (error.error === 'invalid_grant') {
			this.#fail({status: 'error', reason: 'reauthorization_required', detail: shortDescription(error)});
			return;
		}

		this.#fail(this.#oauthErrorStatus(error));
	}

	/** A refresh that failed for a passing reason: retry with backoff; past expiry, say so. */
	#retryRefresh(failure: TokenStatus): void {
		this.#refreshFailures++;
		this.#options.log(`microsoft: token refresh failed (${failure.reason ?? 'error'}), retrying`);
		const tokens = this.#state.tokens;
		if (tokens && this.#options.now() >= tokens.expiresAt) {
			this.#setToken(failure);
		}

		const delay = Math.min(refreshRetryBaseMs * (2 ** Math.min(this.#refreshFailures - 1, 6)), maxRefreshRetryMs);
		this.#schedule(delay, async () => this.#refreshAccessToken());
	}

	#errorStatus(response: OutboundResponse): TokenStatus {
		const error = parseOAuthError(response.json);
		if (error && response.status < 500) {
			return this.#oauthErrorStatus(error);
		}

		return {status: 'error', reason: 'idp_error', detail: error ? shortDescription(error) : `${microsoftHost} answered HTTP ${response.status}.`};
	}

	#oauthErrorStatus(error: OAuthError): TokenStatus {
		const known = ['bad_verification_code', 'invalid_grant', 'invalid_client', 'access_denied'] as const;
		// Entra answers an unknown app registration with unauthorized_client (AADSTS700016).
		const reason = error.error === 'unauthorized_client' ? 'invalid_client' : known.find(code => code === error.error) ?? 'idp_error';
		return {status: 'error', reason, detail: shortDescription(error)};
	}
}
