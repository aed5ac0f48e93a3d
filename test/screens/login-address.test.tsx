/**
The device address on Log In (System Manager Mode), in English and Japanese, at 80x24 and 60x20:
shown as a field and changed there (kept by the app, and handed on to be saved, only after a
log-in succeeded), refused in words when it is not an address (credentials never drawn), plain
HTTP to a network address warned about and sent only after the engineer's consent, and the
password kept when the device cannot be reached (only a wrong password clears it).
The devices are in memory: nothing is sent anywhere.
*/
import {describe, expect, it} from 'vitest';
import type {DeviceAddress} from '../../source/device/device-address.js';
import {en} from '../../source/i18n/en.js';
import {ja} from '../../source/i18n/ja.js';
import {deviceError, FakeDeviceClient} from '../support/fake-device-client.js';
import {expectFits, keys} from '../support/render.js';
import {appStarter, titles, type Started} from './support/app-driver.js';
import {notChecked} from './support/fixtures.js';

const start = appStarter();
const tables = {en, ja} as const;

/** Wrapped lines read as the text they are, in either language. */
function squash(text: string): string {
	return text.replaceAll(/\s+/g, '');
}

/** Devices made for addresses typed on Log In, and the addresses the app was told to keep. */
function connector(prepare: (client: FakeDeviceClient) => void = () => {}) {
	const made: FakeDeviceClient[] = [];
	const kept: string[] = [];
	return {
		made,
		kept,
		props: {
			connect(address: DeviceAddress) {
				const client = new FakeDeviceClient(notChecked, {baseUrl: address.url});
				prepare(client);
				made.push(client);
				return client;
			},
			onConnected(_client: unknown, address: DeviceAddress) {
				kept.push(address.url);
			},
		},
	};
}

/** The line of a labelled field: the label, then its value. */
function fieldLine(frame: string, label: string): string {
	return frame.split('\n').find(line => line.includes(label)) ?? '';
}

async function focusDevice(started: Started & {language: 'en' | 'ja'}): Promise<void> {
	// From the password field (where Log In starts): ↑ to User Name, ↑ to Device.
	await started.r.press(keys.up, keys.up);
	await started.r.waitForFrame(frame => fieldLine(frame, started.language === 'ja' ? ja.login.device : en.login.device).startsWith('›'));
}

type Size = {language: 'en' | 'ja'; columns: number; rows: number};
const sizes: Size[] = [
	{language: 'en', columns: 80, rows: 24},
	{language: 'ja', columns: 80, rows: 24},
	{language: 'en', columns: 60, rows: 20},
	{language: 'ja', columns: 60, rows: 20},
];

describe.each(sizes)('Log In, $language at $columns x $rows', ({language, columns, rows}) => {
	const words = tables[language];
	const fits = (frame: string) => {
		expectFits(frame, {columns, rows});
		return frame;
	};

	const startAt = async (client: FakeDeviceClient, props: Record<string, unknown> = {}): Promise<Started & {language: 'en' | 'ja'}> => {
		const started = await start({client, language, columns, rows, props});
		return Object.assign(started, {language});
	};

	it('shows the device address as a field, as an engineer writes it', async () => {
		const client = new FakeDeviceClient(notChecked, {baseUrl: 'https://printer.local/api/v1'});
		const {r} = await startAt(client, connector().props);
		const frame = fits(await r.waitForText(words.login.password));
		expect(fieldLine(frame, words.login.device)).toMatch(new RegExp(`^ {2}${words.login.device}\\s+https://printer\\.local\\s*$`));
		// Log In starts on the password; no warning for HTTPS.
		expect(fieldLine(frame, words.login.password).startsWith('›')).toBe(true);
		expect(squash(frame)).not.toContain(squash(words.deviceAddress.sendUnencrypted));
	});

	it('changes the address there: the log-in goes to it, and it is kept only after the log-in succeeded', async () => {
		const devices = connector();
		const client = new FakeDeviceClient(notChecked, {baseUrl: 'https://printer.local/api/v1'});
		const started = await startAt(client, devices.props);
		const {r} = started;
		await focusDevice(started);
		// q in a field is text, not quit.
		await r.press(keys.ctrlU, 'printer-q7.local:8443');
		await r.waitForFrame(frame => fieldLine(frame, words.login.device).includes('printer-q7.local:8443'));
		await r.press(keys.enter, keys.enter, 'wrong', keys.enter);
		fits(await r.waitForText(words.deviceErrors.invalidCredentials));
		expect(devices.made.map(made => made.baseUrl)).toEqual(['https://printer-q7.local:8443/api/v1']);
		expect(devices.kept).toEqual([]);
		expect(started.exits.count).toBe(0);

		await r.press(client.password, keys.enter);
		await r.waitForText(titles[language].portal);
		expect(devices.made).toHaveLength(2);
		expect(devices.made[1]!.loggedIn).toBe(true);
		expect(devices.kept).toEqual(['https://printer-q7.local:8443/api/v1']);
		expect(client.calls.login).toBe(0);
		if (columns >= 80) {
			// The Portal names the device in use (cut short on narrower terminals).
			expect(r.visibleFrame()).toContain('https://printer-q7.local:8443/api/v1');
		}

		// Log Out: Log In shows the address in use now.
		await r.press('2');
		const again = await r.waitForText(words.login.password);
		expect(fieldLine(again, words.login.device)).toContain('https://printer-q7.local:8443');
		expect(devices.made[1]!.calls.logout).toBe(1);
	});

	it('refuses what is not an address, in words under the field, and sends nothing', async () => {
		const devices = connector();
		const started = await startAt(new FakeDeviceClient(notChecked), devices.props);
		const {r} = started;
		await focusDevice(started);
		await r.press(keys.ctrlU, '192.168.1', keys.enter, keys.enter, 'correct horse', keys.enter);
		const frame = fits(await r.waitForFrame(screen => squash(screen).includes(squash(words.deviceAddress.problems.host))));
		expect(fieldLine(frame, words.login.device).startsWith('›')).toBe(true);
		expect(devices.made).toEqual([]);
		// The password typed is kept for the next try.
		expect(fieldLine(frame, words.login.password)).toContain('•'.repeat('correct horse'.length));
	});

	it('refuses a user name and password in the address without ever drawing them', async () => {
		const devices = connector();
		const started = await startAt(new FakeDeviceClient(notChecked), devices.props);
		const {r} = started;
		await focusDevice(started);
		const from = r.stdout.frames.length;
		await r.press(keys.ctrlU, 'http://admin:S3cret-pw@192.0.2.10/api/v1');
		await r.waitForFrame(frame => fieldLine(frame, words.login.device).includes('@192.0.2.10'));
		await r.press(keys.down, keys.down, 'correct horse', keys.enter);
		fits(await r.waitForFrame(screen => squash(screen).includes(squash(words.deviceAddress.problems.credentials))));
		const drawn = r.stdout.frames.slice(from).join('');
		expect(drawn).not.toContain('S3cret');
		expect(drawn).not.toContain('admin');
		expect(devices.made).toEqual([]);
	});

	it('plain HTTP to a network address: a warning, and the password goes only after the consent', async () => {
		const devices = connector();
		const started = await startAt(new FakeDeviceClient(notChecked), devices.props);
		const {r} = started;
		await focusDevice(started);
		await r.press(keys.ctrlU, 'http://192.0.2.10');
		const warned = fits(await r.waitForFrame(frame => squash(frame).includes(squash(words.deviceAddress.plainHttp('192.0.2.10')))));
		expect(warned).toContain(`[ ] ${words.deviceAddress.sendUnencrypted}`);
		expect(warned).toContain(`Space ${words.keys.toggle}`);

		// Log In without the consent: nothing is sent, the checkbox gets the focus and says why.
		await r.press(keys.enter, keys.enter, 'correct horse', keys.enter);
		const asked = fits(await r.waitForFrame(frame => squash(frame).includes(squash(words.deviceAddress.confirmFirst))));
		expect(fieldLine(asked, words.deviceAddress.sendUnencrypted).startsWith('›')).toBe(true);
		expect(devices.made).toEqual([]);

		await r.press(keys.space);
		await r.waitForText(`[x] ${words.deviceAddress.sendUnencrypted}`);
		await r.press(keys.enter);
		await r.waitForText(titles[language].portal);
		expect(devices.made.map(made => made.baseUrl)).toEqual(['http://192.0.2.10/api/v1']);
		expect(devices.kept).toEqual(['http://192.0.2.10/api/v1']);
	});

	it('the password is kept when the device cannot be reached or does not answer; Enter tries again', async () => {
		const client = new FakeDeviceClient(notChecked, {baseUrl: 'https://printer.local/api/v1'});
		client.failNext('login', deviceError('unreachable')).failNext('login', deviceError('timeout'));
		const {r} = await startAt(client, connector().props);
		await r.press(client.password, keys.enter);
		const unreachable = fits(await r.waitForFrame(frame => squash(frame).includes(squash(words.deviceErrors.unreachable('https://printer.local/api/v1')))));
		expect(squash(unreachable)).toContain(squash(words.deviceAddress.checkAddress));
		expect(fieldLine(unreachable, words.login.password)).toContain('•'.repeat(client.password.length));

		await r.press(keys.enter);
		const timeout = fits(await r.waitForFrame(frame => squash(frame).includes(squash(words.deviceErrors.timeout('https://printer.local/api/v1')))));
		expect(fieldLine(timeout, words.login.password)).toContain('•'.repeat(client.password.length));

		await r.press(keys.enter);
		await r.waitForText(titles[language].portal);
		expect(client.calls.login).toBe(3);
	});
});

describe('Log In, the address given at start (--device or the saved preference)', () => {
	it.each([true, false])('plain HTTP to a network address asks for the consent (address editable: %s)', async editable => {
		const client = new FakeDeviceClient(notChecked, {baseUrl: 'http://192.0.2.10/api/v1'});
		const {r} = await start({client, props: editable ? connector().props : {}});
		const frame = await r.waitForFrame(screen => squash(screen).includes(squash(en.deviceAddress.plainHttp('192.0.2.10'))));
		expect(frame).toContain(`[ ] ${en.deviceAddress.sendUnencrypted}`);
		await r.press(client.password, keys.enter);
		await r.waitForFrame(screen => squash(screen).includes(squash(en.deviceAddress.confirmFirst)));
		expect(client.calls.login).toBe(0);
		await r.press(keys.space, keys.enter);
		await r.waitForText(titles.en.portal);
		expect(client.calls.login).toBe(1);
	});

	it('loopback over plain HTTP needs no consent', async () => {
		const client = new FakeDeviceClient(notChecked, {baseUrl: 'http://127.0.0.1:8480/api/v1'});
		const {r} = await start({client, props: connector().props});
		const frame = await r.waitForText(en.login.password);
		expect(frame).not.toContain(en.deviceAddress.sendUnencrypted);
		await r.press(client.password, keys.enter);
		await r.waitForText(titles.en.portal);
	});

	it('a consent is for one address: editing the address takes it back', async () => {
		const devices = connector();
		const client = new FakeDeviceClient(notChecked, {baseUrl: 'http://192.0.2.10/api/v1'});
		const started = Object.assign(await start({client, props: devices.props}), {language: 'en' as const});
		const {r} = started;
		await r.press(keys.down, keys.space);
		await r.waitForText(`[x] ${en.deviceAddress.sendUnencrypted}`);
		await r.press(keys.up);
		await focusDevice(started);
		await r.press(keys.ctrlU, 'http://192.0.2.11');
		await r.waitForText(`[ ] ${en.deviceAddress.sendUnencrypted}`);
		await r.press(keys.enter, keys.enter, client.password, keys.enter);
		await r.waitForFrame(screen => squash(screen).includes(squash(en.deviceAddress.confirmFirst)));
		expect(devices.made).toEqual([]);
		expect(client.calls.login).toBe(0);
	});

	it('a wrong password still clears the field', async () => {
		const client = new FakeDeviceClient(notChecked, {baseUrl: 'https://printer.local/api/v1'});
		const {r} = await start({client, props: connector().props});
		await r.press('wrong', keys.enter);
		const frame = await r.waitForText(en.deviceErrors.invalidCredentials);
		expect(fieldLine(frame, en.login.password)).not.toContain('•');
	});
});
