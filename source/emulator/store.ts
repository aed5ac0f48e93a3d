/**
The device's non-volatile memory: `<stateDir>/device-state.json`, holding settings (the
Google client secret included), the pending authorizations (Microsoft's device code, Google's
`state` and PKCE verifier) and the tokens. It holds secrets, so
the file is mode 0600 in a 0700 directory, and every write is atomic: a temporary file in
the same directory (created 0600), fsync, rename, fsync of the directory. A file that cannot
be read back is kept aside as `device-state.json.corrupt-<time>` and the device starts fresh.

Public shapes come from the contract; only what the API never shows (device code, client
secret, PKCE verifier, tokens) is added here. A file written before the Google part existed
has no `google` key: it loads with Google's factory settings.
*/
import {randomBytes} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {z} from 'zod';
import {
	connectionStatusSchema,
	deviceAuthorizationSchema,
	googleAuthorizationSchema,
	googleBasicSettingsSchema,
	microsoftBasicSettingsSchema,
	tokenStatusSchema,
} from '../contract.js';
import {accountProblems} from './id-token.js';

export const stateFileName = 'device-state.json';

/** Tokens as the device keeps them; never sent over the API, never logged. */
export const storedTokensSchema = z.object({
	accessToken: z.string().min(1),
	refreshToken: z.string().min(1).optional(),
	/** Epoch milliseconds. */
	obtainedAt: z.number(),
	expiresAt: z.number(),
	/** The account that authorized (the mail sender), from the verified ID token (id-token.ts). */
	account: z.string().min(1).max(320).optional(),
	/** Without `account`: why it is not known, so that the test mail can say what to do. */
	accountProblem: z.enum(accountProblems).optional().catch(undefined),
});
export type StoredTokens = z.infer<typeof storedTokensSchema>;

export const storedMicrosoftSchema = z.object({
	settings: microsoftBasicSettingsSchema,
	connection: connectionStatusSchema,
	authorization: deviceAuthorizationSchema.nullable(),
	/** The RFC 8628 device code of the pending authorization; null once it ended. */
	deviceCode: z.string().min(1).nullable(),
	token: tokenStatusSchema,
	tokens: storedTokensSchema.nullable(),
});
export type StoredMicrosoft = z.infer<typeof storedMicrosoftSchema>;

export const storedGoogleSchema = z.object({
	settings: googleBasicSettingsSchema.omit({clientSecretSet: true}),
	/** Write-only over the API: never sent back, never logged. */
	clientSecret: z.string().min(1).nullable(),
	connection: connectionStatusSchema,
	/** The authorization URL as Google has it (offline, its origin is rewritten when shown). */
	authorization: googleAuthorizationSchema.nullable(),
	/** What only the device knows of the pending authorization; null when there is none. */
	attempt: z.object({
		state: z.string().min(1),
		codeVerifier: z.string().min(43).max(128),
	}).nullable(),
	token: tokenStatusSchema,
	tokens: storedTokensSchema.nullable(),
});
export type StoredGoogle = z.infer<typeof storedGoogleSchema>;

export function freshGoogle(): StoredGoogle {
	return {
		settings: {enabled: false, verifyServerCertificate: true, addCnToVerification: true, clientId: ''},
		clientSecret: null,
		connection: {status: 'not-checked'},
		authorization: null,
		attempt: null,
		token: {status: 'not-authorized'},
		tokens: null,
	};
}

export const storedStateSchema = z.object({
	version: z.literal(1),
	microsoft: storedMicrosoftSchema,
	google: storedGoogleSchema.default(freshGoogle),
});
export type StoredState = z.infer<typeof storedStateSchema>;

export function freshMicrosoft(): StoredMicrosoft {
	return {
		// Secure by default: the engineer turns verification off only on purpose.
		settings: {enabled: false, verifyServerCertificate: true, addCnToVerification: true, endpoint: ''},
		connection: {status: 'not-checked'},
		authorization: null,
		deviceCode: null,
		token: {status: 'not-authorized'},
		tokens: null,
	};
}

export function freshState(): StoredState {
	return {version: 1, microsoft: freshMicrosoft(), google: freshGoogle()};
}

export type LoadResult = {state: StoredState; corruptFile?: string};

export class StateStore {
	readonly file: string;
	readonly #dir: string;

	constructor(stateDir: string) {
		this.#dir = stateDir;
		this.file = path.join(stateDir, stateFileName);
	}

	/** Reads the saved state; a missing file is a fresh device, a bad one is set aside. */
	load(now: number): LoadResult {
		fs.mkdirSync(this.#dir, {recursive: true, mode: 0o700});
		this.#removeStaleTemporaries();
		let text: string;
		try {
			text = fs.readFileSync(this.file, 'utf8');
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
				return {state: freshState()};
			}

			throw error;
		}

		let parsed: StoredState | undefined;
		try {
			const result = storedStateSchema.safeParse(JSON.parse(text));
			parsed = result.success ? result.data : undefined;
		} catch {
			parsed = undefined;
		}

		if (parsed) {
			return {state: parsed};
		}

		const corruptFile = `${this.file}.corrupt-${new Date(now).toISOString().replaceAll(':', '-')}`;
		fs.renameSync(this.file, corruptFile);
		return {state: freshState(), corruptFile};
	}

	/** A write cut off (power loss, SIGKILL) leaves its temp file, tokens and all: gone at the next start. */
	#removeStaleTemporaries(): void {
		const prefix = `.${stateFileName}.`;
		for (const name of fs.readdirSync(this.#dir)) {
			if (name.startsWith(prefix) && name.endsWith('.tmp')) {
				fs.rmSync(path.join(this.#dir, name), {force: true});
			}
		}
	}

	/** Atomic replace: temp file (0600) in the same directory, fsync, rename, fsync directory. */
	save(state: StoredState): void {
		const text = `${JSON.stringify(state, undefined, '\t')}\n`;
		const temporary = path.join(this.#dir, `.${stateFileName}.${randomBytes(6).toString('hex')}.tmp`);
		const fd = fs.openSync(temporary, 'wx', 0o600);
		try {
			try {
				fs.writeFileSync(fd, text);
				fs.fsyncSync(fd);
			} finally {
				fs.closeSync(fd);
			}

			fs.renameSync(temporary, this.file);
		} catch (error) {
			fs.rmSync(temporary, {force: true});
			throw error;
		}

		try {
			const dirFd = fs.openSync(this.#dir, 'r');
			try {
				fs.fsyncSync(dirFd);
			} finally {
				fs.closeSync(dirFd);
			}
		} catch {
			// Not every file system lets a directory be fsynced; the rename is still atomic.
		}
	}
}
