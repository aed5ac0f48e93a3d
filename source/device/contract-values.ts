/**
The plain part of the device API contract: the paths, the session header, the closed lists of
codes and statuses, and `isPending`, with the types. contract.ts builds its schemas from these
lists and re-exports them; the types are inferred from its schemas.

The TUI imports from here, not from contract.ts: the schemas need zod, which costs start-up
time and memory before the first frame, so the HTTP client loads them with its first response.
*/
import type {MicrosoftState} from './contract.js';

export type {
	ApiError,
	ConnectionStatus,
	DeviceAuthorization,
	FieldError,
	GoogleAuthorization,
	GoogleAuthorizationRequest,
	GoogleBasicSettings,
	GoogleBasicSettingsRequest,
	GoogleState,
	LoginRequest,
	LoginResponse,
	MicrosoftBasicSettings,
	MicrosoftState,
	PasswordChangeRequest,
	TestMailRequest,
	TestMailResult,
	TokenRevocation,
	TokenStatus,
} from './contract.js';

/**
The longest text each field of the device API may carry, in UTF-16 code units (as JavaScript
counts), and the most entries a list may have. The schemas enforce them both ways: the client
refuses a longer answer as a contract violation, and the emulator never sends one (what an
identity provider says is cut to fit, ending in `…`). The TUI cuts to what fits on screen anyway;
these keep a rogue or broken device from handing it megabytes.
*/
export const textLimits = {
	userName: 64,
	password: 256,
	/** The session token. */
	sessionToken: 512,
	/** An API error's or a field error's message, the sign-in message of a device authorization. */
	message: 4096,
	/** What a connection check or the identity provider said (connection and token `detail`). */
	detail: 1024,
	/** What the revocation at the identity provider did, in words. */
	revocationDetail: 500,
	/** A mail address (RFC 5321: 64 + @ + 255). */
	account: 320,
	/** Endpoint, verification URI, Google's authorization URL and redirect URI. */
	url: 2048,
	userCode: 64,
	/** As validation.ts's maxClientIdLength and maxClientSecretLength. */
	clientId: 512,
	clientSecret: 512,
	/** The code, or the whole redirect URL pasted from the browser (validation.ts's maxAuthorizationInputLength). */
	authorizationCode: 8192,
	/** The SMTP server's last reply. */
	reply: 4096,
	/** host:port of an SMTP server. */
	server: 300,
	/** An ISO 8601 time stamp. */
	timestamp: 64,
	/** The name of a field in a validation error. */
	fieldName: 64,
	/** Field errors in one answer. */
	fieldErrors: 32,
} as const;

export const apiPrefix = 'api/v1';

/** Header that carries the administrator session token. */
export const sessionHeader = 'x-session-token';

/**
The longest a conditional GET of a provider's state may be held: `Prefer: wait=N` (RFC 7240)
asks the device to answer once the state differs from the If-None-Match ETag, or after N s.
*/
export const maxWaitSeconds = 30;

export const paths = {
	session: 'session',
	/** PUT {currentPassword, newPassword}: the administrator password (required first when it is the factory default). */
	sessionPassword: 'session/password',
	microsoft: 'oauth2/microsoft',
	microsoftBasic: 'oauth2/microsoft/basic',
	microsoftRefresh: 'oauth2/microsoft/refresh',
	microsoftToken: 'oauth2/microsoft/token',
	google: 'oauth2/google',
	googleBasic: 'oauth2/google/basic',
	googleRefresh: 'oauth2/google/refresh',
	googleToken: 'oauth2/google/token',
	googleAuthorization: 'oauth2/google/authorization',
	microsoftTestMail: 'oauth2/microsoft/test-mail',
	googleTestMail: 'oauth2/google/test-mail',
} as const;

// Errors

/** Machine-readable reasons a field was refused; the UI turns them into words. */
export const fieldErrorCodes = [
	'required',
	'not_https',
	'wrong_host',
	'wrong_path',
	'unknown_tenant',
	'invalid_url',
	'too_long',
	'invalid_characters',
	'cn_requires_verify',
	/** A Google client ID ends in `.apps.googleusercontent.com`. */
	'invalid_client_id',
	/** No client secret is stored yet, so one must be entered. */
	'secret_required',
	/** The pasted redirect URL carries no `code`. */
	'code_missing',
	/** The pasted redirect URL belongs to another authorization attempt (`state` differs). */
	'state_mismatch',
	/** The pasted redirect URL says the engineer pressed Deny (`error=access_denied`) or another error. */
	'access_denied',
	/** The identity provider refused the code (`message` carries its description). */
	'code_rejected',
	/** There is no authorization in progress to use a code for. */
	'no_authorization',
	/** Not a mail address (local@domain). */
	'invalid_email',
	/** A new administrator password: 8 to 64 characters. */
	'password_length',
	/** A new administrator password: not the factory default. */
	'password_default',
	/** A new administrator password: not the user name. */
	'password_user_name',
	/** A new administrator password: not the current one. */
	'password_unchanged',
	/** The new password and its confirmation differ (checked by the client). */
	'password_mismatch',
	/** The current password given with a change is wrong. */
	'wrong_password',
] as const;
export type FieldErrorCode = (typeof fieldErrorCodes)[number];

export const apiErrorCodes = [
	'invalid_credentials',
	'locked',
	'unauthenticated',
	'session_expired',
	'validation',
	'precondition_failed',
	'precondition_required',
	'not_found',
	'method_not_allowed',
	'bad_request',
	'payload_too_large',
	/** 421: the Host header does not name the device (DNS rebinding, a wrong address); before authentication. */
	'misdirected_request',
	/** 403: the Origin (or Sec-Fetch-Site) is not the device's own: a web page elsewhere; before authentication. */
	'forbidden_origin',
	/** 415: a request body that is not application/json; before authentication. */
	'unsupported_media_type',
	/** 409: the request needs an active token (e.g. test mail) and there is none. */
	'token_not_active',
	/** 409: the token is active, but its ID token named no account to send as (message: why, and what to grant). */
	'account_unknown',
	/** 503 + Retry-After: the device holds as many sessions as it allows; none is taken from another engineer. */
	'too_many_sessions',
	/** 403: the factory default password must be changed first (PUT /session/password). */
	'password_change_required',
	/**
	507 (storage full: ENOSPC, EDQUOT) or 500 (anything else): the device could not write the change
	to its storage, so it changed nothing; `errno` names the operating system's reason.
	*/
	'not_saved',
	'internal',
] as const;
export type ApiErrorCode = (typeof apiErrorCodes)[number];

// Statuses

export const connectionStatuses = ['not-checked', 'checking', 'success', 'failed'] as const;
export type ConnectionStatusValue = (typeof connectionStatuses)[number];

/** Why a connection check failed. `detail` carries the TLS or network error text. */
export const connectionFailureReasons = [
	'unreachable',
	'timeout',
	'certificate_untrusted',
	'cn_mismatch',
	'tls_error',
	'http_error',
] as const;

export const tokenStatuses = ['not-authorized', 'waiting', 'active', 'expired', 'error'] as const;
export type TokenStatusValue = (typeof tokenStatuses)[number];

/**
Why the token is not active. The first five are the identity provider's own error codes
(RFC 8628 and OAuth 2.0); `reauthorization_required` is a refresh token that stopped working.
*/
export const tokenFailureReasons = [
	'expired_token',
	'authorization_declined',
	'access_denied',
	'bad_verification_code',
	'invalid_grant',
	'invalid_client',
	'reauthorization_required',
	'redirect_uri_mismatch',
	'idp_unreachable',
	'idp_error',
	/** Entra AADSTS50194: the app registration is single-tenant, used with common/organizations. */
	'app_not_multi_tenant',
	/** Entra AADSTS7000218: "Allow public client flows" is off in the app registration. */
	'public_client_disabled',
	/** Entra AADSTS65001: nobody consented to the permissions (SMTP.Send) the device asks for. */
	'consent_required',
	/** The ID token that names the account failed its checks (signature, issuer, audience, expiry). */
	'id_token_invalid',
] as const;

// Microsoft

export const microsoftTenants = ['common', 'consumers', 'organizations'] as const;
export type MicrosoftTenant = (typeof microsoftTenants)[number];

/** True while the device may change the state by itself, so a client should poll. */
export function isPending(state: Pick<MicrosoftState, 'connection' | 'token'>): boolean {
	return state.connection.status === 'checking' || state.token.status === 'waiting';
}

// Test mail

export const testMailProviders = ['microsoft', 'google'] as const;
export type TestMailProvider = (typeof testMailProviders)[number];

/** Why a test mail was not sent: the stage of the SMTP conversation that failed. */
/** Where a provider's mail goes: STARTTLS on the submission port, SASL XOAUTH2. */
export const smtpServers: Record<TestMailProvider, {host: string; port: number}> = {
	microsoft: {host: 'smtp.office365.com', port: 587},
	google: {host: 'smtp.gmail.com', port: 587},
};

export const testMailFailures = ['unreachable', 'timeout', 'tls', 'auth', 'rejected'] as const;
export type TestMailFailure = (typeof testMailFailures)[number];
