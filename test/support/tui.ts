/** The built `cloudmail-setup` TUI in tmux at 80x24, with its own empty config and data directories; steps the e2e tests share. */
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

/** A URL drawn alone on its lines (wrapped at the edge): from its first line to the first line that is not part of it. */
/** In English, the manual's steps 1-5: log in, Portal › Settings/Registration › Send Settings › OAuth 2.0 (Microsoft) Settings › Edit, tick "Use OAuth 2.0 (Microsoft)", tenant organizations, OK. */
export async function logInAndOpenMicrosoft(target: Terminal): Promise<void> {
	await target.waitForText('Log In (System Manager Mode)');
	target.type('7654321');
	target.keys('Enter');
	await target.waitForText('Logged in as');
	target.keys('1', '1', '1');
	await target.waitForText('Server Connection Status');
	target.keys('e');
	await target.waitForText('Edit Basic Settings');
	target.keys('Space');
	await target.waitForText(/\[x\] Use OAuth 2\.0 \(Microsoft\)/);
	// Verify › Add CN › endpoint › tenant picker, then right to "organizations".
	target.keys('Tab', 'Tab', 'Tab', 'Tab', 'Right', 'Right', 'Right');
	await target.waitForText('https://login.microsoftonline.com/organizations/oauth2/v2.0');
	target.keys('Tab', 'Enter');
}

export function urlOnScreen(screen: string, origin: string): string {
	const lines = screen.split('\n');
	const first = lines.findIndex(line => line.startsWith(origin));
	let url = '';
	for (const line of lines.slice(first)) {
		if (line.trim() === '' || /\s/.test(line.trimEnd())) {
			break;
		}

		url += line.trimEnd();
	}

	return url;
}
