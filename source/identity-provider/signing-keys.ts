/**
The keys the offline identity provider signs its ID tokens with (RS256, as Entra and Google
do), and the JSON Web Key Set it publishes at each provider's `jwks_uri` so that any client
can check those signatures the way it checks the real ones. A new key pair each start: an ID
token is checked when it is issued, never again later, so nothing needs the old keys.
Signing is synchronous (node:crypto), so the protocol modules stay free of awaits.
*/
import {createHash, generateKeyPairSync, sign, type KeyObject} from 'node:crypto';

export type PublicJwk = {
	kty: 'RSA';
	use: 'sig';
	alg: 'RS256';
	kid: string;
	n: string;
	e: string;
};

export type SigningKeys = {
	/** The key set as a `jwks_uri` serves it: `{keys: [...]}`. */
	jwks(): {keys: PublicJwk[]};
	/** A compact JWS (RS256) of `payload`, with `kid` and `typ: JWT` in its header. */
	signJwt(payload: Record<string, unknown>): string;
};

function base64UrlJson(value: unknown): string {
	return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

/** RFC 7638 thumbprint: SHA-256 of the required members in lexicographic order. */
function thumbprint(n: string, e: string): string {
	return createHash('sha256').update(JSON.stringify({e, kty: 'RSA', n})).digest('base64url');
}

export function createSigningKeys(): SigningKeys {
	const {privateKey, publicKey}: {privateKey: KeyObject; publicKey: KeyObject} = generateKeyPairSync('rsa', {modulusLength: 2048});
	const exported = publicKey.export({format: 'jwk'});
	const n = String(exported.n);
	const e = String(exported.e);
	const jwk: PublicJwk = {kty: 'RSA', use: 'sig', alg: 'RS256', kid: thumbprint(n, e), n, e};
	return {
		jwks: () => ({keys: [{...jwk}]}),
		signJwt(payload) {
			const signingInput = `${base64UrlJson({alg: 'RS256', kid: jwk.kid, typ: 'JWT'})}.${base64UrlJson(payload)}`;
			const signature = sign('sha256', Buffer.from(signingInput, 'ascii'), privateKey).toString('base64url');
			return `${signingInput}.${signature}`;
		},
	};
}
