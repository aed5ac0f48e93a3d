/**
The Edit Basic Settings form of OAuth 2.0 (Microsoft): the endpoint, and a tenant picker
that fills it in. After a lost answer the device's settings are compared with what was sent as
the device keeps it (the endpoint without a trailing slash).
*/
import {
	microsoftTenants,
	type MicrosoftBasicSettings,
	type MicrosoftState,
	type MicrosoftTenant,
} from '../device/contract-values.js';
import {maxEndpointLength, microsoftEndpointFor, normalizeMicrosoftEndpoint, tenantOfEndpoint, validateMicrosoftBasic} from '../device/validation.js';
import {heldAfterLostAnswer} from './device-request.js';
import {defineBasicForm, type BasicFormState} from './basic-form.js';

export type MicrosoftFormTypes = {
	settings: MicrosoftBasicSettings;
	request: MicrosoftBasicSettings;
	state: MicrosoftState;
	text: 'endpoint';
	extra: 'tenant';
};

export type MicrosoftFormState = BasicFormState<MicrosoftFormTypes>;

export function pickTenant(current: MicrosoftTenant | undefined, delta: 1 | -1): MicrosoftTenant {
	const count = microsoftTenants.length;
	const index = current === undefined ? (delta === 1 ? -1 : count) : microsoftTenants.indexOf(current);
	return microsoftTenants[(index + delta + count) % count]!;
}

export const microsoftBasicForm = defineBasicForm<MicrosoftFormTypes>({
	fields: ['endpoint', 'tenant'],
	texts: ['endpoint'],
	// One more than allowed, so that "too long" is said instead of cutting a long paste silently.
	maxLength: {endpoint: maxEndpointLength + 1},
	textsOf: settings => ({endpoint: settings.endpoint}),
	request: (checks, texts) => ({
		enabled: checks.enabled,
		verifyServerCertificate: checks.verify,
		addCnToVerification: checks.cn,
		endpoint: texts.endpoint,
	}),
	validate: request => validateMicrosoftBasic(request),
	fieldOf: {endpoint: 'endpoint'},
	held(request, device, base) {
		const same = (a: MicrosoftBasicSettings, b: MicrosoftBasicSettings) => a.enabled === b.enabled
			&& a.verifyServerCertificate === b.verifyServerCertificate
			&& a.addCnToVerification === b.addCnToVerification
			&& a.endpoint === b.endpoint;
		return heldAfterLostAnswer(same(device, {...request, endpoint: normalizeMicrosoftEndpoint(request.endpoint)}), same(device, base));
	},
	extraKey(_field, input, key, texts) {
		if (key.leftArrow || key.rightArrow || input === ' ') {
			const tenant = pickTenant(tenantOfEndpoint(texts.endpoint), key.leftArrow ? -1 : 1);
			return {text: 'endpoint', value: microsoftEndpointFor(tenant)};
		}

		return undefined;
	},
});
