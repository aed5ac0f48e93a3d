/**
The offline Entra's discovery endpoints: instance discovery (what MSAL asks before it trusts an
authority), the tenant's OpenID configuration and the key set at its `jwks_uri`.
*/
import type {MicrosoftTenant} from '../../device/contract.js';
import {entraFailures, failure, isFailure, readForm} from './failures.js';
import {consumersTenantId, entraHost, isTenant, type EntraRequestContext, type EntraResponse} from './model.js';
import type {EntraState} from './state.js';

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

/** GET /common/discovery/instance: which hosts are aliases of an authority's cloud. */
export function instanceDiscovery(state: EntraState, query: URLSearchParams, context?: EntraRequestContext): EntraResponse {
	const values = readForm(query, ['authorization_endpoint', 'api-version']);
	if (isFailure(values)) {
		return failure(state, values, context);
	}

	let authorizationEndpoint: URL | undefined;
	try {
		authorizationEndpoint = values.authorization_endpoint ? new URL(values.authorization_endpoint) : undefined;
	} catch {}

	const host = authorizationEndpoint?.protocol === 'https:' ? authorizationEndpoint.host.toLowerCase() : undefined;
	if (!host || !instanceMetadata.some(entry => entry.aliases.some(alias => alias === host))) {
		return failure(state, entraFailures.unknownInstance(), context);
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
}

export function openidConfiguration(state: EntraState, tenant: string, context?: EntraRequestContext): EntraResponse {
	if (!isTenant(tenant)) {
		return failure(state, entraFailures.unknownTenant(tenant), context);
	}

	return {status: 200, body: openidConfigurationDocument(tenant)};
}

/** GET /{tenant}/discovery/v2.0/keys: the keys ID tokens are signed with. */
export function signingKeys(state: EntraState, tenant: string, context?: EntraRequestContext): EntraResponse {
	if (!isTenant(tenant)) {
		return failure(state, entraFailures.unknownTenant(tenant), context);
	}

	// Entra's keys carry kty, use, kid, x5t, n, e, x5c and the issuer they sign for (the
	// `{tenantid}` template at the multi-tenant names), and no `alg`. The offline key has no
	// certificate, so no x5t or x5c.
	const issuer = `https://${entraHost}/${tenant === 'consumers' ? consumersTenantId : '{tenantid}'}/v2.0`;
	return {
		status: 200,
		body: {keys: state.options.signingKeys.jwks().keys.map(({kty, use, kid, n, e}) => ({kty, use, kid, n, e, issuer}))},
	};
}

/** Entra's discovery document; like the real one it names login.microsoftonline.com. */
function openidConfigurationDocument(tenant: MicrosoftTenant): Record<string, unknown> {
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
