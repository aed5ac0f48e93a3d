/**
The log-in throttle, per client address, as printer firmware keeps it: wrong passwords are
counted per address (an IPv6 address by its /64, where one host usually has many), and after
`maxFailures` in a row that address is locked for `seconds`, each further failure doubling the
lock up to `maxSeconds` (5 free guesses, then 60 s, 120 s, … 1 h: about 24 guesses a day
instead of 7,000). A success from the address forgets its failures; so does a day without one.

Another address is never locked by it: an attacker on the network cannot lock the engineer
out of the console (loopback). The counts survive a restart: `<stateDir>/login-throttle.json`,
0600, written atomically (secure-file.ts); a damaged file is set aside and counting restarts. A
write the storage refuses is logged with its errno and the counts in memory still hold (fail
safe: a full disk never unlocks an address).
*/
import net from 'node:net';
import {z} from 'zod';
import {SecureJsonFile} from './secure-file.js';
import {StateNotSaved, type StateFileSystem} from './store.js';

export const throttleFileName = 'login-throttle.json';

export type ThrottlePolicy = {
	/** Failures in a row before the first lock. */
	maxFailures: number;
	/** The first lock. */
	seconds: number;
	/** The longest lock (default 3600). */
	maxSeconds?: number;
	/** An address's failures are forgotten this long after its last one (default 86400). */
	forgetSeconds?: number;
};

const recordSchema = z.object({
	failures: z.number().int().nonnegative(),
	/** Epoch ms; 0 = not locked. */
	lockedUntil: z.number(),
	lastFailureAt: z.number(),
});
type ThrottleRecord = z.infer<typeof recordSchema>;

const throttleFileSchema = z.object({
	version: z.literal(1),
	addresses: z.record(z.string().max(64), recordSchema),
});

/** More addresses than this and those whose last failure is oldest are forgotten first. */
const maxAddresses = 4096;

/** Expands an IPv6 address into its eight groups. */
function ipv6Groups(address: string): string[] {
	const [head = '', tail] = address.split('::');
	const parse = (part: string) => (part === '' ? [] : part.split(':'));
	let groups = parse(head);
	let rest = tail === undefined ? [] : parse(tail);
	// An embedded IPv4 tail (::ffff:1.2.3.4 and the like) is two groups.
	const expand = (list: string[]) => list.flatMap(group => {
		if (!group.includes('.')) {
			return [group];
		}

		const bytes = group.split('.').map(Number);
		return [((bytes[0]! << 8) | bytes[1]!).toString(16), ((bytes[2]! << 8) | bytes[3]!).toString(16)];
	});
	groups = expand(groups);
	rest = expand(rest);
	const missing = tail === undefined ? 0 : 8 - groups.length - rest.length;
	return [...groups, ...Array.from({length: missing}, () => '0'), ...rest].map(group => group.toLowerCase().replace(/^0+(?=.)/, ''));
}

/**
The key an address is counted under: IPv4 as it is (an IPv4-mapped IPv6 address as IPv4),
IPv6 by its /64 prefix (one host has a whole /64 to itself), loopback ::1 as it is.
*/
export function throttleKey(address: string | undefined): string {
	if (address === undefined || address === '') {
		return 'unknown';
	}

	const plain = address.replace(/%.*$/, '');
	const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(plain);
	if (mapped) {
		return mapped[1]!;
	}

	if (net.isIPv4(plain)) {
		return plain;
	}

	if (net.isIPv6(plain)) {
		const groups = ipv6Groups(plain);
		if (groups.slice(0, 7).every(group => group === '0') && groups[7] === '1') {
			return '::1';
		}

		return `${groups.slice(0, 4).join(':')}::/64`;
	}

	return 'unknown';
}

export class LoginThrottle {
	readonly #policy: Required<ThrottlePolicy>;
	readonly #records = new Map<string, ThrottleRecord>();
	readonly #file: SecureJsonFile<z.infer<typeof throttleFileSchema>> | undefined;
	readonly #log: (line: string) => void;

	/** Without `stateDir` the counts live in memory only (unit tests). */
	constructor(policy: ThrottlePolicy, options: {stateDir?: string; now: number; log?: (line: string) => void; fileSystem?: Partial<StateFileSystem>}) {
		this.#policy = {maxSeconds: 3600, forgetSeconds: 86_400, ...policy};
		this.#log = options.log ?? (() => undefined);
		if (options.stateDir !== undefined) {
			this.#file = new SecureJsonFile(options.stateDir, throttleFileName, throttleFileSchema, options.fileSystem);
			const loaded = this.#file.load(options.now);
			if (loaded.corruptFile) {
				this.#log(`state: ${throttleFileName} could not be read; kept as ${loaded.corruptFile.slice(loaded.corruptFile.lastIndexOf('/') + 1)}, counting failed log-ins afresh`);
			}

			for (const [key, record] of Object.entries(loaded.value?.addresses ?? {})) {
				this.#records.set(key, record);
			}
		}
	}

	/** Seconds until `address` may try again; 0 when it may now. */
	lockedFor(address: string | undefined, now: number): number {
		const record = this.#current(throttleKey(address), now);
		if (!record || record.lockedUntil <= now) {
			return 0;
		}

		// A clock set back (the device's RTC) must not turn a lock into days.
		const longest = now + (this.#policy.maxSeconds * 1000);
		if (record.lockedUntil > longest) {
			record.lockedUntil = longest;
		}

		return Math.max(1, Math.ceil((record.lockedUntil - now) / 1000));
	}

	/** Counts a wrong password from `address`; the seconds it is now locked for (0: not locked). */
	fail(address: string | undefined, now: number): number {
		const key = throttleKey(address);
		const record = this.#current(key, now) ?? {failures: 0, lockedUntil: 0, lastFailureAt: now};
		record.failures++;
		record.lastFailureAt = now;
		const {maxFailures, seconds, maxSeconds} = this.#policy;
		let lockSeconds = 0;
		if (record.failures >= maxFailures) {
			// 2^(failures - maxFailures), bounded before it can overflow.
			const doublings = Math.min(record.failures - maxFailures, 30);
			lockSeconds = Math.min(maxSeconds, seconds * (2 ** doublings));
			record.lockedUntil = now + (lockSeconds * 1000);
			this.#log(`log-in: ${key} locked for ${lockSeconds} s after ${record.failures} failed log-ins`);
		}

		this.#records.delete(key);
		this.#records.set(key, record);
		this.#trim();
		this.#save();
		return lockSeconds;
	}

	/** A right password from `address`: its failures are forgotten. */
	succeed(address: string | undefined): void {
		if (this.#records.delete(throttleKey(address))) {
			this.#save();
		}
	}

	/** The record of `key`, unless it is old enough to be forgotten. */
	#current(key: string, now: number): ThrottleRecord | undefined {
		const record = this.#records.get(key);
		if (record && record.lockedUntil <= now && now - record.lastFailureAt >= this.#policy.forgetSeconds * 1000) {
			this.#records.delete(key);
			return undefined;
		}

		return record;
	}

	/** Oldest last failure first (the map keeps that order): forgotten beyond maxAddresses. */
	#trim(): void {
		for (const key of this.#records.keys()) {
			if (this.#records.size <= maxAddresses) {
				break;
			}

			this.#records.delete(key);
		}
	}

	#save(): void {
		if (!this.#file) {
			return;
		}

		try {
			this.#file.save({version: 1, addresses: Object.fromEntries(this.#records)});
		} catch (error) {
			// Fail safe: the counts and locks in memory stand (a full disk never unlocks anyone);
			// only a restart before the next good write would forget them.
			const why = error instanceof StateNotSaved ? error.reason : (error instanceof Error ? error.name : typeof error);
			this.#log(`state: ${throttleFileName} not saved: ${why}; the lock-out holds in memory`);
		}
	}
}
