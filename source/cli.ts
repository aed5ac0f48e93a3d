#!/usr/bin/env node
/**
The `cloudmail-setup` command: the TUI (default), the emulated device (`emulator`), the
saved preferences (`config`), and the scripted commands (`status`, `microsoft`, `google`,
`test-mail`). Heavy modules (Ink, the emulator, scripted mode) are loaded only by the command
that needs them, so that start-up on a printer's console stays quick.
*/
import {readFileSync} from 'node:fs';
import process from 'node:process';
import {hasSecretOption} from './argv-secrets.js';
import {deviceChoice, parseCommandLine} from './command-line.js';
import {isPlainHttpToNetwork, parseDeviceAddress} from './device-address.js';
import {isLanguage, languageFromEnvironment, messagesFor, type Language} from './i18n/index.js';
import {defaultStateDirectory} from './paths.js';
import {defaultPollIntervalSeconds, preferenceKeys, readPreferences, type PreferenceKey} from './preferences.js';

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

// Refused before anything can echo it back (an unknown option is repeated with its value).
if (hasSecretOption(argv)) {
	process.stderr.write('cloudmail-setup: a password or a client secret never goes on the command line.\n');
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

const usage = `
	Usage
	  $ cloudmail-setup [options]              the TUI (default: the built-in emulated device)
	  $ cloudmail-setup emulator [options]     run the emulated device on its own
	  $ cloudmail-setup config [get|set|unset|path] [key] [value]
	  $ cloudmail-setup config unpin ADDRESS   forget a device's pinned certificate

	Scripted (non-interactive) commands; \`cloudmail-setup <command> --help\` for their options
	  $ cloudmail-setup status [--json]
	  $ cloudmail-setup microsoft configure [--tenant T] [--[no-]verify-cert] [--[no-]add-cn] [--enable|--disable]
	  $ cloudmail-setup microsoft authorize [--wait]
	  $ cloudmail-setup google configure [--client-id ID] [--client-secret-stdin] [--[no-]verify-cert] ...
	  $ cloudmail-setup google authorize [--print-url] [--code CODE_OR_URL | --code-stdin]
	  $ cloudmail-setup test-mail --provider microsoft|google --to ADDRESS
	  $ cloudmail-setup password change [--new-password-stdin]   (or CLOUDMAIL_NEW_PASSWORD)
	  Common: --device ADDRESS, --emulator, --state DIR, --user NAME, --lang ja|en, --json,
	  --password-stdin (else CLOUDMAIL_PASSWORD, else a prompt on the terminal; never argv),
	  --allow-insecure-http (plain HTTP to an address that is not loopback; else refused)

	Options (TUI)
	  --device ADDRESS the device: 192.168.1.20, printer.local, https://printer.local:8443
	                   (no scheme: https, but http for 127.0.0.1/localhost; no path:
	                   /api/v1). Else the saved preference, else the built-in emulated
	                   device, offline. Plain HTTP to another computer: Log In warns and
	                   asks before sending the password
	  --emulator       use the built-in emulated device even if a device URL is saved
	  --lang ja|en     language (else the saved preference, else the locale)
	  --state DIR      where the built-in emulated device keeps its state
	  --ca FILE        a device CA certificate (PEM) to trust for an https device; without
	                   it, a printer's own certificate is shown once to compare and pin

	Options (emulator)
	  --port N         device API port (default 8480; 0 picks a free one)
	  --idp-port N     offline identity provider port (default 8443; 0 picks a free one)
	  --host ADDR      listen address (default 127.0.0.1)
	  --state DIR      state directory (settings, tokens; mode 0600)
	  --offline        use the offline identity provider (default)
	  --live           talk to the real login.microsoftonline.com
	  --client-id ID   the app registration for live mode (or CLOUDMAIL_MICROSOFT_CLIENT_ID)
	  --tls            serve HTTPS with the device's own self-signed certificate (kept in
	                   the state directory; its fingerprint is printed at start)
	  --tls-regenerate with --tls: a new certificate (so that a pinned one no longer matches)
	  --dev-default-password
	                   development only: the factory password 7654321 works as it is
	                   (without it, as on a printer, the first log-in must change it)

	Preferences (config): ${preferenceKeys.join(', ')}

	Exit codes: 0 done, 1 failed, 2 usage or no interactive terminal; the scripted commands
	add 3-12 (authentication, unreachable, validation, expired, declined, token not active,
	test mail refused, not ready, password change, certificate): see \`cloudmail-setup status --help\`
`;

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
		// The package's description, then the usage two spaces in.
		process.stdout.write(`\n  ${packageJson().description}\n\n${usage.slice(1, -1).replaceAll(/^\t/gm, '  ')}\n\n`);
		process.exit(0);
	}

	case 'version': {
		process.stdout.write(`${packageJson().version}\n`);
		process.exit(0);
	}

	case 'unknown-options': {
		process.stderr.write(`Unknown flag${commandLine.options.length > 1 ? 's' : ''}\n${commandLine.options.join('\n')}\n`);
		process.exit(2);
	}

	case 'repeated-option': {
		fail(`The flag ${commandLine.option} can only be set once.`);
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
			fail(`unknown command '${command}'. See 'cloudmail-setup --help'.`, 2);
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

	if (!process.stdin.isTTY || !process.stdout.isTTY) {
		fail('this is an interactive program and needs a terminal. Over SSH, use `ssh -t`.', 2);
	}

	// Ink draws nothing until exit when it believes it runs in CI (CI or CONTINUOUS_INTEGRATION
	// set, read when Ink is loaded). There is a terminal to draw on here, so that guess is wrong.
	delete process.env['CI'];
	delete process.env['CONTINUOUS_INTEGRATION'];

	const preferences = savedPreferences;
	if (flags.lang !== undefined && !isLanguage(flags.lang)) {
		fail(`--lang must be ja or en, not '${flags.lang}'.`, 2);
	}

	const language: Language = (flags.lang as Language | undefined) ?? preferences.language ?? languageFromEnvironment(process.env);

	const deviceCa = flags.ca === undefined ? undefined : readDeviceCa(flags.ca);
	let closeDevice = async (): Promise<void> => {};
	let baseUrl = choice.kind === 'device' ? choice.address.url : undefined;
	if (baseUrl === undefined) {
		const {startBuiltInDevice} = await import('./emulator-command.js');
		const device = await startBuiltInDevice({stateDir: flags.state ?? defaultStateDirectory()});
		baseUrl = device.url;
		closeDevice = device.close;
	}

	const {runApp} = await import('./run-app.js');
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
		fail(`--ca: cannot read ${file} as a PEM certificate.`, 2);
	}

	return text;
}

async function runEmulator(): Promise<void> {
	if (flags.offline && flags.live) {
		fail('choose one of --offline and --live.', 2);
	}

	const {runStandaloneEmulator} = await import('./emulator-command.js');
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
	const {openPreferences} = await import('./config.js');
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
		const {unpinDevice} = await import('./config.js');
		const forgotten = key === undefined ? undefined : unpinDevice(store, key);
		if (!forgotten) {
			fail('config unpin needs a device address, e.g. printer.local or https://192.0.2.10:8443.', 2);
		}

		process.stdout.write(forgotten.fingerprint === undefined
			? `No certificate fingerprint is pinned for ${forgotten.key}.\n`
			: `Forgot the pinned certificate fingerprint of ${forgotten.key} (${forgotten.fingerprint}).\n`);
		return;
	}

	if (!preferenceKeys.includes(key as PreferenceKey)) {
		fail(`unknown preference '${key ?? ''}'. Known: ${preferenceKeys.join(', ')}.`, 2);
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
				fail(`config set ${name} needs a value.`, 2);
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
				fail(`'${value}' is not a valid ${name}.`, 2);
			}

			return;
		}

		case 'unset': {
			store.unset(name);
			return;
		}

		default: {
			fail(`unknown config action '${action}'. Use get, set, unset, unpin or path.`, 2);
		}
	}
}
