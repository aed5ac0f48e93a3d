/**
POST /{tenant}/oauth2/v2.0/token: the device code grant (RFC 8628's grant type, or MSAL's short
`device_code`) and the refresh token grant, after the checks of the client and the app
registration every token request gets. What is issued is shaped in issue-tokens.ts.
*/
import type {MicrosoftTenant} from '../../device/contract.js';
import {entraFailures, failure, isFailure, readForm} from './failures.js';
import {issueTokens} from './issue-tokens.js';
import {
	deviceCodeGrantType,
	isOidcScope,
	refreshTokenGrantType,
	scopesOf,
	shortDeviceCodeGrantType,
	type EntraFailure,
	type EntraRequestContext,
	type EntraResponse,
	type TokenOptions,
} from './model.js';
import {checkClientAndApplication, sweep, type EntraState} from './state.js';

export function token(state: EntraState, tenant: string, form: URLSearchParams, context?: EntraRequestContext): EntraResponse {
	sweep(state);
	if (state.settings.failNextTokenRequests.count > 0) {
		state.settings.failNextTokenRequests.count--;
		return failure(state, entraFailures.unavailable(state.settings.failNextTokenRequests.status), context);
	}

	const values = readForm(form, ['grant_type', 'client_id', 'client_secret', 'client_assertion', 'device_code', 'refresh_token', 'scope', 'client_info']);
	if (isFailure(values)) {
		return failure(state, values, context);
	}

	const checked = checkClientAndApplication(state, tenant, values.client_id);
	if (isFailure(checked)) {
		return failure(state, checked, context);
	}

	const presentsCredential = values.client_secret !== undefined || values.client_assertion !== undefined;
	if (state.settings.entraApplication === 'public-client-flows-off') {
		// With "Allow public client flows" off the app is a confidential client and must
		// authenticate; no secret is registered offline, so none is right.
		return failure(state, presentsCredential ? entraFailures.wrongClientSecret(values.client_id!) : entraFailures.confidentialClientWithoutSecret(), context);
	}

	if (presentsCredential) {
		return failure(state, entraFailures.publicClientWithSecret(), context);
	}

	const tokenOptions: TokenOptions = {clientInfo: values.client_info === '1'};
	let result: EntraFailure | EntraResponse;
	if (!values.grant_type) {
		result = entraFailures.missingParameter('grant_type');
	} else if (values.grant_type === deviceCodeGrantType || values.grant_type === shortDeviceCodeGrantType) {
		result = redeemDeviceCode(state, checked, values.client_id!, values.device_code, tokenOptions);
	} else if (values.grant_type === refreshTokenGrantType) {
		result = redeemRefreshToken(state, values.client_id!, values.refresh_token, values.scope, tokenOptions);
	} else {
		result = entraFailures.unsupportedGrantType(values.grant_type);
	}

	return isFailure(result) ? failure(state, result, context) : result;
}

function redeemDeviceCode(state: EntraState, tenant: MicrosoftTenant, clientId: string, deviceCode: string | undefined, tokenOptions: TokenOptions): EntraFailure | EntraResponse {
	if (!deviceCode) {
		return entraFailures.missingParameter('device_code');
	}

	const record = state.byDeviceCode.get(deviceCode);
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

	if (state.now() >= record.expiresAt) {
		return entraFailures.expiredToken();
	}

	if (state.settings.slowDownCount > 0) {
		state.settings.slowDownCount--;
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
			if (state.settings.entraApplication === 'consent-missing') {
				return entraFailures.consentRequired(record.clientId);
			}

			record.state = 'redeemed';
			// What the user approved is what they consented to.
			const consented = scopesOf(record.scope).filter(scope => !isOidcScope(scope));
			return issueTokens(state, record, consented, tokenOptions);
		}
	}
}

function redeemRefreshToken(state: EntraState, clientId: string, refreshToken: string | undefined, scope: string | undefined, tokenOptions: TokenOptions): EntraFailure | EntraResponse {
	if (!refreshToken) {
		return entraFailures.missingParameter('refresh_token');
	}

	const record = state.refreshTokens.get(refreshToken);
	if (!record) {
		return entraFailures.unknownRefreshToken();
	}

	if (record.clientId.toLowerCase() !== clientId.toLowerCase()) {
		return entraFailures.grantOfOtherClient();
	}

	if (record.state === 'revoked') {
		return entraFailures.revokedRefreshToken();
	}

	if (state.now() >= record.expiresAt) {
		return entraFailures.expiredRefreshToken(record.issuedAt);
	}

	if (state.settings.entraApplication === 'consent-missing') {
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
	return issueTokens(state, {tenant: record.tenant, clientId: record.clientId, account: record.account, scope: [...scopes].join(' ')}, record.consented, tokenOptions);
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
