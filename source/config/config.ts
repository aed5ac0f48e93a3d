/**
Saved preferences (conf): which device to talk to, the language, the poll interval and the
last user name. Never a secret. The file is mode 0600 all the same, and a file that is
damaged or holds values out of range is read as "no preference" rather than crashing.

The keys, their rules and the reading are in preferences.ts, which the TUI's start-up uses
alone (conf and zod cost start-up time); this module is for changing them (`config`) and for
scripted mode.
*/
import Conf from 'conf';
import {z} from 'zod';
import {parseDeviceAddress} from '../device/device-address.js';
import {pinKey} from '../device/device-fingerprint.js';
import {preferenceRules, readPreferences, type PreferenceKey, type Preferences} from './preferences.js';

export {defaultPollIntervalSeconds, preferenceKeys, type PreferenceKey, type Preferences} from './preferences.js';

/** The rules of preferences.ts as a zod schema, for checking a value given elsewhere (the device address itself is read by device-address.ts). */
export const preferencesSchema = z.object({
	deviceUrl: ruleSchema(preferenceRules.deviceUrl),
	language: ruleSchema(preferenceRules.language),
	pollIntervalSeconds: ruleSchema(preferenceRules.pollIntervalSeconds),
	userName: ruleSchema(preferenceRules.userName),
	pins: ruleSchema(preferenceRules.pins),
} satisfies Record<PreferenceKey, z.ZodType>);

function ruleSchema<T>(rule: (value: unknown) => T | undefined) {
	return z.custom<T>(value => rule(value) !== undefined).optional();
}

export type PreferencesStore = {
	readonly path: string;
	read(): Preferences;
	/** Checks first; throws and writes nothing when the value is refused. */
	set<Key extends PreferenceKey>(key: Key, value: Preferences[Key]): void;
	unset(key: PreferenceKey): void;
};

export function openPreferences(options: {cwd?: string} = {}): PreferencesStore {
	const conf = new Conf<Record<string, unknown>>({
		projectName: 'cloudmail-setup',
		projectSuffix: '',
		configName: 'preferences',
		configFileMode: 0o600,
		clearInvalidConfig: true,
		...(options.cwd ? {cwd: options.cwd} : {}),
	});

	return {
		path: conf.path,
		read: () => readPreferences(options),
		set(key, value) {
			const accepted = preferenceRules[key](value);
			if (accepted === undefined) {
				throw new TypeError(`Not a valid ${key}.`);
			}

			conf.set(key, accepted);
		},
		unset(key) {
			conf.delete(key);
		},
	};
}

/** Keeps `fingerprint` as the pinned certificate of the device at `url` (its origin). */
export function pinDevice(store: PreferencesStore, url: string, fingerprint: string): void {
	store.set('pins', {...store.read().pins, [pinKey(url)]: fingerprint});
}

/**
Forgets the pinned certificate of a device, written as an engineer writes an address
(`printer.local`, `192.168.1.20:8443`, `https://printer.local`): pins are kept for HTTPS, so
an address read as plain HTTP (loopback without a scheme) is looked up as HTTPS on the same
port, and on 443 when it names none. Returns the key and the fingerprint that was pinned, if any.
*/
export function unpinDevice(store: PreferencesStore, address: string): {key: string; fingerprint: string | undefined} | undefined {
	const parsed = parseDeviceAddress(address);
	if (!parsed.ok) {
		return undefined;
	}

	const port = parsed.scheme === 'https' || parsed.port !== 80 ? parsed.port : 443;
	const key = `https://${parsed.host}:${port}`;
	const {[key]: fingerprint, ...rest} = store.read().pins ?? {};
	if (fingerprint !== undefined) {
		if (Object.keys(rest).length === 0) {
			store.unset('pins');
		} else {
			store.set('pins', rest);
		}
	}

	return {key, fingerprint};
}
