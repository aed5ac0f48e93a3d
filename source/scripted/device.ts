/**
Which device a scripted command talks to, as the TUI decides it: --device, else the saved
deviceUrl, else (or with --emulator) the built-in emulated device, offline, started for the
command and stopped after it. For an https device, which certificate it trusts: the one of
--device-fingerprint, else the saved pin of its origin, and whatever the system's CAs or --ca
vouch for. Nothing is trusted on first use: a script names the certificate it expects.
*/
import {readFileSync} from 'node:fs';
import type {Preferences} from '../config/config.js';
import {pinKey} from '../device/device-fingerprint.js';
import type {TrustOptions} from '../device/device-trust.js';
import type {Messages} from '../i18n/index.js';
import {usageFailure} from './failure.js';
import {defaultStateDirectory} from '../config/paths.js';
import type {Common} from './options.js';

export type OpenDevice = {url: string; builtIn: boolean; close(): Promise<void>};

export async function openDevice(common: Common, preferences: Preferences): Promise<OpenDevice> {
	const url = common.emulator ? undefined : common.device ?? preferences.deviceUrl;
	if (url !== undefined) {
		return {url, builtIn: false, async close() {}};
	}

	const {startBuiltInDevice} = await import('../cli/emulator-command.js');
	const device = await startBuiltInDevice({stateDir: common.stateDir ?? defaultStateDirectory()});
	return {url: device.url, builtIn: true, close: device.close};
}

/** The trust for an https device at `url` (undefined for http): --device-fingerprint over a saved pin, and --ca. */
export function deviceTrust(common: Common, preferences: Preferences, url: string, messages: Messages): TrustOptions | undefined {
	if (!/^https:/i.test(url)) {
		return undefined;
	}

	let ca: string | undefined;
	if (common.ca !== undefined) {
		try {
			ca = readFileSync(common.ca, 'utf8');
		} catch {
			// Said below.
		}

		if (!ca?.includes('-----BEGIN CERTIFICATE-----')) {
			throw usageFailure(messages.scripted.usage.badCa(common.ca));
		}
	}

	let pin = common.deviceFingerprint;
	if (pin === undefined) {
		try {
			pin = preferences.pins?.[pinKey(url)];
		} catch {
			pin = undefined;
		}
	}

	return {...(ca === undefined ? {} : {ca}), ...(pin === undefined ? {} : {pin})};
}
