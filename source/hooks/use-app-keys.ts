/**
One way in for keys: the terminal's keys and pastes go to the app's key dispatcher, which gives
them to whatever is on top (a screen, the help, the password prompt, the discard question, the
Device Certificate screen). Before that: Ctrl+C quits, ? toggles the help, q quits (asking first
if changes would be lost); after it: Esc goes back where the key bindings table says so.
*/
import {useCallback, useMemo, useRef} from 'react';
import type {Key} from 'ink';
import {actionFor, escapeGoesBack, routeContexts} from '../input/key-bindings.js';
import {KeyDispatcher, isCtrlC, type KeyEvent} from '../input/key-dispatcher.js';
import {
	activeTargetId,
	discardTargetId,
	helpTargetId,
	sessionTargetId,
	topRoute,
	type DiscardThen,
	type ShellAction,
	type ShellState,
} from '../tui/shell.js';
import {certificateTargetId} from './use-device-certificate.js';
import {useTerminalKeys} from './use-terminal-keys.js';

export type AppKeyActions = {
	quit: () => Promise<void>;
	dispatch: (action: ShellAction) => void;
	leave: (then: DiscardThen) => void;
};

/** The keys every screen shares, before the screen on top gets them: true when taken. */
function globalKey({input, key}: KeyEvent, actions: AppKeyActions): boolean {
	// What a key means comes from the key bindings table (source/input/key-bindings.ts).
	switch (actionFor('everywhere', input, key, ['notTyping'])) {
		case 'help': {
			actions.dispatch({type: 'toggle-help'});
			return true;
		}

		case 'quit': {
			actions.leave('quit');
			return true;
		}

		default: {
			return false;
		}
	}
}

/** The app's key dispatcher (for `KeyDispatcherContext`), fed from the terminal. */
export function useAppKeys(getShell: () => ShellState, certificateShown: boolean, actionsNow: AppKeyActions): KeyDispatcher {
	// While the Device Certificate screen asks (over Log In), it gets the keys.
	const certificateShownRef = useRef(false);
	certificateShownRef.current = certificateShown;

	// The dispatcher lives as long as the app; it reaches the latest callbacks through a ref.
	const actions = useRef(actionsNow);
	actions.current = actionsNow;
	const dispatcher = useMemo(() => new KeyDispatcher({
		activeTarget() {
			const target = activeTargetId(getShell());
			return certificateShownRef.current && target !== undefined && target !== helpTargetId ? certificateTargetId : target;
		},
		before(targetId: string, event: KeyEvent, typing: boolean) {
			// The discard question takes every key (Ctrl+C is handled before the dispatcher).
			if (typing || targetId === discardTargetId) {
				return false;
			}

			return globalKey(event, actions.current);
		},
		after(targetId: string, {key}: KeyEvent) {
			if (key.escape && targetId !== helpTargetId && targetId !== sessionTargetId && targetId !== discardTargetId) {
				// Esc goes back only where the table says so (not on Log In or the Portal).
				if (escapeGoesBack(routeContexts[topRoute(getShell()).name])) {
					actions.current.leave('back');
				}
			}
		},
	}), [getShell]);

	const onInput = useCallback((input: string, key: Key) => {
		if (isCtrlC(input, key)) {
			void actions.current.quit();
			return;
		}

		dispatcher.push(input, key);
	}, [dispatcher]);
	useTerminalKeys(onInput, text => {
		dispatcher.paste(text);
	});

	return dispatcher;
}
