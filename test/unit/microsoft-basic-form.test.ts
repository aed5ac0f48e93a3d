import {describe, expect, test} from 'vitest';
import {microsoftBasicForm, pickTenant} from '../../source/forms/microsoft-basic-form.js';

const {initialState, reducer, focusable, request} = microsoftBasicForm;

const saved = {
	enabled: true,
	verifyServerCertificate: true,
	addCnToVerification: true,
	endpoint: 'https://login.microsoftonline.com/common/oauth2/v2.0',
};

describe('Edit Basic Settings form', () => {
	test('turning Verify off turns CN off and takes it out of the Tab order', () => {
		let state = initialState(saved);
		expect(focusable(state)).toContain('cn');
		state = reducer(state, {type: 'toggle', field: 'verify'});
		expect(request(state)).toMatchObject({verifyServerCertificate: false, addCnToVerification: false});
		expect(focusable(state)).not.toContain('cn');
		// CN cannot be turned on while Verify is off.
		expect(reducer(state, {type: 'toggle', field: 'cn'})).toBe(state);
		// Turning Verify on again does not bring CN back by itself.
		state = reducer(state, {type: 'toggle', field: 'verify'});
		expect(request(state).addCnToVerification).toBe(false);
	});

	test('a saved CN without Verify (inconsistent device state) opens as off', () => {
		const state = initialState({...saved, verifyServerCertificate: false});
		expect(request(state).addCnToVerification).toBe(false);
	});

	test('the tenant picker cycles through the three tenants and fills the endpoint', () => {
		expect(pickTenant(undefined, 1)).toBe('common');
		expect(pickTenant(undefined, -1)).toBe('organizations');
		expect(pickTenant('common', 1)).toBe('consumers');
		expect(pickTenant('organizations', 1)).toBe('common');
		const change = microsoftBasicForm.spec.extraKey?.('tenant', '', {leftArrow: true} as never, {endpoint: saved.endpoint});
		expect(change).toEqual({text: 'endpoint', value: 'https://login.microsoftonline.com/organizations/oauth2/v2.0'});
	});

	test('Tab order wraps round', () => {
		let state = initialState(saved);
		state = reducer(state, {type: 'focus', delta: -1});
		expect(state.focus).toBe('cancel');
		state = reducer(state, {type: 'focus', delta: 1});
		expect(state.focus).toBe('enabled');
	});

	test('field errors move the focus to the first wrong field; typing there clears its error', () => {
		let state = initialState(saved);
		state = reducer(state, {type: 'invalid', errors: {endpoint: 'wrong_host'}});
		expect(state.focus).toBe('endpoint');
		expect(state.notice).toEqual({type: 'check-fields'});
		state = reducer(state, {type: 'text', field: 'endpoint', action: {type: 'insert', text: 'x'}});
		expect(state.errors).toEqual({});
	});
});
