/**
The routes of the offline Entra ID (login.microsoftonline.com): every path it answers, the
methods each takes, and its handler (entra/handlers.ts for the protocol endpoints,
entra/devicelogin.ts for the verification page). What each endpoint decides is in entra/.
*/
import type {Entra} from './entra.js';
import {deviceLoginHandler, refuseDeviceLoginMethod, toVerificationPage} from './entra/devicelogin.js';
import {
	deviceCodeHandler,
	instanceDiscoveryHandler,
	openidConfigurationHandler,
	refuseEntraMethod,
	signingKeysHandler,
	tokenHandler,
} from './entra/handlers.js';
import type {FormGuard} from './form-guard.js';
import {getOrHead, postOnly, type Route} from './http.js';

export const entraRouteNames = ['instanceDiscovery', 'openidConfiguration', 'entraKeys', 'devicecode', 'token', 'devicelogin'] as const;
export type EntraRouteName = (typeof entraRouteNames)[number];

export function entraRoutes(entra: Entra, formGuard: FormGuard, log: (line: string) => void): Array<Route<EntraRouteName>> {
	const refuse = refuseEntraMethod(entra);
	return [
		// What MSAL asks before it trusts an authority (Microsoft Learn, "Custom authority aliases"):
		// GET https://login.microsoftonline.com/common/discovery/instance?api-version=1.1&authorization_endpoint=…
		{name: 'instanceDiscovery', methods: getOrHead, pattern: /^\/common\/discovery\/instance$/, handle: instanceDiscoveryHandler(entra), refuseMethod: refuse},
		{name: 'openidConfiguration', methods: getOrHead, pattern: /^\/(?<tenant>[^/]+)\/v2\.0\/\.well-known\/openid-configuration$/, handle: openidConfigurationHandler(entra), refuseMethod: refuse},
		// The discovery document's jwks_uri.
		{name: 'entraKeys', methods: getOrHead, pattern: /^\/(?<tenant>[^/]+)\/discovery\/v2\.0\/keys$/, handle: signingKeysHandler(entra), refuseMethod: refuse},
		// The device authorization grant (RFC 8628): the codes, then the token endpoint's polls.
		{name: 'devicecode', methods: postOnly, pattern: /^\/(?<tenant>[^/]+)\/oauth2\/v2\.0\/devicecode$/, handle: deviceCodeHandler(entra), refuseMethod: refuse},
		{name: 'token', methods: postOnly, pattern: /^\/(?<tenant>[^/]+)\/oauth2\/v2\.0\/token$/, handle: tokenHandler(entra), refuseMethod: refuse},
		// The verification page a person opens, and `/`, which leads there.
		{name: 'devicelogin', methods: 'any', pattern: /^\/$/, handle: toVerificationPage},
		{name: 'devicelogin', methods: ['GET', 'HEAD', 'POST'], pattern: /^\/devicelogin$/, handle: deviceLoginHandler(entra, formGuard, log), refuseMethod: refuseDeviceLoginMethod(formGuard)},
	];
}
