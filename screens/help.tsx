/** The list of all keys, over the current screen (? toggles it). */
import {Box, Text} from 'ink';
import {useEnvironment} from '../source/hooks/use-env.js';
import {useKeys} from '../source/hooks/use-keys.js';
import {useTerminalSize} from '../source/hooks/use-terminal-size.js';
import type {Messages} from '../source/i18n/index.js';
import {padToWidth, truncateToWidth, wrapAndClip} from '../source/terminal.js';
import {bodyBudget, Line, ScreenFrame} from './widgets.js';

type Group = {title: string; entries: Array<[keys: string, description: string]>};

export function helpGroups(messages: Messages): Group[][] {
	const words = messages.help;
	return [
		[
			{
				title: words.everywhere,
				entries: [
					['?', words.showHelp],
					['Esc', words.backOrCancel],
					['q', words.quitMenus],
					['Ctrl+C', words.quitAnywhere],
				],
			},
			{
				title: words.menus,
				entries: [
					['↑↓ j k', words.moveItems],
					['Enter', words.openItem],
					['1-9', words.jumpItem],
				],
			},
			{
				title: words.oauth,
				entries: [
					['↑↓ Enter', words.chooseButton],
					['e', words.edit],
					['r', words.refresh],
					['m', messages.testMail.helpEntry],
					['x Del', words.reset],
				],
			},
		],
		[
			{
				title: words.forms,
				entries: [
					['Tab ↑↓', words.moveFields],
					['Shift+Tab', words.moveFields],
					['Space', words.toggle],
					['←→', words.pickTenant],
					['←→ Home End', words.cursor],
					['Bksp Ctrl+U', words.erase],
					['Enter', words.submit],
				],
			},
			{
				title: words.microsoft,
				entries: [
					['c', words.copyCode],
					['u', words.copyUrl],
				],
			},
			{
				title: words.google,
				entries: [
					['a', words.register],
					['u / p', words.copyPrintUrl],
				],
			},
		],
	];
}

const keyColumn = 15;

/** One line of a column of the list: a group's title, a key and what it does, a note, or a gap. */
type HelpRow = {type: 'title' | 'note'; text: string} | {type: 'entry'; keys: string; text: string} | {type: 'gap'};

function columnRows(groups: readonly Group[], width: number, note: readonly string[] = []): HelpRow[] {
	const rows: HelpRow[] = [];
	for (const group of groups) {
		rows.push({type: 'title', text: group.title});
		for (const [keys, description] of group.entries) {
			rows.push({type: 'entry', keys, text: truncateToWidth(description, width - keyColumn)});
		}

		rows.push({type: 'gap'});
	}

	return [...rows, ...note.map(text => ({type: 'note' as const, text}))];
}

/**
The rows that fit `budget` lines: the gaps between groups go first, then the lowest rows (the
note under the right column, then the last groups' keys).
*/
function fitRows(rows: HelpRow[], budget: number): HelpRow[] {
	const fitting = rows.length > budget ? rows.filter(row => row.type !== 'gap') : rows;
	return fitting.slice(0, Math.max(0, budget));
}

function ColumnView({rows, width}: {rows: readonly HelpRow[]; width: number}) {
	return (
		<Box flexDirection="column" width={width} flexShrink={0}>
			{rows.map((row, index) => {
				switch (row.type) {
					case 'title': {
						// eslint-disable-next-line react/no-array-index-key
						return <Line key={index} bold>{truncateToWidth(row.text, width)}</Line>;
					}

					case 'entry': {
						return (
							// eslint-disable-next-line react/no-array-index-key
							<Line key={index}>
								<Text bold>{padToWidth(`  ${row.keys}`, keyColumn)}</Text>
								{row.text}
							</Line>
						);
					}

					case 'note': {
						// eslint-disable-next-line react/no-array-index-key
						return <Line key={index} dim>{row.text}</Line>;
					}

					case 'gap': {
						// eslint-disable-next-line react/no-array-index-key
						return <Line key={index}/>;
					}
				}
			})}
		</Box>
	);
}

export function HelpOverlay({onClose}: {onClose(): void}) {
	const {messages} = useEnvironment();
	const {columns, rows} = useTerminalSize();
	useKeys((_input, key) => {
		if (key.escape) {
			onClose();
		}

		// Everything else waits until the list is closed (? and q are the app's).
		return true;
	});
	const hints = [
		{keys: '?/Esc', label: messages.keys.closeHelp},
		{keys: 'q', label: messages.keys.quit},
	];
	const columnWidth = Math.floor((columns - 2) / 2);
	const [left, right] = helpGroups(messages);
	const leftRows = columnRows(left!, columnWidth);
	const rightRows = columnRows(right!, columnWidth, wrapAndClip(messages.help.quitNote, columnWidth, 3));
	// The title, a blank line under it (dropped first when the lines are short), then the two columns.
	const budget = bodyBudget(hints, columns, rows);
	const longest = Math.max(leftRows.length, rightRows.length);
	const gapUnderTitle = longest + 2 <= budget;
	const columnBudget = budget - (gapUnderTitle ? 2 : 1);

	return (
		<ScreenFrame hints={hints} width={columns}>
			<Line bold>{messages.help.title}</Line>
			{gapUnderTitle ? <Line/> : null}
			<Box flexDirection="row" columnGap={2} flexShrink={0}>
				<ColumnView rows={fitRows(leftRows, columnBudget)} width={columnWidth}/>
				<ColumnView rows={fitRows(rightRows, columnBudget)} width={columnWidth}/>
			</Box>
		</ScreenFrame>
	);
}
