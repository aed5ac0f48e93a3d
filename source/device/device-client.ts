/**
What the app needs from a device. Hooks take a `DeviceClient`; the HTTP implementation is in
http-device-client.ts, and tests inject their own.

Every method rejects only with a `DeviceError`.
*/
import type {
	GoogleBasicSettingsRequest,
	GoogleState,
	LoginResponse,
	MicrosoftBasicSettings,
	MicrosoftState,
	TestMailProvider,
	TestMailResult,
	TokenRevocation,
} from './contract-values.js';
import type {DeviceError} from './device-error.js';

export type ReadOptions = {
	signal?: AbortSignal;
	/**
	A long poll: when a state was read before, ask the device to hold the answer until the
	state differs from it, at most this many seconds (`Prefer: wait=N`, capped by the device at
	maxWaitSeconds). A device that does not support it answers at once.
	*/
	waitSeconds?: number;
};

/** What forgetting the authorization did: the state after it, and how the revocation at the identity provider went. */
export type TokenReset<State> = {state: State; revocation: TokenRevocation};

/** How a log-out went (see `DeviceClient.logout`). */
export type LogoutResult = {readonly told: boolean; readonly error?: DeviceError};

export type DeviceClient = {
	/** The device API base URL, for messages such as "cannot reach <url>". */
	readonly baseUrl: string;
	/** True while a session token is held. */
	readonly loggedIn: boolean;

	login(userName: string, password: string): Promise<LoginResponse>;
	/**
	Ends the session on the device; never rejects (a lost session is already gone). It may say
	how it went: `told: false` with the error when the device could not be told (nothing is
	said when there was no session, or by clients that do not tell).
	*/
	logout(): Promise<LogoutResult | void>;
	/**
	Changes the administrator password (required first when `login` said
	`passwordChangeRequired`). A refused one is a `validation` error on `currentPassword` or
	`newPassword`; a wrong current password counts as a failed log-in (`locked` after several).
	*/
	changePassword(currentPassword: string, newPassword: string): Promise<void>;

	/** The current state; an unchanged state costs a 304 and returns the cached one. */
	getMicrosoft(options?: ReadOptions): Promise<MicrosoftState>;
	/**
	Saves the basic settings with the ETag of the last state read, so that a change made
	elsewhere in the meantime is refused (`conflict`) instead of overwritten.
	*/
	saveMicrosoftBasic(settings: MicrosoftBasicSettings): Promise<MicrosoftState>;
	/** The refresh button: re-check the connection, get a new user code if the old one expired. */
	refreshMicrosoft(): Promise<MicrosoftState>;
	/**
	Forget the authorization and start over. The device tells the identity provider first where
	it can (Google revokes; Entra has no way): `revocation` says how that went.
	*/
	resetMicrosoftToken(): Promise<TokenReset<MicrosoftState>>;

	/** As getMicrosoft. The client secret is never returned, only whether one is stored. */
	getGoogle(options?: ReadOptions): Promise<GoogleState>;
	/** As saveMicrosoftBasic; leave `clientSecret` out (or empty) to keep the stored one. */
	saveGoogleBasic(settings: GoogleBasicSettingsRequest): Promise<GoogleState>;
	refreshGoogle(): Promise<GoogleState>;
	resetGoogleToken(): Promise<TokenReset<GoogleState>>;
	/**
	Hands the device the code (or the whole redirect URL) to exchange. A refused code is a
	`validation` error on the field `authorizationCode`.
	*/
	submitGoogleAuthorizationCode(authorizationCode: string): Promise<GoogleState>;

	/**
	Has the device send a short test message through the provider's SMTP server with its
	current access token. A refused address is a `validation` error on the field `to`; no
	active token is an `http` error 409 `token_not_active`. A refusal by the mail server is
	not an error: it is the result, with the server's reply.
	*/
	sendTestMail(provider: TestMailProvider, to: string): Promise<TestMailResult>;
};
