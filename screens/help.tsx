/**
The list of all keys, over the current screen (? toggles it), built from the key bindings
table (source/input/key-bindings.ts): the current screen's keys first, then everywhere's, then every
other screen's. One column, each description wrapped beside its keys; when the list is taller
than the terminal it scrolls (↑↓ j k, PgUp/PgDn, Space), and the title says which lines show.
*/
import {Box, Text} from 'ink';
import {useEnvironment} from '../source/hooks/use-env.js';
import {useKeys} from '../source/hooks/use-keys.js';
import {useSyncStore} from '../source/hooks/use-sync-store.js';
import {useTerminalSize} from '../source/hooks/use-terminal-size.js';
import type {Messages} from '../source/i18n/index.js';
import {actionFor, helpSections, hintsFor, type Hint, type KeyContext, type KeySection} from '../source/input/key-bindings.js';
import {displayWidth, padToWidth, truncateToWidth, wrapToWidth} from '../source/terminal/terminal.js';
import {bodyBudget, ScreenFrame} from './widgets/screen-frame.js';
import {Line} from './widgets/line.js';
import {ToneText} from './widgets/tone-text.js';

/** One line of the list: a section's title, keys and (the first line of) their description, a continuation, or a gap. */
export type HelpRow =
	| {type: 'title'; text: string}
	| {type: 'entry'; keys: string; text: string}
	| {type: 'gap'};

/** The sections in the order shown: `current` first, then everywhere, then the rest. */
export function orderedSections(messages: Messages, current?: KeyContext): KeySection[] {
	const sections = helpSections(messages);
	const first = (context: KeyContext | undefined) => sections.filter(section => section.context === context);
	return [
		...first(current),
		...(current === 'everywhere' ? [] : first('everywhere')),
		...sections.filter(section => section.context !== current && section.context !== 'everywhere'),
	];
}

const indent = 2;
const keysGap = 2;

/** The width of the keys column: the widest keys, but never more than a third of the line. */
function keyColumnWidth(sections: readonly KeySection[], width: number): number {
	const widest = Math.max(...sections.flatMap(section => section.entries.map(entry => displayWidth(entry.keys))));
	return Math.min(widest, Math.floor(width / 3)) + indent + keysGap;
}

/** Every line of the list at `width` columns: descriptions wrapped beside the keys, never cut. */
export function helpRows(sections: readonly KeySection[], width: number): HelpRow[] {
	const keyColumn = keyColumnWidth(sections, width);
	const textWidth = Math.max(8, width - keyColumn);
	const rows: HelpRow[] = [];
	for (const [index, section] of sections.entries()) {
		if (index > 0) {
			rows.push({type: 'gap'});
		}

		rows.push({type: 'title', text: section.title});
		for (const entry of section.entries) {
			const lines = wrapToWidth(entry.description, textWidth);
			for (const [lineIndex, line] of lines.entries()) {
				rows.push({type: 'entry', keys: lineIndex === 0 ? entry.keys : '', text: line});
			}
		}
	}

	return rows;
}

function RowView({row, width, keyColumn}: {row: HelpRow; width: number; keyColumn: number}) {
	switch (row.type) {
		case 'title': {
			return <Line bold>{truncateToWidth(row.text, width)}</Line>;
		}

		case 'entry': {
			return (
				<Line>
					<Text bold>{padToWidth(truncateToWidth(`${' '.repeat(indent)}${row.keys}`, keyColumn - keysGap), keyColumn)}</Text>
					{row.text}
				</Line>
			);
		}

		case 'gap': {
			return <Line/>;
		}
	}
}

/** The overlay's own keys (the table's `help`), and q, which quits from here too. */
export function helpHints(messages: Messages): Hint[] {
	return [
		...hintsFor(messages, 'help', [], {closing: false}),
		...hintsFor(messages, 'everywhere', ['notTyping'], {closing: false}).filter(hint => hint.keys === 'q'),
	];
}

type ScrollAction = {type: 'by'; delta: number; max: number};

function scrollReducer(offset: number, action: ScrollAction): number {
	return Math.max(0, Math.min(action.max, offset + action.delta));
}

export function HelpOverlay({onClose, context}: {onClose(): void; context?: KeyContext}) {
	const {messages} = useEnvironment();
	const {columns, rows} = useTerminalSize();
	const hints = helpHints(messages);
	const sections = orderedSections(messages, context);
	const width = Math.max(10, columns - 1);
	const list = helpRows(sections, width);
	const keyColumn = keyColumnWidth(sections, width);
	// The title line, then the list.
	const page = Math.max(1, bodyBudget(hints, columns, rows) - 1);
	const max = Math.max(0, list.length - page);
	const [rawOffset, dispatch, getOffset] = useSyncStore(scrollReducer, 0);
	const offset = Math.min(rawOffset, max);
	const maxRef = {max, page};

	useKeys((input, key) => {
		// What a key means comes from the key bindings table (`help`).
		const {max: limit, page: size} = maxRef;
		switch (actionFor('help', input, key)) {
			case 'scroll': {
				dispatch({type: 'by', delta: (key.upArrow || input === 'k' ? -1 : 1) + Math.min(0, limit - getOffset()), max: limit});
				break;
			}

			case 'page': {
				dispatch({type: 'by', delta: (key.pageUp ? -size : size) + Math.min(0, limit - getOffset()), max: limit});
				break;
			}

			case 'close': {
				onClose();
				break;
			}

			default: {
				break;
			}
		}

		// Everything else waits until the list is closed (? and q are the app's).
		return true;
	});

	const shown = list.slice(offset, offset + page);
	const position = list.length > page ? messages.bindings.more(offset + 1, offset + shown.length, list.length) : '';
	const title = messages.help.title;
	const gap = Math.max(2, width - displayWidth(title) - displayWidth(position));

	return (
		<ScreenFrame hints={hints} width={columns}>
			<Line>
				<Text bold>{title}</Text>
				{position ? <ToneText tone="muted">{`${' '.repeat(gap)}${position}`}</ToneText> : null}
			</Line>
			<Box flexDirection="column" flexShrink={0}>
				{shown.map((row, index) => (
					// eslint-disable-next-line react/no-array-index-key
					<RowView key={offset + index} row={row} width={width} keyColumn={keyColumn}/>
				))}
			</Box>
		</ScreenFrame>
	);
}
