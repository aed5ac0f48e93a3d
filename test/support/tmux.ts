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
		this.tmux('-f', '/dev/null', 'new-session', '-d', '-s', this.session, '-x', String(options.columns ?? 80), '-y', String(options.rows ?? 24), ...(options.cwd ? ['-c', options.cwd] : []), shellCommand);
		// Keep the pane after the program exits, so that its last screen can still be read.
		this.tmux('set-option', '-t', this.session, 'remain-on-exit', 'on');
	}

	/** tmux key names: Enter, Escape, Tab, BTab, Up, Down, Left, Right, Space, C-c ... */
	keys(...keys: string[]): void {
		this.tmux('send-keys', '-t', this.session, ...keys);
	}

	/** Literal text, typed as is. */
	type(text: string): void {
		this.tmux('send-keys', '-t', this.session, '-l', text);
	}

	screen(): string {
		return this.tmux('capture-pane', '-p', '-t', this.session);
	}

	resize(columns: number, rows: number): void {
		this.tmux('resize-window', '-t', this.session, '-x', String(columns), '-y', String(rows));
	}

	/** True once the program in the pane has exited. */
	exited(): boolean {
		return existsSync(this.#statusFile) && readFileSync(this.#statusFile, 'utf8').endsWith('\n');
	}

	/** The program's exit status (128 + n after signal n), once it has exited. */
	exitStatus(): number | undefined {
		return this.exited() ? Number(readFileSync(this.#statusFile, 'utf8')) : undefined;
	}

	/** Text pasted as a terminal pastes it: bracketed (ESC[200~ … ESC[201~) only if the program asked for it. */
	paste(text: string): void {
		this.tmux('set-buffer', '--', text);
		this.tmux('paste-buffer', '-p', '-t', this.session);
	}

	/** The screen with its escape sequences (colours) as tmux holds it; with `scrollback`, the whole history too. */
	screenWithEscapes(options: {scrollback?: boolean} = {}): string {
		return this.tmux('capture-pane', '-p', '-e', ...(options.scrollback ? ['-S', '-'] : []), '-t', this.session);
	}

	/** tmux's own flag: true when the program left the cursor visible. */
	cursorVisible(): boolean {
		return this.#format('#{cursor_flag}') === '1';
	}

	/** The pid of the pane's shell. */
	panePid(): number {
		return Number(this.#format('#{pane_pid}'));
	}

	/** The pid of this tmux server. */
	serverPid(): number {
		return Number(this.#format('#{pid}'));
	}

	/** Closes the pane, as sshd does when the connection drops: the pty goes, its processes get SIGHUP. */
	killPane(): void {
		this.tmux('kill-pane', '-t', this.session);
	}

	/** The node process of the program (under the pane's shell and any shell that wraps it). */
	programPid(): number {
		const table = execFileSync('ps', ['-eo', 'pid=,ppid=,comm='], {encoding: 'utf8'}).trim().split('\n').map(line => {
			const [pid, ppid, comm] = line.trim().split(/\s+/);
			return {pid: Number(pid), ppid: Number(ppid), comm: comm ?? ''};
		});
		const queue = [this.panePid()];
		while (queue.length > 0) {
			const parent = queue.shift()!;
			for (const row of table.filter(candidate => candidate.ppid === parent)) {
				// Node sets the process title to the command's name.
				if (row.comm === 'cloudmail-setup' || row.comm === 'node') {
					return row.pid;
				}

				queue.push(row.pid);
			}
		}

		throw new Error('The TUI process was not found.');
	}

	/** Sends a signal to the program (the child of the pane's shell). */
	signal(signal: NodeJS.Signals): void {
		const shell = String(this.panePid());
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
			this.tmux('kill-server');
		} catch {
			// Already gone.
		}

		rmSync(path.dirname(this.#statusFile), {recursive: true, force: true});
	}

	/** Any tmux command, on this terminal's own server. */
	tmux(...arguments_: string[]): string {
		return execFileSync('tmux', ['-L', this.socket, ...arguments_], {encoding: 'utf8'});
	}

	#format(format: string): string {
		return this.tmux('display-message', '-p', '-t', this.session, format).trim();
	}
}
