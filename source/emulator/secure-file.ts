/**
A small JSON file of the device's own in the state directory (the log-in throttle, the
administrator password's hash), kept the way store.ts keeps the device state: mode 0600 in a
0700 directory, replaced atomically (temporary file created 0600 in the same directory, fsync,
rename, fsync of the directory), and a file that cannot be read back set aside as
`<name>.corrupt-<time>` so that the device starts with its defaults instead of failing.

A write that fails (storage full, no permission, read-only, I/O error) throws `StateNotSaved`
naming the errno, as the device state's does: the file holds what it held, and the caller
decides (a password change is not acknowledged; the throttle keeps counting in memory). The
file operations go through the same `StateFileSystem` seam as store.ts, for tests.
*/
import {randomBytes} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type {z} from 'zod';
import {errnoOf, StateNotSaved, type StateFileSystem} from './store.js';

export type SecureFileLoad<T> = {value: T | undefined; corruptFile?: string};

export class SecureJsonFile<T> {
	readonly file: string;
	readonly #dir: string;
	readonly #name: string;
	readonly #schema: z.ZodType<T>;
	readonly #fs: Partial<StateFileSystem>;

	/** `fileSystem`: operations to use instead of node:fs's (tests make them fail). */
	constructor(stateDir: string, name: string, schema: z.ZodType<T>, fileSystem: Partial<StateFileSystem> = {}) {
		this.#dir = stateDir;
		this.#name = name;
		this.#schema = schema;
		this.#fs = fileSystem;
		this.file = path.join(stateDir, name);
	}

	/** The saved value; undefined when there is none, or when the file was damaged (then set aside). */
	load(now: number): SecureFileLoad<T> {
		fs.mkdirSync(this.#dir, {recursive: true, mode: 0o700});
		this.#removeStaleTemporaries();
		let text: string;
		try {
			text = fs.readFileSync(this.file, 'utf8');
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
				return {value: undefined};
			}

			throw error;
		}

		try {
			const parsed = this.#schema.safeParse(JSON.parse(text));
			if (parsed.success) {
				return {value: parsed.data};
			}
		} catch {
			// Not JSON: set aside below.
		}

		const corruptFile = `${this.file}.corrupt-${new Date(now).toISOString().replaceAll(':', '-')}`;
		fs.renameSync(this.file, corruptFile);
		return {value: undefined, corruptFile};
	}

	/**
	Atomic replace: temp file (0600) in the same directory, fsync, rename, fsync directory. When a
	step before the rename fails, the file holds what it held, the temp file is removed, and
	`StateNotSaved` (with the errno) is thrown.
	*/
	save(value: T): void {
		const files = this.#fs;
		const open = files.openSync ?? fs.openSync;
		const write = files.writeFileSync ?? ((fd: number, data: string) => {
			fs.writeFileSync(fd, data);
		});
		const sync = files.fsyncSync ?? fs.fsyncSync;
		const close = files.closeSync ?? fs.closeSync;
		const rename = files.renameSync ?? fs.renameSync;
		const text = `${JSON.stringify(value, undefined, '\t')}\n`;
		const temporary = path.join(this.#dir, `.${this.#name}.${randomBytes(6).toString('hex')}.tmp`);
		try {
			const fd = open(temporary, 'wx', 0o600);
			try {
				try {
					write(fd, text);
					sync(fd);
				} finally {
					close(fd);
				}

				rename(temporary, this.file);
			} catch (error) {
				try {
					fs.rmSync(temporary, {force: true});
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
			const dirFd = open(this.#dir, 'r');
			try {
				sync(dirFd);
			} finally {
				close(dirFd);
			}
		} catch {
			// Not every file system lets a directory be fsynced; the rename is still atomic.
		}
	}

	/** A write cut off (power loss, SIGKILL) leaves its temporary file: gone at the next start. */
	#removeStaleTemporaries(): void {
		const prefix = `.${this.#name}.`;
		for (const name of fs.readdirSync(this.#dir)) {
			if (name.startsWith(prefix) && name.endsWith('.tmp')) {
				fs.rmSync(path.join(this.#dir, name), {force: true});
			}
		}
	}
}
