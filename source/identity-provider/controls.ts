/**
Test controls of the offline identity provider: change its behaviour at run time, approve
or deny codes, give or refuse Google consent, register Google clients, revoke or expire
tokens, read counters, read the mail its SMTP servers received and make their next AUTH fail. The same operations are offered as methods
(`IdentityProviderControls`) and as JSON over HTTP under `/_control/` (control-routes.ts).
*/
import {z} from 'zod';
import {certificateKinds, type CertificateKind} from './certificates.js';
import {
	entraApplications,
	type DecisionResult,
	type Entra,
	type EntraSettings,
	type PendingAuthorization,
	type RevokeResult,
} from './entra.js';
import {isGoogleClientId, type Google, type GoogleConsentResult, type GoogleSettings} from './google.js';
import {parseSmtpReply, smtpRejectBodySchema, type ReceivedMail, type SmtpProvider, type SmtpState} from './mailbox.js';

export const controlPrefix = '/_control/';

export type IdentityProviderConfig = EntraSettings & GoogleSettings & {
	/** Which server certificate new TLS connections get. */
	certificate: CertificateKind;
};

export const configPatchSchema = z.strictObject({
	deviceCodeLifetimeSeconds: z.int().min(1).max(86_400).optional(),
	intervalSeconds: z.int().min(1).max(3600).optional(),
	accessTokenLifetimeSeconds: z.int().min(1).max(86_400 * 30).optional(),
	slowDownCount: z.int().min(0).max(1_000_000).optional(),
	certificate: z.enum(certificateKinds).optional(),
	failNextTokenRequests: z.strictObject({
		status: z.int().min(500).max(599),
		count: z.int().min(0).max(1_000_000),
	}).optional(),
	/** How the Entra app registration is set up: 'multi-tenant' (default), 'single-tenant', 'public-client-flows-off', 'consent-missing'. */
	entraApplication: z.enum(entraApplications).optional(),
	googleCodeLifetimeSeconds: z.int().min(1).max(86_400).optional(),
	googleAccessTokenLifetimeSeconds: z.int().min(1).max(86_400 * 30).optional(),
	googleRequireRegisteredClients: z.boolean().optional(),
	googleGmailApiEnabled: z.boolean().optional(),
});
export type IdentityProviderConfigPatch = z.infer<typeof configPatchSchema>;

/** Requests counted per route since start or the last reset; every known route is present. */
export type IdentityProviderStats = Record<string, number>;

export type IdentityProviderControls = {
	config(): IdentityProviderConfig;
	/** Merges and returns the whole configuration; throws a ZodError on invalid values. */
	configure(patch: IdentityProviderConfigPatch): IdentityProviderConfig;
	/** Every refresh token (Entra and Google) stops working, every access token becomes invalid, unexchanged Google codes are forgotten. */
	revokeAll(): RevokeResult;
	/** Device codes waiting for a decision and not yet expired. */
	pending(): PendingAuthorization[];
	approve(userCode: string, account?: string): DecisionResult;
	deny(userCode: string): DecisionResult;
	/**
	From now on this Google client must present this secret (else 401 invalid_client); with
	`googleRequireRegisteredClients` only registered clients are known. Throws a ZodError on a
	malformed client ID or an empty secret.
	*/
	registerGoogleClient(clientId: string, clientSecret: string): void;
	/** Every Google refresh token answers invalid_grant "Token has been expired or revoked." (an app in "Testing" status after 7 days). */
	expireGoogleRefreshTokens(): {refreshTokens: number};
	/**
	What the consent form's Allow or Deny does, for an authorization URL with any host (only its
	path and query matter): `{status: 302, location}`, or the refusal's status and error.
	*/
	googleConsent(authorizationUrl: string, decision: 'allow' | 'deny', account?: string): GoogleConsentResult;
	stats(): IdentityProviderStats;
	/**
	The next `count` (default 1) answers that carry text a device shows (a device code's
	`message`, an `error_description` but authorization_pending's and slow_down's, Entra's or
	Google's) get `text` planted in it: for tests of hostile text such as terminal control
	sequences. Reset and a count of 0 end it.
	*/
	injectText(text: string, count?: number): void;
	/** Forgets all codes, tokens, Google client registrations, received mail and queued SMTP refusals, zeroes the counters, restores the default configuration. */
	reset(): void;
	isAccessTokenValid(token: string): boolean;
	/** The messages the offline SMTP servers accepted, oldest first (no tokens: envelope, account, headers, text). */
	mail(): ReceivedMail[];
	/**
	The next `count` (default 1) AUTH commands at this provider's SMTP server fail with `reply`
	(e.g. `535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the
	Tenant.`; several lines as `535-…\n535 …`); a count of 0 ends it. Throws a ZodError on a reply
	that is not 4xx/5xx.
	*/
	rejectNextSmtpAuth(provider: SmtpProvider, reply: string, count?: number): void;
};

/** What the server lends the controls: its certificate switch and its counters. */
export type ServerHooks = {
	certificate(): CertificateKind;
	useCertificate(kind: CertificateKind): void;
	stats(): IdentityProviderStats;
	resetStats(): void;
	injectText(text: string, count: number): void;
};

export const injectTextBodySchema = z.strictObject({
	text: z.string().max(4096),
	count: z.int().min(0).max(1_000_000).default(1),
});

export const googleClientBodySchema = z.strictObject({
	clientId: z.string().max(256).refine(isGoogleClientId, 'A Google client ID ends in .apps.googleusercontent.com.'),
	clientSecret: z.string().min(1).max(1024),
});

export type IdentityProviders = {entra: Entra; google: Google; smtp: SmtpState};

function definedOnly<Value extends Record<string, unknown>>(values: Value): Partial<Value> {
	return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<Value>;
}

export function createControls({entra, google, smtp}: IdentityProviders, server: ServerHooks): IdentityProviderControls {
	const config = (): IdentityProviderConfig => ({...entra.settings(), ...google.settings(), certificate: server.certificate()});
	return {
		config,
		configure(patch) {
			const {certificate, googleCodeLifetimeSeconds, googleAccessTokenLifetimeSeconds, googleRequireRegisteredClients, googleGmailApiEnabled, ...settings} = configPatchSchema.parse(patch);
			entra.configure(definedOnly(settings));
			google.configure(definedOnly({googleCodeLifetimeSeconds, googleAccessTokenLifetimeSeconds, googleRequireRegisteredClients, googleGmailApiEnabled}));
			if (certificate) {
				server.useCertificate(certificate);
			}

			return config();
		},
		revokeAll() {
			const microsoft = entra.revokeAll();
			const fromGoogle = google.revokeAll();
			return {
				refreshTokens: microsoft.refreshTokens + fromGoogle.refreshTokens,
				accessTokens: microsoft.accessTokens + fromGoogle.accessTokens,
			};
		},
		pending: () => entra.pending(),
		approve: (userCode, account) => entra.decide(userCode, 'allow', account),
		deny: userCode => entra.decide(userCode, 'deny'),
		registerGoogleClient(clientId, clientSecret) {
			const parsed = googleClientBodySchema.parse({clientId, clientSecret});
			google.registerClient(parsed.clientId, parsed.clientSecret);
		},
		expireGoogleRefreshTokens: () => google.expireRefreshTokens(),
		googleConsent: (authorizationUrl, decision, account) => google.consentByUrl(authorizationUrl, decision, account),
		stats: () => server.stats(),
		injectText(text, count = 1) {
			const parsed = injectTextBodySchema.parse({text, count});
			server.injectText(parsed.text, parsed.count);
		},
		reset() {
			entra.reset();
			google.reset();
			smtp.reset();
			server.useCertificate('valid');
			server.resetStats();
			server.injectText('', 0);
		},
		isAccessTokenValid: token => entra.isAccessTokenValid(token) || google.isAccessTokenValid(token),
		mail: () => smtp.mail(),
		rejectNextSmtpAuth(provider, reply, count = 1) {
			const parsed = smtpRejectBodySchema.parse({provider, reply, count});
			smtp.rejectNextAuth(parsed.provider, parseSmtpReply(parsed.reply)!, parsed.count);
		},
	};
}
