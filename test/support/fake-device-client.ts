/**
An in-memory device for screen tests: scriptable state, errors queued per method, calls
counted, and requests that can be held open to see what the screen shows meanwhile.
No network.
*/
import type {LoginResponse, MicrosoftBasicSettings, MicrosoftState} from '../../source/contract.js';
import type {DeviceClient} from '../../source/device-client.js';
import {DeviceError, type DeviceErrorKind} from '../../source/device-error.js';

export type FakeMethod = 'login' | 'logout' | 'getMicrosoft' | 'saveMicrosoftBasic' | 'refreshMicrosoft' | 'resetMicrosoftToken';

export const fakeBaseUrl = 'http://192.0.2.10:8080/';

export function deviceError(
	kind: DeviceErrorKind,
	details: Partial<ConstructorParameters<typeof DeviceError>[2]> = {},
): DeviceError {
	return new DeviceError(kind, `fake ${kind}`, {url: fakeBaseUrl, ...details});
}

type Gate = {promise: Promise<void>; release(): void};

function gate(): Gate {
	let release = () => {};
	const promise = new Promise<void>(resolve => {
		release = resolve;
	});
	return {promise, release};
}

export class FakeDeviceClient implements DeviceClient {
	readonly baseUrl: string;
	loggedIn = false;
	userName = 'Administrator';
	password = 'correct horse';
	state: MicrosoftState;
	readonly calls: Record<FakeMethod, number> = {
		login: 0,
		logout: 0,
		getMicrosoft: 0,
		saveMicrosoftBasic: 0,
		refreshMicrosoft: 0,
		resetMicrosoftToken: 0,
	};

	readonly saved: MicrosoftBasicSettings[] = [];
	readonly loginAttempts: Array<{userName: string; password: string}> = [];
	/** What the device does with saved settings (default: store them, start checking). */
	onSave: (settings: MicrosoftBasicSettings, state: MicrosoftState) => MicrosoftState = (settings, state) => ({
		...state,
		settings,
		connection: {status: 'checking'},
	});

	/** What the refresh button does (default: nothing changes). */
	onRefresh: (state: MicrosoftState) => MicrosoftState = state => state;
	onReset: (state: MicrosoftState) => MicrosoftState = state => ({
		...state,
		authorization: null,
		token: {status: 'not-authorized'},
	});

	private readonly errors = new Map<FakeMethod, DeviceError[]>();
	private readonly gates = new Map<FakeMethod, Gate>();

	constructor(state: MicrosoftState, options: {baseUrl?: string} = {}) {
		this.state = state;
		this.baseUrl = options.baseUrl ?? fakeBaseUrl;
	}

	/** The next call of `method` fails with `error` (queue several for several calls). */
	failNext(method: FakeMethod, error: DeviceError): this {
		const queue = this.errors.get(method) ?? [];
		queue.push(error);
		this.errors.set(method, queue);
		return this;
	}

	/** Calls of `method` wait until the returned function is called. */
	hold(method: FakeMethod): () => void {
		const held = gate();
		this.gates.set(method, held);
		return () => {
			this.gates.delete(method);
			held.release();
		};
	}

	async login(userName: string, password: string): Promise<LoginResponse> {
		await this.enter('login');
		this.loginAttempts.push({userName, password});
		if (userName !== this.userName || password !== this.password) {
			throw deviceError('invalid-credentials', {status: 401});
		}

		this.loggedIn = true;
		return {token: 'fake-session-token-0123456789', idleTimeoutSeconds: 600};
	}

	async logout(): Promise<void> {
		this.calls.logout += 1;
		this.loggedIn = false;
	}

	async getMicrosoft(options?: {signal?: AbortSignal}): Promise<MicrosoftState> {
		await this.enter('getMicrosoft');
		if (options?.signal?.aborted) {
			throw deviceError('timeout');
		}

		return this.state;
	}

	async saveMicrosoftBasic(settings: MicrosoftBasicSettings): Promise<MicrosoftState> {
		await this.enter('saveMicrosoftBasic');
		this.saved.push(settings);
		this.state = this.onSave(settings, this.state);
		return this.state;
	}

	async refreshMicrosoft(): Promise<MicrosoftState> {
		await this.enter('refreshMicrosoft');
		this.state = this.onRefresh(this.state);
		return this.state;
	}

	async resetMicrosoftToken(): Promise<MicrosoftState> {
		await this.enter('resetMicrosoftToken');
		this.state = this.onReset(this.state);
		return this.state;
	}

	private async enter(method: FakeMethod): Promise<void> {
		this.calls[method] += 1;

		await this.gates.get(method)?.promise;
		const error = this.errors.get(method)?.shift();
		if (error) {
			if (error.kind === 'session-expired') {
				this.loggedIn = false;
			}

			throw error;
		}
	}
}
