/** Text drawn in a tone of the theme (theme.ts): a colour by meaning, none under NO_COLOR. */
import type {ReactNode} from 'react';
import {Text} from 'ink';
import {useTone, type Tone} from './theme.js';

export function ToneText({tone, bold, wrap, children}: {
	tone: Tone | undefined;
	/** Bold whatever the tone. */
	bold?: boolean;
	wrap?: 'truncate-end';
	children?: ReactNode;
}) {
	const style = useTone(tone);
	return (
		<Text wrap={wrap} color={style.color} bold={bold || style.bold} dimColor={style.dimColor} inverse={style.inverse}>
			{children}
		</Text>
	);
}
