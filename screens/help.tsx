/** The list of all keys, over the current screen (? toggles it). */
import {Box, Text} from 'ink';
import {useEnvironment} from '../source/hooks/use-env.js';
import {useKeys} from '../source/hooks/use-keys.js';
import {useTerminalSize} from '../source/hooks/use-terminal-size.js';
import type {Messages} from '../source/i18n/index.js';
import {padToWidth, truncateToWidth, wrapAndClip} from '../source/terminal.js';
import {Line, ScreenFrame} from './widgets.js';

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

function GroupView({group, width}: {group: Group; width: number}) {
	return (
		<Box flexDirection="column" marginBottom={1}>
			<Line bold>{truncateToWidth(group.title, width)}</Line>
			{group.entries.map(([keys, description]) => (
				<Line key={keys + description}>
					<Text bold>{padToWidth(`  ${keys}`, keyColumn)}</Text>
					{truncateToWidth(description, width - keyColumn)}
				</Line>
			))}
		</Box>
	);
}

export function HelpOverlay({onClose}: {onClose(): void}) {
	const {messages} = useEnvironment();
	const {columns} = useTerminalSize();
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

	return (
		<ScreenFrame hints={hints} width={columns}>
			<Line bold>{messages.help.title}</Line>
			<Line/>
			<Box flexDirection="row" columnGap={2}>
				<Box flexDirection="column" width={columnWidth}>
					{left!.map(group => <GroupView key={group.title} group={group} width={columnWidth}/>)}
				</Box>
				<Box flexDirection="column" width={columnWidth}>
					{right!.map(group => <GroupView key={group.title} group={group} width={columnWidth}/>)}
					{wrapAndClip(messages.help.quitNote, columnWidth, 3).map((line, index) => (
						// eslint-disable-next-line react/no-array-index-key
						<Line key={index} dim>{line}</Line>
					))}
				</Box>
			</Box>
		</ScreenFrame>
	);
}
