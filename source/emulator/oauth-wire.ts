/**
What identity providers send back, as the device reads it (OAuth 2.0 / RFC 8628 wire
format). These are the identity provider's shapes, not the device API's: the device API's
are in contract.ts. Lenient where real servers differ (Entra's v1 endpoints sent numbers as
strings), strict where a missing value would break the flow.
*/
import {z} from 'zod';

const seconds = z.coerce.number().int().positive();

/** RFC 8628 §3.2, as Entra sends it (`message` is Entra's; `verification_uri_complete` is not sent). */
export const deviceCodeResponseSchema = z.object({
	device_code: z.string().min(1),
	user_code: z.string().min(1).max(64),
	verification_uri: z.string().min(1).max(2048),
	expires_in: seconds,
	// RFC 8628 §3.2: default 5 s when absent.
	interval: seconds.default(5),
	// Taken however long (the response itself is at most 1 MiB, outbound.ts), and cut to the
	// contract's limit when kept (text-limits.ts): a wordy message must not fail the sign-in.
	message: z.string().optional(),
});
export type DeviceCodeResponse = z.infer<typeof deviceCodeResponseSchema>;

/** RFC 6749 §5.1. */
export const tokenResponseSchema = z.object({
	access_token: z.string().min(1),
	token_type: z.string().optional(),
	expires_in: seconds,
	refresh_token: z.string().min(1).optional(),
	scope: z.string().optional(),
	/** OpenID Connect Core §3.1.3.3, when `openid` was granted; checked in id-token.ts (which bounds its length). */
	id_token: z.string().min(1).optional(),
});
export type TokenResponse = z.infer<typeof tokenResponseSchema>;

/**
RFC 6749 §5.2; Entra adds error_codes, trace_id, correlation_id, timestamp, error_uri. Of
those the device reads `error_codes` (the AADSTS numbers, which say more than `error`: see
token-endpoint.ts); a list that is not one is ignored rather than making the error unreadable.
*/
export const oauthErrorSchema = z.object({
	error: z.string().min(1).max(256),
	error_description: z.string().max(8192).optional(),
	error_codes: z.array(z.number().int().nonnegative()).max(16).optional().catch(undefined),
});
export type OAuthError = z.infer<typeof oauthErrorSchema>;

export function parseOAuthError(json: unknown): OAuthError | undefined {
	const parsed = oauthErrorSchema.safeParse(json);
	return parsed.success ? parsed.data : undefined;
}

/** The first line of an Entra error_description (the rest is trace and correlation ids). */
export function shortDescription(error: OAuthError): string {
	const text = error.error_description ?? error.error;
	const firstLine = text.split(/\r?\n/, 1)[0] ?? text;
	return firstLine.length > 500 ? `${firstLine.slice(0, 499)}…` : firstLine;
}
