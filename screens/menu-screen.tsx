/** A Remote UI menu page: numbered items, the keys of a menu. */
import type {ReactNode} from 'react';
import {useEnvironment} from '../source/hooks/use-env.js';
import {useKeys} from '../source/hooks/use-keys.js';
import {useMenu} from '../source/hooks/use-menu.js';
import {useTerminalSize} from '../source/hooks/use-terminal-size.js';
import type {Messages} from '../source/i18n/index.js';
import {hintsFor, type Hint} from '../source/input/key-bindings.js';
import {Line} from './widgets/line.js';
import {MenuList} from './widgets/menu-list.js';
import {ScreenFrame} from './widgets/screen-frame.js';

/** The Portal has nothing to go back to: no Esc there (the table's `portal`). */
export function menuHints(messages: Messages, count: number, canGoBack: boolean): Hint[] {
	return hintsFor(messages, canGoBack ? 'menu' : 'portal', ['notTyping'], {display: {jump: count > 1 ? `1-${count}` : '1'}});
}

export function MenuScreen({items, onOpen, canGoBack = true, header}: {
	items: readonly string[];
	onOpen(index: number): void;
	canGoBack?: boolean;
	header?: ReactNode;
}) {
	const {messages} = useEnvironment();
	const {columns} = useTerminalSize();
	const menu = useMenu(items.length, onOpen, canGoBack ? 'menu' : 'portal');
	useKeys(menu.onKey);

	return (
		<ScreenFrame hints={menuHints(messages, items.length, canGoBack)} width={columns}>
			<Line/>
			{header}
			<MenuList items={items} selected={menu.index}/>
		</ScreenFrame>
	);
}
