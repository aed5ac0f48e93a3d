/**
End to end, as the engineer does it: the built `cloudmail-setup` in tmux at 80x24, against the
built emulator and its offline identity provider as a separate process, over loopback. The
user code and the verification URL are read off the screen, and approved over HTTP.
*/
import {spawnSync} from 'node:child_process';
import {existsSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {startSession, startTui} from '../support/e2e-harness.js';
import {cliPath} from '../support/emulator-process.js';
import type {Terminal} from '../support/tmux.js';

/** A frame taller than the terminal scrolls its top away: the breadcrumb must still be line one. */
function fitsTheTerminal(screen: string): void {
	expect(screen.split('\n')[0]).toMatch(/^(Portal|ポータル) › /);
	expect(screen).toMatch(/q (Quit|終了)\s*$/);
}

const labels = {
	en: {login: 'Log In (System Manager Mode)', portal: 'Logged in as', microsoft: 'Server Connection Status', edit: 'Edit Basic Settings', enabled: /\[x\] Use OAuth 2\.0 \(Microsoft\)/},
	ja: {login: 'ログイン(管理者モード)', portal: 'ログイン中', microsoft: 'サーバーの接続状況', edit: '基本設定の編集', enabled: /\[x\] OAuth 2\.0\(Microsoft\)を使用する/},
} as const;

/** Manual steps 1-5: log in, Portal › Settings/Registration › Send Settings › OAuth 2.0 (Microsoft) Settings › Edit, and tick "Use OAuth 2.0 (Microsoft)". */
async function logInAndEnable(terminal: Terminal, language: 'en' | 'ja'): Promise<void> {
	const words = labels[language];
	await terminal.waitForText(words.login);
	terminal.type('7654321');
	terminal.keys('Enter');
	await terminal.waitForText(words.portal);
	for (const key of ['1', '1', '1']) {
		terminal.keys(key);
	}

	await terminal.waitForText(words.microsoft);
	terminal.keys('e');
	await terminal.waitForText(words.edit);
	terminal.keys('Space');
	await terminal.waitForText(words.enabled);
}

describe('the Microsoft procedure in a real terminal', () => {
	it('logs in, enables Microsoft for organizations, signs in with the user code, sees Active, logs out', async () => {
		const {emulator, terminal} = await startSession({language: 'en'});
		await logInAndEnable(terminal, 'en');
		// Verify › Add CN › endpoint › tenant picker, then right to "organizations".
		terminal.keys('Tab', 'Tab', 'Tab', 'Tab', 'Right', 'Right', 'Right');
		await terminal.waitForText('https://login.microsoftonline.com/organizations/oauth2/v2.0');
		terminal.keys('Tab', 'Enter');

		const waiting = await terminal.waitFor(screen => /code [A-Z0-9]{9}/.test(screen) && screen.includes('Successfully Connected'), 'a user code after Successfully Connected');
		fitsTheTerminal(waiting);
		const userCode = /code ([A-Z0-9]{9})/.exec(waiting)![1]!;
		const verificationUri = /(https:\/\/localhost:\d+\/devicelogin)/.exec(waiting)![1]!;
		// Large and easy to read aloud.
		expect(waiting).toContain(userCode.split('').join(' '));
		expect(waiting).toMatch(/User Code Expires In\s+until \d\d:\d\d \(1[45]:\d\d left\)/);
		expect(waiting).toMatch(/Token Status\s+Waiting for Authorization/);

		expect(await emulator.decide(verificationUri, userCode, 'allow')).toBe(200);
		const active = await terminal.waitForText(/Token Status\s+Active/);
		expect(active).toContain('Successfully Connected');

		// Log Out from the portal.
		terminal.keys('Escape');
		await terminal.waitForText('› 1 OAuth 2.0 (Microsoft) Settings');
		terminal.keys('Escape');
		await terminal.waitForText('› 1 Send Settings');
		terminal.keys('Escape');
		await terminal.waitForText('Logged in as');
		terminal.keys('2');
		await terminal.waitForText('Log In (System Manager Mode)');
		await emulator.waitForLog(/DELETE \/api\/v1\/session 204/);

		terminal.keys('C-c');
		await terminal.waitFor(() => terminal.exited(), 'the program to exit');
		expect(terminal.exitStatus()).toBe(0);
		// No secret in the device's log.
		expect(emulator.log()).not.toContain('7654321');
		expect(emulator.log()).not.toContain(userCode);
	}, 90_000);

	it('in Japanese, shows the manual\'s labels, says when sign-in is declined, and logs out on q', async () => {
		const {emulator, terminal} = await startSession({language: 'ja'});
		await logInAndEnable(terminal, 'ja');
		// The tenant picker: from an empty endpoint, → picks common, → again consumers.
		terminal.keys('Tab', 'Tab', 'Tab', 'Tab', 'Right', 'Right');
		await terminal.waitForText('https://login.microsoftonline.com/consumers/oauth2/v2.0');
		terminal.keys('Tab', 'Enter');
		const waiting = await terminal.waitFor(screen => /code [A-Z0-9]{9}/.test(screen) && screen.includes('成功'), 'a user code after 成功');
		fitsTheTerminal(waiting);
		expect(waiting).toContain('ユーザーコードの有効期限');
		expect(waiting).toContain('認可待ち');
		const userCode = /code ([A-Z0-9]{9})/.exec(waiting)![1]!;
		const verificationUri = /(https:\/\/localhost:\d+\/devicelogin)/.exec(waiting)![1]!;

		expect(await emulator.decide(verificationUri, userCode, 'deny')).toBe(200);
		await terminal.waitForText(/トークンの稼働状況\s+エラー/);

		terminal.keys('q');
		await terminal.waitFor(() => terminal.exited(), 'the program to exit');
		await emulator.waitForLog(/DELETE \/api\/v1\/session 204/);
		expect(terminal.exitStatus()).toBe(0);
	}, 90_000);

	it('logs out of the device when the SSH connection drops (SIGHUP)', async () => {
		const {emulator, terminal} = await startSession({language: 'en'});
		await terminal.waitForText('Log In (System Manager Mode)');
		terminal.type('7654321');
		terminal.keys('Enter');
		await terminal.waitForText('Logged in as');
		terminal.signal('SIGHUP');
		await emulator.waitForLog(/DELETE \/api\/v1\/session 204/);
		await terminal.waitFor(() => terminal.exited(), 'the program to exit');
	}, 60_000);
});

describe('the command line', () => {
	it('says it needs a terminal instead of failing in raw mode', () => {
		const result = spawnSync(process.execPath, [cliPath, '--device', 'http://127.0.0.1:9/api/v1'], {encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe']});
		expect(result.status).toBe(2);
		expect(result.stderr).toContain('needs a terminal');
		expect(result.stderr).toContain('ssh -t');
		expect(result.stderr).not.toContain('Raw mode');
	});

	it('without --device runs the built-in emulated device, offline, with its state in the data directory', async () => {
		const {terminal, home} = startTui({language: 'en'});
		const screen = await terminal.waitForText('Log In (System Manager Mode)', 30_000);
		expect(screen).toMatch(/Device\s+http:\/\/127\.0\.0\.1:\d+/);
		terminal.type('7654321');
		terminal.keys('Enter');
		await terminal.waitForText('Logged in as');
		terminal.keys('q');
		await terminal.waitFor(() => terminal.exited(), 'the program to exit');
		expect(terminal.exitStatus()).toBe(0);
		const stateDir = path.join(home, 'data', 'cloudmail-setup', 'emulated-device');
		expect(existsSync(path.join(stateDir, 'idp', 'ca.crt'))).toBe(true);
		expect(existsSync(path.join(stateDir, 'emulator.log'))).toBe(true);
	}, 60_000);
});
