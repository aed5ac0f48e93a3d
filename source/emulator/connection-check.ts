/**
The connection check behind "Server Connection Status": a real TLS connection to the
authorization server that honours the provider's "Verify Server Certificate" and "Add CN to
Verification Items", and a GET of its OpenID configuration. Starting a check cancels the
one before; only the newest may write its result. A status the storage refuses to keep is not
shown and not acted on (provider-state.ts).
*/
import type {ConnectionStatus} from '../device/contract.js';
import {Activity} from './activity.js';
import {AbortedError, classifyError, type Outbound, type TlsPolicy} from './outbound.js';
import {iso, type ProviderRecord, type ProviderState} from './provider-state.js';

/** Where the OpenID configuration is; throws (with words for the status) when the settings lack what a check needs. */
export type Discovery = () => {url: string; host: string};

/** Gets the OpenID configuration a good check read, with the TLS policy it was read with (the ID token check uses it). */
export type RememberConfiguration = (url: string, tls: TlsPolicy, document: object) => void;

export class ConnectionCheck<S extends ProviderRecord> {
	readonly #state: ProviderState<S>;
	readonly #outbound: Outbound;
	readonly #now: () => number;
	readonly #discovery: Discovery;
	readonly #remember: RememberConfiguration | undefined;
	readonly #activity: Activity;

	constructor(options: {state: ProviderState<S>; outbound: Outbound; now: () => number; discovery: Discovery; remember?: RememberConfiguration}) {
		this.#state = options.state;
		this.#outbound = options.outbound;
		this.#now = options.now;
		this.#discovery = options.discovery;
		this.#remember = options.remember;
		this.#activity = new Activity(line => {
			options.state.log(line);
		});
	}

	/**
	Sets the status to checking and checks in the background; `onSuccess` runs after a good one.
	The status is written first: when that write fails nothing starts (a check already running
	goes on) and it says so, false; with `acknowledged` (the refresh button) it throws
	`StateNotSaved` instead, for the answer to say "not saved".
	*/
	start(onSuccess: () => void, options: {acknowledged?: boolean} = {}): boolean {
		const checking = (s: S): void => {
			s.connection = {status: 'checking'};
		};

		if (options.acknowledged) {
			this.#state.commit(checking);
		} else if (!this.#state.update(checking)) {
			return false;
		}

		const signal = this.#activity.start();
		this.#activity.run(async () => this.#check(signal, onSuccess));
		return true;
	}

	cancel(): void {
		this.#activity.stop();
	}

	close(): void {
		this.#activity.close();
	}

	async #check(signal: AbortSignal, onSuccess: () => void): Promise<void> {
		let connection: ConnectionStatus;
		try {
			connection = await this.#fetchConfiguration(signal);
		} catch (error) {
			if (signal.aborted || error instanceof AbortedError) {
				return;
			}

			const failure = classifyError(error);
			connection = {status: 'failed', reason: failure.reason, detail: failure.message, checkedAt: iso(this.#now())};
		}

		if (signal.aborted || this.#state.closed) {
			return;
		}

		this.#activity.finish(signal);
		const saved = this.#state.update(s => {
			s.connection = connection;
		});
		this.#state.log(`connection ${connection.status}${connection.reason ? ` (${connection.reason})` : ''}${saved ? '' : ', not saved'}`);
		// A result the storage refused is not acted on: what is shown (and on disk) is still "checking".
		if (saved && connection.status === 'success') {
			onSuccess();
		}
	}

	async #fetchConfiguration(signal: AbortSignal): Promise<ConnectionStatus> {
		const discovery = this.#discovery();
		const tls = this.#state.tls();
		const response = await this.#outbound.request({method: 'GET', url: discovery.url, tls, signal});
		const checkedAt = iso(this.#now());
		const ok = response.status >= 200 && response.status < 300;
		if (ok && typeof response.json === 'object' && response.json !== null) {
			this.#remember?.(discovery.url, tls, response.json);
			return {status: 'success', checkedAt};
		}

		const detail = ok ? `The OpenID configuration from ${discovery.host} is not JSON.` : `${discovery.host} answered HTTP ${response.status}.`;
		return {status: 'failed', reason: 'http_error', detail, checkedAt};
	}
}
