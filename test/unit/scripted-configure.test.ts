/** The switches `microsoft configure` and `google configure` share (source/scripted/configure.ts). */
import {describe, expect, it} from 'vitest';
import {plainSwitches, switchesOf} from '../../source/scripted/configure.js';

const current = {enabled: true, verifyServerCertificate: true, addCnToVerification: true};

describe('switchesOf', () => {
	it('keeps what the options do not name', () => {
		expect(switchesOf(current, {})).toEqual(current);
	});

	it('turns Add CN off with Verify, as the TUI does, unless it is named', () => {
		expect(switchesOf(current, {verifyServerCertificate: false})).toEqual({enabled: true, verifyServerCertificate: false, addCnToVerification: false});
		expect(switchesOf(current, {verifyServerCertificate: false, addCnToVerification: true}).addCnToVerification).toBe(true);
	});
});

describe('plainSwitches', () => {
	it('takes the three switches and nothing else', () => {
		expect(Object.keys(plainSwitches({...current, endpoint: 'x'} as typeof current))).toEqual(['enabled', 'verifyServerCertificate', 'addCnToVerification']);
	});
});
