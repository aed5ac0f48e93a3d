import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {microsoftTenants} from '../../source/device/contract.js';
import {
	microsoftEndpointFor,
	parseAuthorizationCodeInput,
	stateOfAuthorizationUrl,
	tenantOfEndpoint,
	validateGoogleBasic,
	validateGoogleClientId,
	validateMicrosoftBasic,
	validateMicrosoftEndpoint,
} from '../../source/device/validation.js';

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

describe('Google client ID and secret', () => {
	const valid = {enabled: true, verifyServerCertificate: true, addCnToVerification: false, clientId: '1234567890-abc123def456.apps.googleusercontent.com', clientSecret: 'GOCSPX-secret'};

	it('accepts a client ID of Google\'s shape and refuses others', () => {
		expect(validateGoogleClientId(valid.clientId)).toBeUndefined();
		expect(validateGoogleClientId('')).toBe('required');
		expect(validateGoogleClientId('1234567890-abc123def456')).toBe('invalid_client_id');
		expect(validateGoogleClientId('x.apps.googleusercontent.com.evil.com')).toBe('invalid_client_id');
		expect(validateGoogleClientId(' 123.apps.googleusercontent.com')).toBe('invalid_characters');
		expect(validateGoogleClientId(`${'a'.repeat(600)}.apps.googleusercontent.com`)).toBe('too_long');
	});

	it('needs a secret on first set-up only; an empty one keeps the stored secret', () => {
		expect(validateGoogleBasic(valid, false)).toEqual({});
		expect(validateGoogleBasic({...valid, clientSecret: ''}, false)).toEqual({clientSecret: 'secret_required'});
		expect(validateGoogleBasic({...valid, clientSecret: undefined}, false)).toEqual({clientSecret: 'secret_required'});
		expect(validateGoogleBasic({...valid, clientSecret: ''}, true)).toEqual({});
		expect(validateGoogleBasic({...valid, clientSecret: 'with space'}, true)).toEqual({clientSecret: 'invalid_characters'});
		expect(validateGoogleBasic({...valid, enabled: false, clientId: '', clientSecret: ''}, false)).toEqual({});
		expect(validateGoogleBasic({...valid, verifyServerCertificate: false, addCnToVerification: true}, true)).toEqual({addCnToVerification: 'cn_requires_verify'});
	});
});

describe('Authorization Code input', () => {
	const code = '4/0AeanS0bX-yz_12';
	const state = 'st4te-abc';

	it.each([
		['the code alone', code],
		['the code percent-encoded', '4%2F0AeanS0bX-yz_12'],
		['with spaces, quotes and a trailing newline', `  "${code}"\n`],
		['the whole redirect URL', `http://localhost/?state=${state}&code=4%2F0AeanS0bX-yz_12&scope=https://mail.google.com/`],
		['the redirect URL with a port, in angle brackets', `<http://127.0.0.1:8080/?code=4/0AeanS0bX-yz_12&state=${state}>`],
		['just the query', `code=4%2F0AeanS0bX-yz_12&scope=https%3A%2F%2Fmail.google.com%2F`],
	])('takes %s', (_name, input) => {
		expect(parseAuthorizationCodeInput(input, state)).toEqual({code});
	});

	it.each([
		['nothing', '   \n', 'required'],
		['a denied consent', `http://localhost/?error=access_denied&state=${state}`, 'access_denied'],
		['another attempt\'s URL', `http://localhost/?state=other&code=${code}`, 'state_mismatch'],
		['a URL without a code', `http://localhost/?state=${state}&scope=x`, 'code_missing'],
		['control characters', `4/0A\u001B[2J`, 'invalid_characters'],
		['full-width text', '４/０Ａ', 'invalid_characters'],
		['a 10,000-character paste', 'a'.repeat(10_000), 'too_long'],
	])('refuses %s', (_name, input, error) => {
		expect(parseAuthorizationCodeInput(input, state)).toEqual({error});
	});

	it('finds the state of an authorization URL', () => {
		expect(stateOfAuthorizationUrl(`https://accounts.google.com/o/oauth2/v2/auth?client_id=x&state=${state}&scope=y`)).toBe(state);
		expect(stateOfAuthorizationUrl('not a url')).toBeUndefined();
	});

	it('gives a code without spaces or controls, or a reason, for any input (property)', () => {
		fc.assert(fc.property(fc.string({maxLength: 500}), fc.option(fc.string({maxLength: 20}), {nil: undefined}), (input, expected) => {
			const result = parseAuthorizationCodeInput(input, expected);
			if ('code' in result) {
				expect(result.code).toMatch(/^[\x21-\x7E]+$/);
			} else {
				expect(result.error).toBeTruthy();
			}
		}), {numRuns: 3000});
	});
});
