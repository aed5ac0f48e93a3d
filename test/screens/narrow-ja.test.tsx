/**
Issue 12, "Japanese and narrow terminals", on the screens: at 60x20 and 80x24, in Japanese and
English, no line is wider than the terminal as Ink measures it (a line one column too wide wraps
in a real terminal: the `…` lands on its own line and the breadcrumb scrolls off), and text cut
for room ends with `…`.
*/
import stringWidth from 'string-width';
import {describe, expect, test} from 'vitest';
import type {Language} from '../../source/i18n/index.js';
import {appStarter, openGoogleEdit, openMicrosoft, openRegister, type Started} from './support/app-driver.js';
import * as fixtures from './support/fixtures.js';
import {keys} from '../support/render.js';

const start = appStarter();

const sizes = [{columns: 60, rows: 20}, {columns: 80, rows: 24}] as const;
const languages: Language[] = ['ja', 'en'];
const cases = sizes.flatMap(size => languages.map(language => ({...size, language})));

/** Every line fits the width as string-width (Ink) measures it; the frame leaves the last line free; the breadcrumb is the first line. */
function expectFitsWithBreadcrumb(frame: string, columns: number, rows: number, title: string): void {
	const lines = frame.split('\n');
	expect(lines.length, frame).toBeLessThanOrEqual(rows - 1);
	for (const line of lines) {
		expect(stringWidth(line), `line too wide at ${columns}: "${line}"`).toBeLessThanOrEqual(columns);
	}

	expect(lines[0], frame).toContain(title);
}

const breadcrumbs = {
	ja: {edit: '基本設定の編集', register: '認可用情報の登録', microsoft: 'OAuth 2.0(Microsoft)設定'},
	en: {edit: 'Edit Basic Settings', register: 'Register Authorization Information', microsoft: 'OAuth 2.0 (Microsoft) Settings'},
} as const;

describe.each(cases)('$columns x $rows, $language', ({columns, rows, language}) => {
	async function started(): Promise<Started> {
		return start({language, columns, rows, state: fixtures.waiting, google: fixtures.googleWaiting});
	}

	test('Google Edit Basic Settings with a stored secret, Tab x4: every line fits, the note is cut with …', async () => {
		const s = await started();
		await openGoogleEdit(s, language);
		for (let index = 0; index < 4; index++) {
			// eslint-disable-next-line no-await-in-loop
			await s.r.press(keys.tab);
		}

		const frame = s.r.visibleFrame();
		expectFitsWithBreadcrumb(frame, columns, rows, breadcrumbs[language].edit);
		const secret = language === 'ja' ? 'クライアントシークレット' : 'Client Secret';
		const noteLine = frame.split('\n').find(line => line.includes(secret))!;
		const note = language === 'ja' ? '(設定済み - 変更しない場合は空欄のまま)' : '(Set - leave empty to keep)';
		expect(noteLine.includes(note) || noteLine.endsWith('…'), noteLine).toBe(true);
	});

	test('Register Authorization Information: every line fits, the code hint is cut with …', async () => {
		const s = await started();
		await openRegister(s, language);
		const frame = s.r.visibleFrame();
		expectFitsWithBreadcrumb(frame, columns, rows, breadcrumbs[language].register);
		// The hint (the code, or the whole URL: https://xxxxxxxxxx&code=<code>&scope=xxxxxxxxxx), whole or cut with ….
		const lines = frame.split('\n');
		let last = lines.findIndex(line => line.includes(language === 'ja' ? '<認可コード>か' : 'The <code>'));
		expect(last, frame).toBeGreaterThan(0);
		while (lines[last + 1]?.startsWith('    ')) {
			last++;
		}

		expect(lines[last], frame).toMatch(/(?:&scope=xxxxxxxxxx|…)$/);
	});

	test('OAuth 2.0 (Microsoft) Settings: the Message and a notice either fit or end with …', async () => {
		const s = await started();
		await openMicrosoft(s, language);
		await s.r.press('c');
		const notice = language === 'ja' ? 'クリップボード' : 'clipboard';
		const frame = await s.r.waitForText(notice);
		expectFitsWithBreadcrumb(frame, columns, rows, breadcrumbs[language].microsoft);
		const lines = frame.split('\n');

		// The message: its last line shown ends the sentence, or says that the rest was left out.
		const messageLabel = language === 'ja' ? 'メッセージ' : 'Message';
		const first = lines.findIndex(line => line.includes(`  ${messageLabel}  `));
		expect(first, frame).toBeGreaterThan(0);
		let last = first;
		while (lines[last + 1]?.startsWith(' '.repeat(10))) {
			last++;
		}

		expect(lines[last], frame).toMatch(/(?:authenticate\.|…)$/);

		// The notice (Sent the user code … to the clipboard (terminals with OSC 52 only).).
		const noticeStart = lines.findIndex(line => line.includes(language === 'ja' ? 'ユーザーコード F' : 'Sent the user code'));
		expect(noticeStart, frame).toBeGreaterThan(0);
		let noticeEnd = noticeStart;
		while (lines[noticeEnd + 1]?.startsWith('  ') && lines[noticeEnd + 1]!.trim() !== '' && !/^\S/.test(lines[noticeEnd + 1]!)) {
			noticeEnd++;
		}

		expect(lines[noticeEnd], frame).toMatch(/(?:。|\)\.|…)$/);
	});
});
