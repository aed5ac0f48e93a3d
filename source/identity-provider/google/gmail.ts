/**
The Gmail API's profile (GET /gmail/v1/users/{userId}/profile on gmail.googleapis.com), where a
client learns which account authorized, with the Gmail API's own error bodies (not OAuth's).
*/
import {
	bearerToken,
	digest,
	gmailHost,
	googleMailScope,
	truncate,
	type GoogleResponse,
} from './model.js';
import {accessTokenGrant, liveAccessToken, type GoogleState} from './state.js';

/** GET /gmail/v1/users/{userId}/profile with this Authorization header (Bearer). */
export function gmailProfile(state: GoogleState, userId: string, authorization: string | undefined): GoogleResponse {
	const token = bearerToken(authorization);
	const record = accessTokenGrant(state, token);
	const issued = liveAccessToken(state, token);
	if (!record || !issued) {
		return gmailError(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.', 'authError', 'Invalid Credentials');
	}

	// Google checks the credentials first (a bad token is a 401 whatever the project), then
	// whether the token's project has the API on, then the scopes.
	if (!state.settings.googleGmailApiEnabled) {
		return serviceDisabled(projectNumberOf(issued.clientId));
	}

	if (!record.scopes.some(scope => gmailProfileScopes.has(scope))) {
		return gmailError(403, 'PERMISSION_DENIED', 'Request had insufficient authentication scopes.', 'insufficientPermissions', 'Insufficient Permission');
	}

	if (userId !== 'me' && userId.toLowerCase() !== record.account.toLowerCase()) {
		return gmailError(403, 'PERMISSION_DENIED', 'Delegation denied for ' + truncate(record.account, 256), 'forbidden', 'Delegation denied for ' + truncate(record.account, 256));
	}

	return {status: 200, body: {emailAddress: record.account, messagesTotal: 0, threadsTotal: 0, historyId: '1'}};
}

/** Scopes that let the Gmail API read the profile (among them the full mail scope the device asks for). */
const gmailProfileScopes = new Set([
	googleMailScope,
	'https://www.googleapis.com/auth/gmail.readonly',
	'https://www.googleapis.com/auth/gmail.modify',
	'https://www.googleapis.com/auth/gmail.compose',
	'https://www.googleapis.com/auth/gmail.metadata',
]);

/** A Google API error body (not OAuth's): `{error: {code, message, errors, status}}`. */
function gmailError(code: number, status: string, message: string, reason: string, shortMessage: string): GoogleResponse {
	return {status: code, body: {error: {code, message, errors: [{message: shortMessage, domain: 'global', reason}], status}}};
}

/** The project a Google client belongs to: a client ID starts with its project number. */
function projectNumberOf(clientId: string): string {
	const number = /^(\d{1,20})-/.exec(clientId)?.[1];
	// A client ID without one (accepted offline): a stable 12-digit stand-in.
	return number ?? `1${(BigInt(`0x${digest(`project:${clientId}`).toString('hex').slice(0, 16)}`) % 10n ** 11n).toString().padStart(11, '0')}`;
}

/*
Google's answer when the token's project has not enabled the API. The legacy `errors` entry
(usageLimits / accessNotConfigured / extendedHelp) is the Gmail API's own (transcript in
github.com/DSchau/gatsby-mail issue #35, 2020); the `details` (ErrorInfo SERVICE_DISABLED with
its metadata, LocalizedMessage, Help link) are those of current Google APIs (transcripts in
github.com/google-gemini/gemini-cli issue #1343, 2025, and the Gmail metadata with serviceTitle
"Gmail API" quoted in test fixtures of projects that handle it).
*/
function serviceDisabled(project: string): GoogleResponse {
	const activationUrl = `https://console.developers.google.com/apis/api/${gmailHost}/overview?project=${project}`;
	const message = `Gmail API has not been used in project ${project} before or it is disabled. Enable it by visiting ${activationUrl} then retry. If you enabled this API recently, wait a few minutes for the action to propagate to our systems and retry.`;
	return {
		status: 403,
		body: {
			error: {
				code: 403,
				message,
				errors: [{message, domain: 'usageLimits', reason: 'accessNotConfigured', extendedHelp: 'https://console.developers.google.com'}],
				status: 'PERMISSION_DENIED',
				details: [
					{
						'@type': 'type.googleapis.com/google.rpc.ErrorInfo',
						reason: 'SERVICE_DISABLED',
						domain: 'googleapis.com',
						metadata: {serviceTitle: 'Gmail API', consumer: `projects/${project}`, containerInfo: project, service: gmailHost, activationUrl},
					},
					{'@type': 'type.googleapis.com/google.rpc.LocalizedMessage', locale: 'en-US', message},
					{'@type': 'type.googleapis.com/google.rpc.Help', links: [{description: 'Google developers console API activation', url: activationUrl}]},
				],
			},
		},
	};
}
