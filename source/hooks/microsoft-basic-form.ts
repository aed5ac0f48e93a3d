/**
The Edit Basic Settings form of OAuth 2.0 (Microsoft): the endpoint, and a tenant picker
that fills it in.
*/
import {
	microsoftTenants,
	type MicrosoftBasicSettings,
	type MicrosoftState,
	type MicrosoftTenant,
} from '../contract-values.js';
import {maxEndpointLength, microsoftEndpointFor, tenantOfEndpoint, validateMicrosoftBasic} from '../validation.js';
import {defineBasicForm, type BasicFormState} from './use-basic-form.js';

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
	extraKey(_field, input, key, texts) {
		if (key.leftArrow || key.rightArrow || input === ' ') {
			const tenant = pickTenant(tenantOfEndpoint(texts.endpoint), key.leftArrow ? -1 : 1);
			return {text: 'endpoint', value: microsoftEndpointFor(tenant)};
		}

		return undefined;
	},
});
