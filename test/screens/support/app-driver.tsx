/** Starts the app on a fake device and walks it to a screen, the way an engineer would. */
import {App, type AppProps} from '../../../source/app.js';
import {manualClock} from '../../../source/clock.js';
import type {MicrosoftState} from '../../../source/contract.js';
import type {Language} from '../../../source/i18n/index.js';
import {FakeDeviceClient} from '../../support/fake-device-client.js';
import {now, notChecked} from './fixtures.js';
import {keys, renderAt, type Rendered} from '../../support/render.js';

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
		edit: '› [',
	},
	en: {
		portal: 'Logged in as',
		settingsRegistration: '› 1 Send Settings',
		sendSettings: '› 1 OAuth 2.0 (Microsoft) Settings',
		microsoft: 'Server Connection Status',
		edit: '› [',
	},
} as const;

export async function startApp({
	state = notChecked,
	language = 'en',
	columns = 80,
	rows = 24,
	props = {},
	client: givenClient,
}: {
	state?: MicrosoftState;
	language?: Language;
	columns?: number;
	rows?: number;
	props?: Partial<AppProps>;
	client?: FakeDeviceClient;
} = {}): Promise<Started> {
	const client = givenClient ?? new FakeDeviceClient(state);
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

export async function logIn(started: Started, language: Language = 'en'): Promise<void> {
	const {r, client} = started;
	await r.press(client.password, keys.enter);
	await r.waitForText(titles[language].portal);
}

/** Portal › Settings/Registration › Send Settings › OAuth 2.0 (Microsoft) Settings. */
export async function openMicrosoft(started: Started, language: Language = 'en'): Promise<void> {
	await logIn(started, language);
	const {r} = started;
	await r.press(keys.enter);
	await r.waitForText(titles[language].settingsRegistration);
	await r.press(keys.enter);
	await r.waitForText(titles[language].sendSettings);
	await r.press(keys.enter);
	await r.waitForText(titles[language].microsoft);
}

export async function openEdit(started: Started, language: Language = 'en'): Promise<void> {
	await openMicrosoft(started, language);
	const {r} = started;
	// The state must be read before the form can open.
	await r.waitForFrame(frame => !frame.includes(language === 'ja' ? '読み込み中' : 'Loading'));
	await r.press('e');
	await r.waitForText(titles[language].edit);
}
