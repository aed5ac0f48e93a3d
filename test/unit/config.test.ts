import {mkdtempSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {openPreferences} from '../../source/config/config.js';

function temporaryDirectory(): string {
	return mkdtempSync(path.join(tmpdir(), 'cloudmail-config-'));
}

describe('preferences', () => {
	it('saves device URL, language, poll interval and user name in a 0600 file', () => {
		const cwd = temporaryDirectory();
		const store = openPreferences({cwd});
		store.set('deviceUrl', 'http://192.0.2.10/api/v1');
		store.set('language', 'ja');
		store.set('pollIntervalSeconds', 3);
		store.set('userName', 'Administrator');
		expect(openPreferences({cwd}).read()).toEqual({deviceUrl: 'http://192.0.2.10/api/v1', language: 'ja', pollIntervalSeconds: 3, userName: 'Administrator'});
		expect(statSync(store.path).mode & 0o777).toBe(0o600);
	});

	it('refuses a bad value and writes nothing', () => {
		const cwd = temporaryDirectory();
		const store = openPreferences({cwd});
		expect(() => {
			store.set('language', 'fr' as 'en');
		}).toThrow();
		expect(() => {
			store.set('deviceUrl', 'javascript:alert(1)');
		}).toThrow();
		expect(() => {
			store.set('pollIntervalSeconds', 0);
		}).toThrow();
		expect(store.read()).toEqual({});
	});

	it('reads a damaged file or out-of-range values as no preference, keeping the good ones', () => {
		const cwd = temporaryDirectory();
		const store = openPreferences({cwd});
		writeFileSync(store.path, '{"language": "ja", "pollIntervalSeconds": -4, "deviceUrl": 12}');
		expect(openPreferences({cwd}).read()).toEqual({language: 'ja'});
		writeFileSync(store.path, '{not json');
		expect(openPreferences({cwd}).read()).toEqual({});
	});
});
