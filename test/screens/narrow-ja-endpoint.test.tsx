/**
Issue 12: on OAuth 2.0 (Microsoft) Settings, the Microsoft Entra ID Authorization Server Endpoint
row (the sign-in link) put its value at column 52 (after the whole label, or on a line of its
own) while the other status rows use column 28. It is a row like the others: its label in the
label column (on two or three lines, it is long; on a short terminal the lines that hold only
the rest of the label go first, and the label ends with …), the link or `-` at column 28.
*/
import stringWidth from 'string-width';
import {describe, expect, test} from 'vitest';
import type {MicrosoftState} from '../../source/device/contract.js';
import type {Language} from '../../source/i18n/index.js';
import {appStarter, openMicrosoft} from './support/app-driver.js';
import * as fixtures from './support/fixtures.js';
import {expectFits} from '../support/render.js';

const start = appStarter();
const labels: Record<Language, {status: string; label: string; message: string}> = {
	ja: {status: 'サーバーの接続状況', label: 'Microsoft Entra ID認可サーバーのエンドポイント', message: 'メッセージ'},
	en: {status: 'Server Connection Status', label: 'Microsoft Entra ID Authorization Server Endpoint', message: 'Message'},
};

/** The column at which `text` starts in `line`, in terminal columns. */
function columnOf(line: string, text: string): number {
	return stringWidth(line.slice(0, line.indexOf(text)));
}

const cases = [{columns: 80, rows: 24}, {columns: 60, rows: 20}].flatMap(size => (['ja', 'en'] as const).map(language => ({...size, language})));

describe.each(cases)('$columns x $rows, $language', ({columns, rows, language}) => {
	const {status, label, message} = labels[language];

	async function statusPart(state: MicrosoftState): Promise<string[]> {
		const s = await start({language, columns, rows, state});
		await openMicrosoft(s, language);
		const frame = await s.r.waitForText(status);
		expectFits(frame, {columns, rows});
		const lines = frame.split('\n');
		return lines.slice(lines.findIndex(line => line.includes(status)));
	}

	test('the link is at column 28, on the first line of its label, which stays in the label column', async () => {
		const lines = await statusPart(fixtures.waiting);
		const row = lines.findIndex(line => line.includes('https://microsoft.com/'));
		expect(row, lines.join('\n')).toBeGreaterThan(0);
		expect(columnOf(lines[row]!, 'https://'), lines.join('\n')).toBe(28);
		expect(columnOf(lines[row]!, 'Microsoft'), lines.join('\n')).toBe(2);
		// Read down the rows up to the Message: the label column holds the whole label, the value
		// column (from 28) the whole link.
		const labelParts: string[] = [];
		const linkParts: string[] = [];
		for (let index = row; !lines[index]!.includes(message); index++) {
			const characters = [...lines[index]!];
			let column = 0;
			let cut = 0;
			while (cut < characters.length && column < 28) {
				column += stringWidth(characters[cut]!);
				cut++;
			}

			expect(column === 28 || cut === characters.length, lines[index]).toBe(true);
			labelParts.push(characters.slice(0, cut).join('').trim());
			linkParts.push(characters.slice(cut).join('').trim());
		}

		// Whole, or (a short terminal) its start, ending with ….
		const shown = labelParts.filter(Boolean).join(language === 'ja' ? '' : ' ');
		expect(shown === label || (shown.endsWith('…') && label.startsWith(shown.slice(0, -1))), shown).toBe(true);
		expect(linkParts.join('')).toBe('https://microsoft.com/devicelogin');
	});

	test('with no sign-in pending: `-` at column 28, like the other rows', async () => {
		const lines = await statusPart(fixtures.active);
		const row = lines.findIndex(line => line.includes('Microsoft Entra ID'));
		expect(lines[row]!.trimEnd().endsWith(' -'), lines.join('\n')).toBe(true);
		expect(columnOf(lines[row]!, ' -') + 1, lines.join('\n')).toBe(28);
	});
});
