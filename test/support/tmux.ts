/**
A real pseudo-terminal for end-to-end tests: tmux on a private socket runs a command at a
fixed size; the test types with send-keys and reads the screen with capture-pane.
*/
import {execFileSync} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';

export type TerminalOptions = {
	command: string[];
	columns?: number;
	rows?: number;
	env?: Record<string, string>;
	cwd?: string;
};

function quote(argument: string): string {
	return `'${argument.replaceAll("'", "'\\''")}'`;
}

export class Terminal {
	readonly socket = `cloudmail-e2e-${randomBytes(4).toString('hex')}`;
	readonly session = 'e2e';
	#closed = false;

	// tmux's own record of how the program ended is not reliable: the shell around it writes it here.
	readonly #statusFile = path.join(mkdtempSync(path.join(tmpdir(), 'cloudmail-tmux-')), 'status');

	constructor(options: TerminalOptions) {
		const environment = Object.entries(options.env ?? {}).map(([key, value]) => `${key}=${quote(value)}`);
		const program = `env ${environment.join(' ')} ${options.command.map(argument => quote(argument)).join(' ')}`;
		const shellCommand = `${program}; echo $? > ${quote(this.#statusFile)}`;
		this.#tmux(['-f', '/dev/null', 'new-session', '-d', '-s', this.session, '-x', String(options.columns ?? 80), '-y', String(options.rows ?? 24), ...(options.cwd ? ['-c', options.cwd] : []), shellCommand]);
		// Keep the pane after the program exits, so that its last screen can still be read.
		this.#tmux(['set-option', '-t', this.session, 'remain-on-exit', 'on']);
	}

	/** tmux key names: Enter, Escape, Tab, BTab, Up, Down, Left, Right, Space, C-c ... */
	keys(...keys: string[]): void {
		this.#tmux(['send-keys', '-t', this.session, ...keys]);
	}

	/** Literal text, typed as is. */
	type(text: string): void {
		this.#tmux(['send-keys', '-t', this.session, '-l', text]);
	}

	screen(): string {
		return this.#tmux(['capture-pane', '-p', '-t', this.session]);
	}

	resize(columns: number, rows: number): void {
		this.#tmux(['resize-window', '-t', this.session, '-x', String(columns), '-y', String(rows)]);
	}

	/** True once the program in the pane has exited. */
	exited(): boolean {
		return existsSync(this.#statusFile) && readFileSync(this.#statusFile, 'utf8').endsWith('\n');
	}

	/** The program's exit status (128 + n after signal n), once it has exited. */
	exitStatus(): number | undefined {
		return this.exited() ? Number(readFileSync(this.#statusFile, 'utf8')) : undefined;
	}

	/** Sends a signal to the program (the child of the pane's shell). */
	signal(signal: NodeJS.Signals): void {
		const shell = this.#tmux(['display-message', '-p', '-t', this.session, '#{pane_pid}']).trim();
		const program = execFileSync('pgrep', ['-P', shell], {encoding: 'utf8'}).trim().split('\n')[0];
		process.kill(Number(program), signal);
	}

	async waitFor(predicate: (screen: string) => boolean, what: string, timeoutMs = 15_000): Promise<string> {
		const deadline = Date.now() + timeoutMs;
		let screen = '';
		while (Date.now() < deadline) {
			screen = this.screen();
			if (predicate(screen)) {
				return screen;
			}

			await new Promise(resolve => {
				setTimeout(resolve, 100);
			});
		}

		throw new Error(`Timed out waiting for ${what}. The screen was:\n${screen}`);
	}

	async waitForText(text: string | RegExp, timeoutMs?: number): Promise<string> {
		return this.waitFor(screen => (typeof text === 'string' ? screen.includes(text) : text.test(screen)), String(text), timeoutMs);
	}

	close(): void {
		if (this.#closed) {
			return;
		}

		this.#closed = true;
		try {
			this.#tmux(['kill-server']);
		} catch {
			// Already gone.
		}

		rmSync(path.dirname(this.#statusFile), {recursive: true, force: true});
	}

	#tmux(arguments_: string[]): string {
		return execFileSync('tmux', ['-L', this.socket, ...arguments_], {encoding: 'utf8'});
	}
}
