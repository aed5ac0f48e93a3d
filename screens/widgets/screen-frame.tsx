/** A screen: its body (clipped, never taller than what is left) above its key hints. */
import type {ReactNode} from 'react';
import {Box} from 'ink';
import {useEnvironment} from '../../source/hooks/use-env.js';
import type {Hint} from '../../source/input/key-bindings.js';
import {Footer, packHints} from './footer.js';

export function ScreenFrame({hints, width, children}: {hints: readonly Hint[]; width: number; children: ReactNode}) {
	const {messages} = useEnvironment();
	return (
		<Box flexDirection="column" flexGrow={1}>
			<Box flexDirection="column" flexGrow={1} flexShrink={1} overflowY="hidden">
				{children}
			</Box>
			<Footer hints={hints} width={width} messages={messages}/>
		</Box>
	);
}

/** Lines left for a screen's body: rows − 1 for the whole frame, one for the breadcrumb, then the footer. */
export function bodyBudget(hints: readonly Hint[], columns: number, rows: number): number {
	return Math.max(1, rows - 2 - packHints(hints, columns).length);
}
