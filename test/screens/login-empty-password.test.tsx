/**
Enter on Log In (and on the password prompt) with no password typed: said under the field, in
English and Japanese, and nothing is sent, so that an Enter typed ahead during a slow log-in
cannot count toward the device's lock-out.
*/
import {describe, expect, it} from 'vitest';
import {en} from '../../source/i18n/en.js';
import {ja} from '../../source/i18n/ja.js';
import {expectFits, keys} from '../support/render.js';
import {appStarter} from './support/app-driver.js';

const start = appStarter();
const tables = {en, ja} as const;

describe.each(['en', 'ja'] as const)('Log In with no password (%s)', language => {
	const words = tables[language];

	it.each([[80, 24], [60, 20]])('at %ix%i: Enter asks for the password and sends nothing; typing takes the message away', async (columns, rows) => {
		const {r, client} = await start({language, columns, rows});
		await r.press(keys.enter);
		const frame = await r.waitForFrame(text => text.includes(words.fieldErrors.required));
		expectFits(frame, {columns, rows});
		expect(client.calls.login).toBe(0);

		await r.press('7');
		await r.waitForFrame(text => !text.includes(words.fieldErrors.required));
		expect(client.calls.login).toBe(0);
	});
});
