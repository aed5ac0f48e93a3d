/**
The device API contract: every request and response of `/api/v1`, as runtime schemas with
the TypeScript types inferred from them. The client validates what it receives with these,
and the emulator builds what it sends with them. Nothing else restates a shape.

The plain values (paths, header, the lists the enums are built from, `isPending`) are in
contract-values.ts, re-exported here: the TUI imports those alone, so that zod is not loaded
before its first frame.
*/
import {z} from 'zod';
import {
	apiErrorCodes,
	connectionFailureReasons,
	connectionStatuses,
	fieldErrorCodes,
	testMailFailures,
	textLimits as limits,
	tokenFailureReasons,
	tokenStatuses,
} from './contract-values.js';

export * from './contract-values.js';

// Session

export const loginRequestSchema = z.object({
	userName: z.string().min(1).max(limits.userName),
	password: z.string().max(limits.password),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export const loginResponseSchema = z.object({
	token: z.string().min(16).max(limits.sessionToken),
	/** The session ends after this many seconds without a request. */
	idleTimeoutSeconds: z.number().int().positive(),
	/** The session ends this many seconds after the log-in, however busy (absent: no such limit). */
	absoluteTimeoutSeconds: z.number().int().positive().optional(),
	/**
	The password is the factory default: until PUT /session/password changes it, every other
	request is refused (403 password_change_required). Absent means false.
	*/
	passwordChangeRequired: z.boolean().optional(),
});
export type LoginResponse = z.infer<typeof loginResponseSchema>;

/** PUT /session/password. The rules for the new one are in password-rules.ts (400 validation per field). */
export const passwordChangeRequestSchema = z.object({
	currentPassword: z.string().max(256),
	newPassword: z.string().max(256),
});
export type PasswordChangeRequest = z.infer<typeof passwordChangeRequestSchema>;

// Errors

export const fieldErrorSchema = z.object({
	code: z.enum(fieldErrorCodes),
	message: z.string().max(limits.message),
});
export type FieldError = z.infer<typeof fieldErrorSchema>;

export const apiErrorSchema = z.object({
	error: z.enum(apiErrorCodes),
	message: z.string().max(limits.message),
	fields: z.record(z.string().max(limits.fieldName), fieldErrorSchema)
		.refine(fields => Object.keys(fields).length <= limits.fieldErrors, `At most ${limits.fieldErrors} field errors.`)
		.optional(),
	retryAfterSeconds: z.number().int().nonnegative().optional(),
	/** With `not_saved`: why the storage refused the write, as the operating system names it (ENOSPC, EACCES, EROFS, EIO, ...). */
	errno: z.string().regex(/^E[A-Z0-9]{1,15}$/).optional(),
});
export type ApiError = z.infer<typeof apiErrorSchema>;

// Statuses

export const connectionStatusSchema = z.object({
	status: z.enum(connectionStatuses),
	reason: z.enum(connectionFailureReasons).optional(),
	detail: z.string().max(limits.detail).optional(),
	checkedAt: z.iso.datetime().max(limits.timestamp).optional(),
});
export type ConnectionStatus = z.infer<typeof connectionStatusSchema>;

export const tokenStatusSchema = z.object({
	status: z.enum(tokenStatuses),
	reason: z.enum(tokenFailureReasons).optional(),
	/** The identity provider's error_description, as it sent it (draw it sanitized). */
	detail: z.string().max(limits.detail).optional(),
	/** When the current access token expires (it is refreshed before that). */
	expiresAt: z.iso.datetime().max(limits.timestamp).optional(),
	/** The account that authorized (its mail address): the sender of the device's mail. */
	account: z.string().max(limits.account).optional(),
});
export type TokenStatus = z.infer<typeof tokenStatusSchema>;

// Microsoft

export const microsoftBasicSettingsSchema = z.object({
	enabled: z.boolean(),
	verifyServerCertificate: z.boolean(),
	addCnToVerification: z.boolean(),
	endpoint: z.string().max(limits.url),
});
export type MicrosoftBasicSettings = z.infer<typeof microsoftBasicSettingsSchema>;

/** A pending device authorization (RFC 8628): what the engineer needs to sign in. */
export const deviceAuthorizationSchema = z.object({
	userCode: z.string().max(limits.userCode),
	verificationUri: z.string().max(limits.url),
	message: z.string().max(limits.message),
	expiresAt: z.iso.datetime().max(limits.timestamp),
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

// Google

/** What PUT /oauth2/google/basic takes. The secret is write-only: leave it out to keep the stored one. */
export const googleBasicSettingsRequestSchema = z.object({
	enabled: z.boolean(),
	verifyServerCertificate: z.boolean(),
	addCnToVerification: z.boolean(),
	clientId: z.string().max(limits.clientId),
	clientSecret: z.string().max(limits.clientSecret).optional(),
});
export type GoogleBasicSettingsRequest = z.infer<typeof googleBasicSettingsRequestSchema>;

/** What the device shows of its Google settings: whether a secret is stored, never the secret. */
export const googleBasicSettingsSchema = googleBasicSettingsRequestSchema.omit({clientSecret: true}).extend({
	clientSecretSet: z.boolean(),
	/**
	Counts the writes of a client secret (0: none yet); never the secret, nothing derived from it.
	It makes a secret change a settings change (ETag, If-Match), and tells a client whose answer
	to a save was lost whether its secret was written. Absent from devices that do not count.
	*/
	clientSecretRevision: z.number().int().nonnegative().optional(),
});
export type GoogleBasicSettings = z.infer<typeof googleBasicSettingsSchema>;

/**
Authorization information: the URL the engineer opens to consent. Its `state` and PKCE
verifier stay on the device; the redirect goes to the loopback `redirectUri`, where nothing
listens, so the browser shows an error page whose address carries the code.
*/
export const googleAuthorizationSchema = z.object({
	url: z.string().max(limits.url),
	redirectUri: z.string().max(limits.url),
	createdAt: z.iso.datetime().max(limits.timestamp),
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
	authorizationCode: z.string().max(limits.authorizationCode),
});
export type GoogleAuthorizationRequest = z.infer<typeof googleAuthorizationRequestSchema>;

// Forgetting the authorization

/**
What DELETE /oauth2/{provider}/token did at the identity provider before the device forgot the
tokens (it forgets them whatever happened there):
- `revoked`: the identity provider accepted the revocation (Google: RFC 7009 endpoint, 200).
- `failed`: it could not be told (no answer, or it refused): `detail` says why.
- `not-supported`: it has no revocation endpoint for these tokens (Microsoft Entra ID).
- `nothing-to-revoke`: the device held no token.
*/
export const tokenRevocationSchema = z.object({
	status: z.enum(['revoked', 'failed', 'not-supported', 'nothing-to-revoke']),
	/** In words, never a token; draw it sanitized. */
	detail: z.string().max(limits.revocationDetail).optional(),
});
export type TokenRevocation = z.infer<typeof tokenRevocationSchema>;

/** DELETE /oauth2/microsoft/token: the state after forgetting, and what the revocation did. */
export const microsoftTokenResetSchema = microsoftStateSchema.extend({revocation: tokenRevocationSchema});
export type MicrosoftTokenReset = z.infer<typeof microsoftTokenResetSchema>;

/** DELETE /oauth2/google/token: as Microsoft's. */
export const googleTokenResetSchema = googleStateSchema.extend({revocation: tokenRevocationSchema});
export type GoogleTokenReset = z.infer<typeof googleTokenResetSchema>;

// Test mail

/** POST /oauth2/{provider}/test-mail: send a short message with the current access token. */
export const testMailRequestSchema = z.object({
	to: z.string().max(limits.account),
});
export type TestMailRequest = z.infer<typeof testMailRequestSchema>;

/**
What the device reports after trying: sent or not, from which account, through which server,
and the server's own last reply (e.g. `250 2.0.0 OK`, `535 5.7.3 Authentication
unsuccessful`), as it sent it (draw it sanitized).
*/
export const testMailResultSchema = z.object({
	sent: z.boolean(),
	from: z.string().max(limits.account),
	to: z.string().max(limits.account),
	/** host:port of the provider's SMTP server (STARTTLS, SASL XOAUTH2). */
	server: z.string().max(limits.server),
	reply: z.string().max(limits.reply).optional(),
	failure: z.enum(testMailFailures).optional(),
	at: z.iso.datetime().max(limits.timestamp),
});
export type TestMailResult = z.infer<typeof testMailResultSchema>;
