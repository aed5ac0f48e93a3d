/**
The printer's Google side, as firmware would do it: the authorization code grant with PKCE
(RFC 7636, S256) and a loopback redirect. After a good connection check the device makes
the authorization URL (random `state`, code verifier and challenge, `access_type=offline`,
`prompt=consent`, scope `https://mail.google.com/`); the engineer consents in a browser,
which is sent to `http://localhost?...&code=...` where nothing listens, and pastes that
address (or the code) back; the device exchanges the code at the token endpoint. The
connection check, token refresh before expiry, persistence and the life cycle are shared with
Microsoft (provider-device.ts).

Decisions:
- A pending authorization stays until a code is exchanged, the settings change or the token
  is reset: the refresh button re-checks the connection but does not replace the URL the
  engineer may be consenting at. Without one (and without an active token) it makes one.
- A refused code keeps the authorization (token `error` with Google's reason), so the
  engineer can consent again and paste the new code; only a refresh token that stopped
  working clears it.
- Codes are exchanged one at a time: a second paste waits for the first answer (and then
  finds the authorization used up instead of burning the code twice).
- Offline, the URL is shown with the identity provider's public origin, so that it opens in
  a browser on this machine; the device keeps Google's URL (`presentUrl`).
- The account that authorized comes from the ID token of the code exchange (id-token.ts): the
  scope asks for `openid email` beside Gmail's. Not from the Gmail API: SMTP with XOAUTH2 does
  not need it enabled in the Cloud project, and without it the profile answers 403
  accessNotConfigured.
- Forgetting the authorization revokes the refresh token at Google first (the discovery
  document's revocation_endpoint, POST `token=...`: Google for Developers, "Using OAuth 2.0 for
  Web Server Applications", Revoking a token; RFC 7009), then forgets it whatever the answer.
*/
import {createHash, randomBytes} from 'node:crypto';
import {
	googleStateSchema,
	textLimits,
	type FieldErrorCode,
	type GoogleBasicSettingsRequest,
	type GoogleState,
	type TokenRevocation,
} from '../device/contract.js';
import {parseAuthorizationCodeInput} from '../device/validation.js';
import {googleIdTokens} from './id-token.js';
import {parseOAuthError, shortDescription, tokenResponseSchema} from './oauth-wire.js';
import {AbortedError, classifyError} from './outbound.js';
import {ProviderDevice, tlsChanged, type CheckMode, type IdTokenSource, type ProviderDeviceOptions} from './provider-device.js';
import {iso} from './provider-state.js';
import type {StoredGoogle, StoredTokens} from './store.js';
import {clip} from './text-limits.js';
import {oauthErrorStatus, postForm} from './token-endpoint.js';
import {malformedTokenResponse, type Acceptance} from './token-refresh.js';

export const googleAccountsHost = 'accounts.google.com';
export const googleDiscoveryUrl = `https://${googleAccountsHost}/.well-known/openid-configuration`;
export const googleAuthorizationEndpoint = `https://${googleAccountsHost}/o/oauth2/v2/auth`;
export const googleTokenEndpoint = 'https://oauth2.googleapis.com/token';
/** Where Google revokes tokens, when its discovery document cannot be read. */
export const googleRevocationEndpoint = 'https://oauth2.googleapis.com/revoke';
/** Full access to Gmail: what SMTP with XOAUTH2 needs. */
export const gmailScope = 'https://mail.google.com/';
/** What the device asks for: Gmail, and an ID token that names the account (its verified email). */
export const googleScope = `${gmailScope} openid email`;
/** A revocation gets this long before the answer to DELETE token goes out without it. */
const revocationTimeoutMs = 5000;
/** Loopback redirect (the out-of-band copy-code flow is gone since 2023). */
export const googleRedirectUri = 'http://localhost';

export type GoogleDeviceOptions = ProviderDeviceOptions<StoredGoogle> & {
	/** How the authorization URL is shown (offline: with the identity provider's public origin). Default: as it is. */
	presentUrl?: (url: string) => string;
};

export type AuthorizationCodeResult =
	| {ok: true; state: GoogleState}
	/** `message` only where the words come from the identity provider (`code_rejected`). */
	| {ok: false; code: FieldErrorCode; message?: string};

/** A PKCE pair (RFC 7636): a 64-character verifier and its S256 challenge. */
export function pkcePair(): {codeVerifier: string; codeChallenge: string} {
	const codeVerifier = randomBytes(48).toString('base64url');
	return {codeVerifier, codeChallenge: createHash('sha256').update(codeVerifier, 'ascii').digest('base64url')};
}

export class GoogleDevice extends ProviderDevice<StoredGoogle, GoogleState> {
	readonly #presentUrl: (url: string) => string;
	#exchanges: Promise<unknown> = Promise.resolve();

	constructor(options: GoogleDeviceOptions) {
		super('google', options);
		this.#presentUrl = options.presentUrl ?? (url => url);
	}

	/** What GET /oauth2/google shows: whether a secret is stored, never the secret; no verifier, no tokens. */
	publicState(): GoogleState {
		const {settings, clientSecret, clientSecretRevision, connection, authorization} = this.stored;
		return googleStateSchema.parse({
			settings: {...settings, clientSecretSet: clientSecret !== null, clientSecretRevision},
			connection,
			authorization: authorization && {...authorization, url: this.#presentUrl(authorization.url)},
			token: this.publicToken(),
		});
	}

	get secretStored(): boolean {
		return this.stored.clientSecret !== null;
	}

	/**
	PUT basic: validated by the caller. An omitted or empty secret keeps the stored one; every
	secret written bumps `clientSecretRevision` (the same one again too: it was written), so that
	a save based on a state read before is refused (412) and a client that lost the answer can
	tell its secret was taken. Throws StateNotSaved, changing nothing, when it cannot be written.
	*/
	saveBasic(request: GoogleBasicSettingsRequest): GoogleState {
		const {clientSecret, ...settings} = request;
		const newSecret = clientSecret === undefined || clientSecret === '' ? undefined : clientSecret;
		const previous = this.stored.settings;
		const changed = previous.clientId !== settings.clientId
			|| tlsChanged(previous, settings)
			|| (newSecret !== undefined && newSecret !== this.stored.clientSecret);
		return this.saveSettings(settings, changed, newSecret === undefined ? undefined : s => {
			s.clientSecret = newSecret;
			s.clientSecretRevision += 1;
		});
	}

	/** POST authorization: what the engineer pasted (the code, or the whole redirect URL). */
	async submitAuthorizationCode(input: string): Promise<AuthorizationCodeResult> {
		const exchange = this.#exchanges.then(async () => this.#exchange(input));
		this.#exchanges = exchange.catch(() => undefined);
		return exchange;
	}

	protected discovery(): {url: string; host: string} {
		if (this.stored.settings.clientId === '' || this.stored.clientSecret === null) {
			throw new Error('No client ID or client secret is set.');
		}

		return {url: googleDiscoveryUrl, host: googleAccountsHost};
	}

	protected clearAuthorization(state: StoredGoogle): void {
		state.authorization = null;
		state.attempt = null;
	}

	protected refreshGrant(refreshToken: string): {url: string; form: Record<string, string>} {
		return {url: googleTokenEndpoint, form: {grant_type: 'refresh_token', refresh_token: refreshToken, ...this.#client()}};
	}

	protected idTokenSource(): IdTokenSource {
		return {discoveryUrl: googleDiscoveryUrl, clientId: this.stored.settings.clientId, profile: googleIdTokens};
	}

	/** POST the refresh token (else the access token) to Google's revocation endpoint; never throws. */
	protected async revoke(tokens: StoredTokens): Promise<TokenRevocation> {
		const signal = AbortSignal.timeout(revocationTimeoutMs);
		const tls = this.state.tls();
		let endpoint = googleRevocationEndpoint;
		try {
			endpoint = (await this.openId.configuration(googleDiscoveryUrl, tls, signal)).revocationEndpoint ?? googleRevocationEndpoint;
		} catch {
			// The discovery document is out of reach: the documented endpoint, then.
		}

		if (!endpoint.startsWith('https://')) {
			endpoint = googleRevocationEndpoint;
		}

		const token = tokens.refreshToken ?? tokens.accessToken;
		let response;
		try {
			response = await this.options.outbound.request({
				method: 'POST',
				url: endpoint,
				form: {token},
				tls,
				signal,
				maxResponseBytes: 64 * 1024,
			});
		} catch (error) {
			const detail = error instanceof AbortedError || signal.aborted
				? `no answer within ${revocationTimeoutMs / 1000} s`
				: classifyError(error).reason;
			return {status: 'failed', detail};
		}

		if (response.status === 200) {
			return {status: 'revoked'};
		}

		const refusal = parseOAuthError(response.json);
		// A server that echoes the token does not get it into the answer.
		const said = refusal ? `HTTP ${response.status} ${refusal.error}${refusal.error_description ? `: ${shortDescription(refusal)}` : ''}` : `HTTP ${response.status}`;
		const detail = said.replaceAll(token, '[token]');
		return {status: 'failed', detail: detail.length > 300 ? `${detail.slice(0, 299)}…` : detail};
	}

	protected authorize(mode: CheckMode): void {
		const {token, authorization} = this.stored;
		if (authorization) {
			return;
		}

		// A failed authorization is shown as it ended until someone asks for a new one.
		if (mode === 'start' && (token.status === 'error' || token.status === 'expired')) {
			return;
		}

		this.#createAuthorization();
	}

	#client(): {client_id: string; client_secret: string} {
		return {client_id: this.stored.settings.clientId, client_secret: this.stored.clientSecret ?? ''};
	}

	#createAuthorization(): void {
		const state = randomBytes(32).toString('base64url');
		const {codeVerifier, codeChallenge} = pkcePair();
		const query = new URLSearchParams({
			client_id: this.stored.settings.clientId,
			redirect_uri: googleRedirectUri,
			response_type: 'code',
			scope: googleScope,
			access_type: 'offline',
			prompt: 'consent',
			state,
			code_challenge: codeChallenge,
			code_challenge_method: 'S256',
		});
		const createdAt = iso(this.options.now());
		this.flow.stop();
		const saved = this.state.update(s => {
			this.tokens.forget(s);
			s.authorization = {url: `${googleAuthorizationEndpoint}?${query.toString()}`, redirectUri: googleRedirectUri, createdAt};
			s.attempt = {state, codeVerifier};
			s.token = {status: 'waiting'};
		});
		// Not kept when it cannot be written (the errno is logged): no URL is shown that the device would forget.
		if (saved) {
			this.state.log('authorization URL issued, waiting for the authorization code');
		}
	}

	async #exchange(input: string): Promise<AuthorizationCodeResult> {
		const {settings, attempt} = this.stored;
		if (!settings.enabled || !attempt) {
			return {ok: false, code: 'no_authorization'};
		}

		const parsed = parseAuthorizationCodeInput(input, attempt.state);
		if ('error' in parsed) {
			return {ok: false, code: parsed.error};
		}

		const {flow, state, tokens} = this;
		const signal = flow.start();
		const result = await postForm(this.options.outbound, {
			url: googleTokenEndpoint,
			form: {
				grant_type: 'authorization_code',
				code: parsed.code,
				...this.#client(),
				redirect_uri: googleRedirectUri,
				code_verifier: attempt.codeVerifier,
			},
			tls: state.tls(),
			signal,
			schema: tokenResponseSchema,
			malformed: malformedTokenResponse,
		});
		if (!result || state.closed) {
			// Saved, reset or disabled while the code was on its way: that attempt is over.
			return {ok: false, code: 'no_authorization'};
		}

		if (result.outcome === 'ok') {
			// Refused for its ID token, the token status says so (id_token_invalid). Tokens the
			// storage refuses throw StateNotSaved: nothing changed, the authorization is still
			// pending (consent again, paste the new code), the API answers 507/500 not_saved.
			let accepted: Acceptance;
			try {
				accepted = await tokens.accept(result.data, signal);
			} catch (error) {
				flow.finish(signal);
				throw error;
			}

			return accepted === 'aborted' || state.closed ? {ok: false, code: 'no_authorization'} : {ok: true, state: this.publicState()};
		}

		flow.stop();
		if (result.outcome === 'refused') {
			const failure = oauthErrorStatus(result.error);
			state.setToken(failure);
			const {error} = result.error;
			return {ok: false, code: 'code_rejected', message: clip(result.error.error_description ? `${error}: ${failure.detail}` : error, textLimits.message)};
		}

		state.setToken(result.failure);
		return {ok: false, code: 'code_rejected', message: clip(`${result.failure.reason ?? 'idp_error'}: ${result.failure.detail ?? ''}`, textLimits.message)};
	}
}
