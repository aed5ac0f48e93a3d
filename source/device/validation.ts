/**
The rules for what an engineer may enter, shared by the TUI (to say so next to the field
before anything is sent) and the emulated device (which refuses the same input with 400).
*/
import {
	microsoftTenants,
	type FieldErrorCode,
	type GoogleBasicSettingsRequest,
	type MicrosoftBasicSettings,
	type MicrosoftTenant,
} from './contract-values.js';

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

// Google

export const maxClientIdLength = 512;
export const maxClientSecretLength = 512;
export const maxAuthorizationInputLength = 8192;
const googleClientId = /^[\w.-]+\.apps\.googleusercontent\.com$/;

export function validateGoogleClientId(clientId: string): FieldErrorCode | undefined {
	if (clientId.length === 0) {
		return 'required';
	}

	if (clientId.length > maxClientIdLength) {
		return 'too_long';
	}

	if (!printableAscii.test(clientId)) {
		return 'invalid_characters';
	}

	return googleClientId.test(clientId) ? undefined : 'invalid_client_id';
}

export type GoogleBasicField = keyof GoogleBasicSettingsRequest;

/**
`secretStored`: whether the device already holds a secret. An empty or omitted secret keeps
the stored one, so it is an error only on first set-up.
*/
export function validateGoogleBasic(settings: GoogleBasicSettingsRequest, secretStored: boolean): FieldErrors<GoogleBasicField> {
	const errors: FieldErrors<GoogleBasicField> = {};
	if (settings.enabled || settings.clientId.length > 0) {
		const clientIdError = validateGoogleClientId(settings.clientId);
		if (clientIdError) {
			errors.clientId = clientIdError;
		}
	}

	const secret = settings.clientSecret ?? '';
	if (secret.length > maxClientSecretLength) {
		errors.clientSecret = 'too_long';
	} else if (!printableAscii.test(secret)) {
		errors.clientSecret = 'invalid_characters';
	} else if (secret.length === 0 && settings.enabled && !secretStored) {
		errors.clientSecret = 'secret_required';
	}

	if (settings.addCnToVerification && !settings.verifyServerCertificate) {
		errors.addCnToVerification = 'cn_requires_verify';
	}

	return errors;
}

export type AuthorizationCodeInput = {code: string} | {error: FieldErrorCode};

/**
What the engineer pastes into Authorization Code: the code alone (`4/0A...` or `4%2F0A...`),
or the whole address of the browser's error page after consent
(`http://localhost/?state=...&code=...&scope=...`). Surrounding spaces, quotes and line breaks
are ignored. With `expectedState`, a URL from another attempt is refused.
*/
export function parseAuthorizationCodeInput(input: string, expectedState?: string): AuthorizationCodeInput {
	if (input.length > maxAuthorizationInputLength) {
		return {error: 'too_long'};
	}

	const text = withoutWrapping(input);
	if (text.length === 0) {
		return {error: 'required'};
	}

	if (!printableAscii.test(text)) {
		return {error: 'invalid_characters'};
	}

	const query = queryOf(text);
	if (query === undefined) {
		return codeFrom(text);
	}

	if (query.has('error')) {
		return {error: 'access_denied'};
	}

	const state = query.get('state');
	if (expectedState !== undefined && state !== null && state !== expectedState) {
		return {error: 'state_mismatch'};
	}

	const code = query.get('code');
	return code === null || code === '' ? {error: 'code_missing'} : codeFrom(code, false);
}

/**
Without the spaces, line breaks, quotes and angle brackets a copied code or URL comes wrapped
in, in any mix (`" <url> "`, `’ ”`). A loop, not a regex: `[…]+$` backtracks quadratically.
*/
function withoutWrapping(text: string): string {
	let start = 0;
	let end = text.length;
	while (start < end && /[\s"'“”‘’<]/.test(text[start]!)) {
		start += 1;
	}

	while (end > start && /[\s"'“”‘’>]/.test(text[end - 1]!)) {
		end -= 1;
	}

	return text.slice(start, end);
}

/** The query (and fragment) parameters of a pasted URL or `a=b&c=d` text; undefined for a bare code. */
function queryOf(text: string): URLSearchParams | undefined {
	const start = text.indexOf('?');
	if (start >= 0) {
		return new URLSearchParams(text.slice(start + 1).replace('#', '&'));
	}

	// An address without a query (the redirect page's bare address, another page) has no
	// code, although it is printable ASCII like one.
	if (/^[a-z][a-z\d+.-]*:\/\//i.test(text)) {
		const hash = text.indexOf('#');
		return new URLSearchParams(hash >= 0 ? text.slice(hash + 1) : '');
	}

	return /(?:^|&)(?:code|error|state)=/.test(text) ? new URLSearchParams(text) : undefined;
}

function codeFrom(raw: string, percentEncoded = true): AuthorizationCodeInput {
	let code = raw;
	if (percentEncoded && /%[\dA-Fa-f]{2}/.test(raw)) {
		try {
			code = decodeURIComponent(raw);
		} catch {
			return {error: 'invalid_characters'};
		}
	}

	return printableAscii.test(code) && code.length > 0 ? {code} : {error: 'invalid_characters'};
}

/** The `state` parameter of an authorization URL, to check a pasted redirect against. */
export function stateOfAuthorizationUrl(url: string): string | undefined {
	try {
		return new URL(url).searchParams.get('state') ?? undefined;
	} catch {
		return undefined;
	}
}

export const maxMailAddressLength = 320;
/** local@domain with a dot in the domain: what an SMTP server takes in RCPT TO, ASCII only. */
const mailAddress = /^[\w.!#$%&'*+/=?^`{|}~-]+@[A-Za-z\d](?:[A-Za-z\d-]*[A-Za-z\d])?(?:\.[A-Za-z\d](?:[A-Za-z\d-]*[A-Za-z\d])?)+$/;

/** The recipient of a test mail, as typed (not trimmed: the field says what is wrong). */
export function validateMailAddress(address: string): FieldErrorCode | undefined {
	if (address.length === 0) {
		return 'required';
	}

	if (address.length > maxMailAddressLength) {
		return 'too_long';
	}

	if (!printableAscii.test(address)) {
		return 'invalid_characters';
	}

	return mailAddress.test(address) ? undefined : 'invalid_email';
}
