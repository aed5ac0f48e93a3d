/**
What saving the Microsoft basic settings, disabling, and resetting the token do to the
device's connection check and authorization, over real HTTPS to the offline identity provider.
*/
import {describe, expect, it} from 'vitest';
import {microsoftStateSchema, microsoftTokenResetSchema} from '../source/device/contract.js';
import type {IdentityProvider} from '../source/identity-provider/index.js';
import {microsoftEndpointFor} from '../source/device/validation.js';
import {Harness, organizations, sleep, withDevice} from './support/emulator-harness.js';

let idp: IdentityProvider;
let device: Harness;

withDevice({login: true}, current => {
	({idp, device} = current);
});

describe('Microsoft: settings and the flow', () => {
	async function activate(): Promise<void> {
		await device.enable();
		const {authorization} = await device.waitForUserCode();
		idp.controls.approve(authorization.userCode);
		await device.waitFor(state => state.token.status === 'active');
	}

	it('keeps an active token when the same settings are saved again', async () => {
		await activate();
		const before = await device.state();
		const saved = await device.save({});
		expect(saved.status).toBe(200);
		const after = await device.waitFor(state => state.connection.status === 'success');
		expect(after.token).toEqual(before.token);
		expect(idp.controls.stats()['devicecode']).toBe(1);
	});

	it('starts over when the tenant changes', async () => {
		await activate();
		const response = await device.save({endpoint: microsoftEndpointFor('common')});
		expect(microsoftStateSchema.parse(response.json)).toMatchObject({connection: {status: 'checking'}, authorization: null, token: {status: 'not-authorized'}});
		const waiting = await device.waitForUserCode();
		expect(idp.controls.pending()[0]?.tenant).toBe('common');
		expect(waiting.settings.endpoint).toBe(microsoftEndpointFor('common'));
	});

	it('stops polling and forgets everything when disabled', async () => {
		await device.enable();
		await device.waitForUserCode();
		const response = await device.save({enabled: false});
		expect(microsoftStateSchema.parse(response.json)).toMatchObject({
			settings: {enabled: false, endpoint: organizations},
			connection: {status: 'not-checked'},
			authorization: null,
			token: {status: 'not-authorized'},
		});
		const polls = idp.controls.stats()['token'];
		await sleep(1300);
		expect(idp.controls.stats()['token']).toBe(polls);
		expect(device.secretsOnDisk()).toEqual([]);
	});

	it('forgets the token and starts over on DELETE /oauth2/microsoft/token', async () => {
		await activate();
		const response = await device.request('DELETE', 'oauth2/microsoft/token');
		expect(response.status).toBe(200);
		const reset = microsoftTokenResetSchema.parse(response.json);
		expect(reset).toMatchObject({authorization: null, token: {status: 'not-authorized'}, revocation: {status: 'not-supported'}});
		// Entra has no revocation endpoint: the answer says so instead of pretending.
		expect(reset.revocation.detail).toMatch(/no revocation endpoint/);
		await device.waitForUserCode();
		expect(idp.controls.stats()['devicecode']).toBe(2);
	});

	it('does nothing on refresh while disabled', async () => {
		const response = await device.request('POST', 'oauth2/microsoft/refresh');
		expect(response.status).toBe(200);
		expect(microsoftStateSchema.parse(response.json).connection.status).toBe('not-checked');
		expect(idp.controls.stats()['openidConfiguration']).toBe(0);
	});
});
