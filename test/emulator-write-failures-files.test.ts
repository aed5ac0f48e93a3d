/**
The device's other state files take the same path as device-state.json (issue 11): a password
change the storage refuses is not acknowledged (507/500 not_saved, the old password still works,
the new one does not); a throttle file that cannot be written is logged with its errno and the
lock-out in memory still holds (fail safe: a full disk never unlocks anyone); the identity
provider's `idp/` certificates that cannot be written stop its start with the errno in words and
leave nothing half-written.

Write failures are injected through the state file-system seam (`stateFileSystem`), for the
files whose name is given; the identity provider's by a real EISDIR (a directory where its CA
certificate goes).
*/
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {apiErrorSchema, loginResponseSchema} from '../source/device/contract.js';
import {throttleFileName} from '../source/emulator/lockout-store.js';
import {passwordFileName} from '../source/emulator/password-store.js';
import type {StateFileSystem} from '../source/emulator/store.js';
import {startIdentityProvider} from '../source/identity-provider/index.js';
import {Harness, withDevice} from './support/emulator-harness.js';

let device: Harness;

withDevice({}, current => {
	({device} = current);
});

const factoryPassword = '7654321';
const newPassword = 'N3w-Passw0rd-2026';

function systemError(code: string): NodeJS.ErrnoException {
	const error = new Error(`${code}: failed, write`) as NodeJS.ErrnoException;
	error.code = code;
	error.syscall = 'write';
	return error;
}

/** Writes fail with `failing` while it is set, for the temporary files of `file` only. */
function failingFor(file: string): {fileSystem: Partial<StateFileSystem>; failing: string | undefined} {
	const control: {fileSystem: Partial<StateFileSystem>; failing: string | undefined} = {failing: undefined, fileSystem: {}};
	control.fileSystem = {
		openSync(target: string, flags: string, mode?: number) {
			if (control.failing && path.basename(target).startsWith(`.${file}.`)) {
				throw systemError(control.failing);
			}

			return fs.openSync(target, flags, mode);
		},
	};
	return control;
}

async function logIn(password: string): Promise<{status: number; passwordChangeRequired?: boolean}> {
	const response = await device.request('POST', 'session', {body: {userName: 'Administrator', password}, token: null});
	if (response.status !== 201) {
		return {status: response.status};
	}

	const login = loginResponseSchema.parse(response.json);
	device.token = login.token;
	return {status: 201, passwordChangeRequired: login.passwordChangeRequired};
}

describe('the administrator password file (administrator.json)', () => {
	for (const [errno, status] of [['ENOSPC', 507], ['EROFS', 500]] as const) {
		it(`a change the storage refuses (${errno}) is not acknowledged: ${status} not_saved, the old password still works`, async () => {
			const faulty = failingFor(passwordFileName);
			await device.restart({devDefaultPassword: false, stateFileSystem: faulty.fileSystem});
			expect(await logIn(factoryPassword)).toEqual({status: 201, passwordChangeRequired: true});
			faulty.failing = errno;
			const refused = await device.request('PUT', 'session/password', {body: {currentPassword: factoryPassword, newPassword}});
			expect(refused.status).toBe(status);
			const body = apiErrorSchema.parse(refused.json);
			expect(body).toMatchObject({error: 'not_saved', errno});
			expect(body.message).toMatch(/password was not changed/i);
			expect(device.logs.join('\n')).toContain(errno);
			expect(fs.existsSync(path.join(device.stateDir, passwordFileName))).toBe(false);

			// The old password still works (and must still be changed); the new one does not.
			expect(await logIn(newPassword)).toEqual({status: 401});
			expect(await logIn(factoryPassword)).toEqual({status: 201, passwordChangeRequired: true});

			// Storage fixed: the same change goes through.
			faulty.failing = undefined;
			expect((await device.request('PUT', 'session/password', {body: {currentPassword: factoryPassword, newPassword}})).status).toBe(204);
			expect(await logIn(newPassword)).toEqual({status: 201, passwordChangeRequired: false});
		});
	}
});

describe('the log-in throttle file (login-throttle.json)', () => {
	it('a throttle write the storage refuses is logged with its errno, and the lock-out still holds', async () => {
		const faulty = failingFor(throttleFileName);
		faulty.failing = 'ENOSPC';
		await device.restart({lockout: {maxFailures: 3, seconds: 60}, stateFileSystem: faulty.fileSystem});
		const statuses: number[] = [];
		for (let attempt = 0; attempt < 3; attempt++) {
			// eslint-disable-next-line no-await-in-loop
			statuses.push((await logIn('wrong-password')).status);
		}

		expect(statuses).toEqual([401, 401, 423]);
		expect(device.logs.join('\n')).toMatch(/login-throttle\.json not saved: the device's storage is full \(ENOSPC\)/);
		expect(fs.existsSync(path.join(device.stateDir, throttleFileName))).toBe(false);
		// Fail safe: the right password from the locked address is still refused.
		expect((await logIn(factoryPassword)).status).toBe(423);
	});
});

describe('the identity provider\'s certificates (<state>/idp)', () => {
	const made: string[] = [];
	afterEach(() => {
		for (const directory of made.splice(0)) {
			fs.rmSync(directory, {recursive: true, force: true});
		}
	});

	it('a certificate the storage refuses stops the start with the errno in words, nothing half-written', async () => {
		const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'cloudmail-idp-state-'));
		made.push(directory);
		// Where the CA certificate goes, a directory: its rename fails with EISDIR.
		fs.mkdirSync(path.join(directory, 'ca.crt'));
		await expect(startIdentityProvider({stateDir: directory})).rejects.toThrow(/could not save its certificates .*\(EISDIR\)/);
		expect(fs.readdirSync(directory).filter(name => name.endsWith('.tmp'))).toEqual([]);
	});

	it('a world-writable idp directory is refused, as the state directory is', async () => {
		const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'cloudmail-idp-state-'));
		made.push(directory);
		fs.chmodSync(directory, 0o777);
		await expect(startIdentityProvider({stateDir: directory})).rejects.toThrow(/writable by other users/);
	});
});
