/**
Reading the preferences without conf or zod (preferences.ts), as the TUI does at start-up: the
same file as conf writes, the same answers for damaged files, and the same rule for each value
as the zod schema that checked them before (fast-check).
*/
import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import {afterEach, describe, expect, it, test} from 'vitest';
import {z} from 'zod';
import {openPreferences, preferencesSchema} from '../../source/config/config.js';
import {parseDeviceAddress} from '../../source/device/device-address.js';
import {preferenceKeys, preferenceRules, preferencesPath, readPreferences} from '../../source/config/preferences.js';

function temporaryDirectory(): string {
	return mkdtempSync(path.join(tmpdir(), 'cloudmail-preferences-'));
}

const savedConfigHome = process.env['XDG_CONFIG_HOME'];
afterEach(() => {
	if (savedConfigHome === undefined) {
		delete process.env['XDG_CONFIG_HOME'];
	} else {
		process.env['XDG_CONFIG_HOME'] = savedConfigHome;
	}
});

describe('reading preferences', () => {
	it('reads the file conf writes, in $XDG_CONFIG_HOME/cloudmail-setup or in cwd', () => {
		process.env['XDG_CONFIG_HOME'] = temporaryDirectory();
		expect(preferencesPath()).toBe(path.join(process.env['XDG_CONFIG_HOME'], 'cloudmail-setup', 'preferences.json'));
		expect(preferencesPath()).toBe(openPreferences().path);
		const cwd = temporaryDirectory();
		expect(preferencesPath({cwd})).toBe(openPreferences({cwd}).path);

		const store = openPreferences({cwd});
		store.set('deviceUrl', 'http://192.0.2.10/api/v1');
		store.set('language', 'en');
		store.set('pollIntervalSeconds', 5);
		store.set('userName', 'Operator');
		expect(readPreferences({cwd})).toEqual({deviceUrl: 'http://192.0.2.10/api/v1', language: 'en', pollIntervalSeconds: 5, userName: 'Operator'});
		store.unset('userName');
		expect(readPreferences({cwd})).toEqual({deviceUrl: 'http://192.0.2.10/api/v1', language: 'en', pollIntervalSeconds: 5});
	});

	it('no file, a damaged one or one that is not an object: no preference', () => {
		const cwd = temporaryDirectory();
		expect(readPreferences({cwd})).toEqual({});
		for (const content of ['', '{not json', '\uFEFF{"language": "ja"}', 'null', '"ja"', '12', '["ja"]', '[]']) {
			writeFileSync(preferencesPath({cwd}), content);
			expect(readPreferences({cwd}), content).toEqual({});
			expect(openPreferences({cwd}).read(), content).toEqual({});
		}
	});

	it('keeps each good value when others are bad, and only known keys', () => {
		const cwd = temporaryDirectory();
		writeFileSync(preferencesPath({cwd}), JSON.stringify({language: 'ja', pollIntervalSeconds: 1.5, deviceUrl: 'ftp://printer', userName: '', extra: 1}));
		expect(readPreferences({cwd})).toEqual({language: 'ja'});
	});

	it('a file that cannot be read throws, as conf does', () => {
		const cwd = temporaryDirectory();
		mkdirSync(preferencesPath({cwd}));
		expect(() => readPreferences({cwd})).toThrow(/EISDIR/);
		expect(() => openPreferences({cwd})).toThrow(/EISDIR/);
	});

	it('a device URL is stored and read trimmed', () => {
		const cwd = temporaryDirectory();
		openPreferences({cwd}).set('deviceUrl', '  http://192.0.2.10/api/v1\n');
		expect(readPreferences({cwd})).toEqual({deviceUrl: 'http://192.0.2.10/api/v1'});
	});
});

// The schema that checked preferences (and, through it, scripted mode's --device) before these rules.
const zodRules = {
	language: z.enum(['ja', 'en']),
	pollIntervalSeconds: z.number().int().min(1).max(60),
	userName: z.string().min(1).max(64),
};

const urlLike = fc.oneof(
	fc.webUrl(),
	fc.constantFrom('http://192.0.2.10/api/v1', 'HTTPS://Printer.example/api/v1', ' http://a\tb/ ', 'http:example.com', 'https:/path', 'http://', 'ftp://printer', 'javascript:alert(1)', 'http://[::1]:8080/', 'http://a b/', 'http://%zz/'),
	fc.tuple(fc.constantFrom('http://', 'https://', 'HTTP://', ' http://', 'file://', ''), fc.string()).map(([scheme, rest]) => scheme + rest),
);
const anyValue = fc.oneof(urlLike, fc.constantFrom('ja', 'en', 'fr', '', 0, 1, 60, 61, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53), fc.string({maxLength: 70}), fc.nat({max: 70}).map(length => 'u'.repeat(length)), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.string()));

// deviceUrl left that schema on purpose: it is a device address now (`192.168.1.20` is kept as
// `https://192.168.1.20/api/v1`, credentials are refused), the rule of device-address.ts.
test('deviceUrl: what device-address.ts accepts, as its device API URL', () => {
	fc.assert(fc.property(anyValue, value => {
		const address = parseDeviceAddress(value);
		expect(preferenceRules.deviceUrl(value)).toEqual(address.ok ? address.url : undefined);
		expect(preferencesSchema.shape.deviceUrl.safeParse(value).success).toBe(address.ok);
	}), {numRuns: 2000});
});

test.each(preferenceKeys.filter((key): key is keyof typeof zodRules => Object.hasOwn(zodRules, key)))('%s: the same values kept and refused as the zod schema before', key => {
	fc.assert(fc.property(anyValue, value => {
		const before = zodRules[key].safeParse(value);
		expect(preferenceRules[key](value)).toEqual(before.success ? before.data : undefined);
		expect(preferencesSchema.shape[key].safeParse(value).success).toBe(before.success);
	}), {numRuns: 2000});
});
