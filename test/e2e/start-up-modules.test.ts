/**
What the built TUI loads before its first frame (the log-in screen), in tmux, with --device and
saved preferences: not zod (the contract's schemas), ky, qrcode, meow or conf. Each of these was
once on that path and together they made start-up miss its budget against a hello-world Ink
app (`npm run bench`); they are loaded when first needed. Counting modules, not milliseconds,
so that a slow machine cannot make this pass or fail.
*/
import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {beforeAll, describe, expect, it} from 'vitest';
import {ja} from '../../source/i18n/ja.js';
import {scratchDirectory, startTui} from '../support/e2e-harness.js';
import {requireBuild} from '../support/emulator-process.js';

const recorderPath = path.resolve('dist/test/support/record-modules.js');
const notBeforeFirstFrame = ['zod', 'ky', 'qrcode', 'meow', 'conf', 'undici'];

beforeAll(() => {
	requireBuild(recorderPath);
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

/** Starts the TUI with the recorder; what it loaded before its first frame, and the terminal's mode then. */
async function recordFirstFrame(): Promise<{loaded: string[]; raw: boolean}> {
	const home = scratchDirectory('start-up-home');
	const log = path.join(home, 'modules.log');
	// Read at start-up, so that reading preferences is on the path too (and must not need conf).
	mkdirSync(path.join(home, 'config', 'cloudmail-setup'), {recursive: true});
	writeFileSync(path.join(home, 'config', 'cloudmail-setup', 'preferences.json'), JSON.stringify({language: 'ja', pollIntervalSeconds: 3}));
	const {terminal} = startTui({
		// 192.0.2.1 (TEST-NET-1) is never contacted: nothing is requested before logging in.
		nodeArgs: ['--import', recorderPath],
		device: 'http://192.0.2.1/api/v1',
		home,
		env: {CLOUDMAIL_MODULE_LOG: log, CLOUDMAIL_FIRST_FRAME_TEXT: ja.screens.login},
	});
	await terminal.waitForText(ja.screens.login);
	const lines = (await waitForFile(log, 'first frame\n')).split('\n');
	const before = lines.slice(0, lines.indexOf('first frame'));
	return {
		loaded: before.filter(line => line.startsWith('module ') || line.startsWith('commonjs ')).map(line => line.slice(line.indexOf(' ') + 1)),
		raw: before.includes('raw true'),
	};
}

describe('start-up', () => {
	it('draws the log-in screen, in the saved language, before loading zod, ky, qrcode, meow or conf', async () => {
		const {loaded} = await recordFirstFrame();

		// The recorder saw the program and Ink, so that an empty record cannot pass.
		expect(loaded.some(url => url.endsWith('/dist/source/cli.js'))).toBe(true);
		expect(loaded.some(url => packageOf(url) === 'ink')).toBe(true);
		expect(loaded.some(url => url.endsWith('/dist/source/device/device-address.js'))).toBe(true);
		expect(loaded.filter(url => notBeforeFirstFrame.includes(packageOf(url) ?? ''))).toEqual([]);
		expect(loaded.filter(url => /\/dist\/source\/(device\/contract|config\/config)\.js$/.test(url))).toEqual([]);
	});

	// Found under load: keys sent as soon as Log In showed (Shift+Tab, Ctrl+U) were taken by the
	// terminal's line editing (Ctrl+U erased the line; Ctrl+C would have been a signal), because
	// Ink turns raw mode on only in an effect after its first frame.
	it('is in raw mode before it draws its first frame, so keys typed ahead are all the app\'s', async () => {
		const {raw} = await recordFirstFrame();
		expect(raw).toBe(true);
	});
});
