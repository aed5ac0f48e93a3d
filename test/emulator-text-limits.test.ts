/**
The emulated device never sends text longer than the contract allows (contract-values.ts
`textLimits`): what an identity provider says at length is cut to fit, ending in `…`, and kept
that way; the device's own state file stays loadable. Real HTTPS to the offline identity
provider, which plants long text in its answers on request.
*/
import {afterEach, describe, expect, it} from 'vitest';
import {microsoftStateSchema, textLimits} from '../source/device/contract.js';
import {fitStoredTexts} from '../source/emulator/text-limits.js';
import type {IdentityProvider} from '../source/identity-provider/index.js';
import {Harness, withDevice} from './support/emulator-harness.js';

let idp: IdentityProvider;
let device: Harness;

withDevice({login: true}, current => {
	({idp, device} = current);
});

afterEach(() => {
	idp.controls.injectText('', 0);
});

/** The most the identity provider's test control plants at once. */
const planted = 'x'.repeat(4096);

describe('long text from the identity provider', () => {
	it('a device code message longer than 4096 characters: the sign-in goes on, the message is cut to 4096 with …', async () => {
		idp.controls.injectText(planted);
		await device.enable();
		const {authorization, token} = await device.waitForUserCode();
		expect(token.status).toBe('waiting');
		expect(authorization.message.length).toBeLessThanOrEqual(textLimits.message);
		expect(authorization.message).toMatch(/^To sign in, /);
		expect(authorization.message).toMatch(/…$/);
		// What the API sends passes the contract the client checks.
		expect(microsoftStateSchema.safeParse(await device.state()).success).toBe(true);
	});

	it('a long error_description (declined): token.detail within 1024 characters', async () => {
		await device.enable();
		const {authorization} = await device.waitForUserCode();
		idp.controls.injectText(planted);
		idp.controls.deny(authorization.userCode);
		const declined = await device.waitFor(state => state.token.status === 'error');
		expect(declined.token.reason).toBe('authorization_declined');
		expect(declined.token.detail!.length).toBeLessThanOrEqual(textLimits.detail);
		expect(declined.token.detail).toMatch(/^AADSTS\d+: /);
	});
});

describe('fitStoredTexts', () => {
	it('cuts every text the device keeps from outside to its limit, with …, and leaves short ones alone', () => {
		const long = (length: number) => 'y'.repeat(length);
		const state = {
			connection: {status: 'failed' as const, reason: 'tls_error' as const, detail: long(100_000)},
			token: {status: 'error' as const, reason: 'idp_error' as const, detail: long(5000)},
			authorization: {userCode: 'FJ2K8QWXR', verificationUri: 'https://microsoft.com/devicelogin', message: long(20 * 1024 * 1024)},
		};
		fitStoredTexts(state);
		expect(state.connection.detail).toHaveLength(textLimits.detail);
		expect(state.connection.detail.endsWith('…')).toBe(true);
		expect(state.token.detail).toHaveLength(textLimits.detail);
		expect(state.authorization.message).toHaveLength(textLimits.message);
		expect(state.authorization.message.endsWith('…')).toBe(true);
		expect(state.authorization.userCode).toBe('FJ2K8QWXR');

		const short = {connection: {status: 'failed' as const, detail: 'short'}, token: {status: 'not-authorized' as const}, authorization: null};
		fitStoredTexts(short);
		expect(short).toEqual({connection: {status: 'failed', detail: 'short'}, token: {status: 'not-authorized'}, authorization: null});
	});

	it('never cuts a surrogate pair in half', () => {
		const state = {connection: {status: 'failed' as const, detail: `${'y'.repeat(textLimits.detail - 2)}😀😀`}, token: {status: 'not-authorized' as const}};
		fitStoredTexts(state);
		expect(state.connection.detail.length).toBeLessThanOrEqual(textLimits.detail);
		expect(state.connection.detail).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
	});
});
