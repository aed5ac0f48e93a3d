/** A button, drawn as [ label ], with › in front while it has the focus. */
import {ToneText} from './tone-text.js';

export function Button({label, focused}: {label: string; focused: boolean}) {
	return <ToneText tone={focused ? 'focus' : undefined} bold={focused}>{`${focused ? '›' : ' '}[ ${label} ]`}</ToneText>;
}
