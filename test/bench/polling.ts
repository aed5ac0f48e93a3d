/**
What the TUI asks of the device while the engineer does nothing (counted by the emulator), and
how soon an approval at the identity provider shows as "Active": one logged-in TUI walks the
manual's path, is measured idle at each stop, and signs in `approvals` times.
*/
import type {BenchDevice, RequestCount} from './device.js';
import {measureMenuLatency} from './menus.js';
import {sleep} from './pane.js';
import {active, BenchTui} from './tui.js';

export const approvalWatchGapMs = 10;

export type SessionOptions = {
	cliPath: string;
	pollIntervalSeconds: number;
	windowSeconds: number;
	menuPresses: number;
	approvals: number;
};

export type SessionResult = {
	menuLatencyMs: number[];
	idleOnMenu: RequestCount;
	idleOnSettings: RequestCount;
	waitingForAuthorization: RequestCount;
	idleWhileActive: RequestCount;
	approvalToActiveMs: number[];
	/** VmHWM of the TUI at the end: everything above, from log-in to Active. */
	peakRssKib: number;
};

export async function measureSession(device: BenchDevice, options: SessionOptions): Promise<SessionResult> {
	const pollMs = options.pollIntervalSeconds * 1000;
	const windowMs = options.windowSeconds * 1000;
	const tui = new BenchTui({cliPath: options.cliPath, deviceUrl: device.url, pollIntervalSeconds: options.pollIntervalSeconds});
	// Each window starts once the screen has settled: its first read (and any poll it started) is over.
	const idle = async (): Promise<RequestCount> => {
		await sleep(2 * pollMs);
		return device.count(async () => sleep(windowMs));
	};

	try {
		await tui.start();
		await tui.logIn();
		const idleOnMenu = await idle();
		const half = Math.ceil(options.menuPresses / 4) * 2;
		const menuLatencyMs = await measureMenuLatency(tui.pane, half);
		await tui.openSendSettings();
		menuLatencyMs.push(...await measureMenuLatency(tui.pane, options.menuPresses - half));

		await tui.openMicrosoftSettings();
		const idleOnSettings = await idle();

		let code = await tui.enableMicrosoft();
		await sleep(pollMs);
		// The TUI long-polls while it waits (the device holds each request up to
		// longPollSeconds): a window shorter than that could count nothing at all.
		const waitingForAuthorization = await device.count(async () => sleep(Math.max(windowMs, 60_000)));

		const approvalToActiveMs: number[] = [];
		for (let approval = 0; approval < options.approvals; approval++) {
			if (approval > 0) {
				code = await tui.startOver(code);
			}

			// At a random moment relative to both the device's and the TUI's polls.
			await sleep(Math.random() * pollMs);
			const approved = performance.now();
			const status = await device.approve(code);
			if (status !== 200) {
				throw new Error(`The identity provider answered ${status} to the approval.`);
			}

			// A short pause between reads leaves the CPU to the device and the TUI; it is far below the budget.
			const {elapsedMs} = await tui.pane.watch(screen => active.test(screen), approved, 'Token Status Active', {timeoutMs: 30_000, gapMs: approvalWatchGapMs});
			approvalToActiveMs.push(elapsedMs);
		}

		const idleWhileActive = await idle();
		const peakRssKib = tui.pane.peakRssKib() ?? Number.NaN;
		await tui.quit();
		return {menuLatencyMs, idleOnMenu, idleOnSettings, waitingForAuthorization, idleWhileActive, approvalToActiveMs, peakRssKib};
	} finally {
		await tui.close();
	}
}
