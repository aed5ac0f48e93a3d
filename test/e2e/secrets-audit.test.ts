/**
End to end in a real terminal (tmux), against the built emulator process and its offline
identity provider:
- hostile text planted by the identity provider is drawn without its control sequences;
- secrets (password, client secret, device code, tokens) appear nowhere they must not.
*/
import {execFileSync} from 'node:child_process';
import {existsSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {newEmulator, scratchDirectory, startEmulator, startTui} from '../support/e2e-harness.js';
import {cliPath} from '../support/emulator-process.js';
import type {Terminal} from '../support/tmux.js';
import {logInAndOpenMicrosoft, urlOnScreen} from '../support/tui.js';
import {expectNoSecrets, home as cliHome, readCmdline, runCli, type CliOptions, type CliRun} from '../scripted/cli-process.js';

const hostile = '\u001B]52;c;ZXZpbA==\u0007\u001B[2J\u001B]8;;http://evil.example/\u0007click\u001B]8;;\u0007\u009B31m\u0007';

/** The pane with its escape sequences (-e) and its whole scrollback (-S -). */
function rawPane(target: Terminal): string {
	return target.screenWithEscapes({scrollback: true});
}

describe('hostile text from the identity provider in a real terminal', () => {
	it('draws the device code message and a declined sign-in\'s reason without their control sequences', async () => {
		const device = await startEmulator();
		expect((await device.control('inject-text', {text: hostile, count: 2})).status).toBe(200);
		const {terminal} = startTui({device: device.deviceUrl, language: 'en'});
		await logInAndOpenMicrosoft(terminal);
		const waiting = await terminal.waitFor(screen => /code [A-Z0-9]{9}/.test(screen), 'a user code');
		// The message is drawn, the planted link text with it, the sequences not; the screen was not cleared.
		expect(waiting).toMatch(/Message\s+To sign in/);
		// The planted link's text is there: the identity provider did send the sequences around it.
		expect(waiting.replace(/\s+/g, ' ')).toContain('to authenticate. click');
		expect(waiting.split('\n')[0]).toMatch(/^Portal › /);
		const userCode = /code ([A-Z0-9]{9})/.exec(waiting)![1]!;
		const verificationUri = /(https:\/\/localhost:\d+\/devicelogin)/.exec(waiting)![1]!;
		expect((await device.postForm(verificationUri, {user_code: userCode, decision: 'deny'})).status).toBe(200);
		const declined = await terminal.waitForText('The authorization was declined. Press r to try again.');
		expect(declined).toMatch(/AADSTS\d+: .* click/);
		expect(declined.split('\n')[0]).toMatch(/^Portal › /);

		const raw = rawPane(terminal);
		expect(raw).not.toContain('\u001B]52');
		expect(raw).not.toContain('evil.example');
		expect(raw).not.toContain('ZXZpbA');
		// The identity provider did plant it: the device passed it on as data.
		expect(device.log()).not.toContain('\u001B]52');
		terminal.keys('q');
		await terminal.waitFor(() => terminal.exited(), 'the program to exit');
	}, 90_000);
});

const password = '7654321';
const clientId = '1234567890-audit.apps.googleusercontent.com';
const clientSecret = 'GOCSPX-Audit-9f3K7q-Secret';

type Saved = {
	microsoft: {deviceCode: string | null; tokens: {accessToken: string; refreshToken?: string} | null};
	google?: {clientSecret: string | null; attempt: {codeVerifier: string} | null; tokens: {accessToken: string; refreshToken?: string} | null};
};

/** Every file under `directory`, recursively. */
function filesUnder(directory: string): string[] {
	if (!existsSync(directory)) {
		return [];
	}

	return readdirSync(directory, {recursive: true, withFileTypes: true})
		.filter(entry => entry.isFile())
		.map(entry => path.join(entry.parentPath, entry.name));
}

/** The pids of a process and all its descendants. */
function descendants(pid: number): number[] {
	let children: number[] = [];
	try {
		children = execFileSync('pgrep', ['-P', String(pid)], {encoding: 'utf8'}).trim().split('\n').filter(Boolean).map(Number);
	} catch {
		// No children.
	}

	return [pid, ...children.flatMap(child => descendants(child))];
}

describe('secrets audit: both flows, then look everywhere', () => {
	for (const mode of ['emulator process', 'built-in device'] as const) {
		it(`${mode}: no password, client secret, device code, code verifier or token on screen, in scrollback, logs, API answers, preferences, snapshots or argv`, async () => {
			await audit(mode);
		}, 120_000);
	}

	it('scripted mode: no password, client secret, device code, code verifier, authorization code or token in any output (human or JSON), the emulator\'s log, the preferences or any argv', async () => {
		await auditScripted();
	}, 60_000);
});

/** Every scripted command against the emulator process, the secrets known, then look everywhere. */
async function auditScripted(): Promise<void> {
	const device = await startEmulator();
	// A sign-in is seen by the device within a second.
	expect((await device.control('config', {intervalSeconds: 1})).status).toBe(200);
	const stateFile = path.join(device.stateDir, 'device-state.json');
	const secrets = new Set<string>([password, clientSecret]);
	/** Whatever the device holds now that must stay secret: it changes as the flows go on. */
	const collect = (): void => {
		const saved = JSON.parse(readFileSync(stateFile, 'utf8')) as Saved;
		for (const secret of [saved.microsoft.deviceCode, saved.microsoft.tokens?.accessToken, saved.microsoft.tokens?.refreshToken, saved.google?.clientSecret, saved.google?.attempt?.codeVerifier, saved.google?.tokens?.accessToken, saved.google?.tokens?.refreshToken]) {
			if (secret) {
				secrets.add(secret);
			}
		}
	};

	const argv = new Map<string, string>();
	/** The argv of a CLI process and of anything it started, as the system shows them now. */
	const lookAtArgv = (pid: number): void => {
		for (const each of descendants(pid)) {
			const cmdline = readCmdline(each).join(' ');
			if (cmdline) {
				argv.set(`${each}: ${cmdline}`, cmdline);
			}
		}
	};

	const runs: CliRun[] = [];
	const cli = async (args: readonly string[], options: CliOptions = {}): Promise<CliRun> => {
		let watching: NodeJS.Timeout | undefined;
		const run = await runCli(args, {
			...options,
			started(child) {
				lookAtArgv(child.pid!);
				// And again while it runs: argv can be rewritten after the start.
				watching = setInterval(() => {
					lookAtArgv(child.pid!);
				}, 25);
				options.started?.(child);
			},
		});
		clearInterval(watching);
		expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(0);
		runs.push(run);
		collect();
		return run;
	};

	/** The password on the first line of stdin instead of CLOUDMAIL_PASSWORD. */
	const fromStdin = (...lines: string[]): CliOptions => ({password: null, stdin: `${[password, ...lines].join('\n')}\n`});

	// Saved preferences: most commands below find the device there.
	await cli(['config', 'set', 'deviceUrl', device.deviceUrl]);
	await cli(['config', 'set', 'userName', 'Administrator']);
	await cli(['status']);
	await cli(['status', '--json', '--password-stdin', '--device', device.deviceUrl], fromStdin());

	// Microsoft: configure, a user code, status while it is pending, then wait while it is approved.
	await cli(['microsoft', 'configure', '--tenant', 'organizations', '--enable']);
	expect((await cli(['microsoft', 'configure', '--tenant', 'organizations', '--enable', '--json', '--password-stdin'], fromStdin())).json()['changed']).toBe(false);
	const pending = await cli(['microsoft', 'authorize']);
	const userCode = /User Code:\s+([A-Z\d]{9})/.exec(pending.stdout)![1]!;
	expect(secrets.size).toBe(3);
	await cli(['status']);
	expect((await cli(['status', '--json', '--password-stdin'], fromStdin())).stdout).toContain(userCode);
	let approval: Promise<unknown> | undefined;
	const waited = await cli(['microsoft', 'authorize', '--wait', '--json', '--password-stdin'], {
		...fromStdin(),
		onStderr(text, child) {
			if (approval === undefined && text.includes(userCode)) {
				lookAtArgv(child.pid!);
				approval = device.postForm(new URL('/devicelogin', device.idpUrl).href, {user_code: userCode, decision: 'allow', account: 'audit@contoso.example'});
			}
		},
	});
	expect(await approval).toMatchObject({status: 200});
	expect(waited.json()['token']).toMatchObject({status: 'active', account: 'audit@contoso.example'});

	// Google: the secret on stdin (after the password, or alone), the URL, consent, the whole redirect URL on stdin.
	await cli(['google', 'configure', '--client-id', clientId, '--client-secret-stdin', '--enable'], {stdin: `${clientSecret}\n`});
	await cli(['google', 'configure', '--client-id', clientId, '--client-secret-stdin', '--json', '--password-stdin'], fromStdin(clientSecret));
	const url = (await cli(['google', 'authorize', '--print-url'])).stdout.trim();
	expect((await cli(['google', 'authorize', '--json', '--password-stdin'], fromStdin())).json()['authorization'].url).toBe(url);
	const {status, location} = await device.postForm(url, {decision: 'allow'});
	expect(status).toBe(302);
	const authorizationCode = new URL(location!).searchParams.get('code')!;
	expect(authorizationCode).toBeTruthy();
	secrets.add(authorizationCode);
	await cli(['google', 'authorize', '--code-stdin', '--json', '--password-stdin'], fromStdin(location!));

	// Test mail through both, then status with both Active.
	await cli(['test-mail', '--provider', 'microsoft', '--to', 'someone@example.com']);
	expect((await cli(['test-mail', '--provider', 'google', '--to', 'someone@example.com', '--json', '--password-stdin'], fromStdin())).json()['testMail'].sent).toBe(true);
	await cli(['status']);
	await cli(['status', '--json']);
	lookAtArgv(device.pid!);
	await device.stop();

	// Password, client secret, device code, code verifier, authorization code, two access and two refresh tokens.
	expect(secrets.size).toBe(9);
	expect(runs).toHaveLength(19);
	// Every run was seen while it ran (its node process and its argv), and the emulator too.
	expect(argv.size).toBeGreaterThanOrEqual(runs.length);
	expectNoSecrets(runs, [...secrets]);
	const preferences = filesUnder(cliHome);
	expect(preferences.some(file => file.endsWith('preferences.json'))).toBe(true);
	const places: Array<[string, string]> = [
		['the emulator\'s stdout', device.stdout()],
		['the emulator\'s stderr (its log)', device.log()],
		...preferences.map((file): [string, string] => [file, readFileSync(file, 'utf8')]),
		...[...argv].map(([process, cmdline]): [string, string] => [`argv of ${process}`, cmdline]),
	];
	expect(device.log()).toMatch(/POST \/api\/v1\/oauth2\/google\/test-mail 200/);
	for (const [place, text] of places) {
		for (const secret of secrets) {
			expect(text.includes(secret), `a secret (${secret.slice(0, 4)}…) in ${place}`).toBe(false);
		}
	}
}

async function audit(mode: 'emulator process' | 'built-in device'): Promise<void> {
	// Not started for the built-in device: there, only its address and CA are filled in.
	const device = newEmulator();
	// Saved preferences (what `config set` writes), then the TUI that reads them: no --device.
	const home = scratchDirectory('e2e-audit-home');
	const environment = {XDG_CONFIG_HOME: path.join(home, 'config'), XDG_DATA_HOME: path.join(home, 'data'), LANG: 'C.UTF-8', TERM: 'xterm-256color'};
	const builtInDir = path.join(home, 'data', 'cloudmail-setup', 'emulated-device');
	const preferences: string[][] = [['language', 'en'], ['userName', 'Administrator']];
	if (mode === 'emulator process') {
		await device.start();
		preferences.push(['deviceUrl', device.deviceUrl]);
	}

	for (const [key, value] of preferences) {
		execFileSync(process.execPath, [cliPath, 'config', 'set', key!, value!], {env: {...process.env, ...environment}});
	}

	const started = startTui({home});
	const {terminal} = started;
	if (mode === 'built-in device') {
		const login = await terminal.waitForText('Log In (System Manager Mode)', 30_000);
		// Log In shows the address as an engineer writes it: the API is under /api/v1.
		device.deviceUrl = `${/Device\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(login)![1]!}/api/v1`;
		device.caCertificatePath = path.join(builtInDir, 'idp', 'ca.crt');
	}

	{
		const screens: string[] = [];
		const argv = new Map<number, string>();
		const secrets = new Set<string>([password, clientSecret]);
		const stateFile = path.join(mode === 'built-in device' ? builtInDir : device.stateDir, 'device-state.json');
		const saved = (): Saved => JSON.parse(readFileSync(stateFile, 'utf8')) as Saved;
		/** The screen, kept; the argv of every process started so far, kept. */
		const look = (): string => {
			const screen = terminal.screen();
			screens.push(screen);
			const panePid = terminal.panePid();
			const serverPid = terminal.serverPid();
			for (const pid of [...descendants(panePid), serverPid, ...(device.pid ? [device.pid] : [])]) {
				try {
					argv.set(pid, readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
				} catch {
					// Gone already.
				}
			}

			return screen;
		};

		const waitFor = async (text: string | RegExp): Promise<string> => terminal.waitFor(screen => {
			screens.push(screen);
			return typeof text === 'string' ? screen.includes(text) : text.test(screen);
		}, String(text));

		// Microsoft.
		await logInAndOpenMicrosoft(terminal);
		const waiting = await waitFor(/code [A-Z0-9]{9}/);
		look();
		const deviceCode = saved().microsoft.deviceCode;
		expect(deviceCode).toBeTruthy();
		secrets.add(deviceCode!);
		const userCode = /code ([A-Z0-9]{9})/.exec(waiting)![1]!;
		const verificationUri = /(https:\/\/localhost:\d+\/devicelogin)/.exec(waiting)![1]!;
		expect((await device.postForm(verificationUri, {user_code: userCode, decision: 'allow'})).status).toBe(200);
		await waitFor(/Token Status\s+Active/);
		look();

		// Google.
		terminal.keys('Escape');
		await waitFor('› 1 OAuth 2.0 (Microsoft) Settings');
		terminal.keys('2');
		await waitFor('Authorization Information');
		terminal.keys('e');
		await waitFor('Edit Basic Settings');
		terminal.keys('Space');
		await waitFor(/\[x\] Use OAuth 2\.0 \(Google\)/);
		terminal.keys('Tab', 'Tab', 'Tab');
		terminal.type(clientId);
		terminal.keys('Tab');
		terminal.type(clientSecret);
		await waitFor('•'.repeat(clientSecret.length));
		look();
		terminal.keys('Tab', 'Enter');
		await waitFor(/Client Secret\s+Set/);
		await waitFor('Successfully Connected');
		terminal.keys('a');
		await waitFor('Register Authorization Information');
		const screen = await waitFor('https://localhost:');
		look();
		const codeVerifier = saved().google?.attempt?.codeVerifier;
		expect(codeVerifier).toBeTruthy();
		secrets.add(codeVerifier!);
		const url = urlOnScreen(screen, 'https://localhost:');
		const {status, location} = await device.postForm(url, {decision: 'allow'});
		expect(status).toBe(302);
		terminal.type(location!);
		terminal.keys('Enter');
		await waitFor(/Token Status\s+Active/);
		look();

		const end = saved();
		for (const secret of [end.microsoft.tokens?.accessToken, end.microsoft.tokens?.refreshToken, end.google?.tokens?.accessToken, end.google?.tokens?.refreshToken, end.google?.clientSecret]) {
			expect(secret).toBeTruthy();
			secrets.add(secret!);
		}

		// The device API's answers, read with the same session a script would use.
		const session = await fetch(`${device.deviceUrl}/session`, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify({userName: 'Administrator', password})});
		const {token} = await session.json() as {token: string};
		const answers: string[] = [];
		for (const relative of ['oauth2/microsoft', 'oauth2/google']) {
			const response = await fetch(`${device.deviceUrl}/${relative}`, {headers: {'x-session-token': token}});
			answers.push(await response.text());
		}

		answers.push(await (await fetch(`${device.deviceUrl}/oauth2/google/refresh`, {method: 'POST', headers: {'x-session-token': token}})).text());
		await fetch(`${device.deviceUrl}/session`, {method: 'DELETE', headers: {'x-session-token': token}});
		expect(answers.join('')).toContain('clientSecretSet');

		const scrollback = rawPane(terminal);
		terminal.keys('q');
		await terminal.waitFor(() => terminal.exited(), 'the program to exit');
		await device.stop();

		const places: Array<[string, string]> = [
			...screens.map((text, index): [string, string] => [`screen ${index}`, text]),
			['the scrollback with escapes', scrollback],
			['the emulator\'s stdout', device.stdout()],
			['the emulator\'s stderr (its log)', device.log()],
			// The built-in device's log file, the preferences file and anything else the TUI wrote (the state file aside).
			...filesUnder(started.home).filter(file => !file.endsWith('device-state.json')).map((file): [string, string] => [file, readFileSync(file, 'utf8')]),
			...answers.map((text, index): [string, string] => [`API answer ${index}`, text]),
			...filesUnder(path.resolve('test')).filter(file => file.endsWith('.snap')).map((file): [string, string] => [file, readFileSync(file, 'utf8')]),
			...[...argv].map(([pid, cmdline]): [string, string] => [`argv of ${pid}`, cmdline]),
		];
		expect(argv.size).toBeGreaterThanOrEqual(mode === 'emulator process' ? 4 : 3);
		// Password, client secret, device code, code verifier, two access and two refresh tokens.
		expect(secrets.size).toBe(8);
		expect(filesUnder(started.home).some(file => file.endsWith('preferences.json'))).toBe(true);
		if (mode === 'built-in device') {
			expect(readFileSync(path.join(builtInDir, 'emulator.log'), 'utf8')).toMatch(/POST \/api\/v1\/oauth2\/google\/authorization 200/);
		}
		for (const [place, text] of places) {
			for (const secret of secrets) {
				expect(text.includes(secret), `a secret (${secret.slice(0, 4)}…) in ${place}`).toBe(false);
			}
		}

		// The secrets are on the device's disk only, in a 0600 file.
		expect(statSync(stateFile).mode & 0o777).toBe(0o600);
	}
}

describe('the device\'s state file under SIGKILL', () => {
	it('is always whole (one of the versions written), mode 0600, after kills during a stream of saves; stale temp files go at the next start', async () => {
		const device = newEmulator();
		const tenants = ['common', 'consumers', 'organizations'];
		const written: string[] = [];
		let saved = 0;
		const stateFile = path.join(device.stateDir, 'device-state.json');
		type Settings = {enabled: boolean; verifyServerCertificate: boolean; addCnToVerification: boolean; endpoint: string};
		const settingsOnDisk = (): Settings => (JSON.parse(readFileSync(stateFile, 'utf8')) as {microsoft: {settings: Settings}}).microsoft.settings;
		for (let round = 0; round < 6; round++) {
			await device.start();
			if (round === 0) {
				written.push(JSON.stringify(settingsOnDisk()));
			} else {
				// It came back with what was on disk, not a fresh start from a corrupt file.
				expect(device.log()).not.toContain('could not be read');
				expect(readdirSync(device.stateDir).filter(name => name.endsWith('.tmp'))).toEqual([]);
			}

			const session = await fetch(`${device.deviceUrl}/session`, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify({userName: 'Administrator', password})});
			const {token} = await session.json() as {token: string};
			let stop = false;
			const saving = (async () => {
				for (let index = 0; !stop; index++) {
					const current = await fetch(`${device.deviceUrl}/oauth2/microsoft`, {headers: {'x-session-token': token}});
					const etag = current.headers.get('etag') ?? '';
					await current.text();
					const verify = index % 2 === 0;
					const settings: Settings = {enabled: false, verifyServerCertificate: verify, addCnToVerification: verify && index % 4 === 0, endpoint: `https://login.microsoftonline.com/${tenants[(index + round) % 3]}/oauth2/v2.0`};
					written.push(JSON.stringify(settings));
					const response = await fetch(`${device.deviceUrl}/oauth2/microsoft/basic`, {method: 'PUT', headers: {'x-session-token': token, 'content-type': 'application/json', 'if-match': etag}, body: JSON.stringify(settings)});
					await response.text();
					if (response.status === 200) {
						saved++;
					}
				}
			})().catch(() => undefined);
			await new Promise(resolve => {
				setTimeout(resolve, 80 + Math.floor(Math.random() * 400));
			});
			await device.kill();
			stop = true;
			await saving;
			expect(written).toContain(JSON.stringify(settingsOnDisk()));
			expect(statSync(stateFile).mode & 0o777).toBe(0o600);
			device.clearOutput();
		}

		// Many saves happened: the kills landed in a stream of writes.
		expect(saved).toBeGreaterThan(20);
		expect(JSON.stringify(settingsOnDisk())).not.toBe(written[0]);
		// A write cut off before its rename leaves a temp file: the next start removes it.
		const stale = path.join(device.stateDir, '.device-state.json.0123456789ab.tmp');
		writeFileSync(stale, '{"version":1,"microsoft":', {mode: 0o600});
		await device.start();
		expect(existsSync(stale)).toBe(false);
		expect(written).toContain(JSON.stringify(settingsOnDisk()));
	}, 120_000);
});
