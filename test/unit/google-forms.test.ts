import {describe, expect, test} from 'vitest';
import {googleBasicForm} from '../../source/forms/google-basic-form.js';
import {codeFormReducer, initialCodeFormState} from '../../source/forms/authorization-code-form.js';
import {textValue} from '../../source/input/text-input.js';

const {initialState, reducer, request, spec} = googleBasicForm;

const saved = {
	enabled: true,
	verifyServerCertificate: true,
	addCnToVerification: false,
	clientId: '1234-abc.apps.googleusercontent.com',
	clientSecretSet: true,
};

function typed(state: ReturnType<typeof initialState>, field: 'clientId' | 'clientSecret', text: string) {
	return reducer(state, {type: 'text', field, action: {type: 'insert', text}});
}

describe('Edit Basic Settings form (Google)', () => {
	test('opens with the client ID and an empty secret field; Tab visits both', () => {
		const state = initialState(saved);
		expect(textValue(state.texts.clientId)).toBe(saved.clientId);
		expect(textValue(state.texts.clientSecret)).toBe('');
		expect(googleBasicForm.focusable(state)).toEqual(['enabled', 'verify', 'cn', 'clientId', 'clientSecret', 'ok', 'cancel']);
	});

	test('an empty secret is left out of the request (the device keeps its own)', () => {
		const state = initialState(saved);
		expect(request(state)).toEqual({enabled: true, verifyServerCertificate: true, addCnToVerification: false, clientId: saved.clientId});
		expect(request(typed(state, 'clientSecret', 'GOCSPX-x'))).toMatchObject({clientSecret: 'GOCSPX-x'});
	});

	test('a secret is needed only when none is stored', () => {
		const fresh = initialState({...saved, clientSecretSet: false});
		expect(spec.validate(request(fresh), fresh.base)).toEqual({clientSecret: 'secret_required'});
		const stored = initialState(saved);
		expect(spec.validate(request(stored), stored.base)).toEqual({});
	});

	test('errors go to their fields, typing there clears them; the typed secret is forgotten once saved', () => {
		let state = typed(initialState(saved), 'clientSecret', 'GOCSPX-x');
		state = reducer(state, {type: 'invalid', errors: {clientId: 'invalid_client_id', clientSecret: 'too_long'}});
		expect(state.focus).toBe('clientId');
		state = typed(state, 'clientId', 'x');
		expect(state.errors).toEqual({clientSecret: 'too_long'});
		state = reducer(state, {type: 'saved'});
		expect(textValue(state.texts.clientSecret)).toBe('');
		expect(textValue(state.texts.clientId)).toBe(`${saved.clientId}x`);
	});
});

describe('Register Authorization Information form', () => {
	test('Tab order: URL, code, OK, Cancel, round', () => {
		let state = initialCodeFormState();
		const order: string[] = [];
		for (let index = 0; index < 5; index++) {
			order.push(state.focus);
			state = codeFormReducer(state, {type: 'focus', delta: 1});
		}

		expect(order).toEqual(['url', 'code', 'ok', 'cancel', 'url']);
	});

	test('typing clears the error; a used code leaves nothing behind', () => {
		let state = codeFormReducer(initialCodeFormState(), {type: 'invalid', error: {code: 'state_mismatch'}});
		expect(state.focus).toBe('code');
		state = codeFormReducer(state, {type: 'text', action: {type: 'insert', text: '4/0Aabc'}});
		expect(state.error).toBeUndefined();
		state = codeFormReducer(state, {type: 'done'});
		expect(textValue(state.code)).toBe('');
	});
});
