import {writeSync} from 'node:fs';
import process from 'node:process';
import {useEffect, useRef} from 'react';
import {useStdin, type Key} from 'ink';
import {createKeyReader} from '../input/parse-key.js';

/**
Every key the terminal sends, to `onKey`, and every bracketed paste, to `onPaste` (without it a
paste is dropped), while `active`. Used instead of Ink's `useInput` (see parse-key.ts): it
listens to the same event Ink's own hook listens to, puts the terminal in raw mode the same way,
never throws on an odd escape sequence, and gives the keys of one read one by one, in order.
*/
export function useTerminalKeys(
	onKey: (input: string, key: Key) => void,
	onPaste?: (text: string) => void,
	active = true,
): void {
	const {setRawMode, internal_eventEmitter: events} = useStdin();
	const latest = useRef({onKey, onPaste});
	latest.current = {onKey, onPaste};

	useEffect(() => {
		if (!active) {
			return;
		}

		setRawMode(true);
		return () => {
			setRawMode(false);
		};
	}, [active, setRawMode]);

	useEffect(() => {
		if (!active || !events) {
			return;
		}

		const reader = createKeyReader();
		let endOfRead: NodeJS.Immediate | undefined;
		const onInput = (data: unknown) => {
			// Events of one read arrive together; the read ends before the next turn.
			endOfRead ??= setImmediate(() => {
				endOfRead = undefined;
				reader.endOfRead();
			});
			for (const input of reader.read(typeof data === 'string' ? data : String(data))) {
				if (input.kind === 'paste') {
					latest.current.onPaste?.(input.text);
				} else {
					latest.current.onKey(input.input, input.key);
				}
			}
		};

		events.on('input', onInput);
		return () => {
			events.off('input', onInput);
			if (endOfRead) {
				clearImmediate(endOfRead);
			}
		};
	}, [active, events]);
}

const bracketedPasteOn = '\u001B[?2004h';
const bracketedPasteOff = '\u001B[?2004l';

/**
Turns the terminal's bracketed paste mode on (DECSET 2004: a paste then comes as ESC[200~ text
ESC[201~, which `createKeyReader` reads as one paste) and returns the function that turns it off.
That function also runs when the process exits in any other way (an uncaught error, a signal
that ends it), written synchronously so that it is not lost; a terminal that is gone (SIGHUP) is
ignored. Without this the shell after the program would get every paste wrapped in markers.
*/
export function enableBracketedPaste(output: {fd: number} = process.stdout): () => void {
	let on = true;
	const write = (text: string): void => {
		try {
			writeSync(output.fd, text);
		} catch {
			// The terminal is gone (hang-up): nothing left to restore.
		}
	};

	const off = (): void => {
		if (!on) {
			return;
		}

		on = false;
		process.off('exit', off);
		write(bracketedPasteOff);
	};

	write(bracketedPasteOn);
	process.on('exit', off);
	return off;
}
