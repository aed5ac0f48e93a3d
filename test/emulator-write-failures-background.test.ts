/**
All or nothing beyond PUT basic (issue 11): the exchange of a Google authorization code, DELETE
token, the refresh button, a connection check and a token refresh keep nothing in memory that
the storage refused to write. Acknowledged ones answer 507/500 `not_saved` naming the errno (as
PUT basic does); background ones acknowledge nothing and GET shows what is on disk. Every
refusal is in the log with its errno.

The write failure is injected through the store's file-system seam (`stateFileSystem`): while
`failing` is set, writes of the state file fail with that errno; `when` narrows it to the
writes whose text matches (a check result, new tokens), so that the test does not depend on
when a background write happens.
*/
import fs from 'node:fs';
import {describe, expect, it} from 'vitest';
import {apiErrorSchema, googleStateSchema, microsoftStateSchema} from '../source/device/contract.js';
import type {StateFileSystem} from '../source/emulator/store.js';
import type {IdentityProvider} from '../source/identity-provider/index.js';
import {Harness, withDevice} from './support/emulator-harness.js';
import {until} from './support/until.js';

let idp: IdentityProvider;
let device: Harness;

withDevice({login: true}, current => {
	({idp, device} = current);
});

function systemError(code: string): NodeJS.ErrnoException {
	const words: Record<string, string> = {ENOSPC: 'no space left on device', EACCES: 'permission denied', EROFS: 'read-only file system'};
	const error = new Error(`${code}: ${words[code] ?? 'failed'}, write`) as NodeJS.ErrnoException;
	error.code = code;
	error.syscall = 'write';
	return error;
}

type Faulty = {fileSystem: Partial<StateFileSystem>; failing: string | undefined; when: (text: string) => boolean; refused: number};

/** Writes of the state fail with `failing` (ENOSPC, EACCES, EROFS) while it is set and `when` holds for the text. */
function faultyFileSystem(): Faulty {
	const control: Faulty = {failing: undefined, when: () => true, refused: 0, fileSystem: {}};
	control.fileSystem = {
		writeFileSync(fd: number, data: string) {
			if (control.failing && control.when(data)) {
				control.refused++;
				throw systemError(control.failing);
			}

			fs.writeFileSync(fd, data);
		},
	};
	return control;
}

type Disk = {
	microsoft: {connection: {status: string}; token: {status: string; expiresAt?: string}; tokens: {accessToken: string; expiresAt: number} | null; authorization: unknown};
	google: {token: {status: string}; tokens: unknown; authorization: unknown; attempt: unknown};
};

function onDisk(): Disk {
	return JSON.parse(fs.readFileSync(device.stateFile, 'utf8')) as Disk;
}

async function restartFaulty(): Promise<Faulty> {
	const faulty = faultyFileSystem();
	await device.restart({stateFileSystem: faulty.fileSystem});
	await device.login();
	return faulty;
}

function expectNotSaved(response: {status: number; json: unknown}, errno: string, status: number): void {
	expect(response.status).toBe(status);
	const body = apiErrorSchema.parse(response.json);
	expect(body).toMatchObject({error: 'not_saved', errno});
	expect(body.message).toContain(errno);
}

async function activeMicrosoft(): Promise<void> {
	await device.enable();
	const {authorization} = await device.waitForUserCode();
	expect(idp.controls.approve(authorization.userCode)).toBe('approved');
	await device.waitFor(state => state.token.status === 'active');
}

describe('acknowledged writes the storage refuses: 507/500 not_saved, nothing changed', () => {
	for (const [errno, status] of [['ENOSPC', 507], ['EACCES', 500], ['EROFS', 500]] as const) {
		it(`Google: the authorization code exchange (${errno}) keeps the authorization pending and no token`, async () => {
			const faulty = await restartFaulty();
			await device.enableGoogle();
			const {authorization} = await device.waitForGoogleAuthorization();
			const before = await device.googleState();
			faulty.failing = errno;
			const refused = await device.submitCode(await device.consent(authorization.url));
			expectNotSaved(refused, errno, status);
			expect(apiErrorSchema.parse(refused.json).message).toMatch(/consent again/);

			const after = await device.googleState();
			expect(after.token).toEqual(before.token);
			expect(after.token.status).toBe('waiting');
			expect(after.authorization).toEqual(before.authorization);
			expect(onDisk().google.tokens).toBeNull();
			expect(onDisk().google.token.status).toBe('waiting');
			expect(device.logs.join('\n')).toContain(errno);

			// The storage is fixed: consent again at the same URL, the new code is taken.
			faulty.failing = undefined;
			const saved = await device.submitCode(await device.consent(authorization.url));
			expect(saved.status).toBe(200);
			expect(googleStateSchema.parse(saved.json).token.status).toBe('active');
			expect(onDisk().google.token.status).toBe('active');
		});
	}

	it('DELETE token (ENOSPC): the token stays active, in memory, on disk and after a restart', async () => {
		const faulty = await restartFaulty();
		await activeMicrosoft();
		const accessToken = onDisk().microsoft.tokens!.accessToken;
		faulty.failing = 'ENOSPC';
		const refused = await device.request('DELETE', 'oauth2/microsoft/token');
		expectNotSaved(refused, 'ENOSPC', 507);
		expect((await device.state()).token.status).toBe('active');
		expect(onDisk().microsoft.tokens?.accessToken).toBe(accessToken);
		expect(device.logs.join('\n')).toContain('ENOSPC');

		faulty.failing = undefined;
		await device.restart();
		await device.login();
		expect((await device.state()).token.status).toBe('active');
		const forgotten = await device.request('DELETE', 'oauth2/microsoft/token');
		expect(forgotten.status).toBe(200);
		expect(onDisk().microsoft.tokens).toBeNull();
	});

	it('DELETE token of Google (EROFS): nothing is revoked, the token stays active', async () => {
		const faulty = await restartFaulty();
		await device.activateGoogle();
		faulty.failing = 'EROFS';
		const refused = await device.request('DELETE', 'oauth2/google/token');
		expectNotSaved(refused, 'EROFS', 500);
		expect((await device.googleState()).token.status).toBe('active');
		expect(onDisk().google.token.status).toBe('active');
		expect(device.logs.join('\n')).not.toMatch(/revocation/);
	});

	it('the refresh button (ENOSPC): 507, no check starts, the status stays as it is on disk', async () => {
		const faulty = await restartFaulty();
		await activeMicrosoft();
		const checks = idp.controls.stats()['openidConfiguration'] ?? 0;
		faulty.failing = 'ENOSPC';
		const refused = await device.request('POST', 'oauth2/microsoft/refresh');
		expectNotSaved(refused, 'ENOSPC', 507);
		const state = await device.state();
		expect(state.connection.status).toBe('success');
		expect(onDisk().microsoft.connection.status).toBe('success');
		expect(idp.controls.stats()['openidConfiguration'] ?? 0).toBe(checks);
	});
});

describe('background writes the storage refuses: nothing kept, GET shows what is on disk', () => {
	it('a connection check whose result cannot be written: still "checking" (as on disk), nothing acted on', async () => {
		const faulty = await restartFaulty();
		faulty.failing = 'ENOSPC';
		// Only the result: the settings and "checking" are written.
		faulty.when = text => ['success', 'failed'].includes((JSON.parse(text) as Disk).microsoft.connection.status);
		const saved = await device.enable();
		expect(saved.connection.status).toBe('checking');
		await until(() => faulty.refused > 0 && device.logs.some(line => line.includes('connection success')), 'the check result refused');
		expect(device.logs.join('\n')).toMatch(/not saved: the device's storage is full \(ENOSPC\)/);
		const state = await device.state();
		expect(state.connection.status).toBe(onDisk().microsoft.connection.status);
		expect(state.connection.status).toBe('checking');
		// A result that is not kept is not acted on: no device code was asked for.
		expect(idp.controls.stats()['devicecode'] ?? 0).toBe(0);
		expect(state.token.status).toBe('not-authorized');
	});

	it('a token refresh whose tokens cannot be written: the old token is what GET shows, as on disk', async () => {
		idp.controls.configure({accessTokenLifetimeSeconds: 2});
		const faulty = await restartFaulty();
		await activeMicrosoft();
		// From now on, any write that would replace the access token on disk is refused.
		const kept = onDisk().microsoft.tokens!.accessToken;
		faulty.when = text => (JSON.parse(text) as Disk).microsoft.tokens?.accessToken !== kept;
		faulty.failing = 'ENOSPC';
		const first = await device.state();
		const refreshes = idp.controls.stats()['token'] ?? 0;
		await until(() => (idp.controls.stats()['token'] ?? 0) > refreshes && faulty.refused > 0, 'a refresh that could not be saved');
		expect(faulty.refused).toBeGreaterThan(0);
		expect(device.logs.join('\n')).toMatch(/not saved: the device's storage is full \(ENOSPC\)/);
		const state = microsoftStateSchema.parse((await device.request('GET', 'oauth2/microsoft')).json);
		expect(state.token).toEqual(first.token);
		expect(onDisk().microsoft.tokens?.accessToken).toBe(kept);
		expect(Date.parse(state.token.expiresAt!)).toBe(onDisk().microsoft.tokens!.expiresAt);
	});
});
