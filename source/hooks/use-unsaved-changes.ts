/**
Nothing lost, nothing stale: a form tells the app whether it holds changes the device does not
(q, Esc and [Cancel] then ask "Discard your changes? y/n" first), and a screen learns when it
stops being the top of the menu path (a notice about what it did goes then).
*/
import {createContext, useContext, useLayoutEffect, useRef} from 'react';
import {KeyTargetContext} from './use-keys.js';

export type UnsavedChangesRegistry = {
	/** `isDirty` for the route `id`; returns the unregistration. */
	register(id: string, isDirty: () => boolean): () => void;
};

export const UnsavedChangesContext = createContext<UnsavedChangesRegistry | undefined>(undefined);

/** Registers this form's "anything differs from what the device holds?" for its route. */
export function useUnsavedChanges(isDirty: () => boolean): void {
	const registry = useContext(UnsavedChangesContext);
	const id = useContext(KeyTargetContext);
	const latest = useRef(isDirty);
	useLayoutEffect(() => {
		latest.current = isDirty;
	});
	useLayoutEffect(() => registry?.register(id, () => latest.current()), [registry, id]);
}

/**
True while this screen is the top of the menu path (an overlay such as the help over it does
not change that; a screen opened from it does).
*/
export const RouteOnTopContext = createContext<boolean>(true);

export function useRouteOnTop(): boolean {
	return useContext(RouteOnTopContext);
}

/** While the app asks whether to discard the top screen's changes: the question, drawn in its footer. */
export const DiscardQuestionContext = createContext<string | undefined>(undefined);

export function useDiscardQuestion(): string | undefined {
	return useContext(DiscardQuestionContext);
}
