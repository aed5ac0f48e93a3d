/**
The emulated device for the benchmark, in this process (the built emulator and its offline
identity provider, on ports the system picks), with its request counters and a way to approve
a user code over HTTP as a person does on the verification page.
*/
import {mkdtempSync, rmSync} from 'node:fs';
import https from 'node:https';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {startOfflineDevice, type OfflineDevice} from '../../source/emulator/index.js';
import {asFromThePage} from '../support/idp-form.js';

export type RequestCount = {
	/** Requests to the device API per "METHOD /api/v1/path". */
	byRoute: Record<string, number>;
	total: number;
	/** Of those, answered 304 Not Modified (a conditional request that found nothing new). */
	notModified: number;
	windowMs: number;
};

const apiLine = /^[A-Z]+ \/api\/v1\S* (\d{3}) /;

export class BenchDevice {
	readonly #stateDir = mkdtempSync(path.join(tmpdir(), 'cloudmail-bench-device-'));
	readonly #statuses: string[] = [];
	#device: OfflineDevice | undefined;

	get device(): OfflineDevice {
		if (!this.#device) {
			throw new Error('The device is not started.');
		}

		return this.#device;
	}

	get url(): string {
		return this.device.emulator.url;
	}

	async start(options: {idpIntervalSeconds: number}): Promise<void> {
		this.#device = await startOfflineDevice({
			stateDir: this.#stateDir,
			devDefaultPassword: true,
			log: line => {
				const status = apiLine.exec(line)?.[1];
				if (status) {
					this.#statuses.push(status);
				}
			},
		});
		// RFC 8628's interval: how often the device asks the identity provider whether the code was approved.
		this.device.identityProvider.controls.configure({intervalSeconds: options.idpIntervalSeconds});
	}

	/** Counts the device API requests made while `during` runs. */
	async count(during: () => Promise<void>): Promise<RequestCount> {
		const before = this.device.emulator.stats();
		const statusesBefore = this.#statuses.length;
		const started = performance.now();
		await during();
		const windowMs = performance.now() - started;
		const byRoute: Record<string, number> = {};
		for (const [route, count] of Object.entries(this.device.emulator.stats())) {
			const made = count - (before[route] ?? 0);
			if (made > 0) {
				byRoute[route] = made;
			}
		}

		return {
			byRoute,
			total: Object.values(byRoute).reduce((sum, count) => sum + count, 0),
			notModified: this.#statuses.slice(statusesBefore).filter(status => status === '304').length,
			windowMs,
		};
	}

	/** What a person does on the verification page: the form POST from the page (its token and cookie), trusting the offline CA. */
	async approve(userCode: string): Promise<number> {
		const {verificationUri, caCertificatePem} = this.device.identityProvider;
		const posted = await asFromThePage(new URL(verificationUri), {user_code: userCode, decision: 'allow'}, caCertificatePem);
		const body = new URLSearchParams(posted.fields).toString();
		return new Promise((resolve, reject) => {
			const request = https.request(verificationUri, {
				method: 'POST',
				ca: caCertificatePem,
				headers: {...posted.headers, 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body)},
			}, response => {
				response.resume();
				response.on('end', () => {
					resolve(response.statusCode ?? 0);
				});
			});
			request.on('error', reject);
			request.end(body);
		});
	}

	async close(): Promise<void> {
		await this.#device?.close();
		rmSync(this.#stateDir, {recursive: true, force: true});
	}
}
