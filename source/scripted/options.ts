/**
The command line of the scripted commands (node:util parseArgs, strict). Which options each
command takes, their values checked as far as they can be without the device; the words of a
usage error come from the i18n table. A password or a client secret on the command line is
refused before anything else, without repeating it. `--device` is read by device-address.ts (the
rule of the TUI, `config set deviceUrl` and Log In); plain HTTP to anything but loopback is
refused unless `--allow-insecure-http` is given (`refusePlainHttp`).
*/
import {parseArgs} from 'node:util';
import {hasSecretOption} from '../cli/argv-secrets.js';
import {parseFingerprint} from '../device/device-fingerprint.js';
import {isPlainHttpToNetwork, parseDeviceAddress} from '../device/device-address.js';
import {loginRequestSchema, testMailProviders, type TestMailProvider} from '../device/contract.js';
import {isLanguage, type Language, type Messages} from '../i18n/index.js';
import {usageFailure} from './failure.js';

export const scriptedCommands = ['status', 'microsoft configure', 'microsoft authorize', 'google configure', 'google authorize', 'test-mail', 'password change'] as const;
export type ScriptedCommandName = (typeof scriptedCommands)[number];

const optionSpecs = {
	device: {type: 'string'},
	'allow-insecure-http': {type: 'boolean'},
	'device-fingerprint': {type: 'string'},
	ca: {type: 'string'},
	emulator: {type: 'boolean'},
	state: {type: 'string'},
	user: {type: 'string'},
	lang: {type: 'string'},
	json: {type: 'boolean'},
	'password-stdin': {type: 'boolean'},
	help: {type: 'boolean', short: 'h'},
	tenant: {type: 'string'},
	'verify-cert': {type: 'boolean'},
	'no-verify-cert': {type: 'boolean'},
	'add-cn': {type: 'boolean'},
	'no-add-cn': {type: 'boolean'},
	enable: {type: 'boolean'},
	disable: {type: 'boolean'},
	wait: {type: 'boolean'},
	'client-id': {type: 'string'},
	'client-secret-stdin': {type: 'boolean'},
	'client-secret-if-unset': {type: 'boolean'},
	check: {type: 'boolean'},
	code: {type: 'string'},
	'code-stdin': {type: 'boolean'},
	'print-url': {type: 'boolean'},
	provider: {type: 'string'},
	to: {type: 'string'},
	'new-password-stdin': {type: 'boolean'},
} as const;
type OptionName = keyof typeof optionSpecs;

const commonOptions: readonly OptionName[] = ['device', 'allow-insecure-http', 'device-fingerprint', 'ca', 'emulator', 'state', 'user', 'lang', 'json', 'password-stdin', 'help'];
const basicOptions: readonly OptionName[] = ['verify-cert', 'no-verify-cert', 'add-cn', 'no-add-cn', 'enable', 'disable'];
const commandOptions: Record<ScriptedCommandName, readonly OptionName[]> = {
	status: [],
	'microsoft configure': ['tenant', 'check', ...basicOptions],
	'microsoft authorize': ['wait'],
	'google configure': ['client-id', 'client-secret-stdin', 'client-secret-if-unset', 'check', ...basicOptions],
	'google authorize': ['code', 'code-stdin', 'print-url'],
	'test-mail': ['provider', 'to'],
	'password change': ['new-password-stdin'],
};

export type Common = {
	/** The device API URL of --device, as device-address.ts reads it (`192.168.1.20` → `https://192.168.1.20/api/v1`). */
	device: string | undefined;
	/** --allow-insecure-http: the password may go over plain HTTP to an address that is not loopback. */
	allowInsecureHttp: boolean;
	emulator: boolean;
	stateDir: string | undefined;
	user: string | undefined;
	language: Language | undefined;
	json: boolean;
	passwordStdin: boolean;
	/** --device-fingerprint: the https device's certificate to trust (`SHA256:…`), over a saved pin. */
	deviceFingerprint?: string;
	/** --ca: a file with the device CA's certificate (PEM), read when the device is opened. */
	ca?: string;
};

/** The settings of Edit Basic Settings an option names; undefined = keep the device's. */
export type BasicChanges = {enabled?: boolean; verifyServerCertificate?: boolean; addCnToVerification?: boolean};

export type ScriptedCommand =
	| {name: 'status'}
	/** `check`: compute and report what would change, send no change (--check). */
	| {name: 'microsoft configure'; tenant: string | undefined; changes: BasicChanges; check: boolean}
	| {name: 'microsoft authorize'; wait: boolean}
	/**
	`secretFromStdin`: a client secret is read from stdin; `secretIfUnset` (--client-secret-if-unset):
	it is read, but sent only when the device has none stored (so that a re-run changes nothing).
	*/
	| {name: 'google configure'; clientId: string | undefined; secretFromStdin: boolean; secretIfUnset: boolean; changes: BasicChanges; check: boolean}
	| {name: 'google authorize'; code: string | undefined; codeFromStdin: boolean; printUrl: boolean}
	| {name: 'test-mail'; provider: TestMailProvider; to: string}
	| {name: 'password change'; newPasswordFromStdin: boolean};

export type Invocation = {common: Common; command: ScriptedCommand} | {help: true; command: ScriptedCommandName | undefined; common: Common};

/** --json and --lang, looked for before the rest is parsed, so that even a usage error can honour them. */
export function earlyFlags(argv: readonly string[]): {json: boolean; language: Language | undefined} {
	let language: Language | undefined;
	for (const [index, argument] of argv.entries()) {
		const value = argument === '--lang' ? argv[index + 1] : (argument.startsWith('--lang=') ? argument.slice('--lang='.length) : undefined);
		if (isLanguage(value)) {
			language = value;
		}
	}

	return {json: argv.includes('--json'), language};
}

function commandName(positionals: readonly string[], messages: Messages): {name: ScriptedCommandName | undefined; rest: string[]} {
	const [first, second, ...rest] = positionals;
	if (first === 'password' && second !== 'change') {
		throw usageFailure(messages.scripted.usage.passwordSubcommand);
	}

	if (first === 'microsoft' || first === 'google' || first === 'password') {
		if (second === undefined) {
			return {name: undefined, rest: []};
		}

		const name = `${first} ${second}`;
		if (!scriptedCommands.includes(name as ScriptedCommandName)) {
			throw usageFailure(messages.scripted.usage.unknownCommand(name));
		}

		return {name: name as ScriptedCommandName, rest};
	}

	if (first !== undefined && scriptedCommands.includes(first as ScriptedCommandName)) {
		return {name: first as ScriptedCommandName, rest: second === undefined ? rest : [second, ...rest]};
	}

	throw usageFailure(messages.scripted.usage.unknownCommand(first ?? ''));
}

/** A pair of --x / --no-x: true, false, or undefined when neither was given. */
function pair(values: Record<string, unknown>, on: OptionName, off: OptionName, messages: Messages): boolean | undefined {
	if (values[on] === true && values[off] === true) {
		throw usageFailure(messages.scripted.usage.conflicting(`--${on}`, `--${off}`));
	}

	return values[on] === true ? true : (values[off] === true ? false : undefined);
}

function basicChanges(values: Record<string, unknown>, messages: Messages): BasicChanges {
	const enabled = pair(values, 'enable', 'disable', messages);
	const verifyServerCertificate = pair(values, 'verify-cert', 'no-verify-cert', messages);
	const addCnToVerification = pair(values, 'add-cn', 'no-add-cn', messages);
	return {
		...(enabled === undefined ? {} : {enabled}),
		...(verifyServerCertificate === undefined ? {} : {verifyServerCertificate}),
		...(addCnToVerification === undefined ? {} : {addCnToVerification}),
	};
}

/** parseArgs' own message may quote what was typed; ours names the option only. */
function parseError(error: unknown, messages: Messages): never {
	const words = messages.scripted.usage;
	const code = (error as {code?: string}).code;
	const quoted = error instanceof Error ? /'(-[^'=\s]*)/.exec(error.message)?.[1] : undefined;
	if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
		throw usageFailure(words.unknownOption(quoted ?? '?'));
	}

	if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
		const option = error instanceof Error ? /'(--[\w-]+)/.exec(error.message)?.[1] : undefined;
		throw usageFailure(words.badValue(option ?? '?'));
	}

	throw usageFailure(words.unexpectedArgument);
}

function parse(argv: readonly string[], messages: Messages) {
	try {
		return parseArgs({args: [...argv], options: optionSpecs, allowPositionals: true, strict: true});
	} catch (error) {
		return parseError(error, messages);
	}
}

export function parseScriptedArguments(argv: readonly string[], messages: Messages): Invocation {
	const words = messages.scripted.usage;
	if (hasSecretOption(argv)) {
		throw usageFailure(words.secretOnArgv);
	}

	const parsed = parse(argv, messages);
	const values = parsed.values as Record<string, unknown>;
	const lang = parsed.values.lang;
	if (lang !== undefined && !isLanguage(lang)) {
		throw usageFailure(words.badLanguage);
	}

	const address = parsed.values.device === undefined ? undefined : parseDeviceAddress(parsed.values.device);
	if (address?.ok === false) {
		throw usageFailure(messages.deviceAddress.refused('--device', messages.deviceAddress.problems[address.problem]));
	}

	const device = address?.url;

	const user = parsed.values.user;
	if (user !== undefined && !loginRequestSchema.shape.userName.safeParse(user).success) {
		throw usageFailure(words.badUser);
	}

	if (device !== undefined && parsed.values.emulator) {
		throw usageFailure(words.conflicting('--device', '--emulator'));
	}

	const common: Common = {
		device,
		allowInsecureHttp: parsed.values['allow-insecure-http'] === true,
		emulator: parsed.values.emulator === true,
		stateDir: parsed.values.state,
		user,
		language: lang,
		json: parsed.values.json === true,
		passwordStdin: parsed.values['password-stdin'] === true,
		...(parsed.values.ca === undefined ? {} : {ca: parsed.values.ca}),
	};
	const fingerprint = parsed.values['device-fingerprint'];
	if (fingerprint !== undefined) {
		const pin = parseFingerprint(fingerprint);
		if (pin === undefined) {
			throw usageFailure(words.badFingerprint);
		}

		common.deviceFingerprint = pin;
	}

	const {name, rest} = commandName(parsed.positionals, messages);
	if (parsed.values.help) {
		return {help: true, command: name, common};
	}

	if (name === undefined) {
		throw usageFailure(words.missingSubcommand(parsed.positionals[0] ?? ''));
	}

	if (rest.length > 0) {
		throw usageFailure(words.unexpectedArgument);
	}

	const allowed = new Set([...commonOptions, ...commandOptions[name]]);
	for (const option of Object.keys(values) as OptionName[]) {
		if (!allowed.has(option)) {
			throw usageFailure(words.notForCommand(`--${option}`, name));
		}
	}

	return {common, command: commandOf(name, values, messages)};
}

function commandOf(name: ScriptedCommandName, values: Record<string, unknown>, messages: Messages): ScriptedCommand {
	const words = messages.scripted.usage;
	const text = (option: OptionName): string | undefined => values[option] as string | undefined;
	switch (name) {
		case 'status': {
			return {name};
		}

		case 'microsoft configure': {
			return {name, tenant: text('tenant'), changes: basicChanges(values, messages), check: values['check'] === true};
		}

		case 'microsoft authorize': {
			return {name, wait: values['wait'] === true};
		}

		case 'google configure': {
			if (values['client-secret-stdin'] === true && values['client-secret-if-unset'] === true) {
				throw usageFailure(words.conflicting('--client-secret-stdin', '--client-secret-if-unset'));
			}

			const secretIfUnset = values['client-secret-if-unset'] === true;
			return {
				name,
				clientId: text('client-id'),
				secretFromStdin: secretIfUnset || values['client-secret-stdin'] === true,
				secretIfUnset,
				changes: basicChanges(values, messages),
				check: values['check'] === true,
			};
		}

		case 'google authorize': {
			if (text('code') !== undefined && values['code-stdin'] === true) {
				throw usageFailure(words.conflicting('--code', '--code-stdin'));
			}

			return {name, code: text('code'), codeFromStdin: values['code-stdin'] === true, printUrl: values['print-url'] === true};
		}

		case 'test-mail': {
			const provider = text('provider');
			const to = text('to');
			if (provider === undefined || to === undefined) {
				throw usageFailure(words.required(provider === undefined ? '--provider' : '--to'));
			}

			if (!testMailProviders.includes(provider as TestMailProvider)) {
				throw usageFailure(words.badProvider);
			}

			return {name, provider: provider as TestMailProvider, to};
		}

		case 'password change': {
			return {name, newPasswordFromStdin: values['new-password-stdin'] === true};
		}
	}
}

/**
Refuses (usage) a device reached over plain HTTP that is not this computer, unless
--allow-insecure-http was given: the password would cross the network unencrypted. `url`: the
device the command would talk to (--device or the saved deviceUrl), undefined for the built-in one.
*/
export function refusePlainHttp(url: string | undefined, common: Pick<Common, 'allowInsecureHttp'>, messages: Messages): void {
	if (url !== undefined && !common.allowInsecureHttp && isPlainHttpToNetwork(url)) {
		throw usageFailure(messages.deviceAddress.scriptedPlainHttp(url));
	}
}
