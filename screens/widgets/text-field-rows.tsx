/** A text field under its label (with a muted `note` after it), and what is wrong with it under it. */
import type {FieldErrorCode} from '../../source/device/contract-values.js';
import type {TextInputState} from '../../source/input/text-input.js';
import {displayWidth, truncateToWidth} from '../../source/terminal/terminal.js';
import {FieldError} from './field-error.js';
import {focusMark} from './focus-mark.js';
import {Line} from './line.js';
import {TextFieldView} from './text-field-view.js';
import {ToneText} from './tone-text.js';

export function TextFieldRows({label, note, state, focused, error, width, mask}: {
	label: string;
	note?: string;
	state: TextInputState;
	focused: boolean;
	error: FieldErrorCode | undefined;
	width: number;
	mask?: boolean;
}) {
	// Cut here, not by Ink: its truncation can leave a line one column too wide when a
	// full-width character is where it cuts.
	const shownLabel = truncateToWidth(label, width - 2);
	const noteRoom = width - 2 - displayWidth(shownLabel);
	const shownNote = note && noteRoom > 4 ? truncateToWidth(`  (${note})`, noteRoom) : '';
	return (
		<>
			<Line>
				{`  ${shownLabel}`}
				{shownNote ? <ToneText tone="muted">{shownNote}</ToneText> : null}
			</Line>
			<Line>
				{focusMark(focused)}
				<TextFieldView mask={mask} state={state} focused={focused} width={width - 4}/>
			</Line>
			<FieldError code={error} width={width}/>
		</>
	);
}
