/**
Nothing acknowledged that is not on disk: when the device cannot write its state (storage
full, no permission, read-only, I/O error), PUT basic answers 507 / 500 `not_saved` naming the
reason, the settings stay as they were (in memory and on disk, across a restart), the log
names the errno, and the same If-Match works once the storage is fixed. Also the state
directory and log file: private, or refused with the fix.

The write failure is injected through the store's file-system seam (`stateFileSystem`); where
this machine lets the test mount a tiny tmpfs (root), the same is shown on a file system that
is really full.
*/
import {execFileSync, spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {apiErrorSchema, googleStateSchema} from '../source/device/contract.js';
import {startBuiltInDevice} from '../source/cli/emulator-command.js';
import {startEmulator, type EmulatorOptions} from '../source/emulator/index.js';
import type {StateFileSystem} from '../source/emulator/store.js';
import type {IdentityProvider} from '../source/identity-provider/index.js';
import {offlineMicrosoftClientId} from '../source/identity-provider/index.js';
import {googleClientId, googleClientSecret, Harness, withDevice} from './support/emulator-harness.js';

let idp: IdentityProvider;
let device: Harness;

withDevice({login: true}, current => {
	({idp, device} = current);
});

/** A failure as the operating system reports it (what fs throws). */
function systemError(code: string, syscall: string): NodeJS.ErrnoException {
	const words: Record<string, string> = {
		ENOSPC: 'no space left on device',
		EACCES: 'permission denied',
		EROFS: 'read-only file system',
		EIO: 'i/o error',
	};
	const error = new Error(`${code}: ${words[code] ?? 'failed'}, ${syscall}`) as NodeJS.ErrnoException;
	error.code = code;
	error.syscall = syscall;
	return error;
}

/**
The store's file system with a switch: while `failing` is set, the step where that errno
really happens fails (ENOSPC when writing, EACCES/EROFS when creating the file, EIO at fsync).
*/
function faultyFileSystem(): {fileSystem: Partial<StateFileSystem>; failing: string | undefined} {
	const control: {fileSystem: Partial<StateFileSystem>; failing: string | undefined} = {failing: undefined, fileSystem: {}};
	control.fileSystem = {
		openSync(...args: Parameters<typeof fs.openSync>) {
			if (control.failing === 'EACCES' || control.failing === 'EROFS') {
				throw systemError(control.failing, 'open');
			}

			return fs.openSync(...args);
		},
		writeFileSync(...args: Parameters<typeof fs.writeFileSync>) {
			if (control.failing === 'ENOSPC') {
				throw systemError('ENOSPC', 'write');
			}

			fs.writeFileSync(...args);
		},
		fsyncSync(fd: number) {
			if (control.failing === 'EIO') {
				throw systemError('EIO', 'fsync');
			}

			fs.fsyncSync(fd);
		},
	};
	return control;
}

function onDisk(): {microsoft: {settings: {verifyServerCertificate: boolean}}; google: {clientSecret: string | null; settings: {clientId: string}}} {
	return JSON.parse(fs.readFileSync(device.stateFile, 'utf8')) as ReturnType<typeof onDisk>;
}

const cases = [
	{errno: 'ENOSPC', status: 507, words: /storage is full/i},
	{errno: 'EACCES', status: 500, words: /permission/i},
	{errno: 'EROFS', status: 500, words: /read-only/i},
	{errno: 'EIO', status: 500, words: /input\/output/i},
] as const;

describe('a save the device cannot write', () => {
	for (const {errno, status, words} of cases) {
		it(`${errno}: ${status} not_saved, the settings unchanged (now and after a restart), the log names ${errno}`, async () => {
			const faulty = faultyFileSystem();
			await device.restart({stateFileSystem: faulty.fileSystem});
			await device.login();
			const before = await device.state();
			const etag = device.etag!;
			faulty.failing = errno;

			const refused = await device.request('PUT', 'oauth2/microsoft/basic', {
				body: {...before.settings, verifyServerCertificate: false, addCnToVerification: false},
				headers: {'if-match': etag},
			});
			expect(refused.status).toBe(status);
			const body = apiErrorSchema.parse(refused.json);
			expect(body.error).toBe('not_saved');
			expect(body.errno).toBe(errno);
			expect(body.message).toContain(errno);
			expect(body.message).toMatch(words);

			// Not in memory, not on disk.
			expect((await device.state()).settings).toEqual(before.settings);
			expect(onDisk().microsoft.settings.verifyServerCertificate).toBe(true);
			expect(device.logs.join('\n')).toContain(errno);
			expect(device.logs.join('\n')).not.toMatch(/could not be saved \(Error\)/);

			// The storage is fixed: the same If-Match saves now (nothing changed meanwhile).
			faulty.failing = undefined;
			const saved = await device.request('PUT', 'oauth2/microsoft/basic', {
				body: {...before.settings, verifyServerCertificate: false, addCnToVerification: false},
				headers: {'if-match': etag},
			});
			expect(saved.status).toBe(200);
			expect(onDisk().microsoft.settings.verifyServerCertificate).toBe(false);
		});
	}

	it('ENOSPC while the storage stays full: after a restart the device still holds what it had', async () => {
		const faulty = faultyFileSystem();
		await device.restart({stateFileSystem: faulty.fileSystem});
		await device.login();
		const before = await device.state();
		faulty.failing = 'ENOSPC';
		const refused = await device.save({verifyServerCertificate: false, addCnToVerification: false});
		expect(refused.status).toBe(507);
		await device.restart({stateFileSystem: faulty.fileSystem});
		await device.login();
		expect((await device.state()).settings).toEqual(before.settings);
	});

	it('Google: a new client ID and secret that cannot be written are not kept, and the secret is not on disk', async () => {
		const faulty = faultyFileSystem();
		await device.restart({stateFileSystem: faulty.fileSystem});
		await device.login();
		const before = await device.googleState();
		faulty.failing = 'ENOSPC';
		const refused = await device.saveGoogle({clientId: googleClientId, clientSecret: googleClientSecret});
		expect(refused.status).toBe(507);
		expect(apiErrorSchema.parse(refused.json).error).toBe('not_saved');
		const after = await device.googleState();
		expect(after.settings).toEqual(before.settings);
		expect(after.settings.clientSecretSet).toBe(false);
		expect(onDisk().google.clientSecret).toBeNull();
		await device.restart();
		await device.login();
		expect(googleStateSchema.parse((await device.request('GET', 'oauth2/google')).json).settings.clientId).toBe('');
	});
});

/** `mount -t tmpfs` works here (root in a container that allows it). */
function canMount(): string | undefined {
	if (process.getuid?.() !== 0) {
		return 'not root';
	}

	const probe = fs.mkdtempSync(path.join(os.tmpdir(), 'cloudmail-mount-probe-'));
	try {
		const result = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=16k,mode=0700', 'tmpfs', probe], {encoding: 'utf8'});
		if (result.status !== 0) {
			return `mount refused: ${(result.stderr || result.error?.message || '').trim()}`;
		}

		spawnSync('umount', [probe]);
		return undefined;
	} finally {
		fs.rmSync(probe, {recursive: true, force: true});
	}
}

const noMount = canMount();

describe('a really full file system (tmpfs of 64 KiB)', () => {
	let mounted: string | undefined;
	afterEach(() => {
		if (mounted) {
			spawnSync('umount', ['-l', mounted]);
			mounted = undefined;
		}
	});

	it.skipIf(noMount !== undefined)(`507 and nothing changed, also after a restart${noMount ? ` (skipped: ${noMount})` : ''}`, async () => {
		await device.emulator.close();
		execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k,mode=0700', 'tmpfs', device.stateDir]);
		mounted = device.stateDir;
		await device.start();
		await device.login();
		const before = await device.state();
		// Fill what is left.
		const filler = fs.openSync(path.join(device.stateDir, 'filler'), 'w');
		try {
			const chunk = Buffer.alloc(1024, 1);
			for (;;) {
				fs.writeSync(filler, chunk);
			}
		} catch (error) {
			expect((error as NodeJS.ErrnoException).code).toBe('ENOSPC');
		} finally {
			fs.closeSync(filler);
		}

		const refused = await device.save({verifyServerCertificate: false, addCnToVerification: false});
		expect(refused.status).toBe(507);
		expect(apiErrorSchema.parse(refused.json)).toMatchObject({error: 'not_saved', errno: 'ENOSPC'});
		expect((await device.state()).settings).toEqual(before.settings);
		expect(device.logs.join('\n')).toContain('ENOSPC');
		await device.restart();
		await device.login();
		expect((await device.state()).settings).toEqual(before.settings);
		// No half-written temporary file is left behind.
		expect(fs.readdirSync(device.stateDir).filter(name => name.endsWith('.tmp'))).toEqual([]);
		await device.emulator.close();
		spawnSync('umount', [device.stateDir]);
		mounted = undefined;
		await device.start();
	});
});

describe('the state directory and the log file', () => {
	const made: string[] = [];
	afterEach(() => {
		for (const directory of made.splice(0)) {
			fs.rmSync(directory, {recursive: true, force: true});
		}
	});

	function directory(mode: number): string {
		const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'cloudmail-statedir-'));
		made.push(parent);
		const dir = path.join(parent, 'state dir');
		fs.mkdirSync(dir);
		fs.chmodSync(dir, mode);
		return dir;
	}

	function options(stateDir: string): EmulatorOptions {
		return {
			mode: 'offline',
			stateDir,
			identityProvider: {url: idp.url, caCertificatePem: idp.caCertificatePem},
			microsoftClientId: offlineMicrosoftClientId,
		};
	}

	for (const mode of [0o777, 0o775, 0o757]) {
		it(`a state directory of mode ${mode.toString(8)} is refused, naming the path and chmod 700`, async () => {
			const dir = directory(mode);
			await expect(startEmulator(options(dir))).rejects.toThrow(`chmod 700 '${dir}'`);
			await expect(startEmulator(options(dir))).rejects.toThrow(/writable by other users/);
			expect(fs.readdirSync(dir)).toEqual([]);
		});
	}

	it.skipIf(process.getuid?.() !== 0)('a state directory of another user is refused (root only: it needs chown)', async () => {
		const dir = directory(0o700);
		fs.chownSync(dir, 65_534, 65_534);
		await expect(startEmulator(options(dir))).rejects.toThrow(/belongs to another user/);
	});

	it('a readable state directory (0755) and state file (0644) are tightened to 0700 / 0600', async () => {
		const dir = directory(0o755);
		fs.writeFileSync(path.join(dir, 'device-state.json'), '{}\n', {mode: 0o644});
		fs.chmodSync(path.join(dir, 'device-state.json'), 0o644);
		const emulator = await startEmulator(options(dir));
		await emulator.close();
		expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
		expect(fs.statSync(path.join(dir, 'device-state.json')).mode & 0o777).toBe(0o600);
	});

	it('a 0644 emulator.log of the built-in device is tightened to 0600; a new one is 0600', async () => {
		const dir = directory(0o700);
		const log = path.join(dir, 'emulator.log');
		fs.writeFileSync(log, 'old line\n');
		fs.chmodSync(log, 0o644);
		const builtIn = await startBuiltInDevice({stateDir: dir});
		await builtIn.close();
		expect(fs.statSync(log).mode & 0o777).toBe(0o600);
		expect(fs.readFileSync(log, 'utf8')).toMatch(/^old line\n/);

		const fresh = directory(0o700);
		const second = await startBuiltInDevice({stateDir: fresh});
		await second.close();
		expect(fs.statSync(path.join(fresh, 'emulator.log')).mode & 0o777).toBe(0o600);
	});

	it('the built-in device refuses a world-writable state directory before writing anything there', async () => {
		const dir = directory(0o777);
		await expect(startBuiltInDevice({stateDir: dir})).rejects.toThrow(`chmod 700 '${dir}'`);
		expect(fs.readdirSync(dir)).toEqual([]);
	});
});

