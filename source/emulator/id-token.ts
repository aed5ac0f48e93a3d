/**
Who authorized: the account the device sends mail as, from the OpenID Connect ID token that
comes with a token response, checked the way an OpenID Connect client must check it (OpenID
Connect Core 1.0 §3.1.3.7), before a single claim of it is believed:

- the signature (RS256 only) against the identity provider's key set, fetched from the
  discovery document's `jwks_uri` through the device's `outbound`, so with the same routing and
  the same "Verify Server Certificate" / "Add CN to Verification Items" as every other request;
- the issuer: the discovery document's `issuer`. Entra's documents for common and organizations
  name `https://login.microsoftonline.com/{tenantid}/v2.0`, a template the client fills in with
  the token's `tid` (Microsoft Learn, "Microsoft identity platform ID tokens", Validate tokens,
  and "OpenID Connect on the Microsoft identity platform", Find your app's OpenID configuration
  document URI). Google's ID tokens name `https://accounts.google.com` or `accounts.google.com`
  (Google for Developers, "OpenID Connect", Validating an ID token);
- the audience: the client ID; the expiry and not-before by the device's own clock (`now`),
  with five minutes of tolerance, the default clock skew of Microsoft's own token validation
  (Microsoft.IdentityModel.Tokens, TokenValidationParameters.DefaultClockSkew = 300 s).

Then the account: `email` (Google: only when `email_verified` is true), else Entra's
`preferred_username`; it must be a mail address.

Why not the access token or a mail API: Microsoft says clients must never read access tokens
("Access tokens in the Microsoft identity platform": they are for the resource; personal
accounts' are opaque), and asking Gmail's profile API needs the Gmail API enabled in the Google
Cloud project, which SMTP with XOAUTH2 does not (a project without it answers 403
accessNotConfigured).

Documents are cached per URL and TLS policy (a key set fetched without certificate checks is
never used once they are on); a key set is fetched again, once, when no key of it matches the
token's `kid` (the provider rolled its keys). Sizes are bounded: the token, the documents, the
number of keys. Nothing here logs or returns a token.
*/
import {createLocalJWKSet, decodeJwt, jwtVerify, type JSONWebKeySet, type JWTPayload, type JWTVerifyGetKey} from 'jose';
import {z} from 'zod';
import {validateMailAddress} from '../device/validation.js';
import {AbortedError, classifyError, OutboundError, type Outbound, type TlsPolicy} from './outbound.js';

/** Entra's and Google's ID tokens are 1–2 KB; anything near this is not one. */
export const maxIdTokenLength = 16_384;
/** Entra's key set (x5c chains included) is some 15 KB, Google's 2 KB. */
const maxDocumentBytes = 128 * 1024;
const maxKeys = 64;
const clockToleranceSeconds = 300;
/** A document older than this is fetched again before it is used. */
const documentMaxAgeMs = 24 * 60 * 60 * 1000;
const maxDetailLength = 300;

/**
Why the account is not known while the token is active (the test mail says what to do):
`no_id_token`, the token response had none (the app may not sign users in with openid);
`no_mail_address`, the ID token is valid but names no (verified) mail address;
`not_checked`, it could not be checked (keys or discovery document out of reach).
*/
export const accountProblems = ['no_id_token', 'no_mail_address', 'not_checked'] as const;
export type AccountProblem = (typeof accountProblems)[number];

/** What the ID token of a token response says about the account. */
export type Identification =
	| {account: string}
	| {accountProblem: AccountProblem}
	/** It failed its checks: the token response it came with is not to be trusted. */
	| {invalid: string};

export type IdTokenOutcome =
	| {outcome: 'account'; account: string}
	/** Valid, but it names no account the device can send as. */
	| {outcome: 'no-account'; why: string}
	/** Failed a check (signature, issuer, audience, expiry, shape): `detail` says which, in words. */
	| {outcome: 'invalid'; detail: string}
	/** Could not be checked now (keys or discovery document out of reach): `why` says so. */
	| {outcome: 'unchecked'; why: string};

/** What differs between identity providers. */
export type IdTokenProfile = {
	/** In words: "Microsoft Entra ID", "Google". */
	name: string;
	/** The issuers the token may name, from the discovery document's `issuer` and the token's (not yet verified) claims; or why there are none. */
	issuers(configured: string, claims: JWTPayload): string[] | {problem: string};
	/** The account, from verified claims. */
	account(claims: JWTPayload): string | undefined;
	/** In words, why `account` found none. */
	noAccount: string;
};

function mailAddress(value: unknown): string | undefined {
	return typeof value === 'string' && validateMailAddress(value) === undefined ? value : undefined;
}

/** Entra tenant IDs are GUIDs. */
const tenantIdPattern = /^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/i;

/**
Microsoft Entra ID (v2.0 endpoints). The issuer template `{tenantid}` is filled with the token's
`tid` (Microsoft Learn, "Microsoft identity platform ID tokens": for multi-tenant apps "the
issuer value ... {tenantid} ... replace with the tid claim"). `email` is there when the email
scope was granted and the account has one; `preferred_username` is the sign-in name (a UPN or
mail address) ("ID token claims reference").
*/
export const entraIdTokens: IdTokenProfile = {
	name: 'Microsoft Entra ID',
	issuers(configured, claims) {
		if (!configured.includes('{tenantid}')) {
			return [configured];
		}

		const tid = claims['tid'];
		if (typeof tid !== 'string' || !tenantIdPattern.test(tid)) {
			return {problem: 'The ID token names no tenant (tid), so its issuer cannot be checked.'};
		}

		return [configured.replaceAll('{tenantid}', tid)];
	},
	account: claims => mailAddress(claims['email']) ?? mailAddress(claims['preferred_username']),
	noAccount: 'The ID token names no mail address (neither email nor preferred_username is one).',
};

/**
Google: "The value of iss in the ID token is equal to accounts.google.com or
https://accounts.google.com", and `email` is to be believed only with `email_verified` true
(Google for Developers, "OpenID Connect", Validating an ID token / An ID token's payload).
*/
export const googleIdTokens: IdTokenProfile = {
	name: 'Google',
	issuers(configured) {
		const bare = configured.replace(/^https:\/\//, '');
		return [...new Set([configured, bare, `https://${bare}`])];
	},
	account: claims => (claims['email_verified'] === true || claims['email_verified'] === 'true' ? mailAddress(claims['email']) : undefined),
	noAccount: 'The ID token names no verified mail address (email with email_verified true).',
};

const discoverySchema = z.object({
	issuer: z.string().min(1).max(2048),
	jwks_uri: z.string().min(1).max(2048),
	revocation_endpoint: z.string().min(1).max(2048).optional().catch(undefined),
});

export type OpenIdConfiguration = {issuer: string; jwksUri: string; revocationEndpoint?: string};

function parseConfiguration(json: unknown): OpenIdConfiguration | undefined {
	const parsed = discoverySchema.safeParse(json);
	if (!parsed.success) {
		return undefined;
	}

	const {issuer, jwks_uri: jwksUri, revocation_endpoint: revocationEndpoint} = parsed.data;
	return {issuer, jwksUri, ...(revocationEndpoint ? {revocationEndpoint} : {})};
}

/** A document could not be had: `transient` when trying again later may help. */
export class DocumentProblem extends Error {
	override readonly name = 'DocumentProblem';
	readonly transient: boolean;

	constructor(message: string, transient: boolean) {
		super(message);
		this.transient = transient;
	}
}

type Cached<T> = {value: T; fetchedAt: number};
type KeySet = {getKey: JWTVerifyGetKey};

export type IdTokenCheck = {
	idToken: string;
	/** Where the provider's OpenID configuration is. */
	discoveryUrl: string;
	clientId: string;
	profile: IdTokenProfile;
	tls: TlsPolicy;
	signal: AbortSignal;
};

function bounded(text: string): string {
	return text.length > maxDetailLength ? `${text.slice(0, maxDetailLength - 1)}…` : text;
}

function hostOf(url: string): string {
	try {
		return new URL(url).host;
	} catch {
		return 'the identity provider';
	}
}

/** The words for a failed check; never the token or its payload. */
function describeFailure(error: unknown, issuers: readonly string[]): string {
	const code = typeof (error as {code?: unknown} | undefined)?.code === 'string' ? (error as {code: string}).code : '';
	const claim = typeof (error as {claim?: unknown} | undefined)?.claim === 'string' ? (error as {claim: string}).claim : '';
	switch (code) {
		case 'ERR_JWT_EXPIRED': {
			return 'The ID token has expired (exp), by the device\'s clock: check the device\'s date and time.';
		}

		case 'ERR_JWT_CLAIM_VALIDATION_FAILED': {
			switch (claim) {
				case 'iss': {
					return `The ID token comes from another issuer than ${issuers.join(' or ')}.`;
				}

				case 'aud': {
					return 'The ID token is for another app: its audience (aud) is not the client ID.';
				}

				case 'nbf':
				case 'iat': {
					return `The ID token is not valid yet (${claim}), by the device's clock: check the device's date and time.`;
				}

				default: {
					return `The ID token lacks or has a wrong "${claim.slice(0, 40) || 'unspecified'}" claim.`;
				}
			}
		}

		case 'ERR_JOSE_ALG_NOT_ALLOWED': {
			return 'The ID token is not signed with RS256.';
		}

		case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED': {
			return 'The ID token\'s signature does not match the identity provider\'s keys.';
		}

		case 'ERR_JWKS_NO_MATCHING_KEY': {
			return 'No key of the identity provider\'s key set matches the ID token (kid).';
		}

		case 'ERR_JWKS_INVALID':
		case 'ERR_JWK_INVALID':
		case 'ERR_JOSE_NOT_SUPPORTED': {
			return 'The identity provider\'s key set is not usable for RS256.';
		}

		case 'ERR_JWS_INVALID':
		case 'ERR_JWT_INVALID': {
			return 'The ID token is not a well-formed signed JWT.';
		}

		default: {
			return 'The ID token could not be verified.';
		}
	}
}

export class IdTokenVerifier {
	readonly #outbound: Outbound;
	readonly #now: () => number;
	readonly #configurations = new Map<string, Cached<OpenIdConfiguration>>();
	readonly #keySets = new Map<string, Cached<KeySet>>();

	constructor(options: {outbound: Outbound; now: () => number}) {
		this.#outbound = options.outbound;
		this.#now = options.now;
	}

	/** Keeps an OpenID configuration read elsewhere (by the connection check), if it is one. */
	remember(discoveryUrl: string, tls: TlsPolicy, document: object): void {
		const configuration = parseConfiguration(document);
		if (configuration) {
			this.#configurations.set(cacheKey(discoveryUrl, tls), {value: configuration, fetchedAt: this.#now()});
		}
	}

	/** The provider's OpenID configuration (cached); throws DocumentProblem, or AbortedError when `signal` aborts. */
	async configuration(discoveryUrl: string, tls: TlsPolicy, signal: AbortSignal): Promise<OpenIdConfiguration> {
		const key = cacheKey(discoveryUrl, tls);
		const cached = this.#fresh(this.#configurations.get(key));
		if (cached) {
			return cached;
		}

		const configuration = parseConfiguration(await this.#fetchJson(discoveryUrl, tls, signal, 'OpenID configuration'));
		if (!configuration) {
			throw new DocumentProblem(`The OpenID configuration from ${hostOf(discoveryUrl)} names no issuer or jwks_uri.`, false);
		}

		this.#configurations.set(key, {value: configuration, fetchedAt: this.#now()});
		return configuration;
	}

	/** Checks `idToken` and finds the account in it; undefined when `signal` aborted. */
	async verify(check: IdTokenCheck): Promise<IdTokenOutcome | undefined> {
		try {
			return await this.#verify(check);
		} catch (error) {
			if (check.signal.aborted || error instanceof AbortedError) {
				return undefined;
			}

			if (error instanceof DocumentProblem) {
				return error.transient
					? {outcome: 'unchecked', why: bounded(error.message)}
					: {outcome: 'invalid', detail: bounded(error.message)};
			}

			throw error;
		}
	}

	async #verify({idToken, discoveryUrl, clientId, profile, tls, signal}: IdTokenCheck): Promise<IdTokenOutcome> {
		if (idToken.length > maxIdTokenLength) {
			return {outcome: 'invalid', detail: `The ID token is longer than ${maxIdTokenLength} characters.`};
		}

		let unverified: JWTPayload;
		try {
			unverified = decodeJwt(idToken);
		} catch {
			return {outcome: 'invalid', detail: 'The ID token is not a well-formed signed JWT.'};
		}

		const configuration = await this.configuration(discoveryUrl, tls, signal);
		const issuers = profile.issuers(configuration.issuer, unverified);
		if (!Array.isArray(issuers)) {
			return {outcome: 'invalid', detail: issuers.problem};
		}

		const options = {
			algorithms: ['RS256'],
			issuer: issuers,
			audience: clientId,
			currentDate: new Date(this.#now()),
			clockTolerance: clockToleranceSeconds,
			requiredClaims: ['exp', 'iat', 'sub'],
		};
		const key = cacheKey(configuration.jwksUri, tls);
		let fetchedNow = !this.#fresh(this.#keySets.get(key));
		let keySet = await this.#keySet(configuration.jwksUri, tls, signal, fetchedNow);
		for (;;) {
			try {
				// eslint-disable-next-line no-await-in-loop
				const {payload} = await jwtVerify(idToken, keySet.getKey, options);
				const account = profile.account(payload);
				return account ? {outcome: 'account', account} : {outcome: 'no-account', why: profile.noAccount};
			} catch (error) {
				const code = (error as {code?: unknown} | undefined)?.code;
				if (code === 'ERR_JWKS_NO_MATCHING_KEY' && !fetchedNow) {
					// The provider may have rolled its keys since they were fetched: once more, fresh.
					fetchedNow = true;
					// eslint-disable-next-line no-await-in-loop
					keySet = await this.#keySet(configuration.jwksUri, tls, signal, true);
					continue;
				}

				return {outcome: 'invalid', detail: bounded(describeFailure(error, issuers))};
			}
		}
	}

	async #keySet(jwksUri: string, tls: TlsPolicy, signal: AbortSignal, refetch: boolean): Promise<KeySet> {
		const key = cacheKey(jwksUri, tls);
		const cached = refetch ? undefined : this.#fresh(this.#keySets.get(key));
		if (cached) {
			return cached;
		}

		const json = await this.#fetchJson(jwksUri, tls, signal, 'key set');
		const keys = (json as {keys?: unknown} | undefined)?.keys;
		if (!Array.isArray(keys) || keys.length === 0 || keys.length > maxKeys) {
			throw new DocumentProblem(`The key set from ${hostOf(jwksUri)} holds no keys, or more than ${maxKeys}.`, false);
		}

		let getKey: JWTVerifyGetKey;
		try {
			getKey = createLocalJWKSet(json as JSONWebKeySet);
		} catch {
			throw new DocumentProblem(`The key set from ${hostOf(jwksUri)} is not a JSON Web Key Set.`, false);
		}

		const keySet = {getKey};
		this.#keySets.set(key, {value: keySet, fetchedAt: this.#now()});
		return keySet;
	}

	#fresh<T>(cached: Cached<T> | undefined): T | undefined {
		return cached && this.#now() - cached.fetchedAt < documentMaxAgeMs && this.#now() >= cached.fetchedAt ? cached.value : undefined;
	}

	/** GET a JSON document through `outbound`; throws DocumentProblem (transient: no answer, 5xx, 429) or AbortedError. */
	async #fetchJson(url: string, tls: TlsPolicy, signal: AbortSignal, what: string): Promise<unknown> {
		let parsed: URL;
		try {
			parsed = new URL(url);
		} catch {
			throw new DocumentProblem(`The ${what} address is not a URL.`, false);
		}

		if (parsed.protocol !== 'https:') {
			throw new DocumentProblem(`The ${what} address is not https.`, false);
		}

		let response;
		try {
			response = await this.#outbound.request({method: 'GET', url, tls, signal, maxResponseBytes: maxDocumentBytes});
		} catch (error) {
			if (error instanceof AbortedError || signal.aborted) {
				throw new AbortedError('aborted');
			}

			const failure = classifyError(error);
			// The only http_error without an answer: the body was too large.
			const tooLarge = failure instanceof OutboundError && failure.reason === 'http_error';
			throw new DocumentProblem(`The ${what} from ${parsed.host} could not be fetched (${failure.reason}).`, !tooLarge);
		}

		if (response.status !== 200) {
			const transient = response.status >= 500 || response.status === 429;
			throw new DocumentProblem(`The ${what} from ${parsed.host} could not be fetched (HTTP ${response.status}).`, transient);
		}

		if (typeof response.json !== 'object' || response.json === null) {
			throw new DocumentProblem(`The ${what} from ${parsed.host} is not JSON.`, false);
		}

		return response.json;
	}
}

function cacheKey(url: string, tls: TlsPolicy): string {
	return `${tls.verifyServerCertificate ? 'verify' : 'no-verify'}${tls.addCnToVerification ? '+cn' : ''} ${url}`;
}
