/**
OAuth 2.0 (Google) Settings: PUT oauth2/google/basic, the basic settings (manual steps 5–7,
saved as provider.ts's `saveBasic` does with these rules), and POST oauth2/google/authorization,
the code from the consent (steps 10–11). Its state, refresh button and token reset are
provider.ts's; its test mail test-mail.ts's.
*/
import {z} from 'zod';
import {googleAuthorizationRequestSchema, googleBasicSettingsRequestSchema} from '../../device/contract.js';
import {validateGoogleBasic} from '../../device/validation.js';
import {HttpError, readJson} from '../http.js';
import type {Handler} from '../router.js';
import {fieldError, parseBody, savedOrRefusedAsync, type RouteContext} from './plumbing.js';
import {saveBasic} from './provider.js';

// Bodies are checked against the contract after the field rules have had their say, so that
// an over-long client ID, secret or code is a field error (too_long), not a malformed request.
const googleBasicBodySchema = googleBasicSettingsRequestSchema.extend({clientId: z.string(), clientSecret: z.string().optional()});
const authorizationBodySchema = googleAuthorizationRequestSchema.extend({authorizationCode: z.string()});

/** `{enabled, verifyServerCertificate, addCnToVerification, clientId, clientSecret?}`; an omitted or empty secret keeps the stored one. */
export const saveGoogleBasic = saveBasic('google', {
	schema: googleBasicBodySchema,
	validate: (body, google) => validateGoogleBasic(body, google.secretStored),
	save: (body, google) => google.saveBasic(googleBasicSettingsRequestSchema.parse(body)),
});

/** POST authorization: the code exchanged at the token endpoint → the state; 400 with `fields.authorizationCode`; 507/500 not_saved. */
export const submitAuthorizationCode: Handler<RouteContext> = async (request, {google, served}) => {
	const {authorizationCode} = parseBody(authorizationBodySchema, await readJson(request), 'The authorization code request is not valid');
	// Tokens that cannot be written are not kept: 507/500 not_saved, the authorization still pending.
	const result = await savedOrRefusedAsync(async () => google.submitAuthorizationCode(authorizationCode), 'The authorization was not completed and nothing was changed; the code is used up: once the storage is fixed, consent again and enter the new code.');
	if (!result.ok) {
		throw new HttpError(400, 'validation', 'The authorization code was not accepted.', {
			fields: {authorizationCode: fieldError(result.code, result.message)},
		});
	}

	return served.reply(result.state);
};
