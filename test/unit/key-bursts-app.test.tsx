/**
Keys that arrive in one read, through the whole app on a fake device (issue 12): applied one by
one, in order, as if typed with gaps; the keys after a submit go to whatever has the focus once
the device has answered. A bracketed paste is one paste: never a command, its line breaks never
Enter, and Ctrl+C inside it is text.
*/
import {describe, expect, test} from 'vitest';
import {appStarter, openMicrosoft, titles} from '../screens/support/app-driver.js';
import * as fixtures from '../screens/support/fixtures.js';
import {deviceError} from '../support/fake-device-client.js';
import {keys} from '../support/render.js';
import {until} from '../support/until.js';

const start = appStarter();
const esc = '\u001B';

function bracketed(text: string): string {
	return `${esc}[200~${text}${esc}[201~`;
}

/** The line of a labelled field (e.g. "Password"), without the focus mark. */
function fieldLine(frame: string, label: string): string {
	return frame.split('\n').find(line => line.replace(/^[›\s]+/, '').startsWith(label)) ?? '';
}

describe('Log In, keys in one read', () => {
	test('the password, Enter and 1: one log-in; the 1 waits for the Portal and opens its first item', async () => {
		const started = await start();
		const release = started.client.hold('login');
		started.r.stdin.write(`${started.client.password}\r1`);
		await until(() => started.client.calls.login === 1, 'the log-in');
		// The device has not answered: the 1 is not typed into the form that is busy.
		expect(fieldLine(started.r.visibleFrame(), 'Password')).not.toContain('•'.repeat(started.client.password.length + 1));
		release();
		await started.r.waitForText(titles.en.settingsRegistration);
		expect(started.client.loginAttempts).toEqual([{userName: 'Administrator', password: started.client.password}]);
	});

	test('bad1 Enter bad2 Enter: two attempts, each with its own password', async () => {
		const started = await start();
		started.r.stdin.write('bad1\rbad2\r');
		await until(() => started.client.loginAttempts.length === 2, 'two attempts');
		expect(started.client.loginAttempts.map(attempt => attempt.password)).toEqual(['bad1', 'bad2']);
		await started.r.waitForText('The user name or password is wrong.');
	});

	test('a wrong password, Enter, x: the x is typed into the field the form gives back', async () => {
		const started = await start();
		started.r.stdin.write('wrong\rx');
		await started.r.waitForFrame(frame => frame.includes('is wrong') && /Password +•$/m.test(frame));
		expect(started.client.loginAttempts.map(attempt => attempt.password)).toEqual(['wrong']);
	});
});

describe('menus, keys in one read', () => {
	test('1 1 1 e from the Portal: the e waits until the settings have been read, then opens Edit Basic Settings', async () => {
		const started = await start();
		await started.r.press(started.client.password, keys.enter);
		await started.r.waitForText(titles.en.portal);
		const release = started.client.hold('getMicrosoft');
		started.r.stdin.write('111e');
		await started.r.waitForText('Loading…');
		await until(() => started.client.calls.getMicrosoft > 0, 'the settings to be asked for');
		release();
		const frame = await started.r.waitForText('Edit Basic Settings');
		expect(frame.split('\n')[0]).toMatch(/› Edit Basic Settings$/);
	});

	test('if the settings cannot be read, the e that waited means nothing and the keys after it go on', async () => {
		const started = await start();
		await started.r.press(started.client.password, keys.enter);
		await started.r.waitForText(titles.en.portal);
		started.client.failNext('getMicrosoft', deviceError('unreachable'));
		started.r.stdin.write(`111e${esc}`);
		// Esc, after the e: back to Send Settings once the e has been given up.
		await started.r.waitForText(titles.en.sendSettings);
		expect(started.r.visibleFrame()).not.toContain('Edit Basic Settings');
	});
});

describe('Send Test Mail, keys in one read', () => {
	test('a@example.com Enter x: sent to a@example.com, nothing typed into the address', async () => {
		const started = await start({state: fixtures.active});
		await openMicrosoft(started);
		await started.r.press('m');
		await started.r.waitForText('[ Send ]');
		started.r.stdin.write('a@example.com\rx');
		await started.r.waitForText('Test mail sent.');
		expect(started.client.testMails).toEqual([{provider: 'microsoft', to: 'a@example.com'}]);
		expect(started.r.visibleFrame()).not.toContain('a@example.comx');
	});
});

describe('a bracketed paste', () => {
	test('ending in a line break: the field gets the text, nothing is submitted; Enter then logs in', async () => {
		const started = await start();
		started.r.stdin.write(bracketed(`${started.client.password}\r`));
		await started.r.waitForFrame(frame => fieldLine(frame, 'Password').includes('•'.repeat(started.client.password.length)));
		expect(started.client.calls.login).toBe(0);
		await started.r.press(keys.enter);
		await started.r.waitForText(titles.en.portal);
		expect(started.client.loginAttempts).toEqual([{userName: 'Administrator', password: started.client.password}]);
	});

	test('split across reads, with colour codes and a line break inside, is one paste into the field', async () => {
		const started = await start();
		await started.r.press(keys.shiftTab, keys.ctrlU);
		await started.r.waitForFrame(frame => /^› User Name\s*$/m.test(frame));
		started.r.stdin.write(`${esc}[200~${esc}[31mAdmin`);
		started.r.stdin.write(`is\rtra${esc}[0m`);
		started.r.stdin.write(`tor${esc}[201~`);
		const frame = await started.r.waitForFrame(current => fieldLine(current, 'User Name').includes('Administrator'));
		// Still on User Name: the pasted line break was no Enter.
		expect(frame).toMatch(/^› User Name +Administrator\s*$/m);
	});

	test('is never a command: on the Portal, a paste of "1q?" opens nothing, quits nothing', async () => {
		const started = await start();
		await started.r.press(started.client.password, keys.enter);
		await started.r.waitForText(titles.en.portal);
		started.r.stdin.write(bracketed('1q?'));
		await started.r.press('j');
		await started.r.waitForText('› 2 ');
		expect(started.r.visibleFrame()).toContain(titles.en.portal);
		expect(started.exits.count).toBe(0);
	});

	test('Ctrl+C inside a paste is text (dropped); outside it quits', async () => {
		const started = await start();
		started.r.stdin.write(bracketed('ab\u0003cd'));
		await started.r.waitForFrame(frame => fieldLine(frame, 'Password').includes('••••'));
		expect(started.exits.count).toBe(0);
		started.r.stdin.write('\u0003');
		await until(() => started.exits.count === 1, 'the app to quit');
	});
});
