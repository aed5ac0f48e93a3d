/**
The device API contract: every request and response of `/api/v1`, as runtime schemas with
the TypeScript types inferred from them. The client validates what it receives with these,
and the emulator builds what it sends with them. Nothing else restates a shape.
*/
import {z} from 'zod';

export const apiPrefix = 'api/v1';

/** Header that carries the administrator session token. */
export const sessionHeader = 'x-session-token';

export const paths = {
	session: 'session',
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

// Session

export const loginRequestSchema = z.object({
	userName: z.string().min(1).max(64),
	password: z.string().max(256),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export const loginResponseSchema = z.object({
	token: z.string().min(16),
	/** The session ends after this many seconds without a request. */
	idleTimeoutSeconds: z.number().int().positive(),
});
export type LoginResponse = z.infer<typeof loginResponseSchema>;

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
] as const;
export const fieldErrorSchema = z.object({
	code: z.enum(fieldErrorCodes),
	message: z.string(),
});
export type FieldErrorCode = (typeof fieldErrorCodes)[number];
export type FieldError = z.infer<typeof fieldErrorSchema>;

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
	/** 409: the request needs an active token (e.g. test mail) and there is none. */
	'token_not_active',
	'internal',
] as const;
export const apiErrorSchema = z.object({
	error: z.enum(apiErrorCodes),
	message: z.string(),
	fields: z.record(z.string(), fieldErrorSchema).optional(),
	retryAfterSeconds: z.number().int().nonnegative().optional(),
});
export type ApiErrorCode = (typeof apiErrorCodes)[number];
export type ApiError = z.infer<typeof apiErrorSchema>;

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

export const connectionStatusSchema = z.object({
	status: z.enum(connectionStatuses),
	reason: z.enum(connectionFailureReasons).optional(),
	detail: z.string().optional(),
	checkedAt: z.iso.datetime().optional(),
});
export type ConnectionStatus = z.infer<typeof connectionStatusSchema>;

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
] as const;

export const tokenStatusSchema = z.object({
	status: z.enum(tokenStatuses),
	reason: z.enum(tokenFailureReasons).optional(),
	/** The identity provider's error_description, as it sent it (draw it sanitized). */
	detail: z.string().optional(),
	/** When the current access token expires (it is refreshed before that). */
	expiresAt: z.iso.datetime().optional(),
	/** The account that authorized (its mail address): the sender of the device's mail. */
	account: z.string().max(320).optional(),
});
export type TokenStatus = z.infer<typeof tokenStatusSchema>;

// Microsoft

export const microsoftTenants = ['common', 'consumers', 'organizations'] as const;
export type MicrosoftTenant = (typeof microsoftTenants)[number];

export const microsoftBasicSettingsSchema = z.object({
	enabled: z.boolean(),
	verifyServerCertificate: z.boolean(),
	addCnToVerification: z.boolean(),
	endpoint: z.string().max(2048),
});
export type MicrosoftBasicSettings = z.infer<typeof microsoftBasicSettingsSchema>;

/** A pending device authorization (RFC 8628): what the engineer needs to sign in. */
export const deviceAuthorizationSchema = z.object({
	userCode: z.string(),
	verificationUri: z.string(),
	message: z.string(),
	expiresAt: z.iso.datetime(),
	intervalSeconds: z.number().int().positive(),
});
export type DeviceAuthorization = z.infer<typeof deviceAuthorizationSchema>;

export const microsoftStateSchema = z.object({
	settings: microsoftBasicSettingsSchema,
	connection: connectionStatusSchema,
	authorization: deviceAuthorizationSchema.nullable(),
	token: tokenStatusSchema,
});
export type MicrosoftState = z.infer<typeof microsoftStateSchema>;

/** True while the device may change the state by itself, so a client should poll. */
export function isPending(state: Pick<MicrosoftState, 'connection' | 'token'>): boolean {
	return state.connection.status === 'checking' || state.token.status === 'waiting';
}

// Google

/** What PUT /oauth2/google/basic takes. The secret is write-only: leave it out to keep the stored one. */
export const googleBasicSettingsRequestSchema = z.object({
	enabled: z.boolean(),
	verifyServerCertificate: z.boolean(),
	addCnToVerification: z.boolean(),
	clientId: z.string().max(512),
	clientSecret: z.string().max(512).optional(),
});
export type GoogleBasicSettingsRequest = z.infer<typeof googleBasicSettingsRequestSchema>;

/** What the device shows of its Google settings: whether a secret is stored, never the secret. */
export const googleBasicSettingsSchema = googleBasicSettingsRequestSchema.omit({clientSecret: true}).extend({
	clientSecretSet: z.boolean(),
});
export type GoogleBasicSettings = z.infer<typeof googleBasicSettingsSchema>;

/**
Authorization information: the URL the engineer opens to consent. Its `state` and PKCE
verifier stay on the device; the redirect goes to the loopback `redirectUri`, where nothing
listens, so the browser shows an error page whose address carries the code.
*/
export const googleAuthorizationSchema = z.object({
	url: z.string(),
	redirectUri: z.string(),
	createdAt: z.iso.datetime(),
});
export type GoogleAuthorization = z.infer<typeof googleAuthorizationSchema>;

export const googleStateSchema = z.object({
	settings: googleBasicSettingsSchema,
	connection: connectionStatusSchema,
	authorization: googleAuthorizationSchema.nullable(),
	token: tokenStatusSchema,
});
export type GoogleState = z.infer<typeof googleStateSchema>;

/** POST /oauth2/google/authorization: the code alone, or the whole redirect URL from the browser. */
export const googleAuthorizationRequestSchema = z.object({
	authorizationCode: z.string().max(8192),
});
export type GoogleAuthorizationRequest = z.infer<typeof googleAuthorizationRequestSchema>;

// Test mail

export const testMailProviders = ['microsoft', 'google'] as const;
export type TestMailProvider = (typeof testMailProviders)[number];

/** POST /oauth2/{provider}/test-mail: send a short message with the current access token. */
export const testMailRequestSchema = z.object({
	to: z.string().max(320),
});
export type TestMailRequest = z.infer<typeof testMailRequestSchema>;

/** Why a test mail was not sent: the stage of the SMTP conversation that failed. */
export const testMailFailures = ['unreachable', 'timeout', 'tls', 'auth', 'rejected'] as const;
export type TestMailFailure = (typeof testMailFailures)[number];

/**
What the device reports after trying: sent or not, from which account, through which server,
and the server's own last reply (e.g. `250 2.0.0 OK`, `535 5.7.3 Authentication
unsuccessful`), as it sent it (draw it sanitized).
*/
export const testMailResultSchema = z.object({
	sent: z.boolean(),
	from: z.string().max(320),
	to: z.string().max(320),
	/** host:port of the provider's SMTP server (STARTTLS, SASL XOAUTH2). */
	server: z.string(),
	reply: z.string().max(4096).optional(),
	failure: z.enum(testMailFailures).optional(),
	at: z.iso.datetime(),
});
export type TestMailResult = z.infer<typeof testMailResultSchema>;
