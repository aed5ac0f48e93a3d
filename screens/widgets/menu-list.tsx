/** Numbered menu items; the selected one is marked with › (visible without colours too). */
import {Box} from 'ink';
import {Line} from './line.js';
import {ToneText} from './tone-text.js';

export function MenuList({items, selected}: {items: readonly string[]; selected: number}) {
	return (
		<Box flexDirection="column">
			{items.map((item, index) => (
				<Line key={item} bold={index === selected}>
					<ToneText tone={index === selected ? 'focus' : undefined}>{`${index === selected ? '›' : ' '} ${index + 1} ${item}`}</ToneText>
				</Line>
			))}
		</Box>
	);
}
