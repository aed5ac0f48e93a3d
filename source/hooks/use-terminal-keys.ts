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
			const parsed = text === undefined ? undefined : parseKey(text);
			if (parsed) {
				latest.current(parsed.input, parsed.key);
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
