/**
The life cycle every provider's device side shares: start-up after a restart, saving the
basic settings, the refresh button, resetting the token, closing. It owns the state, the
connection check and the token flow; a provider adds where its OpenID configuration is,
how it authorizes, what its pending authorization holds and how it refreshes a token.

After a good connection check an active token is kept alive and a token whose refresh kept
failing is refreshed again at once; anything else is the provider's `authorize`.

The account that authorized (the sender of the device's mail) comes from the ID token of the
token responses, checked against the provider's keys (id-token.ts); never from the access
token, never from a mail API.

The test mail is shared too: it needs an active token and the account that authorized (the
sender); the access token is refreshed first when it is about to expire. Test mails of one
provider go one at a time.

Forgetting the authorization (DELETE token) is written first, then the identity provider is
told, where it has a way to revoke (Google); the answer says how the revocation went. When the
forgetting cannot be written, nothing is revoked and nothing changes (507/500 not_saved).
*/
import type {TestMailProvider, TestMailResult, TokenRevocation, TokenStatus} from '../device/contract.js';
import {Activity} from './activity.js';
import {ConnectionCheck} from './connection-check.js';
import {IdTokenVerifier, type AccountProblem, type Identification, type IdTokenProfile} from './id-token.js';
import type {TokenResponse} from './oauth-wire.js';
import type {Outbound, TlsPolicy} from './outbound.js';
import {ProviderState, type ProviderRecord} from './provider-state.js';
import type {StoredTokens} from './store.js';
import type {Mailer} from './test-mail.js';
import {TokenKeeper} from './token-refresh.js';

/** A token that expires sooner than this is refreshed before a test mail uses it. */
const testMailRefreshMarginMs = 60_000;

export type TestMailOutcome =
	| {ok: true; result: TestMailResult}
	/** No active token, or no known account to send as: the code and the words say which. */
	| {ok: false; code: 'token_not_active' | 'account_unknown'; message: string};

/** Who started a connection check: start-up, saving the settings, or the refresh button. */
export type CheckMode = 'start' | 'save' | 'refresh';

export type ProviderDeviceOptions<S> = {
	outbound: Outbound;
	now: () => number;
	log: (line: string) => void;
	initial: S;
	/** Called after every change with the state to keep. */
	persist: (state: S) => void;
	/** Sends test mail (SMTP, XOAUTH2). */
	mailer: Mailer;
};

type Stored = ProviderRecord & {authorization: unknown};

/** What the ID tokens of a provider are checked with. */
export type IdTokenSource = {
	/** Where the provider's OpenID configuration (issuer, jwks_uri) is. */
	discoveryUrl: string;
	/** The audience the ID token must name. */
	clientId: string;
	profile: IdTokenProfile;
};

/** Where an app's permission to sign users in (openid, email) is set, per provider. */
const signInPermissions: Record<TestMailProvider, string> = {
	microsoft: 'Microsoft Entra admin center: the app registration\'s API permissions openid, email and profile (Microsoft Graph, delegated), with consent',
	google: 'Google Cloud console: the OAuth consent screen\'s scopes openid and email',
};

/** The 409 words for a test mail without a known sender: why, and the exact next step. */
export function unknownAccountMessage(provider: TestMailProvider, problem: AccountProblem | undefined): string {
	const again = 'then forget the authorization (x, or DELETE token) and authorize again';
	switch (problem) {
		case 'no_mail_address': {
			return `The account that authorized is not known: its ID token names no ${provider === 'google' ? 'verified ' : ''}mail address. Make sure the app may read the user's email (${signInPermissions[provider]}) and that the account has a mail address, ${again}.`;
		}

		case 'not_checked': {
			return `The account that authorized is not known: its ID token could not be checked (the identity provider's keys were out of reach). Check the connection (r), ${again}.`;
		}

		default: {
			return `The account that authorized is not known: the identity provider sent no ID token naming it. Make sure the app may sign users in with openid and email (${signInPermissions[provider]}), ${again}.`;
		}
	}
}

/** Whether "Verify Server Certificate" or "Add CN to Verification Items" differ. */
export function tlsChanged(previous: TlsPolicy, next: TlsPolicy): boolean {
	return previous.verifyServerCertificate !== next.verifyServerCertificate || previous.addCnToVerification !== next.addCnToVerification;
}

export abstract class ProviderDevice<S extends Stored, Public> {
	protected readonly options: ProviderDeviceOptions<S>;
	protected readonly state: ProviderState<S>;
	/** The token flow: authorization, then refreshes. Starting it anew cancels what ran. */
	protected readonly flow: Activity;
	protected readonly tokens: TokenKeeper<S>;
	readonly #check: ConnectionCheck<S>;
	readonly #provider: TestMailProvider;
	/** The provider's OpenID configuration and keys, cached. */
	protected readonly openId: IdTokenVerifier;
	#testMails: Promise<unknown> = Promise.resolve();

	/** `name` prefixes the log lines and picks the SMTP server. */
	protected constructor(name: TestMailProvider, options: ProviderDeviceOptions<S>) {
		const {outbound, now} = options;
		this.options = options;
		this.#provider = name;
		this.openId = new IdTokenVerifier({outbound, now});
		this.state = new ProviderState({...options, name});
		this.flow = new Activity(line => {
			this.state.log(line);
		});
		this.tokens = new TokenKeeper({
			state: this.state,
			flow: this.flow,
			outbound,
			now,
			clearAuthorization: state => {
				this.clearAuthorization(state);
			},
			refreshGrant: refreshToken => this.refreshGrant(refreshToken),
			identify: async (response, signal) => this.#identify(response, signal),
		});
		this.#check = new ConnectionCheck({
			state: this.state,
			outbound,
			now,
			discovery: () => this.discovery(),
			remember: (url, tls, document) => {
				this.openId.remember(url, tls, document);
			},
		});
	}

	/** What GET shows: no secret, no token. */
	abstract publicState(): Public;

	/** Resolves at the next change of the state, after `timeoutMs`, or when `signal` aborts; false once closed. */
	async nextChange(timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
		return this.state.nextChange(timeoutMs, signal);
	}

	/** Resumes what was going on before a restart. */
	start(): void {
		const {settings, connection, token, tokens, authorization} = this.stored;
		if (!settings.enabled) {
			// Nothing runs while disabled; make sure nothing half-way was saved.
			if (connection.status === 'checking' || token.status !== 'not-authorized' || tokens || authorization) {
				this.state.update(s => {
					s.connection = s.connection.status === 'checking' ? {status: 'not-checked'} : s.connection;
					this.tokens.forget(s);
				});
			}

			return;
		}

		if (tokens && (token.status === 'active' || token.status === 'error')) {
			this.tokens.keepAlive();
		} else {
			this.resume();
		}

		this.#startCheck('start');
	}

	/** The refresh button: throws `StateNotSaved` (nothing started) when "checking" cannot be written. */
	refresh(): Public {
		if (this.stored.settings.enabled) {
			this.#startCheck('refresh', true);
		}

		return this.publicState();
	}

	/**
	DELETE token: forget tokens and authorization and start over, then revoke at the identity
	provider where it can be (Google), whatever that answers. Forgetting is written first: when the
	storage refuses it, this throws `StateNotSaved` and nothing changed (no revocation, the token
	flow goes on), so that the device never holds on disk a token it said it forgot, nor forgets
	in memory what the disk still holds.
	*/
	async resetToken(): Promise<{state: Public; revocation: TokenRevocation}> {
		const tokens = this.stored.tokens;
		this.state.commit(s => {
			this.tokens.forget(s);
		});
		// What ran (a refresh on its way, a poll) is stopped: its signal is aborted, its answer dropped.
		this.flow.stop();
		if (this.stored.settings.enabled) {
			this.#startCheck('save');
		}

		const state = this.publicState();
		const revocation: TokenRevocation = tokens ? await this.revoke(tokens) : {status: 'nothing-to-revoke'};
		if (revocation.status !== 'nothing-to-revoke') {
			this.state.log(`revocation ${revocation.status}`);
		}

		return {state, revocation};
	}

	/** POST test-mail: send a short message to `to` (validated by the caller) as the account that authorized. */
	async sendTestMail(to: string): Promise<TestMailOutcome> {
		const run = this.#testMails.then(async () => this.#sendTestMail(to));
		this.#testMails = run.catch(() => undefined);
		return run;
	}

	close(): void {
		this.state.close();
		this.#check.close();
		this.flow.close();
	}

	protected get stored(): Readonly<S> {
		return this.state.current;
	}

	/** The token status as GET shows it: with the account that authorized, when it is known. */
	protected publicToken(): TokenStatus {
		const {token, tokens} = this.stored;
		return tokens?.account ? {...token, account: tokens.account} : {...token};
	}

	/** Tells the identity provider to revoke `tokens` (before they are forgotten); never throws. */
	protected abstract revoke(tokens: StoredTokens): Promise<TokenRevocation>;

	/** What the ID tokens are checked with (discovery document, client ID, provider rules). */
	protected abstract idTokenSource(): IdTokenSource;

	/**
	PUT basic, with settings validated by the caller. Disabling, enabling or `changed` (what
	the connection or the authorization depends on) starts over; `store` keeps what is not in
	`settings` (a new client secret). Saving the same settings keeps an active token.
	*/
	protected saveSettings(settings: S['settings'], changed: boolean, store?: (state: S) => void): Public {
		if (!settings.enabled || !this.stored.settings.enabled || changed) {
			// Written before anything stops: a write the storage refuses (StateNotSaved) leaves
			// the settings, the check and the token flow as they were.
			this.state.commit(s => {
				s.settings = {...settings};
				store?.(s);
				s.connection = {status: 'not-checked'};
				this.tokens.forget(s);
			});
			this.#check.cancel();
			this.flow.stop();
			if (!settings.enabled) {
				this.state.log('disabled');
				return this.publicState();
			}
		} else if (store) {
			// The same settings with something only the device keeps (the same client secret again).
			this.state.commit(store);
		}

		this.#startCheck('save');
		return this.publicState();
	}

	/** Where the OpenID configuration is; throws (with words for the status) when the settings lack what a check needs. */
	protected abstract discovery(): {url: string; host: string};

	/** Forgets the pending authorization and the secrets that go with it. */
	protected abstract clearAuthorization(state: S): void;

	/** The refresh_token grant: the token endpoint and the form to POST there. */
	protected abstract refreshGrant(refreshToken: string): {url: string; form: Record<string, string>};

	/** After a good connection check, when there is no token to keep alive. */
	protected abstract authorize(mode: CheckMode): void;

	/** At start-up, when there is no token to keep alive: pick up a pending authorization. */
	protected resume(): void {
		// Nothing by default: a pending authorization waits for the engineer.
	}

	#active(): boolean {
		const {settings, token, tokens} = this.stored;
		return settings.enabled && token.status === 'active' && tokens !== null && tokens.expiresAt > this.options.now();
	}

	async #sendTestMail(to: string): Promise<TestMailOutcome> {
		const notActive = {ok: false, code: 'token_not_active', message: 'There is no active token: authorize the device first.'} as const;
		if (!this.#active()) {
			return notActive;
		}

		await this.tokens.refreshIfDue(testMailRefreshMarginMs);
		if (this.state.closed || !this.#active()) {
			return notActive;
		}

		if (!this.stored.tokens?.account && this.stored.tokens?.accountProblem === 'not_checked') {
			// Its ID token could not be checked then: a refresh brings a new one.
			await this.tokens.refreshIfDue(Number.POSITIVE_INFINITY);
		}

		const tokens = this.stored.tokens;
		if (!this.#active() || !tokens) {
			return notActive;
		}

		if (!tokens.account) {
			return {ok: false, code: 'account_unknown', message: unknownAccountMessage(this.#provider, tokens.accountProblem)};
		}

		const result = await this.options.mailer.send({
			provider: this.#provider,
			account: tokens.account,
			accessToken: tokens.accessToken,
			to,
			tls: this.state.tls(),
		});
		const code = /^\d{3}/.exec(result.reply ?? '')?.[0];
		this.state.log(`test mail ${result.sent ? 'sent' : `not sent (${result.failure ?? 'failed'})`}${code ? ` ${code}` : ''}`);
		return {ok: true, result};
	}

	/** Checks the ID token of a token response (never logging it) and says who authorized. */
	async #identify(response: TokenResponse, signal: AbortSignal): Promise<Identification | undefined> {
		if (response.id_token === undefined) {
			// A refresh without one keeps the account known.
			if (!this.stored.tokens?.account) {
				this.state.log('no ID token in the token response: the account is not known (may the app sign users in with openid?)');
			}

			return {accountProblem: 'no_id_token'};
		}

		const source = this.idTokenSource();
		const outcome = await this.openId.verify({...source, idToken: response.id_token, tls: this.state.tls(), signal});
		switch (outcome?.outcome) {
			case undefined: {
				return undefined;
			}

			case 'account': {
				return {account: outcome.account};
			}

			case 'no-account': {
				this.state.log(`ID token names no account: ${outcome.why}`);
				return {accountProblem: 'no_mail_address'};
			}

			case 'unchecked': {
				this.state.log(`ID token not checked: ${outcome.why}`);
				return {accountProblem: 'not_checked'};
			}

			case 'invalid': {
				this.state.log(`ID token refused: ${outcome.detail}`);
				return {invalid: outcome.detail};
			}
		}
	}

	/** `acknowledged`: someone is told it started (the refresh button): throws `StateNotSaved` when it could not be written. */
	#startCheck(mode: CheckMode, acknowledged = false): void {
		this.#check.start(() => {
			this.#afterSuccessfulCheck(mode);
		}, {acknowledged});
	}

	#afterSuccessfulCheck(mode: CheckMode): void {
		const {token, tokens} = this.stored;
		if (token.status === 'active') {
			if (!this.flow.running) {
				this.tokens.keepAlive();
			}

			return;
		}

		if (token.status === 'error' && tokens) {
			// A refresh that keeps failing for a passing reason: try again now.
			if (mode !== 'start' || !this.flow.running) {
				this.tokens.refreshNow();
			}

			return;
		}

		this.authorize(mode);
	}
}
