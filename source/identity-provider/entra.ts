/**
The Entra ID (login.microsoftonline.com) half of the offline identity provider: the device
authorization grant (RFC 8628), token refresh, instance discovery, the OpenID discovery
document and the signing key set, with Entra's error bodies. Faithful enough that Microsoft's
own client, @azure/msal-node, works against it unmodified (test/conformance/msal-node.test.ts).
No I/O: the server hands in parsed forms and sends back what it gets. Time comes only from the
injected clock.

This file puts the parts of entra/ together: model.ts (constants, settings, shapes),
failures.ts (Entra's errors and error body), state.ts (codes and tokens), discovery.ts,
device-code.ts, token.ts and issue-tokens.ts (the endpoints). The HTTP routes are in
entra-routes.ts.
*/
import {decide, deviceAuthorization, pending} from './entra/device-code.js';
import {instanceDiscovery, openidConfiguration, signingKeys} from './entra/discovery.js';
import {failure} from './entra/failures.js';
import {cloneSettings, type AccessTokenGrant, type EntraFailure, type Decision, type DecisionResult, type EntraOptions, type EntraRequestContext, type EntraResponse, type EntraSettings, type PendingAuthorization, type RevokeResult} from './entra/model.js';
import {createEntraState, resetEntraState} from './entra/state.js';
import {token} from './entra/token.js';

export {entraFailures} from './entra/failures.js';
export {
	defaultAccount,
	defaultEntraSettings,
	deviceCodeGrantType,
	entraApplications,
	entraHost,
	maxAccountLength,
	normalizeAccount,
	normalizeUserCode,
	offlineApplicationName,
	offlineTenantId,
	outlookResource,
	refreshTokenGrantType,
	shortDeviceCodeGrantType,
	smtpSendScope,
	type AccessTokenGrant,
	type Decision,
	type DecisionResult,
	type EntraApplication,
	type EntraFailure,
	type EntraOptions,
	type EntraRequestContext,
	type EntraResponse,
	type EntraSettings,
	type PendingAuthorization,
	type RevokeResult,
} from './entra/model.js';

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

export function createEntra(options: EntraOptions): Entra {
	const state = createEntraState(options);
	return {
		instanceDiscovery: (query, context) => instanceDiscovery(state, query, context),
		openidConfiguration: (tenant, context) => openidConfiguration(state, tenant, context),
		signingKeys: (tenant, context) => signingKeys(state, tenant, context),
		deviceAuthorization: (tenant, form, context) => deviceAuthorization(state, tenant, form, context),
		token: (tenant, form, context) => token(state, tenant, form, context),
		decide: (userCode, decision, account) => decide(state, userCode, decision, account),
		pending: () => pending(state),

		revokeAll() {
			const time = state.now();
			let revoked = 0;
			for (const record of state.refreshTokens.values()) {
				if (record.state === 'active') {
					record.state = 'revoked';
					record.retiredAt = time;
					revoked++;
				}
			}

			return {refreshTokens: revoked, accessTokens: state.accessTokens.clear()};
		},

		isAccessTokenValid: token => state.accessTokens.grant(token) !== undefined,
		accessTokenGrant: token => state.accessTokens.grant(token),

		settings: () => cloneSettings(state.settings),

		configure(patch) {
			state.settings = cloneSettings({...state.settings, ...patch});
			return cloneSettings(state.settings);
		},

		reset: () => resetEntraState(state),

		errorResponse: (reason, context) => failure(state, reason, context),
	};
}
