/**
OAuth 2.0 (Microsoft) Settings: PUT oauth2/microsoft/basic, the basic settings (manual steps
5–8), saved as provider.ts's `saveBasic` does with these rules. Its state, refresh button and
token reset are provider.ts's; its test mail test-mail.ts's.
*/
import {z} from 'zod';
import {microsoftBasicSettingsSchema} from '../../device/contract.js';
import {normalizeMicrosoftEndpoint, validateMicrosoftBasic} from '../../device/validation.js';
import {saveBasic} from './provider.js';

// The body is checked against the contract after the field rules have had their say, so that
// an over-long endpoint is a field error (too_long), not a malformed request.
const basicBodySchema = microsoftBasicSettingsSchema.extend({endpoint: z.string()});

/** `{enabled, verifyServerCertificate, addCnToVerification, endpoint}`; the endpoint is saved normalized. */
export const saveMicrosoftBasic = saveBasic('microsoft', {
	schema: basicBodySchema,
	validate: body => validateMicrosoftBasic(body),
	save: (body, microsoft) => microsoft.saveBasic(microsoftBasicSettingsSchema.parse({...body, endpoint: normalizeMicrosoftEndpoint(body.endpoint)})),
});
