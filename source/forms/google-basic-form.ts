/**
The Edit Basic Settings form of OAuth 2.0 (Google): the client ID and the client secret. The
secret is write-only: the field starts empty, an empty field keeps the stored secret (the
request leaves it out), and what was typed is forgotten once saved.

After a lost answer (see use-basic-form.ts), what can be known of a secret that was sent: the
device never shows it, but it counts the secrets written (`clientSecretRevision`). One more than
in the settings the form was based on, with a secret set and everything else as sent, is taken
as this save (someone else writing a secret with exactly the same other settings in between
cannot be told apart); the same count, with the rest as before, is "not saved"; anything else
is a change made elsewhere. A device that does not count can only tell by the other fields: when
they cannot (only the secret was changed) the form says so and keeps the secret typed, to send it
again.
*/
import type {GoogleBasicSettings, GoogleBasicSettingsRequest, GoogleState} from '../device/contract-values.js';
import {maxClientIdLength, maxClientSecretLength, validateGoogleBasic} from '../device/validation.js';
import {heldAfterLostAnswer, type Held} from './device-request.js';
import {defineBasicForm, type BasicFormState} from './basic-form.js';

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
	held: heldGoogle,
});

/** What the device holds after a lost answer (see above). */
export function heldGoogle(request: GoogleBasicSettingsRequest, device: GoogleBasicSettings, base: GoogleBasicSettings): Held {
	const same = (a: GoogleBasicSettings, b: GoogleBasicSettingsRequest | GoogleBasicSettings) => a.enabled === b.enabled
		&& a.verifyServerCertificate === b.verifyServerCertificate
		&& a.addCnToVerification === b.addCnToVerification
		&& a.clientId === b.clientId;
	const asSent = same(device, request);
	const asOld = same(device, base);
	if (request.clientSecret === undefined || request.clientSecret === '') {
		// The stored secret was to stay: it must not have changed.
		return device.clientSecretRevision === base.clientSecretRevision ? heldAfterLostAnswer(asSent, asOld) : 'other';
	}

	const before = base.clientSecretRevision;
	const now = device.clientSecretRevision;
	if (before === undefined || now === undefined) {
		if (asSent && asOld) {
			return 'unknown';
		}

		return heldAfterLostAnswer(asSent, asOld);
	}

	if (asSent && device.clientSecretSet && now === before + 1) {
		return 'sent';
	}

	return asOld && now === before ? 'old' : 'other';
}
