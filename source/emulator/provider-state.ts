/**
What every provider's device side keeps, and the two ways to change it. Both are all or
nothing: the change is made on a copy, written to the device's storage, and kept in memory only
once the write (fsync and rename) succeeded, so that what GET shows is what is on disk.
`commit` is for a change someone is told about (PUT basic, DELETE token, the refresh button, a
code exchange): a write that fails throws (`StateNotSaved`) and changes nothing. `update` is for
what the device does by itself (a check finished, a token refreshed): a write that fails (logged
by `persist`, naming the errno) changes nothing either, and `update` says so (false), so that the
caller does not act on a change that is not there. After close() nothing changes any more, so a
continuation that outlives the device cannot write a stale state.
*/
import type {ConnectionStatus, TokenStatus} from '../device/contract.js';
import type {TlsPolicy} from './outbound.js';
import type {StoredTokens} from './store.js';
import {fitStoredTexts} from './text-limits.js';

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
	/** Called with the state to keep at every change; throws when it could not be written (and logs why). */
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

	/** A change the device makes by itself: true when it was written and kept; false (nothing changed, logged by `persist`) when not. */
	update(change: (state: S) => void): boolean {
		if (this.#closed) {
			return false;
		}

		try {
			this.#apply(change);
		} catch {
			// Logged by `persist`: memory keeps what the storage holds.
			return false;
		}

		return true;
	}

	/**
	A change someone is told about: made on a copy and written; kept only after the write (and
	its fsync and rename) succeeded. Throws, changing nothing, when it could not be written or
	the device is closing.
	*/
	commit(change: (state: S) => void): void {
		if (this.#closed) {
			throw new Error('The device is shutting down; nothing was changed.');
		}

		this.#apply(change);
	}

	#apply(change: (state: S) => void): void {
		const next = structuredClone(this.#state);
		change(next);
		fitStoredTexts(next);
		this.#options.persist(structuredClone(next));
		// Same object, new contents: whoever reads `current` sees the new state.
		for (const key of Object.keys(this.#state) as Array<keyof S>) {
			if (!(key in next)) {
				// eslint-disable-next-line @typescript-eslint/no-dynamic-delete
				delete this.#state[key];
			}
		}

		Object.assign(this.#state, next);
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

	/** Sets the token status, and logs it when it changed; false (nothing changed) when it could not be written. */
	setToken(token: TokenStatus, change?: (state: S) => void): boolean {
		if (this.#closed) {
			return false;
		}

		const previous = this.#state.token;
		const saved = this.update(s => {
			change?.(s);
			s.token = token;
		});
		if (saved && (previous.status !== token.status || previous.reason !== token.reason)) {
			this.log(`token ${token.status}${token.reason ? ` (${token.reason})` : ''}`);
		}

		return saved;
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
