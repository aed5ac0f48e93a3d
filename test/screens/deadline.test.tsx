/**
Issue 12: ユーザーコードの有効期限 / User Code Expires In showed `14:58`, which reads as a time of
day. It shows the deadline (local time, from the injected clock) and the time left:
`19:15まで(残り15:00)`, `until 19:15 (15:00 left)`. The time zone is fixed here (Asia/Tokyo, so
that local time is visibly not UTC: the tests' "now" is 10:00 UTC and the code lasts 15 minutes).
*/
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import type {Language} from '../../source/i18n/index.js';
import {appStarter, openMicrosoft} from './support/app-driver.js';
import * as fixtures from './support/fixtures.js';
import {expectFits} from '../support/render.js';

const start = appStarter();
const savedTimeZone = process.env['TZ'];
beforeAll(() => {
	process.env['TZ'] = 'Asia/Tokyo';
});
afterAll(() => {
	if (savedTimeZone === undefined) {
		delete process.env['TZ'];
	} else {
		process.env['TZ'] = savedTimeZone;
	}
});

const expected: Record<Language, {label: string; at: (left: string) => string}> = {
	ja: {label: 'ユーザーコードの有効期限', at: left => `19:15まで(残り${left})`},
	en: {label: 'User Code Expires In', at: left => `until 19:15 (${left} left)`},
};

const cases = [{columns: 80, rows: 24}, {columns: 60, rows: 20}].flatMap(size => (['ja', 'en'] as const).map(language => ({...size, language})));

describe.each(cases)('$columns x $rows, $language', ({columns, rows, language}) => {
	test('the deadline as a time of day, and the time left counting down', async () => {
		const s = await start({language, columns, rows, state: fixtures.waiting});
		await openMicrosoft(s, language);
		const {label, at} = expected[language];
		let frame = await s.r.waitForText(at('15:00'));
		const line = frame.split('\n').find(candidate => candidate.includes(label))!;
		expect(line).toBe(`  ${label}${' '.repeat(26 - (language === 'ja' ? 24 : label.length))}${at('15:00')}`);
		expectFits(frame, {columns, rows});

		s.clock.advance(62_000);
		frame = await s.r.waitForText(at('13:58'));
		expectFits(frame, {columns, rows});
	});
});
