/**
What the offline Entra's parts share: its constants (host, grant types, tenants, the offline app
registration), its settings, the shapes of its answers and records, and small helpers on scopes,
accounts and IDs. The behaviour lives beside it: discovery.ts, device-code.ts, token.ts,
issue-tokens.ts, failures.ts, state.ts; ../entra.ts puts them together.
*/
import {createHash, randomBytes} from 'node:crypto';
import {microsoftTenants, type MicrosoftTenant} from '../../device/contract.js';
import type {SigningKeys} from '../signing-keys.js';

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
export const consumersTenantId = '9188040d-6c67-4c5b-b112-36a304b66dad';
/** The display name of the offline app registration (Entra names it in some errors). */
export const offlineApplicationName = 'cloudmail-setup';
/** The scopes OpenID Connect defines; Entra allows them next to any consented resource scopes. */
const oidcScopes = new Set(['openid', 'profile', 'email', 'offline_access']);

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
export type {AccessTokenGrant} from '../access-tokens.js';

/** An error as Entra words it; `status` defaults to 400. */
export type EntraFailure = {
	error: string;
	code: number;
	description: string;
	status?: number;
	/** Entra's `suberror`, which clients such as MSAL read to tell what the user must do. */
	suberror?: string;
};


export type DeviceAuthorizationRecord = {
	deviceCode: string;
	userCode: string;
	tenant: MicrosoftTenant;
	clientId: string;
	scope: string;
	expiresAt: number;
	state: 'pending' | 'approved' | 'denied' | 'redeemed';
	account: string;
};

export type Grant = {
	tenant: MicrosoftTenant;
	clientId: string;
	scope: string;
	account: string;
};

export type RefreshTokenRecord = Grant & {
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
export type TokenOptions = {clientInfo: boolean};

export function truncate(text: string, length: number): string {
	return text.length > length ? `${text.slice(0, length)}...` : text;
}

export function randomToken(bytes: number): string {
	return randomBytes(bytes).toString('base64url');
}

export function isTenant(tenant: string): tenant is MicrosoftTenant {
	return microsoftTenants.some(known => known === tenant);
}

export function scopesOf(scope: string): string[] {
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

export function guidFrom(text: string): string {
	const hex = createHash('sha256').update(text).digest('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function tenantIdOf(tenant: MicrosoftTenant): string {
	return tenant === 'consumers' ? consumersTenantId : offlineTenantId;
}

/** The user's object ID; personal accounts' have the `00000000-0000-0000-` form Entra gives them. */
export function oidOf(grant: Grant): string {
	const oid = guidFrom(`oid:${grant.account}`);
	return grant.tenant === 'consumers' ? `00000000-0000-0000-${oid.slice(19)}` : oid;
}

export function isOidcScope(scope: string): boolean {
	return oidcScopes.has(scope);
}

export function base64UrlJson(value: unknown): string {
	return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}


export function cloneSettings(settings: Readonly<EntraSettings>): EntraSettings {
	return {...settings, failNextTokenRequests: {...settings.failNextTokenRequests}};
}


export type EntraOptions = {
	now: () => number;
	/** Accepted client IDs (compared case-insensitively, as GUIDs are). */
	clientIds: readonly string[];
	/** Read on every device authorization: the server knows its port only once it listens. */
	verificationUri: () => string;
	/** Signs ID tokens; its key set is served at the tenant's `jwks_uri`. */
	signingKeys: SigningKeys;
};
