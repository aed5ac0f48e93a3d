/**
The routes of the offline Google: discovery (accounts.google.com), the authorization endpoint
with its consent page (accounts.google.com), the token endpoint, revocation and tokeninfo
(oauth2.googleapis.com), the key set at jwks_uri in JWKS and PEM form (www.googleapis.com),
userinfo (openidconnect.googleapis.com) and the Gmail profile (gmail.googleapis.com), where a
client learns which account authorized. One server answers for all these hosts; the paths do
not clash with Entra's (/{tenant}/...). The handlers are in google/handlers.ts and
google/consent.ts; the protocol decisions in google/.
*/
import type {FormGuard} from './form-guard.js';
import {
	googleAuthorizationPath,
	googleDiscoveryPath,
	googleJwksPath,
	googlePemCertsPath,
	googleRevokePath,
	googleTokenInfoPath,
	googleTokenPath,
	googleUserinfoPath,
	type Google,
} from './google.js';
import {consentHandler, refuseConsentMethod} from './google/consent.js';
import {
	certsHandler,
	discoveryHandler,
	gmailProfileHandler,
	refuseGoogleMethod,
	revokeHandler,
	tokenHandler,
	tokenInfoHandler,
	userinfoHandler,
} from './google/handlers.js';
import {exactPath, exactPaths, getOrHead, postOnly, type Route} from './http.js';

export const googleRouteNames = ['googleDiscovery', 'googleAuth', 'googleToken', 'gmailProfile', 'googleRevoke', 'googleTokenInfo', 'googleUserinfo', 'googleCerts'] as const;
export type GoogleRouteName = (typeof googleRouteNames)[number];

const getHeadOrPost = ['GET', 'HEAD', 'POST'];

export function googleRoutes(google: Google, formGuard: FormGuard, log: (line: string) => void = () => undefined): Array<Route<GoogleRouteName>> {
	const refuse = refuseGoogleMethod(google);
	return [
		{name: 'googleDiscovery', methods: getOrHead, pattern: exactPath(googleDiscoveryPath), handle: discoveryHandler(google), refuseMethod: refuse},
		{name: 'googleAuth', methods: getHeadOrPost, pattern: exactPath(googleAuthorizationPath), handle: consentHandler(google, formGuard, log), refuseMethod: refuseConsentMethod},
		{name: 'gmailProfile', methods: getOrHead, pattern: /^\/gmail\/v1\/users\/(?<userId>[^/]+)\/profile$/, handle: gmailProfileHandler(google), refuseMethod: refuse},
		{name: 'googleRevoke', methods: postOnly, pattern: exactPath(googleRevokePath), handle: revokeHandler(google), refuseMethod: refuse},
		// oauth2.googleapis.com/tokeninfo, and the same at www.googleapis.com/oauth2/v3/tokeninfo.
		{name: 'googleTokenInfo', methods: getHeadOrPost, pattern: exactPaths(googleTokenInfoPath, '/oauth2/v3/tokeninfo'), handle: tokenInfoHandler(google), refuseMethod: refuse},
		// openidconnect.googleapis.com/v1/userinfo (the discovery document's), and www.googleapis.com/oauth2/v3/userinfo.
		{name: 'googleUserinfo', methods: getHeadOrPost, pattern: exactPaths(googleUserinfoPath, '/oauth2/v3/userinfo'), handle: userinfoHandler(google), refuseMethod: refuse},
		{name: 'googleCerts', methods: getOrHead, pattern: exactPaths(googleJwksPath, googlePemCertsPath), handle: certsHandler(google), refuseMethod: refuse},
		{name: 'googleToken', methods: postOnly, pattern: exactPath(googleTokenPath), handle: tokenHandler(google), refuseMethod: refuse},
	];
}
