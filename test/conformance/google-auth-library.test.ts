/**
Conformance: Google's own Node client, google-auth-library 10.9.1 (unmodified, the last line that
runs on Node 20), against the offline Google of the identity provider. The library talks to
its built-in endpoints (accounts.google.com, oauth2.googleapis.com, www.googleapis.com,
openidconnect.googleapis.com, gmail.googleapis.com) over real TLS that trusts only the
provider's CA; an https.Agent given through the documented `transporterOptions.agent` sends
those host names to the provider's loopback port — the only thing a real integration would not
need (see google-loopback-agent.ts).

The provider's clock is frozen at the real time the file starts (the library checks an ID
token's iat and exp against the real clock); "expiry" is forced on the client's side.
*/
import {createHash} from 'node:crypto';
import {CodeChallengeMethod, OAuth2Client, type Credentials} from 'google-auth-library';
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {manualClock} from '../../source/clock.js';
import {startIdentityProvider, type IdentityProvider} from '../../source/identity-provider/index.js';
import {GoogleLoopbackAgent} from './google-loopback-agent.js';

const clock = manualClock(Date.now());
const clientId = '123456789012-c0nf0rmance.apps.googleusercontent.com';
const clientSecret = 'GOCSPX-conformance-secret';
const redirectUri = 'http://127.0.0.1:8765';
const account = 'someone@example.com';
const mailScope = 'https://mail.google.com/';
const emailScope = 'https://www.googleapis.com/auth/userinfo.email';

let provider: IdentityProvider;
let agent: GoogleLoopbackAgent;

beforeAll(async () => {
	provider = await startIdentityProvider({now: clock.now});
	agent = new GoogleLoopbackAgent(provider);
});

afterAll(async () => {
	agent?.destroy();
	await provider?.close();
});

beforeEach(() => {
	provider.controls.reset();
});

function newClient(secret = clientSecret): OAuth2Client {
	return new OAuth2Client({clientId, clientSecret: secret, redirectUri, transporterOptions: {agent}});
}

/** The library's authorization URL, consent given through the controls, the code from the redirect. */
async function authorize(client: OAuth2Client): Promise<{code: string; codeVerifier: string}> {
	const {codeVerifier, codeChallenge} = await client.generateCodeVerifierAsync();
	const url = client.generateAuthUrl({
		access_type: 'offline',
		prompt: 'consent',
		scope: [mailScope, 'openid', 'email'],
		code_challenge_method: CodeChallengeMethod.S256,
		code_challenge: codeChallenge,
		state: 'conformance-state',
	});
	expect(new URL(url).origin).toBe('https://accounts.google.com');
	const consent = provider.controls.googleConsent(url, 'allow', account);
	expect(consent.status).toBe(302);
	const location = new URL(consent.location!);
	expect(location.searchParams.get('state')).toBe('conformance-state');
	return {code: location.searchParams.get('code')!, codeVerifier};
}

async function signIn(client: OAuth2Client): Promise<Credentials> {
	const {code, codeVerifier} = await authorize(client);
	const {tokens} = await client.getToken({code, codeVerifier});
	client.setCredentials(tokens);
	return tokens;
}

/** OpenID Connect Core §3.1.3.6: the left half of the SHA-256 of the access token. */
function atHash(accessToken: string): string {
	return createHash('sha256').update(accessToken, 'ascii').digest().subarray(0, 16).toString('base64url');
}

/** What a failed library call carries: the HTTP status and Google's JSON body. */
async function failure(promise: Promise<unknown>): Promise<{status: number | undefined; data: any}> {
	try {
		await promise;
	} catch (error) {
		const response = (error as {response?: {status: number; data: unknown}}).response;
		return {status: response?.status, data: response?.data};
	}

	throw new Error('The call succeeded.');
}

describe('google-auth-library 10.9.1 against the offline Google', () => {
	it('exchanges a PKCE authorization code for access, refresh and ID tokens', async () => {
		const client = newClient();
		const tokens = await signIn(client);
		expect(tokens.access_token).toMatch(/^ya29\./);
		expect(tokens.refresh_token).toMatch(/^1\/\/0/);
		expect(tokens.token_type).toBe('Bearer');
		expect(tokens.scope?.split(' ').sort()).toEqual([emailScope, mailScope, 'openid'].sort());
		expect(tokens.expiry_date).toBeGreaterThan(Date.now());
		const [header] = tokens.id_token!.split('.');
		expect(JSON.parse(Buffer.from(header!, 'base64url').toString('utf8'))).toEqual({alg: 'RS256', kid: expect.any(String), typ: 'JWT'});
	});

	it('verifies the ID token with Google\'s published certificates (verifyIdToken)', async () => {
		const client = newClient();
		const tokens = await signIn(client);
		const ticket = await client.verifyIdToken({idToken: tokens.id_token!, audience: clientId});
		const payload = ticket.getPayload()!;
		expect(payload).toMatchObject({
			iss: 'https://accounts.google.com',
			azp: clientId,
			aud: clientId,
			sub: expect.stringMatching(/^\d{21}$/),
			email: account,
			email_verified: true,
			at_hash: atHash(tokens.access_token!),
		});
		expect(payload.exp - payload.iat).toBe(3600);
		expect(ticket.getEnvelope()).toMatchObject({alg: 'RS256', kid: expect.any(String), typ: 'JWT'});

		// Another audience is refused by the library, as it would be with the real Google.
		await expect(client.verifyIdToken({idToken: tokens.id_token!, audience: 'someone-else.apps.googleusercontent.com'})).rejects.toThrow(/Wrong recipient/);
	});

	it('refreshes an expired access token (getAccessToken) and gets a new ID token with it', async () => {
		const client = newClient();
		const tokens = await signIn(client);
		client.setCredentials({...tokens, expiry_date: 1});
		const {token} = await client.getAccessToken();
		expect(token).toMatch(/^ya29\./);
		expect(token).not.toBe(tokens.access_token);
		// Google does not rotate refresh tokens; the library keeps the one it has.
		expect(client.credentials.refresh_token).toBe(tokens.refresh_token);
		expect(client.credentials.id_token).toEqual(expect.any(String));
		const ticket = await client.verifyIdToken({idToken: client.credentials.id_token!, audience: clientId});
		expect(ticket.getPayload()).toMatchObject({email: account, at_hash: atHash(token!)});

		const {credentials} = await client.refreshAccessToken();
		expect(credentials.access_token).not.toBe(token);
		expect(credentials.scope?.split(' ')).toContain(mailScope);
	});

	it('reads what an access token is for (getTokenInfo)', async () => {
		const client = newClient();
		const tokens = await signIn(client);
		const info = await client.getTokenInfo(tokens.access_token!);
		expect(info).toMatchObject({
			aud: clientId,
			azp: clientId,
			email: account,
			email_verified: 'true',
			access_type: 'offline',
			sub: expect.stringMatching(/^\d{21}$/),
		});
		expect(info.scopes.sort()).toEqual([emailScope, mailScope, 'openid'].sort());
		expect(info.expiry_date).toBeGreaterThan(Date.now() + 3_500_000);
		expect(info.expiry_date).toBeLessThanOrEqual(Date.now() + 3_600_000);

		expect(await failure(client.getTokenInfo('ya29.not-a-token'))).toEqual({status: 400, data: {error: 'invalid_token', error_description: 'Invalid Value'}});
	});

	it('revokes a refresh token (revokeToken): refreshing then fails with invalid_grant, its access tokens die with it', async () => {
		const client = newClient();
		const tokens = await signIn(client);
		const revoked = await client.revokeToken(tokens.refresh_token!);
		expect(revoked.status).toBe(200);
		expect(revoked.data).toEqual({});

		client.setCredentials({...tokens, expiry_date: 1});
		expect(await failure(client.refreshAccessToken())).toEqual({status: 400, data: {error: 'invalid_grant', error_description: 'Token has been expired or revoked.'}});
		expect((await failure(client.getTokenInfo(tokens.access_token!))).status).toBe(400);
		expect(provider.controls.isAccessTokenValid(tokens.access_token!)).toBe(false);

		// A second revocation: Google's answer for a token it no longer knows.
		expect(await failure(client.revokeToken(tokens.refresh_token!))).toEqual({status: 400, data: {error: 'invalid_token', error_description: 'Token expired or revoked'}});
	});

	it('revokes the grant through its access token (revokeCredentials)', async () => {
		const client = newClient();
		const tokens = await signIn(client);
		const revoked = await client.revokeCredentials();
		expect(revoked.status).toBe(200);
		client.setCredentials({refresh_token: tokens.refresh_token!});
		expect((await failure(client.getAccessToken())).data).toMatchObject({error: 'invalid_grant'});
	});

	it('calls the userinfo endpoint of the discovery document and the Gmail profile with the access token', async () => {
		const client = newClient();
		const tokens = await signIn(client);
		const discovery = await client.transporter.request<Record<string, unknown>>({url: 'https://accounts.google.com/.well-known/openid-configuration'});
		expect(discovery.data).toMatchObject({
			issuer: 'https://accounts.google.com',
			token_endpoint: 'https://oauth2.googleapis.com/token',
			revocation_endpoint: 'https://oauth2.googleapis.com/revoke',
			userinfo_endpoint: 'https://openidconnect.googleapis.com/v1/userinfo',
			jwks_uri: 'https://www.googleapis.com/oauth2/v3/certs',
		});

		const userinfo = await client.request({url: String(discovery.data['userinfo_endpoint'])});
		expect(userinfo.data).toEqual({sub: expect.stringMatching(/^\d{21}$/), email: account, email_verified: true});

		const profile = await client.request<{emailAddress: string}>({url: 'https://gmail.googleapis.com/gmail/v1/users/me/profile'});
		expect(profile.data.emailAddress).toBe(account);

		provider.controls.configure({googleGmailApiEnabled: false});
		const disabled = await failure(client.request({url: 'https://gmail.googleapis.com/gmail/v1/users/me/profile'}));
		expect(disabled.status).toBe(403);
		expect(disabled.data.error).toMatchObject({
			code: 403,
			status: 'PERMISSION_DENIED',
			message: expect.stringMatching(/^Gmail API has not been used in project 123456789012 before or it is disabled\. Enable it by visiting https:\/\/console\.developers\.google\.com\/apis\/api\/gmail\.googleapis\.com\/overview\?project=123456789012 then retry\./),
			errors: [expect.objectContaining({reason: 'accessNotConfigured', domain: 'usageLimits'})],
		});
		expect(tokens.access_token).toBeDefined();
	});

	it('reports Google\'s errors: a bad code is invalid_grant, a wrong secret of a registered client is invalid_client', async () => {
		const client = newClient();
		const {codeVerifier} = await authorize(client);
		expect(await failure(client.getToken({code: '4/0Anot-a-code', codeVerifier}))).toEqual({status: 400, data: {error: 'invalid_grant', error_description: 'Bad Request'}});

		provider.controls.registerGoogleClient(clientId, clientSecret);
		const wrong = newClient('GOCSPX-wrong-secret');
		const {code, codeVerifier: verifier} = await authorize(wrong);
		expect(await failure(wrong.getToken({code, codeVerifier: verifier}))).toEqual({status: 401, data: {error: 'invalid_client', error_description: 'Unauthorized'}});
	});
});
