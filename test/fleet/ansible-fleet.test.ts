/**
The Ansible role and playbook (source/ansible/) for real: Debian's `ansible-playbook` over the
local connection against 20 emulated devices, each the built `cloudmail-setup emulator` as its
own process on free loopback ports with its own state directory (16 set up for Microsoft, 4 for
Google). Asserts what a fleet team relies on: the first run changes every device, a second run
changes none, check mode (with --diff) says what would change and sends no PUT (the emulators'
request logs prove it) — in the same run, a device that is down is one failure with the reason
from the exit-code table while the other 19 succeed — and neither the administrator password nor the client secret
appears in Ansible's output or log (ANSIBLE_LOG_PATH) or in the emulators' logs.

Without ansible-playbook the test is skipped with the reason printed, except under CI=true,
where it fails (.ci/run installs Debian's ansible).
*/
import {spawn, spawnSync} from 'node:child_process';
import {chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {googleClientId} from '../support/emulator-harness.js';
import {cliPath, EmulatorProcess, temporaryDirectory} from '../support/emulator-process.js';
import {processOutput} from '../support/process-output.js';

const deviceCount = 20;
const googleDevices = new Set([4, 9, 14, 19]);
const downDevice = 7;
const adminPassword = '7654321';
const clientSecret = 'GOCSPX-fleet-test-secret_Zq8Xw3Vb5Nm1Lk7J';
const playbook = path.resolve('source/ansible/playbook.yml');

const ansiblePlaybook = spawnSync('sh', ['-c', 'command -v ansible-playbook'], {encoding: 'utf8'}).stdout.trim();
const onCi = process.env['CI'] === 'true';
if (!ansiblePlaybook) {
	if (onCi) {
		throw new Error('ansible-playbook is missing under CI=true: .ci/run installs it (apt-get install ansible).');
	}

	console.log('test/fleet/ansible-fleet.test.ts: SKIPPED: ansible-playbook is not installed (apt-get install ansible; under CI=true this fails).');
}

type Recap = Record<string, {ok: number; changed: number; failed: number; unreachable: number}>;
type PlaybookRun = {code: number | null; stdout: string; stderr: string; recap: Recap; seconds: number; cpuSeconds: number};

/** CPU seconds of this process's reaped children (ansible-playbook and everything it ran), from /proc. */
function childrenCpuSeconds(): number {
	const stat = readFileSync('/proc/self/stat', 'utf8');
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	// cutime and cstime (fields 16 and 17 of stat; here counted from field 3), in clock ticks (100 a second on Linux).
	return (Number(fields[13]) + Number(fields[14])) / 100;
}

function timing(run: PlaybookRun): string {
	return `${run.seconds.toFixed(1)} s (${run.cpuSeconds.toFixed(1)} CPU s for Ansible, its modules and the CLI runs; load average ${readFileSync('/proc/loadavg', 'utf8').split(' ')[0]})`;
}

const work = temporaryDirectory('fleet');
const devices: EmulatorProcess[] = [];
const hostName = (index: number): string => `printer${String(index).padStart(2, '0')}`;
let logPath = '';

function parseRecap(stdout: string): Recap {
	const recap: Recap = {};
	const section = stdout.slice(stdout.lastIndexOf('PLAY RECAP'));
	for (const match of section.matchAll(/^(\S+)\s+:\s+ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)/gm)) {
		recap[match[1]!] = {ok: Number(match[2]), changed: Number(match[3]), unreachable: Number(match[4]), failed: Number(match[5])};
	}

	return recap;
}

async function runPlaybook(name: string, extra: readonly string[] = []): Promise<PlaybookRun> {
	const started = performance.now();
	const cpuBefore = childrenCpuSeconds();
	const home = path.join(work, 'home');
	const environment: NodeJS.ProcessEnv = {
		PATH: process.env['PATH'],
		HOME: home,
		LANG: 'C.UTF-8',
		LC_ALL: 'C.UTF-8',
		// The CLI's preferences (saved pins, device URL) are the test's own, not the user's.
		XDG_CONFIG_HOME: path.join(home, 'config'),
		XDG_DATA_HOME: path.join(home, 'data'),
		ANSIBLE_CONFIG: path.resolve('source/ansible/ansible.cfg'),
		ANSIBLE_HOME: path.join(work, 'ansible-home'),
		ANSIBLE_LOCAL_TEMP: path.join(work, 'ansible-tmp'),
		ANSIBLE_REMOTE_TEMP: path.join(work, 'ansible-remote-tmp'),
		ANSIBLE_LOG_PATH: logPath,
		ANSIBLE_NOCOLOR: '1',
		ANSIBLE_FORCE_COLOR: '0',
		ANSIBLE_HOST_KEY_CHECKING: 'False',
		ANSIBLE_FORKS: '10',
		ANSIBLE_PIPELINING: 'True',
		ANSIBLE_RETRY_FILES_ENABLED: 'False',
		ANSIBLE_DEPRECATION_WARNINGS: 'False',
		ANSIBLE_LOCALHOST_WARNING: 'False',
		ANSIBLE_PYTHON_INTERPRETER: '/usr/bin/python3',
		ANSIBLE_STDOUT_CALLBACK: 'default',
		ANSIBLE_CALLBACKS_ENABLED: '',
		NO_COLOR: '1',
		FORCE_COLOR: '0',
	};
	const child = spawn(ansiblePlaybook, ['-i', path.join(work, 'inventory.yml'), '-e', `@${path.join(work, 'secrets.yml')}`, ...extra, playbook], {
		env: environment,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const {code, stdout, stderr} = await processOutput(child);
	const seconds = (performance.now() - started) / 1000;
	writeFileSync(path.join(work, `${name}.stdout`), stdout);
	return {code, stdout, stderr, recap: parseRecap(stdout), seconds, cpuSeconds: childrenCpuSeconds() - cpuBefore};
}

/** The PUT lines of every emulator's request log so far. */
function putCount(): number {
	return devices.reduce((sum, device) => sum + (device.log().match(/^\S+ PUT \/api\/v1\//gm)?.length ?? 0), 0);
}

/** Resident memory (kB) of this process's children: the emulators (they set their own process title, so not found by argv). */
function emulatorMemoryKb(): number {
	let total = 0;
	for (const pid of readdirSync('/proc').filter(entry => /^\d+$/.test(entry))) {
		try {
			const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
			const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
			if (parent === process.pid) {
				total += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
			}
		} catch {
			// Gone meanwhile.
		}
	}

	return total;
}

function expectNoSecrets(text: string, where: string): void {
	expect(text.includes(adminPassword), `the administrator password in ${where}`).toBe(false);
	expect(text.includes(clientSecret), `the client secret in ${where}`).toBe(false);
}

describe.skipIf(!ansiblePlaybook)('Ansible: 20 printers from one inventory', () => {
	beforeAll(async () => {
		if (!existsSync(cliPath)) {
			throw new Error('Build first: npm test runs `tsc -b` before the tests.');
		}

		mkdirSync(path.join(work, 'home'), {recursive: true});
		logPath = path.join(work, 'ansible.log');
		const started = performance.now();
		for (let index = 1; index <= deviceCount; index++) {
			devices.push(new EmulatorProcess());
		}

		// The first device makes the offline identity provider's CA and certificates (RSA keys);
		// the others start with a copy in their own state directories instead of making their own.
		await devices[0]!.start();
		const certificates = path.join(devices[0]!.stateDir, 'idp');
		for (const device of devices.slice(1)) {
			const target = path.join(device.stateDir, 'idp');
			mkdirSync(target, {mode: 0o700});
			for (const file of readdirSync(certificates).filter(name => /\.(?:crt|key)$/.test(name))) {
				copyFileSync(path.join(certificates, file), path.join(target, file));
				chmodSync(path.join(target, file), file.endsWith('.key') ? 0o600 : 0o644);
			}
		}

		await Promise.all(devices.map(async (device, index) => {
			if (index > 0) {
				await device.start();
			}

			// Each device polls its identity provider while a user code is pending: once a minute
			// instead of every 5 s, so that 20 idle devices do not load the machine meanwhile.
			expect((await device.control('config', {intervalSeconds: 60})).status).toBe(200);
		}));
		console.log(`fleet: ${deviceCount} emulators (each with its identity provider) started in ${((performance.now() - started) / 1000).toFixed(1)} s, ${Math.round(emulatorMemoryKb() / 1024)} MB resident in all`);
		const hosts = devices.map((device, index) => {
			const number = index + 1;
			const google = googleDevices.has(number);
			return [
				`    ${hostName(number)}:`,
				`      cloudmail_device: "${device.deviceUrl}"`,
				...(google
					? ['      cloudmail_provider: google', `      cloudmail_google_client_id: "${googleClientId}"`, '      cloudmail_google_client_secret: "{{ fleet_client_secret }}"']
					: []),
			].join('\n');
		});
		writeFileSync(path.join(work, 'inventory.yml'), [
			'printers:',
			'  vars:',
			'    ansible_connection: local',
			'    cloudmail_provider: microsoft',
			'    cloudmail_microsoft_tenant: organizations',
			'    cloudmail_password: "{{ fleet_admin_password }}"',
			'  hosts:',
			...hosts,
			'',
		].join('\n'));
		// What Vault would hold; an extra-vars file here.
		writeFileSync(path.join(work, 'secrets.yml'), `fleet_admin_password: "${adminPassword}"\nfleet_client_secret: "${clientSecret}"\n`, {mode: 0o600});
	}, 180_000);

	afterAll(async () => {
		await Promise.all(devices.map(async device => device.stop()));
	}, 60_000);

	const runs: PlaybookRun[] = [];
	const allHosts = Array.from({length: deviceCount}, (_, index) => hostName(index + 1));

	it('first run: every device changed, each prints its user code or URL; a second run changes nothing', async () => {
		const first = await runPlaybook('first');
		runs.push(first);
		console.log(`fleet: first run (${deviceCount} devices configured and authorization started): ${timing(first)}`);
		expect(first.code, first.stdout + first.stderr).toBe(0);
		expect(Object.keys(first.recap).sort()).toEqual(allHosts);
		for (const host of allHosts) {
			expect(first.recap[host], host).toMatchObject({changed: 1, failed: 0, unreachable: 0});
		}

		const codes = first.stdout.match(/Sign in at https:\/\/\S+ with the user code [A-Z\d]+/g) ?? [];
		expect(codes).toHaveLength(deviceCount - googleDevices.size);
		expect(first.stdout.match(/Open https:\/\/\S+ , choose Allow/g) ?? []).toHaveLength(googleDevices.size);
		expect(putCount()).toBe(deviceCount);

		const second = await runPlaybook('second');
		runs.push(second);
		console.log(`fleet: second run (no change): ${timing(second)}`);
		expect(second.code, second.stdout + second.stderr).toBe(0);
		for (const host of allHosts) {
			expect(second.recap[host], host).toMatchObject({changed: 0, failed: 0, unreachable: 0});
		}

		// The pending user codes were shown again, not replaced.
		const again = second.stdout.match(/with the user code [A-Z\d]+/g) ?? [];
		expect(new Set(again)).toEqual(new Set(codes.map(line => line.slice(line.indexOf('with the user code')))));
		expect(putCount()).toBe(deviceCount);
	}, 600_000);

	// One run proves both (a fourth run of 20 devices would add minutes): check mode, and a device that is down.
	it('check mode with --diff and one device down: what would change, before and after, no PUT; one failure with the reason from the exit-code table, 19 successes', async () => {
		await devices[downDevice - 1]!.stop();
		const down = hostName(downDevice);
		const puts = putCount();
		const check = await runPlaybook('check-one-down', ['--check', '--diff', '-e', 'cloudmail_microsoft_tenant=common']);
		runs.push(check);
		console.log(`fleet: check mode run with one device down: ${timing(check)}`);
		expect(check.code).not.toBe(0);
		expect(check.recap[down]).toMatchObject({failed: 1});
		expect(check.stdout).toMatch(new RegExp(`${down} \\(http://127\\.0\\.0\\.1:\\d+/api/v1\\): microsoft configure failed with exit 4 \\(unreachable: the device is unreachable or did not answer in time\\)\\. Cannot reach the device`));
		for (const host of allHosts.filter(name => name !== down)) {
			expect(check.recap[host], host).toMatchObject({changed: googleDevices.has(Number(host.slice(-2))) ? 0 : 1, failed: 0, unreachable: 0});
		}

		const microsoftUp = deviceCount - googleDevices.size - 1;
		expect(check.stdout.match(/microsoft: would change endpoint/g) ?? []).toHaveLength(microsoftUp);
		expect(check.stdout.match(/endpoint: https:\/\/login\.microsoftonline\.com\/organizations\/oauth2\/v2\.0 -> https:\/\/login\.microsoftonline\.com\/common\/oauth2\/v2\.0/g) ?? []).toHaveLength(microsoftUp);
		expect(check.stdout.match(/google: unchanged/g) ?? []).toHaveLength(googleDevices.size);
		// No authorization is started in check mode, and no device received a PUT.
		expect(check.stdout).not.toMatch(/with the user code/);
		expect(putCount()).toBe(puts);
	}, 600_000);

	it('neither the password nor the client secret is in Ansible\'s output, its log, or a device log', () => {
		expect(runs.length).toBeGreaterThan(0);
		for (const [index, run] of runs.entries()) {
			expectNoSecrets(run.stdout, `run ${index + 1}'s stdout`);
			expectNoSecrets(run.stderr, `run ${index + 1}'s stderr`);
		}

		const log = readFileSync(logPath, 'utf8');
		expect(log).toContain('PLAY RECAP');
		expectNoSecrets(log, 'ANSIBLE_LOG_PATH');
		for (const device of devices) {
			expectNoSecrets(device.log(), `${device.stateDir}'s emulator log`);
		}
	});
});
