/**
Edit Basic Settings when the answer to a save is lost (timeout, connection reset, a 5xx): the
form reads the device's settings again and says what the device holds — "Saved" when it holds
what was sent, "Not saved" (edits kept) when it holds the old settings, "Changed elsewhere" only
when it holds something else. When that read fails too, it says it is not known and r reads
again (after the password prompt, if the device restarted meanwhile). The device's own "not
saved" (507/500 `not_saved`: its storage refused the write) is said in words, edits kept.
Fake device: the save is carried out and then its answer is lost, or not carried out at all.
*/
import {describe, expect, test} from 'vitest';
import type {GoogleBasicSettingsRequest, GoogleState, MicrosoftBasicSettings} from '../../source/device/contract.js';
import type {DeviceError} from '../../source/device/device-error.js';
import {deviceError, fakeBaseUrl, type FakeDeviceClient} from '../support/fake-device-client.js';
import {keys} from '../support/render.js';
import {appStarter, openEdit, openGoogleEdit, titles, type Started} from './support/app-driver.js';
import * as fixtures from './support/fixtures.js';

const start = appStarter();

/** The frame as one line of text: wrapped notices read as the sentence they are. */
function flat(frame: string): string {
	return frame.replaceAll(/\s*\n\s*/g, ' ');
}

async function waitForWords(started: Started, words: string): Promise<string> {
	return started.r.waitForFrame(frame => flat(frame).includes(words));
}

function lineAfter(frame: string, label: string): string {
	const lines = frame.split('\n');
	return (lines[lines.findIndex(line => line.includes(label)) + 1] ?? '').trimEnd();
}

const consumers = 'https://login.microsoftonline.com/consumers/oauth2/v2.0';

/** The device carries the save out, then its answer is lost with `error`. */
function saveThenLoseAnswer(client: FakeDeviceClient, error: DeviceError): void {
	const save = client.saveMicrosoftBasic.bind(client);
	client.saveMicrosoftBasic = async (settings: MicrosoftBasicSettings) => {
		client.saveMicrosoftBasic = save;
		await save(settings);
		throw error;
	};
}

/** Opens Edit Basic Settings (Microsoft), types the consumers endpoint and moves to OK. */
async function editEndpoint(started: Started): Promise<void> {
	await openEdit(started);
	await started.r.press(keys.down, keys.down, keys.down, keys.ctrlU, consumers, keys.tab, keys.tab);
}

const lost: Array<{name: string; error: () => DeviceError; reason: string}> = [
	{name: 'a timeout', error: () => deviceError('timeout'), reason: `The device at ${fakeBaseUrl} did not answer in time. Try again.`},
	{name: 'the connection reset', error: () => deviceError('unreachable'), reason: `Cannot reach the device at ${fakeBaseUrl}. Check that it is on and connected to the network.`},
	{name: 'a 502 without a body', error: () => deviceError('http', {status: 502}), reason: 'The device answered with an error (HTTP 502).'},
];

describe('Microsoft: the answer to a save is lost', () => {
	for (const fault of lost) {
		test(`${fault.name}, the device holds what was sent: "Saved", not "not saved", not "changed elsewhere"`, async () => {
			const started = await start({state: fixtures.waiting});
			await editEndpoint(started);
			const reads = started.client.calls.getMicrosoft;
			saveThenLoseAnswer(started.client, fault.error());
			await started.r.press(keys.enter);
			const frame = await waitForWords(started, 'Saved. The device\'s answer was lost, but its settings are what you sent.');
			expect(started.client.calls.getMicrosoft).toBe(reads + 1);
			expect(frame).not.toContain('Not saved');
			expect(frame).not.toContain('Changed elsewhere');
			expect(started.client.saved).toEqual([{...fixtures.waiting.settings, endpoint: consumers}]);
			// Back: the settings page shows what the device holds.
			await started.r.press(keys.escape);
			const page = await started.r.waitForText(titles.en.microsoft);
			expect(page).toContain('/consumers/');
		});

		test(`${fault.name}, the device holds the old settings: "Not saved" with the reason, the edits kept; OK saves`, async () => {
			const started = await start({state: fixtures.waiting});
			await editEndpoint(started);
			started.client.failNext('saveMicrosoftBasic', fault.error());
			await started.r.press(keys.enter);
			const frame = await waitForWords(started, `Not saved: ${fault.reason} The device still has the settings as before; your edits are kept.`);
			expect(frame).not.toContain('Changed elsewhere');
			expect(lineAfter(frame, 'Microsoft Entra ID Authorization Server Endpoint')).toBe(`  ${consumers}`);
			expect(started.client.saved).toEqual([]);
			await started.r.press(keys.enter);
			await started.r.waitForText(titles.en.microsoft);
			expect(started.client.saved).toEqual([{...fixtures.waiting.settings, endpoint: consumers}]);
		});
	}

	test('ja: not known, then 保存されました after the re-read', async () => {
		const started = await start({state: fixtures.waiting, language: 'ja'});
		await openEdit(started, 'ja');
		await started.r.press(keys.down, keys.down, keys.down, keys.ctrlU, consumers, keys.tab, keys.tab);
		saveThenLoseAnswer(started.client, deviceError('timeout'));
		started.client.failNext('getMicrosoft', deviceError('timeout'));
		await started.r.press(keys.enter);
		const unknown = await started.r.waitForFrame(frame => flat(frame).replaceAll(' ', '').includes('保存されたかどうか分かりません'));
		expect(unknown).toContain('保存を確認');
		await started.r.press('r');
		const saved = await started.r.waitForFrame(frame => flat(frame).replaceAll(' ', '').includes('保存されました。本機からの応答は届きませんでしたが'));
		expect(saved).not.toContain('他の場所で変更されました');
	});

	test('the device holds something else: "Changed elsewhere", nothing overwritten', async () => {
		const started = await start({state: fixtures.waiting});
		await editEndpoint(started);
		started.client.failNext('saveMicrosoftBasic', deviceError('timeout'));
		started.client.state = {...fixtures.waiting, settings: {...fixtures.waiting.settings, verifyServerCertificate: false, addCnToVerification: false}};
		await started.r.press(keys.enter);
		await started.r.waitForText('Changed elsewhere: press r to reload');
		expect(started.client.saved).toEqual([]);
	});

	test('the re-read fails too: not known, edits kept; the device restarted, so r asks for the password, then "Saved"', async () => {
		const started = await start({state: fixtures.waiting});
		await editEndpoint(started);
		saveThenLoseAnswer(started.client, deviceError('unreachable'));
		started.client.failNext('getMicrosoft', deviceError('unreachable'));
		await started.r.press(keys.enter);
		const unknown = await waitForWords(started, 'Not known whether it was saved: Cannot reach the device');
		expect(flat(unknown)).toContain('Your edits are kept. Press r to check again.');
		expect(unknown).toContain('r Check if saved');
		expect(lineAfter(unknown, 'Microsoft Entra ID Authorization Server Endpoint')).toBe(`  ${consumers}`);
		// OK is not offered meanwhile: sending again could meet its own save as "changed elsewhere".
		await started.r.press(keys.enter);
		expect(started.client.calls.saveMicrosoftBasic).toBe(1);

		// The device came back after a restart: the session is gone.
		started.client.failNext('getMicrosoft', deviceError('session-expired', {status: 401}));
		await started.r.press('r');
		await started.r.waitForText('Your session ended. Enter the password to continue.');
		await started.r.press(started.client.password, keys.enter);
		const saved = await waitForWords(started, 'Saved. The device\'s answer was lost, but its settings are what you sent.');
		expect(saved).not.toContain('Not saved');
		expect(saved).not.toContain('Changed elsewhere');
		expect(started.client.calls.saveMicrosoftBasic).toBe(1);
	});
});

describe('the device says its storage refused the write (not_saved)', () => {
	const notSaved = (errno: string, status: number) => deviceError('http', {
		status,
		apiError: {error: 'not_saved', errno, message: `Not saved: whatever the device says (${errno}).`},
	});

	test('507 ENOSPC, en: in words, edits kept, no re-read needed; OK saves once fixed', async () => {
		const started = await start({state: fixtures.waiting});
		await editEndpoint(started);
		const reads = started.client.calls.getMicrosoft;
		started.client.failNext('saveMicrosoftBasic', notSaved('ENOSPC', 507));
		await started.r.press(keys.enter);
		const frame = await waitForWords(started, 'Not saved: the device\'s storage is full (ENOSPC). Nothing was changed on the device; your edits are kept.');
		expect(lineAfter(frame, 'Microsoft Entra ID Authorization Server Endpoint')).toBe(`  ${consumers}`);
		expect(started.client.calls.getMicrosoft).toBe(reads);
		await started.r.press(keys.enter);
		await started.r.waitForText(titles.en.microsoft);
		expect(started.client.saved).toEqual([{...fixtures.waiting.settings, endpoint: consumers}]);
	});

	test('500 EROFS, ja: in Japanese words', async () => {
		const started = await start({state: fixtures.waiting, language: 'ja'});
		await openEdit(started, 'ja');
		await started.r.press(keys.down, keys.down, keys.down, keys.ctrlU, consumers, keys.tab, keys.tab);
		started.client.failNext('saveMicrosoftBasic', notSaved('EROFS', 500));
		await started.r.press(keys.enter);
		const frame = await started.r.waitForFrame(text => flat(text).replaceAll(' ', '').includes('保存されませんでした:本機の記憶領域が読み取り専用になっています(EROFS)'));
		expect(frame).toContain(consumers);
	});
});

describe('Google: the answer to a save with a new client secret is lost', () => {
	const secret = 'GOCSPX-typed-secret-0123456789';
	const google: GoogleState = {...fixtures.googleWaiting, settings: {...fixtures.googleWaiting.settings, clientSecretRevision: 3}};

	/** The device counts the secrets written, as the emulator does. */
	function countingDevice(client: FakeDeviceClient): void {
		client.onSaveGoogle = (request: GoogleBasicSettingsRequest, state: GoogleState) => {
			const {clientSecret, ...settings} = request;
			const revision = state.settings.clientSecretRevision ?? 0;
			return {
				settings: {...settings, clientSecretSet: state.settings.clientSecretSet || Boolean(clientSecret), clientSecretRevision: clientSecret ? revision + 1 : revision},
				connection: {status: 'checking'},
				authorization: null,
				token: {status: 'not-authorized'},
			};
		};
	}

	async function typeSecret(started: Started): Promise<void> {
		await openGoogleEdit(started);
		await started.r.press(keys.tab, keys.tab, keys.tab, keys.tab, secret, keys.tab);
	}

	test('the device counted the secret (3 → 4): "Saved", the secret field emptied', async () => {
		const started = await start({google});
		countingDevice(started.client);
		await typeSecret(started);
		const save = started.client.saveGoogleBasic.bind(started.client);
		started.client.saveGoogleBasic = async request => {
			await save(request);
			throw deviceError('timeout');
		};

		await started.r.press(keys.enter);
		const frame = await waitForWords(started, 'Saved. The device\'s answer was lost, but its settings are what you sent.');
		expect(lineAfter(frame, 'Client Secret')).toBe('');
		expect(started.client.google.settings.clientSecretRevision).toBe(4);
		expect(frame).not.toContain(secret);
	});

	test('the count did not move: "Not saved", the typed secret kept; OK sends it', async () => {
		const started = await start({google});
		countingDevice(started.client);
		await typeSecret(started);
		started.client.failNext('saveGoogleBasic', deviceError('timeout'));
		await started.r.press(keys.enter);
		const frame = await waitForWords(started, 'Not saved: The device at');
		expect(lineAfter(frame, 'Client Secret')).toBe(`  ${'•'.repeat(secret.length)}`);
		await started.r.press(keys.enter);
		await started.r.waitForText(titles.en.google);
		expect(started.client.savedGoogle.map(saved => saved.clientSecret)).toEqual([secret]);
	});

	test('someone else wrote a secret meanwhile (3 → 5): "Changed elsewhere"', async () => {
		const started = await start({google});
		countingDevice(started.client);
		await typeSecret(started);
		started.client.failNext('saveGoogleBasic', deviceError('timeout'));
		started.client.google = {...google, settings: {...google.settings, clientSecretRevision: 5}};
		await started.r.press(keys.enter);
		await started.r.waitForText('Changed elsewhere');
	});

	test('a device that does not count its secrets: it cannot be told, so the form says so and keeps the secret', async () => {
		const started = await start({google: fixtures.googleWaiting});
		await typeSecret(started);
		started.client.failNext('saveGoogleBasic', deviceError('timeout'));
		await started.r.press(keys.enter);
		const frame = await waitForWords(started, 'cannot tell whether it took the client secret');
		expect(lineAfter(frame, 'Client Secret')).toBe(`  ${'•'.repeat(secret.length)}`);
	});
});
