/**
The Device Certificate screen over Log In, for an https device whose certificate is not
trusted yet: what it shows (ja and en, 80x24 and 60x20), that the password goes to the device
only after the engineer trusted the certificate, that "no" sends nothing, that a changed,
expired or misnamed certificate is refused, and each certificate message on Log In.
The certificate is read by an injected `inspect` (no network).
*/
import {describe, expect, it, test} from 'vitest';
import type {CertificateProblem, DeviceCertificate} from '../../source/device/device-error.js';
import {DeviceError} from '../../source/device/device-error.js';
import type {CertificateCheck} from '../../source/device/device-trust.js';
import {createDeviceTrust, type DeviceTrust} from '../../source/hooks/use-device-certificate.js';
import {languages, messagesFor, type Language} from '../../source/i18n/index.js';
import {appStarter, titles, type Started} from './support/app-driver.js';
import {deviceError, FakeDeviceClient} from '../support/fake-device-client.js';
import {notChecked} from './support/fixtures.js';
import {expectFits, keys} from '../support/render.js';

const start = appStarter();
const deviceUrl = 'https://192.0.2.10/api/v1';
const origin = 'https://192.0.2.10:443';

const presented: DeviceCertificate = {
	fingerprint: 'SHA256:LiWOd5xtK7wzUSrHALQAWSuhc2/dVWeu3tiDwdItv3E',
	fingerprintHex: '2E:25:8E:77:9C:6D:2B:BC:33:51:2A:C7:00:B4:00:59:2B:A1:73:6F:DD:55:67:AE:DE:D8:83:C1:D2:2D:BF:71',
	subject: 'MF-Printer 4F',
	altNames: ['printer.example', '192.0.2.10'],
	issuer: 'MF-Printer 4F',
	selfSigned: true,
	validFrom: '2026-01-05T00:00:00.000Z',
	validTo: '2036-01-03T00:00:00.000Z',
};
const pinned = 'SHA256:cJCEvsLXIeTPZjiCtTxhKR/Fyq7NJkTPmdPMd5Lqf7I';

function untrusted(problem: CertificateProblem, certificate: DeviceCertificate = presented): CertificateCheck {
	return {
		trusted: false,
		problem,
		presented: certificate,
		certificate,
		origin,
		...(problem === 'pin-mismatch' ? {pinned} : {}),
	};
}

const checks: Record<CertificateProblem, CertificateCheck> = {
	'self-signed': untrusted('self-signed'),
	'unknown-issuer': untrusted('unknown-issuer', {...presented, selfSigned: false, issuer: 'Office Printers CA'}),
	'pin-mismatch': untrusted('pin-mismatch'),
	expired: untrusted('expired', {...presented, validFrom: '2016-01-05T00:00:00.000Z', validTo: '2021-01-03T00:00:00.000Z'}),
	'name-mismatch': untrusted('name-mismatch', {...presented, selfSigned: false, issuer: 'Office Printers CA', altNames: ['other-printer.example']}),
};

type Setup = Started & {trust: DeviceTrust; saved: Array<[string, string]>; inspected: string[]};

async function startWith(check: CertificateCheck | (() => Promise<CertificateCheck>), options: {language?: Language; columns?: number; rows?: number; url?: string} = {}): Promise<Setup> {
	const saved: Array<[string, string]> = [];
	const inspected: string[] = [];
	const trust = createDeviceTrust({
		save(url, fingerprint) {
			saved.push([url, fingerprint]);
		},
		async inspect(url) {
			inspected.push(url);
			return typeof check === 'function' ? check() : check;
		},
	});
	const client = new FakeDeviceClient(notChecked, {baseUrl: options.url ?? deviceUrl});
	const started = await start({
		client,
		language: options.language ?? 'en',
		columns: options.columns ?? 80,
		rows: options.rows ?? 24,
		props: {trust},
	});
	return {...started, trust, saved, inspected};
}

/** Types the password and presses Enter on Log In; the certificate is read before anything is sent. */
async function submitPassword(setup: Setup): Promise<void> {
	await setup.r.press(setup.client.password, keys.enter);
}

async function certificateScreen(setup: Setup, language: Language = 'en'): Promise<string> {
	await submitPassword(setup);
	return setup.r.waitForText(messagesFor(language).deviceCertificate.title);
}

function fitsAndMatches(frame: string, size: {columns: number; rows: number}): void {
	expectFits(frame, size);
	expect(frame).toMatchSnapshot();
}

const sizes = [{columns: 80, rows: 24}, {columns: 60, rows: 20}] as const;

describe('snapshots', () => {
	for (const language of languages) {
		for (const size of sizes) {
			for (const problem of Object.keys(checks) as CertificateProblem[]) {
				test(`${problem} screen, ${language}, ${size.columns}x${size.rows}`, async () => {
					const setup = await startWith(checks[problem], {language, ...size});
					const frame = await certificateScreen(setup, language);
					// What must be there whatever the size: the fingerprint to compare, and the way out.
					expect(frame).toContain(presented.fingerprint);
					expect(frame).toContain(presented.fingerprintHex.slice(0, 23));
					if (problem === 'pin-mismatch') {
						expect(frame).toContain(pinned);
						expect(frame).toContain(`cloudmail-setup config unpin ${origin}`);
					}

					fitsAndMatches(frame, size);
				});

				test(`${problem}: the message on Log In afterwards, ${language}, ${size.columns}x${size.rows}`, async () => {
					const setup = await startWith(checks[problem], {language, ...size});
					await certificateScreen(setup, language);
					await setup.r.press(keys.escape);
					const frame = await setup.r.waitForFrame(text => !text.includes(messagesFor(language).deviceCertificate.title) && text.includes(messagesFor(language).screens.login));
					expect(setup.client.loginAttempts).toEqual([]);
					fitsAndMatches(frame, size);
				});
			}

			test(`redirect message on Log In, ${language}, ${size.columns}x${size.rows}`, async () => {
				const setup = await startWith(checks['self-signed'], {language, ...size, url: 'http://127.0.0.1:8480/api/v1'});
				setup.client.failNext('login', deviceError('redirect', {status: 307, redirectOrigin: 'http://198.51.100.7:8080'}));
				await submitPassword(setup);
				const frame = await setup.r.waitForText('198.51.100.7');
				expect(setup.inspected).toEqual([]);
				fitsAndMatches(frame, size);
			});
		}
	}
});

describe('behaviour', () => {
	it('y: the fingerprint is pinned (and saved), then the password is sent and the Portal opens', async () => {
		const setup = await startWith(checks['self-signed']);
		await certificateScreen(setup);
		expect(setup.client.loginAttempts).toEqual([]);
		await setup.r.press('y');
		await setup.r.waitForText(titles.en.portal);
		expect(setup.client.loginAttempts).toHaveLength(1);
		expect(setup.saved).toEqual([[deviceUrl, presented.fingerprint]]);
		expect(setup.trust.pinFor(deviceUrl)).toBe(presented.fingerprint);
		expect(setup.trust.clientTrust(deviceUrl).pin).toBeTypeOf('function');
	});

	it('n: back to Log In, nothing sent, nothing pinned; Enter asks again', async () => {
		const setup = await startWith(checks['self-signed']);
		await certificateScreen(setup);
		await setup.r.press('n');
		await setup.r.waitForText('You did not trust');
		expect(setup.client.loginAttempts).toEqual([]);
		expect(setup.saved).toEqual([]);
		expect(setup.trust.pinFor(deviceUrl)).toBeUndefined();
		await setup.r.press(keys.enter);
		await setup.r.waitForText('Device Certificate');
		expect(setup.inspected).toHaveLength(2);
	});

	it('Enter alone does not trust ("No" has the focus); → then Enter trusts', async () => {
		const setup = await startWith(checks['self-signed']);
		await certificateScreen(setup);
		await setup.r.press(keys.enter);
		await setup.r.waitForText('You did not trust');
		expect(setup.client.loginAttempts).toEqual([]);
		await setup.r.press(keys.enter);
		await setup.r.waitForText('Device Certificate');
		await setup.r.press(keys.left, keys.enter);
		await setup.r.waitForText(titles.en.portal);
		expect(setup.saved).toHaveLength(1);
	});

	it('a changed certificate is refused: y does nothing, Enter goes back, nothing is sent or pinned', async () => {
		const setup = await startWith(checks['pin-mismatch']);
		const frame = await certificateScreen(setup);
		expect(frame).toContain('WARNING: THE DEVICE CERTIFICATE HAS CHANGED');
		await setup.r.press('y');
		expect(setup.r.visibleFrame()).toContain('WARNING');
		await setup.r.press(keys.enter);
		await setup.r.waitForText('has CHANGED since it was trusted');
		expect(setup.client.loginAttempts).toEqual([]);
		expect(setup.saved).toEqual([]);
	});

	it('a certificate already trusted (pinned or by a CA): no screen, the log-in goes on', async () => {
		const setup = await startWith({trusted: true, by: 'pin', certificate: presented, origin});
		await submitPassword(setup);
		await setup.r.waitForText(titles.en.portal);
		expect(setup.inspected).toEqual([deviceUrl]);
		expect(setup.r.stdout.frames.some(frame => frame.includes('Device Certificate'))).toBe(false);
	});

	it('plain HTTP (loopback): no certificate to read', async () => {
		const setup = await startWith(checks['self-signed'], {url: 'http://127.0.0.1:8480/api/v1'});
		await submitPassword(setup);
		await setup.r.waitForText(titles.en.portal);
		expect(setup.inspected).toEqual([]);
	});

	it('a device that cannot be reached: "cannot reach" on Log In, nothing sent', async () => {
		const setup = await startWith(async () => {
			throw new DeviceError('unreachable', 'Cannot reach', {url: deviceUrl});
		});
		await submitPassword(setup);
		await setup.r.waitForText('Cannot reach the device');
		expect(setup.client.loginAttempts).toEqual([]);
	});

	it('q on the certificate screen quits', async () => {
		const setup = await startWith(checks['self-signed']);
		await certificateScreen(setup);
		await setup.r.press('q');
		await setup.r.waitForFrame(() => setup.exits.count === 1);
		expect(setup.client.loginAttempts).toEqual([]);
	});

	it('text from the certificate is drawn without its control sequences', async () => {
		const hostile = {...presented, subject: 'Evil\u001B[2J\u001B]52;c;ZXZpbA==\u0007 Printer', altNames: ['a\u001B[31m.example']};
		const setup = await startWith(untrusted('self-signed', hostile));
		await certificateScreen(setup);
		const raw = setup.r.lastFrame();
		expect(raw).not.toContain('\u001B[2J');
		expect(raw).not.toContain('\u001B]52');
		expect(raw).not.toContain('\u001B[31m');
	});
});
