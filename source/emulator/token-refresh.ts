/**
Keeping a token alive, the same for every provider: a token response is kept (the refresh
token too, and the old refresh token when the answer brings none), the access token is
refreshed before it expires, passing failures are retried with backoff, and a refresh token
that stopped working ends as `reauthorization_required`. Runs in the provider's token flow.
The account that authorized is kept with the tokens; it comes from the response's ID token,
checked first (`identify`): an ID token that fails its checks ends the attempt
(`id_token_invalid`) and nothing of that response is kept; a refresh whose response names no
account keeps the one known. A response the storage refuses to keep is not kept in memory
either: a refresh is tried again later; the grant's caller answers or retries (StateNotSaved).
*/
import type {TokenStatus} from '../device/contract.js';
import {backoffMs, type Activity} from './activity.js';
import {tokenResponseSchema, type TokenResponse} from './oauth-wire.js';
import type {Identification} from './id-token.js';
import type {Outbound} from './outbound.js';
import {iso, type ProviderRecord, type ProviderState} from './provider-state.js';
import {StateNotSaved} from './store.js';
import {postForm, refreshErrorStatus, storedTokensFrom} from './token-endpoint.js';

const refreshRetryBaseMs = 5000;
const maxRefreshRetryMs = 5 * 60_000;
export const malformedTokenResponse = 'The token response is not what OAuth 2.0 describes.';

export type TokenKeeperOptions<S extends ProviderRecord> = {
	state: ProviderState<S>;
	/** The provider's token flow: the refresh runs in it, and starting the flow anew cancels it. */
	flow: Activity;
	outbound: Outbound;
	now: () => number;
	/** Forgets the pending authorization and the secrets that go with it (device code, PKCE verifier). */
	clearAuthorization: (state: S) => void;
	/** The refresh_token grant: the token endpoint and the form to POST there. */
	refreshGrant: (refreshToken: string) => {url: string; form: Record<string, string>};
	/** What the response's ID token says of the account (id-token.ts); undefined when `signal` aborted. */
	identify: (response: TokenResponse, signal: AbortSignal) => Promise<Identification | undefined>;
};

/** How a token response was taken: kept (active), refused for its ID token, or dropped (aborted, closed). */
export type Acceptance = 'active' | 'refused' | 'aborted';

export class TokenKeeper<S extends ProviderRecord> {
	readonly #options: TokenKeeperOptions<S>;
	/** The refresh now on its way, so that a second one waits for it instead of racing it. */
	#refreshing: Promise<void> | undefined;

	constructor(options: TokenKeeperOptions<S>) {
		this.#options = options;
	}

	/**
	A token response from the grant or a refresh: check its ID token, then keep it (active) or,
	when the ID token fails its checks, end the attempt with `id_token_invalid`. Throws
	`StateNotSaved`, keeping nothing, when the storage refuses the tokens.
	*/
	async accept(response: TokenResponse, signal: AbortSignal): Promise<Acceptance> {
		const {state, identify} = this.#options;
		const identity = await identify(response, signal);
		if (!identity || signal.aborted || state.closed) {
			return 'aborted';
		}

		if ('invalid' in identity) {
			this.fail({status: 'error', reason: 'id_token_invalid', detail: identity.invalid});
			return 'refused';
		}

		this.#activate(response, identity);
		return 'active';
	}

	/**
	Keeps the tokens, says active, refreshes before they run out; a response that names no account
	keeps the one known. One write: when the storage refuses it, this throws `StateNotSaved` and
	nothing changed (the old tokens, if any, are still the ones kept and shown).
	*/
	#activate(response: TokenResponse, identity: Exclude<Identification, {invalid: string}>): void {
		const {state, flow, now, clearAuthorization} = this.#options;
		const previous = state.current.tokens;
		const tokens = storedTokensFrom(response, previous, now(), 'account' in identity ? identity.account : undefined);
		if (!tokens.account) {
			const problem = 'accountProblem' in identity ? identity.accountProblem : previous?.accountProblem;
			if (problem) {
				tokens.accountProblem = problem;
			}
		}

		const wasActive = state.current.token.status === 'active';
		state.commit(s => {
			s.tokens = tokens;
			clearAuthorization(s);
			s.token = {status: 'active', expiresAt: iso(tokens.expiresAt)};
		});
		if (!wasActive) {
			state.log('token active');
		}

		flow.resetFailures();
		this.#schedule();
	}

	/** Ends the attempt: the authorization and the tokens are of no use any more. */
	fail(token: TokenStatus): void {
		const {state, flow, clearAuthorization} = this.#options;
		flow.stop();
		state.setToken(token, s => {
			clearAuthorization(s);
			s.tokens = null;
		});
	}

	/** For use inside `state.update`: back to not-authorized, nothing pending, no tokens. */
	forget(state: S): void {
		this.#options.clearAuthorization(state);
		state.tokens = null;
		state.token = {status: 'not-authorized'};
	}

	/**
	Refreshes the access token now if it expires within `marginMs` (before it is used), and
	waits for that; a refresh already on its way is waited for, not repeated. The token status
	says how it went.
	*/
	async refreshIfDue(marginMs: number): Promise<void> {
		if (this.#refreshing) {
			await this.#refreshing;
		}

		const {state, flow, now} = this.#options;
		const {tokens} = state.current;
		if (!tokens || state.closed || tokens.expiresAt - now() > marginMs) {
			return;
		}

		// Replaces the scheduled refresh: this one schedules the next.
		flow.start();
		await this.#refresh();
	}

	/** Starts the flow that refreshes the token before it expires. */
	keepAlive(): void {
		this.#options.flow.start();
		this.#schedule();
	}

	/** Starts the flow with a refresh right away (after failures, when the connection is back). */
	refreshNow(): void {
		const {flow} = this.#options;
		flow.start();
		flow.schedule(0, async () => this.#refresh());
	}

	/**
	Refresh at 80 % of the lifetime or 5 minutes before expiry, whichever is sooner, but not
	before half of the lifetime (so that very short lifetimes do not refresh in a loop).
	*/
	#schedule(): void {
		const tokens = this.#options.state.current.tokens;
		if (!tokens) {
			return;
		}

		const lifetime = tokens.expiresAt - tokens.obtainedAt;
		const lead = Math.max(Math.min(lifetime * 0.8, lifetime - (5 * 60_000)), lifetime * 0.5);
		this.#options.flow.schedule(tokens.obtainedAt + lead - this.#options.now(), async () => this.#refresh());
	}

	async #refresh(): Promise<void> {
		const run = this.#refreshOnce();
		this.#refreshing = run;
		try {
			await run;
		} finally {
			if (this.#refreshing === run) {
				this.#refreshing = undefined;
			}
		}
	}

	async #refreshOnce(): Promise<void> {
		const {state, flow, outbound, now} = this.#options;
		const {signal} = flow;
		const {tokens} = state.current;
		if (!signal || signal.aborted || !tokens) {
			return;
		}

		if (!tokens.refreshToken) {
			// Without a refresh token there is nothing to refresh with: the token runs out.
			const remaining = tokens.expiresAt - now();
			if (remaining > 0) {
				flow.schedule(remaining, async () => this.#refresh());
				return;
			}

			this.fail({status: 'error', reason: 'reauthorization_required', detail: 'The access token expired and there is no refresh token.'});
			return;
		}

		const grant = this.#options.refreshGrant(tokens.refreshToken);
		const result = await postForm(outbound, {...grant, tls: state.tls(), signal, schema: tokenResponseSchema, malformed: malformedTokenResponse});
		switch (result?.outcome) {
			case undefined: {
				return;
			}

			case 'ok': {
				let accepted: Acceptance;
				try {
					accepted = await this.accept(result.data, signal);
				} catch (error) {
					if (!(error instanceof StateNotSaved)) {
						throw error;
					}

					// Not kept (logged with the errno): the old tokens stay, shown as they are on disk; tried again later.
					this.#retry(undefined);
					return;
				}

				if (accepted === 'active') {
					state.log('access token refreshed');
				}

				return;
			}

			case 'unavailable':
			case 'malformed': {
				this.#retry(result.failure);
				return;
			}

			case 'refused': {
				// Permanent (a refresh token that stopped working, an app or tenant to fix): not retried.
				this.fail(refreshErrorStatus(result.error));
			}
		}
	}

	/**
	A refresh that failed for a passing reason: retry with backoff; past expiry, say so.
	`undefined`: the new tokens could not be written (the storage's errno is logged by `persist`).
	*/
	#retry(failure: TokenStatus | undefined): void {
		const {state, flow, now} = this.#options;
		const failures = flow.countFailure();
		state.log(failure ? `token refresh failed (${failure.reason ?? 'error'}), retrying` : 'token refresh not saved, retrying');
		const {tokens} = state.current;
		if (failure && tokens && now() >= tokens.expiresAt) {
			state.setToken(failure);
		}

		flow.schedule(backoffMs(failures, refreshRetryBaseMs, maxRefreshRetryMs), async () => this.#refresh());
	}
}
