/**
The command line of the TUI, `emulator` and `config` (the scripted commands read their own),
with node:util's parseArgs. It reads what meow, used before, read: `--option value` and
`--option=value`, an option that takes a value but is given none (it comes last, or another
option follows) as empty (but a path, host or client ID given none is a usage error), numbers
as `Number()` reads them, `--no-<flag>`, `--<flag>=true|false` and `--<flag> true|false` for
the on/off flags, every unknown option at once and as it was
written, and --help or --version only when alone. `--device` is kept as written; `deviceChoice`
reads it.
*/
import {parseArgs} from 'node:util';
import {parseDeviceAddress, type DeviceAddress, type DeviceAddressProblem} from '../device/device-address.js';

const options = {
	device: {type: 'string'},
	emulator: {type: 'boolean'},
	lang: {type: 'string'},
	state: {type: 'string'},
	port: {type: 'string'},
	'idp-port': {type: 'string'},
	host: {type: 'string'},
	offline: {type: 'boolean'},
	live: {type: 'boolean'},
	'client-id': {type: 'string'},
	'dev-default-password': {type: 'boolean'},
	ca: {type: 'string'},
	tls: {type: 'boolean'},
	'tls-regenerate': {type: 'boolean'},
	help: {type: 'boolean'},
	version: {type: 'boolean'},
} as const;
type OptionName = keyof typeof options;

const numberOptions: ReadonlySet<string> = new Set<OptionName>(['port', 'idp-port']);
/** Options that mean nothing empty: given no value, they are a usage error (not a directory '' or a host ''). */
const valueRequired: readonly OptionName[] = ['state', 'host', 'client-id', 'ca'];

export type Flags = {
	device?: string;
	emulator: boolean;
	lang?: string;
	state?: string;
	port?: number;
	idpPort?: number;
	host?: string;
	offline: boolean;
	live: boolean;
	clientId?: string;
	/** emulator: the factory default password works without being changed (development). Set only when given. */
	devDefaultPassword?: true;
	/** TUI: a device CA (PEM file) to trust for the device. */
	ca?: string;
	/** emulator: serve HTTPS with the device's own certificate; --tls-regenerate with a new one. Set only when given. */
	tls?: true;
	tlsRegenerate?: true;
};

export type CommandLine =
	| {kind: 'run'; input: string[]; flags: Flags}
	| {kind: 'help'}
	| {kind: 'version'}
	/** Each as it was written, e.g. `--bogus=1`. */
	| {kind: 'unknown-options'; options: string[]}
	| {kind: 'repeated-option'; option: string}
	/** A path, address or name given no value (`--state` last, `--state=`, `--ca --lang en`): `--state`. */
	| {kind: 'missing-value'; option: string};

function isOption(name: string): name is OptionName {
	return Object.hasOwn(options, name);
}

const negativeNumber = /^-(?:\d+(?:\.\d+)?|\.\d+)$/;

/** True when `argument` cannot be the value of the option before it: it is missing or is itself an option. */
function isNoValue(argument: string | undefined): boolean {
	return argument === undefined || (argument.startsWith('-') && !negativeNumber.test(argument));
}

/**
parseArgs takes the next argument as the value even when it is an option (`--device --lang en`
would set the device to `--lang`). Given no value, a text option is empty and a number is
left out, as meow had it.
*/
function withoutMissingValues(argv: readonly string[]): string[] {
	const result: string[] = [];
	for (const [index, argument] of argv.entries()) {
		if (argument === '--') {
			result.push(...argv.slice(index));
			break;
		}

		const name = argument.startsWith('--') ? argument.slice(2) : '';
		if (isOption(name) && options[name].type === 'string' && isNoValue(argv[index + 1])) {
			if (!numberOptions.has(name)) {
				result.push(`${argument}=`);
			}
		} else {
			result.push(argument);
		}
	}

	return result;
}

export function parseCommandLine(argv: readonly string[]): CommandLine {
	const args = withoutMissingValues(argv);
	const {tokens} = parseArgs({args, options, strict: false, allowPositionals: true, tokens: true});
	const values = new Map<OptionName, string | boolean>();
	const input: string[] = [];
	const unknownAt = new Set<number>();
	let repeated: string | undefined;
	for (let index = 0; index < tokens.length; index++) {
		const token = tokens[index]!;
		if (token.kind === 'option-terminator') {
			continue;
		}

		if (token.kind === 'positional') {
			// After `--`, something that looks like an option is still refused.
			if (token.value.startsWith('-')) {
				unknownAt.add(token.index);
			} else {
				input.push(token.value);
			}

			continue;
		}

		const negated = token.name.startsWith('no-') ? token.name.slice(3) : undefined;
		if (negated !== undefined && isOption(negated) && options[negated].type === 'boolean' && token.value === undefined) {
			values.set(negated, false);
		} else if (!isOption(token.name)) {
			unknownAt.add(token.index);
		} else if (options[token.name].type === 'boolean') {
			const next = tokens[index + 1];
			if (token.value !== undefined) {
				values.set(token.name, token.value === 'true');
			} else if (next?.kind === 'positional' && next.index === token.index + 1 && (next.value === 'true' || next.value === 'false')) {
				values.set(token.name, next.value === 'true');
				index++;
			} else {
				values.set(token.name, true);
			}
		} else {
			if (values.has(token.name)) {
				repeated ??= token.name;
			}

			values.set(token.name, token.value ?? '');
		}
	}

	if (argv.length === 1 && input.length === 0) {
		if (values.get('version') === true) {
			return {kind: 'version'};
		}

		if (values.get('help') === true) {
			return {kind: 'help'};
		}
	}

	if (unknownAt.size > 0) {
		return {kind: 'unknown-options', options: [...unknownAt].map(index => args[index]!)};
	}

	if (repeated !== undefined) {
		return {kind: 'repeated-option', option: `--${repeated}`};
	}

	const empty = valueRequired.find(name => values.get(name) === '');
	if (empty !== undefined) {
		return {kind: 'missing-value', option: `--${empty}`};
	}

	const text = (name: OptionName): string | undefined => {
		const value = values.get(name);
		return typeof value === 'string' ? value : undefined;
	};

	const number = (name: OptionName): number | undefined => {
		const value = text(name);
		return value === undefined ? undefined : Number(value);
	};

	const flags: Flags = {
		emulator: values.get('emulator') === true,
		offline: values.get('offline') === true,
		live: values.get('live') === true,
	};
	const optional = {device: text('device'), lang: text('lang'), state: text('state'), port: number('port'), idpPort: number('idp-port'), host: text('host'), clientId: text('client-id'), ca: text('ca'), tls: values.get('tls') === true || undefined, tlsRegenerate: values.get('tls-regenerate') === true || undefined};
	for (const [name, value] of Object.entries(optional)) {
		if (value !== undefined) {
			Object.assign(flags, {[name]: value});
		}
	}

	if (values.get('dev-default-password') === true) {
		flags.devDefaultPassword = true;
	}

	return {kind: 'run', input, flags};
}

/** Which device the TUI talks to, or why the --device given is refused. */
export type DeviceChoice =
	| {kind: 'built-in'}
	| {kind: 'device'; address: DeviceAddress}
	/** `problem` names what is wrong; the address itself is never repeated (it may hold a password). */
	| {kind: 'refused'; problem: DeviceAddressProblem};

/**
--device (read by device-address.ts, as scripted mode, `config set deviceUrl` and Log In read
an address), else the saved deviceUrl, else the built-in emulated device; --emulator picks the
built-in one even when an address is saved. A --device that is given is checked even then.
*/
export function deviceChoice(flags: Pick<Flags, 'device' | 'emulator'>, savedDeviceUrl: string | undefined): DeviceChoice {
	if (flags.device !== undefined) {
		const address = parseDeviceAddress(flags.device);
		if (!address.ok) {
			return {kind: 'refused', problem: address.problem};
		}

		if (!flags.emulator) {
			return {kind: 'device', address};
		}
	}

	if (flags.emulator || savedDeviceUrl === undefined) {
		return {kind: 'built-in'};
	}

	const saved = parseDeviceAddress(savedDeviceUrl);
	return saved.ok ? {kind: 'device', address: saved} : {kind: 'built-in'};
}
