/**
The life cycle every provider's device side shares: start-up after a restart, saving the
basic settings, the refresh button, resetting the token, closing. It owns the state, the
connection check and the token flow; a provider adds where its OpenID configuration is,
how it authorizes, what its pending authorization holds and how it refreshes a token.

After a good connection check an active token is kept alive and a token whose refresh kept
failing is refreshed again at once; anything else is the provider's `authorize`.
*/
import {Activity} from './activity.js';
import {ConnectionCheck} from './connection-check.js';
import type {Outbound, TlsPolicy} from './outbound.js';
import {ProviderState, type ProviderRecord} from './provider-state.js';
import {TokenKeeper} from './token-refresh.js';

/** Who started a connection check: start-up, saving the settings, or the refresh button. */
export type CheckMode = 'start' | 'save' | 'refresh';

export type ProviderDeviceOptions<S> = {
	outbound: Outbound;
	now: () => number;
	log: (line: string) => void;
	initial: S;
	/** Called after every change with the state to keep. */
	persist: (state: S) => void;
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

	/** `name` prefixes the log lines: `microsoft`, `google`. */
	protected constructor(name: string, options: ProviderDeviceOptions<S>) {
		const {outbound, now} = options;
		this.options = options;
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
		});
		this.#check = new ConnectionCheck({state: this.state, outbound, now, discovery: () => this.discovery()});
	}

	/** What GET shows: no secret, no token. */
	abstract publicState(): Public;

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

	close(): void {
		this.state.close();
		this.#check.close();
		this.flow.close();
	}

	protected get stored(): Readonly<S> {
		return this.state.current;
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
