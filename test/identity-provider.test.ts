import {createLocalJWKSet, jwtVerify} from 'jose';
import {describe, expect, it} from 'vitest';
import {manualClock} from '../source/clock.js';
import {
	deviceCodeGrantType,
	offlineMicrosoftClientId,
	startIdentityProvider,
	type IdentityProvider,
} from '../source/identity-provider/index.js';
import {microsoftScope, request, type HttpResult, withIdentityProvider} from './identity-provider-helpers.js';

const start = Date.parse('2025-04-01T09:00:00Z');
const clock = manualClock(start);
const logLines: string[] = [];
let provider: IdentityProvider;

withIdentityProvider({clock, start, logLines}, current => {
	provider = current;
});

type DeviceCodeResponse = {
	device_code: string;
	user_code: string;
	verification_uri: string;
	expires_in: number;
	interval: number;
	message: string;
};

async function requestDeviceCode(scope = microsoftScope, tenant = 'organizations'): Promise<DeviceCodeResponse> {
	const response = await request(provider, `/${tenant}/oauth2/v2.0/devicecode`, {form: {client_id: offlineMicrosoftClientId, scope}});
	expect(response.status).toBe(200);
	return response.json as DeviceCodeResponse;
}

function poll(deviceCode: string, tenant = 'organizations', clientId = offlineMicrosoftClientId): Promise<HttpResult> {
	return request(provider, `/${tenant}/oauth2/v2.0/token`, {
		form: {grant_type: deviceCodeGrantType, client_id: clientId, device_code: deviceCode},
	});
}

function refresh(refreshToken: string, clientId = offlineMicrosoftClientId): Promise<HttpResult> {
	return request(provider, '/organizations/oauth2/v2.0/token', {
		form: {grant_type: 'refresh_token', client_id: clientId, refresh_token: refreshToken, scope: microsoftScope},
	});
}

function approveByForm(userCode: string, decision = 'allow', account?: string): Promise<HttpResult> {
	return request(provider, '/devicelogin', {form: {user_code: userCode, decision, ...(account === undefined ? {} : {account})}});
}

function expectEntraError(response: HttpResult, status: number, error: string, code: number): void {
	expect(response.status).toBe(status);
	expect(response.json).toMatchObject({error, error_codes: [code]});
	expect(response.json.error_description).toMatch(new RegExp(`^AADSTS${code}: `));
	expect(response.json.timestamp).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
	expect(response.json.trace_id).toMatch(/^[\da-f-]{36}$/);
	expect(response.json.correlation_id).toMatch(/^[\da-f-]{36}$/);
}

async function signIn(scope = microsoftScope): Promise<Record<string, any>> {
	const code = await requestDeviceCode(scope);
	expect((await approveByForm(code.user_code)).status).toBe(200);
	const tokens = await poll(code.device_code);
	expect(tokens.status).toBe(200);
	return tokens.json;
}

describe('discovery', () => {
	it('serves an Entra-shaped OpenID configuration per tenant', async () => {
		const response = await request(provider, '/common/v2.0/.well-known/openid-configuration');
		expect(response.status).toBe(200);
		expect(response.json).toMatchObject({
			token_endpoint: 'https://login.microsoftonline.com/common/oauth2/v2.0/token',
			authorization_endpoint: 'https://login.microsoftonline.com/common/oauth2/v2.0/authorize',
			device_authorization_endpoint: 'https://login.microsoftonline.com/common/oauth2/v2.0/devicecode',
			issuer: expect.stringMatching(/^https:\/\/login\.microsoftonline\.com\/.+\/v2\.0$/),
		});
	});

	it('refuses an unknown tenant with AADSTS90002', async () => {
		const response = await request(provider, '/contoso.example/v2.0/.well-known/openid-configuration');
		expectEntraError(response, 400, 'invalid_request', 90_002);
		expect(response.json.error_description).toContain('Tenant \'contoso.example\' not found');
	});
});

describe('device authorization', () => {
	it('issues a device code and a 9-character user code with the verification URI', async () => {
		const code = await requestDeviceCode();
		expect(code.device_code.length).toBeGreaterThanOrEqual(40);
		expect(code.user_code).toMatch(/^[A-HJ-NP-Z2-9]{9}$/);
		expect(code.verification_uri).toBe(provider.verificationUri);
		expect(provider.verificationUri).toBe(`${provider.url}/devicelogin`);
		expect(provider.url).toBe(`https://localhost:${provider.port}`);
		expect(code.expires_in).toBe(900);
		expect(code.interval).toBe(5);
		expect(code.message).toBe(`To sign in, use a web browser to open the page ${provider.verificationUri} and enter the code ${code.user_code} to authenticate.`);
	});

	it('refuses an unknown client with unauthorized_client', async () => {
		const response = await request(provider, '/common/oauth2/v2.0/devicecode', {form: {client_id: 'not-a-client', scope: microsoftScope}});
		expectEntraError(response, 400, 'unauthorized_client', 700_016);
	});

	it('refuses an unknown tenant', async () => {
		const response = await request(provider, '/fabrikam/oauth2/v2.0/devicecode', {form: {client_id: offlineMicrosoftClientId, scope: microsoftScope}});
		expectEntraError(response, 400, 'invalid_request', 90_002);
	});

	it('asks for a missing scope or client_id', async () => {
		const noScope = await request(provider, '/common/oauth2/v2.0/devicecode', {form: {client_id: offlineMicrosoftClientId}});
		expectEntraError(noScope, 400, 'invalid_request', 900_144);
		expect(noScope.json.error_description).toContain('\'scope\'');
		const noClient = await request(provider, '/common/oauth2/v2.0/devicecode', {form: {scope: microsoftScope}});
		expectEntraError(noClient, 400, 'invalid_request', 900_144);
		expect(noClient.json.error_description).toContain('\'client_id\'');
	});

	it('echoes a GUID client-request-id as correlation_id', async () => {
		const id = '0f0e0d0c-0b0a-4909-8807-060504030201';
		const response = await request(provider, '/common/oauth2/v2.0/devicecode', {form: {scope: microsoftScope}, headers: {'client-request-id': id}});
		expect(response.json.correlation_id).toBe(id);
		expect(response.json.error_description).toContain(`Correlation ID: ${id}`);
	});

	it('lists pending codes without their device codes', async () => {
		const code = await requestDeviceCode();
		const pending = await request(provider, '/_control/pending');
		expect(pending.json).toEqual([{
			userCode: code.user_code,
			tenant: 'organizations',
			clientId: offlineMicrosoftClientId,
			expiresAt: new Date(start + (900 * 1000)).toISOString(),
		}]);
		expect(pending.text).not.toContain(code.device_code);
		await approveByForm(code.user_code);
		expect(provider.controls.pending()).toEqual([]);
	});
});

describe('device code polling', () => {
	it('answers authorization_pending until the code is approved by the form, then tokens once', async () => {
		const code = await requestDeviceCode();
		expectEntraError(await poll(code.device_code), 400, 'authorization_pending', 70_016);

		const page = await approveByForm(code.user_code);
		expect(page.status).toBe(200);
		expect(page.headers['content-type']).toMatch(/^text\/html/);
		expect(page.text).toContain('You have signed in');

		const tokens = await poll(code.device_code);
		expect(tokens.status).toBe(200);
		expect(tokens.json).toMatchObject({
			token_type: 'Bearer',
			scope: 'https://outlook.office.com/SMTP.Send',
			expires_in: 3600,
			ext_expires_in: 3600,
		});
		expect(tokens.json.access_token.length).toBeGreaterThanOrEqual(32);
		expect(tokens.json.refresh_token.length).toBeGreaterThanOrEqual(32);
		expect(tokens.json.id_token).toBeUndefined();
		expect(provider.controls.isAccessTokenValid(tokens.json.access_token)).toBe(true);

		// The device code is consumed.
		expectEntraError(await poll(code.device_code), 400, 'invalid_grant', 54_005);
	});

	it('matches user codes case-insensitively, ignoring spaces and dashes', async () => {
		const code = await requestDeviceCode();
		const typed = `${code.user_code.slice(0, 4).toLowerCase()}- ${code.user_code.slice(4)}`;
		expect((await approveByForm(typed)).status).toBe(200);
		expect((await poll(code.device_code)).status).toBe(200);
	});

	it('gives no refresh token without offline_access, and an ID token with openid', async () => {
		const withoutOffline = await signIn('https://outlook.office.com/SMTP.Send');
		expect(withoutOffline['refresh_token']).toBeUndefined();

		const withOpenid = await signIn('openid https://outlook.office.com/SMTP.Send offline_access');
		expect(withOpenid['scope']).toBe('openid https://outlook.office.com/SMTP.Send');
		const [, payload] = String(withOpenid['id_token']).split('.');
		expect(JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8'))).toMatchObject({
			aud: offlineMicrosoftClientId,
			preferred_username: 'engineer@contoso.example',
		});
	});

	it('records the account name given on the approval form', async () => {
		const code = await requestDeviceCode('openid offline_access');
		const page = await approveByForm(code.user_code, 'allow', 'tanaka@example.jp');
		expect(page.text).toContain('tanaka@example.jp');
		const tokens = await poll(code.device_code);
		const [, payload] = String(tokens.json.id_token).split('.');
		expect(JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')).preferred_username).toBe('tanaka@example.jp');
	});

	it('answers authorization_declined after Deny', async () => {
		const code = await requestDeviceCode();
		const page = await approveByForm(code.user_code, 'deny');
		expect(page.status).toBe(200);
		expect(page.text).toContain('You have declined');
		expectEntraError(await poll(code.device_code), 400, 'authorization_declined', 70_000);
	});

	it('answers expired_token after the code lifetime, and the form refuses the code', async () => {
		provider.controls.configure({deviceCodeLifetimeSeconds: 60});
		const code = await requestDeviceCode();
		expect(code.expires_in).toBe(60);
		clock.advance(60_000);
		expectEntraError(await poll(code.device_code), 400, 'expired_token', 70_020);
		const page = await approveByForm(code.user_code);
		expect(page.status).toBe(400);
		expect(page.text).toContain('expired');
		expect(provider.controls.pending()).toEqual([]);
	});

	it('answers an approved but unredeemed code with expired_token once it has expired', async () => {
		const code = await requestDeviceCode();
		await approveByForm(code.user_code);
		clock.advance(900_000);
		expectEntraError(await poll(code.device_code), 400, 'expired_token', 70_020);
	});

	it('answers slow_down for the configured number of polls', async () => {
		const config = await request(provider, '/_control/config', {json: {slowDownCount: 2, intervalSeconds: 7}});
		expect(config.status).toBe(200);
		expect(config.json).toMatchObject({slowDownCount: 2, intervalSeconds: 7, deviceCodeLifetimeSeconds: 900, certificate: 'valid'});
		const code = await requestDeviceCode();
		expect(code.interval).toBe(7);
		expectEntraError(await poll(code.device_code), 400, 'slow_down', 70_023);
		expectEntraError(await poll(code.device_code), 400, 'slow_down', 70_023);
		expectEntraError(await poll(code.device_code), 400, 'authorization_pending', 70_016);
		expect(provider.controls.config().slowDownCount).toBe(0);
	});

	it('answers bad_verification_code for an unknown device code or one from another tenant', async () => {
		expectEntraError(await poll('no-such-device-code'), 400, 'bad_verification_code', 70_018);
		const code = await requestDeviceCode(microsoftScope, 'common');
		expectEntraError(await poll(code.device_code, 'consumers'), 400, 'bad_verification_code', 70_018);
	});

	it('refuses a device code redeemed by another client', async () => {
		const other = '11111111-2222-4333-8444-555555555555';
		const defaultProvider = provider;
		provider = await startIdentityProvider({now: clock.now, clientIds: [offlineMicrosoftClientId, other]});
		try {
			const code = await requestDeviceCode();
			await approveByForm(code.user_code);
			expectEntraError(await poll(code.device_code, 'organizations', other), 400, 'invalid_grant', 70_000);
			expect((await poll(code.device_code)).status).toBe(200);
		} finally {
			await provider.close();
			provider = defaultProvider;
		}
	});

	it('checks tenant, client and grant type on the token endpoint', async () => {
		expectEntraError(await poll('x', 'contoso'), 400, 'invalid_request', 90_002);
		expectEntraError(await poll('x', 'common', 'unknown-client'), 400, 'unauthorized_client', 700_016);
		const unsupported = await request(provider, '/common/oauth2/v2.0/token', {form: {grant_type: 'password', client_id: offlineMicrosoftClientId}});
		expectEntraError(unsupported, 400, 'unsupported_grant_type', 70_003);
		const noGrant = await request(provider, '/common/oauth2/v2.0/token', {form: {client_id: offlineMicrosoftClientId}});
		expectEntraError(noGrant, 400, 'invalid_request', 900_144);
		const noDeviceCode = await request(provider, '/common/oauth2/v2.0/token', {form: {grant_type: deviceCodeGrantType, client_id: offlineMicrosoftClientId}});
		expectEntraError(noDeviceCode, 400, 'invalid_request', 900_144);
		const withSecret = await request(provider, '/common/oauth2/v2.0/token', {
			form: {grant_type: deviceCodeGrantType, client_id: offlineMicrosoftClientId, device_code: 'x', client_secret: 's'},
		});
		expectEntraError(withSecret, 401, 'invalid_client', 700_025);
	});

	it('fails the next token requests with a 5xx temporarily_unavailable when told to', async () => {
		provider.controls.configure({failNextTokenRequests: {status: 503, count: 2}});
		const code = await requestDeviceCode();
		expectEntraError(await poll(code.device_code), 503, 'temporarily_unavailable', 90_033);
		expectEntraError(await poll(code.device_code), 503, 'temporarily_unavailable', 90_033);
		expectEntraError(await poll(code.device_code), 400, 'authorization_pending', 70_016);
	});
});

describe('verification page', () => {
	it('shows a form with the code and account fields and Allow and Deny buttons', async () => {
		const page = await request(provider, '/devicelogin', {headers: {accept: 'text/html'}});
		expect(page.status).toBe(200);
		expect(page.headers['content-security-policy']).toContain('default-src \'none\'');
		expect(page.text).toMatch(/<form method="post" action="\/devicelogin">/);
		expect(page.text).toContain('name="user_code"');
		expect(page.text).toContain('name="account"');
		expect(page.text).toContain('name="decision" value="allow"');
		expect(page.text).toContain('name="decision" value="deny"');
	});

	it('escapes what it echoes', async () => {
		const prefilled = await request(provider, `/devicelogin?user_code=${encodeURIComponent('"><script>x</script>')}`);
		expect(prefilled.text).not.toContain('<script>');
		expect(prefilled.text).toContain('&quot;&gt;&lt;script&gt;');

		const code = await requestDeviceCode();
		const page = await approveByForm(code.user_code, 'allow', '<img src=x onerror=alert(1)>@example.com');
		expect(page.status).toBe(200);
		expect(page.text).not.toContain('<img');
		expect(page.text).toContain('&lt;img src=x onerror=alert(1)&gt;@example.com');
	});

	it('answers an unknown code, a used code and a missing decision with 400', async () => {
		const unknown = await approveByForm('ZZZZZZZZZ');
		expect(unknown.status).toBe(400);
		expect(unknown.text).toContain('not recognised');

		const code = await requestDeviceCode();
		await approveByForm(code.user_code);
		const again = await approveByForm(code.user_code, 'deny');
		expect(again.status).toBe(400);
		expect(again.text).toContain('already been used');

		const noDecision = await request(provider, '/devicelogin', {form: {user_code: code.user_code}});
		expect(noDecision.status).toBe(400);
	});

	it('can be approved and denied through the programmatic controls too', async () => {
		const first = await requestDeviceCode();
		const second = await requestDeviceCode();
		expect(provider.controls.approve(first.user_code.toLowerCase(), 'ops@example.com')).toBe('approved');
		expect(provider.controls.deny(second.user_code)).toBe('denied');
		expect(provider.controls.approve(second.user_code)).toBe('already-decided');
		expect(provider.controls.approve('AAAAAAAAA')).toBe('unknown');
		expect((await poll(first.device_code)).status).toBe(200);
		expectEntraError(await poll(second.device_code), 400, 'authorization_declined', 70_000);
	});
});

describe('refresh tokens', () => {
	it('are replaced by a fresh one on every use, and the old one keeps working', async () => {
		// "Refresh tokens replace themselves with a fresh token upon every use. The Microsoft
		// identity platform doesn't revoke old refresh tokens when used to fetch new access tokens."
		// (Microsoft Learn, "Refresh tokens in the Microsoft identity platform")
		const first = await signIn();
		const second = await refresh(first['refresh_token']);
		expect(second.status).toBe(200);
		expect(second.json.refresh_token).toBeDefined();
		expect(second.json.refresh_token).not.toBe(first['refresh_token']);
		expect(second.json.access_token).not.toBe(first['access_token']);
		expect(second.json.scope).toBe('https://outlook.office.com/SMTP.Send');

		const reused = await refresh(first['refresh_token']);
		expect(reused.status).toBe(200);
		expect(reused.json.refresh_token).not.toBe(second.json.refresh_token);
		expect((await refresh(second.json.refresh_token)).status).toBe(200);
	});

	it('expire 90 days after they were issued, with AADSTS700082', async () => {
		const first = await signIn();
		clock.advance(89 * 24 * 3600 * 1000);
		const second = await refresh(first['refresh_token']);
		expect(second.status).toBe(200);
		clock.advance(24 * 3600 * 1000);
		const expired = await refresh(first['refresh_token']);
		expectEntraError(expired, 400, 'invalid_grant', 700_082);
		expect(expired.json.error_description).toMatch(/^AADSTS700082: The refresh token has expired due to inactivity\. The token was issued on 2025-04-01T09:00:00\.0000000Z and was inactive for 90\.00:00:00\.\r\n/);
		expect(expired.json.suberror).toBe('bad_token');
		// The one it was exchanged for on day 89 is good until day 179.
		expect((await refresh(second.json.refresh_token)).status).toBe(200);
	});

	it('stop working after revoke, and so do access tokens', async () => {
		const tokens = await signIn();
		const revoke = await request(provider, '/_control/revoke', {json: {}});
		expect(revoke.status).toBe(200);
		expect(revoke.json).toEqual({refreshTokens: 1, accessTokens: 1});
		expect(provider.controls.isAccessTokenValid(tokens['access_token'])).toBe(false);
		expectEntraError(await refresh(tokens['refresh_token']), 400, 'invalid_grant', 50_173);
	});

	it('answer invalid_grant for an unknown refresh token', async () => {
		expectEntraError(await refresh('not-a-refresh-token'), 400, 'invalid_grant', 9_002_313);
	});

	it('access tokens expire after their lifetime', async () => {
		provider.controls.configure({accessTokenLifetimeSeconds: 120});
		const tokens = await signIn();
		expect(tokens['expires_in']).toBe(120);
		clock.advance(119_000);
		expect(provider.controls.isAccessTokenValid(tokens['access_token'])).toBe(true);
		clock.advance(1000);
		expect(provider.controls.isAccessTokenValid(tokens['access_token'])).toBe(false);
		expect(provider.controls.isAccessTokenValid('made-up')).toBe(false);
	});
});

describe('controls', () => {
	it('count requests per route and reset everything', async () => {
		const code = await requestDeviceCode();
		await poll(code.device_code);
		await poll(code.device_code);
		const stats = await request(provider, '/_control/stats');
		expect(stats.json).toMatchObject({devicecode: 1, token: 2, devicelogin: 0});

		provider.controls.configure({intervalSeconds: 9});
		const reset = await request(provider, '/_control/reset', {method: 'POST'});
		expect(reset.status).toBe(200);
		expect(reset.json).toMatchObject({intervalSeconds: 5, certificate: 'valid'});
		expect(provider.controls.stats()).toMatchObject({devicecode: 0, token: 0});
		expect(provider.controls.pending()).toEqual([]);
		expectEntraError(await poll(code.device_code), 400, 'bad_verification_code', 70_018);
	});

	it('refuse invalid configuration without changing anything', async () => {
		for (const body of [{intervalSeconds: 0}, {certificate: 'other'}, {failNextTokenRequests: {status: 404, count: 1}}, {unknown: 1}, [1]]) {
			const response = await request(provider, '/_control/config', {json: body});
			expect(response.status).toBe(400);
		}

		expect((await request(provider, '/_control/config', {body: '{not json', headers: {'content-type': 'application/json'}})).status).toBe(400);
		expect(provider.controls.config()).toMatchObject({intervalSeconds: 5, certificate: 'valid', failNextTokenRequests: {count: 0}});
		expect(() => provider.controls.configure({intervalSeconds: -1})).toThrow();
	});

	it('approve and check access tokens over HTTP', async () => {
		const code = await requestDeviceCode();
		const approve = await request(provider, '/_control/approve', {json: {userCode: code.user_code}});
		expect(approve.json).toEqual({result: 'approved'});
		const tokens = await poll(code.device_code);
		const check = await request(provider, '/_control/access-token', {json: {accessToken: tokens.json.access_token}});
		expect(check.json).toEqual({valid: true});
		expect((await request(provider, '/_control/nothing')).status).toBe(404);
		expect((await request(provider, '/_control/revoke')).status).toBe(405);
	});
});

describe('robustness', () => {
	it('answers malformed and oversized requests with 4xx and keeps serving', async () => {
		const garbage = await request(provider, '/common/oauth2/v2.0/token', {body: '%%%&&&==\u0000\uFFFF', headers: {'content-type': 'application/x-www-form-urlencoded'}});
		expect(garbage.status).toBe(400);
		const json = await request(provider, '/common/oauth2/v2.0/token', {json: {grant_type: deviceCodeGrantType}});
		expectEntraError(json, 400, 'invalid_request', 900_144);
		const repeated = await request(provider, '/common/oauth2/v2.0/token', {
			body: `client_id=${offlineMicrosoftClientId}&client_id=${offlineMicrosoftClientId}&grant_type=refresh_token`,
			headers: {'content-type': 'application/x-www-form-urlencoded'},
		});
		expectEntraError(repeated, 400, 'invalid_request', 9_002_313);
		const wrongMethod = await request(provider, '/common/oauth2/v2.0/token');
		expectEntraError(wrongMethod, 400, 'invalid_request', 900_561);
		const badTenant = await request(provider, '/%E0%A4%A/oauth2/v2.0/devicecode', {form: {client_id: offlineMicrosoftClientId, scope: 'x'}});
		expectEntraError(badTenant, 400, 'invalid_request', 90_002);

		const big = await request(provider, '/common/oauth2/v2.0/devicecode', {
			body: `scope=${'a'.repeat(70 * 1024)}`,
			headers: {'content-type': 'application/x-www-form-urlencoded'},
		});
		expect(big.status).toBe(413);
		const bigForm = await request(provider, '/devicelogin', {body: 'x'.repeat(65 * 1024), headers: {'content-type': 'application/x-www-form-urlencoded'}});
		expect(bigForm.status).toBe(413);

		expect((await request(provider, '/nowhere')).status).toBe(404);
		expect((await requestDeviceCode()).user_code).toHaveLength(9);
	});

	it('logs one line per request and never a code or token', async () => {
		logLines.length = 0;
		const code = await requestDeviceCode();
		await poll(code.device_code);
		await request(provider, `/devicelogin?user_code=${code.user_code}`);
		await approveByForm(code.user_code);
		const tokens = (await poll(code.device_code)).json;
		const refreshed = (await refresh(tokens.refresh_token)).json;
		await request(provider, '/_control/access-token', {json: {accessToken: tokens.access_token}});
		// The log is written when the response closes, just after the client has the body.
		await new Promise(resolve => setTimeout(resolve, 20));

		// The approval is posted from the page, as a browser does: its GET, then the POST.
		expect(logLines).toHaveLength(8);
		expect(logLines[0]).toBe('POST /organizations/oauth2/v2.0/devicecode 200');
		expect(logLines[2]).toBe('GET /devicelogin 200');
		const secrets = [code.device_code, code.user_code, tokens.access_token, tokens.refresh_token, refreshed.access_token, refreshed.refresh_token];
		for (const line of logLines) {
			for (const secret of secrets) {
				expect(line).not.toContain(secret);
			}
		}
	});
});

// What clients written against the real login.microsoftonline.com need (the msal-node
// conformance test, test/conformance/msal-node.test.ts, drives the same through msal itself).
describe('Entra fidelity', () => {
	const tenantId = '00000000-0000-4000-8000-0000000c0de0';
	const consumersTenantId = '9188040d-6c67-4c5b-b112-36a304b66dad';

	function claimsOf(jwt: string): Record<string, any> {
		return JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8'));
	}

	async function approvedCode(scope = microsoftScope, tenant = 'organizations', account?: string): Promise<DeviceCodeResponse> {
		const response = await request(provider, `/${tenant}/oauth2/v2.0/devicecode`, {form: {client_id: offlineMicrosoftClientId, scope}});
		expect(response.status).toBe(200);
		const code = response.json as DeviceCodeResponse;
		expect(provider.controls.approve(code.user_code, account)).toBe('approved');
		return code;
	}

	function pollWith(code: DeviceCodeResponse, extra: Record<string, string> = {}, tenant = 'organizations'): Promise<HttpResult> {
		return request(provider, `/${tenant}/oauth2/v2.0/token`, {
			form: {grant_type: deviceCodeGrantType, client_id: offlineMicrosoftClientId, device_code: code.device_code, ...extra},
		});
	}

	function refreshWith(refreshToken: string, scope: string, extra: Record<string, string> = {}): Promise<HttpResult> {
		return request(provider, '/organizations/oauth2/v2.0/token', {
			form: {grant_type: 'refresh_token', client_id: offlineMicrosoftClientId, refresh_token: refreshToken, scope, ...extra},
		});
	}

	it('accepts msal\'s grant_type=device_code as well as the RFC 8628 URN', async () => {
		const short = await pollWith(await approvedCode(), {grant_type: 'device_code'});
		expect(short.status).toBe(200);
		expect(short.json.access_token).toEqual(expect.any(String));
		const urn = await poll((await approvedCode()).device_code);
		expect(urn.status).toBe(200);
	});

	it('answers client_info=1 with base64url {uid, utid}', async () => {
		const tokens = await pollWith(await approvedCode('openid profile offline_access https://outlook.office.com/SMTP.Send'), {client_info: '1'});
		expect(tokens.status).toBe(200);
		const clientInfo = JSON.parse(Buffer.from(String(tokens.json.client_info), 'base64url').toString('utf8'));
		expect(clientInfo).toEqual({uid: claimsOf(tokens.json.id_token).oid, utid: tenantId});
		const refreshed = await refreshWith(tokens.json.refresh_token, 'openid https://outlook.office.com/SMTP.Send', {client_info: '1'});
		expect(refreshed.json.client_info).toBe(tokens.json.client_info);
		const without = await pollWith(await approvedCode());
		expect(without.json.client_info).toBeUndefined();
	});

	it('serves instance discovery shaped like Entra\'s, and refuses an unknown instance with AADSTS50049', async () => {
		const authorize = encodeURIComponent('https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize');
		const discovery = await request(provider, `/common/discovery/instance?api-version=1.1&authorization_endpoint=${authorize}`);
		expect(discovery.status).toBe(200);
		expect(discovery.json).toMatchObject({
			tenant_discovery_endpoint: 'https://login.microsoftonline.com/organizations/v2.0/.well-known/openid-configuration',
			'api-version': '1.1',
		});
		expect(discovery.json.metadata[0]).toEqual({
			preferred_network: 'login.microsoftonline.com',
			preferred_cache: 'login.windows.net',
			aliases: ['login.microsoftonline.com', 'login.windows.net', 'login.microsoft.com', 'sts.windows.net'],
		});
		const unknown = await request(provider, `/common/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent('https://login.contoso.example/common/oauth2/v2.0/authorize')}`);
		expectEntraError(unknown, 400, 'invalid_instance', 50_049);
		expect(unknown.json.error_description).toMatch(/^AADSTS50049: Unknown or invalid instance\.\r\n/);
	});

	it('serves the signing keys at the jwks_uri, and signs ID tokens with them (RS256)', async () => {
		const configuration = await request(provider, '/organizations/v2.0/.well-known/openid-configuration');
		const jwksPath = new URL(configuration.json.jwks_uri).pathname;
		expect(jwksPath).toBe('/organizations/discovery/v2.0/keys');
		const keys = await request(provider, jwksPath);
		expect(keys.status).toBe(200);
		expect(keys.json.keys[0]).toEqual({
			kty: 'RSA',
			use: 'sig',
			kid: expect.any(String),
			n: expect.any(String),
			e: 'AQAB',
			issuer: 'https://login.microsoftonline.com/{tenantid}/v2.0',
		});

		const tokens = (await pollWith(await approvedCode('openid profile email offline_access https://outlook.office.com/SMTP.Send', 'organizations', 'tanaka@example.jp'))).json;
		const {payload, protectedHeader} = await jwtVerify(tokens.id_token, createLocalJWKSet(keys.json), {
			issuer: `https://login.microsoftonline.com/${tenantId}/v2.0`,
			audience: offlineMicrosoftClientId,
			currentDate: new Date(start),
		});
		expect(protectedHeader).toMatchObject({alg: 'RS256', typ: 'JWT', kid: keys.json.keys[0].kid});
		expect(payload).toMatchObject({
			name: 'tanaka@example.jp',
			preferred_username: 'tanaka@example.jp',
			email: 'tanaka@example.jp',
			tid: tenantId,
			ver: '2.0',
			iat: start / 1000,
			nbf: start / 1000,
		});
		expect(payload['oid']).toMatch(/^[\da-f-]{36}$/);
		expect(payload['sub']).toEqual(expect.any(String));

		// The email claim only with the email scope; an ID token on refresh when openid was granted.
		const refreshed = await refreshWith(tokens.refresh_token, 'openid https://outlook.office.com/SMTP.Send');
		expect(refreshed.status).toBe(200);
		const claims = (await jwtVerify(refreshed.json.id_token, createLocalJWKSet(keys.json), {currentDate: new Date(start)})).payload;
		expect(claims['email']).toBeUndefined();
		expect(claims['preferred_username']).toBe('tanaka@example.jp');
		const noOpenid = await refreshWith(tokens.refresh_token, 'https://outlook.office.com/SMTP.Send offline_access');
		expect(noOpenid.json.id_token).toBeUndefined();
	});

	it('keeps an older refresh token valid after it was used (Entra does not revoke it)', async () => {
		const first = (await pollWith(await approvedCode())).json;
		const second = await refresh(first.refresh_token);
		expect(second.status).toBe(200);
		const reused = await refresh(first.refresh_token);
		expect(reused.status).toBe(200);
		expect(reused.json.refresh_token).not.toBe(second.json.refresh_token);
		expect((await refresh(second.json.refresh_token)).status).toBe(200);
	});

	it('refuses a refresh for a resource scope that was never consented with AADSTS65001', async () => {
		const tokens = (await pollWith(await approvedCode())).json;
		const response = await refreshWith(tokens.refresh_token, 'https://outlook.office.com/IMAP.AccessAsUser.All offline_access');
		expectEntraError(response, 400, 'invalid_grant', 65_001);
		expect(response.json.suberror).toBe('consent_required');
		expect(response.json.error_description).toMatch(new RegExp(`^AADSTS65001: The user or administrator has not consented to use the application with ID '${offlineMicrosoftClientId}' named '[^']+'\\. Send an interactive authorization request for this user and resource\\.\\r\\n`));
		// The OpenID Connect scopes are always allowed next to what was consented.
		const oidc = await refreshWith(tokens.refresh_token, 'openid profile email offline_access https://outlook.office.com/SMTP.Send');
		expect(oidc.status).toBe(200);
		expect(oidc.json.scope).toBe('openid profile email https://outlook.office.com/SMTP.Send');
	});

	it('gives personal accounts (/consumers) opaque access tokens, work accounts JWT-shaped ones', async () => {
		const consumer = (await pollWith(await approvedCode(microsoftScope, 'consumers', 'someone@outlook.example'), {}, 'consumers')).json;
		expect(consumer.access_token).not.toContain('.');
		expect(provider.controls.isAccessTokenValid(consumer.access_token)).toBe(true);
		const work = (await pollWith(await approvedCode())).json;
		expect(work.access_token.split('.')).toHaveLength(3);
		expect(claimsOf(work.access_token).upn).toBe('engineer@contoso.example');
		const consumerIdToken = (await pollWith(await approvedCode('openid offline_access', 'consumers'), {}, 'consumers')).json.id_token;
		expect(claimsOf(consumerIdToken)).toMatchObject({tid: consumersTenantId, iss: `https://login.microsoftonline.com/${consumersTenantId}/v2.0`});
	});

	describe('app registration settings (entraApplication)', () => {
		it('is multi-tenant by default, set over HTTP and by method, and reset', async () => {
			expect(provider.controls.config().entraApplication).toBe('multi-tenant');
			const set = await request(provider, '/_control/config', {json: {entraApplication: 'single-tenant'}});
			expect(set.status).toBe(200);
			expect(set.json.entraApplication).toBe('single-tenant');
			expect((await request(provider, '/_control/config', {json: {entraApplication: 'nonsense'}})).status).toBe(400);
			expect(provider.controls.configure({entraApplication: 'consent-missing'}).entraApplication).toBe('consent-missing');
			provider.controls.reset();
			expect(provider.controls.config().entraApplication).toBe('multi-tenant');
		});

		it('single-tenant: /common and /organizations answer AADSTS50194, at /devicecode and /token', async () => {
			const tokens = (await pollWith(await approvedCode())).json;
			provider.controls.configure({entraApplication: 'single-tenant'});
			for (const tenant of ['common', 'organizations']) {
				const response = await request(provider, `/${tenant}/oauth2/v2.0/devicecode`, {form: {client_id: offlineMicrosoftClientId, scope: microsoftScope}});
				expectEntraError(response, 400, 'invalid_request', 50_194);
				expect(response.json.error_description).toMatch(new RegExp(`^AADSTS50194: Application '${offlineMicrosoftClientId}'\\([^)]+\\) is not configured as a multi-tenant application\\. Usage of the /common endpoint is not supported for such applications created after '10/15/2018'\\. Use a tenant-specific endpoint or configure the application to be multi-tenant\\.\\r\\n`));
			}

			expectEntraError(await refresh(tokens.refresh_token), 400, 'invalid_request', 50_194);
		});

		it('public-client-flows-off: the device code and refresh grants answer 401 AADSTS7000218', async () => {
			const tokens = (await pollWith(await approvedCode())).json;
			const code = await approvedCode();
			provider.controls.configure({entraApplication: 'public-client-flows-off'});
			const polled = await pollWith(code);
			expectEntraError(polled, 401, 'invalid_client', 7_000_218);
			expect(polled.json.error_description).toMatch(/^AADSTS7000218: The request body must contain the following parameter: 'client_assertion' or 'client_secret'\.\r\n/);
			expectEntraError(await refresh(tokens.refresh_token), 401, 'invalid_client', 7_000_218);
			expectEntraError(await refreshWith(tokens.refresh_token, microsoftScope, {client_secret: 'guess'}), 401, 'invalid_client', 7_000_215);
			// The device code itself is still handed out: the app is refused when it redeems it.
			expect((await request(provider, '/organizations/oauth2/v2.0/devicecode', {form: {client_id: offlineMicrosoftClientId, scope: microsoftScope}})).status).toBe(200);
		});

		it('consent-missing: the poll after approval and a refresh answer AADSTS65001', async () => {
			const tokens = (await pollWith(await approvedCode())).json;
			const pending = await request(provider, '/organizations/oauth2/v2.0/devicecode', {form: {client_id: offlineMicrosoftClientId, scope: microsoftScope}});
			provider.controls.configure({entraApplication: 'consent-missing'});
			// Before approval the poll is still pending.
			expectEntraError(await poll(pending.json.device_code), 400, 'authorization_pending', 70_016);
			provider.controls.approve(pending.json.user_code);
			const polled = await poll(pending.json.device_code);
			expectEntraError(polled, 400, 'invalid_grant', 65_001);
			expect(polled.json.suberror).toBe('consent_required');
			expectEntraError(await refresh(tokens.refresh_token), 400, 'invalid_grant', 65_001);
		});
	});
});
