/**
The rules for what an engineer may enter, shared by the TUI (to say so next to the field
before anything is sent) and the emulated device (which refuses the same input with 400).
*/
import {
	microsoftTenants,
	type FieldErrorCode,
	type MicrosoftBasicSettings,
	type MicrosoftTenant,
} from './contract.js';

export const microsoftHost = 'login.microsoftonline.com';
export const maxEndpointLength = 2048;

export type FieldErrors<Field extends string> = Partial<Record<Field, FieldErrorCode>>;

export function microsoftEndpointFor(tenant: MicrosoftTenant): string {
	return `https://${microsoftHost}/${tenant}/oauth2/v2.0`;
}

/** The tenant of a well-formed endpoint, or undefined. */
export function tenantOfEndpoint(endpoint: string): MicrosoftTenant | undefined {
	const match = /^https:\/\/login\.microsoftonline\.com\/([^/]+)\/oauth2\/v2\.0\/?$/.exec(endpoint);
	const tenant = match?.[1];
	return microsoftTenants.find(known => known === tenant);
}

// Printable ASCII only: a URL typed or pasted with spaces, newlines, control characters or
// full-width characters is refused rather than silently changed.
const printableAscii = /^[\x21-\x7E]*$/;

export function validateMicrosoftEndpoint(endpoint: string): FieldErrorCode | undefined {
	if (endpoint.length === 0) {
		return 'required';
	}

	if (endpoint.length > maxEndpointLength) {
		return 'too_long';
	}

	if (!printableAscii.test(endpoint)) {
		return 'invalid_characters';
	}

	if (!URL.canParse(endpoint)) {
		return 'invalid_url';
	}

	// The raw text is checked, not the parsed URL: URL would quietly accept `HTTPS://`,
	// `LOGIN.microsoftonline.com` or `:443`, and the device stores what was typed.
	const parts = /^([^:/]*):\/\/([^/]*)(.*)$/.exec(endpoint);
	if (!parts || parts[1] !== 'https') {
		return 'not_https';
	}

	if (parts[2] !== microsoftHost) {
		return 'wrong_host';
	}

	const match = /^\/([^/?#]+)\/oauth2\/v2\.0\/?$/.exec(parts[3] ?? '');
	if (!match) {
		return 'wrong_path';
	}

	if (!microsoftTenants.some(tenant => tenant === match[1])) {
		return 'unknown_tenant';
	}

	return undefined;
}

export type MicrosoftBasicField = keyof MicrosoftBasicSettings;

export function validateMicrosoftBasic(settings: MicrosoftBasicSettings): FieldErrors<MicrosoftBasicField> {
	const errors: FieldErrors<MicrosoftBasicField> = {};
	// An unused endpoint may stay empty; anything entered must still be right.
	if (settings.enabled || settings.endpoint.length > 0) {
		const endpointError = validateMicrosoftEndpoint(settings.endpoint);
		if (endpointError) {
			errors.endpoint = endpointError;
		}
	}

	if (settings.addCnToVerification && !settings.verifyServerCertificate) {
		errors.addCnToVerification = 'cn_requires_verify';
	}

	return errors;
}

/** Trailing slash dropped, so that equal endpoints compare equal. */
export function normalizeMicrosoftEndpoint(endpoint: string): string {
	return endpoint.endsWith('/') ? endpoint.slice(0, -1) : endpoint;
}
