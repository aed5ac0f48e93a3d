import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {microsoftTenants} from '../../source/contract.js';
import {
	microsoftEndpointFor,
	tenantOfEndpoint,
	validateMicrosoftBasic,
	validateMicrosoftEndpoint,
} from '../../source/validation.js';

describe('Microsoft endpoint', () => {
	it.each(microsoftTenants)('accepts the manual\'s form for tenant %s, with or without a trailing slash', tenant => {
		const endpoint = microsoftEndpointFor(tenant);
		expect(endpoint).toBe(`https://login.microsoftonline.com/${tenant}/oauth2/v2.0`);
		expect(validateMicrosoftEndpoint(endpoint)).toBeUndefined();
		expect(validateMicrosoftEndpoint(`${endpoint}/`)).toBeUndefined();
		expect(tenantOfEndpoint(endpoint)).toBe(tenant);
	});

	it.each([
		['', 'required'],
		['http://login.microsoftonline.com/common/oauth2/v2.0', 'not_https'],
		['https://login.example.com/common/oauth2/v2.0', 'wrong_host'],
		['https://login.microsoftonline.com:8443/common/oauth2/v2.0', 'wrong_host'],
		['https://user@login.microsoftonline.com/common/oauth2/v2.0', 'wrong_host'],
		['https://login.microsoftonline.com/contoso/oauth2/v2.0', 'unknown_tenant'],
		['https://login.microsoftonline.com/common/oauth2/v1.0', 'wrong_path'],
		['https://login.microsoftonline.com/common/oauth2/v2.0?x=1', 'wrong_path'],
		['https://login.microsoftonline.com/common/oauth2/v2.0 ', 'invalid_characters'],
		['https://login.microsoftonline.com/common/oauth2/v2.0\n', 'invalid_characters'],
		['https://login.microsoftonline.com/ｃｏｍｍｏｎ/oauth2/v2.0', 'invalid_characters'],
		['https://login.microsoftonline.com/common/oauth2/v2.0\u001B[2J', 'invalid_characters'],
		['login.microsoftonline.com/common/oauth2/v2.0', 'invalid_url'],
		[`https://login.microsoftonline.com/${'a'.repeat(10_000)}`, 'too_long'],
	])('refuses %j as %s', (endpoint, code) => {
		expect(validateMicrosoftEndpoint(endpoint)).toBe(code);
		expect(tenantOfEndpoint(endpoint)).toBeUndefined();
	});

	it('accepts nothing but the three tenants on the Microsoft host (property)', () => {
		// Built from near-misses of the right form, so that many candidates get far into the checks.
		const near = fc.tuple(
			fc.constantFrom('https://', 'http://', 'HTTPS://', 'https:/', ''),
			fc.constantFrom('login.microsoftonline.com', 'LOGIN.microsoftonline.com', 'login.microsoftonline.com.', 'login.microsoftonline.com:443', 'evil.com'),
			fc.constantFrom('/common', '/consumers', '/organizations', '/Common', '/tenant', '//common', '/organizations '),
			fc.constantFrom('/oauth2/v2.0', '/oauth2/v2.0/', '/oauth2/v2.0//', '/oauth2', '/oauth2/v2.0#x', '/oauth2/%76%32.0'),
		).map(parts => parts.join(''));
		fc.assert(fc.property(fc.oneof(near, fc.string({maxLength: 300})), text => {
			const error = validateMicrosoftEndpoint(text);
			const tenant = tenantOfEndpoint(text);
			if (error === undefined) {
				expect(text.replace(/\/$/, '')).toBe(microsoftEndpointFor(tenant!));
			}
		}), {numRuns: 2000});
	});
});

describe('Microsoft basic settings', () => {
	const valid = {enabled: true, verifyServerCertificate: true, addCnToVerification: true, endpoint: microsoftEndpointFor('organizations')};

	it('accepts the manual\'s settings', () => {
		expect(validateMicrosoftBasic(valid)).toEqual({});
	});

	it('needs an endpoint only when enabled or when one was entered', () => {
		expect(validateMicrosoftBasic({...valid, endpoint: ''})).toEqual({endpoint: 'required'});
		expect(validateMicrosoftBasic({...valid, enabled: false, endpoint: ''})).toEqual({});
		expect(validateMicrosoftBasic({...valid, enabled: false, endpoint: 'http://x'})).toEqual({endpoint: 'not_https'});
	});

	it('allows Add CN to Verification Items only with Verify Server Certificate', () => {
		expect(validateMicrosoftBasic({...valid, verifyServerCertificate: false})).toEqual({addCnToVerification: 'cn_requires_verify'});
		expect(validateMicrosoftBasic({...valid, verifyServerCertificate: false, addCnToVerification: false})).toEqual({});
	});
});
