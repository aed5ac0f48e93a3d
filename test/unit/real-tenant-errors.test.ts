/**
The two places where a real service's refusal is read: the identity provider's OAuth error
(Entra's AADSTS numbers decide over its `error`; Google's deleted or disabled client) and a
mail server's reply to a test mail (Exchange Online's 535 5.7.139 by cause, Gmail's 535-5.7.8).
The bodies and replies are the services' own (see the sources in token-endpoint.ts and
test-mail-advice.ts).
*/
import {describe, expect, it} from 'vitest';
import {parseOAuthError} from '../../source/emulator/oauth-wire.js';
import {oauthErrorStatus, refreshErrorStatus} from '../../source/emulator/token-endpoint.js';
import {testMailAdviceKind} from '../../source/device/test-mail-advice.js';

/** An Entra error body as Entra sends it. */
function entra(error: string, code: number, text: string): unknown {
	return {
		error,
		error_description: `AADSTS${code}: ${text}\r\nTrace ID: 0b5c0f1e-8a45-4a8e-9f3e-2c4d5e6f7a80\r\nCorrelation ID: 6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f\r\nTimestamp: 2025-06-02 10:00:00Z`,
		error_codes: [code],
		timestamp: '2025-06-02 10:00:00Z',
		trace_id: '0b5c0f1e-8a45-4a8e-9f3e-2c4d5e6f7a80',
		correlation_id: '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f',
		error_uri: `https://login.microsoftonline.com/error?code=${code}`,
	};
}

const singleTenant = entra('invalid_request', 50_194, 'Application \'00000000-0000-4000-8000-00000000c10d\'(cloudmail-setup) is not configured as a multi-tenant application. Usage of the /common endpoint is not supported for such applications created after \'10/15/2018\'. Use a tenant-specific endpoint or configure the application to be multi-tenant.');
const publicClientOff = entra('invalid_client', 7_000_218, 'The request body must contain the following parameter: \'client_assertion\' or \'client_secret\'.');
const noConsent = entra('invalid_grant', 65_001, 'The user or administrator has not consented to use the application with ID \'00000000-0000-4000-8000-00000000c10d\' named \'cloudmail-setup\'. Send an interactive authorization request for this user and resource.');
const revoked = entra('invalid_grant', 50_173, 'The provided grant has expired due to it being revoked, a fresh auth token is needed.');

function status(body: unknown) {
	return oauthErrorStatus(parseOAuthError(body)!);
}

describe('an identity provider\'s OAuth error, as a token status', () => {
	it('Entra\'s AADSTS number decides, the detail is the description\'s first line', () => {
		expect(status(singleTenant)).toEqual({status: 'error', reason: 'app_not_multi_tenant', detail: expect.stringMatching(/^AADSTS50194: Application .* multi-tenant\.$/)});
		expect(status(publicClientOff)).toEqual({status: 'error', reason: 'public_client_disabled', detail: 'AADSTS7000218: The request body must contain the following parameter: \'client_assertion\' or \'client_secret\'.'});
		expect(status(noConsent)).toMatchObject({reason: 'consent_required'});
	});

	it('without error_codes, the AADSTS number that starts the description; a malformed list is ignored', () => {
		const {error_codes: _, ...withoutCodes} = publicClientOff as Record<string, unknown>;
		expect(status(withoutCodes)).toMatchObject({reason: 'public_client_disabled'});
		expect(status({...(singleTenant as object), error_codes: 'fifty'})).toMatchObject({reason: 'app_not_multi_tenant'});
	});

	it('a refused refresh: consent withdrawn is said as such, other invalid_grant means authorize again', () => {
		expect(refreshErrorStatus(parseOAuthError(noConsent)!)).toMatchObject({reason: 'consent_required'});
		expect(refreshErrorStatus(parseOAuthError(revoked)!)).toMatchObject({reason: 'reauthorization_required', detail: expect.stringMatching(/^AADSTS50173: /)});
		expect(refreshErrorStatus(parseOAuthError(publicClientOff)!)).toMatchObject({reason: 'public_client_disabled'});
		expect(refreshErrorStatus(parseOAuthError({error: 'invalid_grant', error_description: 'Token has been expired or revoked.'})!))
			.toEqual({status: 'error', reason: 'reauthorization_required', detail: 'Token has been expired or revoked.'});
	});

	it('Google\'s deleted or disabled OAuth client is a client to replace', () => {
		expect(status({error: 'deleted_client', error_description: 'The OAuth client was deleted.'})).toEqual({status: 'error', reason: 'invalid_client', detail: 'The OAuth client was deleted.'});
		expect(status({error: 'disabled_client', error_description: 'The OAuth client was disabled.'})).toMatchObject({reason: 'invalid_client'});
		expect(status({error: 'something_new'})).toEqual({status: 'error', reason: 'idp_error', detail: 'something_new'});
	});
});

describe('a test mail\'s reply, as advice', () => {
	const refused = (reply: string) => ({sent: false, failure: 'auth' as const, reply});
	it.each([
		['535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Mailbox. Visit https://aka.ms/smtp_auth_disabled for more information.', 'smtpAuthDisabledMailbox'],
		['535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information.', 'smtpAuthDisabledTenant'],
		['535 5.7.139 Authentication unsuccessful, user is locked by your organization\'s security defaults policy. Contact your administrator.', 'securityDefaults'],
		['535 5.7.139 Authentication unsuccessful, the request did not meet the criteria to be authenticated successfully. Contact your administrator.', 'smtpAuthDisabled'],
		['535 5.7.3 Authentication unsuccessful [TYAPR01CA0123.jpnprd01.prod.outlook.com]', 'auth'],
	] as const)('Exchange Online: %s', (reply, kind) => {
		expect(testMailAdviceKind('microsoft', refused(reply))).toBe(kind);
	});

	it('Gmail\'s 535-5.7.8 to XOAUTH2; another step\'s failure by its step', () => {
		expect(testMailAdviceKind('google', refused('535-5.7.8 Username and Password not accepted. For more information, go to 535 5.7.8  https://support.google.com/mail/?p=BadCredentials'))).toBe('gmailBadCredentials');
		// Exchange's code means nothing at Gmail.
		expect(testMailAdviceKind('google', refused('535 5.7.139 Authentication unsuccessful'))).toBe('auth');
		expect(testMailAdviceKind('microsoft', {sent: false, failure: 'tls'})).toBe('tls');
		expect(testMailAdviceKind('microsoft', {sent: false})).toBe('unknown');
		expect(testMailAdviceKind('google', {sent: true, reply: '250 2.0.0 OK'})).toBe('sent');
	});
});
