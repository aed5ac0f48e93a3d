import {describe, expect, test} from 'vitest';
import {
	basicFormReducer,
	focusableFields,
	formSettings,
	initialFormState,
	pickTenant,
} from '../../source/hooks/use-microsoft-basic-form.js';

const saved = {
	enabled: true,
	verifyServerCertificate: true,
	addCnToVerification: true,
	endpoint: 'https://login.microsoftonline.com/common/oauth2/v2.0',
};

describe('Edit Basic Settings form', () => {
	test('turning Verify off turns CN off and takes it out of the Tab order', () => {
		let state = initialFormState(saved);
		expect(focusableFields(state)).toContain('cn');
		state = basicFormReducer(state, {type: 'toggle', field: 'verify'});
		expect(formSettings(state)).toMatchObject({verifyServerCertificate: false, addCnToVerification: false});
		expect(focusableFields(state)).not.toContain('cn');
		// CN cannot be turned on while Verify is off.
		expect(basicFormReducer(state, {type: 'toggle', field: 'cn'})).toBe(state);
		// Turning Verify on again does not bring CN back by itself.
		state = basicFormReducer(state, {type: 'toggle', field: 'verify'});
		expect(formSettings(state).addCnToVerification).toBe(false);
	});

	test('a saved CN without Verify (inconsistent device state) opens as off', () => {
		const state = initialFormState({...saved, verifyServerCertificate: false});
		expect(formSettings(state).addCnToVerification).toBe(false);
	});

	test('the tenant picker cycles through the three tenants and fills the endpoint', () => {
		expect(pickTenant(undefined, 1)).toBe('common');
		expect(pickTenant(undefined, -1)).toBe('organizations');
		expect(pickTenant('common', 1)).toBe('consumers');
		expect(pickTenant('organizations', 1)).toBe('common');
		const state = basicFormReducer(initialFormState(saved), {type: 'tenant', delta: -1});
		expect(formSettings(state).endpoint).toBe('https://login.microsoftonline.com/organizations/oauth2/v2.0');
	});

	test('Tab order wraps round', () => {
		let state = initialFormState(saved);
		state = basicFormReducer(state, {type: 'focus', delta: -1});
		expect(state.focus).toBe('cancel');
		state = basicFormReducer(state, {type: 'focus', delta: 1});
		expect(state.focus).toBe('enabled');
	});

	test('field errors move the focus to the first wrong field; typing there clears its error', () => {
		let state = initialFormState(saved);
		state = basicFormReducer(state, {type: 'invalid', errors: {endpoint: 'wrong_host'}});
		expect(state.focus).toBe('endpoint');
		expect(state.notice).toEqual({type: 'check-fields'});
		state = basicFormReducer(state, {type: 'text', action: {type: 'insert', text: 'x'}});
		expect(state.errors).toEqual({});
	});
});
