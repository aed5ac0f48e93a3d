/**
Issue 12: under a Japanese locale, `--help`, the no-terminal message and the command line's errors
were English. They come from the i18n tables: Japanese under LANG=ja_JP.UTF-8, English under
LANG=C, and --lang wins over the locale. The built CLI, stdin a pipe (no terminal).
*/
import {describe, expect, it} from 'vitest';
import {en} from '../../source/i18n/en.js';
import {ja} from '../../source/i18n/ja.js';
import {runCli} from './cli-process.js';

const locales = [
	{name: 'ja_JP.UTF-8', env: {LANG: 'ja_JP.UTF-8'}, words: ja},
	{name: 'C', env: {LANG: 'C'}, words: en},
] as const;

describe.each(locales)('LANG=$name', ({env, words}) => {
	const cli = words.cli;

	it('--help: the description and the usage in the locale\'s language, exit 0', async () => {
		const run = await runCli(['--help'], {env});
		expect(run.code).toBe(0);
		expect(run.stderr).toBe('');
		expect(run.stdout).toContain(cli.description);
		expect(run.stdout).toContain(words === ja ? '使いかた' : 'Usage');
		expect(run.stdout).toContain(words === ja ? 'オプション(端末UI)' : 'Options (TUI)');
		expect(run.stdout).toContain('--device ADDRESS');
		expect(run.stdout).toContain('cloudmail-setup config unpin');
		if (words === ja) {
			expect(run.stdout).not.toContain('Usage');
		}
	});

	it('without a terminal: says so, in the locale\'s language, exit 2', async () => {
		const run = await runCli(['--device', 'http://127.0.0.1:9/api/v1'], {env});
		expect(run.code).toBe(2);
		expect(run.stderr).toBe(`cloudmail-setup: ${cli.needsTerminal}\n`);
		expect(run.stderr).toContain('ssh -t');
	});

	it.each([
		[['--bogus', '-x'], (c: typeof cli) => c.unknownOptions('--bogus', '-x')],
		[['--state'], (c: typeof cli) => c.missingValue('--state')],
		[['--device', 'a.example', '--device', 'b.example'], (c: typeof cli) => c.repeatedOption('--device')],
		[['frobnicate'], (c: typeof cli) => c.unknownCommand('frobnicate')],
		[['--lang', 'fr'], (c: typeof cli) => c.badLanguage('fr')],
		[['emulator', '--offline', '--live'], (c: typeof cli) => c.offlineAndLive],
		[['config', 'set', 'bogusKey', '1'], (c: typeof cli) => c.config.unknownPreference('bogusKey', 'deviceUrl, language, pollIntervalSeconds, userName, pins')],
	])('%j: the error in the locale\'s language, exit 2', async (argv, message) => {
		const run = await runCli(argv, {env});
		expect(run.code).toBe(2);
		const expected = message(cli);
		if (argv.includes('bogusKey')) {
			expect(run.stderr).toMatch(/^cloudmail-setup: /);
			expect(run.stderr).toContain(words === ja ? '不明な設定です' : 'unknown preference');
		} else {
			expect(run.stderr).toBe(`cloudmail-setup: ${expected}\n`);
		}
	});

	it('a password on the command line: refused in the locale\'s language, without repeating it, exit 2', async () => {
		const run = await runCli(['--password', 'S3cret-on-argv'], {env});
		expect(run.code).toBe(2);
		expect(run.stderr).toBe(`cloudmail-setup: ${cli.secretOnArgv}\n`);
		expect(run.stderr).not.toContain('S3cret');
	});

	it('the scripted commands\' --help too', async () => {
		const run = await runCli(['status', '--help'], {env});
		expect(run.code).toBe(0);
		expect(run.stdout).toContain('$ cloudmail-setup status [--json]');
		expect(run.stdout).toContain(words === ja ? '使いかた' : 'Usage');
		expect(run.stdout).toContain(words === ja ? '終了コード' : 'Exit codes');
		expect(run.stdout).toContain('--allow-insecure-http');
	});
});

it('--lang wins over the locale', async () => {
	const run = await runCli(['--bogus', '--lang', 'en'], {env: {LANG: 'ja_JP.UTF-8'}});
	expect(run.code).toBe(2);
	expect(run.stderr).toBe(`cloudmail-setup: ${en.cli.unknownOptions('--bogus')}\n`);
});
