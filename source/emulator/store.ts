/**
The device's non-volatile memory: `<stateDir>/device-state.json`, holding settings (the
Google client secret included), the pending authorizations (Microsoft's device code, Google's
`state` and PKCE verifier) and the tokens. It holds secrets, so
the file is mode 0600 in a 0700 directory, and every write is atomic: a temporary file in
the same directory (created 0600), fsync, rename, fsync of the directory. A file that cannot
be read back is kept aside as `device-state.json.corrupt-<time>` and the device starts fresh.

A write that fails (storage full, no permission, read-only, I/O error) throws `StateNotSaved`,
naming the errno: the caller keeps what it had in memory and says the change was not saved
(API: 507 / 500 `not_saved`), so that nothing is acknowledged that is not on disk. The file
operations go through `StateFileSystem`, which tests replace to make them fail.

The state directory is checked before anything is written there (`prepareStateDirectory`): a
directory other users can write to, or that belongs to another user, is refused with the fix;
one they can only read is made private (0700), as is a state file or log they can read (0600).

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
} from '../device/contract.js';
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
	settings: googleBasicSettingsSchema.omit({clientSecretSet: true, clientSecretRevision: true}),
	/** Write-only over the API: never sent back, never logged. */
	clientSecret: z.string().min(1).nullable(),
	/** Bumped at every write of a client secret (see the contract's `clientSecretRevision`); 0 in older files. */
	clientSecretRevision: z.number().int().nonnegative().default(0),
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
		clientSecretRevision: 0,
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

/** The file operations a save makes; tests replace some of them to make a write fail. */
export type StateFileSystem = {
	openSync(path: string, flags: string, mode?: number): number;
	writeFileSync(fd: number, data: string): void;
	fsyncSync(fd: number): void;
	closeSync(fd: number): void;
	renameSync(oldPath: string, newPath: string): void;
	rmSync(path: string, options: {force: boolean}): void;
};

const nodeFileSystem: StateFileSystem = {
	openSync: (file, flags, mode) => fs.openSync(file, flags, mode),
	writeFileSync(fd, data) {
		fs.writeFileSync(fd, data);
	},
	fsyncSync(fd) {
		fs.fsyncSync(fd);
	},
	closeSync(fd) {
		fs.closeSync(fd);
	},
	renameSync(oldPath, newPath) {
		fs.renameSync(oldPath, newPath);
	},
	rmSync(file, options) {
		fs.rmSync(file, options);
	},
};

/** Why the storage refused a write, in words (English: the API's message and the log). */
const errnoWords: Record<string, string> = {
	ENOSPC: 'the device\'s storage is full',
	EDQUOT: 'the device\'s storage quota is used up',
	EACCES: 'permission to write the device\'s storage was denied',
	EPERM: 'writing the device\'s storage is not permitted',
	EROFS: 'the device\'s storage is read-only',
	EIO: 'the device\'s storage reported an input/output error',
	EMFILE: 'the device has too many files open',
	ENFILE: 'the device has too many files open',
	ENOENT: 'the device\'s state directory is gone',
};

/** Errnos of a full storage: 507 Insufficient Storage; every other one is 500. */
const storageFull = new Set(['ENOSPC', 'EDQUOT']);

/** The errno of a file-system error (ENOSPC, EACCES, ...), if it has one. */
export function errnoOf(error: unknown): string | undefined {
	const code = (error as NodeJS.ErrnoException | undefined)?.code;
	return typeof code === 'string' && /^E[A-Z0-9]{1,15}$/.test(code) ? code : undefined;
}

/** A write of the state that the storage refused: nothing of it took effect. */
export class StateNotSaved extends Error {
	override readonly name = 'StateNotSaved';
	readonly errno: string;
	/** 507 when the storage is full, else 500. */
	readonly status: 507 | 500;
	/** The reason in words, with the errno: "the device's storage is full (ENOSPC)". */
	readonly reason: string;

	constructor(errno: string, options?: {cause?: unknown}) {
		const reason = `${errnoWords[errno] ?? 'the device\'s storage could not be written'} (${errno})`;
		super(`The state was not saved: ${reason}.`, options);
		this.errno = errno;
		this.status = storageFull.has(errno) ? 507 : 500;
		this.reason = reason;
	}
}

/** A path as the engineer can paste it into a shell. */
export function shellQuoted(file: string): string {
	return `'${file.replaceAll('\'', '\'\\\'\'')}'`;
}

const ownModes = process.platform !== 'win32';

/**
Creates the state directory (0700), or checks the one that is there: refused when other users
may write to it (they could plant or swap files) or when it belongs to another user, with the
fix in the message; made private (0700) when others may only read it.
*/
export function prepareStateDirectory(directory: string): void {
	fs.mkdirSync(directory, {recursive: true, mode: 0o700});
	const stat = fs.statSync(directory);
	const quoted = shellQuoted(directory);
	if (!stat.isDirectory()) {
		throw new Error(`The state directory ${quoted} is not a directory. Give another one with --state DIR.`);
	}

	if (!ownModes) {
		return;
	}

	const uid = process.getuid?.();
	if (uid !== undefined && stat.uid !== uid) {
		throw new Error(`The state directory ${quoted} belongs to another user (uid ${stat.uid}), who could change the device's settings or read its tokens. Use a directory of your own (--state DIR), or make it yours: chown ${uid} ${quoted} && chmod 700 ${quoted}`);
	}

	const mode = stat.mode & 0o777;
	if ((mode & 0o022) !== 0) {
		throw new Error(`The state directory ${quoted} is writable by other users (mode ${mode.toString(8).padStart(4, '0')}): they could change the device's settings or swap its files. Nothing was started. Make it private, then start again: chmod 700 ${quoted}`);
	}

	if ((mode & 0o077) !== 0) {
		fs.chmodSync(directory, 0o700);
	}
}

/** Makes a file of the state directory private (0600) if others may read it. */
function tighten(fd: number): void {
	if (ownModes && (fs.fstatSync(fd).mode & 0o077) !== 0) {
		fs.fchmodSync(fd, 0o600);
	}
}

/**
Opens a log file of the state directory for appending: created 0600, an existing one made
0600; a symbolic link or anything but a regular file is refused.
*/
export function openPrivateLog(file: string): number {
	const {O_WRONLY, O_APPEND, O_CREAT} = fs.constants;
	const noFollow = fs.constants.O_NOFOLLOW ?? 0;
	const fd = fs.openSync(file, O_WRONLY | O_APPEND | O_CREAT | noFollow, 0o600);
	try {
		if (!fs.fstatSync(fd).isFile()) {
			throw new Error(`The log ${shellQuoted(file)} is not a regular file.`);
		}

		tighten(fd);
	} catch (error) {
		fs.closeSync(fd);
		throw error;
	}

	return fd;
}

export class StateStore {
	readonly file: string;
	readonly #dir: string;
	readonly #fs: StateFileSystem;

	/** `fileSystem`: operations to use instead of node:fs's (tests make them fail). */
	constructor(stateDir: string, fileSystem: Partial<StateFileSystem> = {}) {
		this.#dir = stateDir;
		this.file = path.join(stateDir, stateFileName);
		this.#fs = {...nodeFileSystem, ...fileSystem};
	}

	/** Reads the saved state; a missing file is a fresh device, a bad one is set aside. */
	load(now: number): LoadResult {
		prepareStateDirectory(this.#dir);
		this.#removeStaleTemporaries();
		let text: string;
		try {
			const fd = fs.openSync(this.file, 'r');
			try {
				tighten(fd);
				text = fs.readFileSync(fd, 'utf8');
			} finally {
				fs.closeSync(fd);
			}
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

	/**
	Atomic replace: temp file (0600) in the same directory, fsync, rename, fsync directory. When
	any step before the rename fails, the file holds what it held and `StateNotSaved` (with the
	errno) is thrown; the temp file is removed.
	*/
	save(state: StoredState): void {
		const files = this.#fs;
		const text = `${JSON.stringify(state, undefined, '\t')}\n`;
		const temporary = path.join(this.#dir, `.${stateFileName}.${randomBytes(6).toString('hex')}.tmp`);
		try {
			const fd = files.openSync(temporary, 'wx', 0o600);
			try {
				try {
					files.writeFileSync(fd, text);
					files.fsyncSync(fd);
				} finally {
					files.closeSync(fd);
				}

				files.renameSync(temporary, this.file);
			} catch (error) {
				try {
					files.rmSync(temporary, {force: true});
				} catch {
					// The next start removes it.
				}

				throw error;
			}
		} catch (error) {
			const errno = errnoOf(error);
			throw errno ? new StateNotSaved(errno, {cause: error}) : error;
		}

		try {
			const dirFd = files.openSync(this.#dir, 'r');
			try {
				files.fsyncSync(dirFd);
			} finally {
				files.closeSync(dirFd);
			}
		} catch {
			// Not every file system lets a directory be fsynced; the rename is still atomic.
		}
	}
}
