/**
The Entra ID (login.microsoftonline.com) half of the offline identity provider: the device
authorization grant (RFC 8628), token refresh, instance discovery, the OpenID discovery
document and the signing key set, with Entra's error bodies. Faithful enough that Microsoft's
own client, @azure/msal-node, works against it unmodified (test/conformance/msal-node.test.ts).
No I/O: the server hands in parsed forms and sends back what it gets. Time comes only from the
injected clock.
*/
import {createHash, randomBytes, randomInt, randomUUID} from 'node:crypto';
import {microsoftTenants, type MicrosoftTenant} from '../contract.js';
import {AccessTokens, type AccessTokenGrant} from './access-tokens.js';
import type {SigningKeys} from './signing-keys.js';

export const entraHost = 'login.microsoftonline.com';
/** RFC 8628's grant type, as Microsoft Learn ("OAuth 2.0 device authorization grant") documents it. */
export const deviceCodeGrantType = 'urn:ietf:params:oauth:grant-type:device_code';
/**
The short value @azure/msal-node (and MSAL.NET) send in production: msal-common's
`GrantType.DEVICE_CODE_GRANT = "device_code"`. Real Entra accepts both.
*/
export const shortDeviceCodeGrantType = 'device_code';
export const refreshTokenGrantType = 'refresh_token';
export const defaultAccount = 'engineer@contoso.example';
/** The resource Outlook access tokens are issued for (their `aud`), and the SMTP permission in them. */
export const outlookResource = 'https://outlook.office.com';
export const smtpSendScope = `${outlookResource}/SMTP.Send`;
export const maxAccountLength = 256;

/** The fixed tenant ID that stands for "your organization" offline. */
export const offlineTenantId = '00000000-0000-4000-8000-0000000c0de0';
/** The real tenant ID of personal Microsoft accounts, which `consumers` resolves to. */
const consumersTenantId = '9188040d-6c67-4c5b-b112-36a304b66dad';
/** The display name of the offline app registration (Entra names it in some errors). */
export const offlineApplicationName = 'cloudmail-setup';
/** The scopes OpenID Connect defines; Entra allows them next to any consented resource scopes. */
const oidcScopes = new Set(['openid', 'profile', 'email', 'offline_access']);
/**
"The default lifetime for the refresh tokens is 24 hours for single page apps and 90 days for
all other scenarios." (Microsoft Learn, "Refresh tokens in the Microsoft identity platform").
*/
const refreshTokenLifetimeMilliseconds = 90 * 24 * 60 * 60 * 1000;
/**
Used refresh tokens stay valid, so every refresh adds one. Beyond this many the oldest is
forgotten (it then answers as unknown), so that a client looping on refresh cannot exhaust
memory. Real Entra has no such limit that a client could see.
*/
const maxRefreshTokens = 100_000;

/**
How the offline app registration is set up, to reproduce the misconfigurations that real
tenants have:
- `multi-tenant`: works at /common, /organizations and /consumers (the default);
- `single-tenant`: "Accounts in this organizational directory only": /common and /organizations
  answer AADSTS50194;
- `public-client-flows-off`: "Allow public client flows" is No: the app is a confidential
  client and redeeming a device code or a refresh token without a secret answers AADSTS7000218;
- `consent-missing`: nobody has consented to the app in the tenant: issuing tokens answers
  AADSTS65001.
*/
export const entraApplications = ['multi-tenant', 'single-tenant', 'public-client-flows-off', 'consent-missing'] as const;
export type EntraApplication = (typeof entraApplications)[number];

export type EntraSettings = {
	deviceCodeLifetimeSeconds: number;
	intervalSeconds: number;
	accessTokenLifetimeSeconds: number;
	/** The next N device-code polls of a live code answer `slow_down`. */
	slowDownCount: number;
	/** The next `count` token requests answer `status` with `temporarily_unavailable`. */
	failNextTokenRequests: {status: number; count: number};
	/** How the app registration is set up (see `entraApplications`). */
	entraApplication: EntraApplication;
};

export const defaultEntraSettings: Readonly<EntraSettings> = Object.freeze({
	deviceCodeLifetimeSeconds: 900,
	intervalSeconds: 5,
	accessTokenLifetimeSeconds: 3600,
	slowDownCount: 0,
	failNextTokenRequests: Object.freeze({status: 503, count: 0}),
	entraApplication: 'multi-tenant',
});

export type EntraResponse = {
	status: number;
	body: Record<string, unknown>;
};

export type EntraRequestContext = {
	/** The client's `client-request-id` header; Entra echoes a GUID-shaped one as correlation_id. */
	clientRequestId?: string | undefined;
};

export type PendingAuthorization = {
	userCode: string;
	tenant: MicrosoftTenant;
	clientId: string;
	/** ISO 8601. */
	expiresAt: string;
};

export type Decision = 'allow' | 'deny';
export type DecisionResult = 'approved' | 'denied' | 'unknown' | 'expired' | 'already-decided';
export type RevokeResult = {refreshTokens: number; accessTokens: number};
export type {AccessTokenGrant} from './access-tokens.js';

export type Entra = {
	/** GET /common/discovery/instance: which hosts are aliases of an authority's cloud. */
	instanceDiscovery(query: URLSearchParams, context?: EntraRequestContext): EntraResponse;
	openidConfiguration(tenant: string, context?: EntraRequestContext): EntraResponse;
	/** GET /{tenant}/discovery/v2.0/keys: the keys ID tokens are signed with. */
	signingKeys(tenant: string, context?: EntraRequestContext): EntraResponse;
	deviceAuthorization(tenant: string, form: URLSearchParams, context?: EntraRequestContext): EntraResponse;
	token(tenant: string, form: URLSearchParams, context?: EntraRequestContext): EntraResponse;
	/** What the verification page does: allow or deny a user code. */
	decide(userCode: string, decision: Decision, account?: string): DecisionResult;
	pending(): PendingAuthorization[];
	revokeAll(): RevokeResult;
	isAccessTokenValid(token: string): boolean;
	/** The grant of an access token that is known, not expired and not revoked; else undefined. */
	accessTokenGrant(token: string): AccessTokenGrant | undefined;
	settings(): EntraSettings;
	/** Values are trusted here; the controls validate them first. */
	configure(patch: Partial<EntraSettings>): EntraSettings;
	reset(): void;
	/** An Entra-shaped error for conditions the server detects (wrong method, body too large). */
	errorResponse(failure: EntraFailure, context?: EntraRequestContext): EntraResponse;
};

export type EntraOptions = {
	now: () => number;
	/** Accepted client IDs (compared case-insensitively, as GUIDs are). */
	clientIds: readonly string[];
	/** Read on every device authorization: the server knows its port only once it listens. */
	verificationUri: () => string;
	/** Signs ID tokens; its key set is served at the tenant's `jwks_uri`. */
	signingKeys: SigningKeys;
};

/** An error as Entra words it; `status` defaults to 400. */
export type EntraFailure = {
	error: string;
	code: number;
	description: string;
	status?: number;
	/** Entra's `suberror`, which clients such as MSAL read to tell what the user must do. */
	suberror?: string;
};

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

// User codes: no 0/O or 1/I, so that what is read aloud or typed from a phone is unambiguous.
const userCodeAlphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const userCodeLength = 9;
const guidPattern = /^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/i;
// How long a finished device code or retired refresh token is still recognised (and answered
// with expired_token, invalid_grant...) before it is forgotten and becomes "unknown".
const retentionMilliseconds = 60 * 60 * 1000;
const sweepEveryMilliseconds = 60 * 1000;

type DeviceAuthorizationRecord = {
	deviceCode: string;
	userCode: string;
	tenant: MicrosoftTenant;
	clientId: string;
	scope: string;
	expiresAt: number;
	state: 'pending' | 'approved' | 'denied' | 'redeemed';
	account: string;
};

type Grant = {
	tenant: MicrosoftTenant;
	clientId: string;
	scope: string;
	account: string;
};

type RefreshTokenRecord = Grant & {
	/** The resource scopes the user consented to when signing in; refreshes may ask for no others. */
	consented: readonly string[];
	/**
	Using a refresh token does not retire it: "The Microsoft identity platform doesn't revoke old
	refresh tokens when used to fetch new access tokens." (Microsoft Learn, "Refresh tokens in the
	Microsoft identity platform"). Only revocation and expiry end it.
	*/
	state: 'active' | 'revoked';
	issuedAt: number;
	expiresAt: number;
	retiredAt?: number;
};

/** What a token request asked for besides its grant. */
type TokenOptions = {clientInfo: boolean};

function truncate(text: string, length: number): string {
	return text.length > length ? `${text.slice(0, length)}...` : text;
}

function randomToken(bytes: number): string {
	return randomBytes(bytes).toString('base64url');
}

function isTenant(tenant: string): tenant is MicrosoftTenant {
	return microsoftTenants.some(known => known === tenant);
}

/** Entra's timestamp format: `2022-08-25 09:34:07Z`. */
function entraTimestamp(time: number): string {
	return new Date(time).toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, 'Z');
}

function scopesOf(scope: string): string[] {
	return scope.split(' ').filter(item => item.length > 0);
}

/** Case, spaces and dashes do not matter: `abcd-efgh j` is `ABCDEFGHJ`. */
export function normalizeUserCode(userCode: string): string {
	return userCode.toUpperCase().replace(/[\s-]+/g, '');
}

/** What the approval form accepted as an account name: trimmed, printable, bounded. */
export function normalizeAccount(account: string | undefined): string {
	const cleaned = (account ?? '').replace(/[\u0000-\u001F\u007F-\u009F]/g, '').trim().slice(0, maxAccountLength);
	return cleaned.length > 0 ? cleaned : defaultAccount;
}

function guidFrom(text: string): string {
	const hex = createHash('sha256').update(text).digest('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function tenantIdOf(tenant: MicrosoftTenant): string {
	return tenant === 'consumers' ? consumersTenantId : offlineTenantId;
}

/** The user's object ID; personal accounts' have the `00000000-0000-0000-` form Entra gives them. */
function oidOf(grant: Grant): string {
	const oid = guidFrom(`oid:${grant.account}`);
	return grant.tenant === 'consumers' ? `00000000-0000-0000-${oid.slice(19)}` : oid;
}

function isOidcScope(scope: string): boolean {
	return oidcScopes.has(scope);
}

/** `https://outlook.office.com/SMTP.Send` → `https://outlook.office.com`; a bare scope has no resource. */
function resourceOf(scope: string): string | undefined {
	const slash = scope.lastIndexOf('/');
	return slash > 0 && scope.includes('://') ? scope.slice(0, slash) : undefined;
}

/**
The scopes a refresh may be granted: the OpenID Connect scopes, and the resource scopes that
were consented. `{resource}/.default` stands for all the consented scopes of that resource.
Returns the scopes to issue, or undefined when one was never consented.
*/
function consentedScopes(requested: readonly string[], consented: readonly string[]): string[] | undefined {
	const granted: string[] = [];
	for (const scope of requested) {
		if (isOidcScope(scope) || consented.includes(scope)) {
			granted.push(scope);
			continue;
		}

		const resource = resourceOf(scope);
		const ofResource = consented.filter(item => resource !== undefined && resourceOf(item) === resource);
		if (scope === `${resource}/.default` && ofResource.length > 0) {
			granted.push(...ofResource);
			continue;
		}

		return undefined;
	}

	return [...new Set(granted)];
}

/**
Instance discovery's metadata as login.microsoftonline.com answers it (a recorded answer of
GET https://login.microsoftonline.com/common/discovery/instance?api-version=1.1&authorization_endpoint=…
in the Azure SDK for JS test recordings, 2021; msal-common's built-in AuthorityMetadata has the
same entries and a few newer sovereign clouds). Shape described in Microsoft Learn, "Custom
authority aliases" (MSAL.NET).
*/
const instanceMetadata = [
	{preferred_network: 'login.microsoftonline.com', preferred_cache: 'login.windows.net', aliases: ['login.microsoftonline.com', 'login.windows.net', 'login.microsoft.com', 'sts.windows.net']},
	{preferred_network: 'login.partner.microsoftonline.cn', preferred_cache: 'login.partner.microsoftonline.cn', aliases: ['login.partner.microsoftonline.cn', 'login.chinacloudapi.cn']},
	{preferred_network: 'login.microsoftonline.de', preferred_cache: 'login.microsoftonline.de', aliases: ['login.microsoftonline.de']},
	{preferred_network: 'login.microsoftonline.us', preferred_cache: 'login.microsoftonline.us', aliases: ['login.microsoftonline.us', 'login.usgovcloudapi.net']},
	{preferred_network: 'login-us.microsoftonline.com', preferred_cache: 'login-us.microsoftonline.com', aliases: ['login-us.microsoftonline.com']},
] as const;

function base64UrlJson(value: unknown): string {
	return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

export function createEntra(options: EntraOptions): Entra {
	const {now} = options;
	const acceptedClients = new Set(options.clientIds.map(id => id.toLowerCase()));
	let settings = cloneSettings(defaultEntraSettings);
	const byDeviceCode = new Map<string, DeviceAuthorizationRecord>();
	const byUserCode = new Map<string, DeviceAuthorizationRecord>();
	const refreshTokens = new Map<string, RefreshTokenRecord>();
	const accessTokens = new AccessTokens(now);
	let lastSweep = Number.NEGATIVE_INFINITY;

	function failure(reason: EntraFailure, context: EntraRequestContext = {}): EntraResponse {
		const time = now();
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

	/** Forgets what is long finished, at most once a minute of clock time. */
	function sweep(): void {
		const time = now();
		if (time - lastSweep < sweepEveryMilliseconds) {
			return;
		}

		lastSweep = time;
		for (const [deviceCode, record] of byDeviceCode) {
			if (record.expiresAt + retentionMilliseconds < time) {
				byDeviceCode.delete(deviceCode);
				if (byUserCode.get(record.userCode) === record) {
					byUserCode.delete(record.userCode);
				}
			}
		}

		for (const [token, record] of refreshTokens) {
			const end = Math.min(record.retiredAt ?? Number.POSITIVE_INFINITY, record.expiresAt);
			if (end + retentionMilliseconds < time) {
				refreshTokens.delete(token);
			}
		}

		accessTokens.sweep(time);
	}

	function newUserCode(): string {
		for (;;) {
			let code = '';
			for (let index = 0; index < userCodeLength; index++) {
				code += userCodeAlphabet[randomInt(userCodeAlphabet.length)];
			}

			if (!byUserCode.has(code)) {
				return code;
			}
		}
	}

	/**
	Reads the named parameters. Entra refuses a request that repeats a parameter, and so do we
	(RFC 6749 §3.2). Returns a failure or the values (absent = undefined, blank = '').
	*/
	function readForm<Name extends string>(form: URLSearchParams, names: readonly Name[]): EntraFailure | Record<Name, string | undefined> {
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

	function isFailure(value: unknown): value is EntraFailure {
		return typeof value === 'object' && value !== null && 'error' in value && 'code' in value;
	}

	/** The checks every request to /devicecode and /token shares. */
	function checkClient(tenant: string, clientId: string | undefined): EntraFailure | MicrosoftTenant {
		if (!isTenant(tenant)) {
			return entraFailures.unknownTenant(tenant);
		}

		if (!clientId) {
			return entraFailures.missingParameter('client_id');
		}

		if (!acceptedClients.has(clientId.toLowerCase())) {
			return entraFailures.unknownClient(clientId, tenant);
		}

		return tenant;
	}

	function issueTokens(grant: Grant, consented: readonly string[], tokenOptions: TokenOptions): EntraResponse {
		const time = now();
		const scopes = scopesOf(grant.scope);
		const lifetime = settings.accessTokenLifetimeSeconds;
		const accessToken = grant.tenant === 'consumers' ? opaqueAccessToken() : unsignedAccessToken(grant, time, lifetime);
		accessTokens.issue(accessToken, {account: grant.account, scopes: scopes.filter(scope => scope !== 'offline_access')}, time + (lifetime * 1000));
		const body: Record<string, unknown> = {
			token_type: 'Bearer',
			// Entra does not echo offline_access; it answers it with a refresh token.
			scope: scopes.filter(scope => scope !== 'offline_access').join(' '),
			expires_in: lifetime,
			ext_expires_in: lifetime,
			access_token: accessToken,
		};
		if (scopes.includes('offline_access')) {
			const refreshToken = randomToken(96);
			if (refreshTokens.size >= maxRefreshTokens) {
				// A Map iterates in insertion order: the first key is the oldest token.
				refreshTokens.delete(refreshTokens.keys().next().value!);
			}

			refreshTokens.set(refreshToken, {
				...grant,
				consented,
				state: 'active',
				issuedAt: time,
				expiresAt: time + refreshTokenLifetimeMilliseconds,
			});
			body['refresh_token'] = refreshToken;
		}

		if (scopes.includes('openid')) {
			body['id_token'] = signedIdToken(grant, time, lifetime);
		}

		// MSAL sends client_info=1 and builds its account's home ID from the answer: base64url of
		// {"uid": object ID, "utid": tenant ID}. Without it msal-node logs "No client info in response".
		if (tokenOptions.clientInfo) {
			body['client_info'] = base64UrlJson({uid: oidOf(grant), utid: tenantIdOf(grant.tenant)});
		}

		return {status: 200, body};
	}

	/**
	Personal Microsoft accounts get access tokens that are not JWTs: "Tokens for Microsoft services
	can use a special format that will not validate as a JWT, and may also be encrypted for
	consumer (Microsoft account) users." (Microsoft Learn, "Access tokens in the Microsoft identity
	platform"). Nothing can be read from them; this server knows them by lookup.
	*/
	function opaqueAccessToken(): string {
		return randomToken(192);
	}

	/**
	Shaped like the v1.0 access tokens Entra issues for Outlook to work accounts (a JWT with
	`aud`, `scp`, `upn`, `unique_name`), but unsigned (alg "none"): clients must treat access
	tokens as opaque (Microsoft Learn, "Access tokens in the Microsoft identity platform"), and this
	server checks tokens by looking them up, never by their claims.
	*/
	function unsignedAccessToken(grant: Grant, time: number, lifetime: number): string {
		const seconds = Math.floor(time / 1000);
		const tenantId = tenantIdOf(grant.tenant);
		const resourceScopes = scopesOf(grant.scope)
			.filter(scope => scope.startsWith(`${outlookResource}/`))
			.map(scope => scope.slice(outlookResource.length + 1));
		const payload = {
			aud: outlookResource,
			iss: `https://sts.windows.net/${tenantId}/`,
			iat: seconds,
			nbf: seconds,
			exp: seconds + lifetime,
			appid: grant.clientId,
			name: grant.account,
			oid: oidOf(grant),
			preferred_username: grant.account,
			scp: resourceScopes.join(' '),
			tid: tenantId,
			unique_name: grant.account,
			upn: grant.account,
			// Unique per token, as Entra's `uti` is: no two tokens are the same string.
			uti: randomToken(16),
			ver: '1.0',
		};
		return `${base64UrlJson({typ: 'JWT', alg: 'none'})}.${base64UrlJson(payload)}.`;
	}

	/**
	A v2.0 ID token as Entra issues it (Microsoft Learn, "ID token claims reference"), signed
	RS256 with the key published at the tenant's jwks_uri. `email` only with the email scope;
	no `nonce`: the device code flow has none.
	*/
	function signedIdToken(grant: Grant, time: number, lifetime: number): string {
		const seconds = Math.floor(time / 1000);
		const tenantId = tenantIdOf(grant.tenant);
		const withEmail = scopesOf(grant.scope).includes('email') && grant.account.includes('@');
		return options.signingKeys.signJwt({
			aud: grant.clientId,
			iss: `https://${entraHost}/${tenantId}/v2.0`,
			iat: seconds,
			nbf: seconds,
			exp: seconds + lifetime,
			...(withEmail ? {email: grant.account} : {}),
			name: grant.account,
			oid: oidOf(grant),
			preferred_username: grant.account,
			sub: guidFrom(`sub:${grant.clientId}:${grant.account}`),
			tid: tenantId,
			ver: '2.0',
		});
	}

	function redeemDeviceCode(tenant: MicrosoftTenant, clientId: string, deviceCode: string | undefined, tokenOptions: TokenOptions): EntraFailure | EntraResponse {
		if (!deviceCode) {
			return entraFailures.missingParameter('device_code');
		}

		const record = byDeviceCode.get(deviceCode);
		// A code asked for under another tenant is not found under this one.
		if (!record || record.tenant !== tenant) {
			return entraFailures.badVerificationCode();
		}

		if (record.clientId.toLowerCase() !== clientId.toLowerCase()) {
			return entraFailures.grantOfOtherClient();
		}

		if (record.state === 'redeemed') {
			return entraFailures.alreadyRedeemed();
		}

		if (now() >= record.expiresAt) {
			return entraFailures.expiredToken();
		}

		if (settings.slowDownCount > 0) {
			settings.slowDownCount--;
			return entraFailures.slowDown();
		}

		switch (record.state) {
			case 'denied': {
				return entraFailures.declined();
			}

			case 'pending': {
				return entraFailures.pending();
			}

			case 'approved': {
				// Nobody has consented to the app: Entra refuses to issue the tokens (AADSTS65001).
				if (settings.entraApplication === 'consent-missing') {
					return entraFailures.consentRequired(record.clientId);
				}

				record.state = 'redeemed';
				// What the user approved is what they consented to.
				const consented = scopesOf(record.scope).filter(scope => !isOidcScope(scope));
				return issueTokens(record, consented, tokenOptions);
			}
		}
	}

	function redeemRefreshToken(clientId: string, refreshToken: string | undefined, scope: string | undefined, tokenOptions: TokenOptions): EntraFailure | EntraResponse {
		if (!refreshToken) {
			return entraFailures.missingParameter('refresh_token');
		}

		const record = refreshTokens.get(refreshToken);
		if (!record) {
			return entraFailures.unknownRefreshToken();
		}

		if (record.clientId.toLowerCase() !== clientId.toLowerCase()) {
			return entraFailures.grantOfOtherClient();
		}

		if (record.state === 'revoked') {
			return entraFailures.revokedRefreshToken();
		}

		if (now() >= record.expiresAt) {
			return entraFailures.expiredRefreshToken(record.issuedAt);
		}

		if (settings.entraApplication === 'consent-missing') {
			return entraFailures.consentRequired(record.clientId);
		}

		// Used refresh tokens stay valid (see RefreshTokenRecord): nothing is retired here.
		const requested = scope && scope.length > 0 ? scopesOf(scope) : scopesOf(record.scope);
		const granted = consentedScopes(requested, record.consented);
		if (!granted) {
			return entraFailures.consentRequired(record.clientId);
		}

		// The new refresh token is issued whatever scope is asked for now, as Entra does.
		const scopes = new Set([...granted, 'offline_access']);
		return issueTokens({tenant: record.tenant, clientId: record.clientId, account: record.account, scope: [...scopes].join(' ')}, record.consented, tokenOptions);
	}

	/** Checks the app registration's settings that refuse a request before its grant is looked at. */
	function checkApplication(tenant: MicrosoftTenant, clientId: string): EntraFailure | undefined {
		// A single-tenant app is refused at the multi-tenant names of work accounts.
		return settings.entraApplication === 'single-tenant' && tenant !== 'consumers'
			? entraFailures.singleTenantApplication(clientId)
			: undefined;
	}

	return {
		instanceDiscovery(query, context) {
			const values = readForm(query, ['authorization_endpoint', 'api-version']);
			if (isFailure(values)) {
				return failure(values, context);
			}

			let authorizationEndpoint: URL | undefined;
			try {
				authorizationEndpoint = values.authorization_endpoint ? new URL(values.authorization_endpoint) : undefined;
			} catch {}

			const host = authorizationEndpoint?.protocol === 'https:' ? authorizationEndpoint.host.toLowerCase() : undefined;
			if (!host || !instanceMetadata.some(entry => entry.aliases.some(alias => alias === host))) {
				return failure(entraFailures.unknownInstance(), context);
			}

			// The tenant is the authorization endpoint's first path segment, as MSAL builds it.
			const tenant = authorizationEndpoint!.pathname.split('/')[1] || 'common';
			return {
				status: 200,
				body: {
					tenant_discovery_endpoint: `https://${host}/${tenant}/v2.0/.well-known/openid-configuration`,
					'api-version': values['api-version'] === '1.0' ? '1.0' : '1.1',
					metadata: instanceMetadata.map(entry => ({...entry, aliases: [...entry.aliases]})),
				},
			};
		},

		openidConfiguration(tenant, context) {
			if (!isTenant(tenant)) {
				return failure(entraFailures.unknownTenant(tenant), context);
			}

			return {status: 200, body: openidConfiguration(tenant)};
		},

		signingKeys(tenant, context) {
			if (!isTenant(tenant)) {
				return failure(entraFailures.unknownTenant(tenant), context);
			}

			// Entra's keys carry kty, use, kid, x5t, n, e, x5c and the issuer they sign for (the
			// `{tenantid}` template at the multi-tenant names), and no `alg`. The offline key has no
			// certificate, so no x5t or x5c.
			const issuer = `https://${entraHost}/${tenant === 'consumers' ? consumersTenantId : '{tenantid}'}/v2.0`;
			return {
				status: 200,
				body: {keys: options.signingKeys.jwks().keys.map(({kty, use, kid, n, e}) => ({kty, use, kid, n, e, issuer}))},
			};
		},

		deviceAuthorization(tenant, form, context) {
			sweep();
			const values = readForm(form, ['client_id', 'scope']);
			if (isFailure(values)) {
				return failure(values, context);
			}

			const checked = checkClient(tenant, values.client_id);
			if (isFailure(checked)) {
				return failure(checked, context);
			}

			// Entra refuses a single-tenant app here already (AADSTS50194), before the code is issued.
			const refused = checkApplication(checked, values.client_id!);
			if (refused) {
				return failure(refused, context);
			}

			if (!values.scope) {
				return failure(entraFailures.missingParameter('scope'), context);
			}

			const record: DeviceAuthorizationRecord = {
				deviceCode: randomToken(96),
				userCode: newUserCode(),
				tenant: checked,
				clientId: values.client_id!,
				scope: scopesOf(values.scope).join(' '),
				expiresAt: now() + (settings.deviceCodeLifetimeSeconds * 1000),
				state: 'pending',
				account: defaultAccount,
			};
			byDeviceCode.set(record.deviceCode, record);
			byUserCode.set(record.userCode, record);
			const verificationUri = options.verificationUri();
			return {
				status: 200,
				body: {
					user_code: record.userCode,
					device_code: record.deviceCode,
					verification_uri: verificationUri,
					expires_in: settings.deviceCodeLifetimeSeconds,
					interval: settings.intervalSeconds,
					message: `To sign in, use a web browser to open the page ${verificationUri} and enter the code ${record.userCode} to authenticate.`,
				},
			};
		},

		token(tenant, form, context) {
			sweep();
			if (settings.failNextTokenRequests.count > 0) {
				settings.failNextTokenRequests.count--;
				return failure(entraFailures.unavailable(settings.failNextTokenRequests.status), context);
			}

			const values = readForm(form, ['grant_type', 'client_id', 'client_secret', 'client_assertion', 'device_code', 'refresh_token', 'scope', 'client_info']);
			if (isFailure(values)) {
				return failure(values, context);
			}

			const checked = checkClient(tenant, values.client_id);
			if (isFailure(checked)) {
				return failure(checked, context);
			}

			const refused = checkApplication(checked, values.client_id!);
			if (refused) {
				return failure(refused, context);
			}

			const presentsCredential = values.client_secret !== undefined || values.client_assertion !== undefined;
			if (settings.entraApplication === 'public-client-flows-off') {
				// With "Allow public client flows" off the app is a confidential client and must
				// authenticate; no secret is registered offline, so none is right.
				return failure(presentsCredential ? entraFailures.wrongClientSecret(values.client_id!) : entraFailures.confidentialClientWithoutSecret(), context);
			}

			if (presentsCredential) {
				return failure(entraFailures.publicClientWithSecret(), context);
			}

			const tokenOptions: TokenOptions = {clientInfo: values.client_info === '1'};
			let result: EntraFailure | EntraResponse;
			if (!values.grant_type) {
				result = entraFailures.missingParameter('grant_type');
			} else if (values.grant_type === deviceCodeGrantType || values.grant_type === shortDeviceCodeGrantType) {
				result = redeemDeviceCode(checked, values.client_id!, values.device_code, tokenOptions);
			} else if (values.grant_type === refreshTokenGrantType) {
				result = redeemRefreshToken(values.client_id!, values.refresh_token, values.scope, tokenOptions);
			} else {
				result = entraFailures.unsupportedGrantType(values.grant_type);
			}

			return isFailure(result) ? failure(result, context) : result;
		},

		decide(userCode, decision, account) {
			sweep();
			const record = byUserCode.get(normalizeUserCode(userCode));
			if (!record) {
				return 'unknown';
			}

			if (now() >= record.expiresAt) {
				return 'expired';
			}

			if (record.state !== 'pending') {
				return 'already-decided';
			}

			record.account = normalizeAccount(account);
			record.state = decision === 'allow' ? 'approved' : 'denied';
			return record.state === 'approved' ? 'approved' : 'denied';
		},

		pending() {
			const time = now();
			return [...byDeviceCode.values()]
				.filter(record => record.state === 'pending' && time < record.expiresAt)
				.map(record => ({
					userCode: record.userCode,
					tenant: record.tenant,
					clientId: record.clientId,
					expiresAt: new Date(record.expiresAt).toISOString(),
				}));
		},

		revokeAll() {
			const time = now();
			let revoked = 0;
			for (const record of refreshTokens.values()) {
				if (record.state === 'active') {
					record.state = 'revoked';
					record.retiredAt = time;
					revoked++;
				}
			}

			return {refreshTokens: revoked, accessTokens: accessTokens.clear()};
		},

		isAccessTokenValid: token => accessTokens.grant(token) !== undefined,
		accessTokenGrant: token => accessTokens.grant(token),

		settings: () => cloneSettings(settings),

		configure(patch) {
			settings = cloneSettings({...settings, ...patch});
			return cloneSettings(settings);
		},

		reset() {
			settings = cloneSettings(defaultEntraSettings);
			byDeviceCode.clear();
			byUserCode.clear();
			refreshTokens.clear();
			accessTokens.clear();
			lastSweep = Number.NEGATIVE_INFINITY;
		},

		errorResponse: failure,
	};
}

function cloneSettings(settings: Readonly<EntraSettings>): EntraSettings {
	return {...settings, failNextTokenRequests: {...settings.failNextTokenRequests}};
}

/** Entra's discovery document; like the real one it names login.microsoftonline.com. */
function openidConfiguration(tenant: MicrosoftTenant): Record<string, unknown> {
	const base = `https://${entraHost}/${tenant}`;
	// For the multi-tenant names the real issuer keeps the `{tenantid}` placeholder.
	const issuerTenant = tenant === 'consumers' ? consumersTenantId : '{tenantid}';
	return {
		token_endpoint: `${base}/oauth2/v2.0/token`,
		token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
		jwks_uri: `${base}/discovery/v2.0/keys`,
		response_modes_supported: ['query', 'fragment', 'form_post'],
		subject_types_supported: ['pairwise'],
		id_token_signing_alg_values_supported: ['RS256'],
		response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
		scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
		issuer: `https://${entraHost}/${issuerTenant}/v2.0`,
		request_uri_parameter_supported: false,
		userinfo_endpoint: 'https://graph.microsoft.com/oidc/userinfo',
		authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
		device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
		http_logout_supported: true,
		frontchannel_logout_supported: true,
		end_session_endpoint: `${base}/oauth2/v2.0/logout`,
		claims_supported: ['sub', 'iss', 'cloud_instance_name', 'cloud_instance_host_name', 'cloud_graph_host_name', 'msgraph_host', 'aud', 'exp', 'iat', 'auth_time', 'acr', 'nonce', 'preferred_username', 'name', 'tid', 'ver', 'at_hash', 'c_hash', 'email'],
		kerberos_endpoint: `${base}/kerberos`,
		tenant_region_scope: null,
		cloud_instance_name: 'microsoftonline.com',
		cloud_graph_host_name: 'graph.windows.net',
		msgraph_host: 'graph.microsoft.com',
		rbac_url: 'https://pas.windows.net',
	};
}
