/**
The built-in device (`npm start`, the TUI without --device) shows its per-run test token only in
`<state>/test-token` (mode 0600), so that faults can be driven against it as against a standalone
emulator: the token in the file opens /api/v1/_faults, nothing else does, and the file is gone
when the device stops.
*/
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {startBuiltInDevice, testTokenFileName} from '../source/cli/emulator-command.js';

const made: string[] = [];
afterEach(() => {
	for (const directory of made.splice(0)) {
		fs.rmSync(directory, {recursive: true, force: true});
	}
});

async function fault(url: string, token: string | undefined): Promise<number> {
	const response = await fetch(`${url}/_faults`, {
		method: 'POST',
		headers: {'content-type': 'application/json', ...(token === undefined ? {} : {'x-test-token': token})},
		body: JSON.stringify({next: 1, kind: 'status500'}),
	});
	await response.arrayBuffer();
	return response.status;
}

describe('the built-in device\'s test token', () => {
	it('is in <state>/test-token (0600), opens /_faults, and is removed at close', async () => {
		const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cloudmail-built-in-'));
		made.push(stateDir);
		const device = await startBuiltInDevice({stateDir});
		const file = path.join(stateDir, testTokenFileName);
		try {
			expect(fs.statSync(file).mode & 0o777).toBe(0o600);
			const token = fs.readFileSync(file, 'utf8').trim();
			expect(token).toMatch(/^\S{20,}$/);
			expect(await fault(device.url, undefined)).toBe(401);
			expect(await fault(device.url, 'not-the-token')).toBe(401);
			expect(await fault(device.url, token)).toBe(204);
			// The fault it queued is served: the next request answers 500.
			const next = await fetch(`${device.url}/oauth2/microsoft`);
			await next.arrayBuffer();
			expect(next.status).toBe(500);
			// Not in the log.
			expect(fs.readFileSync(path.join(stateDir, 'emulator.log'), 'utf8')).not.toContain(token);
		} finally {
			await device.close();
		}

		expect(fs.existsSync(file)).toBe(false);
	});
});
