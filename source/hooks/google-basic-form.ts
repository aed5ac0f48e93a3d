/**
The Edit Basic Settings form of OAuth 2.0 (Google): the client ID and the client secret. The
secret is write-only: the field starts empty, an empty field keeps the stored secret (the
request leaves it out), and what was typed is forgotten once saved.
*/
import type {GoogleBasicSettings, GoogleBasicSettingsRequest, GoogleState} from '../contract-values.js';
import {maxClientIdLength, maxClientSecretLength, validateGoogleBasic} from '../validation.js';
import {defineBasicForm, type BasicFormState} from './use-basic-form.js';

export type GoogleFormTypes = {
	settings: GoogleBasicSettings;
	request: GoogleBasicSettingsRequest;
	state: GoogleState;
	text: 'clientId' | 'clientSecret';
	extra: never;
};

export type GoogleFormState = BasicFormState<GoogleFormTypes>;

export const googleBasicForm = defineBasicForm<GoogleFormTypes>({
	fields: ['clientId', 'clientSecret'],
	texts: ['clientId', 'clientSecret'],
	secrets: ['clientSecret'],
	// One more than allowed, so that "too long" can be said instead of cutting silently.
	maxLength: {clientId: maxClientIdLength + 1, clientSecret: maxClientSecretLength + 1},
	textsOf: settings => ({clientId: settings.clientId, clientSecret: ''}),
	request(checks, texts) {
		const request: GoogleBasicSettingsRequest = {
			enabled: checks.enabled,
			verifyServerCertificate: checks.verify,
			addCnToVerification: checks.cn,
			clientId: texts.clientId,
		};
		return texts.clientSecret === '' ? request : {...request, clientSecret: texts.clientSecret};
	},
	validate: (request, base) => validateGoogleBasic(request, base.clientSecretSet),
	fieldOf: {clientId: 'clientId', clientSecret: 'clientSecret'},
});
