/**
The device's ID token check (source/emulator/id-token.ts) against documents served through a
scripted `outbound`: signature, issuer (Entra's {tenantid} template, Google's two forms),
audience, expiry and not-before by the injected clock, the account claims, key rotation, caching
and bounds. No network: the end-to-end cases are in emulator-test-mail.test.ts and
conformance/oidc-provider-device.test.ts.
*/
import {exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload} from 'jose';
import {beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {
	entraIdTokens,
	googleIdTokens,
	IdTokenVerifier,
	maxIdTokenLength,
	type IdTokenCheck,
	type IdTokenProfile,
} from '../source/emulator/id-token.js';
import {OutboundError, type Outbound, type OutboundRequest, type OutboundResponse, type TlsPolicy} from '../source/emulator/outbound.js';

const tenantId = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const entraDiscovery = 'https://login.microsoftonline.com/organizations/v2.0/.well-known/openid-configuration';
const entraKeys = 'https://login.microsoftonline.com/organizations/discovery/v2.0/keys';
const googleDiscovery = 'https://accounts.google.com/.well-known/openid-configuration';
const googleKeys = 'https://www.googleapis.com/oauth2/v3/certs';
const clientId = '3f1c2b7e-9d1a-4b5c-8e2f-0a1b2c3d4e5f';
const verify: TlsPolicy = {verifyServerCertificate: true, addCnToVerification: true};
const start = Date.UTC(2026, 0, 15, 9, 0, 0);

type Key = {privateKey: CryptoKey; jwk: JWK};

async function newKey(kid: string): Promise<Key> {
	const {privateKey, publicKey} = await generateKeyPair('RS256', {extractable: true});
	return {privateKey, jwk: {...await exportJWK(publicKey), kid, use: 'sig', alg: 'RS256'}};
}

/** What the scripted identity provider serves; `requests` records what the device asked. */
class Documents {
	readonly requests: OutboundRequest[] = [];
	readonly served = new Map<string, () => OutboundResponse>();
	fail: Error | undefined;

	readonly outbound: Outbound = {
		request: async request => {
			this.requests.push(request);
			if (this.fail) {
				throw this.fail;
			}

			const serve = this.served.get(request.url);
			return serve ? serve() : {status: 404, json: {error: 'not_found'}};
		},
		abortAll() {},
	};

	json(url: string, body: unknown): void {
		this.served.set(url, () => ({status: 200, json: structuredClone(body)}));
	}

	fetched(url: string): number {
		return this.requests.filter(request => request.url === url).length;
	}
}

let keyA: Key;
let keyB: Key;
let stranger: Key;
let documents: Documents;
let now: number;
let verifier: IdTokenVerifier;

beforeAll(async () => {
	[keyA, keyB, stranger] = await Promise.all([newKey('key-a'), newKey('key-b'), newKey('key-a')]);
});

beforeEach(() => {
	documents = new Documents();
	documents.json(entraDiscovery, {
		issuer: 'https://login.microsoftonline.com/{tenantid}/v2.0',
		jwks_uri: entraKeys,
		token_endpoint: 'https://login.microsoftonline.com/organizations/oauth2/v2.0/token',
	});
	documents.json(entraKeys, {keys: [keyA.jwk]});
	documents.json(googleDiscovery, {
		issuer: 'https://accounts.google.com',
		jwks_uri: googleKeys,
		revocation_endpoint: 'https://oauth2.googleapis.com/revoke',
	});
	documents.json(googleKeys, {keys: [keyA.jwk]});
	now = start;
	verifier = new IdTokenVerifier({outbound: documents.outbound, now: () => now});
});

async function sign(claims: JWTPayload, {key = keyA, header = {}}: {key?: Key; header?: Record<string, unknown>} = {}): Promise<string> {
	const seconds = Math.floor(start / 1000);
	return new SignJWT({iat: seconds, nbf: seconds, exp: seconds + 3600, sub: 'subject-1', ...claims})
		.setProtectedHeader({alg: 'RS256', typ: 'JWT', kid: key.jwk.kid!, ...header})
		.sign(key.privateKey);
}

function entraClaims(extra: JWTPayload = {}): JWTPayload {
	return {iss: `https://login.microsoftonline.com/${tenantId}/v2.0`, aud: clientId, tid: tenantId, preferred_username: 'engineer@contoso.example', ...extra};
}

function googleClaims(extra: JWTPayload = {}): JWTPayload {
	return {iss: 'https://accounts.google.com', aud: clientId, azp: clientId, email: 'sender@example.com', email_verified: true, ...extra};
}

async function check(idToken: string, profile: IdTokenProfile = entraIdTokens, extra: Partial<IdTokenCheck> = {}) {
	return verifier.verify({
		idToken,
		discoveryUrl: profile === entraIdTokens ? entraDiscovery : googleDiscovery,
		clientId,
		profile,
		tls: verify,
		signal: new AbortController().signal,
		...extra,
	});
}

describe('Entra ID tokens', () => {
	it('takes preferred_username from a token whose issuer is the discovery template filled with its tid', async () => {
		expect(await check(await sign(entraClaims()))).toEqual({outcome: 'account', account: 'engineer@contoso.example'});
		// The documents came through the device's outbound, with its TLS policy, bounded.
		expect(documents.requests.map(request => request.url)).toEqual([entraDiscovery, entraKeys]);
		for (const request of documents.requests) {
			expect(request.tls).toEqual(verify);
			expect(request.maxResponseBytes).toBeLessThanOrEqual(128 * 1024);
		}
	});

	it('prefers email to preferred_username, and needs one of them to be a mail address', async () => {
		expect(await check(await sign(entraClaims({email: 'mail@contoso.example'})))).toEqual({outcome: 'account', account: 'mail@contoso.example'});
		expect(await check(await sign(entraClaims({preferred_username: 'Service Engineer'})))).toMatchObject({outcome: 'no-account'});
	});

	it('refuses an issuer of another tenant than the token names, and a token without tid', async () => {
		const otherTenant = await check(await sign(entraClaims({iss: 'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000001/v2.0'})));
		expect(otherTenant).toMatchObject({outcome: 'invalid', detail: expect.stringContaining(`https://login.microsoftonline.com/${tenantId}/v2.0`)});
		expect(await check(await sign(entraClaims({tid: undefined})))).toMatchObject({outcome: 'invalid', detail: expect.stringContaining('tid')});
		expect(await check(await sign(entraClaims({tid: '{tenantid}'})))).toMatchObject({outcome: 'invalid'});
	});

	it('uses a tenant-specific issuer as it is', async () => {
		documents.json(entraDiscovery, {issuer: `https://login.microsoftonline.com/${tenantId}/v2.0`, jwks_uri: entraKeys});
		expect(await check(await sign(entraClaims()))).toMatchObject({outcome: 'account'});
	});

	it('refuses a token for another app (aud)', async () => {
		expect(await check(await sign(entraClaims({aud: 'another-client'})))).toMatchObject({outcome: 'invalid', detail: expect.stringContaining('aud')});
	});

	it('judges expiry and not-before by the injected clock, with five minutes of tolerance', async () => {
		const token = await sign(entraClaims());
		now = start + (3600 + 240) * 1000;
		expect(await check(token)).toMatchObject({outcome: 'account'});
		now = start + (3600 + 360) * 1000;
		expect(await check(token)).toMatchObject({outcome: 'invalid', detail: expect.stringMatching(/expired.*clock/)});
		now = start - (360 * 1000);
		expect(await check(token)).toMatchObject({outcome: 'invalid', detail: expect.stringMatching(/not valid yet.*clock/)});
	});

	it('refuses unsigned tokens, other algorithms, foreign signatures and missing claims', async () => {
		const payload = Buffer.from(JSON.stringify(entraClaims({exp: Math.floor(start / 1000) + 3600, iat: Math.floor(start / 1000), sub: 's'}))).toString('base64url');
		const unsigned = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${payload}.`;
		expect(await check(unsigned)).toMatchObject({outcome: 'invalid'});
		const hmac = await new SignJWT(entraClaims()).setProtectedHeader({alg: 'HS256', kid: 'key-a'}).sign(new TextEncoder().encode('a shared secret of thirty-two bytes!!'));
		expect(await check(hmac)).toMatchObject({outcome: 'invalid', detail: 'The ID token is not signed with RS256.'});
		// Same kid, another key: the signature does not match.
		expect(await check(await sign(entraClaims(), {key: stranger}))).toMatchObject({outcome: 'invalid', detail: expect.stringContaining('signature')});
		const seconds = Math.floor(start / 1000);
		const noExpiry = await new SignJWT({...entraClaims(), iat: seconds, sub: 's'}).setProtectedHeader({alg: 'RS256', kid: 'key-a'}).sign(keyA.privateKey);
		expect(await check(noExpiry)).toMatchObject({outcome: 'invalid', detail: expect.stringContaining('"exp"')});
		expect(await check('not a token')).toMatchObject({outcome: 'invalid'});
		expect(await check('x'.repeat(maxIdTokenLength + 1))).toMatchObject({outcome: 'invalid', detail: expect.stringContaining(String(maxIdTokenLength))});
	});

	it('keeps the key set, and fetches it again once when a token names a key it does not hold (rolled keys)', async () => {
		await check(await sign(entraClaims()));
		await check(await sign(entraClaims()));
		expect(documents.fetched(entraKeys)).toBe(1);
		expect(documents.fetched(entraDiscovery)).toBe(1);

		documents.json(entraKeys, {keys: [keyA.jwk, keyB.jwk]});
		expect(await check(await sign(entraClaims(), {key: keyB}))).toMatchObject({outcome: 'account'});
		expect(documents.fetched(entraKeys)).toBe(2);

		// A kid no fetch will bring: one more fetch, then refused.
		const unknown = await check(await sign(entraClaims(), {key: keyB, header: {kid: 'key-z'}}));
		expect(unknown).toMatchObject({outcome: 'invalid', detail: expect.stringContaining('kid')});
		expect(documents.fetched(entraKeys)).toBe(3);
	});

	it('fetches the documents again after a day, and when the TLS policy differs', async () => {
		const token = await sign(entraClaims());
		await check(token);
		await check(token, entraIdTokens, {tls: {verifyServerCertificate: false, addCnToVerification: false}});
		expect(documents.fetched(entraKeys)).toBe(2);
		now = start + (25 * 3600 * 1000);
		await check(await sign(entraClaims({exp: Math.floor(now / 1000) + 3600})));
		expect(documents.fetched(entraKeys)).toBe(3);
		expect(documents.fetched(entraDiscovery)).toBe(3);
	});

	it('uses an OpenID configuration the connection check read', async () => {
		verifier.remember(entraDiscovery, verify, {issuer: 'https://login.microsoftonline.com/{tenantid}/v2.0', jwks_uri: entraKeys});
		expect(await check(await sign(entraClaims()))).toMatchObject({outcome: 'account'});
		expect(documents.fetched(entraDiscovery)).toBe(0);
	});
});

describe('Google ID tokens', () => {
	it('takes a verified email, with either form of Google\'s issuer', async () => {
		expect(await check(await sign(googleClaims()), googleIdTokens)).toEqual({outcome: 'account', account: 'sender@example.com'});
		expect(await check(await sign(googleClaims({iss: 'accounts.google.com'})), googleIdTokens)).toMatchObject({outcome: 'account'});
		expect(await check(await sign(googleClaims({iss: 'https://accounts.google.com.evil.example'})), googleIdTokens)).toMatchObject({outcome: 'invalid'});
		expect(documents.requests.map(request => request.url)).toEqual([googleDiscovery, googleKeys]);
	});

	it('does not believe an email that is not verified', async () => {
		const outcome = await check(await sign(googleClaims({email_verified: false})), googleIdTokens);
		expect(outcome).toMatchObject({outcome: 'no-account', why: expect.stringContaining('verified')});
	});
});

describe('documents out of reach or not what they should be', () => {
	it('says unchecked when the keys cannot be fetched now (no answer, 5xx, 429)', async () => {
		const token = await sign(entraClaims());
		documents.fail = new OutboundError('timeout', 'No answer within 10 s', 'ETIMEDOUT');
		expect(await check(token)).toMatchObject({outcome: 'unchecked', why: expect.stringContaining('timeout')});
		documents.fail = undefined;
		documents.served.set(entraKeys, () => ({status: 503, json: undefined}));
		expect(await check(token)).toMatchObject({outcome: 'unchecked', why: expect.stringContaining('HTTP 503')});
		documents.served.set(entraKeys, () => ({status: 429, json: undefined}));
		expect(await check(token)).toMatchObject({outcome: 'unchecked'});
	});

	it('refuses when the documents are wrong: 404, no keys, too many keys, too large, not https', async () => {
		const token = await sign(entraClaims());
		documents.served.delete(entraKeys);
		expect(await check(token)).toMatchObject({outcome: 'invalid', detail: expect.stringContaining('HTTP 404')});
		documents.json(entraKeys, {keys: []});
		expect(await check(token)).toMatchObject({outcome: 'invalid', detail: expect.stringContaining('no keys')});
		documents.json(entraKeys, {keys: Array.from({length: 65}, (_, index) => ({...keyA.jwk, kid: `k${index}`}))});
		expect(await check(token)).toMatchObject({outcome: 'invalid'});
		documents.served.set(entraKeys, () => {
			throw new OutboundError('http_error', 'The response from login.microsoftonline.com is larger than 131072 bytes');
		});
		expect(await check(token)).toMatchObject({outcome: 'invalid', detail: expect.stringContaining('http_error')});
		verifier = new IdTokenVerifier({outbound: documents.outbound, now: () => now});
		documents.json(entraDiscovery, {issuer: 'https://login.microsoftonline.com/{tenantid}/v2.0', jwks_uri: 'http://login.microsoftonline.com/keys'});
		expect(await check(token)).toMatchObject({outcome: 'invalid', detail: expect.stringContaining('not https')});
	});

	it('returns nothing once the signal aborted', async () => {
		const controller = new AbortController();
		controller.abort();
		documents.fail = new Error('aborted');
		expect(await check(await sign(entraClaims()), entraIdTokens, {signal: controller.signal})).toBeUndefined();
	});

	it('never puts the token in what it says', async () => {
		const tokens = [
			await sign(entraClaims({aud: 'x'})),
			await sign(entraClaims(), {key: stranger}),
			await sign(entraClaims({exp: Math.floor(start / 1000) - 3600})),
		];
		for (const token of tokens) {
			const outcome = JSON.stringify(await check(token));
			for (const part of token.split('.')) {
				expect(outcome.includes(part)).toBe(false);
			}
		}
	});
});
