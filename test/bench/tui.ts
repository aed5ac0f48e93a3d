/**
The built TUI in tmux at 80x24 for the benchmark: its own empty config and data directories,
with the poll interval preference set, logged in to the benchmark's device, and the steps of
the manual that take it to the Microsoft settings screen.
*/
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {openPreferences} from '../../source/config/config.js';
import {Pane} from './pane.js';

export const waitingForAuthorization = /Token Status\s+Waiting for Authorization/;
export const active = /Token Status\s+Active/;
const userCode = /code ([A-Z\d]{9})/;

export class BenchTui {
	readonly pane: Pane;
	readonly #home = mkdtempSync(path.join(tmpdir(), 'cloudmail-bench-tui-'));

	constructor(options: {cliPath: string; deviceUrl: string; pollIntervalSeconds: number}) {
		const config = path.join(this.#home, 'config');
		openPreferences({cwd: path.join(config, 'cloudmail-setup')}).set('pollIntervalSeconds', options.pollIntervalSeconds);
		this.pane = new Pane(
			[process.execPath, options.cliPath, '--device', options.deviceUrl, '--lang', 'en'],
			{XDG_CONFIG_HOME: config, XDG_DATA_HOME: path.join(this.#home, 'data')},
		);
	}

	get terminal() {
		return this.pane.terminal;
	}

	async start(): Promise<void> {
		await this.pane.ready();
		await this.pane.go();
		await this.terminal.waitForText('Log In (System Manager Mode)');
	}

	/** The default administrator password, typed into the log-in screen. */
	async logIn(): Promise<void> {
		this.terminal.type('7654321');
		this.terminal.keys('Enter');
		await this.terminal.waitForText('Logged in as');
	}

	/** Portal › Settings/Registration › Send Settings. */
	async openSendSettings(): Promise<void> {
		this.terminal.keys('1');
		await this.terminal.waitForText('› 1 Send Settings');
		this.terminal.keys('1');
		await this.terminal.waitForText('› 1 OAuth 2.0 (Microsoft) Settings');
	}

	/** From Send Settings, the Microsoft settings screen, once its state is shown. */
	async openMicrosoftSettings(): Promise<void> {
		this.terminal.keys('1');
		await this.terminal.waitForText(/Token Status\s+\S/);
	}

	/** Edit Basic Settings: on, for organizations, saved; waits for the user code. Returns it. */
	async enableMicrosoft(): Promise<string> {
		this.terminal.keys('e');
		await this.terminal.waitForText('Edit Basic Settings');
		this.terminal.keys('Space');
		await this.terminal.waitForText(/\[x\] Use OAuth 2\.0 \(Microsoft\)/);
		// Verify › Add CN › endpoint › tenant picker, then right to "organizations".
		this.terminal.keys('Tab', 'Tab', 'Tab', 'Tab', 'Right', 'Right', 'Right');
		await this.terminal.waitForText('https://login.microsoftonline.com/organizations/oauth2/v2.0');
		this.terminal.keys('Tab', 'Enter');
		return this.waitForUserCode();
	}

	/** "Start over" (x, then y): a new user code, different from `previous`. */
	async startOver(previous: string): Promise<string> {
		this.terminal.keys('x');
		await this.terminal.waitForText('y Yes');
		this.terminal.keys('y');
		return this.waitForUserCode(previous);
	}

	async waitForUserCode(previous?: string): Promise<string> {
		const screen = await this.terminal.waitFor(current => {
			const code = userCode.exec(current)?.[1];
			return code !== undefined && code !== previous && waitingForAuthorization.test(current);
		}, 'a new user code, waiting for authorization', 30_000);
		return userCode.exec(screen)![1]!;
	}

	async quit(): Promise<void> {
		this.terminal.keys('q');
		await this.terminal.waitFor(() => this.terminal.exited(), 'the TUI to exit');
	}

	async close(): Promise<void> {
		await this.pane.close();
		rmSync(this.#home, {recursive: true, force: true});
	}
}
