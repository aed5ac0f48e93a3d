/**
Per-device certificates for a fleet tool: every invocation names its own printer and the
fingerprint it expects (an inventory variable per host), and that holds for that invocation
only. Two printers over HTTPS, each with its own self-signed certificate: each is reached with
its own fingerprint; one printer's fingerprint given for the other is refused (exit 12) and
that printer receives no log-in; a saved pin that is stale is overridden by the invocation's
--device-fingerprint; and a scripted command saves no pin.
*/
import {mkdirSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {exitCodes} from '../../source/scripted/exit-codes.js';
import {TlsEmulator} from '../support/emulator-process.js';
import {expectErrorDocument, runCli} from './cli-process.js';

const first = new TlsEmulator();
const second = new TlsEmulator();

beforeAll(async () => {
	await Promise.all([first.start(), second.start()]);
}, 60_000);

afterAll(async () => {
	await Promise.all([first.stop(), second.stop()]);
});

function logIns(device: TlsEmulator): number {
	return device.log().split('\n').filter(line => line.includes('POST /api/v1/session')).length;
}

describe('a fingerprint per device and per invocation', () => {
	it('each printer with its own fingerprint; the other one\'s is refused with nothing sent', async () => {
		expect(first.fingerprint).not.toBe(second.fingerprint);
		for (const device of [first, second]) {
			const run = await runCli(['microsoft', 'configure', '--tenant', 'organizations', '--enable', '--check', '--device', device.deviceUrl, '--device-fingerprint', device.fingerprint, '--json']);
			expect(run.code, run.stderr).toBe(0);
			expect(run.json()).toMatchObject({check: true, changed: true});
		}

		const before = logIns(second);
		const swapped = await runCli(['status', '--device', second.deviceUrl, '--device-fingerprint', first.fingerprint, '--json']);
		const document = expectErrorDocument(swapped, 'certificate', exitCodes.certificate);
		expect(document['certificate']).toMatchObject({problem: 'pin-mismatch', pinned: first.fingerprint, fingerprint: second.fingerprint});
		expect(logIns(second)).toBe(before);
	});

	it('the invocation\'s --device-fingerprint overrides a stale saved pin, and nothing is saved', async () => {
		const config = mkdtempSync(path.join(tmpdir(), 'cloudmail-fleet-pins-'));
		const file = path.join(config, 'cloudmail-setup', 'preferences.json');
		mkdirSync(path.dirname(file), {recursive: true});
		const origin = new URL(first.deviceUrl).origin;
		// The pin of a certificate the printer had before (here: the other printer's).
		writeFileSync(file, JSON.stringify({pins: {[origin]: second.fingerprint}}), {mode: 0o600});
		const saved = readFileSync(file, 'utf8');
		const env = {XDG_CONFIG_HOME: config};
		const stale = await runCli(['status', '--device', first.deviceUrl, '--json'], {env});
		expectErrorDocument(stale, 'certificate', exitCodes.certificate);
		const given = await runCli(['status', '--device', first.deviceUrl, '--device-fingerprint', first.fingerprint, '--json'], {env});
		expect(given.code, given.stderr).toBe(0);
		expect(readFileSync(file, 'utf8')).toBe(saved);
	});
});
