/** The app driven from the keyboard, as an engineer would, against a fake device. */
import {until} from '../support/until.js';
import {describe, expect, test} from 'vitest';
import {Buffer} from 'node:buffer';
import {
	appStarter,
	expectPollingUntilSettled,
	expectResetAsksFirst,
	logIn,
	openEdit,
	openMicrosoft,
	titles,
} from './support/app-driver.js';
import {deviceError} from '../support/fake-device-client.js';
import * as fixtures from './support/fixtures.js';
import {expectFits, keys, sleep, visible} from '../support/render.js';

const start = appStarter();

/** The endpoint field's line in the edit screen (the one after its label). */
function endpointLine(frame: string): string {
	const lines = frame.split('\n');
	const label = lines.findIndex(line => line.includes('Microsoft Entra ID Authorization Server Endpoint'));
	return (lines[label + 1] ?? '').trimEnd();
}

describe('log in', () => {
	test('the password is masked, one • per character, and cleared after the attempt', async () => {
		const {r} = await start();
		// Seven characters, one of them outside the BMP (two UTF-16 units).
		await r.press('pä', 's', 's😀', 'ab');
		const frame = await r.waitForText('•');
		expect(frame).toMatch(/Password +•••••••$/m);
		expect(frame).not.toContain('pä');
		await r.press(keys.enter);
		const after = await r.waitForText('is wrong');
		expect(after).not.toContain('•');
	});

	test('the keyboard path: user name, password, Log In button', async () => {
		const {r, client} = await start({props: {initialUserName: 'Operator'}});
		client.userName = 'Administrator';
		await r.press(keys.shiftTab, keys.ctrlU, 'Administrator', keys.enter);
		await r.press(client.password, keys.tab, keys.enter);
		await r.waitForText(titles.en.portal);
		expect(client.loginAttempts).toEqual([{userName: 'Administrator', password: client.password}]);
	});

	test('an empty user name is refused next to the field, nothing is sent', async () => {
		const {r, client} = await start();
		await r.press(keys.up, keys.ctrlU, keys.tab, 'x', keys.enter);
		await r.waitForText('Enter a value.');
		expect(client.calls.login).toBe(0);
	});

	test('an unreachable device is named by its URL', async () => {
		const {r, client} = await start();
		client.failNext('login', deviceError('unreachable'));
		await r.press('x', keys.enter);
		const frame = await r.waitForText('Cannot reach the device');
		expect(frame).toContain(`at ${client.baseUrl}.`);
	});

	test('a lock-out shows the time left and counts down', async () => {
		const {r, client, clock} = await start();
		client.failNext('login', deviceError('locked', {status: 423, retryAfterSeconds: 90}));
		await r.press('x', keys.enter);
		await r.waitForText('Try again in 01:30');
		clock.advance(31_000);
		await r.waitForText('Try again in 00:59');
		// While locked, Enter does not ask the device again.
		await r.press('y', keys.enter);
		expect(client.calls.login).toBe(1);
		clock.advance(60_000);
		await r.waitForText('The lock has ended');
	});
});

describe('menus', () => {
	test('keys that arrive in one burst each act on the screen the previous one opened', async () => {
		const started = await start({state: fixtures.waiting});
		await logIn(started);
		started.r.stdin.write('111');
		await started.r.waitForText(titles.en.microsoft);
	});

	test('arrow and Enter in one read open the item the arrow moved to', async () => {
		const started = await start();
		await logIn(started);
		await started.r.press(keys.enter, keys.enter);
		await started.r.waitForText(titles.en.sendSettings);
		started.r.stdin.write(`${keys.down}${keys.enter}`);
		await started.r.waitForText(titles.en.google);
	});

	test('j/k move, Esc goes back and keeps the selection', async () => {
		const started = await start();
		await logIn(started);
		await started.r.press('1', '1', 'j');
		await started.r.waitForText('› 2 OAuth 2.0 (Google) Settings');
		await started.r.press(keys.enter);
		await started.r.waitForText(titles.en.google);
		await started.r.press(keys.escape);
		await started.r.waitForText('› 2 OAuth 2.0 (Google) Settings');
		await started.r.press('k', keys.escape);
		await started.r.waitForText('› 1 Send Settings');
		await started.r.press(keys.escape);
		// The portal is the top: Esc stays.
		await started.r.waitForText(titles.en.portal);
		await started.r.press(keys.escape);
		expect(started.r.visibleFrame()).toContain(titles.en.portal);
	});

	test('? shows all keys, ? or Esc hides them, the screen underneath is unchanged', async () => {
		const started = await start();
		await logIn(started);
		await started.r.press('j', '?');
		await started.r.waitForText('Everywhere');
		await started.r.press('?');
		await started.r.waitForText('› 2 Log Out');
		await started.r.press('?');
		await started.r.waitForText('Everywhere');
		await started.r.press(keys.escape);
		await started.r.waitForText('› 2 Log Out');
	});

	test('Log Out logs out and returns to the log-in screen', async () => {
		const started = await start();
		await logIn(started);
		await started.r.press('2');
		await started.r.waitForText('Log In (System Manager Mode)');
		expect(started.client.calls.logout).toBe(1);
		expect(started.exits.count).toBe(0);
	});
});

describe('quitting', () => {
	test('q logs out and exits', async () => {
		const started = await start();
		await logIn(started);
		const exited = started.r.instance.waitUntilExit();
		await started.r.press('q');
		await exited;
		expect(started.client.calls.logout).toBe(1);
		expect(started.exits.count).toBe(1);
	});

	test('Ctrl+C logs out and exits, even while typing', async () => {
		const started = await start({state: fixtures.waiting});
		await openEdit(started);
		await started.r.press(keys.down, keys.down, keys.down, keys.end, 'q');
		// q was typed into the endpoint field, not taken as Quit.
		await started.r.waitForFrame(frame => endpointLine(frame).includes('v2.0q'));
		expect(started.exits.count).toBe(0);
		const exited = started.r.instance.waitUntilExit();
		await started.r.press(keys.ctrlC);
		await exited;
		expect(started.client.calls.logout).toBe(1);
		expect(started.exits.count).toBe(1);
	});

	test('quitting on the log-in screen does not log out (there is no session)', async () => {
		const started = await start();
		const exited = started.r.instance.waitUntilExit();
		await started.r.press(keys.ctrlC);
		await exited;
		expect(started.client.calls.logout).toBe(0);
		expect(started.exits.count).toBe(1);
	});
});

describe('OAuth 2.0 (Microsoft) Settings', () => {
	test('polls while the device is checking and stops when nothing can change', async () => {
		const started = await start({state: fixtures.checking});
		await openMicrosoft(started);
		await expectPollingUntilSettled(started, 'getMicrosoft', () => {
			started.client.state = fixtures.active;
		}, 'Active');
	});

	test('does not poll at all when nothing is pending, r refreshes at once', async () => {
		const started = await start({state: fixtures.declined});
		await openMicrosoft(started);
		await started.r.waitForText('declined');
		await sleep(100);
		expect(started.client.calls.getMicrosoft).toBe(1);
		started.client.onRefresh = () => fixtures.waiting;
		await started.r.press('r');
		await started.r.waitForText('F J 2 K 8 Q W X R');
		expect(started.client.calls.refreshMicrosoft).toBe(1);
		// Waiting for authorization: polling starts.
		await until(() => started.client.calls.getMicrosoft > 1, 'polling');
	});

	test('a failed poll keeps the last state, says why, and recovers by itself', async () => {
		const started = await start({state: fixtures.checking});
		await openMicrosoft(started);
		await started.r.waitForText('Checking…');
		started.client.failNext('getMicrosoft', deviceError('unreachable'));
		started.client.failNext('getMicrosoft', deviceError('timeout'));
		const failing = await started.r.waitForText('Retrying automatically');
		expect(failing).toContain('Checking…');
		started.client.state = fixtures.waiting;
		const recovered = await started.r.waitForText('F J 2 K 8 Q W X R');
		expect(recovered).not.toContain('Retrying automatically');
	});

	test('polling stops when the screen is left', async () => {
		const started = await start({state: fixtures.checking});
		await openMicrosoft(started);
		await started.r.press(keys.escape);
		await started.r.waitForText(titles.en.sendSettings);
		const left = started.client.calls.getMicrosoft;
		await sleep(100);
		expect(started.client.calls.getMicrosoft).toBe(left);
	});

	test('polling stops when the app is unmounted', async () => {
		const started = await start({state: fixtures.checking});
		await openMicrosoft(started);
		started.r.unmount();
		const left = started.client.calls.getMicrosoft;
		await sleep(100);
		expect(started.client.calls.getMicrosoft).toBe(left);
	});

	test('the countdown follows the clock and turns into "expired"', async () => {
		const started = await start({state: fixtures.waiting});
		await openMicrosoft(started);
		await started.r.waitForText('User Code Expires In      until 10:15 (15:00 left)');
		started.clock.advance(1000);
		await started.r.waitForText('User Code Expires In      until 10:15 (14:59 left)');
		started.clock.advance((14 * 60 * 1000) + 58_000);
		await started.r.waitForText('User Code Expires In      until 10:15 (00:01 left)');
		started.clock.advance(1000);
		await started.r.waitForText('expired: press r for a new code');
	});

	test('the link is an OSC 8 hyperlink with the URL visible too', async () => {
		const started = await start({state: fixtures.waiting});
		await openMicrosoft(started);
		await started.r.waitForText('F J 2');
		expect(started.r.lastFrame()).toContain('\u001B]8;;https://microsoft.com/devicelogin\u0007https://microsoft.com/devicelogin\u001B]8;;\u0007');
	});

	test('c and u copy the user code and the URL with OSC 52, and say so', async () => {
		const started = await start({state: fixtures.waiting});
		await openMicrosoft(started);
		await started.r.waitForText('F J 2');
		await started.r.press('c');
		await started.r.waitForText('Sent the user code FJ2K8QWXR');
		await started.r.press('u');
		await started.r.waitForText('Sent the URL https://microsoft.com/devicelogin');
		const copied = started.r.stdout.raw.map(sequence => /\u001B\]52;c;([^\u0007]*)\u0007/.exec(sequence)?.[1]);
		expect(copied.map(base64 => Buffer.from(base64 ?? '', 'base64').toString('utf8')))
			.toEqual(['FJ2K8QWXR', 'https://microsoft.com/devicelogin']);
	});

	test('nothing from the device reaches the terminal as a control sequence', async () => {
		const started = await start({state: fixtures.failed});
		await openMicrosoft(started);
		await started.r.waitForText('unable to get local issuer certificate (depth 1)');
		const raw = started.r.lastFrame();
		expect(raw).not.toContain('\u001B[2J');
		expect(raw).not.toContain('\u001B]52');
		expect(raw).not.toContain('ZXZpbA==');
	});

	test('x asks first; n keeps, y forgets the authorization', async () => {
		const started = await start({state: fixtures.waiting});
		await openMicrosoft(started);
		await started.r.waitForText('F J 2');
		await expectResetAsksFirst(started, 'resetMicrosoftToken');
		await started.r.waitForText('Forgotten on this device; there was no token to revoke.');
	});

	test('after x and y on an active token: forgotten here, and Entra ID cannot be told', async () => {
		const started = await start({state: fixtures.active});
		await openMicrosoft(started);
		await started.r.press('x', 'y');
		const frame = visible(await started.r.waitForText('myaccount.microsoft.com'));
		expect(frame.replaceAll(/\s+/g, ' ')).toContain('Forgotten on this device. Entra ID cannot be told: to end the grant, use Sign out everywhere at myaccount.microsoft.com.');
		expectFits(frame, {columns: 80, rows: 24});
	});

	test('the QR code appears when the terminal grows and goes when it shrinks', async () => {
		const started = await start({state: fixtures.waiting});
		await openMicrosoft(started);
		await started.r.waitForText('F J 2');
		expect(started.r.visibleFrame()).not.toContain('▄▄▄');
		started.r.resize(120, 40);
		const wide = await started.r.waitForText('▄▄▄');
		expectFits(wide, {columns: 120, rows: 40});
		started.r.resize(80, 24);
		const small = await started.r.waitForFrame(frame => !frame.includes('▄▄▄'));
		expectFits(small);
		expect(small).toContain('F J 2 K 8 Q W X R');
	});

	test('on a short terminal the code stays, the spacing goes, and the frame still fits', async () => {
		const size = {columns: 80, rows: 16};
		const started = await start({language: 'ja', state: fixtures.waiting, ...size});
		await openMicrosoft(started, 'ja');
		const frame = await started.r.waitForText('F J 2 K 8 Q W X R');
		expectFits(frame, size);
	});
});

describe('Edit Basic Settings', () => {
	test('the whole path from the keyboard: toggle, pick organizations, OK saves the right settings', async () => {
		const started = await start({state: fixtures.notChecked});
		await openEdit(started);
		// Use OAuth 2.0 on, CN on (Verify is on), then the tenant picker: →→ from "(other)".
		await started.r.press(keys.space, keys.down, keys.down, keys.space, keys.down, keys.down);
		await started.r.press(keys.right, keys.right, keys.right);
		await started.r.waitForText('[organizations]');
		await started.r.press(keys.tab, keys.enter);
		await started.r.waitForText(titles.en.microsoft);
		expect(started.client.saved).toEqual([{
			enabled: true,
			verifyServerCertificate: true,
			addCnToVerification: true,
			endpoint: 'https://login.microsoftonline.com/organizations/oauth2/v2.0',
		}]);
		// Back on the settings screen, which polls because the device is checking.
		await started.r.waitForText('Checking…');
		const calls = started.client.calls.getMicrosoft;
		await until(() => started.client.calls.getMicrosoft > calls, 'polling');
	});

	test('Tab and Shift+Tab move between fields; CN is skipped and off while Verify is off', async () => {
		const started = await start({state: {...fixtures.waiting, settings: {...fixtures.waiting.settings, addCnToVerification: true}}});
		await openEdit(started);
		await started.r.press(keys.tab, keys.space);
		await started.r.waitForText('Available only while Verify Server Certificate is on.');
		expect(started.r.visibleFrame()).toContain('  [ ] Add CN to Verification Items');
		// From Verify, Tab goes straight to the endpoint.
		await started.r.press(keys.tab, keys.end, '/');
		await started.r.waitForFrame(frame => endpointLine(frame).includes('v2.0/'));
		await started.r.press(keys.shiftTab, keys.shiftTab, keys.space);
		await started.r.waitForFrame(frame => frame.includes('› [ ] Use OAuth 2.0 (Microsoft)'));
	});

	test('a wrong endpoint is explained next to the field and nothing is sent', async () => {
		const started = await start({state: fixtures.waiting});
		await openEdit(started);
		await started.r.press(keys.down, keys.down, keys.down, keys.ctrlU, 'https://login.microsoftonline.com/mytenant/oauth2/v2.0');
		await started.r.press(keys.tab, keys.tab, keys.enter);
		const frame = await started.r.waitForText('<tenant> must be common, consumers or organizations.');
		const lines = frame.split('\n');
		const field = lines.findIndex(line => line.includes('/mytenant/'));
		expect(lines[field + 1]).toContain('<tenant> must be');
		// The focus went back to the field.
		expect(lines[field]).toMatch(/^› /);
		expect(started.client.calls.saveMicrosoftBasic).toBe(0);
	});

	test('the device\'s own field errors (400) are shown next to the field', async () => {
		const started = await start({state: fixtures.waiting});
		await openEdit(started);
		started.client.refuseNext('saveMicrosoftBasic', 'endpoint', 'wrong_path', 'bad path');
		await started.r.press(keys.shiftTab, keys.shiftTab, keys.enter);
		const frame = await started.r.waitForText('Use the form https://login.microsoftonline.com/<tenant>/oauth2/v2.0.');
		expect(frame).toContain('Check the fields. Nothing was saved.');
	});

	const fifty = 'https://login.microsoftonline.com/consumers/oauth2';

	test('fifty characters in one write are all kept', async () => {
		expect(fifty).toHaveLength(50);
		const started = await start({state: fixtures.waiting});
		await openEdit(started);
		await started.r.press(keys.down, keys.down, keys.down, keys.ctrlU);
		started.r.stdin.write(fifty);
		await started.r.waitForFrame(frame => endpointLine(frame) === `› ${fifty}`);
	});

	test('fifty writes with no gap are all kept', async () => {
		const started = await start({state: fixtures.waiting});
		await openEdit(started);
		await started.r.press(keys.down, keys.down, keys.down, keys.ctrlU);
		for (const character of fifty) {
			started.r.stdin.write(character);
		}

		await started.r.waitForFrame(frame => endpointLine(frame) === `› ${fifty}`);
		// And saved as typed.
		await started.r.press('/v2.0', keys.tab, keys.tab, keys.enter);
		await started.r.waitForText(titles.en.microsoft);
		expect(started.client.saved.at(-1)?.endpoint).toBe(`${fifty}/v2.0`);
	});

	test('a paste loses nothing and brings no control characters, escape sequences or newlines', async () => {
		const started = await start({state: fixtures.waiting});
		await openEdit(started);
		await started.r.press(keys.down, keys.down, keys.down, keys.ctrlU);
		started.r.stdin.write('https://login.microsoftonline.com/\u001B[31morganizations\u001B[0m/oauth2/v2.0\r\n');
		// The trailing line break is Enter: on to the tenant picker, which shows the pasted tenant. It did not press OK.
		await started.r.waitForFrame(frame => endpointLine(frame) === '  https://login.microsoftonline.com/organizations/oauth2/v2.0' && frame.includes('› Tenant'));
		expect(started.client.calls.saveMicrosoftBasic).toBe(0);
	});

	test('a paste carrying terminal control strings (OSC 52, OSC 8) types only its text', async () => {
		const started = await start({state: fixtures.waiting});
		await openEdit(started);
		await started.r.press(keys.down, keys.down, keys.down, keys.ctrlU);
		started.r.stdin.write('https://login.microsoftonline.com/\u001B]52;c;ZXZpbA==\u0007\u001B]8;;https://evil.example\u0007organizations\u001B]8;;\u001B\\/oauth2/v2.0');
		await started.r.waitForFrame(frame => endpointLine(frame) === '› https://login.microsoftonline.com/organizations/oauth2/v2.0');
	});

	test('colour codes arriving as keys on a menu do not crash the app', async () => {
		const started = await start();
		await logIn(started);
		started.r.stdin.write('\u001B[31mj\u001B[0m');
		await started.r.waitForText('› 2 Log Out');
	});

	test('editing keys: ←/→, Home/End, backspace (as delete), Ctrl+U', async () => {
		const started = await start({state: fixtures.waiting});
		await openEdit(started);
		await started.r.press(keys.down, keys.down, keys.down, keys.ctrlU, 'abcdef');
		await started.r.press(keys.left, keys.left, keys.backspace, keys.home, 'X', keys.end, 'Y', '\b');
		await started.r.waitForFrame(frame => endpointLine(frame) === '› Xabcef');
		await started.r.press(keys.ctrlU);
		await started.r.waitForFrame(frame => endpointLine(frame) === '›');
	});

	test('backspace held down (several in one read) erases one character each', async () => {
		const started = await start({state: fixtures.waiting});
		await openEdit(started);
		await started.r.press(keys.down, keys.down, keys.down);
		started.r.stdin.write('\u007F\u007F\u007F\u007F\u007F');
		await started.r.waitForFrame(frame => endpointLine(frame) === '› https://login.microsoftonline.com/common/oauth2');
	});

	test('Esc cancels without saving', async () => {
		const started = await start({state: fixtures.waiting});
		await openEdit(started);
		await started.r.press(keys.space, keys.down, keys.down, keys.down, 'zzz', keys.escape);
		// Changes the device does not hold: it asks first (test/screens/confirm-discard.test.tsx).
		await started.r.waitForText('Discard your changes? y/n');
		await started.r.press('y');
		await started.r.waitForText(titles.en.microsoft);
		expect(started.client.calls.saveMicrosoftBasic).toBe(0);
		// Opening it again starts from what the device has.
		await started.r.press('e');
		const frame = await started.r.waitForText('› [x] Use OAuth 2.0 (Microsoft)');
		expect(frame).not.toContain('zzz');
	});

	test('a change made elsewhere (412) is never overwritten: r reloads, edits are discarded', async () => {
		const started = await start({state: fixtures.waiting});
		await openEdit(started);
		await started.r.press(keys.down, keys.down, keys.down, keys.ctrlU, 'https://login.microsoftonline.com/consumers/oauth2/v2.0');
		started.client.failNext('saveMicrosoftBasic', deviceError('conflict', {status: 412}));
		await started.r.press(keys.tab, keys.tab, keys.enter);
		await started.r.waitForText('Changed elsewhere');
		expect(started.client.saved).toEqual([]);
		started.client.state = {...fixtures.waiting, settings: {...fixtures.waiting.settings, endpoint: 'https://login.microsoftonline.com/organizations/oauth2/v2.0'}};
		await started.r.press('r');
		const frame = await started.r.waitForText('[organizations]');
		expect(frame).not.toContain('Changed elsewhere');
		expect(endpointLine(frame)).toContain('/organizations/');
	});

	test('the session ends while saving: password prompt, the form is kept, OK again saves it', async () => {
		const started = await start({state: fixtures.waiting});
		await openEdit(started);
		const typed = 'https://login.microsoftonline.com/consumers/oauth2/v2.0';
		await started.r.press(keys.down, keys.down, keys.down, keys.ctrlU, typed, keys.tab, keys.tab);
		started.client.failNext('saveMicrosoftBasic', deviceError('session-expired', {status: 401}));
		await started.r.press(keys.enter);
		const prompt = await started.r.waitForText('Your session ended. Enter the password to continue.');
		expect(prompt).not.toContain(typed);
		// q is part of a password here, not Quit.
		await started.r.press('q', keys.backspace, 'wrong', keys.enter);
		await started.r.waitForText('is wrong');
		expect(started.exits.count).toBe(0);
		await started.r.press(started.client.password, keys.enter);
		const form = await started.r.waitForText('Not saved: your session ended. Press OK again to save.');
		expect(endpointLine(form)).toBe(`  ${typed}`);
		expect(form).toContain('›[ OK ]');
		await started.r.press(keys.enter);
		await started.r.waitForText(titles.en.microsoft);
		expect(started.client.saved).toEqual([{...fixtures.waiting.settings, endpoint: typed}]);
		expect(started.client.loginAttempts.map(attempt => attempt.userName)).toEqual(['Administrator', 'Administrator', 'Administrator']);
	});

	test('the session ends while polling: the prompt, then the screen again', async () => {
		const started = await start({state: fixtures.checking});
		await openMicrosoft(started);
		await started.r.waitForText('Checking…');
		started.client.failNext('getMicrosoft', deviceError('session-expired', {status: 401}));
		await started.r.waitForText('Your session ended.');
		const stopped = started.client.calls.getMicrosoft;
		await sleep(100);
		expect(started.client.calls.getMicrosoft).toBe(stopped);
		await started.r.press(started.client.password, keys.enter);
		await started.r.waitForText('Checking…');
		await until(() => started.client.calls.getMicrosoft > stopped, 'polling again');
	});
});
