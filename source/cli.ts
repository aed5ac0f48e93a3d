#!/usr/bin/env node
/**
The `cloudmail-setup` command: the TUI (default), the emulated device (`emulator`), the
saved preferences (`config`), and the scripted commands (`status`, `microsoft`, `google`,
`test-mail`). Heavy modules (Ink, the emulator, scripted mode) are loaded only by the command
that needs them, so that start-up on a printer's console stays quick.
*/
import {readFileSync} from 'node:fs';
import process from 'node:process';
import {hasSecretOption} from './cli/argv-secrets.js';
import {deviceChoice, parseCommandLine} from './cli/command-line.js';
import {isPlainHttpToNetwork, parseDeviceAddress} from './device/device-address.js';
import {isLanguage, languageFromEnvironment, messagesFor, type Language, type Messages} from './i18n/index.js';
import {defaultStateDirectory} from './config/paths.js';
import {defaultPollIntervalSeconds, preferenceKeys, readPreferences, type PreferenceKey} from './config/preferences.js';

const argv = process.argv.slice(2);

if (isScriptedCommand(argv)) {
	const {runScripted} = await import('./scripted/main.js');
	const code = await runScripted(argv);
	// Let what was written to a pipe drain before exiting.
	await new Promise(resolve => {
		process.stdout.write('', resolve);
	});
	process.exit(code);
}

/**
The language of --help and of what the command line refuses: --lang (when it is ja or en), else
the saved preference, else the locale (LC_ALL, LC_MESSAGES, LANG).
*/
function cliLanguage(): Language {
	for (const [index, word] of argv.entries()) {
		const value = word === '--lang' ? argv[index + 1] : (word.startsWith('--lang=') ? word.slice('--lang='.length) : undefined);
		if (isLanguage(value)) {
			return value;
		}
	}

	try {
		const saved = readPreferences().language;
		if (saved !== undefined) {
			return saved;
		}
	} catch {
		// An unreadable preferences file is said where it matters; the locale decides here.
	}

	return languageFromEnvironment(process.env);
}

let cliMessages: Messages | undefined;
/** The words of the command line (read on first use: --version needs none). */
function cliWords(): Messages['cli'] {
	cliMessages ??= messagesFor(cliLanguage());
	return cliMessages.cli;
}

// Refused before anything can echo it back (an unknown option is repeated with its value).
if (hasSecretOption(argv)) {
	process.stderr.write(`cloudmail-setup: ${cliWords().secretOnArgv}\n`);
	process.exit(2);
}

/** The first word that is not an option (nor the value of --device, --lang, --state, --user) names a scripted command. */
function isScriptedCommand(words: readonly string[]): boolean {
	const takesValue = new Set(['--device', '--lang', '--state', '--user', '--ca', '--device-fingerprint']);
	for (let index = 0; index < words.length; index++) {
		const word = words[index]!;
		if (takesValue.has(word)) {
			index++;
		} else if (!word.startsWith('-')) {
			return ['status', 'microsoft', 'google', 'test-mail', 'password'].includes(word);
		}
	}

	return false;
}

function fail(message: string, code = 1): never {
	process.stderr.write(`cloudmail-setup: ${message}\n`);
	process.exit(code);
}

function packageJson(): {description: string; version: string} {
	return JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {description: string; version: string};
}

const commandLine = parseCommandLine(argv);
switch (commandLine.kind) {
	case 'help': {
		// The description, then the usage two spaces in.
		const words = cliWords();
		process.stdout.write(`\n  ${words.description}\n\n${words.help(preferenceKeys.join(', ')).replaceAll(/^(?=.)/gm, '  ')}\n\n`);
		process.exit(0);
	}

	case 'version': {
		process.stdout.write(`${packageJson().version}\n`);
		process.exit(0);
	}

	case 'unknown-options': {
		fail(cliWords().unknownOptions(...commandLine.options), 2);
	}

	case 'repeated-option': {
		fail(cliWords().repeatedOption(commandLine.option), 2);
	}

	case 'missing-value': {
		fail(cliWords().missingValue(commandLine.option), 2);
	}

	case 'run': {
		break;
	}
}

process.title = 'cloudmail-setup';
const {input, flags} = commandLine;
const [command, ...rest] = input;

try {
	switch (command) {
		case undefined: {
			await runTui();
			break;
		}

		case 'emulator': {
			await runEmulator();
			break;
		}

		case 'config': {
			await runConfig(rest);
			break;
		}

		default: {
			fail(cliWords().unknownCommand(command), 2);
		}
	}
} catch (error) {
	fail(error instanceof Error ? error.message : String(error));
}

async function runTui(): Promise<void> {
	// A --device that is refused is a usage error with or without a terminal (and the words
	// do not repeat it: it may hold a password).
	const savedPreferences = readPreferences();
	const choice = deviceChoice(flags, savedPreferences.deviceUrl);
	if (choice.kind === 'refused') {
		const words = messagesFor(configLanguage(savedPreferences.language)).deviceAddress;
		fail(words.refused('--device', words.problems[choice.problem]), 2);
	}

	if (flags.lang !== undefined && !isLanguage(flags.lang)) {
		fail(cliWords().badLanguage(flags.lang), 2);
	}

	if (!process.stdin.isTTY || !process.stdout.isTTY) {
		fail(cliWords().needsTerminal, 2);
	}

	// Ink draws nothing until exit when it believes it runs in CI (CI or CONTINUOUS_INTEGRATION
	// set, read when Ink is loaded). There is a terminal to draw on here, so that guess is wrong.
	delete process.env['CI'];
	delete process.env['CONTINUOUS_INTEGRATION'];

	const preferences = savedPreferences;
	const language: Language = (flags.lang as Language | undefined) ?? preferences.language ?? languageFromEnvironment(process.env);

	const deviceCa = flags.ca === undefined ? undefined : readDeviceCa(flags.ca);
	let closeDevice = async (): Promise<void> => {};
	let baseUrl = choice.kind === 'device' ? choice.address.url : undefined;
	if (baseUrl === undefined) {
		const {startBuiltInDevice} = await import('./cli/emulator-command.js');
		const device = await startBuiltInDevice({stateDir: flags.state ?? defaultStateDirectory()});
		baseUrl = device.url;
		closeDevice = device.close;
	}

	const {runApp} = await import('./tui/run-app.js');
	try {
		await runApp({
			baseUrl,
			language,
			pollIntervalMs: (preferences.pollIntervalSeconds ?? defaultPollIntervalSeconds) * 1000,
			...(preferences.userName ? {userName: preferences.userName} : {}),
			...(preferences.pins ? {pins: preferences.pins} : {}),
			...(deviceCa === undefined ? {} : {ca: deviceCa}),
		});
	} finally {
		await closeDevice();
	}
}

/** --ca FILE: a PEM certificate, or exit 2 saying so. */
function readDeviceCa(file: string): string {
	let text = '';
	try {
		text = readFileSync(file, 'utf8');
	} catch {
		// Said below.
	}

	if (!text.includes('-----BEGIN CERTIFICATE-----')) {
		fail(cliWords().badCa(file), 2);
	}

	return text;
}

async function runEmulator(): Promise<void> {
	if (argv.includes('--help')) {
		// Usage only: nothing is started, nothing is bound.
		const {emulatorUsage} = await import('./emulator/usage.js');
		process.stdout.write(emulatorUsage(messagesFor(cliLanguage()), defaultStateDirectory(), process.stdout.columns));
		process.exit(0);
	}

	if (flags.offline && flags.live) {
		fail(cliWords().offlineAndLive, 2);
	}

	const {runStandaloneEmulator} = await import('./cli/emulator-command.js');
	await runStandaloneEmulator({
		mode: flags.live ? 'live' : 'offline',
		stateDir: flags.state ?? defaultStateDirectory(),
		port: flags.port ?? 8480,
		idpPort: flags.idpPort ?? 8443,
		host: flags.host ?? '127.0.0.1',
		clientId: flags.clientId ?? process.env['CLOUDMAIL_MICROSOFT_CLIENT_ID'],
		...(flags.tls || flags.tlsRegenerate ? {tls: true, tlsRegenerate: flags.tlsRegenerate === true} : {}),
		devDefaultPassword: flags.devDefaultPassword === true,
	});
}

/** The language of `config`'s words (and of a refused --device): --lang, else the saved one, else the locale. */
function configLanguage(saved: Language | undefined): Language {
	return isLanguage(flags.lang) ? flags.lang : saved ?? languageFromEnvironment(process.env);
}

async function runConfig([action = 'get', key, value]: string[]): Promise<void> {
	const {openPreferences} = await import('./config/config.js');
	const store = openPreferences();
	if (action === 'path') {
		process.stdout.write(`${store.path}\n`);
		return;
	}

	if (action === 'get' && key === undefined) {
		process.stdout.write(`${JSON.stringify(store.read(), undefined, 2)}\n`);
		return;
	}

	if (action === 'unpin') {
		// The pinned certificate of one device (the address as --device takes it).
		const {unpinDevice} = await import('./config/config.js');
		const forgotten = key === undefined ? undefined : unpinDevice(store, key);
		if (!forgotten) {
			fail(cliWords().config.unpinNeedsAddress, 2);
		}

		process.stdout.write(`${forgotten.fingerprint === undefined
			? cliWords().config.noPin(forgotten.key)
			: cliWords().config.unpinned(forgotten.key, forgotten.fingerprint)}\n`);
		return;
	}

	if (!preferenceKeys.includes(key as PreferenceKey)) {
		fail(cliWords().config.unknownPreference(key ?? '', preferenceKeys.join(', ')), 2);
	}

	const name = key as PreferenceKey;
	switch (action) {
		case 'get': {
			const current = store.read()[name];
			process.stdout.write(current === undefined ? '' : `${typeof current === 'object' ? JSON.stringify(current, undefined, 2) : String(current)}\n`);
			return;
		}

		case 'set': {
			if (value === undefined) {
				fail(cliWords().config.needsValue(name), 2);
			}

			if (name === 'deviceUrl') {
				// The words of --device and Log In; the value is not repeated (it may hold a password).
				const address = parseDeviceAddress(value);
				const words = messagesFor(configLanguage(store.read().language)).deviceAddress;
				if (!address.ok) {
					fail(words.refused('deviceUrl', words.problems[address.problem]), 2);
				}

				store.set(name, address.url);
				if (isPlainHttpToNetwork(address.url)) {
					process.stderr.write(`cloudmail-setup: ${words.configPlainHttp}\n`);
				}

				return;
			}

			try {
				store.set(name, name === 'pollIntervalSeconds' ? Number(value) : value);
			} catch {
				fail(cliWords().config.badValue(value, name), 2);
			}

			return;
		}

		case 'unset': {
			store.unset(name);
			return;
		}

		default: {
			fail(cliWords().config.unknownAction(action), 2);
		}
	}
}
