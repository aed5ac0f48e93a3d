/**
How the settings page polls while something is pending: long polls (the device holds the
answer until the state changes), never more than one started per poll interval (20 ms here),
and a plain read when the page opens or after a failure.
*/
import {until} from '../support/until.js';
import {describe, expect, test} from 'vitest';
import type {ReadOptions} from '../../source/device/device-client.js';
import {longPollSeconds} from '../../source/forms/provider-state.js';
import {appStarter, openMicrosoft} from './support/app-driver.js';
import {deviceError} from '../support/fake-device-client.js';
import * as fixtures from './support/fixtures.js';
import {sleep} from '../support/render.js';

const start = appStarter();

describe('polling while the sign-in is pending', () => {
	test('the first read is plain, then long polls; a device that answers at once is read once per interval', async () => {
		const started = await start({state: fixtures.waiting});
		const reads: Array<{at: number; waitSeconds: number | undefined}> = [];
		const read = started.client.getMicrosoft.bind(started.client);
		started.client.getMicrosoft = async (options?: ReadOptions) => {
			reads.push({at: performance.now(), waitSeconds: options?.waitSeconds});
			return read(options);
		};

		await openMicrosoft(started);
		await started.r.waitForText('F J 2 K 8 Q W X R');
		await until(() => reads.length >= 4, 'four reads');
		expect(reads[0]!.waitSeconds).toBeUndefined();
		expect(reads.slice(1).every(entry => entry.waitSeconds === longPollSeconds)).toBe(true);
		const gaps = reads.slice(1).map((entry, index) => entry.at - reads[index]!.at);
		expect(Math.min(...gaps)).toBeGreaterThanOrEqual(18);
	});

	test('a long poll that is held shows its answer the moment it comes; with nothing pending then, no more reads', async () => {
		const started = await start({state: fixtures.waiting});
		const reads: number[] = [];
		const read = started.client.getMicrosoft.bind(started.client);
		let release: (() => void) | undefined;
		started.client.getMicrosoft = async (options?: ReadOptions) => {
			reads.push(performance.now());
			if (options?.waitSeconds) {
				// Held, as the device holds it until the state changes.
				await new Promise<void>(resolve => {
					release = resolve;
				});
			}

			return read(options);
		};

		await openMicrosoft(started);
		await started.r.waitForText('F J 2 K 8 Q W X R');
		// The first read, then one long poll, held.
		await until(() => release !== undefined, 'the long poll');
		expect(reads).toHaveLength(2);
		started.client.state = fixtures.active;
		release!();
		// Drawn from the held poll's own answer, not from a later read (how fast is the benchmark's business).
		await started.r.waitForText('Active');
		expect(reads).toHaveLength(2);
		await sleep(20);
		expect(reads).toHaveLength(2);
	});

	test('after a failure the next read is plain (no wait), so the page recovers quickly', async () => {
		const started = await start({state: fixtures.waiting});
		const waits: Array<number | undefined> = [];
		const read = started.client.getMicrosoft.bind(started.client);
		started.client.getMicrosoft = async (options?: ReadOptions) => {
			waits.push(options?.waitSeconds);
			return read(options);
		};

		await openMicrosoft(started);
		await started.r.waitForText('F J 2 K 8 Q W X R');
		started.client.failNext('getMicrosoft', deviceError('unreachable'));
		await started.r.waitForText('Retrying automatically');
		const failedAt = waits.length;
		await started.r.waitForFrame(frame => !frame.includes('Retrying'));
		expect(waits[failedAt]).toBeUndefined();
	});
});
