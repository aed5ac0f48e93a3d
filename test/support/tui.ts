/** The built `cloudmail-setup` TUI in tmux at 80x24, with its own empty config and data directories. */
import path from 'node:path';
import {cliPath, temporaryDirectory} from './emulator-process.js';
import {Terminal} from './tmux.js';

export function startTui(deviceUrl: string | undefined, language: 'en' | 'ja'): {terminal: Terminal; home: string} {
	const home = temporaryDirectory('e2e-home');
	const terminal = new Terminal({
		command: [process.execPath, cliPath, ...(deviceUrl ? ['--device', deviceUrl] : []), '--lang', language],
		env: {XDG_CONFIG_HOME: path.join(home, 'config'), XDG_DATA_HOME: path.join(home, 'data'), LANG: 'C.UTF-8', TERM: 'xterm-256color'},
	});
	return {terminal, home};
}
