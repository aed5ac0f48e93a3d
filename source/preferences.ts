/**
The saved preferences, plainly: their keys, the rule each value must meet, where the file is,
and reading it. Never a secret. The TUI reads them at start-up with this module alone;
changing them (conf: atomic writes, mode 0600) is config.ts, with these same rules.
*/
import {readFileSync} from 'node:fs';
import path from 'node:path';
import envPaths from 'env-paths';
import {isLanguage, type Language} from './i18n/index.js';

export type Preferences = {
	/** The device API, e.g. http://192.0.2.10/api/v1. */
	deviceUrl?: string;
	language?: Language;
	pollIntervalSeconds?: number;
	/** The user name last logged in with. */
	userName?: string;
};
export type PreferenceKey = keyof Preferences;

/** Each preference's rule: the value to keep, or undefined when the value is refused. */
type Rules = {[Key in PreferenceKey]-?: (value: unknown) => Preferences[Key]};

export const preferenceRules: Rules = {
	deviceUrl: httpUrl,
	language: value => (isLanguage(value) ? value : undefined),
	pollIntervalSeconds: value => (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 60 ? value : undefined),
	userName: value => (typeof value === 'string' && value.length >= 1 && value.length <= 64 ? value : undefined),
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
An http or https URL (`http://` or `https://`, then what the URL parser accepts). Spaces
around it are trimmed, and tabs and line breaks in it dropped: a URL parser ignores them.
*/
function httpUrl(value: unknown): string | undefined {
	if (typeof value !== 'string') {
		return undefined;
	}

	const trimmed = value.trim();
	return /^https?:\/\//i.test(trimmed) && URL.canParse(trimmed) ? trimmed.replaceAll(/[\t\n\r]/g, '') : undefined;
}
