/**
Scripted mode against the emulated printer served over HTTPS with its own self-signed
certificate (`emulator --tls`): nothing is trusted on first use. Without a fingerprint the
command fails with the certificate error (exit 12) that shows the fingerprint to verify and the
option to pass, and the device receives nothing; --device-fingerprint (either form), a pinned
preference or --ca let it in; a regenerated certificate is refused as a changed one.
*/
import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {exitCodes} from '../../source/scripted/exit-codes.js';
import {TlsEmulator} from '../support/emulator-process.js';
import {expectErrorDocument, expectNoSecrets, runCli, adminPassword} from './cli-process.js';

const device = new TlsEmulator();

beforeAll(async () => {
	await device.start();
});

afterAll(async () => {
	await device.stop();
});

/** A config directory of its own, with `pins` saved as the TUI saves them. */
function configWithPins(pins: Record<string, string>): Record<string, string> {
	const config = mkdtempSync(path.join(tmpdir(), 'cloudmail-pins-'));
	mkdirSync(path.join(config, 'cloudmail-setup'), {recursive: true});
	writeFileSync(path.join(config, 'cloudmail-setup', 'preferences.json'), JSON.stringify({pins}), {mode: 0o600});
	return {XDG_CONFIG_HOME: config};
}

function origin(): string {
	return `https://127.0.0.1:${device.port}`;
}

function logIns(): number {
	return device.log().split('\n').filter(line => line.includes('POST /api/v1/session')).length;
}

describe('scripted mode and the device certificate', () => {
	it('no pin: a certificate error (exit 12) with the fingerprint and the exact option; nothing reaches the device', async () => {
		const before = logIns();
		const run = await runCli(['status', '--device', device.deviceUrl, '--json']);
		const document = expectErrorDocument(run, 'certificate', exitCodes.certificate);
		expect(exitCodes.certificate).toBe(12);
		expect(document['certificate']).toMatchObject({
			problem: 'self-signed',
			origin: origin(),
			fingerprint: device.fingerprint,
			fingerprintHex: device.fingerprintHex,
			selfSigned: true,
		});
		expect(document['error'].message).toContain(`--device-fingerprint ${device.fingerprint}`);
		expect(document['error'].message).toContain(device.fingerprintHex);
		expect(document['error'].message).not.toMatch(/cannot reach/i);
		expect(logIns()).toBe(before);
		expectNoSecrets([run], [adminPassword]);
	});

	it('without --json, in Japanese: the same on stderr', async () => {
		const run = await runCli(['status', '--device', device.deviceUrl, '--lang', 'ja']);
		expect(run.code).toBe(12);
		expect(run.stdout).toBe('');
		expect(run.stderr).toContain('証明書は信頼されていません');
		expect(run.stderr).toContain(`--device-fingerprint ${device.fingerprint}`);
	});

	it.each(['SHA256 form', 'hex form'])('--device-fingerprint (%s): the command runs', async form => {
		const fingerprint = form === 'hex form' ? device.fingerprintHex : device.fingerprint;
		const run = await runCli(['status', '--device', device.deviceUrl, '--device-fingerprint', fingerprint, '--json']);
		expect(run.code, run.stderr).toBe(0);
		expect(run.json()['microsoft']).toBeDefined();
	});

	it('a pinned preference: the command runs', async () => {
		const run = await runCli(['status', '--device', device.deviceUrl, '--json'], {env: configWithPins({[origin()]: device.fingerprint})});
		expect(run.code, run.stderr).toBe(0);
	});

	it('--ca with the certificate the device presents (exported from it): trusted without a pin', async () => {
		const run = await runCli(['status', '--device', device.deviceUrl, '--ca', device.certificatePath, '--json']);
		expect(run.code, run.stderr).toBe(0);
	});

	it('a wrong --device-fingerprint: refused as a changed certificate, with both fingerprints', async () => {
		const wrong = 'SHA256:AAAAd5xtK7wzUSrHALQAWSuhc2/dVWeu3tiDwdItv3E';
		const run = await runCli(['status', '--device', device.deviceUrl, '--device-fingerprint', wrong, '--json']);
		const document = expectErrorDocument(run, 'certificate', 12);
		expect(document['certificate']).toMatchObject({problem: 'pin-mismatch', pinned: wrong, fingerprint: device.fingerprint});
	});

	it('usage errors before anything is asked or sent: a malformed fingerprint, an unreadable --ca', async () => {
		const bad = await runCli(['status', '--device', device.deviceUrl, '--device-fingerprint', 'SHA256:abc', '--json']);
		expectErrorDocument(bad, 'usage', 2);
		const missing = await runCli(['status', '--device', device.deviceUrl, '--ca', '/nonexistent/ca.pem', '--json']);
		expectErrorDocument(missing, 'usage', 2);
		expect(missing.json()['error'].message).toContain('--ca');
	});

	it('the kept certificate survives a restart; a regenerated one is refused as changed (pin-mismatch), exit 12', async () => {
		const env = configWithPins({[origin()]: device.fingerprint});
		const old = device.fingerprint;
		await device.stop();
		await device.start();
		expect(device.fingerprint).toBe(old);
		expect((await runCli(['status', '--device', device.deviceUrl, '--json'], {env})).code).toBe(0);

		await device.stop();
		await device.start({regenerate: true});
		expect(device.fingerprint).not.toBe(old);
		const before = logIns();
		const run = await runCli(['status', '--device', device.deviceUrl, '--json'], {env});
		const document = expectErrorDocument(run, 'certificate', 12);
		expect(document['certificate']).toMatchObject({problem: 'pin-mismatch', pinned: old, fingerprint: device.fingerprint});
		expect(document['error'].message).toContain('CHANGED');
		expect(document['error'].message).toContain(`cloudmail-setup config unpin ${origin()}`);
		expect(logIns()).toBe(before);

		// Forgotten with config unpin, then the new one is asked for again (self-signed, not changed).
		const unpin = await runCli(['config', 'unpin', `127.0.0.1:${device.port}`], {env});
		expect(unpin.code, unpin.stderr).toBe(0);
		expect(unpin.stdout).toContain(old);
		const after = await runCli(['status', '--device', device.deviceUrl, '--json'], {env});
		expect(expectErrorDocument(after, 'certificate', 12)['certificate'].problem).toBe('self-signed');
	});
});
