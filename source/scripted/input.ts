/**
Secrets come in without touching argv: the administrator password from --password-stdin, the
CLOUDMAIL_PASSWORD environment variable or a hidden prompt on the terminal; a client secret or
an authorization code from stdin. When stdin carries more than one, the password is the first
line and the other the second.
*/
import type {Messages} from '../i18n/index.js';
import {ScriptedFailure, usageFailure} from './failure.js';

export const passwordVariable = 'CLOUDMAIL_PASSWORD';
/** More than any password, secret or pasted redirect URL; a runaway pipe is cut off. */
const maxStdinBytes = 64 * 1024;

export type Input = NodeJS.ReadableStream & {isTTY?: boolean; setRawMode?(mode: boolean): unknown};

export async function readStdinLines(stdin: Input): Promise<string[]> {
	let text = '';
	for await (const chunk of stdin) {
		text += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8');
		if (text.length > maxStdinBytes) {
			break;
		}
	}

	const lines = text.slice(0, maxStdinBytes).split('\n').map(line => line.replace(/\r$/, ''));
	// The line break after the last line does not start another one.
	if (lines.at(-1) === '') {
		lines.pop();
	}

	return lines;
}

/**
Reads a line without echoing it, from a terminal in raw mode. Backspace erases, Ctrl+U clears,
Ctrl+C rejects (the caller logs out and ends as on SIGINT), other control characters and
escape sequences are ignored.
*/
export async function promptHidden(prompt: string, input: Input, output: {write(text: string): unknown}, onInterrupt: () => ScriptedFailure): Promise<string> {
	output.write(prompt);
	input.setRawMode?.(true);
	input.setEncoding('utf8');
	input.resume();
	return new Promise((resolve, reject) => {
		let value = '';
		let escape = false;
		const finish = (): void => {
			input.off('data', onData);
			input.setRawMode?.(false);
			input.pause();
			output.write('\n');
		};

		function onData(chunk: string | Buffer): void {
			for (const character of String(chunk)) {
				if (escape) {
					// An escape sequence (a function key, a bracketed paste marker) ends at its final byte.
					escape = !/[@-~]/.test(character) || character === '[';
					continue;
				}

				switch (character) {
					case '\r':
					case '\n': {
						finish();
						resolve(value);
						return;
					}

					case '\u0003': {
						finish();
						reject(onInterrupt());
						return;
					}

					case '\u0008':
					case '\u007F': {
						value = [...value].slice(0, -1).join('');
						break;
					}

					case '\u0015': {
						value = '';
						break;
					}

					case '\u001B': {
						escape = true;
						break;
					}

					default: {
						if (character >= ' ') {
							value += character;
						}
					}
				}
			}
		}

		input.on('data', onData);
	});
}

export type Secrets = {password: string; second: string | undefined};

/**
The password and, when `second` names one (the client secret, the authorization code), the
line that carries it: both read before anything is sent. On a terminal each is asked for
without echo instead of read to the end of stdin.
*/
export async function readSecrets(options: {
	messages: Messages;
	passwordStdin: boolean;
	second: 'clientSecret' | 'authorizationCode' | 'newPassword' | undefined;
	environment: NodeJS.ProcessEnv;
	stdin: Input;
	stderr: {write(text: string): unknown};
	passwordPrompt: string;
	onInterrupt: () => ScriptedFailure;
}): Promise<Secrets> {
	const words = options.messages.scripted;
	const terminal = options.stdin.isTTY === true;
	const needed = (options.passwordStdin ? 1 : 0) + (options.second ? 1 : 0);
	const lines = !terminal && needed > 0 ? await readStdinLines(options.stdin) : [];
	const ask = async (prompt: string): Promise<string> => promptHidden(prompt, options.stdin, options.stderr, options.onInterrupt);
	const fromStdin = async (flag: string, prompt: string): Promise<string> => {
		const line = terminal ? await ask(prompt) : lines.shift();
		if (line === undefined || line === '') {
			throw usageFailure(words.usage.nothingOnStdin(flag));
		}

		return line;
	};

	let password: string;
	if (options.passwordStdin) {
		password = await fromStdin('--password-stdin', options.passwordPrompt);
	} else if (options.environment[passwordVariable] !== undefined) {
		password = options.environment[passwordVariable];
	} else if (terminal) {
		password = await ask(options.passwordPrompt);
	} else {
		throw usageFailure(words.usage.noPassword);
	}

	let second: string | undefined;
	if (options.second === 'clientSecret') {
		second = await fromStdin('--client-secret-stdin', words.secretPrompt);
	} else if (options.second === 'authorizationCode') {
		second = await fromStdin('--code-stdin', words.codePrompt);
	} else if (options.second === 'newPassword') {
		second = await fromStdin('--new-password-stdin', words.newPasswordPrompt);
	}

	return {password, second};
}
