/** A message under a field: what is wrong, in words (in the error tone), indented. */
import {Line} from './line.js';

export function FieldMessage({lines, indent = 4}: {lines: readonly string[]; indent?: number}) {
	return (
		<>
			{lines.map((line, index) => (
				// eslint-disable-next-line react/no-array-index-key
				<Line key={index} tone="error">{' '.repeat(indent) + line}</Line>
			))}
		</>
	);
}
