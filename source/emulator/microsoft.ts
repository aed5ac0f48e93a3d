/**
The printer's Microsoft side, as firmware would do it: the device authorization grant
(RFC 8628) against Entra ID. The connection check, token refresh before expiry, persistence
and the life cycle (save, refresh button, reset, restart) are shared with Google
(provider-device.ts); this file adds the device code request and the polling.

Decisions:
- `waiting` with `authorization: null` = a device code is being requested.
- An expired user code keeps its authorization (so the screen can show it expired); the
  device code itself is forgotten. Declined / bad codes clear the authorization.
- At start-up an expired or failed authorization is not retried by itself; save, the
  refresh button or DELETE token start a new one.
- The account that authorized comes from the ID token (id-token.ts): the scope asks for
  `openid profile email` beside the Outlook scope, which Entra allows (OpenID Connect scopes may
  be mixed with one resource's scopes: Microsoft Learn, "Scopes and permissions in the Microsoft
  identity platform", OpenID Connect scopes). The access token is never read: it is Outlook's
  ("Access tokens in the Microsoft identity platform": clients must not rely on its format;
  personal accounts' are opaque).
- Forgetting the authorization cannot revoke at Entra: it has no OAuth revocation endpoint
  (RFC 7009) for these tokens, and its discovery document names none; refresh tokens end when
  they expire, or when an administrator or the user revokes the sessions (Microsoft Learn,
  "Refresh tokens in the Microsoft identity platform", Token revocation; Microsoft Graph
  "user: revokeSignInSessions").
*/
import {
	microsoftStateSchema,
	type MicrosoftBasicSettings,
	type MicrosoftState,
	type TokenRevocation,
} from '../device/contract.js';
import {microsoftHost, tenantOfEndpoint} from '../device/validation.js';
import {backoffMs} from './activity.js';
import {entraIdTokens} from './id-token.js';
import {deviceCodeResponseSchema, shortDescription, tokenResponseSchema, type OAuthError} from './oauth-wire.js';
import {ProviderDevice, tlsChanged, type CheckMode, type IdTokenSource, type ProviderDeviceOptions} from './provider-device.js';
import {iso} from './provider-state.js';
import {StateNotSaved, type StoredMicrosoft} from './store.js';
import {oauthErrorStatus, postForm, type EndpointRequest} from './token-endpoint.js';
import {malformedTokenResponse} from './token-refresh.js';

/** Sending mail through Exchange Online (SMTP AUTH with OAuth). */
export const outlookSmtpScope = 'https://outlook.office.com/SMTP.Send';
/** What the device asks for: the mail scope, a refresh token, and an ID token that names the account. */
export const microsoftScope = `${outlookSmtpScope} offline_access openid profile email`;
const deviceCodeGrant = 'urn:ietf:params:oauth:grant-type:device_code';
/** RFC 8628 §3.5. */
const slowDownSeconds = 5;
const maxPollBackoffMs = 60_000;

export type MicrosoftDeviceOptions = ProviderDeviceOptions<StoredMicrosoft> & {
	/** The device's built-in app registration. */
	clientId: string;
};

export class MicrosoftDevice extends ProviderDevice<StoredMicrosoft, MicrosoftState> {
	readonly #clientId: string;

	constructor(options: MicrosoftDeviceOptions) {
		super('microsoft', options);
		this.#clientId = options.clientId;
	}

	/** What GET /oauth2/microsoft shows: no device code, no tokens. */
	publicState(): MicrosoftState {
		this.#expireIfDue();
		const {settings, connection, authorization} = this.stored;
		return microsoftStateSchema.parse({settings, connection, authorization, token: this.publicToken()});
	}

	get settings(): MicrosoftBasicSettings {
		return {...this.stored.settings};
	}

	/** PUT basic: `settings` are validated and normalized by the caller. */
	saveBasic(settings: MicrosoftBasicSettings): MicrosoftState {
		const previous = this.stored.settings;
		return this.saveSettings(settings, previous.endpoint !== settings.endpoint || tlsChanged(previous, settings));
	}

	protected idTokenSource(): IdTokenSource {
		return {discoveryUrl: this.discovery().url, clientId: this.#clientId, profile: entraIdTokens};
	}

	/** Entra has no revocation endpoint for these tokens (see above): they are only forgotten. */
	protected async revoke(): Promise<TokenRevocation> {
		return {
			status: 'not-supported',
			detail: 'Microsoft Entra ID has no revocation endpoint for these tokens: the refresh token stays valid until it expires or the account\'s sessions are revoked (Sign out everywhere at myaccount.microsoft.com, or an administrator).',
		};
	}

	protected discovery(): {url: string; host: string} {
		const {endpoint} = this.stored.settings;
		const tenant = tenantOfEndpoint(endpoint);
		if (!tenant) {
			throw new Error('No valid endpoint is set.');
		}

		return {url: `${new URL(endpoint).origin}/${tenant}/v2.0/.well-known/openid-configuration`, host: microsoftHost};
	}

	protected clearAuthorization(state: StoredMicrosoft): void {
		state.authorization = null;
		state.deviceCode = null;
	}

	protected refreshGrant(refreshToken: string): {url: string; form: Record<string, string>} {
		return {
			url: `${this.stored.settings.endpoint}/token`,
			form: {grant_type: 'refresh_token', client_id: this.#clientId, refresh_token: refreshToken, scope: microsoftScope},
		};
	}

	/** A user code that was pending before the restart: poll again. */
	protected override resume(): void {
		this.#expireIfDue();
		const {token, authorization, deviceCode} = this.stored;
		if (token.status === 'waiting' && authorization && deviceCode) {
			const signal = this.flow.start();
			this.flow.schedule(authorization.intervalSeconds * 1000, async () => this.#poll(signal));
		}
	}

	/** A user code past its expiry ends as expired, even before the next poll notices. */
	#expireIfDue(): void {
		const {token, authorization} = this.stored;
		if (token.status === 'waiting' && authorization && this.options.now() >= Date.parse(authorization.expiresAt)) {
			this.#expire('The user code expired before it was entered.');
		}
	}

	#expire(detail: string): void {
		this.flow.stop();
		this.state.update(s => {
			s.deviceCode = null;
			s.token = {status: 'expired', reason: 'expired_token', detail};
		});
		this.state.log('token expired (expired_token)');
	}

	protected authorize(mode: CheckMode): void {
		this.#expireIfDue();
		const {token, authorization, deviceCode} = this.stored;
		const {flow} = this;
		switch (token.status) {
			case 'waiting': {
				if (flow.running) {
					return;
				}

				if (authorization && deviceCode) {
					const signal = flow.start();
					flow.schedule(0, async () => this.#poll(signal));
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

			default: {
				// Expired or failed: only when asked (save, refresh button), not at start-up.
				if (mode !== 'start') {
					this.#requestDeviceCode();
				}
			}
		}
	}

	async #post<T>(path: 'devicecode' | 'token', form: Record<string, string>, signal: AbortSignal, shape: Pick<EndpointRequest<T>, 'schema' | 'malformed'>) {
		return postForm(this.options.outbound, {url: `${this.stored.settings.endpoint}/${path}`, form, tls: this.state.tls(), signal, ...shape});
	}

	// Device authorization grant

	#requestDeviceCode(): void {
		const signal = this.flow.start();
		this.state.update(s => {
			this.tokens.forget(s);
			// Waiting with no authorization yet: the code is on its way.
			s.token = {status: 'waiting'};
		});
		this.flow.run(async () => this.#fetchDeviceCode(signal));
	}

	async #fetchDeviceCode(signal: AbortSignal): Promise<void> {
		const result = await this.#post('devicecode', {client_id: this.#clientId, scope: microsoftScope}, signal, {
			schema: deviceCodeResponseSchema,
			malformed: 'The device code response is not what RFC 8628 describes.',
		});
		if (!result) {
			return;
		}

		if (result.outcome !== 'ok') {
			this.tokens.fail(result.outcome === 'refused' ? oauthErrorStatus(result.error) : result.failure);
			return;
		}

		const code = result.data;
		const now = this.options.now();
		const saved = this.state.update(s => {
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
		if (!saved) {
			// A user code the device cannot keep is not shown (the errno is logged): the refresh button asks again.
			this.flow.stop();
			return;
		}

		this.state.log('user code issued, waiting for sign-in');
		this.flow.schedule(code.interval * 1000, async () => this.#poll(signal));
	}

	async #poll(signal: AbortSignal): Promise<void> {
		const {authorization, deviceCode, token} = this.stored;
		if (signal.aborted || !authorization || !deviceCode || token.status !== 'waiting') {
			return;
		}

		const expiresAt = Date.parse(authorization.expiresAt);
		if (this.options.now() >= expiresAt) {
			this.#expire('The user code expired before it was entered.');
			return;
		}

		const form = {grant_type: deviceCodeGrant, client_id: this.#clientId, device_code: deviceCode};
		const result = await this.#post('token', form, signal, {schema: tokenResponseSchema, malformed: malformedTokenResponse});
		switch (result?.outcome) {
			case undefined: {
				return;
			}

			case 'ok': {
				try {
					await this.tokens.accept(result.data, signal);
				} catch (error) {
					if (!(error instanceof StateNotSaved)) {
						throw error;
					}

					// The tokens could not be written (the errno is logged): nothing is kept, the
					// authorization stays pending as on disk; the next poll says how it goes on.
					this.#retryPoll(signal, expiresAt);
				}

				return;
			}

			case 'malformed': {
				this.tokens.fail(result.failure);
				return;
			}

			case 'unavailable': {
				this.#retryPoll(signal, expiresAt);
				return;
			}

			case 'refused': {
				this.flow.resetFailures();
				this.#pollAnswered(signal, result.error);
			}
		}
	}

	/** What the token endpoint said while the engineer signs in (RFC 8628 §3.5). */
	#pollAnswered(signal: AbortSignal, error: OAuthError): void {
		const interval = this.stored.authorization?.intervalSeconds ?? 5;
		const {flow, state, tokens} = this;
		switch (error.error) {
			case 'authorization_pending': {
				flow.schedule(interval * 1000, async () => this.#poll(signal));
				return;
			}

			case 'slow_down': {
				// +5 s for this and every later poll.
				const slower = interval + slowDownSeconds;
				state.update(s => {
					if (s.authorization) {
						s.authorization.intervalSeconds = slower;
					}
				});
				flow.schedule(slower * 1000, async () => this.#poll(signal));
				return;
			}

			case 'expired_token': {
				this.#expire(shortDescription(error));
				return;
			}

			case 'authorization_declined':
			case 'access_denied': {
				tokens.fail({status: 'error', reason: 'authorization_declined', detail: shortDescription(error)});
				return;
			}

			default: {
				tokens.fail(oauthErrorStatus(error));
			}
		}
	}

	/** Network trouble or a 5xx while polling: keep trying, slower, until the code expires. */
	#retryPoll(signal: AbortSignal, expiresAt: number): void {
		const {flow} = this;
		const failures = flow.countFailure();
		const interval = (this.stored.authorization?.intervalSeconds ?? 5) * 1000;
		const untilExpiry = Math.max(0, expiresAt - this.options.now());
		flow.schedule(Math.min(backoffMs(failures + 1, interval, maxPollBackoffMs), untilExpiry), async () => this.#poll(signal));
	}
}
