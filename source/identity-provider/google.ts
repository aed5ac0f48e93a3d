/**
The Google (accounts.google.com, oauth2.googleapis.com, www.googleapis.com,
openidconnect.googleapis.com, gmail.googleapis.com) half of the offline identity provider: the
authorization code grant for an installed app with a loopback redirect and PKCE, token
refresh, ID tokens signed with the published key set, revocation, tokeninfo, userinfo, the
OpenID discovery document and the Gmail profile, with Google's bodies and error bodies. No
I/O: the server hands in parsed parameters and sends back what it gets. Time comes only from
the injected clock. Unmodified google-auth-library runs against it
(test/conformance/google-auth-library.test.ts).

Client secrets, offline: Google knows every client and its secret; this stand-in does not.
By default any well-formed client ID (`….apps.googleusercontent.com`) is accepted with any
non-empty secret, so the device works offline with whatever the engineer typed in. A client
registered through the controls must present its registered secret (else invalid_client),
and with `googleRequireRegisteredClients` only registered clients are known at all.

This file puts the parts of google/ together: model.ts (hosts, paths, settings, shapes),
state.ts (codes, tokens, clients), authorization.ts, token.ts, issue-tokens.ts, token-info.ts,
gmail.ts and discovery.ts (the endpoints). The HTTP routes are in google-routes.ts.
*/
import {checkAuthorization, consent, consentByUrl} from './google/authorization.js';
import {discoveryDocument, jwks, pemCerts} from './google/discovery.js';
import {gmailProfile} from './google/gmail.js';
import {failure, type AccessTokenGrant, type GoogleAuthorizationError, type GoogleAuthorizationRequest, type GoogleConsentResult, type GoogleDecision, type GoogleOptions, type GoogleResponse, type GoogleRevokeResult, type GoogleSettings, type GoogleTokenContext} from './google/model.js';
import {accessTokenGrant, createGoogleState, resetGoogleState, retireRefreshTokens, type GoogleState} from './google/state.js';
import {token} from './google/token.js';
import {revoke, tokenInfo, userinfo} from './google/token-info.js';

export {
	defaultGoogleSettings,
	gmailHost,
	gmailProfilePath,
	googleAccountsHost,
	googleApplicationName,
	googleAuthorizationPath,
	googleCertsHost,
	googleDefaultAccount,
	googleDiscoveryPath,
	googleJwksPath,
	googleMailScope,
	googlePemCertsPath,
	googleRevokePath,
	googleTokenHost,
	googleTokenInfoPath,
	googleTokenPath,
	googleUserinfoHost,
	googleUserinfoPath,
	isGoogleClientId,
	isLoopbackRedirectUri,
	normalizeGoogleAccount,
	type GoogleAuthorizationError,
	type GoogleAuthorizationRequest,
	type GoogleConsentResult,
	type GoogleDecision,
	type GoogleOptions,
	type GoogleResponse,
	type GoogleRevokeResult,
	type GoogleSettings,
	type GoogleTokenContext,
} from './google/model.js';

export type Google = {
	openidConfiguration(): GoogleResponse;
	/** Checks an authorization request (the query of GET /o/oauth2/v2/auth). */
	checkAuthorization(params: URLSearchParams): GoogleAuthorizationError | GoogleAuthorizationRequest;
	/** The consent form's answer: the Location to redirect to, or why there is none. */
	consent(params: URLSearchParams, decision: GoogleDecision, account?: string): GoogleAuthorizationError | {location: string};
	/** `consent` for a whole authorization URL; only its path and query matter, not its host. */
	consentByUrl(authorizationUrl: string, decision: GoogleDecision, account?: string): GoogleConsentResult;
	token(form: URLSearchParams, context?: GoogleTokenContext): GoogleResponse;
	/** Values are trusted here; the controls validate them first. */
	registerClient(clientId: string, clientSecret: string): void;
	/** What Google does to the refresh tokens of an app in "Testing" status after 7 days. */
	expireRefreshTokens(): {refreshTokens: number};
	revokeAll(): GoogleRevokeResult;
	isAccessTokenValid(token: string): boolean;
	/** The grant of an access token that is known, not expired and not revoked; else undefined. */
	accessTokenGrant(token: string): AccessTokenGrant | undefined;
	/** GET /gmail/v1/users/{userId}/profile with this Authorization header (Bearer). */
	gmailProfile(userId: string, authorization: string | undefined): GoogleResponse;
	/** POST /revoke: an access or refresh token; either one ends the grant it belongs to. */
	revoke(token: string | undefined): GoogleResponse;
	/** GET or POST /tokeninfo with `access_token` or `id_token`. */
	tokenInfo(query: {accessToken?: string | undefined; idToken?: string | undefined}): GoogleResponse;
	/** GET /v1/userinfo with this Authorization header (Bearer). */
	userinfo(authorization: string | undefined): GoogleResponse;
	/** The key set at jwks_uri (`{keys: [...]}`). */
	jwks(): GoogleResponse;
	/** The same keys as PEM by kid, as https://www.googleapis.com/oauth2/v1/certs serves them. */
	pemCerts(): GoogleResponse;
	settings(): GoogleSettings;
	configure(patch: Partial<GoogleSettings>): GoogleSettings;
	reset(): void;
	/** A Google-shaped token endpoint error for conditions the server detects. */
	errorResponse(status: number, error: string, description: string): GoogleResponse;
};

export function createGoogle(options: GoogleOptions): Google {
	const state = createGoogleState(options);
	return {
		openidConfiguration: discoveryDocument,
		checkAuthorization: params => checkAuthorization(state, params),
		consent: (params, decision, account) => consent(state, params, decision, account),
		consentByUrl: (authorizationUrl, decision, account) => consentByUrl(state, authorizationUrl, decision, account),
		token: (form, context) => token(state, form, context),
		registerClient(clientId, clientSecret) {
			state.registeredClients.set(clientId, clientSecret);
		},

		expireRefreshTokens: () => ({refreshTokens: retireRefreshTokens(state, 'expired')}),
		revokeAll: () => revokeAll(state),
		isAccessTokenValid: token => accessTokenGrant(state, token) !== undefined,
		accessTokenGrant: token => accessTokenGrant(state, token),
		gmailProfile: (userId, authorization) => gmailProfile(state, userId, authorization),
		revoke: token => revoke(state, token),
		tokenInfo: query => tokenInfo(state, query),
		userinfo: authorization => userinfo(state, authorization),
		jwks: () => jwks(state.signingKeys),
		pemCerts: () => pemCerts(state.signingKeys),
		settings: () => ({...state.settings}),

		configure(patch) {
			state.settings = {...state.settings, ...patch};
			return {...state.settings};
		},

		reset: () => resetGoogleState(state),
		errorResponse: failure,
	};
}

function revokeAll(state: GoogleState): GoogleRevokeResult {
	const revoked = retireRefreshTokens(state, 'revoked');
	const accessTokenCount = state.accessTokens.clear();
	state.accessTokenRecords.clear();
	// Codes not yet exchanged would give new tokens: they go too.
	state.codes.clear();
	return {refreshTokens: revoked, accessTokens: accessTokenCount};
}
