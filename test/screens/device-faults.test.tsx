/**
Faults of the device API as the engineer meets them on the settings screens and the edit
forms (fake device with queued errors): each is said in words, never as a stack; polling
backs off and recovers by itself; nothing is saved half-way. Cases already covered elsewhere
(412 and 401 while saving, 423 at the first log-in, a failed Microsoft poll recovering) are
in app-behaviour.test.tsx and google-behaviour.test.tsx.
*/
import {until} from '../support/until.js';
import {describe, expect, test} from 'vitest';
import type {MicrosoftState} from '../../source/device/contract.js';
import type {DeviceError} from '../../source/device/device-error.js';
import {appStarter, logIn, openEdit, openGoogle, openGoogleEdit, openMicrosoft, titles, type Started} from './support/app-driver.js';
import {deviceError, fakeBaseUrl} from '../support/fake-device-client.js';
import * as fixtures from './support/fixtures.js';
import {keys, sleep} from '../support/render.js';

const start = appStarter();

/** The frame as one line of text: wrapped notices read as the sentence they are. */
function flat(frame: string): string {
	return frame.replaceAll(/\s*\n\s*/g, ' ');
}

async function waitForWords(started: Started, words: string, timeoutMs?: number): Promise<string> {
	return started.r.waitForFrame(frame => flat(frame).includes(words), timeoutMs);
}

/** Nothing that looks like a crash or a stack trace. */
function expectNoStack(frame: string): void {
	expect(frame).not.toMatch(/\bat .+:\d+:\d+/);
	expect(frame).not.toContain('DeviceError');
	expect(frame).not.toContain('Error:');
	expect(frame).not.toContain('fake ');
}

const internalMessage = 'The device could not handle the request.';

/** Each fault, and what the engineer reads (en). */
const faults: Array<{name: string; error: () => DeviceError; words: string}> = [
	{
		name: 'connection refused or reset (unreachable)',
		error: () => deviceError('unreachable'),
		words: `Cannot reach the device at ${fakeBaseUrl}. Check that it is on and connected to the network.`,
	},
	{
		name: 'no answer in time (timeout)',
		error: () => deviceError('timeout'),
		words: `The device at ${fakeBaseUrl} did not answer in time. Try again.`,
	},
	{
		name: 'HTTP 500',
		error: () => deviceError('http', {status: 500, apiError: {error: 'internal', message: internalMessage}}),
		words: `The device answered with an error (HTTP 500). ${internalMessage}`,
	},
	{
		name: 'malformed JSON or a contract violation (invalid-response)',
		error: () => deviceError('invalid-response', {status: 200}),
		words: 'The device sent an answer this tool does not understand. Check the versions of the device and this tool.',
	},
];

const retrying = 'Retrying automatically.';

describe('a failing poll on the settings screens', () => {
	for (const fault of faults) {
		test(`Microsoft, ${fault.name}: words, the last state kept, recovery by itself`, async () => {
			const started = await start({state: fixtures.checking});
			await openMicrosoft(started);
			await started.r.waitForText('Checking…');
			for (let index = 0; index < 3; index++) {
				started.client.failNext('getMicrosoft', fault.error());
			}

			const failing = await waitForWords(started, `${fault.words} ${retrying}`);
			expectNoStack(failing);
			expect(failing).toContain('Checking…');
			started.client.state = fixtures.active;
			const recovered = await started.r.waitForText('Active');
			expect(recovered).not.toContain('Retrying');
		});

		test(`Google, ${fault.name}: words, the last state kept, recovery by itself`, async () => {
			const started = await start({google: fixtures.googleChecking});
			await openGoogle(started);
			await started.r.waitForText('Checking…');
			for (let index = 0; index < 3; index++) {
				started.client.failNext('getGoogle', fault.error());
			}

			const failing = await waitForWords(started, `${fault.words} ${retrying}`);
			expectNoStack(failing);
			expect(failing).toContain('Checking…');
			started.client.google = fixtures.googleActive;
			const recovered = await started.r.waitForText('Active');
			expect(recovered).not.toContain('Retrying');
		});
	}

	test('polling backs off while the device fails (each wait about twice the last), and returns to its pace after', async () => {
		const started = await start({state: fixtures.checking});
		const times: number[] = [];
		const read = started.client.getMicrosoft.bind(started.client);
		started.client.getMicrosoft = async options => {
			times.push(performance.now());
			return read(options);
		};

		await openMicrosoft(started);
		await started.r.waitForText('Checking…');
		const first = times.length;
		for (let index = 0; index < 4; index++) {
			started.client.failNext('getMicrosoft', deviceError('unreachable'));
		}

		await started.r.waitForText('Retrying');
		// 4 failures: waits of 40, 80, 160 and 320 ms (poll interval 20 ms) before the 5th read.
		await started.r.waitForFrame(frame => !frame.includes('Retrying'), 3000);
		const failed = times.slice(first, first + 5);
		const gaps = failed.slice(1).map((time, index) => time - failed[index]!);
		expect(gaps).toHaveLength(4);
		const expected = [40, 80, 160, 320];
		for (const [index, gap] of gaps.entries()) {
			expect(gap).toBeGreaterThanOrEqual(expected[index]! - 5);
		}

		// Working again: back to the normal pace while the device is checking.
		const after = times.length;
		await until(() => times.length - after >= 3, 'three more reads at the normal pace');
	});

	test('the first read fails with nothing pending: said in words, retried until the device answers, then no more polling', async () => {
		const started = await start({state: fixtures.declined});
		await logIn(started);
		started.client.failNext('getMicrosoft', deviceError('http', {status: 500, apiError: {error: 'internal', message: internalMessage}}));
		started.client.failNext('getMicrosoft', deviceError('http', {status: 500, apiError: {error: 'internal', message: internalMessage}}));
		await started.r.press(keys.enter);
		await started.r.waitForText(titles.en.settingsRegistration);
		await started.r.press(keys.enter);
		await started.r.waitForText(titles.en.sendSettings);
		await started.r.press('1');
		const failing = await waitForWords(started, `The device answered with an error (HTTP 500). ${internalMessage} ${retrying}`);
		expectNoStack(failing);
		const recovered = await started.r.waitForText('declined');
		expect(recovered).not.toContain('Retrying');
		expect(started.client.calls.getMicrosoft).toBe(3);
		await sleep(120);
		expect(started.client.calls.getMicrosoft).toBe(3);
	});

	test('the device restarts while the screen polls: unreachable, then the password prompt, then the screen again', async () => {
		const started = await start({state: fixtures.waiting});
		await openMicrosoft(started);
		await started.r.waitForText('F J 2 K 8 Q W X R');
		started.client.failNext('getMicrosoft', deviceError('unreachable'));
		started.client.failNext('getMicrosoft', deviceError('unreachable'));
		started.client.failNext('getMicrosoft', deviceError('session-expired', {status: 401}));
		await waitForWords(started, 'Cannot reach the device');
		await started.r.waitForText('Your session ended. Enter the password to continue.');
		await started.r.press(started.client.password, keys.enter);
		// The device answered the log-in: what was said about reaching it is old news.
		const back = await started.r.waitForText('F J 2 K 8 Q W X R');
		expect(back).not.toContain('Retrying');
		expect(back).toContain(titles.en.microsoft);
	});
});

/** The endpoint field's line in the Microsoft edit screen (the one after its label). */
function endpointLine(frame: string): string {
	const lines = frame.split('\n');
	const label = lines.findIndex(line => line.includes('Microsoft Entra ID Authorization Server Endpoint'));
	return (lines[label + 1] ?? '').trimEnd();
}

const consumers = 'https://login.microsoftonline.com/consumers/oauth2/v2.0';

describe('a failing save in Edit Basic Settings', () => {
	for (const fault of faults) {
		test(`Microsoft, ${fault.name}: words under the form, the typed value kept, nothing saved; OK again saves`, async () => {
			const started = await start({state: fixtures.waiting});
			await openEdit(started);
			await started.r.press(keys.down, keys.down, keys.down, keys.ctrlU, consumers, keys.tab, keys.tab);
			started.client.failNext('saveMicrosoftBasic', fault.error());
			await started.r.press(keys.enter);
			const failed = await waitForWords(started, fault.words);
			expectNoStack(failed);
			expect(endpointLine(failed)).toBe(`  ${consumers}`);
			expect(failed).toContain('›[ OK ]');
			expect(started.client.saved).toEqual([]);
			expect(started.client.state).toEqual(fixtures.waiting);
			await started.r.press(keys.enter);
			await started.r.waitForText(titles.en.microsoft);
			expect(started.client.saved).toEqual([{...fixtures.waiting.settings, endpoint: consumers}]);
		});

		test(`Google, ${fault.name}: words under the form, nothing saved; OK again saves`, async () => {
			const started = await start({google: fixtures.googleWaiting});
			await openGoogleEdit(started);
			await started.r.press(keys.space, keys.shiftTab, keys.shiftTab);
			started.client.failNext('saveGoogleBasic', fault.error());
			await started.r.press(keys.enter);
			const failed = await waitForWords(started, fault.words);
			expectNoStack(failed);
			expect(failed).toContain('  [ ] Use OAuth 2.0 (Google)');
			expect(started.client.savedGoogle).toEqual([]);
			expect(started.client.google).toEqual(fixtures.googleWaiting);
			await started.r.press(keys.enter);
			await started.r.waitForText(titles.en.google);
			expect(started.client.savedGoogle.map(saved => saved.enabled)).toEqual([false]);
		});
	}

	test('the session ends while saving and the re-login is locked (423): time left counts down, then the form is kept and saves', async () => {
		const started = await start({state: fixtures.waiting});
		await openEdit(started);
		await started.r.press(keys.down, keys.down, keys.down, keys.ctrlU, consumers, keys.tab, keys.tab);
		started.client.failNext('saveMicrosoftBasic', deviceError('session-expired', {status: 401}));
		await started.r.press(keys.enter);
		await started.r.waitForText('Your session ended. Enter the password to continue.');
		started.client.failNext('login', deviceError('locked', {status: 423, retryAfterSeconds: 60}));
		await started.r.press('wrong', keys.enter);
		await started.r.waitForText('Try again in 01:00');
		started.clock.advance(1000);
		const counting = await started.r.waitForText('Try again in 00:59');
		expectNoStack(counting);
		started.clock.advance(60_000);
		await started.r.waitForText('The lock has ended');
		await started.r.press(started.client.password, keys.enter);
		const form = await started.r.waitForText('Not saved: your session ended. Press OK again to save.');
		expect(endpointLine(form)).toBe(`  ${consumers}`);
		expect(started.client.saved).toEqual([]);
		await started.r.press(keys.enter);
		await started.r.waitForText(titles.en.microsoft);
		expect(started.client.saved).toEqual([{...fixtures.waiting.settings, endpoint: consumers}]);
	});

	test('a 412 when saving the same value again after a lost answer: said, r reloads, nothing overwritten', async () => {
		// The device saved, but its answer was lost (timeout); the next save meets a new ETag.
		const started = await start({state: fixtures.waiting});
		await openEdit(started);
		await started.r.press(keys.down, keys.down, keys.down, keys.ctrlU, consumers, keys.tab, keys.tab);
		const saved: MicrosoftState = {...fixtures.waiting, settings: {...fixtures.waiting.settings, endpoint: consumers}};
		started.client.failNext('saveMicrosoftBasic', deviceError('timeout'));
		await started.r.press(keys.enter);
		await waitForWords(started, 'did not answer in time');
		started.client.state = saved;
		started.client.failNext('saveMicrosoftBasic', deviceError('conflict', {status: 412}));
		await started.r.press(keys.enter);
		await started.r.waitForText('Changed elsewhere: press r to reload (your edits are discarded) or Esc.');
		expect(started.client.saved).toEqual([]);
		await started.r.press('r');
		const reloaded = await started.r.waitForFrame(frame => !frame.includes('Changed elsewhere') && frame.includes('[consumers]'));
		expect(endpointLine(reloaded)).toContain('/consumers/');
		expect(started.client.saved).toEqual([]);
	});
});
