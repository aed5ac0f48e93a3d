/**
What the built TUI loads before its first frame (the log-in screen), in tmux, with --device and
saved preferences: not zod (the contract's schemas), ky, qrcode, meow or conf. Each of these was
once on that path and together they made start-up miss its budget against a hello-world Ink
app (`npm run bench`); they are loaded when first needed. Counting modules, not milliseconds,
so that a slow machine cannot make this pass or fail.
*/
import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, beforeAll, describe, expect, it} from 'vitest';
import {ja} from '../../source/i18n/ja.js';
import {cliPath, temporaryDirectory} from '../support/emulator-process.js';
import {Terminal} from '../support/tmux.js';

const recorderPath = path.resolve('dist/test/support/record-modules.js');
const notBeforeFirstFrame = ['zod', 'ky', 'qrcode', 'meow', 'conf', 'undici'];

let terminal: Terminal | undefined;

beforeAll(() => {
	if (!existsSync(cliPath) || !existsSync(recorderPath)) {
		throw new Error('Build first: npm test runs `tsc -b` before the tests.');
	}
});

afterEach(() => {
	terminal?.close();
	terminal = undefined;
});

function packageOf(url: string): string | undefined {
	return /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1];
}

async function waitForFile(file: string, text: string): Promise<string> {
	const deadline = Date.now() + 15_000;
	while (Date.now() < deadline) {
		const content = existsSync(file) ? readFileSync(file, 'utf8') : '';
		if (content.includes(text)) {
			return content;
		}

		await new Promise(resolve => {
			setTimeout(resolve, 100);
		});
	}

	throw new Error(`Timed out waiting for '${text}' in ${file}.`);
}

describe('start-up', () => {
	it('draws the log-in screen, in the saved language, before loading zod, ky, qrcode, meow or conf', async () => {
		const home = temporaryDirectory('start-up-home');
		const log = path.join(home, 'modules.log');
		// Read at start-up, so that reading preferences is on the path too (and must not need conf).
		mkdirSync(path.join(home, 'config', 'cloudmail-setup'), {recursive: true});
		writeFileSync(path.join(home, 'config', 'cloudmail-setup', 'preferences.json'), JSON.stringify({language: 'ja', pollIntervalSeconds: 3}));
		terminal = new Terminal({
			// 192.0.2.1 (TEST-NET-1) is never contacted: nothing is requested before logging in.
			command: [process.execPath, '--import', recorderPath, cliPath, '--device', 'http://192.0.2.1/api/v1'],
			env: {
				XDG_CONFIG_HOME: path.join(home, 'config'),
				XDG_DATA_HOME: path.join(home, 'data'),
				LANG: 'C.UTF-8',
				TERM: 'xterm-256color',
				CLOUDMAIL_MODULE_LOG: log,
				CLOUDMAIL_FIRST_FRAME_TEXT: ja.screens.login,
			},
		});
		await terminal.waitForText(ja.screens.login);
		const lines = (await waitForFile(log, 'first frame\n')).split('\n');
		const loaded = lines.slice(0, lines.indexOf('first frame')).map(line => line.slice(line.indexOf(' ') + 1));

		// The recorder saw the program and Ink, so that an empty record cannot pass.
		expect(loaded.some(url => url.endsWith('/dist/source/cli.js'))).toBe(true);
		expect(loaded.some(url => packageOf(url) === 'ink')).toBe(true);
		expect(loaded.filter(url => notBeforeFirstFrame.includes(packageOf(url) ?? ''))).toEqual([]);
		expect(loaded.filter(url => /\/dist\/source\/(contract|config)\.js$/.test(url))).toEqual([]);
	});
});
