/**
What every provider's device side keeps, and the one way to change it: `update` changes the
state and persists it at once; after close() nothing changes any more, so a continuation
that outlives the device cannot write a stale state.
*/
import type {ConnectionStatus, TokenStatus} from '../contract.js';
import type {TlsPolicy} from './outbound.js';
import type {StoredTokens} from './store.js';

/** The part of a provider's stored state that the shared machinery reads and writes. */
export type ProviderRecord = {
	settings: TlsPolicy & {enabled: boolean};
	connection: ConnectionStatus;
	token: TokenStatus;
	tokens: StoredTokens | null;
};

export type ProviderStateOptions<S extends ProviderRecord> = {
	/** Prefix of the log lines: `microsoft`, `google`. */
	name: string;
	initial: S;
	/** Called after every change with the state to keep. */
	persist: (state: S) => void;
	log: (line: string) => void;
};

export function iso(time: number): string {
	return new Date(time).toISOString();
}

export class ProviderState<S extends ProviderRecord> {
	readonly #options: ProviderStateOptions<S>;
	readonly #state: S;
	readonly #waiting = new Set<() => void>();
	#closed = false;

	constructor(options: ProviderStateOptions<S>) {
		this.#options = options;
		this.#state = structuredClone(options.initial);
	}

	/** The live state: read it freely, change it only through `update`. */
	get current(): Readonly<S> {
		return this.#state;
	}

	get closed(): boolean {
		return this.#closed;
	}

	update(change: (state: S) => void): void {
		if (this.#closed) {
			return;
		}

		change(this.#state);
		this.#options.persist(structuredClone(this.#state));
		this.#wake();
	}

	/**
	Resolves at the next change (or close), after `timeoutMs`, or when `signal` aborts,
	whichever is first: what a long poll of the API waits on. False once closed: nothing
	will change any more.
	*/
	async nextChange(timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
		if (this.#closed || signal?.aborted) {
			return !this.#closed;
		}

		await new Promise<void>(resolve => {
			const done = (): void => {
				clearTimeout(timer);
				signal?.removeEventListener('abort', done);
				this.#waiting.delete(done);
				resolve();
			};

			const timer = setTimeout(done, timeoutMs);
			signal?.addEventListener('abort', done, {once: true});
			this.#waiting.add(done);
		});
		return !this.#closed;
	}

	/** Sets the token status, and logs it when it changed. */
	setToken(token: TokenStatus): void {
		if (this.#closed) {
			return;
		}

		const previous = this.#state.token;
		this.update(s => {
			s.token = token;
		});
		if (previous.status !== token.status || previous.reason !== token.reason) {
			this.log(`token ${token.status}${token.reason ? ` (${token.reason})` : ''}`);
		}
	}

	/** "Verify Server Certificate" and "Add CN to Verification Items", for outbound requests. */
	tls(): TlsPolicy {
		const {verifyServerCertificate, addCnToVerification} = this.#state.settings;
		return {verifyServerCertificate, addCnToVerification};
	}

	log(line: string): void {
		this.#options.log(`${this.#options.name}: ${line}`);
	}

	close(): void {
		this.#closed = true;
		this.#wake();
	}

	#wake(): void {
		for (const done of [...this.#waiting]) {
			done();
		}
	}
}
