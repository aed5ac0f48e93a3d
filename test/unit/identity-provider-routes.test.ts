/**
One route handler of the offline identity provider alone, without the HTTPS server: the Entra
device code endpoint (entra/handlers.ts) and its row in the route table (entra-routes.ts), fed a
request object as the server builds it.
*/
import {describe, expect, test} from 'vitest';
import {createEntra} from '../../source/identity-provider/entra.js';
import {deviceCodeHandler, refuseEntraMethod} from '../../source/identity-provider/entra/handlers.js';
import {entraRoutes} from '../../source/identity-provider/entra-routes.js';
import {createFormGuard} from '../../source/identity-provider/form-guard.js';
import {findRoute, handleRoute, maxBodyBytes, tooLarge, type Body, type Request} from '../../source/identity-provider/http.js';
import {createSigningKeys} from '../../source/identity-provider/signing-keys.js';

const clientId = '00000000-0000-4000-8000-00000000c10d';

function offlineEntra() {
	return createEntra({
		now: () => Date.parse('2026-01-01T00:00:00Z'),
		clientIds: [clientId],
		verificationUri: () => 'https://localhost:8443/devicelogin',
		signingKeys: createSigningKeys(),
	});
}

function request(method: string, path: string, body: Body, headers: Record<string, string> = {}): Request {
	return {
		method,
		url: new URL(path, 'https://login.microsoftonline.com'),
		headers: {'content-type': 'application/x-www-form-urlencoded', ...headers},
		body: async () => body,
	};
}

describe('the Entra device code handler, alone', () => {
	test('answers a form with a user code, a device code and the verification URI', async () => {
		const entra = offlineEntra();
		const form = new URLSearchParams({client_id: clientId, scope: 'https://outlook.office.com/SMTP.Send offline_access'}).toString();
		const reply = await deviceCodeHandler(entra)(request('POST', '/common/oauth2/v2.0/devicecode', form), {tenant: 'common'});
		expect(reply.status).toBe(200);
		expect(reply.headers['content-type']).toBe('application/json; charset=utf-8');
		const body = JSON.parse(reply.body) as Record<string, unknown>;
		expect(body['user_code']).toMatch(/^[A-HJ-NP-Z2-9]{9}$/);
		expect(body['verification_uri']).toBe('https://localhost:8443/devicelogin');
		expect(body['interval']).toBe(5);
		expect(entra.pending()).toHaveLength(1);
	});

	test('an unknown tenant is Entra\'s AADSTS90002, echoing the client-request-id as correlation_id', async () => {
		const correlation = '0f0e0d0c-0b0a-4908-8706-050403020100';
		const form = new URLSearchParams({client_id: clientId, scope: 'openid'}).toString();
		const reply = await deviceCodeHandler(offlineEntra())(request('POST', '/contoso/oauth2/v2.0/devicecode', form, {'client-request-id': correlation}), {tenant: 'contoso'});
		expect(reply.status).toBe(400);
		const body = JSON.parse(reply.body) as Record<string, unknown>;
		expect(body['error_codes']).toEqual([90_002]);
		expect(body['correlation_id']).toBe(correlation);
	});

	test('a body beyond the limit is 413 and closes the connection', async () => {
		const reply = await deviceCodeHandler(offlineEntra())(request('POST', '/common/oauth2/v2.0/devicecode', tooLarge), {tenant: 'common'});
		expect(reply.status).toBe(413);
		expect(reply.headers['connection']).toBe('close');
		expect(String((JSON.parse(reply.body) as Record<string, unknown>)['error_description'])).toContain(`${maxBodyBytes} bytes`);
	});

	test('its row in the route table takes POST only; GET gets Entra\'s AADSTS900561 with Allow', async () => {
		const entra = offlineEntra();
		const found = findRoute(entraRoutes(entra, createFormGuard(), () => undefined), '/organizations/oauth2/v2.0/devicecode');
		expect(found?.route.name).toBe('devicecode');
		expect(found?.route.methods).toEqual(['POST']);
		expect(found?.groups).toEqual({tenant: 'organizations'});
		const reply = await handleRoute(found!.route, request('GET', '/organizations/oauth2/v2.0/devicecode', ''), found!.groups);
		expect(reply.status).toBe(400);
		expect(reply.headers['allow']).toBe('POST');
		expect((JSON.parse(reply.body) as Record<string, unknown>)['error_codes']).toEqual([900_561]);
		const refused = refuseEntraMethod(entra)(request('PUT', '/common/oauth2/v2.0/devicecode', ''), ['POST']);
		expect(refused.headers['allow']).toBe('POST');
		expect(entra.pending()).toEqual([]);
	});
});
