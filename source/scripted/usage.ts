/** The help of the scripted commands (`cloudmail-setup <command> --help`). */
import {exitCodeMeanings} from './exit-codes.js';
import type {ScriptedCommandName} from './options.js';

const common = `
	Common options
	  --device ADDRESS      the device: 192.168.1.20, printer.local, https://printer.local
	                        (no scheme: https, but http for loopback; no path: /api/v1);
	                        else the saved deviceUrl, else the built-in emulated device,
	                        offline; --emulator forces the built-in one
	  --allow-insecure-http send the password over plain HTTP to an address that is not
	                        loopback (refused otherwise, exit 2)
	  --device-fingerprint FP
	                        https: trust the device certificate with this SHA-256
	                        fingerprint (SHA256:… or AB:CD:…, as the device shows it);
	                        else the saved pin (config unpin ADDRESS forgets one)
	  --ca FILE             https: also trust certificates issued by this device CA (PEM)
	  --state DIR           where the built-in emulated device keeps its state
	  --user NAME           administrator user name (else the saved userName, else Administrator)
	  --password-stdin      read the password from the first line of stdin
	                        (else CLOUDMAIL_PASSWORD, else a prompt on the terminal; never argv)
	  --lang ja|en          language of the messages
	  --json                print exactly one JSON document on stdout (errors too)
`;

const commands: Record<ScriptedCommandName, string> = {
	status: `
	  $ cloudmail-setup status [--json]
	    Both providers: basic settings, connection, pending authorization, token.
`,
	'microsoft configure': `
	  $ cloudmail-setup microsoft configure [--tenant common|consumers|organizations]
	        [--verify-cert|--no-verify-cert] [--add-cn|--no-add-cn] [--enable|--disable] [--json]
	    Edit Basic Settings; what is not given keeps the device's value. Sends nothing
	    when nothing changes ("changed": false).
`,
	'microsoft authorize': `
	  $ cloudmail-setup microsoft authorize [--wait] [--json]
	    A user code to sign in with (a new one if none is pending); --wait waits until
	    Token Status is Active, the code expires or the sign-in is declined.
`,
	'google configure': `
	  $ cloudmail-setup google configure [--client-id ID] [--client-secret-stdin]
	        [--verify-cert|--no-verify-cert] [--add-cn|--no-add-cn] [--enable|--disable] [--json]
	    Edit Basic Settings; the client secret only from stdin (a given secret always counts
	    as a change: it cannot be compared with the stored one).
`,
	'google authorize': `
	  $ cloudmail-setup google authorize [--print-url] [--code CODE_OR_URL | --code-stdin] [--json]
	    Without a code: the URL for Google Authorization Server. With the code, or the whole
	    address of the page the browser lands on: checked, then exchanged by the device.
`,
	'test-mail': `
	  $ cloudmail-setup test-mail --provider microsoft|google --to ADDRESS [--json]
	    The device sends a test message with its current token and reports the server's reply.
`,
	'password change': `
	  $ cloudmail-setup password change [--new-password-stdin] [--json]
	    Changes the administrator password (a device with the factory default password
	    allows nothing else). The current one is the log-in password; the new one from the
	    next line of stdin, else CLOUDMAIL_NEW_PASSWORD, else asked twice on the terminal.
	    8-64 printable ASCII characters, not the factory default, not the user name.
`,
};

function exitCodeLines(): string {
	const lines = exitCodeMeanings.map(([code, meaning]) => `\t  ${String(code).padStart(3)}  ${meaning}`);
	return `\n\tExit codes\n${lines.join('\n')}\n`;
}

function dedent(text: string): string {
	return text.replaceAll(/^\t/gm, '');
}

export function scriptedHelp(command: ScriptedCommandName | undefined): string {
	const selected = command === undefined ? Object.values(commands) : [commands[command]];
	return dedent(`\n\tUsage${selected.join('')}${common}${exitCodeLines()}`);
}
