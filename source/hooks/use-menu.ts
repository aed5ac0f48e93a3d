import type {Key} from 'ink';
import {actionFor, type KeyContext} from '../input/key-bindings.js';
import {useSyncStore} from './use-sync-store.js';

type MenuAction = {type: 'move'; delta: number; count: number} | {type: 'set'; index: number};

function menuReducer(index: number, action: MenuAction): number {
	if (action.type === 'set') {
		return action.index;
	}

	if (action.count <= 0) {
		return 0;
	}

	return (index + action.delta + action.count) % action.count;
}

/**
A numbered menu: ↑/↓ and k/j move (wrapping round), Enter opens, a digit opens that item.
Returns the selected index and a key handler (true when it used the key).
*/
export function useMenu(
	count: number,
	onOpen: (index: number) => void,
	context: KeyContext = 'menu',
): {index: number; onKey: (input: string, key: Key) => boolean} {
	const [index, dispatch, get] = useSyncStore(menuReducer, 0);

	// What a key means comes from the key bindings table (source/input/key-bindings.ts).
	const onKey = (input: string, key: Key): boolean => {
		switch (actionFor(context, input, key)) {
			case 'move': {
				dispatch({type: 'move', delta: key.upArrow || input === 'k' ? -1 : 1, count});
				return true;
			}

			case 'open': {
				onOpen(Math.min(get(), count - 1));
				return true;
			}

			case 'jump': {
				const chosen = Number(input) - 1;
				if (chosen < count) {
					dispatch({type: 'set', index: chosen});
					onOpen(chosen);
				}

				return true;
			}

			default: {
				return false;
			}
		}
	};

	return {index: Math.min(index, Math.max(0, count - 1)), onKey};
}
