/**
The saved preferences, plainly: their keys, the rule each value must meet, where the file is,
and reading it. Never a secret. The TUI reads them at start-up with this module alone;
changing them (conf: atomic writes, mode 0600) is config.ts, with these same rules.
*/
import {readFileSync} from 'node:fs';
import path from 'node:path';
import envPaths from 'env-paths';
import {parseDeviceAddress} from '../device/device-address.js';
import {isPinKey, parseFingerprint} from '../device/device-fingerprint.js';
import {isLanguage, type Language} from '../i18n/index.js';

export type Preferences = {
	/**
	The device API as device-address.ts reads an address: `192.168.1.20` is kept as
	`https://192.168.1.20/api/v1`. Never with a user name or password.
	*/
	deviceUrl?: string;
	language?: Language;
	pollIntervalSeconds?: number;
	/** The user name last logged in with. */
	userName?: string;
	/**
	Pinned HTTPS certificate fingerprints per device origin (device-fingerprint.ts's pinKey):
	`{"https://printer.local:443": "SHA256:…"}`. A fingerprint is public, not a secret.
	*/
	pins?: Record<string, string>;
};
export type PreferenceKey = keyof Preferences;

/** Each preference's rule: the value to keep, or undefined when the value is refused. */
type Rules = {[Key in PreferenceKey]-?: (value: unknown) => Preferences[Key]};

export const preferenceRules: Rules = {
	deviceUrl: deviceApiUrl,
	language: value => (isLanguage(value) ? value : undefined),
	pollIntervalSeconds: value => (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 60 ? value : undefined),
	userName: value => (typeof value === 'string' && value.length >= 1 && value.length <= 64 ? value : undefined),
	pins: devicePins,
};
export const preferenceKeys = Object.keys(preferenceRules) as PreferenceKey[];

export const defaultPollIntervalSeconds = 2;

/** Where conf keeps them: `$XDG_CONFIG_HOME/cloudmail-setup/preferences.json`, or in `cwd`. */
export function preferencesPath(options: {cwd?: string} = {}): string {
	return path.resolve(options.cwd || envPaths('cloudmail-setup', {suffix: ''}).config, 'preferences.json');
}

/**
A missing or damaged file is no preference, and a value out of range is left out on its own
(one bad value must not throw away the others). A file that cannot be read at all (e.g. its
permissions) throws.
*/
export function readPreferences(options: {cwd?: string} = {}): Preferences {
	let saved: unknown;
	try {
		saved = JSON.parse(readFileSync(preferencesPath(options), 'utf8'));
	} catch (error) {
		if (error instanceof SyntaxError || (error as NodeJS.ErrnoException).code === 'ENOENT') {
			return {};
		}

		throw error;
	}

	const preferences: Preferences = {};
	if (typeof saved !== 'object' || saved === null) {
		return preferences;
	}

	for (const key of preferenceKeys) {
		const value = Object.hasOwn(saved, key) ? preferenceRules[key]((saved as Record<string, unknown>)[key]) : undefined;
		if (value !== undefined) {
			Object.assign(preferences, {[key]: value});
		}
	}

	return preferences;
}

/**
A device address (device-address.ts: the same rule as --device and Log In's Device field),
kept as the device API URL it stands for, so that what is saved reads back as itself.
*/
function deviceApiUrl(value: unknown): string | undefined {
	const address = parseDeviceAddress(value);
	return address.ok ? address.url : undefined;
}

/** At most this many devices' pins are kept (a fleet tool's engineer visits many printers). */
const maxPins = 1000;

/** Pins keyed as pinKey makes them, each fingerprint kept as `SHA256:…`; a bad entry is left out on its own, and none is no preference. */
function devicePins(value: unknown): Record<string, string> | undefined {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		return undefined;
	}

	const pins: Record<string, string> = {};
	for (const [key, fingerprint] of Object.entries(value).slice(0, maxPins)) {
		const parsed = parseFingerprint(fingerprint);
		if (isPinKey(key) && parsed !== undefined) {
			pins[key] = parsed;
		}
	}

	return Object.keys(pins).length > 0 ? pins : undefined;
}
