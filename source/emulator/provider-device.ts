/**
The life cycle every provider's device side shares: start-up after a restart, saving the
basic settings, the refresh button, resetting the token, closing. It owns the state, the
connection check and the token flow; a provider adds where its OpenID configuration is,
how it authorizes, what its pending authorization holds and how it refreshes a token.

After a good connection check an active token is kept alive and a token whose refresh kept
failing is refreshed again at once; anything else is the provider's `authorize`.

The test mail is shared too: it needs an active token and the account that authorized (the
sender); the access token is refreshed first when it is about to expire. Test mails of one
provider go one at a time.
*/
import type {TestMailProvider, TestMailResult, TokenStatus} from '../contract.js';
import {Activity} from './activity.js';
import {ConnectionCheck} from './connection-check.js';
import type {Outbound, TlsPolicy} from './outbound.js';
import {ProviderState, type ProviderRecord} from './provider-state.js';
import type {Mailer} from './test-mail.js';
import {TokenKeeper, type TokenKeeperOptions} from './token-refresh.js';

/** A token that expires sooner than this is refreshed before a test mail uses it. */
const testMailRefreshMarginMs = 60_000;

export type TestMailOutcome =
	| {ok: true; result: TestMailResult}
	/** No active token, or no known account to send as: the words say which. */
	| {ok: false; message: string};

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
	#testMails: Promise<unknown> = Promise.resolve();

	/** `name` prefixes the log lines and picks the SMTP server; `accountFrom` reads the account from a token response. */
	protected constructor(name: TestMailProvider, options: ProviderDeviceOptions<S>, accountFrom?: TokenKeeperOptions<S>['accountFrom']) {
		const {outbound, now} = options;
		this.options = options;
		this.#provider = name;
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
			...(accountFrom ? {accountFrom} : {}),
		});
		this.#check = new ConnectionCheck({state: this.state, outbound, now, discovery: () => this.discovery()});
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

	/** The refresh button. */
	refresh(): Public {
		if (this.stored.settings.enabled) {
			this.#startCheck('refresh');
		}

		return this.publicState();
	}

	/** DELETE token: forget tokens and authorization, start over. */
	resetToken(): Public {
		this.flow.stop();
		this.state.update(s => {
			this.tokens.forget(s);
		});
		if (this.stored.settings.enabled) {
			this.#startCheck('save');
		}

		return this.publicState();
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

	/** The account of a token whose response did not name it (Google asks Gmail); default: unknown. */
	protected async learnAccount(_accessToken: string): Promise<string | undefined> {
		return undefined;
	}

	/**
	PUT basic, with settings validated by the caller. Disabling, enabling or `changed` (what
	the connection or the authorization depends on) starts over; `store` keeps what is not in
	`settings` (a new client secret). Saving the same settings keeps an active token.
	*/
	protected saveSettings(settings: S['settings'], changed: boolean, store?: (state: S) => void): Public {
		if (!settings.enabled || !this.stored.settings.enabled || changed) {
			this.#check.cancel();
			this.flow.stop();
			this.state.update(s => {
				s.settings = {...settings};
				store?.(s);
				s.connection = {status: 'not-checked'};
				this.tokens.forget(s);
			});
			if (!settings.enabled) {
				this.state.log('disabled');
				return this.publicState();
			}
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
		const notActive = {ok: false, message: 'There is no active token: authorize the device first.'} as const;
		if (!this.#active()) {
			return notActive;
		}

		await this.tokens.refreshIfDue(testMailRefreshMarginMs);
		if (this.state.closed || !this.#active()) {
			return notActive;
		}

		if (!this.stored.tokens?.account) {
			const account = await this.learnAccount(this.stored.tokens!.accessToken);
			if (account && this.#active()) {
				this.tokens.setAccount(account);
			}
		}

		const tokens = this.stored.tokens;
		if (!this.#active() || !tokens) {
			return notActive;
		}

		if (!tokens.account) {
			return {ok: false, message: 'The account that authorized is not known, so there is no sender: authorize the device again.'};
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

	#startCheck(mode: CheckMode): void {
		this.#check.start(() => {
			this.#afterSuccessfulCheck(mode);
		});
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
