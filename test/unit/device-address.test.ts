/**
The device address as engineers write it (source/device/device-address.ts): what is accepted and what
it becomes, what is refused and why, and properties: credentials are never in a result (and the
words for a refusal never repeat the address), and the parser is idempotent on its own output.
The same rule decides --device (TUI and scripted), `config set deviceUrl` and the saved preference.
*/
import fc from 'fast-check';
import {describe, expect, it, test} from 'vitest';
import {deviceChoice} from '../../source/cli/command-line.js';
import {
	deviceAddressProblems,
	isLoopbackHost,
	isPlainHttpToNetwork,
	maxDeviceAddressLength,
	parseDeviceAddress,
	type DeviceAddress,
} from '../../source/device/device-address.js';
import {en} from '../../source/i18n/en.js';
import {ja} from '../../source/i18n/ja.js';
import {preferenceRules} from '../../source/config/preferences.js';

function accepted(text: string): DeviceAddress {
	const result = parseDeviceAddress(text);
	expect(result, text).toMatchObject({ok: true});
	return result as DeviceAddress;
}

describe('accepted, as an engineer writes it', () => {
	it.each([
		// No scheme: https (a printer's Remote UI), and /api/v1 added.
		['192.168.1.20', 'https://192.168.1.20/api/v1', 'https://192.168.1.20', false],
		['printer.local', 'https://printer.local/api/v1', 'https://printer.local', false],
		['Printer.Local:8443', 'https://printer.local:8443/api/v1', 'https://printer.local:8443', false],
		['https://printer.local', 'https://printer.local/api/v1', 'https://printer.local', false],
		['https://printer.local/', 'https://printer.local/api/v1', 'https://printer.local', false],
		['HTTPS://PRINTER.local:443', 'https://printer.local/api/v1', 'https://printer.local', false],
		['http://10.0.0.5:8080', 'http://10.0.0.5:8080/api/v1', 'http://10.0.0.5:8080', false],
		['http://10.0.0.5:80', 'http://10.0.0.5/api/v1', 'http://10.0.0.5', false],
		['[fe80::1]', 'https://[fe80::1]/api/v1', 'https://[fe80::1]', false],
		['fe80::1', 'https://[fe80::1]/api/v1', 'https://[fe80::1]', false],
		['[2001:db8::10]:8443', 'https://[2001:db8::10]:8443/api/v1', 'https://[2001:db8::10]:8443', false],
		// Loopback without a scheme: http, as the emulator serves it.
		['127.0.0.1:8480', 'http://127.0.0.1:8480/api/v1', 'http://127.0.0.1:8480', true],
		['localhost:8480', 'http://localhost:8480/api/v1', 'http://localhost:8480', true],
		['127.1.2.3', 'http://127.1.2.3/api/v1', 'http://127.1.2.3', true],
		['[::1]:8480', 'http://[::1]:8480/api/v1', 'http://[::1]:8480', true],
		// ... unless written with https.
		['https://127.0.0.1:8480', 'https://127.0.0.1:8480/api/v1', 'https://127.0.0.1:8480', true],
		// An explicit path is kept (without trailing slashes).
		['http://[::1]:8480/api/v1', 'http://[::1]:8480/api/v1', 'http://[::1]:8480', true],
		['http://127.0.0.1:8480/api/v1/', 'http://127.0.0.1:8480/api/v1', 'http://127.0.0.1:8480', true],
		['https://proxy.example/printers/3f/api/v1', 'https://proxy.example/printers/3f/api/v1', 'https://proxy.example', false],
		// Spaces around it, full-width characters from a Japanese input method.
		['  192.168.1.20\n', 'https://192.168.1.20/api/v1', 'https://192.168.1.20', false],
		['１９２．１６８．１．２０', 'https://192.168.1.20/api/v1', 'https://192.168.1.20', false],
		['ｐｒｉｎｔｅｒ．ｌｏｃａｌ：８４４３', 'https://printer.local:8443/api/v1', 'https://printer.local:8443', false],
		// Internationalized names as the resolver sees them.
		['bücher.example', 'https://xn--bcher-kva.example/api/v1', 'https://xn--bcher-kva.example', false],
	])('%j → %s', (text, url, origin, isLoopback) => {
		const address = accepted(text);
		expect(address).toMatchObject({url, origin, isLoopback});
	});

	it('names scheme, host, port and what to show', () => {
		expect(parseDeviceAddress('printer.local')).toEqual({
			ok: true,
			url: 'https://printer.local/api/v1',
			origin: 'https://printer.local',
			scheme: 'https',
			host: 'printer.local',
			port: 443,
			isLoopback: false,
			display: 'https://printer.local',
		});
		expect(accepted('http://[::1]:8480')).toMatchObject({scheme: 'http', host: '[::1]', port: 8480, display: 'http://[::1]:8480'});
		expect(accepted('https://proxy.example/printers/3f/api/v1').display).toBe('https://proxy.example/printers/3f/api/v1');
	});
});

describe('refused, with the reason', () => {
	it.each([
		['', 'empty'],
		['   ', 'empty'],
		['x'.repeat(maxDeviceAddressLength + 1), 'too_long'],
		['printer .local', 'characters'],
		['printer\u0000.local', 'characters'],
		['printer\u001B[31m.local', 'characters'],
		['printer\u200B.local', 'characters'],
		['http://printer\\@evil.example', 'characters'],
		['http://u:p@192.0.2.10/api/v1', 'credentials'],
		['admin:7654321@192.0.2.10', 'credentials'],
		['admin@printer.local', 'credentials'],
		['ftp://u:p@printer.local', 'credentials'],
		['https://@printer.local', 'credentials'],
		['ftp://printer.local', 'scheme'],
		['javascript:alert(1)', 'scheme'],
		['mailto:admin', 'scheme'],
		['file:///etc/passwd', 'scheme'],
		['http:printer.local', 'scheme'],
		['https:/printer.local', 'scheme'],
		['http://', 'host'],
		['https:///api/v1', 'host'],
		['printer..local', 'host'],
		['printer.local.', 'host'],
		['-printer.local', 'host'],
		['printer_1%41.local', 'host'],
		// What a URL parser would silently read as another address.
		['192.168.1', 'host'],
		['192.168.001.020', 'host'],
		['0x7f.1', 'host'],
		['2130706433', 'host'],
		['256.1.1.1', 'host'],
		['[fe80::1', 'host'],
		['[::1]8480', 'host'],
		['[fe80::1%25eth0]', 'host'],
		['printer.local:0', 'port'],
		['printer.local:65536', 'port'],
		['printer.local:', 'port'],
		['printer.local:http', 'port'],
		['https://printer.local/api/../v1', 'path'],
		['https://printer.local//api', 'path'],
		['https://printer.local/api/%zz', 'path'],
		['https://printer.local/api/"v1"', 'path'],
		['https://printer.local/api/v1?debug=1', 'query'],
		['https://printer.local/#top', 'query'],
	] as const)('%j: %s', (text, problem) => {
		expect(parseDeviceAddress(text)).toEqual({ok: false, problem});
	});

	it('anything that is not text is no address', () => {
		for (const value of [undefined, null, 8480, {}, ['printer.local']]) {
			expect(parseDeviceAddress(value)).toEqual({ok: false, problem: 'empty'});
		}
	});

	it('every problem has words in English and Japanese, and none of them names an address', () => {
		for (const problem of deviceAddressProblems) {
			for (const words of [en.deviceAddress.problems, ja.deviceAddress.problems]) {
				expect(words[problem].length).toBeGreaterThan(5);
				expect(words[problem]).not.toMatch(/192\.0\.2|u:p|admin/);
			}
		}
	});
});

describe('loopback and plain HTTP', () => {
	it.each([
		['localhost', true], ['LOCALHOST', true], ['127.0.0.1', true], ['127.255.0.9', true], ['[::1]', true], ['::1', true],
		['[::ffff:7f00:1]', true], ['128.0.0.1', false], ['localhost.example', false], ['10.0.0.1', false], ['[fe80::1]', false], ['printer.local', false],
	])('%s: %s', (host, loopback) => {
		expect(isLoopbackHost(host)).toBe(loopback);
	});

	it.each([
		['http://192.0.2.10/api/v1', true],
		['http://printer.local:8080/api/v1', true],
		['https://192.0.2.10/api/v1', false],
		['http://127.0.0.1:8480/api/v1', false],
		['http://[::1]:8480/api/v1', false],
		['http://localhost:8480/', false],
		// What cannot be read is treated as unsafe unless it is https.
		['http://192.0.2.10:8080/\u0007api/v1', true],
		['not an address', true],
		['https://not an address', false],
	])('%s: %s', (url, plain) => {
		expect(isPlainHttpToNetwork(url)).toBe(plain);
	});
});

describe('one rule for every entry point', () => {
	it('the saved preference keeps the device API URL of an address, and refuses what --device refuses', () => {
		expect(preferenceRules.deviceUrl('192.168.1.20')).toBe('https://192.168.1.20/api/v1');
		expect(preferenceRules.deviceUrl('  http://192.0.2.10/api/v1\n')).toBe('http://192.0.2.10/api/v1');
		expect(preferenceRules.deviceUrl('http://u:p@192.0.2.10/api/v1')).toBeUndefined();
		expect(preferenceRules.deviceUrl(42)).toBeUndefined();
	});

	it('the TUI: --device, else the saved address, else the built-in device; --emulator wins but a bad --device is refused', () => {
		const saved = 'https://printer.local/api/v1';
		expect(deviceChoice({device: '127.0.0.1:8480', emulator: false}, saved)).toMatchObject({kind: 'device', address: {url: 'http://127.0.0.1:8480/api/v1'}});
		expect(deviceChoice({emulator: false}, saved)).toMatchObject({kind: 'device', address: {url: saved}});
		expect(deviceChoice({emulator: false}, undefined)).toEqual({kind: 'built-in'});
		expect(deviceChoice({emulator: true}, saved)).toEqual({kind: 'built-in'});
		expect(deviceChoice({device: 'printer.local', emulator: true}, saved)).toEqual({kind: 'built-in'});
		expect(deviceChoice({device: 'http://u:p@printer.local', emulator: false}, saved)).toEqual({kind: 'refused', problem: 'credentials'});
		expect(deviceChoice({device: '', emulator: true}, saved)).toEqual({kind: 'refused', problem: 'empty'});
	});
});

// Pieces engineers (and attackers) put into an address.
const hostPart = fc.oneof(
	fc.constantFrom('192.168.1.20', 'printer.local', 'PRINTER.example', '127.0.0.1', 'localhost', '[::1]', '[fe80::1]', 'fe80::1', '10.0.0.5', 'xn--bcher-kva.example', 'bücher.example', '１９２．１６８．１．２０', '192.168.1', '0x7f.1', ''),
	fc.stringMatching(/^[a-z\d-]{1,10}(?:\.[a-z\d-]{1,10}){0,3}$/),
);
const portPart = fc.oneof(fc.constant(''), fc.integer({min: 0, max: 70_000}).map(port => `:${port}`), fc.constantFrom(':', ':http', ':08080'));
const schemePart = fc.constantFrom('', 'http://', 'https://', 'HTTPS://', 'ftp://', 'http:', 'https:/', '//');
const pathPart = fc.oneof(fc.constantFrom('', '/', '/api/v1', '/api/v1/', '/a/../b', '//x', '/%41pi', '/api?x=1', '/#f'), fc.stringMatching(/^(?:\/[\w.~-]{0,6}){0,3}$/));
const secretPart = fc.stringMatching(/^[A-Za-z\d]{4,12}$/).map(text => `S3cr3t${text}`);
const credentialsPart = fc.tuple(fc.constantFrom('admin', 'Administrator', 'u', ''), secretPart).map(([user, password]) => ({user, password}));
const addressText = fc.oneof(
	fc.tuple(schemePart, hostPart, portPart, pathPart).map(parts => parts.join('')),
	fc.string({maxLength: 60}),
	fc.string({unit: 'binary', maxLength: 60}),
);

test('never echoes credentials: an address with them is refused, and no result or words carry them', () => {
	fc.assert(fc.property(schemePart, credentialsPart, hostPart, portPart, pathPart, (scheme, {user, password}, host, port, path) => {
		const text = `${scheme}${user}:${password}@${host}${port}${path}`;
		const result = parseDeviceAddress(text);
		expect(result.ok).toBe(false);
		const shown = JSON.stringify(result);
		const words = result.ok ? '' : `${en.deviceAddress.problems[result.problem]} ${ja.deviceAddress.problems[result.problem]}`;
		expect(shown + words).not.toContain(password);
	}), {numRuns: 2000});
});

test('idempotent on its own output: an accepted address reads back as itself', () => {
	fc.assert(fc.property(addressText, text => {
		const first = parseDeviceAddress(text);
		if (!first.ok) {
			return;
		}

		expect(parseDeviceAddress(first.url)).toEqual(first);
		expect(parseDeviceAddress(first.display)).toEqual(first);
		// What it becomes is a URL as URL parsers read it, with nothing dropped or added.
		expect(new URL(first.url).href.replace(/\/$/, '')).toBe(first.url);
		expect(first.url).not.toMatch(/@|\s|[?#]/);
	}), {numRuns: 3000});
});

test('never throws, whatever is given', () => {
	fc.assert(fc.property(fc.oneof(addressText, fc.anything()), value => {
		const result = parseDeviceAddress(value);
		expect(typeof result.ok).toBe('boolean');
	}), {numRuns: 2000});
});
