/**
The device authorization grant's first half (RFC 8628; Microsoft Learn, "OAuth 2.0 device
authorization grant"): POST /{tenant}/oauth2/v2.0/devicecode issues a device code and a user
code; the verification page (or the test controls) allows or denies the user code. The second
half, redeeming the device code, is in token.ts.
*/
import {randomInt} from 'node:crypto';
import {failure, entraFailures, isFailure, readForm} from './failures.js';
import {
	defaultAccount,
	normalizeAccount,
	normalizeUserCode,
	randomToken,
	scopesOf,
	type Decision,
	type DecisionResult,
	type DeviceAuthorizationRecord,
	type EntraRequestContext,
	type EntraResponse,
	type PendingAuthorization,
} from './model.js';
import {checkClientAndApplication, sweep, type EntraState} from './state.js';

// User codes: no 0/O or 1/I, so that what is read aloud or typed from a phone is unambiguous.
const userCodeAlphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const userCodeLength = 9;

function newUserCode(state: EntraState): string {
	for (;;) {
		let code = '';
		for (let index = 0; index < userCodeLength; index++) {
			code += userCodeAlphabet[randomInt(userCodeAlphabet.length)];
		}

		if (!state.byUserCode.has(code)) {
			return code;
		}
	}
}

export function deviceAuthorization(state: EntraState, tenant: string, form: URLSearchParams, context?: EntraRequestContext): EntraResponse {
	sweep(state);
	const values = readForm(form, ['client_id', 'scope']);
	if (isFailure(values)) {
		return failure(state, values, context);
	}

	// Entra refuses a single-tenant app here already (AADSTS50194), before the code is issued.
	const checked = checkClientAndApplication(state, tenant, values.client_id);
	if (isFailure(checked)) {
		return failure(state, checked, context);
	}

	if (!values.scope) {
		return failure(state, entraFailures.missingParameter('scope'), context);
	}

	const record: DeviceAuthorizationRecord = {
		deviceCode: randomToken(96),
		userCode: newUserCode(state),
		tenant: checked,
		clientId: values.client_id!,
		scope: scopesOf(values.scope).join(' '),
		expiresAt: state.now() + (state.settings.deviceCodeLifetimeSeconds * 1000),
		state: 'pending',
		account: defaultAccount,
	};
	state.byDeviceCode.set(record.deviceCode, record);
	state.byUserCode.set(record.userCode, record);
	const verificationUri = state.options.verificationUri();
	return {
		status: 200,
		body: {
			user_code: record.userCode,
			device_code: record.deviceCode,
			verification_uri: verificationUri,
			expires_in: state.settings.deviceCodeLifetimeSeconds,
			interval: state.settings.intervalSeconds,
			message: `To sign in, use a web browser to open the page ${verificationUri} and enter the code ${record.userCode} to authenticate.`,
		},
	};
}

/** What the verification page does: allow or deny a user code. */
export function decide(state: EntraState, userCode: string, decision: Decision, account?: string): DecisionResult {
	sweep(state);
	const record = state.byUserCode.get(normalizeUserCode(userCode));
	if (!record) {
		return 'unknown';
	}

	if (state.now() >= record.expiresAt) {
		return 'expired';
	}

	if (record.state !== 'pending') {
		return 'already-decided';
	}

	record.account = normalizeAccount(account);
	record.state = decision === 'allow' ? 'approved' : 'denied';
	return record.state === 'approved' ? 'approved' : 'denied';
}

/** Device codes waiting for a decision and not yet expired. */
export function pending(state: EntraState): PendingAuthorization[] {
	const time = state.now();
	return [...state.byDeviceCode.values()]
		.filter(record => record.state === 'pending' && time < record.expiresAt)
		.map(record => ({
			userCode: record.userCode,
			tenant: record.tenant,
			clientId: record.clientId,
			expiresAt: new Date(record.expiresAt).toISOString(),
		}));
}
