/**
Every screen in both languages at 80x24, as the engineer sees it (colours and links
removed; the links are checked in the behaviour tests). Each frame must leave the last line
of the terminal free and fit 80 columns.
*/
import {describe, expect, test} from 'vitest';
import type {GoogleState, MicrosoftState} from '../../source/device/contract.js';
import {languages, type Language} from '../../source/i18n/index.js';
import {
	appStarter,
	logIn,
	openEdit,
	openGoogle,
	openGoogleEdit,
	openMicrosoft,
	openRegister,
	type Started,
} from './support/app-driver.js';
import {deviceError} from '../support/fake-device-client.js';
import * as fixtures from './support/fixtures.js';
import {expectFits, keys} from '../support/render.js';

const start = appStarter();

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
		googleNotInUse: '使用しない設定です',
		waitingForCode: 'a キーで認可用情報を登録',
		redirectMismatch: 'デスクトップ アプリ',
		cnMismatch: 'CNが接続先と一致しません',
		keepSecret: '設定済み - 変更しない場合は空欄のまま',
		clientIdError: '.apps.googleusercontent.com で終わります',
		secretRequired: 'クライアントシークレットを入力してください',
		stateMismatch: 'stateが一致しません',
		codeRejected: '認可コードが受け付けられませんでした',
		exchanging: '認可コードを送信しています…',
		notConnected: '[成功]になると登録できます',
		printed: '1行でこの画面の上に表示しました',
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
		googleNotInUse: 'is not in use',
		waitingForCode: 'Press a to register',
		redirectMismatch: 'Desktop app',
		cnMismatch: 'CN does not match',
		keepSecret: 'Set - leave empty to keep',
		clientIdError: 'ends in .apps.googleusercontent.com',
		secretRequired: 'Enter the client secret.',
		stateMismatch: 'state does not match',
		codeRejected: 'The authorization code was not accepted.',
		exchanging: 'Exchanging…',
		notConnected: 'Successfully Connected',
		printed: 'Printed the URL as one line',
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

	/** A settings page in a state: how to start, how to get there, what shows it is there. */
	type SettingsScene = [name: string, options: {state?: MicrosoftState; google?: GoogleState}, open: typeof openGoogle, expected: string];
	const microsoftScene = (name: string, state: MicrosoftState, expected: string): SettingsScene =>
		[`Microsoft settings: ${name}`, {state}, openMicrosoft, expected];
	const googleScene = (name: string, google: GoogleState, expected: string): SettingsScene =>
		[`Google settings: ${name}`, {google}, openGoogle, expected];
	const settingsScenes: SettingsScene[] = [
		microsoftScene('not checked', fixtures.notChecked, w.notChecked),
		microsoftScene('checking', fixtures.checking, w.checking),
		microsoftScene('connected, waiting for authorization with the user code', fixtures.waiting, 'F J 2 K 8 Q W X R'),
		microsoftScene('active', fixtures.active, w.active),
		microsoftScene('connection failed with the reason', fixtures.failed, w.failed),
		microsoftScene('authorization declined', fixtures.declined, w.declined),
		microsoftScene('reauthorization required', fixtures.reauthorize, w.reauthorize),
		googleScene('not configured', fixtures.googleNotConfigured, w.googleNotInUse),
		googleScene('checking', fixtures.googleChecking, w.checking),
		googleScene('connected, waiting for the authorization code', fixtures.googleWaiting, w.waitingForCode),
		googleScene('active', fixtures.googleActive, w.active),
		googleScene('reauthorization required', fixtures.googleReauthorize, w.reauthorize),
		googleScene('redirect URI mismatch', fixtures.googleRedirectMismatch, w.redirectMismatch),
		googleScene('connection failed with the reason', fixtures.googleConnectionFailed, w.cnMismatch),
	];

	test.each(settingsScenes)('%s', async (_name, options, open, expected) => {
		const started = await start({language, ...options});
		await open(started, language);
		await started.r.waitForText(expected);
		snapshot(started);
	});

	test('Google settings: [Register] chosen with ↓', async () => {
		const started = await start({language, google: fixtures.googleWaiting});
		await openGoogle(started, language);
		await started.r.press(keys.down);
		await started.r.waitForFrame(frame => /^› .*\[/m.test(frame.split('\n').slice(3).join('\n')) && !frame.includes('› ' + (language === 'ja' ? '基本設定' : 'Basic')));
		snapshot(started);
	});

	/** What happens on a screen before its snapshot is taken. */
	type Scene = [name: string, google: GoogleState, act: (started: Started) => Promise<unknown>];
	const nothing = async () => undefined;

	const editScenes: Scene[] = [
		['first set-up', fixtures.googleNotConfigured, nothing],
		['a secret is stored, a new one typed (masked)', fixtures.googleWaiting, async ({r}) => {
			await r.waitForText(w.keepSecret);
			await r.press(keys.tab, keys.tab, keys.tab, keys.tab, '0123456789');
			return r.waitForText('••••••••••');
		}],
		['field errors next to the fields', fixtures.googleNotConfigured, async ({r}) => {
			await r.press(keys.space, keys.tab, keys.tab, keys.tab, 'not-a-client-id', keys.tab, keys.tab, keys.enter);
			await r.waitForText(w.secretRequired);
			return r.waitForText(w.clientIdError);
		}],
	];

	test.each(editScenes)('Google edit basic settings: %s', async (_name, google, act) => {
		const started = await start({language, google});
		await openGoogleEdit(started, language);
		await act(started);
		snapshot(started);
	});

	const registerScenes: Scene[] = [
		['the URL, then the code', fixtures.googleWaiting, nothing],
		['the whole redirect URL pasted', fixtures.googleWaiting, async ({r}) => {
			await r.press(keys.tab, fixtures.googleRedirect());
			return r.waitForText('scope=https');
		}],
		['a URL of another attempt', fixtures.googleWaiting, async ({r}) => {
			await r.press(keys.tab, fixtures.googleRedirect({state: 'another-attempt'}), keys.enter);
			return r.waitForText(w.stateMismatch);
		}],
		['the device refuses the code', fixtures.googleWaiting, async ({r, client}) => {
			client.refuseNext('submitGoogleAuthorizationCode', 'authorizationCode', 'code_rejected', 'invalid_grant: Bad Request');
			await r.press(keys.tab, fixtures.googleAuthorizationCode, keys.enter);
			return r.waitForText(w.codeRejected);
		}],
		['exchanging', fixtures.googleWaiting, async ({r, client}) => {
			// Held until the app is unmounted.
			client.hold('submitGoogleAuthorizationCode');
			await r.press(keys.tab, fixtures.googleAuthorizationCode, keys.enter);
			return r.waitForText(w.exchanging);
		}],
		['the URL printed as one line', fixtures.googleWaiting, async ({r}) => {
			await r.press('p');
			return r.waitForText(w.printed);
		}],
		['nothing to register before the connection succeeds', fixtures.googleChecking, async ({r}) => r.waitForText(w.notConnected)],
	];

	test.each(registerScenes)('Google register: %s', async (_name, google, act) => {
		const started = await start({language, google});
		await openRegister(started, language);
		await act(started);
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
