import {useCallback, useRef, useState} from 'react';

/**
A reducer whose current state can be read synchronously. Key handlers read it with `get()`
instead of a value captured at render time: keystrokes that arrive in one burst (fast typing,
a paste, arrow + Enter in one read) are each applied to the state the previous one left,
so none is lost or applied to a stale state.

`reducer` must be a module-level function (it is captured once).
*/
export function useSyncStore<State, Action>(
	reducer: (state: State, action: Action) => State,
	initial: State | (() => State),
): readonly [State, (action: Action) => void, () => State] {
	const [state, setState] = useState(initial);
	const ref = useRef(state);
	const reducerRef = useRef(reducer);

	const dispatch = useCallback((action: Action) => {
		const next = reducerRef.current(ref.current, action);
		if (!Object.is(next, ref.current)) {
			ref.current = next;
			setState(next);
		}
	}, []);

	const get = useCallback(() => ref.current, []);

	return [state, dispatch, get] as const;
}
