import {useEffect, useRef} from 'react';
import {useStdin} from 'ink';
import {createControlStringFilter, parseKey} from './parse-key.js';
import type {KeyHandler} from './key-dispatcher.js';

/**
Every key the terminal sends, to one handler, while `active`. Used instead of Ink's
`useInput` (see parse-key.ts): it listens to the same event Ink's own hook listens to, puts
the terminal in raw mode the same way, and never throws on an odd escape sequence.
*/
export function useTerminalKeys(handler: KeyHandler, active = true): void {
	const {setRawMode, internal_eventEmitter: events} = useStdin();
	const latest = useRef(handler);
	latest.current = handler;

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

		const controlStrings = createControlStringFilter();
		let endOfRead: NodeJS.Immediate | undefined;
		const onInput = (data: unknown) => {
			// Events of one read arrive together; the read ends before the next turn.
			endOfRead ??= setImmediate(() => {
				endOfRead = undefined;
				controlStrings.endOfRead();
			});
			const text = controlStrings.filter(typeof data === 'string' ? data : String(data));
			if (text === undefined) {
				return;
			}

			for (const part of splitTrailingEnter(text)) {
				const parsed = parseKey(part);
				if (parsed) {
					latest.current(parsed.input, parsed.key);
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

/**
Text typed faster than the terminal reads it arrives as one run: a password and Enter, or a
line pasted with its line break. A run that ends in a line break is that text, then Enter.
Line breaks inside a run stay in it (text fields drop them: a paste is never several Enters).
*/
export function splitTrailingEnter(data: string): string[] {
	const match = /^([^\u001B][\s\S]*?)(\r\n|\r|\n)$/.exec(data);
	return match && match[1] !== '' ? [match[1]!, '\r'] : [data];
}
