/**
The command line of the TUI, `emulator` and `config`. Each expectation is what meow 14 (used
before parseArgs) read from the same arguments, so that no way of writing a command that worked
stopped working; the few cases where they part are at the end.
*/
import {describe, expect, it} from 'vitest';
import {parseCommandLine} from '../../source/cli/command-line.js';

const off = {emulator: false, offline: false, live: false};

describe('command line', () => {
	it.each([
		[[], [], {}],
		[['--device', 'http://192.0.2.1/api/v1'], [], {device: 'http://192.0.2.1/api/v1'}],
		[['--device=http://192.0.2.1/api/v1', '--lang=ja'], [], {device: 'http://192.0.2.1/api/v1', lang: 'ja'}],
		[['--device=a=b'], [], {device: 'a=b'}],
		[['--emulator', '--state', '/tmp/s', '--lang', 'en'], [], {emulator: true, state: '/tmp/s', lang: 'en'}],
		[['emulator', '--port', '0', '--idp-port', '0', '--host', '0.0.0.0', '--live', '--client-id', 'id'], ['emulator'], {port: 0, idpPort: 0, host: '0.0.0.0', live: true, clientId: 'id'}],
		[['emulator', '--port=8080', '--idp-port=8443'], ['emulator'], {port: 8080, idpPort: 8443}],
		[['config', 'set', 'deviceUrl', 'http://192.0.2.1/api/v1'], ['config', 'set', 'deviceUrl', 'http://192.0.2.1/api/v1'], {}],
		[['--lang', 'ja', 'config', 'get'], ['config', 'get'], {lang: 'ja'}],
		[['--lang', 'en', '--', 'x'], ['x'], {lang: 'en'}],
		[['--state', 'a', 'b'], ['b'], {state: 'a'}],
		// Given no value: empty text, no number.
		[['--device'], [], {device: ''}],
		[['--lang='], [], {lang: ''}],
		[['--device', '--lang'], [], {device: '', lang: ''}],
		[['--port'], [], {}],
		[['--port', '--host', 'x'], [], {host: 'x'}],
		[['--port='], [], {port: 0}],
		// Numbers as Number() reads them; a negative number is a value, not an option.
		[['--port', 'abc'], [], {port: Number.NaN}],
		[['--port', ' 5 '], [], {port: 5}],
		[['--port', '1e3'], [], {port: 1000}],
		[['--port', '0x10'], [], {port: 16}],
		[['--port', '-5'], [], {port: -5}],
		[['--device', '-5'], [], {device: '-5'}],
		// On/off flags.
		[['--no-emulator'], [], {}],
		[['--emulator', '--no-emulator'], [], {}],
		[['--emulator=false'], [], {}],
		[['--emulator=foo'], [], {}],
		[['--live=true'], [], {live: true}],
		[['--emulator', 'false'], [], {}],
		[['--emulator', 'true'], [], {emulator: true}],
		[['--emulator', 'foo'], ['foo'], {emulator: true}],
		[['--emulator', '1'], ['1'], {emulator: true}],
		[['--offline=false', '--live'], [], {live: true}],
		// --help and --version count only alone.
		[['emulator', '--help'], ['emulator'], {}],
		[['--help', '--lang', 'en'], [], {lang: 'en'}],
		[['--help=false'], [], {}],
	])('%j', (argv, input, flags) => {
		expect(parseCommandLine(argv)).toEqual({kind: 'run', input, flags: {...off, ...flags}});
	});

	it.each([[['--help']], [['--help=true']]])('help: %j', argv => {
		expect(parseCommandLine(argv)).toEqual({kind: 'help'});
	});

	it.each([[['--version']], [['--version=true']]])('version: %j', argv => {
		expect(parseCommandLine(argv)).toEqual({kind: 'version'});
	});

	it.each([
		[['--bogus'], ['--bogus']],
		[['--bogus=1', '-x'], ['--bogus=1', '-x']],
		[['-h'], ['-h']],
		[['-abc'], ['-abc']],
		[['-'], ['-']],
		[['-5'], ['-5']],
		[['--=x'], ['--=x']],
		[['--hel'], ['--hel']],
		[['--DEVICE', 'x'], ['--DEVICE']],
		[['--idpPort', '7'], ['--idpPort']],
		[['--clientId', 'abc'], ['--clientId']],
		[['--device', '-x'], ['-x']],
		[['--no-emulator=true'], ['--no-emulator=true']],
		[['config', 'set', 'userName', '--x'], ['--x']],
		// After `--`, what looks like an option is refused all the same.
		[['--', '--device', 'x'], ['--device']],
		[['--port', '-1e3'], ['-1e3']],
	])('unknown options, all at once and as written: %j', (argv, options) => {
		expect(parseCommandLine(argv)).toEqual({kind: 'unknown-options', options});
	});

	it.each([
		[['--device', 'a', '--device', 'b'], '--device'],
		[['--device=x', '--device=y'], '--device'],
		[['--port', '5', '--port', '6'], '--port'],
	])('an option that takes a value, given twice: %j', (argv, option) => {
		expect(parseCommandLine(argv)).toEqual({kind: 'repeated-option', option});
	});

	it('repeating an on/off flag is no error', () => {
		expect(parseCommandLine(['--emulator', '--emulator'])).toEqual({kind: 'run', input: [], flags: {...off, emulator: true}});
	});

	// Where meow read nonsense: `--no-device` was `false` in place of a URL, `--no-port` the port 0,
	// and `---device` the device option.
	it.each([[['--no-device']], [['--no-port']], [['---device', 'x']]])('refused where meow read nonsense: %j', argv => {
		expect(parseCommandLine(argv)).toEqual({kind: 'unknown-options', options: [argv[0]]});
	});
});
