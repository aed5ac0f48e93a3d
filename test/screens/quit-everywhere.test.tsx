/**
q (where nothing is being typed) and Ctrl+C (anywhere) log out of the device once and exit, on
every screen, and also while a request to the device is still pending.
*/
import {describe, expect, test, vi} from 'vitest';
import {
	appStarter,
	logIn,
	openEdit,
	openGoogle,
	openGoogleEdit,
	openMicrosoft,
	openRegister,
	titles,
	type Started,
} from './support/app-driver.js';
import {deviceError} from '../support/fake-device-client.js';
import * as fixtures from './support/fixtures.js';
import {keys} from '../support/render.js';

const start = appStarter();

type Screen = {
	name: string;
	options: Parameters<typeof start>[0];
	open(started: Started): Promise<void>;
};

const screens: Screen[] = [
	{name: 'Portal', options: {}, open: async started => logIn(started)},
	{
		name: 'Settings/Registration', options: {}, async open(started) {
			await logIn(started);
			await started.r.press('1');
			await started.r.waitForText(titles.en.settingsRegistration);
		},
	},
	{
		name: 'Send Settings', options: {}, async open(started) {
			await logIn(started);
			await started.r.press('1', '1');
			await started.r.waitForText(titles.en.sendSettings);
		},
	},
	{
		name: 'OAuth 2.0 (Microsoft) Settings with a user code', options: {state: fixtures.waiting}, async open(started) {
			await openMicrosoft(started);
			await started.r.waitForText('F J 2');
		},
	},
	{name: 'Edit Basic Settings (Microsoft)', options: {state: fixtures.waiting}, open: async started => openEdit(started)},
	{name: 'OAuth 2.0 (Google) Settings', options: {google: fixtures.googleWaiting}, open: async started => openGoogle(started)},
	{name: 'Edit Basic Settings (Google)', options: {google: fixtures.googleActive}, open: async started => openGoogleEdit(started)},
	{name: 'Register Authorization Information', options: {google: fixtures.googleWaiting}, open: async started => openRegister(started)},
	{
		name: 'the help overlay', options: {}, async open(started) {
			await logIn(started);
			await started.r.press('?');
			await started.r.waitForText('Everywhere');
		},
	},
];

async function expectQuits(started: Started, key: string): Promise<void> {
	const exited = started.r.instance.waitUntilExit();
	await started.r.press(key);
	await exited;
	expect(started.client.calls.logout).toBe(1);
	expect(started.exits.count).toBe(1);
}

describe('q and Ctrl+C log out and exit on every screen', () => {
	for (const screen of screens) {
		test(`q on ${screen.name}`, async () => {
			const started = await start(screen.options);
			await screen.open(started);
			await expectQuits(started, 'q');
		});

		test(`Ctrl+C on ${screen.name}`, async () => {
			const started = await start(screen.options);
			await screen.open(started);
			await expectQuits(started, keys.ctrlC);
		});
	}

	test('q typed into a field is text, Ctrl+C there quits (Client ID, Google)', async () => {
		const started = await start({google: fixtures.googleActive});
		await openGoogleEdit(started);
		await started.r.press(keys.down, keys.down, keys.down, keys.end, 'q');
		await started.r.waitForText('googleusercontent.comq');
		expect(started.exits.count).toBe(0);
		await expectQuits(started, keys.ctrlC);
	});

	test('q typed into the authorization code is text, Ctrl+C there quits', async () => {
		const started = await start({google: fixtures.googleWaiting});
		await openRegister(started);
		await started.r.press(keys.tab, 'q');
		await started.r.waitForFrame(frame => /^\s+q\s*$/m.test(frame) || frame.includes(' q\n'));
		expect(started.exits.count).toBe(0);
		await expectQuits(started, keys.ctrlC);
	});

	test('q typed into the To field of Send Test Mail is text, Ctrl+C there quits; q on its report quits', async () => {
		const withAccount = {...fixtures.active, token: {...fixtures.active.token, account: 'engineer@contoso.example'}};
		const started = await start({state: withAccount});
		await openMicrosoft(started);
		await started.r.press('m');
		await started.r.waitForText('[ Send ]');
		await started.r.press('q');
		await started.r.waitForFrame(frame => /^› q\s*$/m.test(frame));
		expect(started.exits.count).toBe(0);
		await expectQuits(started, keys.ctrlC);

		const again = await start({state: withAccount});
		await openMicrosoft(again);
		await again.r.press('m');
		await again.r.waitForText('[ Send ]');
		await again.r.press('someone@example.net', keys.enter);
		await again.r.waitForText('250 2.0.0 OK');
		await expectQuits(again, 'q');
	});

	test('on the log-in screen q is typed, Ctrl+C exits without a log-out (there is no session)', async () => {
		const started = await start();
		await started.r.press('q');
		await started.r.waitForText('•');
		expect(started.exits.count).toBe(0);
		const exited = started.r.instance.waitUntilExit();
		await started.r.press(keys.ctrlC);
		await exited;
		expect(started.client.calls.logout).toBe(0);
		expect(started.exits.count).toBe(1);
	});

	test('on the password prompt after the session ended, Ctrl+C exits (the device already ended the session)', async () => {
		const started = await start({state: fixtures.waiting});
		await openMicrosoft(started);
		started.client.failNext('getMicrosoft', deviceError('session-expired', {status: 401}));
		await started.r.press('r');
		await started.r.waitForText('Your session ended');
		await started.r.press('q');
		await started.r.waitForText('•');
		expect(started.exits.count).toBe(0);
		const exited = started.r.instance.waitUntilExit();
		await started.r.press(keys.ctrlC);
		await exited;
		expect(started.client.calls.logout).toBe(0);
		expect(started.exits.count).toBe(1);
	});
});

describe('quitting while a request is pending', () => {
	test('Ctrl+C while saving Edit Basic Settings (Microsoft)', async () => {
		const started = await start({state: fixtures.waiting});
		await openEdit(started);
		const release = started.client.hold('saveMicrosoftBasic');
		await started.r.press(keys.space, keys.tab, keys.tab, keys.tab, keys.tab, keys.tab, keys.enter);
		await started.r.waitForText('Saving…');
		await expectQuits(started, keys.ctrlC);
		release();
	});

	test('q while the settings page is still loading', async () => {
		const started = await start({state: fixtures.waiting});
		const release = started.client.hold('getMicrosoft');
		await logIn(started);
		await started.r.press('1', '1', '1');
		await started.r.waitForText('Loading');
		await expectQuits(started, 'q');
		release();
	});

	test('Ctrl+C while the authorization code is being sent', async () => {
		const started = await start({google: fixtures.googleWaiting});
		await openRegister(started);
		const release = started.client.hold('submitGoogleAuthorizationCode');
		await started.r.press(keys.tab, fixtures.googleRedirect(), keys.enter);
		await started.r.waitForText('Exchanging…');
		await expectQuits(started, keys.ctrlC);
		release();
	});

	test('Ctrl+C while logging in: the app exits at once, and the session the device opens after that is logged out', async () => {
		const started = await start();
		const release = started.client.hold('login');
		await started.r.press(started.client.password, keys.enter);
		const exited = started.r.instance.waitUntilExit();
		await started.r.press(keys.ctrlC);
		await exited;
		expect(started.exits.count).toBe(1);
		expect(started.client.calls.logout).toBe(0);
		release();
		await vi.waitFor(() => {
			expect(started.client.calls.logout).toBe(1);
		});
		expect(started.client.loggedIn).toBe(false);
	});

	test('a second Ctrl+C while the log-out hangs leaves at once', async () => {
		const started = await start();
		await logIn(started);
		let finishLogout = () => {};
		started.client.logout = async () => {
			started.client.calls.logout += 1;
			await new Promise<void>(resolve => {
				finishLogout = resolve;
			});
		};

		const exited = started.r.instance.waitUntilExit();
		await started.r.press(keys.ctrlC);
		await started.r.waitForText('Logging out');
		expect(started.exits.count).toBe(0);
		await started.r.press(keys.ctrlC);
		await exited;
		expect(started.exits.count).toBe(1);
		expect(started.client.calls.logout).toBe(1);
		finishLogout();
	});
});
