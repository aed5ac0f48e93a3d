/**
Administrator log-in as the printer does it, protecting the engineer rather than an attacker:
- One administrator account. While its password is the factory default, a log-in succeeds
  but the session may do nothing except change it (`passwordChangeRequired`), unless the
  device was started for development (`requirePasswordChange: false`). A changed password is
  kept as a scrypt hash (password-store.ts).
- A session ends after `idleSeconds` without a request, and `absoluteSeconds` after the
  log-in however busy it is.
- At `maxSessions` live sessions a new log-in is refused (too_many_sessions, with the seconds
  until the first one can end by itself): no engineer's session is ever taken away silently.
- Wrong passwords are counted per client address with escalating locks that survive a restart
  (lockout-store.ts): a locked address never locks another one, e.g. the console's loopback.

Session tokens are 32 random bytes (base64url); only their SHA-256 is kept in memory.
Password checks run one at a time, so that parallel guesses cannot all pass the lock check
before the first failure is counted.
*/
import {createHash, randomBytes, timingSafeEqual} from 'node:crypto';
import {newPasswordProblem} from '../device/password-rules.js';
import type {FieldErrorCode} from '../device/contract-values.js';
import {LoginThrottle, type ThrottlePolicy} from './lockout-store.js';
import {hashPassword, PasswordStore, verifyPassword, type StoredAdministrator} from './password-store.js';
import {StateNotSaved, type StateFileSystem} from './store.js';

export type SessionOptions = {
	/** The factory setting: user name and default password. */
	credentials: {userName: string; password: string};
	idleSeconds: number;
	/** The longest a session lives, however busy. */
	absoluteSeconds: number;
	/** Default 32. */
	maxSessions?: number;
	lockout: ThrottlePolicy;
	/** True: while the password is the factory default, only changing it is allowed. */
	requirePasswordChange: boolean;
	now: () => number;
	/** Where the throttle and a changed password are kept; without it, in memory only. */
	stateDir?: string;
	/** Tests only: file operations for the throttle and password files instead of node:fs's (to make a write fail). */
	stateFileSystem?: Partial<StateFileSystem>;
	log?: (line: string) => void;
};

export type LoginResult =
	| {ok: true; token: string; passwordChangeRequired: boolean}
	| {ok: false; error: 'invalid_credentials'}
	| {ok: false; error: 'locked'; retryAfterSeconds: number}
	| {ok: false; error: 'too_many_sessions'; retryAfterSeconds: number};

export type PasswordChangeResult =
	| {ok: true}
	| {ok: false; error: 'unauthenticated'}
	| {ok: false; error: 'locked'; retryAfterSeconds: number}
	| {ok: false; error: 'validation'; fields: Partial<Record<'currentPassword' | 'newPassword', FieldErrorCode>>};

/**
`ok`: go on; `password_change_required`: a good session that may only change the password;
`session_expired`: it ended without requests for too long; `lifetime_ended`: it reached its
absolute lifetime; `unauthenticated`: no such session.
*/
export type AuthenticationResult = 'ok' | 'password_change_required' | 'unauthenticated' | 'session_expired' | 'lifetime_ended';

type Session = {createdAt: number; lastSeen: number; passwordChangeRequired: boolean};

const defaultMaxSessions = 32;
// Ended sessions are remembered (to answer session_expired rather than unauthenticated)
// until there are this many entries.
const maxEntries = 256;

function digest(text: string): Buffer {
	return createHash('sha256').update(text, 'utf8').digest();
}

function sameSecret(given: string, expected: string): boolean {
	return timingSafeEqual(digest(given), digest(expected));
}

function validToken(token: string | undefined): token is string {
	return token !== undefined && token.length > 0 && token.length <= 128;
}

export class Sessions {
	readonly idleSeconds: number;
	readonly absoluteSeconds: number;
	readonly #options: SessionOptions;
	readonly #maxSessions: number;
	readonly #throttle: LoginThrottle;
	readonly #passwords: PasswordStore | undefined;
	readonly #log: (line: string) => void;
	/** The changed password, when it was changed; else the factory default applies. */
	#administrator: StoredAdministrator | undefined;
	/** SHA-256 (base64) of the token → the session, least recently used first. */
	readonly #sessions = new Map<string, Session>();
	/** Password checks, one after the other. */
	#checks: Promise<unknown> = Promise.resolve();

	constructor(options: SessionOptions) {
		this.#options = options;
		this.idleSeconds = options.idleSeconds;
		this.absoluteSeconds = options.absoluteSeconds;
		this.#maxSessions = options.maxSessions ?? defaultMaxSessions;
		this.#log = options.log ?? (() => undefined);
		const now = options.now();
		this.#throttle = new LoginThrottle(options.lockout, {
			now,
			log: this.#log,
			...(options.stateDir === undefined ? {} : {stateDir: options.stateDir}),
			...(options.stateFileSystem === undefined ? {} : {fileSystem: options.stateFileSystem}),
		});
		if (options.stateDir !== undefined) {
			this.#passwords = new PasswordStore(options.stateDir, options.stateFileSystem);
			const loaded = this.#passwords.load(now);
			if (loaded.corruptFile) {
				this.#log(`state: ${this.#passwords.file.slice(this.#passwords.file.lastIndexOf('/') + 1)} could not be read; kept aside, the administrator password is the factory default again`);
			}

			this.#administrator = loaded.stored;
		}
	}

	get userName(): string {
		return this.#administrator?.userName ?? this.#options.credentials.userName;
	}

	/** True while the password is the factory default and must be changed before anything else. */
	get passwordChangeRequired(): boolean {
		return this.#options.requirePasswordChange && this.#administrator === undefined;
	}

	async login(userName: string, password: string, address: string | undefined): Promise<LoginResult> {
		return this.#oneAtATime(async () => {
			const locked = this.#throttle.lockedFor(address, this.#options.now());
			if (locked > 0) {
				return {ok: false, error: 'locked', retryAfterSeconds: locked};
			}

			const matches = await this.#check(userName, password);
			const now = this.#options.now();
			if (!matches) {
				const lockSeconds = this.#throttle.fail(address, now);
				return lockSeconds > 0 ? {ok: false, error: 'locked', retryAfterSeconds: lockSeconds} : {ok: false, error: 'invalid_credentials'};
			}

			this.#throttle.succeed(address);
			this.#prune(now);
			const live = [...this.#sessions.values()].filter(session => this.#endedBy(session, now) === undefined);
			if (live.length >= this.#maxSessions) {
				const soonest = Math.min(...live.map(session => this.#endsAt(session)));
				this.#log(`log-in refused: ${live.length} sessions open, the most allowed`);
				return {ok: false, error: 'too_many_sessions', retryAfterSeconds: Math.max(1, Math.ceil((soonest - now) / 1000))};
			}

			const token = randomBytes(32).toString('base64url');
			const passwordChangeRequired = this.passwordChangeRequired;
			this.#sessions.set(this.#key(token), {createdAt: now, lastSeen: now, passwordChangeRequired});
			return {ok: true, token, passwordChangeRequired};
		});
	}

	/** Checks a session token and, when it is good, counts this request as activity. */
	authenticate(token: string | undefined): AuthenticationResult {
		if (!validToken(token)) {
			return 'unauthenticated';
		}

		const key = this.#key(token);
		const session = this.#sessions.get(key);
		if (session === undefined) {
			return 'unauthenticated';
		}

		const now = this.#options.now();
		const ended = this.#endedBy(session, now);
		if (ended !== undefined) {
			this.#sessions.delete(key);
			return ended;
		}

		// Re-inserted so that the map stays in least-recently-used order.
		session.lastSeen = now;
		this.#sessions.delete(key);
		this.#sessions.set(key, session);
		return session.passwordChangeRequired ? 'password_change_required' : 'ok';
	}

	/**
	Changes the administrator password for the session of `token` (already authenticated): the
	current password is checked like a log-in from `address` (a wrong one counts as a failure),
	the new one against password-rules.ts. Once saved, every other session ends.
	*/
	async changePassword(token: string | undefined, currentPassword: string, newPassword: string, address: string | undefined): Promise<PasswordChangeResult> {
		return this.#oneAtATime(async () => {
			const locked = this.#throttle.lockedFor(address, this.#options.now());
			if (locked > 0) {
				return {ok: false, error: 'locked', retryAfterSeconds: locked};
			}

			if (!(await this.#check(this.userName, currentPassword))) {
				const lockSeconds = this.#throttle.fail(address, this.#options.now());
				return lockSeconds > 0
					? {ok: false, error: 'locked', retryAfterSeconds: lockSeconds}
					: {ok: false, error: 'validation', fields: {currentPassword: 'wrong_password'}};
			}

			this.#throttle.succeed(address);
			const problem = newPasswordProblem(newPassword, {userName: this.userName, currentPassword, factoryDefault: this.#options.credentials.password});
			if (problem) {
				return {ok: false, error: 'validation', fields: {newPassword: problem}};
			}

			const hash = await hashPassword(newPassword);
			const key = validToken(token) ? this.#key(token) : undefined;
			const session = key === undefined ? undefined : this.#sessions.get(key);
			const now = this.#options.now();
			if (key === undefined || session === undefined || this.#endedBy(session, now) !== undefined) {
				return {ok: false, error: 'unauthenticated'};
			}

			const administrator: StoredAdministrator = {version: 1, userName: this.userName, hash, changedAt: new Date(now).toISOString()};
			// Saved first: if it cannot be, nothing changes (StateNotSaved: the API answers 507/500
			// not_saved), the old password still works and every session stays.
			try {
				this.#passwords?.save(administrator);
			} catch (error) {
				this.#log(`administrator password not changed: not saved: ${error instanceof StateNotSaved ? error.reason : (error instanceof Error ? error.name : typeof error)}`);
				throw error;
			}

			this.#administrator = administrator;
			const others = this.#sessions.size - 1;
			this.#sessions.clear();
			this.#sessions.set(key, {...session, lastSeen: now, passwordChangeRequired: false});
			this.#log(`administrator password changed; ${others} other session(s) ended`);
			return {ok: true};
		});
	}

	logout(token: string | undefined): void {
		if (validToken(token)) {
			this.#sessions.delete(this.#key(token));
		}
	}

	/** Ends every session at once, as a restart does (fault injection: drop-sessions). */
	dropAll(): void {
		this.#sessions.clear();
	}

	async #oneAtATime<T>(work: () => Promise<T>): Promise<T> {
		const run = this.#checks.then(work, work);
		this.#checks = run.catch(() => undefined);
		return run;
	}

	/** Both compared, always: the time taken says nothing about which one was wrong. */
	async #check(userName: string, password: string): Promise<boolean> {
		const nameMatches = sameSecret(userName, this.userName);
		const passwordMatches = this.#administrator
			? await verifyPassword(password, this.#administrator.hash)
			: sameSecret(password, this.#options.credentials.password);
		return nameMatches && passwordMatches;
	}

	#key(token: string): string {
		return digest(token).toString('base64');
	}

	/** When the session ends by itself: idle, or at the end of its lifetime, whichever comes first. */
	#endsAt(session: Session): number {
		return Math.min(session.lastSeen + (this.idleSeconds * 1000), session.createdAt + (this.absoluteSeconds * 1000));
	}

	#endedBy(session: Session, now: number): 'session_expired' | 'lifetime_ended' | undefined {
		const idleEnd = session.lastSeen + (this.idleSeconds * 1000);
		const lifetimeEnd = session.createdAt + (this.absoluteSeconds * 1000);
		if (now < idleEnd && now < lifetimeEnd) {
			return undefined;
		}

		return lifetimeEnd <= idleEnd ? 'lifetime_ended' : 'session_expired';
	}

	/** Forgets ended sessions once there are many entries (until then they answer session_expired). */
	#prune(now: number): void {
		if (this.#sessions.size < maxEntries) {
			return;
		}

		for (const [key, session] of this.#sessions) {
			if (this.#endedBy(session, now) !== undefined) {
				this.#sessions.delete(key);
			}
		}
	}
}
