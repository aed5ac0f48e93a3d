import {createContext, useContext, useLayoutEffect, useRef} from 'react';
import type {KeyDispatcher, KeyHandler} from '../input/key-dispatcher.js';

export const KeyDispatcherContext = createContext<KeyDispatcher | undefined>(undefined);
/** The id under which the screens below register their keys (a route, the help, the prompt). */
export const KeyTargetContext = createContext<string>('');

/**
Registers this screen's key handler. The handler should read state through a sync store
(`useSyncStore`) so that keys of one burst see each other's effect. See `KeyTarget` for
`isTyping` and `takesPaste`. While a request of the screen is under way its handler returns
`waitForScreen`: the keys after it wait, and are tried again each time the screen has drawn.
*/
export function useKeys(
	onKey: KeyHandler,
	isTyping: () => boolean = () => false,
	takesPaste: () => boolean = () => false,
): void {
	const dispatcher = useContext(KeyDispatcherContext);
	const id = useContext(KeyTargetContext);
	const latest = useRef({onKey, isTyping, takesPaste});
	useLayoutEffect(() => {
		latest.current = {onKey, isTyping, takesPaste};
		dispatcher?.retry();
	});

	useLayoutEffect(() => {
		if (!dispatcher) {
			return;
		}

		return dispatcher.register(id, {
			onKey: (input, key) => latest.current.onKey(input, key),
			isTyping: () => latest.current.isTyping(),
			takesPaste: () => latest.current.takesPaste(),
		});
	}, [dispatcher, id]);
}
