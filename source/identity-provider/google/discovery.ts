/**
Google's discovery document (accounts.google.com) and its key set at jwks_uri, as JWKS
(www.googleapis.com/oauth2/v3/certs) and as PEM by kid (/oauth2/v1/certs).
*/
import {createPublicKey} from 'node:crypto';
import type {PublicJwk, SigningKeys} from '../signing-keys.js';
import {googleAccountsHost, googleAuthorizationPath, googleTokenHost, googleTokenPath, type GoogleResponse} from './model.js';

export function discoveryDocument(): GoogleResponse {
	return {status: 200, body: openidConfiguration()};
}

/** The key set at jwks_uri (`{keys: [...]}`). */
export function jwks(signingKeys: SigningKeys): GoogleResponse {
	return {status: 200, body: signingKeys.jwks(), headers: keySetHeaders};
}

/** The same keys as PEM by kid, as https://www.googleapis.com/oauth2/v1/certs serves them. */
export function pemCerts(signingKeys: SigningKeys): GoogleResponse {
	const body: Record<string, unknown> = {};
	for (const key of signingKeys.jwks().keys) {
		body[key.kid] = pemOf(key);
	}

	return {status: 200, body, headers: keySetHeaders};
}

export function publicKeyOf(key: PublicJwk) {
	return createPublicKey({key: {kty: key.kty, n: key.n, e: key.e}, format: 'jwk'});
}

/**
A key as https://www.googleapis.com/oauth2/v1/certs gives it: Google serves X.509 certificates.
The key set offers no certificate (unless a key carries `x5c`), so offline it is the public key
(SPKI) PEM, which google-auth-library's verifier (crypto.createVerify) takes alike.
*/
function pemOf(key: PublicJwk): string {
	const certificate = (key as PublicJwk & {x5c?: unknown}).x5c;
	if (Array.isArray(certificate) && typeof certificate[0] === 'string') {
		const lines = certificate[0].match(/.{1,64}/g) ?? [];
		return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
	}

	return String(publicKeyOf(key).export({type: 'spki', format: 'pem'}));
}

/*
Google's key set is cacheable (cache-control: public, max-age=…, must-revalidate, no-transform;
google-auth-library keeps the keys for max-age). Offline the keys are new at each start, so a
client keeps them five minutes rather than Google's hours.
*/
const keySetHeaders = {'cache-control': 'public, max-age=300, must-revalidate, no-transform'};

/**
Google's discovery document, field for field as https://accounts.google.com/.well-known/openid-configuration
serves it (linked from "OpenID Connect", "The discovery document",
https://developers.google.com/identity/openid-connect/openid-connect#discovery); like the real one
it names the Google hosts.
*/
function openidConfiguration(): Record<string, unknown> {
	return {
		issuer: `https://${googleAccountsHost}`,
		authorization_endpoint: `https://${googleAccountsHost}${googleAuthorizationPath}`,
		device_authorization_endpoint: `https://${googleTokenHost}/device/code`,
		token_endpoint: `https://${googleTokenHost}${googleTokenPath}`,
		userinfo_endpoint: 'https://openidconnect.googleapis.com/v1/userinfo',
		revocation_endpoint: `https://${googleTokenHost}/revoke`,
		jwks_uri: 'https://www.googleapis.com/oauth2/v3/certs',
		response_types_supported: ['code', 'token', 'id_token', 'code token', 'code id_token', 'token id_token', 'code token id_token', 'none'],
		subject_types_supported: ['public'],
		id_token_signing_alg_values_supported: ['RS256'],
		scopes_supported: ['openid', 'email', 'profile'],
		token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
		claims_supported: ['aud', 'email', 'email_verified', 'exp', 'family_name', 'given_name', 'iat', 'iss', 'name', 'picture', 'sub'],
		// Google also lists `plain`; offline only S256 is accepted, and the document says so.
		code_challenge_methods_supported: ['S256'],
		grant_types_supported: ['authorization_code', 'refresh_token', 'urn:ietf:params:oauth:grant-type:device_code', 'urn:ietf:params:oauth:grant-type:jwt-bearer'],
	};
}
