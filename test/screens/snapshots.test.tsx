/**
Every screen in both languages at 80x24, as the engineer sees it (colours and links
removed; the links are checked in the behaviour tests). Each frame must leave the last line
of the terminal free and fit 80 columns.
*/
import {afterEach, describe, expect, test} from 'vitest';
import type {MicrosoftState} from '../../source/contract.js';
import {languages, type Language} from '../../source/i18n/index.js';
import {openEdit, openMicrosoft, startApp, logIn, type Started} from './support/app-driver.js';
import {deviceError} from '../support/fake-device-client.js';
import * as fixtures from './support/fixtures.js';
import {expectFits, keys} from '../support/render.js';

let current: Started | undefined;

afterEach(() => {
	current?.r.unmount();
	current = undefined;
});

async function start(options: Parameters<typeof startApp>[0]): Promise<Started> {
	current = await startApp(options);
	return current;
}

function snapshot(started: Started, size = {columns: 80, rows: 24}): void {
	const frame = started.r.visibleFrame();
	expectFits(frame, size);
	expect(frame).toMatchSnapshot();
}

const words = {
	ja: {
		wrongPassword: '正しくありません',
		locked: 'ロックされています',
		unreachable: '接続できません',
		timeout: '時間内に応答がありません',
		google: 'まだ使えません',
		checking: '確認中…',
		expired: '期限切れ: r キー',
		active: '稼働中',
		failed: '失敗',
		declined: '拒否されました',
		reauthorize: '再認可が必要です',
		notChecked: '未確認',
		fieldError: 'https:// で始まるURL',
		session: 'セッションが終了しました',
		help: 'すべての画面',
		loggingOut: 'ログアウトしています…',
		saving: '保存中…',
		conflict: '他の場所で変更されました',
	},
	en: {
		wrongPassword: 'is wrong',
		locked: 'Locked after',
		unreachable: 'Cannot reach the device',
		timeout: 'did not answer in time',
		google: 'not available yet',
		checking: 'Checking…',
		expired: 'expired: press r',
		active: 'Active',
		failed: 'Failed',
		declined: 'declined',
		reauthorize: 'Authorization needed again',
		notChecked: 'Not Checked',
		fieldError: 'starts with https://',
		session: 'Your session ended',
		help: 'Everywhere',
		loggingOut: 'Logging out…',
		saving: 'Saving…',
		conflict: 'Changed elsewhere',
	},
} satisfies Record<Language, Record<string, string>>;

describe.each(languages)('%s', language => {
	const w = words[language];

	test('log in', async () => {
		const started = await start({language});
		snapshot(started);
	});

	test('log in: wrong password', async () => {
		const started = await start({language});
		await started.r.press('not it', keys.enter);
		await started.r.waitForText(w.wrongPassword);
		snapshot(started);
	});

	test('log in: locked, with the time left', async () => {
		const started = await start({language});
		started.client.failNext('login', deviceError('locked', {status: 423, retryAfterSeconds: 300}));
		await started.r.press('x', keys.enter);
		await started.r.waitForText('05:00');
		snapshot(started);
	});

	test('log in: device unreachable', async () => {
		const started = await start({language});
		started.client.failNext('login', deviceError('unreachable'));
		await started.r.press('x', keys.enter);
		await started.r.waitForText(w.unreachable);
		snapshot(started);
	});

	test('log in: timeout', async () => {
		const started = await start({language});
		started.client.failNext('login', deviceError('timeout'));
		await started.r.press('x', keys.enter);
		await started.r.waitForText(w.timeout);
		snapshot(started);
	});

	test('portal', async () => {
		const started = await start({language});
		await logIn(started, language);
		snapshot(started);
	});

	test('settings/registration and send settings', async () => {
		const started = await start({language});
		await logIn(started, language);
		await started.r.press('1');
		await started.r.waitForFrame(frame => frame.split('\n')[0]!.includes('›'));
		snapshot(started);
		await started.r.press('1');
		await started.r.waitForFrame(frame => frame.includes('Google'));
		snapshot(started);
	});

	test('Google: not available', async () => {
		const started = await start({language});
		await logIn(started, language);
		await started.r.press('1', '1', '2');
		await started.r.waitForText(w.google);
		snapshot(started);
	});

	const microsoftStates: Array<[string, MicrosoftState, string]> = [
		['not checked', fixtures.notChecked, w.notChecked],
		['checking', fixtures.checking, w.checking],
		['connected, waiting for authorization with the user code', fixtures.waiting, 'F J 2 K 8 Q W X R'],
		['active', fixtures.active, w.active],
		['connection failed with the reason', fixtures.failed, w.failed],
		['authorization declined', fixtures.declined, w.declined],
		['reauthorization required', fixtures.reauthorize, w.reauthorize],
	];

	test.each(microsoftStates)('Microsoft settings: %s', async (_name, state, expected) => {
		const started = await start({language, state});
		await openMicrosoft(started, language);
		await started.r.waitForText(expected);
		snapshot(started);
	});

	test('Microsoft settings: countdown a minute later', async () => {
		const started = await start({language, state: fixtures.waiting});
		await openMicrosoft(started, language);
		await started.r.waitForText('15:00');
		started.clock.advance(61_000);
		await started.r.waitForText('13:59');
		snapshot(started);
	});

	test('Microsoft settings: user code expired', async () => {
		const started = await start({language, state: fixtures.waiting});
		await openMicrosoft(started, language);
		await started.r.waitForText('15:00');
		started.clock.advance(15 * 60 * 1000);
		await started.r.waitForText(w.expired);
		snapshot(started);
	});

	test('Microsoft settings: reset asks first', async () => {
		const started = await start({language, state: fixtures.waiting});
		await openMicrosoft(started, language);
		await started.r.waitForText('F J 2');
		await started.r.press('x');
		await started.r.waitForText('(y/n)');
		snapshot(started);
	});

	test('edit basic settings', async () => {
		const started = await start({language, state: fixtures.waiting});
		await openEdit(started, language);
		snapshot(started);
	});

	test('edit basic settings: CN unavailable while Verify is off', async () => {
		const started = await start({language, state: fixtures.waiting});
		await openEdit(started, language);
		await started.r.press(keys.down, keys.space);
		await started.r.waitForFrame(frame => frame.includes('[ ]') && !frame.includes('[x] ' + (language === 'ja' ? 'サーバー' : 'Verify')));
		snapshot(started);
	});

	test('edit basic settings: a wrong endpoint is explained next to the field', async () => {
		const started = await start({language, state: fixtures.waiting});
		await openEdit(started, language);
		await started.r.press(keys.down, keys.down, keys.down, keys.ctrlU, 'http://example.com', keys.tab, keys.tab, keys.enter);
		await started.r.waitForText(w.fieldError);
		snapshot(started);
	});

	test('edit basic settings: saving', async () => {
		const started = await start({language, state: fixtures.waiting});
		await openEdit(started, language);
		const release = started.client.hold('saveMicrosoftBasic');
		await started.r.press(keys.shiftTab, keys.shiftTab, keys.enter);
		await started.r.waitForText(w.saving);
		snapshot(started);
		release();
	});

	test('edit basic settings: changed elsewhere', async () => {
		const started = await start({language, state: fixtures.waiting});
		await openEdit(started, language);
		started.client.failNext('saveMicrosoftBasic', deviceError('conflict', {status: 412}));
		await started.r.press(keys.shiftTab, keys.shiftTab, keys.enter);
		await started.r.waitForText(w.conflict);
		snapshot(started);
	});

	test('session ended: the password prompt', async () => {
		const started = await start({language, state: fixtures.waiting});
		await openEdit(started, language);
		started.client.failNext('saveMicrosoftBasic', deviceError('session-expired', {status: 401}));
		await started.r.press(keys.shiftTab, keys.shiftTab, keys.enter);
		await started.r.waitForText(w.session);
		snapshot(started);
	});

	test('help overlay', async () => {
		const started = await start({language, state: fixtures.waiting});
		await openMicrosoft(started, language);
		await started.r.press('?');
		await started.r.waitForText(w.help);
		snapshot(started);
	});

	test('logging out', async () => {
		const started = await start({language});
		await logIn(started, language);
		// Log Out, held open so that the line can be seen.
		const logout = started.client.logout.bind(started.client);
		let release = () => {};
		started.client.logout = async () => {
			await new Promise<void>(resolve => {
				release = resolve;
			});
			return logout();
		};

		await started.r.press('2');
		await started.r.waitForText(w.loggingOut);
		snapshot(started);
		release();
	});
});

test('Microsoft settings on a large terminal: the QR code beside the text', async () => {
	const size = {columns: 120, rows: 40};
	const started = await start({language: 'en', state: fixtures.waiting, ...size});
	await openMicrosoft(started, 'en');
	await started.r.waitForText('▄');
	snapshot(started, size);
});

test('Microsoft settings on a tall narrow terminal: the QR code below the text', async () => {
	const size = {columns: 80, rows: 50};
	const started = await start({language: 'ja', state: fixtures.waiting, ...size});
	await openMicrosoft(started, 'ja');
	await started.r.waitForText('▄');
	snapshot(started, size);
});
