/**
A notice belongs to the state that caused it: it goes when that state changes (the Token
Status, the screen on top, the field it is about).
*/
import {describe, expect, test} from 'vitest';
import * as fixtures from './support/fixtures.js';
import {appStarter, openGoogleEdit, openMicrosoft, openRegister, titles} from './support/app-driver.js';
import {keys} from '../support/render.js';
import {messagesFor, type Language} from '../../source/i18n/index.js';

const start = appStarter();

/** The start of a notice: enough to find it even when it is wrapped on a narrow terminal. */
function head(text: string): string {
	return text.slice(0, 12);
}

describe.each([
	['en', 80, 24],
	['ja', 60, 20],
] as const)('notices (%s, %sx%s)', (language: Language, columns, rows) => {
	const messages = messagesFor(language);

	test('"URL … sent to the clipboard" goes when Token Status becomes Active', async () => {
		const started = await start({state: fixtures.waiting, language, columns, rows});
		const {r, client} = started;
		await openMicrosoft(started, language);
		await r.press('u');
		const copied = head(messages.microsoft.copiedUrl(fixtures.authorization.verificationUri));
		await r.waitForText(copied);
		client.state = fixtures.active;
		const after = await r.waitForText(messages.oauth.token.active);
		expect(after).not.toContain(copied);
	});

	test('"URL … sent to the clipboard" goes after a visit to Send Test Mail', async () => {
		const started = await start({state: {...fixtures.active, authorization: fixtures.authorization}, language, columns, rows});
		const {r} = started;
		await openMicrosoft(started, language);
		await r.press('u');
		const copied = head(messages.microsoft.copiedUrl(fixtures.authorization.verificationUri));
		await r.waitForText(copied);
		await r.press('m');
		await r.waitForText(messages.testMail.fromNote);
		await r.press(keys.escape);
		const back = await r.waitForText(titles[language].microsoft);
		expect(back).not.toContain(copied);
	});

	test('"printed on one line" goes once a code is pasted', async () => {
		const started = await start({google: fixtures.googleWaiting, language, columns, rows});
		const {r} = started;
		await openRegister(started, language);
		await r.press('p');
		const printed = head(messages.google.printedUrl);
		await r.waitForText(printed);
		await r.press(keys.tab);
		r.stdin.write(fixtures.googleAuthorizationCode.slice(0, 20));
		const after = await r.waitForFrame(frame => frame.includes(fixtures.googleAuthorizationCode.slice(0, 12)));
		expect(after).not.toContain(printed);
	});

	test('"Check the fields. Nothing was saved." goes once the field is corrected', async () => {
		const started = await start({google: fixtures.googleWaiting, language, columns, rows});
		const {r, client} = started;
		await openGoogleEdit(started, language);
		client.refuseNext('saveGoogleBasic', 'clientId', 'invalid_client_id', 'bad');
		await r.press(keys.shiftTab, keys.shiftTab, keys.enter);
		const check = head(messages.edit.checkFields);
		await r.waitForText(check);
		// The focus is on the Client ID, the field in error: edit it.
		await r.press(keys.backspace);
		const after = await r.waitForFrame(frame => !frame.includes(messages.fieldErrors.invalid_client_id.slice(0, 12)));
		expect(after).not.toContain(check);
	});
});
