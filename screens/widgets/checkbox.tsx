/** A checkbox, drawn as [x] label, with the focus mark in front and a muted note after it. */
import {focusMark} from './focus-mark.js';
import {Line} from './line.js';
import {ToneText} from './tone-text.js';

export function Checkbox({label, checked, focused, disabled, note}: {
	label: string;
	checked: boolean;
	focused: boolean;
	disabled?: boolean;
	note?: string;
}) {
	return (
		<Line dim={disabled}>
			{focusMark(focused)}
			<ToneText tone={focused ? 'focus' : undefined}>{`[${checked ? 'x' : ' '}] ${label}`}</ToneText>
			{note ? <ToneText tone="muted">{`  ${note}`}</ToneText> : null}
		</Line>
	);
}
