/**
Which device a scripted command talks to, as the TUI decides it: --device, else the saved
deviceUrl, else (or with --emulator) the built-in emulated device, offline, started for the
command and stopped after it.
*/
import type {Preferences} from '../config.js';
import {defaultStateDirectory} from '../paths.js';
import type {Common} from './options.js';

export type OpenDevice = {url: string; builtIn: boolean; close(): Promise<void>};

export async function openDevice(common: Common, preferences: Preferences): Promise<OpenDevice> {
	const url = common.emulator ? undefined : common.device ?? preferences.deviceUrl;
	if (url !== undefined) {
		return {url, builtIn: false, async close() {}};
	}

	const {startBuiltInDevice} = await import('../emulator-command.js');
	const device = await startBuiltInDevice({stateDir: common.stateDir ?? defaultStateDirectory()});
	return {url: device.url, builtIn: true, close: device.close};
}
