/** The outcome under a form: its words, up to three lines, in the tone of what happened. */
import {wrapAndClip} from '../../source/terminal/terminal.js';
import {Line} from './line.js';
import type {Tone} from './theme.js';

/** What happened, in words, and what it means (theme.ts). */
export type StatusText = {text: string; tone?: Tone};

export function StatusLines({status, width}: {status: StatusText | undefined; width: number}) {
	return status ? (
		<>
			{wrapAndClip(status.text, width - 2, 3).map((line, index) => (
				// eslint-disable-next-line react/no-array-index-key
				<Line key={index} tone={status.tone}>{`  ${line}`}</Line>
			))}
		</>
	) : null;
}
