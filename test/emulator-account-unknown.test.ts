/**
The Microsoft device side with a scripted identity provider behind its `outbound`: what happens
when the token response carries no ID token (the app may not sign users in), and when the ID
token cannot be checked because the keys are out of reach. The offline identity provider always
sends a checkable ID token, so these cases are scripted here; no network.
*/
import {exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK} from 'jose';
import {afterEach, beforeAll, describe, expect, it} from 'vitest';
import type {TestMailResult} from '../source/device/contract.js';
import {MicrosoftDevice} from '../source/emulator/microsoft.js';
import {OutboundError, type Outbound, type OutboundRequest, type OutboundResponse} from '../source/emulator/outbound.js';
import {freshMicrosoft, type StoredMicrosoft} from '../source/emulator/store.js';
import type {Mailer, TestMail} from '../source/emulator/test-mail.js';
import {microsoftEndpointFor} from '../source/device/validation.js';

const clientId = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const tenantId = '11111111-2222-4333-8444-555555555555';
const endpoint = microsoftEndpointFor('organizations');
const keysUrl = 'https://login.microsoftonline.com/organizations/discovery/v2.0/keys';
const account = 'scripted@contoso.example';

let privateKey: CryptoKey;
let publicJwk: JWK;

beforeAll(async () => {
	const pair = await generateKeyPair('RS256', {extractable: true});
	privateKey = pair.privateKey;
	publicJwk = {...await exportJWK(pair.publicKey), kid: 'scripted', alg: 'RS256', use: 'sig'};
});

async function idToken(): Promise<string> {
	const seconds = Math.floor(Date.now() / 1000);
	return new SignJWT({tid: tenantId, preferred_username: account, sub: 'subject'})
		.setProtectedHeader({alg: 'RS256', kid: 'scripted'})
		.setIssuer(`https://login.microsoftonline.com/${tenantId}/v2.0`)
		.setAudience(clientId)
		.setIssuedAt(seconds)
		.setExpirationTime(seconds + 3600)
		.sign(privateKey);
}

/** Entra at organizations, as far as the device asks it; `withIdToken` and `keysReachable` script it. */
class ScriptedEntra {
	withIdToken = true;
	keysReachable = true;
	readonly requests: OutboundRequest[] = [];
	#tokens = 0;

	readonly outbound: Outbound = {
		request: async request => {
			this.requests.push(request);
			return this.#answer(request);
		},
		abortAll() {},
	};

	count(url: string): number {
		return this.requests.filter(request => request.url === url).length;
	}

	async #answer(request: OutboundRequest): Promise<OutboundResponse> {
		switch (request.url) {
			case 'https://login.microsoftonline.com/organizations/v2.0/.well-known/openid-configuration': {
				return {status: 200, json: {issuer: 'https://login.microsoftonline.com/{tenantid}/v2.0', jwks_uri: keysUrl}};
			}

			case `${endpoint}/devicecode`: {
				return {status: 200, json: {device_code: 'scripted-device-code', user_code: 'SCRIPTED', verification_uri: 'https://microsoft.com/devicelogin', expires_in: 900, interval: 1}};
			}

			case `${endpoint}/token`: {
				this.#tokens++;
				return {
					status: 200,
					json: {
						token_type: 'Bearer',
						access_token: `opaque-access-token-${this.#tokens}`,
						expires_in: 3600,
						refresh_token: `refresh-token-${this.#tokens}`,
						...(this.withIdToken ? {id_token: await idToken()} : {}),
					},
				};
			}

			case keysUrl: {
				if (!this.keysReachable) {
					throw new OutboundError('timeout', 'No answer from login.microsoftonline.com within 10 s', 'ETIMEDOUT');
				}

				return {status: 200, json: {keys: [publicJwk]}};
			}

			default: {
				return {status: 404, json: {error: 'not_found'}};
			}
		}
	}
}

const sent: TestMail[] = [];
const mailer: Mailer = {
	async send(mail): Promise<TestMailResult> {
		sent.push(mail);
		return {sent: true, from: mail.account, to: mail.to, server: 'smtp.office365.com:587', reply: '250 2.0.0 OK', at: new Date().toISOString()};
	},
	abortAll() {},
};

let device: MicrosoftDevice | undefined;
let logs: string[];

async function activate(entra: ScriptedEntra): Promise<MicrosoftDevice> {
	logs = [];
	sent.length = 0;
	const initial: StoredMicrosoft = {...freshMicrosoft(), settings: {enabled: true, verifyServerCertificate: true, addCnToVerification: true, endpoint}};
	device = new MicrosoftDevice({
		clientId,
		outbound: entra.outbound,
		mailer,
		now: Date.now,
		log: line => {
			logs.push(line);
		},
		initial,
		persist() {},
	});
	device.start();
	while (device.publicState().token.status !== 'active') {
		// eslint-disable-next-line no-await-in-loop
		expect(await device.nextChange(5000)).toBe(true);
		expect(device.publicState().token.status).not.toBe('error');
	}

	return device;
}

afterEach(() => {
	device?.close();
	device = undefined;
});

describe('the account when the ID token is missing or cannot be checked', () => {
	it('no ID token: active, the account unknown, the log says why, and the test mail says exactly what to do', async () => {
		const entra = new ScriptedEntra();
		entra.withIdToken = false;
		const active = await activate(entra);
		expect(active.publicState().token.account).toBeUndefined();
		expect(logs).toContain('microsoft: no ID token in the token response: the account is not known (may the app sign users in with openid?)');
		// The scope asked for it.
		const deviceCode = entra.requests.find(request => request.url.endsWith('/devicecode'));
		expect(deviceCode?.form?.['scope']).toBe('https://outlook.office.com/SMTP.Send offline_access openid profile email');

		const outcome = await active.sendTestMail('someone@example.org');
		expect(outcome).toEqual({
			ok: false,
			code: 'account_unknown',
			message: 'The account that authorized is not known: the identity provider sent no ID token naming it. Make sure the app may sign users in with openid and email (Microsoft Entra admin center: the app registration\'s API permissions openid, email and profile (Microsoft Graph, delegated), with consent), then forget the authorization (x, or DELETE token) and authorize again.',
		});
		// Nothing else was asked to learn the account: no refresh, no key set, no mail.
		expect(entra.count(`${endpoint}/token`)).toBe(1);
		expect(entra.count(keysUrl)).toBe(0);
		expect(sent).toEqual([]);
	});

	it('keys out of reach: active, the account unknown; the test mail refreshes for a new ID token and then sends as its account', async () => {
		const entra = new ScriptedEntra();
		entra.keysReachable = false;
		const active = await activate(entra);
		expect(active.publicState().token.account).toBeUndefined();
		expect(logs.some(line => line.startsWith('microsoft: ID token not checked: The key set from login.microsoftonline.com could not be fetched (timeout)'))).toBe(true);

		entra.keysReachable = true;
		const outcome = await active.sendTestMail('someone@example.org');
		expect(outcome).toMatchObject({ok: true, result: {sent: true, from: account}});
		expect(entra.count(`${endpoint}/token`)).toBe(2);
		expect(active.publicState().token).toMatchObject({status: 'active', account});
		expect(sent.map(mail => mail.account)).toEqual([account]);
	});

	it('keys still out of reach at the test mail: the 409 says the ID token could not be checked', async () => {
		const entra = new ScriptedEntra();
		entra.keysReachable = false;
		const active = await activate(entra);
		const outcome = await active.sendTestMail('someone@example.org');
		expect(outcome).toMatchObject({ok: false, code: 'account_unknown', message: expect.stringContaining('its ID token could not be checked')});
		expect(active.publicState().token.status).toBe('active');
		expect(sent).toEqual([]);
	});

	it('never logs a token', async () => {
		const entra = new ScriptedEntra();
		entra.keysReachable = false;
		await activate(entra);
		for (const line of logs) {
			expect(line).not.toMatch(/eyJ|opaque-access-token|refresh-token-|scripted-device-code/);
		}
	});
});
