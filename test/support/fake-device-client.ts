/**
An in-memory device for screen tests: scriptable state, errors queued per method, calls
counted, and requests that can be held open to see what the screen shows meanwhile.
No network.
*/
import type {
	FieldErrorCode,
	GoogleBasicSettingsRequest,
	GoogleState,
	LoginResponse,
	MicrosoftBasicSettings,
	MicrosoftState,
	TestMailProvider,
	TestMailResult,
	TokenRevocation,
	TokenStatus,
} from '../../source/device/contract.js';
import type {DeviceClient, TokenReset} from '../../source/device/device-client.js';
import {DeviceError, type DeviceErrorKind} from '../../source/device/device-error.js';

export const fakeMethods = [
	'login',
	'logout',
	'changePassword',
	'getMicrosoft',
	'saveMicrosoftBasic',
	'refreshMicrosoft',
	'resetMicrosoftToken',
	'getGoogle',
	'saveGoogleBasic',
	'refreshGoogle',
	'resetGoogleToken',
	'submitGoogleAuthorizationCode',
	'sendTestMail',
] as const;
export type FakeMethod = (typeof fakeMethods)[number];

// Loopback: plain HTTP to any other address asks for the engineer's consent on Log In.
export const fakeBaseUrl = 'http://127.0.0.1:8080/';

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

/** A Google state with nothing set up: what a new device shows. */
export const googleNotConfigured: GoogleState = {
	settings: {
		enabled: false,
		verifyServerCertificate: true,
		addCnToVerification: false,
		clientId: '',
		clientSecretSet: false,
	},
	connection: {status: 'not-checked'},
	authorization: null,
	token: {status: 'not-authorized'},
};

export class FakeDeviceClient implements DeviceClient {
	readonly baseUrl: string;
	loggedIn = false;
	userName = 'Administrator';
	password = 'correct horse';
	/** The log-in says the factory default password must be changed first (until changePassword). */
	passwordChangeRequired = false;
	/** What changePassword was given, in order. */
	readonly passwordChanges: Array<{currentPassword: string; newPassword: string}> = [];
	state: MicrosoftState;
	google: GoogleState;
	readonly calls = Object.fromEntries(fakeMethods.map(method => [method, 0])) as Record<FakeMethod, number>;

	readonly saved: MicrosoftBasicSettings[] = [];
	readonly savedGoogle: GoogleBasicSettingsRequest[] = [];
	/** What was handed to submitGoogleAuthorizationCode, in order. */
	readonly submittedCodes: string[] = [];
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

	/** As `onSave`, for Google: the secret is kept only as "set" (an empty or missing one keeps the old). */
	onSaveGoogle: (request: GoogleBasicSettingsRequest, state: GoogleState) => GoogleState = (request, state) => {
		const {clientSecret, ...settings} = request;
		return {
			settings: {...settings, clientSecretSet: state.settings.clientSecretSet || Boolean(clientSecret)},
			connection: {status: request.enabled ? 'checking' : 'not-checked'},
			authorization: null,
			token: {status: 'not-authorized'},
		};
	};

	onRefreshGoogle: (state: GoogleState) => GoogleState = state => state;
	onResetGoogle: (state: GoogleState) => GoogleState = state => ({
		...state,
		authorization: null,
		token: {status: 'not-authorized'},
	});

	/** What the device says of the revocation when the authorization is forgotten (default: Entra cannot, Google revoked; nothing when there was no token). */
	onRevoke: (provider: TestMailProvider, token: TokenStatus) => TokenRevocation = (provider, token) => {
		if (token.status !== 'active' && token.status !== 'error' && token.status !== 'expired') {
			return {status: 'nothing-to-revoke'};
		}

		return provider === 'microsoft'
			? {status: 'not-supported', detail: 'Microsoft Entra ID has no revocation endpoint for these tokens.'}
			: {status: 'revoked'};
	};

	/** What the device does with a code (default: the token is active, the authorization used up). */
	onSubmitCode: (code: string, state: GoogleState) => GoogleState = (_code, state) => ({
		...state,
		authorization: null,
		token: {status: 'active', expiresAt: new Date(Date.UTC(2025, 5, 2, 11, 0, 0)).toISOString()},
	});

	/** What sendTestMail was asked, in order. */
	readonly testMails: Array<{provider: TestMailProvider; to: string}> = [];
	/** What the device reports for a test mail (default: sent, from the account that authorized). */
	onTestMail: (provider: TestMailProvider, to: string) => TestMailResult = (provider, to) => ({
		sent: true,
		from: (provider === 'microsoft' ? this.state.token.account : this.google.token.account) ?? 'engineer@example.com',
		to,
		server: provider === 'microsoft' ? 'smtp.office365.com:587' : 'smtp.gmail.com:587',
		reply: '250 2.0.0 OK',
		at: new Date(Date.UTC(2025, 5, 2, 10, 0, 0)).toISOString(),
	});

	private readonly errors = new Map<FakeMethod, DeviceError[]>();
	private readonly gates = new Map<FakeMethod, Gate>();

	constructor(state: MicrosoftState, options: {baseUrl?: string; google?: GoogleState} = {}) {
		this.state = state;
		this.google = options.google ?? googleNotConfigured;
		this.baseUrl = options.baseUrl ?? fakeBaseUrl;
	}

	/** The next call of `method` fails with `error` (queue several for several calls). */
	failNext(method: FakeMethod, error: DeviceError): this {
		const queue = this.errors.get(method) ?? [];
		queue.push(error);
		this.errors.set(method, queue);
		return this;
	}

	/** The next call of `method` is refused (400) with `code` on `field`, and the device's `message`. */
	refuseNext(method: FakeMethod, field: string, code: FieldErrorCode, message = 'refused'): this {
		return this.failNext(method, deviceError('validation', {status: 400, fields: {[field]: {code, message}}}));
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
		return {token: 'fake-session-token-0123456789', idleTimeoutSeconds: 600, ...(this.passwordChangeRequired ? {passwordChangeRequired: true} : {})};
	}

	async changePassword(currentPassword: string, newPassword: string): Promise<void> {
		await this.enter('changePassword');
		this.passwordChanges.push({currentPassword, newPassword});
		if (currentPassword !== this.password) {
			throw deviceError('validation', {status: 400, fields: {currentPassword: {code: 'wrong_password', message: 'wrong'}}});
		}

		this.password = newPassword;
		this.passwordChangeRequired = false;
	}

	async logout(): Promise<void> {
		this.calls.logout += 1;
		this.loggedIn = false;
	}

	async getMicrosoft(options?: {signal?: AbortSignal}): Promise<MicrosoftState> {
		await this.enter('getMicrosoft', options?.signal);
		return this.state;
	}

	async saveMicrosoftBasic(settings: MicrosoftBasicSettings): Promise<MicrosoftState> {
		await this.enter('saveMicrosoftBasic');
		this.saved.push(settings);
		return this.microsoftBecomes(this.onSave(settings, this.state));
	}

	async refreshMicrosoft(): Promise<MicrosoftState> {
		await this.enter('refreshMicrosoft');
		return this.microsoftBecomes(this.onRefresh(this.state));
	}

	async resetMicrosoftToken(): Promise<TokenReset<MicrosoftState>> {
		await this.enter('resetMicrosoftToken');
		const revocation = this.onRevoke('microsoft', this.state.token);
		return {state: this.microsoftBecomes(this.onReset(this.state)), revocation};
	}

	async getGoogle(options?: {signal?: AbortSignal}): Promise<GoogleState> {
		await this.enter('getGoogle', options?.signal);
		return this.google;
	}

	async saveGoogleBasic(settings: GoogleBasicSettingsRequest): Promise<GoogleState> {
		await this.enter('saveGoogleBasic');
		this.savedGoogle.push(settings);
		return this.googleBecomes(this.onSaveGoogle(settings, this.google));
	}

	async refreshGoogle(): Promise<GoogleState> {
		await this.enter('refreshGoogle');
		return this.googleBecomes(this.onRefreshGoogle(this.google));
	}

	async resetGoogleToken(): Promise<TokenReset<GoogleState>> {
		await this.enter('resetGoogleToken');
		const revocation = this.onRevoke('google', this.google.token);
		return {state: this.googleBecomes(this.onResetGoogle(this.google)), revocation};
	}

	async submitGoogleAuthorizationCode(authorizationCode: string): Promise<GoogleState> {
		await this.enter('submitGoogleAuthorizationCode');
		this.submittedCodes.push(authorizationCode);
		return this.googleBecomes(this.onSubmitCode(authorizationCode, this.google));
	}

	async sendTestMail(provider: TestMailProvider, to: string): Promise<TestMailResult> {
		await this.enter('sendTestMail');
		this.testMails.push({provider, to});
		return this.onTestMail(provider, to);
	}

	private microsoftBecomes(state: MicrosoftState): MicrosoftState {
		this.state = state;
		return state;
	}

	private googleBecomes(state: GoogleState): GoogleState {
		this.google = state;
		return state;
	}

	private async enter(method: FakeMethod, signal?: AbortSignal): Promise<void> {
		this.calls[method] += 1;

		await this.gates.get(method)?.promise;
		const error = this.errors.get(method)?.shift();
		if (error) {
			if (error.kind === 'session-expired') {
				this.loggedIn = false;
			}

			throw error;
		}

		if (signal?.aborted) {
			throw deviceError('timeout');
		}
	}
}
