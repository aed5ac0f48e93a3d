/**
Saved preferences (conf): which device to talk to, the language, the poll interval and the
last user name. Never a secret. The file is mode 0600 all the same, and a file that is
damaged or holds values out of range is read as "no preference" rather than crashing.
*/
import Conf from 'conf';
import {z} from 'zod';
import {languages} from './i18n/index.js';

export const preferencesSchema = z.object({
	deviceUrl: z.url({protocol: /^https?$/}).optional(),
	language: z.enum(languages).optional(),
	pollIntervalSeconds: z.number().int().min(1).max(60).optional(),
	userName: z.string().min(1).max(64).optional(),
});
export type Preferences = z.infer<typeof preferencesSchema>;
export type PreferenceKey = keyof Preferences;
export const preferenceKeys = Object.keys(preferencesSchema.shape) as PreferenceKey[];

export const defaultPollIntervalSeconds = 2;

export type PreferencesStore = {
	readonly path: string;
	read(): Preferences;
	/** Validates first; throws a ZodError and writes nothing when the value is refused. */
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

	const read = (): Preferences => {
		const result: Preferences = {};
		// Each key on its own: one bad value must not throw away the others.
		for (const key of preferenceKeys) {
			const parsed = preferencesSchema.shape[key].safeParse(conf.get(key));
			if (parsed.success && parsed.data !== undefined) {
				Object.assign(result, {[key]: parsed.data});
			}
		}

		return result;
	};

	return {
		path: conf.path,
		read,
		set(key, value) {
			const parsed = preferencesSchema.shape[key].parse(value);
			conf.set(key, parsed);
		},
		unset(key) {
			conf.delete(key);
		},
	};
}
