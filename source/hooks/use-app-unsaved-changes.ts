/**
The app's side of "Discard your changes? y/n": forms register whether they hold changes the
device does not (hooks/use-unsaved-changes.ts); going back, quitting or logging out asks first
when the top screen does, and goes on only after y. Ctrl+C never asks.
*/
import {useCallback, useMemo, useRef} from 'react';
import {topRoute, type DiscardThen, type ShellAction, type ShellState} from '../tui/shell.js';
import type {UnsavedChangesRegistry} from './use-unsaved-changes.js';

export type AppUnsavedChanges = {
	/** For `UnsavedChangesContext`. */
	registry: UnsavedChangesRegistry;
	/** Back, quit or log out, after asking if the top screen holds changes the device does not. */
	leave(then: DiscardThen): void;
	/** The answer to the question: y goes on to what was asked for, n stays. */
	answerDiscard(discard: boolean): void;
};

export function useAppUnsavedChanges({dispatch, getShell, quit, logOut}: {
	dispatch: (action: ShellAction) => void;
	getShell: () => ShellState;
	quit: () => Promise<void>;
	logOut: () => Promise<void>;
}): AppUnsavedChanges {
	const dirtyChecks = useRef(new Map<string, () => boolean>());
	const registry = useMemo<UnsavedChangesRegistry>(() => ({
		register(id, isDirty) {
			dirtyChecks.current.set(id, isDirty);
			return () => {
				if (dirtyChecks.current.get(id) === isDirty) {
					dirtyChecks.current.delete(id);
				}
			};
		},
	}), []);

	const goOn = useCallback((then: DiscardThen) => {
		switch (then) {
			case 'back': {
				dispatch({type: 'pop'});
				break;
			}

			case 'quit': {
				void quit();
				break;
			}

			case 'logout': {
				void logOut();
				break;
			}
		}
	}, [dispatch, quit, logOut]);

	const leave = useCallback((then: DiscardThen) => {
		const shellNow = getShell();
		if (shellNow.busy) {
			return;
		}

		const top = topRoute(shellNow);
		if (dirtyChecks.current.get(top.id)?.()) {
			dispatch({type: 'ask-discard', then});
			return;
		}

		goOn(then);
	}, [dispatch, getShell, goOn]);

	const answerDiscard = (discard: boolean) => {
		const then = getShell().confirmDiscard;
		dispatch({type: 'discard-answered'});
		if (discard && then) {
			goOn(then);
		}
	};

	return {registry, leave, answerDiscard};
}
