/**
The emulator's start-up parts on their own: where offline connections are routed
(offline-routes.ts) and how a bound address is written in a URL (device-server.ts).
*/
import {describe, expect, it} from 'vitest';
import {urlHost} from '../../source/emulator/device-server.js';
import {offlineRoute, offlineSmtpRoute, withOrigin} from '../../source/emulator/offline-routes.js';

describe('offline routes', () => {
	it('sends the authorization servers, any case, to where the identity provider listens', () => {
		const route = offlineRoute('https://localhost:8443');
		expect(route('login.microsoftonline.com')).toEqual({host: '127.0.0.1', port: 8443});
		expect(route('OAUTH2.googleapis.com')).toEqual({host: '127.0.0.1', port: 8443});
		expect(route('example.com')).toBeUndefined();
		expect(offlineRoute('https://[::1]')('accounts.google.com')).toEqual({host: '::1', port: 443});
	});

	it('sends the SMTP servers to its SMTP ports, and nowhere without them', () => {
		const ports = {microsoft: 2587, google: 3587};
		expect(offlineSmtpRoute('https://127.0.0.1:8443', ports)('smtp.office365.com')).toEqual({host: '127.0.0.1', port: 2587});
		expect(offlineSmtpRoute('https://127.0.0.1:8443', ports)('smtp.gmail.com')).toEqual({host: '127.0.0.1', port: 3587});
		expect(offlineSmtpRoute('https://127.0.0.1:8443', undefined)('smtp.gmail.com')).toBeUndefined();
	});

	it('shows a URL with the public origin, path and query kept', () => {
		expect(withOrigin('https://accounts.google.com/o/oauth2/v2/auth?state=a#x', 'https://printer-idp.local:9443')).toBe('https://printer-idp.local:9443/o/oauth2/v2/auth?state=a#x');
	});
});

describe('urlHost', () => {
	it('names a wildcard bind as 127.0.0.1 and puts IPv6 in brackets', () => {
		expect(urlHost('0.0.0.0')).toBe('127.0.0.1');
		expect(urlHost('::')).toBe('127.0.0.1');
		expect(urlHost('::1')).toBe('[::1]');
		expect(urlHost('192.0.2.7')).toBe('192.0.2.7');
	});
});
