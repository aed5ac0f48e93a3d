/**
The help of the scripted commands (`cloudmail-setup <command> --help`), in the language of the
messages: the words are the i18n tables' (`scriptedHelp`), the exit codes exit-codes.ts's.
*/
import {en} from '../i18n/en.js';
import type {Messages} from '../i18n/index.js';
import {exitCodeMeanings} from './exit-codes.js';
import type {ScriptedCommandName} from './options.js';

function exitCodeLines(words: Messages['scriptedHelp']): string {
	const lines = exitCodeMeanings.map(([code, meaning]) => `  ${String(code).padStart(3)}  ${words.exitCodeMeanings[code] ?? meaning}`);
	return `\n${words.exitCodes}\n${lines.join('\n')}\n`;
}

export function scriptedHelp(command: ScriptedCommandName | undefined, messages: Messages = en): string {
	const words = messages.scriptedHelp;
	const selected = command === undefined ? Object.values(words.commands) : [words.commands[command]];
	return `\n${words.usage}${selected.join('')}${words.common}${exitCodeLines(words)}`;
}
