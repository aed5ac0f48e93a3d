/**
The offline identity provider: a local HTTPS server that behaves like Microsoft Entra ID
(login.microsoftonline.com) for the device authorization grant and like Google
(accounts.google.com, oauth2.googleapis.com, gmail.googleapis.com) for the authorization code
grant with a loopback redirect and PKCE, with a local CA so that the device's certificate
checks are real, pages where a person approves a user code or gives consent, and test
controls for scripts. Beside it, in the same process and life cycle, two SMTP servers stand
in for smtp.office365.com and smtp.gmail.com (smtp.ts): STARTTLS, XOAUTH2 with the tokens
issued here. See DESIGN.md, "Offline mode".
*/
import {createCertificateSet, loadOrCreateCertificates} from './certificates.js';
import {createEntra} from './entra.js';
import {createGoogle, googleAuthorizationPath, googleTokenPath} from './google.js';
import {verificationPath} from './pages.js';
import {createSmtpState, type SmtpProvider} from './mailbox.js';
import {createIdentityProviderServer} from './server.js';
import {startOfflineSmtp} from './smtp.js';
import {createSigningKeys} from './signing-keys.js';
import type {IdentityProviderControls} from './controls.js';
import {newTestToken} from '../emulator/request-guard.js';

export type {CertificateKind} from './certificates.js';
export {certificateKinds} from './certificates.js';
export type {
	IdentityProviderConfig,
	IdentityProviderConfigPatch,
	IdentityProviderControls,
	IdentityProviderStats,
} from './controls.js';
export type {DecisionResult, PendingAuthorization, RevokeResult} from './entra.js';
export {defaultAccount, deviceCodeGrantType, normalizeUserCode, outlookResource, smtpSendScope} from './entra.js';
export type {ReceivedMail, SmtpProvider} from './mailbox.js';
export {smtpProviders} from './mailbox.js';
export type {GoogleConsentResult, GoogleDecision, GoogleSettings} from './google.js';
export {
	gmailHost,
	gmailProfilePath,
	googleAccountsHost,
	googleAuthorizationPath,
	googleDefaultAccount,
	googleDiscoveryPath,
	googleMailScope,
	googleTokenHost,
	googleTokenPath,
	isLoopbackRedirectUri,
} from './google.js';

/** The device's built-in Microsoft client ID when it runs offline. */
export const offlineMicrosoftClientId = '00000000-0000-4000-8000-00000000c10d';

export type IdentityProviderOptions = {
	/** Listen address; default 127.0.0.1. */
	host?: string;
	/** Default 0: a free port. */
	port?: number;
	/** Ports of the SMTP servers that stand in for smtp.office365.com and smtp.gmail.com; default 0 (free ports). */
	smtpPorts?: Partial<Record<SmtpProvider, number>>;
	/** If given, the CA and server keys and certificates are cached here and reused on restart. */
	stateDir?: string;
	/** Host name used in `url` and `verification_uri`; default localhost. */
	publicHost?: string;
	/** Accepted Microsoft client IDs; default [offlineMicrosoftClientId]. */
	clientIds?: string[];
	/** The protocol clock (code and token lifetimes, Entra and Google); default Date.now. Certificates use real time. */
	now?: () => number;
	/** One line per request: method, path, status. Never tokens, codes, secrets or bodies. */
	log?: (line: string) => void;
	/** The token `/_control/*` asks for over HTTP (loopback only); default: a new random one per run. */
	testToken?: string;
};

export type IdentityProvider = {
	/** `https://<publicHost>:<port>` */
	url: string;
	port: number;
	/** The local CA the device must trust for "Verify Server Certificate". */
	caCertificatePem: string;
	/** `<url>/devicelogin` */
	verificationUri: string;
	/** `<url>/o/oauth2/v2/auth`: where the engineer's browser finds the Google consent page offline. */
	googleAuthorizationEndpoint: string;
	/** `<url>/token`: what stands in for https://oauth2.googleapis.com/token offline. */
	googleTokenEndpoint: string;
	/** Where the SMTP servers listen (same address as the HTTPS server): STARTTLS, then XOAUTH2. */
	smtpPorts: Record<SmtpProvider, number>;
	controls: IdentityProviderControls;
	/** The run's token for `/_control/*` over HTTP (`Authorization: Bearer` or `X-Test-Token`); in-process callers use `controls`. */
	testToken: string;
	/** Closes the server and all its connections. */
	close(): Promise<void>;
};

/** IPv6 literals go in brackets inside a URL. */
function hostForUrl(host: string): string {
	return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

export async function startIdentityProvider(options: IdentityProviderOptions = {}): Promise<IdentityProvider> {
	const certificates = options.stateDir === undefined
		? createCertificateSet()
		: await loadOrCreateCertificates(options.stateDir);
	let url = '';
	// One key pair signs both providers' ID tokens; each publishes it at its own jwks_uri.
	const signingKeys = createSigningKeys();
	const entra = createEntra({
		signingKeys,
		now: options.now ?? (() => Date.now()),
		clientIds: options.clientIds ?? [offlineMicrosoftClientId],
		verificationUri: () => `${url}${verificationPath}`,
	});
	const google = createGoogle({now: options.now ?? (() => Date.now()), signingKeys});
	const smtpState = createSmtpState();
	const testToken = options.testToken ?? newTestToken();
	const server = createIdentityProviderServer({certificates, entra, google, smtp: smtpState, log: options.log, testToken, publicHost: options.publicHost});
	const host = options.host ?? '127.0.0.1';
	const port = await server.listen(host, options.port ?? 0);
	url = `https://${hostForUrl(options.publicHost ?? 'localhost')}:${port}`;
	const smtp = await startOfflineSmtp({
		host,
		...(options.smtpPorts ? {ports: options.smtpPorts} : {}),
		entra,
		google,
		state: smtpState,
		certificates,
		certificate: () => server.controls.config().certificate,
		log: options.log ?? (() => undefined),
	}).catch(async (error: unknown) => {
		await server.close();
		throw error;
	});
	let closing: Promise<void> | undefined;
	return {
		url,
		port,
		caCertificatePem: certificates.ca.certificatePem,
		verificationUri: `${url}${verificationPath}`,
		googleAuthorizationEndpoint: `${url}${googleAuthorizationPath}`,
		googleTokenEndpoint: `${url}${googleTokenPath}`,
		smtpPorts: {...smtp.ports},
		controls: server.controls,
		testToken,
		close: () => (closing ??= Promise.all([server.close(), smtp.close()]).then(() => undefined)),
	};
}
