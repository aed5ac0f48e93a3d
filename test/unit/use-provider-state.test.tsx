import {afterEach, describe, expect, test} from 'vitest';
import {Text} from 'ink';
import type {GoogleState, MicrosoftState} from '../../source/device/contract.js';
import type {DeviceError} from '../../source/device/device-error.js';
import {
	backoffDelay,
	googleProvider,
	maxBackoffMs,
	microsoftProvider,
	type Provider,
} from '../../source/forms/provider-state.js';
import {useProviderState, type MicrosoftStore} from '../../source/hooks/use-provider-state.js';
import {deviceError, FakeDeviceClient} from '../support/fake-device-client.js';
import * as fixtures from '../screens/support/fixtures.js';
import {renderAt, sleep, type Rendered} from '../support/render.js';
import {until} from '../support/until.js';

let rendered: Rendered | undefined;

function Harness({client, provider = microsoftProvider, active = true, pollIntervalMs, onSessionExpired = () => {}, expose}: {
	client: FakeDeviceClient;
	provider?: Provider<MicrosoftState> | Provider<GoogleState>;
	active?: boolean;
	pollIntervalMs: number;
	onSessionExpired?: (error: DeviceError) => void;
	expose?: (store: MicrosoftStore) => void;
}) {
	const store = useProviderState<MicrosoftState | GoogleState>(provider as Provider<MicrosoftState | GoogleState>, {client, mounted: true, active, pollIntervalMs, onSessionExpired});
	expose?.(store as MicrosoftStore);
	return <Text>{`${store.state?.connection.status ?? 'none'}/${store.state?.token.status ?? 'none'} error=${store.error?.kind ?? 'none'}`}</Text>;
}

describe('backoff', () => {
	test('doubles from twice the poll interval, up to 30 s', () => {
		expect(backoffDelay(2000, 1)).toBe(4000);
		expect(backoffDelay(2000, 2)).toBe(8000);
		expect(backoffDelay(2000, 3)).toBe(16_000);
		expect(backoffDelay(2000, 4)).toBe(maxBackoffMs);
		expect(backoffDelay(2000, 40)).toBe(maxBackoffMs);
	});
});

describe('useProviderState', () => {
	test.each([
		['Microsoft: checking, then active', microsoftProvider, 'getMicrosoft', 'success/active', (client: FakeDeviceClient) => {
			client.state = fixtures.active;
		}],
		// "Waiting" for Google is waiting for the engineer's code: nothing changes by itself.
		['Google: checking, then waiting for the code', googleProvider, 'getGoogle', 'success/waiting', (client: FakeDeviceClient) => {
			client.google = fixtures.googleWaiting;
		}],
	] as const)('%s: reads at once, polls while pending, stops when settled', async (_name, provider, read, settledText, settle) => {
		const client = new FakeDeviceClient(fixtures.checking, {google: fixtures.googleChecking});
		rendered = renderAt(<Harness client={client} provider={provider} pollIntervalMs={10}/>);
		await rendered.waitForText('checking/not-authorized');
		await until(() => client.calls[read] > 2);
		settle(client);
		await rendered.waitForText(settledText);
		const settled = client.calls[read];
		await sleep(60);
		expect(client.calls[read]).toBe(settled);
	});

	test('nothing pending: one read, no timer', async () => {
		const client = new FakeDeviceClient(fixtures.active);
		rendered = renderAt(<Harness client={client} pollIntervalMs={5}/>);
		await rendered.waitForText('success/active');
		await sleep(50);
		expect(client.calls.getMicrosoft).toBe(1);
	});

	test('errors keep the last state and back off, doubling each time', async () => {
		const client = new FakeDeviceClient(fixtures.checking);
		const reads: Array<{at: number; failed: boolean}> = [];
		const read = client.getMicrosoft.bind(client);
		client.getMicrosoft = async options => {
			const at = performance.now();
			try {
				const state = await read(options);
				reads.push({at, failed: false});
				return state;
			} catch (error) {
				reads.push({at, failed: true});
				throw error;
			}
		};

		rendered = renderAt(<Harness client={client} pollIntervalMs={10}/>);
		await rendered.waitForText('checking/not-authorized error=none');
		client.failNext('getMicrosoft', deviceError('unreachable'));
		client.failNext('getMicrosoft', deviceError('unreachable'));
		client.failNext('getMicrosoft', deviceError('unreachable'));
		await rendered.waitForText('checking/not-authorized error=unreachable');
		await rendered.waitForText('error=none', 5000);
		// However many good polls came before them (a busy machine polls late, never early):
		// three failing reads, retried after 20, 40 and 80 ms, then a good one.
		const first = reads.findIndex(entry => entry.failed);
		const run = reads.slice(first, first + 4);
		expect(run.map(entry => entry.failed)).toEqual([true, true, true, false]);
		const gaps = run.slice(1).map((entry, index) => entry.at - run[index]!.at);
		// Timers may fire a millisecond early; a loaded machine only makes the gaps longer.
		expect(gaps[0]).toBeGreaterThanOrEqual(18);
		expect(gaps[1]).toBeGreaterThanOrEqual(38);
		expect(gaps[2]).toBeGreaterThanOrEqual(78);
	});

	test('a session that ended is reported once and polling stops', async () => {
		const client = new FakeDeviceClient(fixtures.checking);
		const reported: DeviceError[] = [];
		rendered = renderAt(<Harness client={client} pollIntervalMs={10} onSessionExpired={error => reported.push(error)}/>);
		await rendered.waitForText('checking');
		client.failNext('getMicrosoft', deviceError('session-expired'));
		await until(() => reported.length > 0);
		expect(reported.map(error => error.kind)).toEqual(['session-expired']);
		const stopped = client.calls.getMicrosoft;
		await sleep(60);
		expect(client.calls.getMicrosoft).toBe(stopped);
	});

	test('unmounting aborts the read under way and polls no more', async () => {
		const client = new FakeDeviceClient(fixtures.checking);
		const signals: AbortSignal[] = [];
		const read = client.getMicrosoft.bind(client);
		client.getMicrosoft = async options => {
			if (options?.signal) {
				signals.push(options.signal);
			}

			return read(options);
		};

		rendered = renderAt(<Harness client={client} pollIntervalMs={10}/>);
		await rendered.waitForText('checking');
		const before = signals.length;
		const release = client.hold('getMicrosoft');
		// The next poll starts and is held.
		await until(() => signals.length > before);
		rendered.unmount();
		rendered = undefined;
		release();
		expect(signals.at(-1)?.aborted).toBe(true);
		const calls = client.calls.getMicrosoft;
		await sleep(60);
		expect(client.calls.getMicrosoft).toBe(calls);
	});

	test('an answer older than one already shown is dropped', async () => {
		const client = new FakeDeviceClient(fixtures.checking);
		let store: MicrosoftStore | undefined;
		rendered = renderAt(<Harness client={client} pollIntervalMs={10} expose={value => {
			store = value;
		}}/>);
		await rendered.waitForText('checking');
		// A poll is held with the old state while the refresh button gets a newer one.
		const old: MicrosoftState = client.state;
		const read = client.getMicrosoft.bind(client);
		let releaseOld: (() => void) | undefined;
		client.getMicrosoft = async () => {
			await new Promise<void>(resolve => {
				releaseOld = resolve;
			});
			return old;
		};

		await until(() => releaseOld !== undefined);
		client.getMicrosoft = read;
		client.onRefresh = () => fixtures.active;
		await store!.refresh();
		await rendered.waitForText('success/active');
		releaseOld!();
		await sleep(30);
		expect(rendered.visibleFrame()).toContain('success/active');
	});
});
