/** Steps and readings the e2e tests share, on the TUI in tmux (support/e2e-harness.ts starts it). */
import type {Terminal} from './tmux.js';

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

/** A URL drawn alone on its lines (wrapped at the edge): from its first line to the first line that is not part of it. */
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
