/**
Conformance: the unmodified Microsoft client, @azure/msal-node, against the offline Entra.
If msal signs in, refreshes and fails the way it does against login.microsoftonline.com,
the offline Entra is faithful where it matters to a client written by Microsoft.

The only thing that a real integration would not have is the network client
(msal-loopback.ts): it routes login.microsoftonline.com to the provider's loopback port,
keeping the host name for TLS and HTTP and trusting only the provider's CA.

msal's device code polling waits with real timers for `interval` seconds after each
authorization_pending, so `intervalSeconds` is 1 and codes are approved before the first
poll wherever the test is not about pending; the provider's clock is injected and moved by
hand for expiry.
*/
import {createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet} from 'jose';
import {AuthError, LogLevel, PublicClientApplication, type AuthenticationResult, type Configuration, type DeviceCodeRequest} from '@azure/msal-node';
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {manualClock} from '../../source/clock.js';
import {offlineMicrosoftClientId, startIdentityProvider, type IdentityProvider} from '../../source/identity-provider/index.js';
import {loopbackNetwork, msalLogger, type LoopbackNetwork, type MsalLog, type WireExchange} from './msal-loopback.js';

const clientId = offlineMicrosoftClientId;
const organizations = 'https://login.microsoftonline.com/organizations';
const smtpSend = 'https://outlook.office.com/SMTP.Send';
const offlineTenantId = '00000000-0000-4000-8000-0000000c0de0';
const consumersTenantId = '9188040d-6c67-4c5b-b112-36a304b66dad';
const someone = 'someone@contoso.example';

const clock = manualClock(Date.now());
let provider: IdentityProvider;

beforeAll(async () => {
	provider = await startIdentityProvider({now: clock.now});
});

afterAll(async () => {
	await provider?.close();
});

beforeEach(() => {
	// The provider's clock follows real time (msal's own expiry checks use it) unless a test moves it.
	clock.set(Date.now());
	provider.controls.reset();
	provider.controls.configure({intervalSeconds: 1});
});

type Msal = {app: PublicClientApplication; network: LoopbackNetwork; logs: MsalLog[]};

function msal(auth: Partial<Configuration['auth']> = {}, network = loopbackNetwork(provider), logLevel = LogLevel.Warning): Msal {
	const logs: MsalLog[] = [];
	const app = new PublicClientApplication({
		auth: {clientId, authority: organizations, ...auth},
		system: {networkClient: network, loggerOptions: msalLogger(logs, logLevel)},
	});
	return {app, network, logs};
}

/** The device code flow with the code approved (as `account`) before msal's first poll. */
function signIn({app}: Msal, options: {account?: string; scopes?: string[]; decide?: (userCode: string) => void} = {}): Promise<AuthenticationResult | null> {
	const request: DeviceCodeRequest = {
		scopes: options.scopes ?? [smtpSend],
		deviceCodeCallback(response) {
			// msal-node 7.2.3 does not check the /devicecode answer for an error: on one it calls
			// back with no user code (and goes on to poll the token endpoint).
			if (typeof response.userCode === 'string') {
				(options.decide ?? (userCode => provider.controls.approve(userCode, options.account ?? someone)))(response.userCode);
			}
		},
	};
	return app.acquireTokenByDeviceCode(request);
}

function tokenRequests(network: LoopbackNetwork): WireExchange[] {
	return network.exchanges.filter(exchange => new URL(exchange.url).pathname.endsWith('/oauth2/v2.0/token'));
}

function pathsOf(network: LoopbackNetwork): string[] {
	return network.exchanges.map(exchange => `${exchange.method} ${new URL(exchange.url).pathname}`);
}

async function rejection(promise: Promise<unknown>): Promise<AuthError> {
	try {
		await promise;
	} catch (error) {
		expect(error).toBeInstanceOf(AuthError);
		return error as AuthError;
	}

	throw new Error('msal did not throw.');
}

function lastWireError(network: LoopbackNetwork): Record<string, unknown> {
	const last = network.exchanges.at(-1);
	expect(last?.body['error']).toBeDefined();
	return last!.body;
}

describe('msal-node: device code sign-in', () => {
	it('signs in at /organizations and builds the account from the ID token and client_info', async () => {
		const client = msal();
		const result = await signIn(client);
		expect(result).not.toBeNull();
		expect(result!.accessToken.length).toBeGreaterThan(0);
		expect(result!.scopes).toContain(smtpSend);
		expect(result!.tenantId).toBe(offlineTenantId);
		expect(result!.account).toMatchObject({username: someone, tenantId: offlineTenantId, environment: 'login.windows.net'});
		expect(result!.idTokenClaims).toMatchObject({
			aud: clientId,
			iss: `https://login.microsoftonline.com/${offlineTenantId}/v2.0`,
			tid: offlineTenantId,
			preferred_username: someone,
			name: someone,
			ver: '2.0',
		});
		const oid = (result!.idTokenClaims as {oid: string}).oid;
		// The home account ID comes from client_info: `{uid}.{utid}`.
		expect(result!.account!.homeAccountId).toBe(`${oid}.${offlineTenantId}`);
		// msal logs nothing at Warning or Error: in particular not "No client info in response".
		expect(client.logs.map(line => line.message)).toEqual([]);

		// What went over the wire: msal's own grant type value, and client_info asked for.
		const [poll] = tokenRequests(client.network);
		expect(poll!.form.get('grant_type')).toBe('device_code');
		expect(poll!.form.get('client_info')).toBe('1');
		expect(poll!.body['client_info']).toEqual(expect.any(String));
		// msal knows login.microsoftonline.com's metadata and makes no discovery requests for it.
		expect(pathsOf(client.network)).toEqual(['POST /organizations/oauth2/v2.0/devicecode', 'POST /organizations/oauth2/v2.0/token']);
	});

	it('issues an ID token that verifies with the key set at the discovery document\'s jwks_uri', async () => {
		const client = msal();
		const result = await signIn(client);
		const configuration = await client.network.sendGetRequestAsync<{jwks_uri: string; id_token_signing_alg_values_supported: string[]}>(
			`${organizations}/v2.0/.well-known/openid-configuration`,
		);
		expect(configuration.status).toBe(200);
		expect(configuration.body.jwks_uri).toBe(`${organizations}/discovery/v2.0/keys`);
		const keys = await client.network.sendGetRequestAsync<JSONWebKeySet>(configuration.body.jwks_uri);
		expect(keys.status).toBe(200);
		for (const key of keys.body.keys) {
			expect(key).toMatchObject({kty: 'RSA', use: 'sig', kid: expect.any(String), n: expect.any(String), e: 'AQAB'});
		}

		const header = decodeProtectedHeader(result!.idToken);
		expect(header).toMatchObject({alg: 'RS256', typ: 'JWT', kid: expect.any(String)});
		expect(configuration.body.id_token_signing_alg_values_supported).toContain(header.alg);
		const {payload} = await jwtVerify(result!.idToken, createLocalJWKSet(keys.body), {
			issuer: `https://login.microsoftonline.com/${offlineTenantId}/v2.0`,
			audience: clientId,
			algorithms: ['RS256'],
			currentDate: new Date(clock.now()),
		});
		expect(payload).toMatchObject({preferred_username: someone, tid: offlineTenantId, ver: '2.0'});
		// Without the `email` scope there is no email claim.
		expect(payload['email']).toBeUndefined();
	});

	it('serves instance discovery and OIDC discovery documents that msal takes as its authority metadata', async () => {
		// msal-node 7.2.3 has login.microsoftonline.com's metadata built in and never asks for these
		// documents itself; its documented options `cloudDiscoveryMetadata` and `authorityMetadata`
		// make it parse and use the ones the offline Entra serves instead.
		const network = loopbackNetwork(provider);
		const discovery = await network.sendGetRequestAsync<Record<string, any>>(
			`https://login.microsoftonline.com/common/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent(`${organizations}/oauth2/v2.0/authorize`)}`,
		);
		expect(discovery.status).toBe(200);
		expect(discovery.body).toMatchObject({
			tenant_discovery_endpoint: `${organizations}/v2.0/.well-known/openid-configuration`,
			'api-version': '1.1',
		});
		expect(discovery.body['metadata']).toContainEqual({
			preferred_network: 'login.microsoftonline.com',
			preferred_cache: 'login.windows.net',
			aliases: ['login.microsoftonline.com', 'login.windows.net', 'login.microsoft.com', 'sts.windows.net'],
		});
		const tenantDiscovery = await network.sendGetRequestAsync<Record<string, unknown>>(discovery.body['tenant_discovery_endpoint']);
		expect(tenantDiscovery.status).toBe(200);

		// msal's documented way to take both documents instead of its built-in copy of them.
		const client = msal({
			cloudDiscoveryMetadata: JSON.stringify(discovery.body),
			authorityMetadata: JSON.stringify(tenantDiscovery.body),
		}, network, LogLevel.Verbose);
		const result = await signIn(client);
		expect(result!.account!.username).toBe(someone);
		const log = client.logs.map(line => line.message).join('\n');
		expect(log).toContain('Found cloud discovery metadata in authority configuration');
		expect(log).toContain('Found endpoint metadata in authority configuration');
		expect(pathsOf(network).slice(-2)).toEqual(['POST /organizations/oauth2/v2.0/devicecode', 'POST /organizations/oauth2/v2.0/token']);

		const unknown = await network.sendGetRequestAsync<Record<string, unknown>>(
			'https://login.microsoftonline.com/common/discovery/instance?api-version=1.1&authorization_endpoint=https%3A%2F%2Flogin.contoso.example%2Fcommon%2Foauth2%2Fv2.0%2Fauthorize',
		);
		expect(unknown.status).toBe(400);
		expect(unknown.body).toMatchObject({error: 'invalid_instance', error_codes: [50_049]});
	});

	it('keeps polling while the code is pending, then signs in', async () => {
		let userCode: string | undefined;
		const network = loopbackNetwork(provider, exchange => {
			// Approve once msal has been told authorization_pending, so that msal waits and polls again.
			if (exchange.body['error'] === 'authorization_pending' && userCode) {
				provider.controls.approve(userCode, someone);
			}
		});
		const client = msal({}, network);
		const result = await signIn(client, {decide: code => {
			userCode = code;
		}});
		expect(result!.account!.username).toBe(someone);
		expect(tokenRequests(network).map(exchange => exchange.body['error'] ?? 'tokens')).toEqual(['authorization_pending', 'tokens']);
	});

	it('fails with authorization_declined when the user denies', async () => {
		const client = msal();
		const error = await rejection(signIn(client, {decide: userCode => provider.controls.deny(userCode)}));
		// msal-node 7.2.3 reports a polling error by its OAuth error code alone.
		expect(error.errorCode).toBe('post_request_failed');
		expect(error.errorMessage).toBe('authorization_declined');
		expect(lastWireError(client.network)).toMatchObject({error: 'authorization_declined', error_codes: [70_000]});
	});

	it('fails with expired_token when the code expires unanswered', async () => {
		const client = msal();
		const error = await rejection(signIn(client, {decide() {
			clock.advance(900_000);
		}}));
		expect(error.errorMessage).toBe('expired_token');
		expect(lastWireError(client.network)).toMatchObject({error: 'expired_token', error_codes: [70_020]});
	});

	it('stops at slow_down: msal-node 7.2.3 takes every polling error but authorization_pending as final', async () => {
		// RFC 8628 §3.5 says to add 5 seconds and go on; msal-node's DeviceCodeClient does not.
		// Entra is not known to send slow_down: Microsoft Learn's device code page lists
		// authorization_pending, authorization_declined, bad_verification_code and expired_token,
		// and the graph-oauth crate's docs call slow_down "Not yet supported by Microsoft".
		// `slowDownCount` is an RFC 8628 knob for testing the device's own client.
		provider.controls.configure({slowDownCount: 1});
		const client = msal();
		const error = await rejection(signIn(client));
		expect(error.errorMessage).toBe('slow_down');
	});

	it('gives personal accounts (/consumers) an opaque access token and the consumers tenant', async () => {
		const client = msal({authority: 'https://login.microsoftonline.com/consumers'});
		const result = await signIn(client, {account: 'someone@outlook.example'});
		expect(result!.tenantId).toBe(consumersTenantId);
		expect(result!.account!.username).toBe('someone@outlook.example');
		// Not a JWT: nothing a client could decode.
		expect(result!.accessToken.split('.')).toHaveLength(1);
		expect(provider.controls.isAccessTokenValid(result!.accessToken)).toBe(true);
	});
});

describe('msal-node: silent refresh', () => {
	it('refreshes, and a refresh token that was already used still works', async () => {
		const client = msal();
		const first = await signIn(client);
		const cacheAfterSignIn = client.app.getTokenCache().serialize();
		const originalRefreshToken = tokenRequests(client.network)[0]!.body['refresh_token'];
		expect(originalRefreshToken).toEqual(expect.any(String));

		const refreshed = await client.app.acquireTokenSilent({account: first!.account!, scopes: [smtpSend], forceRefresh: true});
		expect(refreshed.accessToken).not.toBe(first!.accessToken);
		expect(refreshed.account!.username).toBe(someone);
		const refreshRequest = tokenRequests(client.network).at(-1)!;
		expect(refreshRequest.form.get('grant_type')).toBe('refresh_token');
		expect(refreshRequest.form.get('refresh_token')).toBe(originalRefreshToken);
		// openid was granted, so the refresh answers with an ID token too.
		expect(refreshRequest.body['id_token']).toEqual(expect.any(String));

		// A second app with the cache as it was before that refresh sends the original refresh token again.
		const stale = msal();
		await stale.app.getTokenCache().deserialize(cacheAfterSignIn);
		const [account] = await stale.app.getAllAccounts();
		const again = await stale.app.acquireTokenSilent({account: account!, scopes: [smtpSend], forceRefresh: true});
		expect(tokenRequests(stale.network).at(-1)!.form.get('refresh_token')).toBe(originalRefreshToken);
		expect(again.accessToken).not.toBe(refreshed.accessToken);
		expect(provider.controls.isAccessTokenValid(again.accessToken)).toBe(true);
	});

	it('is refused with AADSTS65001 for a scope that was never consented', async () => {
		const client = msal();
		const first = await signIn(client);
		const error = await rejection(client.app.acquireTokenSilent({
			account: first!.account!,
			scopes: ['https://outlook.office.com/IMAP.AccessAsUser.All'],
			forceRefresh: true,
		}));
		expect(error.errorCode).toBe('invalid_grant');
		expect(error.errorMessage).toContain('AADSTS65001');
		expect((error as AuthError & {errorNo?: unknown}).errorNo).toBe(65_001);
		expect(lastWireError(client.network)).toMatchObject({error: 'invalid_grant', suberror: 'consent_required'});
	});
});

describe('msal-node: app registrations that are set up wrong', () => {
	const cases = [
		{setting: 'single-tenant', error: 'invalid_request', code: 50_194},
		{setting: 'public-client-flows-off', error: 'invalid_client', code: 7_000_218},
		{setting: 'consent-missing', error: 'invalid_grant', code: 65_001},
	] as const;

	for (const {setting, error, code} of cases) {
		it(`${setting}: the device code sign-in fails with AADSTS${code}`, async () => {
			provider.controls.configure({entraApplication: setting});
			const client = msal();
			const thrown = await rejection(signIn(client));
			expect(thrown.errorCode).toBe('post_request_failed');
			expect(thrown.errorMessage).toBe(error);
			const body = lastWireError(client.network);
			expect(body).toMatchObject({error, error_codes: [code]});
			expect(body['error_description']).toMatch(new RegExp(`^AADSTS${code}: `));
		});

		it(`${setting}: a silent refresh fails with AADSTS${code} in msal's error`, async () => {
			const client = msal();
			const first = await signIn(client);
			provider.controls.configure({entraApplication: setting});
			const thrown = await rejection(client.app.acquireTokenSilent({account: first!.account!, scopes: [smtpSend], forceRefresh: true}));
			expect(thrown.errorCode).toBe(error);
			expect(thrown.errorMessage).toContain(`AADSTS${code}`);
			expect((thrown as AuthError & {errorNo?: unknown}).errorNo).toBe(code);
		});
	}
});
