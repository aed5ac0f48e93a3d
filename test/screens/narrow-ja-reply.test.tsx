/**
Issue 12: Gmail's two-line 535 reply was joined into one line on Send Test Mail. It is shown as
the server sent it: each reply line starts a line of its own in the value column (a long one
wraps there), each sanitized; ja and en, 80x24 and 60x20.
*/
import stringWidth from 'string-width';
import {describe, expect, test} from 'vitest';
import type {GoogleState, TestMailResult} from '../../source/device/contract.js';
import {appStarter, openGoogle} from './support/app-driver.js';
import * as fixtures from './support/fixtures.js';
import {expectFits, keys} from '../support/render.js';

const start = appStarter();
const account = 'engineer@example.com';
const google: GoogleState = {...fixtures.googleActive, token: {...fixtures.googleActive.token, account}};

/** As the device reports Gmail's reply (CRLF made LF); the second line carries hostile control sequences. */
const gmailReply = [
	'535-5.7.8 Username and Password not accepted. For more information, go to',
	'535 5.7.8\u001B[2J\u001B]52;c;ZXZpbA==\u0007  https://support.google.com/mail/?p=BadCredentials d9443c01a7336-2e8b2d4sm1234567plb.12 - gsmtp',
].join('\n');

const labels = {ja: {reply: 'サーバーの応答', sendButton: '[ 送信 ]'}, en: {reply: 'Server reply', sendButton: '[ Send ]'}} as const;
const cases = [{columns: 80, rows: 24}, {columns: 60, rows: 20}].flatMap(size => (['ja', 'en'] as const).map(language => ({...size, language})));

describe.each(cases)('$columns x $rows, $language', ({columns, rows, language}) => {
	test('each line of a multi-line reply starts a line of its own, at the value column', async () => {
		const s = await start({language, columns, rows, google});
		s.client.onTestMail = (_provider, to): TestMailResult => ({
			sent: false,
			failure: 'auth',
			from: account,
			to,
			server: 'smtp.gmail.com:587',
			at: fixtures.isoAt(1000),
			reply: gmailReply,
		});
		await openGoogle(s, language);
		await s.r.press('m');
		await s.r.waitForText(labels[language].sendButton);
		await s.r.press('someone@example.net', keys.enter);
		const frame = await s.r.waitForText('535-5.7.8');
		expectFits(frame, {columns, rows});
		expect(frame).not.toContain('\u001B');

		const lines = frame.split('\n');
		const first = lines.find(line => line.includes(labels[language].reply))!;
		expect(first).toMatch(/535-5\.7\.8 Username and Password/);
		const valueColumn = stringWidth(first.slice(0, first.indexOf('535-')));
		const second = lines.find(line => line.includes('535 5.7.8'));
		expect(second, frame).toBeDefined();
		// At the value column, as the server's second line began.
		expect(stringWidth(second!.slice(0, second!.indexOf('535 5.7.8'))), frame).toBe(valueColumn);
		expect(second!.trim().startsWith('535 5.7.8'), frame).toBe(true);
		// The first line is not run into the second.
		expect(frame).not.toMatch(/go to 535/);
	});
});
