/**
Entra's errors, worded as Entra words them (each with the transcript or Microsoft Learn page it
comes from), and the error body every Entra endpoint sends: `error`, `error_description`
"AADSTS…" with trace and correlation IDs, `error_codes`, `timestamp`, `suberror`. Also the form
reading every Entra endpoint shares.
*/
import {randomUUID} from 'node:crypto';
import {
	entraHost,
	offlineApplicationName,
	truncate,
	type EntraFailure,
	type EntraRequestContext,
	type EntraResponse,
} from './model.js';

export const entraFailures = {
	unknownTenant: (tenant: string): EntraFailure => ({
		error: 'invalid_request',
		code: 90_002,
		description: `Tenant '${truncate(tenant, 256)}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
	}),
	missingParameter: (name: string): EntraFailure => ({
		error: 'invalid_request',
		code: 900_144,
		description: `The request body must contain the following parameter: '${name}'.`,
	}),
	malformed: (detail?: string): EntraFailure => ({
		error: 'invalid_request',
		code: 9_002_313,
		description: `Invalid request. Request is malformed or invalid.${detail ? ` ${detail}` : ''}`,
	}),
	tooLarge: (limit: number): EntraFailure => ({
		...entraFailures.malformed(`The request body is larger than ${limit} bytes.`),
		status: 413,
	}),
	wrongMethod: (allowed: string, received: string): EntraFailure => ({
		error: 'invalid_request',
		code: 900_561,
		description: `The endpoint only accepts ${allowed} requests. Received a ${truncate(received, 16)} request.`,
	}),
	unknownClient: (clientId: string, tenant: string): EntraFailure => ({
		error: 'unauthorized_client',
		code: 700_016,
		description: `Application with identifier '${truncate(clientId, 128)}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
	}),
	publicClientWithSecret: (): EntraFailure => ({
		error: 'invalid_client',
		code: 700_025,
		description: 'Client is public so neither \'client_assertion\' nor \'client_secret\' should be presented.',
		status: 401,
	}),
	unsupportedGrantType: (grantType: string): EntraFailure => ({
		error: 'unsupported_grant_type',
		code: 70_003,
		description: `The app requested an unsupported grant type '${truncate(grantType, 128)}'.`,
	}),
	badVerificationCode: (): EntraFailure => ({
		error: 'bad_verification_code',
		code: 70_018,
		description: 'The provided value for the input parameter \'device_code\' is not valid.',
	}),
	alreadyRedeemed: (): EntraFailure => ({
		error: 'invalid_grant',
		code: 54_005,
		description: 'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.',
	}),
	grantOfOtherClient: (): EntraFailure => ({
		error: 'invalid_grant',
		code: 70_000,
		description: 'Provided grant is invalid or malformed. It was issued to a different client.',
	}),
	expiredToken: (): EntraFailure => ({
		error: 'expired_token',
		code: 70_020,
		description: 'The provided value for the input parameter \'device_code\' is not valid. This device code has expired.',
	}),
	declined: (): EntraFailure => ({
		error: 'authorization_declined',
		code: 70_000,
		description: 'The user declined to sign in to the application.',
	}),
	slowDown: (): EntraFailure => ({
		error: 'slow_down',
		code: 70_023,
		description: 'OAuth 2.0 device flow error. The client is polling too frequently. Add 5 seconds to the polling interval.',
	}),
	pending: (): EntraFailure => ({
		error: 'authorization_pending',
		code: 70_016,
		description: 'OAuth 2.0 device flow error. Authorization is pending. Continue polling.',
	}),
	unknownRefreshToken: (): EntraFailure => ({
		error: 'invalid_grant',
		code: 9_002_313,
		description: 'Invalid request. Request is malformed or invalid. The refresh token is not valid.',
	}),
	// Text from a transcript of login.microsoftonline.com (Azure/azure-cli issue #14244, 2020);
	// the suberror from MSAL's log of the same error (microsoft/foundry-dev-tools issue #707).
	expiredRefreshToken: (issuedAt: number): EntraFailure => ({
		error: 'invalid_grant',
		code: 700_082,
		description: `The refresh token has expired due to inactivity. The token was issued on ${new Date(issuedAt).toISOString().replace(/Z$/, '0000Z')} and was inactive for 90.00:00:00.`,
		suberror: 'bad_token',
	}),
	revokedRefreshToken: (): EntraFailure => ({
		error: 'invalid_grant',
		code: 50_173,
		description: 'The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password.',
	}),
	unavailable: (status: number): EntraFailure => ({
		error: 'temporarily_unavailable',
		code: 90_033,
		description: 'A transient error has occurred. Please try again.',
		status,
	}),
	// "if a non-existent authority is used, then Microsoft Entra ID returns an "invalid_instance"
	// error" (Microsoft Learn, "Custom authority aliases" (MSAL.NET), with that error's body).
	unknownInstance: (): EntraFailure => ({
		error: 'invalid_instance',
		code: 50_049,
		description: 'Unknown or invalid instance.',
	}),
	// An app registered for "Accounts in this organizational directory only", at /common or
	// /organizations. Text as Entra sends it, quoted in e.g. microsoftgraph/msgraph-sample-phpapp
	// issue #199 and microsoftgraph/aspnetcore-connect-sample issue #65 (error invalid_request).
	singleTenantApplication: (appId: string): EntraFailure => ({
		error: 'invalid_request',
		code: 50_194,
		description: `Application '${truncate(appId, 128)}'(${offlineApplicationName}) is not configured as a multi-tenant application. Usage of the /common endpoint is not supported for such applications created after '10/15/2018'. Use a tenant-specific endpoint or configure the application to be multi-tenant.`,
	}),
	// "Allow public client flows" is off, so the app must authenticate. 401 invalid_client, as in
	// the transcripts in MicrosoftDocs/azure-docs issue #31986 (a device code redeemed at /token)
	// and Azure/azure-sdk-for-go issue #22386.
	confidentialClientWithoutSecret: (): EntraFailure => ({
		error: 'invalid_client',
		code: 7_000_218,
		description: 'The request body must contain the following parameter: \'client_assertion\' or \'client_secret\'.',
		status: 401,
	}),
	// A confidential client with a secret Entra does not know (none is registered offline).
	// Transcript: OfficeDev/microsoft-365-agents-toolkit issue #8621.
	wrongClientSecret: (appId: string): EntraFailure => ({
		error: 'invalid_client',
		code: 7_000_215,
		description: `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${truncate(appId, 128)}'.`,
		status: 401,
	}),
	// No consent for the app (or for this scope) in the tenant. Body (with suberror
	// consent_required) as in the transcript in MicrosoftDocs/azure-docs issue #39189; the named
	// form of the text as in Azure-Samples/ms-identity-dotnet-advanced-token-cache issue #5.
	consentRequired: (appId: string): EntraFailure => ({
		error: 'invalid_grant',
		code: 65_001,
		description: `The user or administrator has not consented to use the application with ID '${truncate(appId, 128)}' named '${offlineApplicationName}'. Send an interactive authorization request for this user and resource.`,
		suberror: 'consent_required',
	}),
} as const;

const guidPattern = /^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/i;

/** Entra's timestamp format: `2022-08-25 09:34:07Z`. */
function entraTimestamp(time: number): string {
	return new Date(time).toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, 'Z');
}

/** The body of every Entra error (the `failure` of an endpoint), at the clock `now`. */
export function failure(clock: {now: () => number}, reason: EntraFailure, context: EntraRequestContext = {}): EntraResponse {
	const time = clock.now();
	const timestamp = entraTimestamp(time);
	const traceId = randomUUID();
	const correlationId = context.clientRequestId && guidPattern.test(context.clientRequestId)
		? context.clientRequestId.toLowerCase()
		: randomUUID();
	return {
		status: reason.status ?? 400,
		body: {
			error: reason.error,
			error_description: `AADSTS${reason.code}: ${reason.description}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
			error_codes: [reason.code],
			timestamp,
			trace_id: traceId,
			correlation_id: correlationId,
			error_uri: `https://${entraHost}/error?code=${reason.code}`,
			...(reason.suberror === undefined ? {} : {suberror: reason.suberror}),
		},
	};
}

/**
Reads the named parameters. Entra refuses a request that repeats a parameter, and so do we
(RFC 6749 §3.2). Returns a failure or the values (absent = undefined, blank = '').
*/
export function readForm<Name extends string>(form: URLSearchParams, names: readonly Name[]): EntraFailure | Record<Name, string | undefined> {
	const values = {} as Record<Name, string | undefined>;
	for (const name of names) {
		const all = form.getAll(name);
		if (all.length > 1) {
			return entraFailures.malformed(`The parameter '${name}' is repeated.`);
		}

		values[name] = all[0]?.trim();
	}

	return values;
}

export function isFailure(value: unknown): value is EntraFailure {
	return typeof value === 'object' && value !== null && 'error' in value && 'code' in value;
}

