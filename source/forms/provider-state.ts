/**
How the app reads and changes each provider's OAuth 2.0 state on the device (Microsoft,
Google), and the pace of polling it: long polls of `longPollSeconds`, and after a failed read
a delay that doubles up to `maxBackoffMs`. hooks/use-provider-state.ts keeps the state fresh.
*/
import {isPending, type GoogleState, type MicrosoftState} from '../device/contract-values.js';
import type {DeviceClient, ReadOptions, TokenReset} from '../device/device-client.js';

export const maxBackoffMs = 30_000;
/** How long a poll asks the device to hold its answer while nothing changes. */
export const longPollSeconds = 25;

/** How to read and change one provider's state. */
export type Provider<State> = {
	read(client: DeviceClient, options?: ReadOptions): Promise<State>;
	refresh(client: DeviceClient): Promise<State>;
	reset(client: DeviceClient): Promise<TokenReset<State>>;
	/** True while the device may change the state by itself, so it is polled. */
	pending(state: State): boolean;
};

export const microsoftProvider: Provider<MicrosoftState> = {
	read: async (client, options) => client.getMicrosoft(options),
	refresh: async client => client.refreshMicrosoft(),
	reset: async client => client.resetMicrosoftToken(),
	// Checking, or waiting for the sign-in on a phone (the device polls Entra ID).
	pending: isPending,
};

export const googleProvider: Provider<GoogleState> = {
	read: async (client, options) => client.getGoogle(options),
	refresh: async client => client.refreshGoogle(),
	reset: async client => client.resetGoogleToken(),
	// Only the check: "waiting" means waiting for the engineer to paste a code.
	pending: state => state.connection.status === 'checking',
};

export function backoffDelay(pollIntervalMs: number, failures: number): number {
	return Math.min(maxBackoffMs, pollIntervalMs * 2 ** Math.max(1, failures));
}
