/** Device states for the screens, at a fixed time. */
import type {GoogleState, MicrosoftState} from '../../../source/device/contract.js';

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

// Google

export const googleClientId = '123456789012-abcdefghijklmnopqrstuvwxyz012345.apps.googleusercontent.com';
/** The `state` of the fixture's authorization URL (43 characters, as the device makes it). */
export const googleUrlState = 'Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmF';
const codeChallenge = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

/** Built as the device builds it: about 400 characters. */
export const googleAuthorizationUrl = `https://accounts.google.com/o/oauth2/v2/auth?${new URLSearchParams({
	client_id: googleClientId,
	redirect_uri: 'http://localhost',
	response_type: 'code',
	scope: 'https://mail.google.com/',
	access_type: 'offline',
	prompt: 'consent',
	state: googleUrlState,
	code_challenge: codeChallenge,
	code_challenge_method: 'S256',
}).toString()}`;

/** What Google sends the browser to after consent (nothing listens there). */
export const googleAuthorizationCode = '4/0AeanS0bQm9rZXN0cmluZy1mb3ItdGVzdHMtb25seS0xMjM0NTY3ODkwYWJjZGVm';
export function googleRedirect({state = googleUrlState, code = googleAuthorizationCode} = {}): string {
	return `http://localhost/?state=${state}&code=${encodeURIComponent(code)}&scope=https%3A%2F%2Fmail.google.com%2F`;
}

const googleSettings = {
	enabled: true,
	verifyServerCertificate: true,
	addCnToVerification: false,
	clientId: googleClientId,
	clientSecretSet: true,
};

/** What a new device shows. */
export {googleNotConfigured} from '../../support/fake-device-client.js';

export const googleChecking: GoogleState = {
	settings: googleSettings,
	connection: {status: 'checking'},
	authorization: null,
	token: {status: 'not-authorized'},
};

export const googleWaiting: GoogleState = {
	settings: googleSettings,
	connection: {status: 'success', checkedAt: isoAt(-5000)},
	authorization: {url: googleAuthorizationUrl, redirectUri: 'http://localhost', createdAt: isoAt(-4000)},
	token: {status: 'waiting'},
};

export const googleActive: GoogleState = {
	settings: googleSettings,
	connection: {status: 'success', checkedAt: isoAt(-5000)},
	authorization: null,
	token: {status: 'active', expiresAt: isoAt(3600 * 1000)},
};

export const googleReauthorize: GoogleState = {
	settings: googleSettings,
	connection: {status: 'success', checkedAt: isoAt(-5000)},
	authorization: null,
	token: {status: 'error', reason: 'reauthorization_required', detail: 'invalid_grant: Token has been expired or revoked.'},
};

export const googleRedirectMismatch: GoogleState = {
	settings: googleSettings,
	connection: {status: 'success', checkedAt: isoAt(-5000)},
	authorization: {url: googleAuthorizationUrl, redirectUri: 'http://localhost', createdAt: isoAt(-4000)},
	token: {status: 'error', reason: 'redirect_uri_mismatch', detail: 'redirect_uri_mismatch: Bad Request'},
};

export const googleConnectionFailed: GoogleState = {
	settings: googleSettings,
	connection: {status: 'failed', reason: 'cn_mismatch', detail: 'Hostname/IP does not match certificate\'s altnames', checkedAt: isoAt(-5000)},
	authorization: null,
	token: {status: 'not-authorized'},
};
