/** Device states for the screens, at a fixed time. */
import type {MicrosoftState} from '../../../source/contract.js';

/** 2025-06-02T10:00:00Z, the tests' "now". */
export const now = Date.UTC(2025, 5, 2, 10, 0, 0);

export function isoAt(offsetMs: number): string {
	return new Date(now + offsetMs).toISOString();
}

const settings = {
	enabled: true,
	verifyServerCertificate: true,
	addCnToVerification: false,
	endpoint: 'https://login.microsoftonline.com/common/oauth2/v2.0',
};

export const notChecked: MicrosoftState = {
	settings: {...settings, enabled: false, endpoint: ''},
	connection: {status: 'not-checked'},
	authorization: null,
	token: {status: 'not-authorized'},
};

export const checking: MicrosoftState = {
	settings,
	connection: {status: 'checking'},
	authorization: null,
	token: {status: 'not-authorized'},
};

export const authorization = {
	userCode: 'FJ2K8QWXR',
	verificationUri: 'https://microsoft.com/devicelogin',
	message: 'To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code FJ2K8QWXR to authenticate.',
	expiresAt: isoAt(15 * 60 * 1000),
	intervalSeconds: 5,
};

export const waiting: MicrosoftState = {
	settings,
	connection: {status: 'success', checkedAt: isoAt(-5000)},
	authorization,
	token: {status: 'waiting'},
};

export const active: MicrosoftState = {
	settings,
	connection: {status: 'success', checkedAt: isoAt(-5000)},
	authorization: null,
	token: {status: 'active', expiresAt: isoAt(3600 * 1000)},
};

export const failed: MicrosoftState = {
	settings: {...settings, endpoint: 'https://login.microsoftonline.com/organizations/oauth2/v2.0'},
	connection: {
		status: 'failed',
		reason: 'certificate_untrusted',
		// Control sequences from the device must never reach the terminal.
		detail: 'unable to get local issuer certificate\u001B[2J\u001B]52;c;ZXZpbA==\u0007 (depth 1)',
		checkedAt: isoAt(-5000),
	},
	authorization: null,
	token: {status: 'not-authorized'},
};

export const declined: MicrosoftState = {
	settings,
	connection: {status: 'success', checkedAt: isoAt(-5000)},
	authorization: null,
	token: {status: 'error', reason: 'authorization_declined', detail: 'AADSTS70000: The user declined to authorize.'},
};

export const reauthorize: MicrosoftState = {
	settings,
	connection: {status: 'success', checkedAt: isoAt(-5000)},
	authorization: null,
	token: {status: 'error', reason: 'reauthorization_required', detail: 'AADSTS700082: The refresh token has expired due to inactivity.'},
};
