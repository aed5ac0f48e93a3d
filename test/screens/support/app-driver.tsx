/** Starts the app on a fake device and walks it to a screen, the way an engineer would. */
import {until} from '../../support/until.js';
import {afterEach, expect} from 'vitest';
import {App, type AppProps} from '../../../source/tui/app.js';
import {manualClock} from '../../../source/clock.js';
import type {GoogleState, MicrosoftState} from '../../../source/device/contract.js';
import type {Language} from '../../../source/i18n/index.js';
import {FakeDeviceClient} from '../../support/fake-device-client.js';
import {now, notChecked} from './fixtures.js';
import {keys, renderAt, sleep, type Rendered} from '../../support/render.js';

export type Started = {
	r: Rendered;
	client: FakeDeviceClient;
	clock: ReturnType<typeof manualClock>;
	exits: {count: number};
};

export const titles = {
	ja: {
		portal: 'ログイン中:',
		settingsRegistration: '› 1 送信設定',
		sendSettings: '› 1 OAuth 2.0(Microsoft)設定',
		microsoft: 'サーバーの接続状況',
		google: '認可用情報',
		edit: '› [',
		register: '認可用情報の登録',
	},
	en: {
		portal: 'Logged in as',
		settingsRegistration: '› 1 Send Settings',
		sendSettings: '› 1 OAuth 2.0 (Microsoft) Settings',
		microsoft: 'Server Connection Status',
		google: 'Authorization Information',
		edit: '› [',
		register: 'Register Authorization Information',
	},
} as const;

export async function startApp({
	state = notChecked,
	google,
	language = 'en',
	columns = 80,
	rows = 24,
	props = {},
	client: givenClient,
}: {
	state?: MicrosoftState;
	google?: GoogleState;
	language?: Language;
	columns?: number;
	rows?: number;
	props?: Partial<AppProps>;
	client?: FakeDeviceClient;
} = {}): Promise<Started> {
	const client = givenClient ?? new FakeDeviceClient(state, google ? {google} : {});
	const clock = manualClock(now);
	const exits = {count: 0};
	const r = renderAt(
		<App
			client={client}
			language={language}
			clock={clock}
			pollIntervalMs={20}
			tickIntervalMs={10}
			onExit={() => {
				exits.count += 1;
			}}
			{...props}
		/>,
		{columns, rows},
	);
	await r.waitForFrame(frame => frame.includes('Ctrl+C'));
	return {r, client, clock, exits};
}

/**
For a test file: a `start` that starts the app, and an afterEach that unmounts whatever was
started and is still running.
*/
export function appStarter(): (options?: Parameters<typeof startApp>[0]) => Promise<Started> {
	let current: Started | undefined;
	afterEach(() => {
		current?.r.unmount();
		current = undefined;
	});
	return async options => {
		current = await startApp(options);
		return current;
	};
}

export async function logIn(started: Started, language: Language = 'en'): Promise<void> {
	const {r, client} = started;
	await r.press(client.password, keys.enter);
	await r.waitForText(titles[language].portal);
}

/** Portal › Settings/Registration › Send Settings › item `item` (1 Microsoft, 2 Google). */
async function openSendSettingsItem(started: Started, language: Language, item: '1' | '2', title: string): Promise<void> {
	await logIn(started, language);
	const {r} = started;
	await r.press(keys.enter);
	await r.waitForText(titles[language].settingsRegistration);
	await r.press(keys.enter);
	await r.waitForText(titles[language].sendSettings);
	await r.press(item);
	await r.waitForText(title);
	// The state must be read before anything can open.
	await r.waitForFrame(frame => !frame.includes(language === 'ja' ? '読み込み中' : 'Loading'));
}

/** Portal › Settings/Registration › Send Settings › OAuth 2.0 (Microsoft) Settings. */
export async function openMicrosoft(started: Started, language: Language = 'en'): Promise<void> {
	await openSendSettingsItem(started, language, '1', titles[language].microsoft);
}

/** Portal › Settings/Registration › Send Settings › OAuth 2.0 (Google) Settings. */
export async function openGoogle(started: Started, language: Language = 'en'): Promise<void> {
	await openSendSettingsItem(started, language, '2', titles[language].google);
}

async function press(started: Started, key: string, title: string): Promise<void> {
	await started.r.press(key);
	await started.r.waitForText(title);
}

export async function openEdit(started: Started, language: Language = 'en'): Promise<void> {
	await openMicrosoft(started, language);
	await press(started, 'e', titles[language].edit);
}

export async function openGoogleEdit(started: Started, language: Language = 'en'): Promise<void> {
	await openGoogle(started, language);
	await press(started, 'e', titles[language].edit);
}

export async function openRegister(started: Started, language: Language = 'en'): Promise<void> {
	await openGoogle(started, language);
	await press(started, 'a', titles[language].register);
}

/**
On a settings page whose device is checking the connection: `read` is polled; once `settle`
changed the device's state and `settledText` shows, it is polled no more.
*/
export async function expectPollingUntilSettled(started: Started, read: 'getMicrosoft' | 'getGoogle', settle: () => void, settledText: string): Promise<void> {
	const {r, client} = started;
	await r.waitForText('Checking…');
	const before = client.calls[read];
	await until(() => client.calls[read] > before + 2, 'polling');
	settle();
	await r.waitForText(settledText);
	const settled = client.calls[read];
	await sleep(150);
	expect(client.calls[read]).toBe(settled);
}

/** On a settings page: x asks first; n keeps the authorization, x then y forgets it (`reset`). */
export async function expectResetAsksFirst(started: Started, reset: 'resetMicrosoftToken' | 'resetGoogleToken'): Promise<void> {
	const {r, client} = started;
	await r.press('x');
	await r.waitForText('(y/n)');
	await r.press('n');
	await r.waitForFrame(frame => !frame.includes('(y/n)'));
	expect(client.calls[reset]).toBe(0);
	await r.press('x', 'y');
	await r.waitForText('Not Authorized');
	expect(client.calls[reset]).toBe(1);
}
