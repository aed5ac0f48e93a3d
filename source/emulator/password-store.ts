/**
The administrator password once it was changed from the factory default: only its scrypt hash
(random 16-byte salt, N=16384, r=8, p=1, 32 bytes) is kept, in `<stateDir>/administrator.json`,
0600, written atomically (secure-file.ts). Without that file (a new device, or one whose file
was damaged and set aside) the password is the factory default again, and must be changed.
*/
import {randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions} from 'node:crypto';
import {z} from 'zod';
import {SecureJsonFile} from './secure-file.js';
import type {StateFileSystem} from './store.js';

export const passwordFileName = 'administrator.json';

const hashSchema = z.object({
	algorithm: z.literal('scrypt'),
	N: z.number().int().min(1024).max(1_048_576),
	r: z.number().int().min(1).max(32),
	p: z.number().int().min(1).max(16),
	salt: z.string().min(16).max(128),
	hash: z.string().min(32).max(256),
});
export type PasswordHash = z.infer<typeof hashSchema>;

const passwordFileSchema = z.object({
	version: z.literal(1),
	userName: z.string().min(1).max(64),
	hash: hashSchema,
	/** ISO date-time of the change (for the engineer; not checked). */
	changedAt: z.string(),
});
export type StoredAdministrator = z.infer<typeof passwordFileSchema>;

const cost = {N: 16_384, r: 8, p: 1} as const;
const keyLength = 32;

async function scrypt(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		// 128 * N * r bytes are needed; the default limit (32 MiB) is too small for N above 16384.
		scryptCallback(password, salt, keyLength, {...options, maxmem: 256 * options.N! * options.r!}, (error, key) => {
			if (error) {
				reject(error);
			} else {
				resolve(key);
			}
		});
	});
}

export async function hashPassword(password: string): Promise<PasswordHash> {
	const salt = randomBytes(16);
	const key = await scrypt(password, salt, cost);
	return {algorithm: 'scrypt', ...cost, salt: salt.toString('base64'), hash: key.toString('base64')};
}

export async function verifyPassword(password: string, stored: PasswordHash): Promise<boolean> {
	const expected = Buffer.from(stored.hash, 'base64');
	const key = await scrypt(password, Buffer.from(stored.salt, 'base64'), {N: stored.N, r: stored.r, p: stored.p});
	return key.length === expected.length && timingSafeEqual(key, expected);
}

export class PasswordStore {
	readonly #file: SecureJsonFile<StoredAdministrator>;

	constructor(stateDir: string, fileSystem?: Partial<StateFileSystem>) {
		this.#file = new SecureJsonFile(stateDir, passwordFileName, passwordFileSchema, fileSystem);
	}

	get file(): string {
		return this.#file.file;
	}

	load(now: number): {stored: StoredAdministrator | undefined; corruptFile?: string} {
		const {value, corruptFile} = this.#file.load(now);
		return {stored: value, ...(corruptFile ? {corruptFile} : {})};
	}

	/** Throws `StateNotSaved` (the file holds the old hash) when the storage refuses the write. */
	save(stored: StoredAdministrator): void {
		this.#file.save(stored);
	}
}
