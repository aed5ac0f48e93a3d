/**
Nothing lost: q, Esc and [Cancel] on a form that holds changes the device does not hold ask
"Discard your changes? y/n" first; y discards (and quits after q), n and Esc go back to the
form with the edits as they were. Ctrl+C never asks. A form without changes does not ask.
*/
import {describe, expect, test} from 'vitest';
import * as fixtures from './support/fixtures.js';
import {appStarter, openEdit, openGoogleEdit, openRegister, titles} from './support/app-driver.js';
import {expectFits, keys} from '../support/render.js';
import {messagesFor, type Language} from '../../source/i18n/index.js';

const start = appStarter();

const question = {en: 'Discard your changes? y/n', ja: '変更を破棄しますか? y/n'} as const;

describe.each([
	['en', 80, 24],
	['ja', 60, 20],
] as const)('confirm discard (%s, %sx%s)', (language: Language, columns, rows) => {
	test('q on Edit Basic Settings (Microsoft) with a checkbox changed asks; n keeps the edit; y quits and logs out', async () => {
		const started = await start({state: fixtures.waiting, language, columns, rows});
		const {r, client} = started;
		await openEdit(started, language);
		// Use OAuth 2.0 (Microsoft) has the focus: Space turns it off.
		await r.press(' ');
		await r.waitForFrame(frame => frame.includes('[ ]'));
		await r.press('q');
		const asked = await r.waitForText(question[language]);
		expectFits(asked, {columns, rows});
		expect(client.calls.logout).toBe(0);
		expect(started.exits.count).toBe(0);

		await r.press('n');
		const back = await r.waitForFrame(frame => !frame.includes(question[language]));
		// The edit is still there.
		expect(back).toContain('[ ]');
		expect(client.calls.saveMicrosoftBasic).toBe(0);

		const exited = r.instance.waitUntilExit();
		await r.press('q');
		await r.waitForText(question[language]);
		await r.press('y');
		await exited;
		expect(client.calls.logout).toBe(1);
		expect(started.exits.count).toBe(1);
		expect(client.calls.saveMicrosoftBasic).toBe(0);
	});

	test('Esc on Edit Basic Settings (Google) with a typed client ID asks; Esc answers no; y goes back without saving', async () => {
		const started = await start({google: fixtures.googleActive, language, columns, rows});
		const {r, client} = started;
		await openGoogleEdit(started, language);
		// Tab to the Client ID (Use, Verify, CN, Client ID) and type at its end.
		await r.press(keys.tab, keys.tab, keys.tab, keys.end, 'x');
		await r.waitForFrame(frame => frame.includes('googleusercontent.comx'));
		await r.press(keys.escape);
		await r.waitForText(question[language]);
		await r.press(keys.escape);
		const kept = await r.waitForFrame(frame => !frame.includes(question[language]));
		expect(kept).toContain('googleusercontent.comx');

		await r.press(keys.escape);
		await r.waitForText(question[language]);
		await r.press('y');
		await r.waitForText(titles[language].google);
		expect(client.calls.saveGoogleBasic).toBe(0);
		expect(started.exits.count).toBe(0);
	});

	test('a form without changes does not ask: Esc goes back, q quits', async () => {
		const started = await start({state: fixtures.waiting, language, columns, rows});
		const {r, client} = started;
		await openEdit(started, language);
		await r.press(keys.escape);
		await r.waitForText(titles[language].microsoft);
		await r.press('e');
		await r.waitForText(titles[language].edit);
		const exited = r.instance.waitUntilExit();
		await r.press('q');
		await exited;
		expect(client.calls.logout).toBe(1);
	});

	test('a typed authorization code: [Cancel] asks first', async () => {
		const started = await start({google: fixtures.googleWaiting, language, columns, rows});
		const {r} = started;
		await openRegister(started, language);
		// To the code field, type, then to [Cancel] (code → OK → Cancel) and press it.
		await r.press(keys.enter, 'abc', keys.tab, keys.tab, keys.enter);
		await r.waitForText(question[language]);
		await r.press('n');
		const kept = await r.waitForFrame(frame => !frame.includes(question[language]));
		expect(kept).toContain('abc');
	});

	test('Change the Administrator Password with something typed: Esc (log out) asks; y logs out', async () => {
		const started = await start({language, columns, rows});
		const {r, client} = started;
		client.passwordChangeRequired = true;
		await r.press(client.password, keys.enter);
		await r.waitForText(messagesFor(language).screens.changePassword);
		await r.press('new-pass');
		await r.press(keys.escape);
		const asked = await r.waitForText(question[language]);
		expectFits(asked, {columns, rows});
		expect(client.calls.logout).toBe(0);
		await r.press('y');
		await r.waitForText(messagesFor(language).exit.loggedOutNotice);
		expect(client.calls.logout).toBe(1);
		expect(client.calls.changePassword).toBe(0);
	});

		test('Ctrl+C never asks', async () => {
		const started = await start({state: fixtures.waiting, language, columns, rows});
		const {r, client} = started;
		await openEdit(started, language);
		await r.press(' ');
		await r.waitForFrame(frame => frame.includes('[ ]'));
		const exited = r.instance.waitUntilExit();
		await r.press(keys.ctrlC);
		await exited;
		expect(r.visibleFrame()).not.toContain(question[language]);
		expect(client.calls.logout).toBe(1);
	});
});
