/**
`cloudmail-setup emulator --help`: every option of the emulator command, in the engineer's
language (i18n tables: en, ja), wrapped to the terminal's width (80 columns by default; Japanese
measured in columns, as the terminal draws it). Light on purpose: nothing of the emulator is
loaded and nothing is bound to print it.
*/
import stringWidth from 'string-width';
import type {Messages} from '../i18n/index.js';

/** Closing punctuation a line must not start with (Japanese line breaking, kinsoku). */
const noLineStart = new Set([...'。、)」』,.;:!?']);

/** `text` in lines of at most `width` columns: between words (English) or characters (Japanese). */
export function wrapText(text: string, width: number): string[] {
	const tokens = text.match(/[\u0021-\u007E]+|\s+|./gu) ?? [];
	const lines: string[] = [];
	let line = '';
	for (const token of tokens) {
		if (stringWidth(line + token) <= width || line.trim() === '' || (noLineStart.has(token) && stringWidth(line + token) <= width + 2)) {
			line = line.trim() === '' ? token.trimStart() : line + token;
			continue;
		}

		lines.push(line.trimEnd());
		line = token.trimStart();
	}

	if (line.trim() !== '') {
		lines.push(line.trimEnd());
	}

	return lines;
}

/** The usage text, ending with a newline. `stateDirectory`: the default --state; `columns`: the terminal's width. */
export function emulatorUsage(messages: Messages, stateDirectory: string, columns = 80): string {
	const words = messages.emulatorCommand;
	const width = Math.max(40, Math.min(columns, 120) - 1);
	const options: Array<[string, string]> = [
		['--port N', words.port],
		['--idp-port N', words.idpPort],
		['--host ADDR', words.host],
		['--state DIR', words.state(stateDirectory)],
		['--offline', words.offline],
		['--live', words.live],
		['--client-id ID', words.clientId],
		['--tls', words.tls],
		['--tls-regenerate', words.tlsRegenerate],
		['--dev-default-password', words.devDefaultPassword],
		['--lang ja|en', words.lang],
		['--help', words.help],
	];
	const indent = '    ';
	const column = 18;
	const hanging = indent + ' '.repeat(column);
	const lines = options.flatMap(([option, text]) => {
		const described = wrapText(text, width - hanging.length).map(part => hanging + part);
		if (stringWidth(option) < column - 1) {
			described[0] = `${indent}${option.padEnd(column)}${described[0]!.slice(hanging.length)}`;
			return described;
		}

		return [`${indent}${option}`, ...described];
	});
	const paragraph = (text: string): string[] => wrapText(text, width - 2).map(part => `  ${part}`);
	return [
		'',
		`  ${words.usage}`,
		'    $ cloudmail-setup emulator [options]',
		'',
		...paragraph(words.summary),
		'',
		`  ${words.options}`,
		...lines,
		'',
		...paragraph(words.busyHint),
		'',
	].join('\n') + '\n';
}
