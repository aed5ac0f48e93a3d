/**
The emulator command (issue 12): `cloudmail-setup emulator --help` prints its usage (every
option, in the locale's language) and exits 0 without starting or binding anything, even when
another emulator holds the port; a port in use says to use `--port 0 --idp-port 0`; and with
`--port 0 --idp-port 0` the banner prints the ports really bound, which answer.

Runs the built CLI (`npx tsc -b` first). Loopback only.
*/
import {spawn} from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import stringWidth from 'string-width';
import {afterEach, describe, expect, it} from 'vitest';
import {cliPath, EmulatorProcess, temporaryDirectory} from './support/emulator-process.js';
import {processOutput} from './support/process-output.js';

type Run = {code: number | null; stdout: string; stderr: string};

/** Runs the CLI to its end with this environment (no terminal; no saved preferences: the locale decides the language). */
async function runCli(args: string[], environment: Record<string, string> = {}): Promise<Run> {
	const config = temporaryDirectory('help-config');
	cleanup.push(async () => {
		fs.rmSync(config, {recursive: true, force: true});
	});
	const child = spawn(process.execPath, [cliPath, ...args], {
		stdio: ['ignore', 'pipe', 'pipe'],
		env: {...process.env, XDG_CONFIG_HOME: config, LANG: 'C', LC_ALL: '', LC_MESSAGES: '', ...environment},
	});
	const {code, stdout, stderr} = await processOutput(child);
	return {code, stdout, stderr};
}

/** A loopback port someone else holds. */
async function occupiedPort(): Promise<{port: number; close(): Promise<void>}> {
	const server = net.createServer(socket => socket.destroy());
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	const address = server.address();
	return {
		port: typeof address === 'object' && address ? address.port : 0,
		close: async () => new Promise<void>(resolve => {
			server.close(() => {
				resolve();
			});
		}),
	};
}

const everyOption = ['--port N', '--idp-port N', '--host ADDR', '--state DIR', '--offline', '--live', '--client-id ID', '--tls', '--tls-regenerate', '--dev-default-password', '--lang ja|en', '--help'];

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
	for (const step of cleanup.splice(0).reverse()) {
		// eslint-disable-next-line no-await-in-loop
		await step();
	}
});

describe('cloudmail-setup emulator --help', () => {
	it('prints every option and exits 0 without binding anything, even while the port is taken', async () => {
		const busy = await occupiedPort();
		cleanup.push(busy.close);
		const state = temporaryDirectory('help-state');
		cleanup.push(async () => {
			fs.rmSync(state, {recursive: true, force: true});
		});
		const run = await runCli(['emulator', '--help', '--port', String(busy.port), '--state', state]);
		expect(run.stderr).toBe('');
		expect(run.code).toBe(0);
		for (const option of everyOption) {
			expect(run.stdout, option).toContain(option);
		}

		expect(run.stdout).toMatch(/Usage/);
		expect(run.stdout).toContain('--port 0 --idp-port 0');
		expect(run.stdout).not.toMatch(/Device API:|EADDRINUSE/);
		// Nothing was started: the state directory stays empty.
		expect(fs.readdirSync(state)).toEqual([]);
	});

	it('in Japanese under a ja locale', async () => {
		const run = await runCli(['emulator', '--help'], {LANG: 'ja_JP.UTF-8'});
		expect(run.code).toBe(0);
		expect(run.stdout).toContain('使いかた');
		expect(run.stdout).toContain('オプション');
		for (const option of everyOption) {
			expect(run.stdout, option).toContain(option);
		}

		expect(run.stdout).toContain('--port 0 --idp-port 0');
		// Fits an 80-column console (Japanese measured as the terminal draws it).
		for (const line of run.stdout.split('\n')) {
			expect(stringWidth(line), line).toBeLessThanOrEqual(80);
		}
	});
});

describe('ports', () => {
	it('a port in use: exit 1, naming the address and suggesting --port 0 --idp-port 0', async () => {
		const busy = await occupiedPort();
		cleanup.push(busy.close);
		const state = temporaryDirectory('busy-state');
		cleanup.push(async () => {
			fs.rmSync(state, {recursive: true, force: true});
		});
		const run = await runCli(['emulator', '--port', String(busy.port), '--idp-port', '0', '--state', state, '--dev-default-password']);
		expect(run.code).toBe(1);
		expect(run.stderr).toContain(`127.0.0.1:${busy.port}`);
		expect(run.stderr).toContain('EADDRINUSE');
		expect(run.stderr).toContain('--port 0 --idp-port 0');
	});

	it('--port 0 --idp-port 0: the banner prints the ports really bound, and they answer', async () => {
		const emulator = new EmulatorProcess();
		cleanup.push(async () => {
			await emulator.stop();
			fs.rmSync(emulator.stateDir, {recursive: true, force: true});
		});
		// EmulatorProcess starts it with --port 0 --idp-port 0 and reads the banner.
		await emulator.start();
		const device = new URL(emulator.deviceUrl);
		const idp = new URL(emulator.idpUrl);
		expect(Number(device.port)).toBeGreaterThan(0);
		expect(Number(idp.port)).toBeGreaterThan(0);

		// The device API answers there (a JSON 401: no session).
		const answer = await fetch(`${emulator.deviceUrl}/oauth2/microsoft`);
		expect(answer.status).toBe(401);
		expect(((await answer.json()) as {error: string}).error).toBe('unauthenticated');

		// The identity provider answers there, over HTTPS with the printed CA.
		const page = await new Promise<number>((resolve, reject) => {
			https.get(new URL('/devicelogin', emulator.idpUrl), {ca: fs.readFileSync(emulator.caCertificatePath, 'utf8'), headers: {accept: 'text/html'}}, response => {
				response.resume();
				resolve(response.statusCode ?? 0);
			}).on('error', reject);
		});
		expect(page).toBe(200);

		// The SMTP servers greet on the printed ports.
		const smtpPorts = /smtp\.office365\.com → port (\d+), smtp\.gmail\.com → port (\d+)/.exec(emulator.banner)!.slice(1).map(Number);
		for (const port of smtpPorts) {
			expect(port).toBeGreaterThan(0);
			// eslint-disable-next-line no-await-in-loop
			const greeting = await new Promise<string>((resolve, reject) => {
				const socket = net.connect(port, '127.0.0.1');
				socket.once('data', chunk => {
					socket.destroy();
					resolve(chunk.toString());
				});
				socket.once('error', reject);
			});
			expect(greeting).toMatch(/^220 /);
		}
	});
});
