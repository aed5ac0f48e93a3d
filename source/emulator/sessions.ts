/**
Administrator log-in as the printer does it: one administrator account, sessions that end
after a period without requests, and a device-wide lock after repeated wrong passwords.
Session tokens are 32 random bytes (base64url); only their SHA-256 is kept in memory.
*/
import {createHash, randomBytes, timingSafeEqual} from 'node:crypto';

export type SessionOptions = {
	credentials: {userName: string; password: string};
	idleSeconds: number;
	lockout: {maxFailures: number; seconds: number};
	now: () => number;
};

export type LoginResult =
	| {ok: true; token: string}
	| {ok: false; error: 'invalid_credentials'}
	| {ok: false; error: 'locked'; retryAfterSeconds: number};

export type AuthenticationResult = 'ok' | 'unauthenticated' | 'session_expired';

// More than this many live sessions and the least recently used one is dropped.
const maxSessions = 32;
// Expired sessions are remembered (to answer session_expired rather than unauthenticated)
// until there are this many entries.
const maxEntries = 256;

function digest(text: string): Buffer {
	return createHash('sha256').update(text, 'utf8').digest();
}

function sameSecret(given: string, expected: string): boolean {
	return timingSafeEqual(digest(given), digest(expected));
}

export class Sessions {
	readonly idleSeconds: number;
	readonly #options: SessionOptions;
	/** SHA-256 (base64) of the token → time of the last request. */
	readonly #lastSeen = new Map<string, number>();
	#failures = 0;
	#lockedUntil = 0;

	constructor(options: SessionOptions) {
		this.#options = options;
		this.idleSeconds = options.idleSeconds;
	}

	login(userName: string, password: string): LoginResult {
		const now = this.#options.now();
		const locked = this.#lockRemaining(now);
		if (locked > 0) {
			return {ok: false, error: 'locked', retryAfterSeconds: locked};
		}

		// Both compared, always: the time taken says nothing about which one was wrong.
		const nameMatches = sameSecret(userName, this.#options.credentials.userName);
		const passwordMatches = sameSecret(password, this.#options.credentials.password);
		if (!nameMatches || !passwordMatches) {
			this.#failures++;
			if (this.#failures >= this.#options.lockout.maxFailures) {
				this.#failures = 0;
				this.#lockedUntil = now + (this.#options.lockout.seconds * 1000);
				return {ok: false, error: 'locked', retryAfterSeconds: this.#lockRemaining(now)};
			}

			return {ok: false, error: 'invalid_credentials'};
		}

		this.#failures = 0;
		this.#prune(now);
		const token = randomBytes(32).toString('base64url');
		this.#lastSeen.set(this.#key(token), now);
		return {ok: true, token};
	}

	/** Checks a session token and, when it is good, counts this request as activity. */
	authenticate(token: string | undefined): AuthenticationResult {
		if (token === undefined || token.length === 0 || token.length > 128) {
			return 'unauthenticated';
		}

		const key = this.#key(token);
		const lastSeen = this.#lastSeen.get(key);
		if (lastSeen === undefined) {
			return 'unauthenticated';
		}

		const now = this.#options.now();
		if (this.#isExpired(lastSeen, now)) {
			this.#lastSeen.delete(key);
			return 'session_expired';
		}

		// Re-inserted so that the map stays in least-recently-used order.
		this.#lastSeen.delete(key);
		this.#lastSeen.set(key, now);
		return 'ok';
	}

	logout(token: string | undefined): void {
		if (token !== undefined && token.length > 0 && token.length <= 128) {
			this.#lastSeen.delete(this.#key(token));
		}
	}

	/** Ends every session at once, as a restart does (fault injection: drop-sessions). */
	dropAll(): void {
		this.#lastSeen.clear();
	}

	#key(token: string): string {
		return digest(token).toString('base64');
	}

	#isExpired(lastSeen: number, now: number): boolean {
		return now - lastSeen >= this.idleSeconds * 1000;
	}

	#lockRemaining(now: number): number {
		const remaining = this.#lockedUntil - now;
		return remaining > 0 ? Math.max(1, Math.ceil(remaining / 1000)) : 0;
	}

	#prune(now: number): void {
		const live = [...this.#lastSeen].filter(([, lastSeen]) => !this.#isExpired(lastSeen, now));
		if (this.#lastSeen.size >= maxEntries) {
			for (const [key, lastSeen] of this.#lastSeen) {
				if (this.#isExpired(lastSeen, now)) {
					this.#lastSeen.delete(key);
				}
			}
		}

		// Oldest first: drop least recently used live sessions beyond the limit (one is being added).
		let excess = live.length - (maxSessions - 1);
		for (const [key] of live) {
			if (excess <= 0) {
				break;
			}

			this.#lastSeen.delete(key);
			excess--;
		}
	}
}
