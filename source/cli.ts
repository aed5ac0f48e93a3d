#!/usr/bin/env node
/**
The `cloudmail-setup` command: the TUI (default), the emulated device (`emulator`), and the
saved preferences (`config`). Heavy modules (Ink, the emulator) are loaded only by the
command that needs them, so that start-up on a printer's console stays quick.
*/
import process from 'node:process';
import meow from 'meow';
import {openPreferences, preferenceKeys, type PreferenceKey} from './config.js';
import {isLanguage, languageFromEnvironment, type Language} from './i18n/index.js';
import {defaultStateDirectory} from './paths.js';

const cli = meow(
	`
	Usage
	  $ cloudmail-setup [options]              the TUI (default: the built-in emulated device)
	  $ cloudmail-setup emulator [options]     run the emulated device on its own
	  $ cloudmail-setup config [get|set|unset|path] [key] [value]

	Options (TUI)
	  --device URL     the device API, e.g. http://192.0.2.10/api/v1 (else the saved
	                   preference, else the built-in emulated device, offline)
	  --emulator       use the built-in emulated device even if a device URL is saved
	  --lang ja|en     language (else the saved preference, else the locale)
	  --state DIR      where the built-in emulated device keeps its state

	Options (emulator)
	  --port N         device API port (default 8480; 0 picks a free one)
	  --idp-port N     offline identity provider port (default 8443; 0 picks a free one)
	  --host ADDR      listen address (default 127.0.0.1)
	  --state DIR      state directory (settings, tokens; mode 0600)
	  --offline        use the offline identity provider (default)
	  --live           talk to the real login.microsoftonline.com
	  --client-id ID   the app registration for live mode (or CLOUDMAIL_MICROSOFT_CLIENT_ID)

	Preferences (config): ${preferenceKeys.join(', ')}

	Exit codes: 0 done, 1 failed, 2 usage or no interactive terminal
`,
	{
		importMeta: import.meta,
		flags: {
			device: {type: 'string'},
			emulator: {type: 'boolean', default: false},
			lang: {type: 'string'},
			state: {type: 'string'},
			port: {type: 'number'},
			idpPort: {type: 'number'},
			host: {type: 'string'},
			offline: {type: 'boolean', default: false},
			live: {type: 'boolean', default: false},
			clientId: {type: 'string'},
		},
		allowUnknownFlags: false,
	},
);

function fail(message: string, code = 1): never {
	process.stderr.write(`cloudmail-setup: ${message}\n`);
	process.exit(code);
}

const [command, ...rest] = cli.input;

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
			runConfig(rest);
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
	if (!process.stdin.isTTY || !process.stdout.isTTY) {
		fail('this is an interactive program and needs a terminal. Over SSH, use `ssh -t`.', 2);
	}

	// Ink draws nothing until exit when it believes it runs in CI (CI or CONTINUOUS_INTEGRATION
	// set, read when Ink is loaded). There is a terminal to draw on here, so that guess is wrong.
	delete process.env['CI'];
	delete process.env['CONTINUOUS_INTEGRATION'];

	const preferences = openPreferences().read();
	if (cli.flags.lang !== undefined && !isLanguage(cli.flags.lang)) {
		fail(`--lang must be ja or en, not '${cli.flags.lang}'.`, 2);
	}

	const language: Language = (cli.flags.lang as Language | undefined) ?? preferences.language ?? languageFromEnvironment(process.env);
	const deviceUrl = cli.flags.emulator ? undefined : cli.flags.device ?? preferences.deviceUrl;

	let closeDevice = async (): Promise<void> => {};
	let baseUrl = deviceUrl;
	if (baseUrl === undefined) {
		const {startBuiltInDevice} = await import('./emulator-command.js');
		const device = await startBuiltInDevice({stateDir: cli.flags.state ?? defaultStateDirectory()});
		baseUrl = device.url;
		closeDevice = device.close;
	}

	const {runApp} = await import('./run-app.js');
	try {
		await runApp({
			baseUrl,
			language,
			pollIntervalMs: (preferences.pollIntervalSeconds ?? 2) * 1000,
			...(preferences.userName ? {userName: preferences.userName} : {}),
		});
	} finally {
		await closeDevice();
	}
}

async function runEmulator(): Promise<void> {
	if (cli.flags.offline && cli.flags.live) {
		fail('choose one of --offline and --live.', 2);
	}

	const {runStandaloneEmulator} = await import('./emulator-command.js');
	await runStandaloneEmulator({
		mode: cli.flags.live ? 'live' : 'offline',
		stateDir: cli.flags.state ?? defaultStateDirectory(),
		port: cli.flags.port ?? 8480,
		idpPort: cli.flags.idpPort ?? 8443,
		host: cli.flags.host ?? '127.0.0.1',
		clientId: cli.flags.clientId ?? process.env['CLOUDMAIL_MICROSOFT_CLIENT_ID'],
	});
}

function runConfig([action = 'get', key, value]: string[]): void {
	const store = openPreferences();
	if (action === 'path') {
		process.stdout.write(`${store.path}\n`);
		return;
	}

	if (action === 'get' && key === undefined) {
		process.stdout.write(`${JSON.stringify(store.read(), undefined, 2)}\n`);
		return;
	}

	if (!preferenceKeys.includes(key as PreferenceKey)) {
		fail(`unknown preference '${key ?? ''}'. Known: ${preferenceKeys.join(', ')}.`, 2);
	}

	const name = key as PreferenceKey;
	switch (action) {
		case 'get': {
			const current = store.read()[name];
			process.stdout.write(current === undefined ? '' : `${String(current)}\n`);
			return;
		}

		case 'set': {
			if (value === undefined) {
				fail(`config set ${name} needs a value.`, 2);
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
			fail(`unknown config action '${action}'. Use get, set, unset or path.`, 2);
		}
	}
}
