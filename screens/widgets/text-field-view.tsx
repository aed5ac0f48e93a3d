/**
A one-line text field with its cursor (drawn in the focus tone, inverse, while focused).
`mask` draws one `•` per character instead of the text.
*/
import {Text} from 'ink';
import {visibleWindow, type TextInputState} from '../../source/input/text-input.js';
import {displayWidth, truncateToWidth} from '../../source/terminal/terminal.js';
import {ToneText} from './tone-text.js';

export function TextFieldView({state, focused, width, mask}: {
	state: TextInputState;
	focused: boolean;
	width: number;
	mask?: boolean;
}) {
	const display = mask ? () => '•' : (character: string) => character;
	if (!focused) {
		const shown = state.chars.map(display).join('');
		return <Text>{truncateToWidth(shown, width)}</Text>;
	}

	const {before, atCursor, after} = visibleWindow(state, width, display, displayWidth);
	return (
		<Text>
			{before}
			<ToneText tone="focus">{atCursor}</ToneText>
			{after}
		</Text>
	);
}
