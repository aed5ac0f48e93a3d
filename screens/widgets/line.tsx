/**
Exactly one terminal line: longer content is cut, never wrapped. Every widget draws a known
number of these, so a screen can count its height and stay under rows − 1.
*/
import type {ReactNode} from 'react';
import {Text} from 'ink';
import {useTone, type Tone} from './theme.js';

export function Line({children, dim, bold, tone}: {
	children?: ReactNode;
	dim?: boolean;
	bold?: boolean;
	/** What the whole line means (theme.ts), e.g. `error`. */
	tone?: Tone;
}) {
	const style = useTone(tone);
	return (
		<Text wrap="truncate-end" dimColor={dim || style.dimColor} bold={bold || style.bold} color={style.color} inverse={style.inverse}>
			{children ?? ' '}
		</Text>
	);
}
