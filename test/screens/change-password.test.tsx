/**
管理者パスワードの変更 / Change the Administrator Password: a log-in with the factory default
password (the device says passwordChangeRequired) leads here before the Portal. The current
password is the log-in's; New and Confirm are masked and checked before anything is sent;
OK continues to the Portal; Esc logs out. Snapshots in both languages at 80x24 and 60x20.
*/
import {describe, expect, test} from 'vitest';
import {languages, type Language} from '../../source/i18n/index.js';
import {deviceError} from '../support/fake-device-client.js';
import {expectFits, keys} from '../support/render.js';
import {appStarter, titles, type Started} from './support/app-driver.js';

const start = appStarter();

const title = {ja: '管理者パスワードの変更', en: 'Change the Administrator Password'} as const;
const newPassword = 'N3w-Passw0rd';

async function startRequired(options: {language?: Language; columns?: number; rows?: number} = {}): Promise<Started> {
	const started = await start(options);
	started.client.passwordChangeRequired = true;
	await started.r.press(started.client.password, keys.enter);
	await started.r.waitForText(title[options.language ?? 'en']);
	return started;
}

function expectNoPasswordOnScreen(started: Started): void {
	for (const frame of started.r.stdout.frames) {
		expect(frame).not.toContain(newPassword);
		expect(frame).not.toContain(started.client.loginAttempts[0]?.password ?? '\u0000');
	}
}

describe.each(languages)('%s', language => {
	for (const size of [{columns: 80, rows: 24}, {columns: 60, rows: 20}]) {
		test(`after a log-in with the factory default password, at ${size.columns}x${size.rows}`, async () => {
			const started = await startRequired({language, ...size});
			const frame = started.r.visibleFrame();
			expectFits(frame, size);
			expect(frame).toMatchSnapshot();
		});

		test(`the rules and the confirmation, in words next to the fields, at ${size.columns}x${size.rows}`, async () => {
			const started = await startRequired({language, ...size});
			await started.r.press('short', keys.tab, 'other', keys.enter);
			await started.r.waitForText(language === 'ja' ? '8文字以上64文字以下で' : 'Use 8 to 64 characters.');
			const frame = started.r.visibleFrame();
			expectFits(frame, size);
			expect(frame).toMatchSnapshot();
			expect(started.client.calls.changePassword).toBe(0);
		});
	}

	test('OK changes it with the log-in password as the current one, then the Portal', async () => {
		const started = await startRequired({language});
		const loginPassword = started.client.password;
		await started.r.press(newPassword, keys.tab, newPassword, keys.enter);
		await started.r.waitForText(titles[language].portal);
		expect(started.client.passwordChanges).toEqual([{currentPassword: loginPassword, newPassword}]);
		expectNoPasswordOnScreen(started);
	});
});

describe('Change the Administrator Password', () => {
	test('nothing is sent while a rule is broken; each message names what to fix', async () => {
		const started = await startRequired();
		const cases: Array<[string, string, string]> = [
			['', '', 'Enter a value.'],
			['7654321', '7654321', 'The factory default password cannot be used.'],
			['administrator', 'administrator', 'The password cannot be the user name.'],
			['pass word 1', 'pass word 1', 'Spaces, line breaks, full-width and control characters'],
			[started.client.password.replaceAll(' ', '-'), 'different-one', 'The new password and its confirmation do not match.'],
		];
		for (const [first, second, message] of cases) {
			// The focus is on New Password (at first, and after a refusal of it): empty both fields (Ctrl+U), fill them, OK.
			await started.r.press(keys.ctrlU, first, keys.tab, keys.ctrlU, second, keys.enter);
			await started.r.waitForText(message);
			expect(started.r.visibleFrame()).toContain('The password was not changed.');
		}

		expect(started.client.calls.changePassword).toBe(0);
	});

	test('the device refuses the current password: its field appears, empty, to type it', async () => {
		const started = await startRequired();
		started.client.refuseNext('changePassword', 'currentPassword', 'wrong_password');
		await started.r.press(newPassword, keys.tab, newPassword, keys.enter);
		await started.r.waitForText('The current password is wrong.');
		expect(started.r.visibleFrame()).toMatch(/› Current Password *\n/);
		await started.r.press(started.client.password, keys.enter, keys.enter, keys.enter);
		await started.r.waitForText(titles.en.portal);
		expect(started.client.passwordChanges.at(-1)).toEqual({currentPassword: started.client.passwordChanges[0]!.currentPassword, newPassword});
	});

	test('Esc logs out and goes back to Log In; nothing was changed', async () => {
		const started = await startRequired();
		await started.r.press(newPassword);
		await started.r.press(keys.escape);
		// Something typed: it asks first (test/screens/confirm-discard.test.tsx).
		await started.r.waitForText('Discard your changes? y/n');
		await started.r.press('y');
		await started.r.waitForText('Log In (System Manager Mode)');
		expect(started.client.calls.logout).toBe(1);
		expect(started.client.calls.changePassword).toBe(0);
		await started.r.waitForFrame(frame => !frame.includes('•'));
	});

	test('the session ends while changing: the password prompt, then OK again changes it', async () => {
		const started = await startRequired();
		started.client.failNext('changePassword', deviceError('session-expired', {status: 401}));
		await started.r.press(newPassword, keys.tab, newPassword, keys.enter);
		await started.r.waitForText('Your session ended. Enter the password to continue.');
		await started.r.press(started.client.password, keys.enter);
		await started.r.waitForText('Not changed: your session ended. Press OK again.');
		await started.r.press(keys.enter);
		await started.r.waitForText(titles.en.portal);
		expect(started.client.calls.changePassword).toBe(2);
		expect(started.client.passwordChanges).toEqual([{currentPassword: 'correct horse', newPassword}]);
	});

	test('a log-in refused because every session is taken says so, with the time to wait', async () => {
		const started = await start();
		started.client.failNext('login', deviceError('http', {status: 503, apiError: {error: 'too_many_sessions', message: 'busy', retryAfterSeconds: 540}}));
		await started.r.press(started.client.password, keys.enter);
		await started.r.waitForText('The device has as many sessions open as it allows');
		expect(started.r.visibleFrame()).toContain('09:00');
	});

	test('without the requirement, the log-in goes straight to the Portal', async () => {
		const started = await start();
		await started.r.press(started.client.password, keys.enter);
		await started.r.waitForText(titles.en.portal);
		expect(started.r.visibleFrame()).not.toContain(title.en);
	});
});
