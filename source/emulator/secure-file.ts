/**
A small JSON file of the device's own in the state directory (the log-in throttle, the
administrator password's hash), kept the way store.ts keeps the device state: mode 0600 in a
0700 directory, replaced atomically (temporary file created 0600 in the same directory, fsync,
rename, fsync of the directory), and a file that cannot be read back set aside as
`<name>.corrupt-<time>` so that the device starts with its defaults instead of failing.
*/
import {randomBytes} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type {z} from 'zod';

export type SecureFileLoad<T> = {value: T | undefined; corruptFile?: string};

export class SecureJsonFile<T> {
	readonly file: string;
	readonly #dir: string;
	readonly #name: string;
	readonly #schema: z.ZodType<T>;

	constructor(stateDir: string, name: string, schema: z.ZodType<T>) {
		this.#dir = stateDir;
		this.#name = name;
		this.#schema = schema;
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

	/** Atomic replace: temp file (0600) in the same directory, fsync, rename, fsync directory. */
	save(value: T): void {
		const text = `${JSON.stringify(value, undefined, '\t')}\n`;
		const temporary = path.join(this.#dir, `.${this.#name}.${randomBytes(6).toString('hex')}.tmp`);
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
