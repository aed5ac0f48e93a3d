/**
The footer: the keys of the current screen (from the key bindings table), packed into as few
lines as they need, or the question "Discard your changes? y/n" while it is asked.
*/
import {Box, Text} from 'ink';
import {useDiscardQuestion} from '../../source/hooks/use-unsaved-changes.js';
import type {Messages} from '../../source/i18n/index.js';
import {hintsFor, type Hint} from '../../source/input/key-bindings.js';
import {displayWidth, truncateToWidth} from '../../source/terminal/terminal.js';
import {Line} from './line.js';
import {ToneText} from './tone-text.js';

const hintGap = 2;

function hintWidth(hint: Hint): number {
	return displayWidth(hint.keys) + 1 + displayWidth(hint.label);
}

/** The hints, packed into as few lines of `width` columns as they need. */
export function packHints(hints: readonly Hint[], width: number): Hint[][] {
	const lines: Hint[][] = [];
	let line: Hint[] = [];
	let used = 0;
	for (const hint of hints) {
		const size = hintWidth(hint);
		if (line.length > 0 && used + hintGap + size > width) {
			lines.push(line);
			line = [];
			used = 0;
		}

		used += (line.length > 0 ? hintGap : 0) + size;
		line.push(hint);
	}

	if (line.length > 0) {
		lines.push(line);
	}

	return lines;
}

/** The hints that end most footers (from the key bindings table): ? and q. */
export function closingHints(messages: Messages): Hint[] {
	return hintsFor(messages, 'everywhere', ['notTyping'], {closing: false});
}

/** The keys in bold, each with its word (muted), two columns apart. */
function HintTexts({hints}: {hints: readonly Hint[]}) {
	return (
		<>
			{hints.map((hint, index) => (
				<Text key={hint.keys}>
					{index > 0 ? ' '.repeat(hintGap) : ''}
					<Text bold>{hint.keys}</Text>
					<ToneText tone="muted">{` ${hint.label}`}</ToneText>
				</Text>
			))}
		</>
	);
}

/**
The question "Discard your changes? y/n" in place of the footer: one line (a footer has at
least one), with the keys' words beside it when they fit.
*/
function DiscardFooter({question, messages, width}: {question: string; messages: Messages; width: number}) {
	const hints = hintsFor(messages, 'confirmDiscard', [], {closing: false});
	const [first] = packHints(hints, width - displayWidth(question) - hintGap);
	const fits = first !== undefined && first.length === hints.length && displayWidth(question) + hintGap <= width;
	return (
		<Box flexDirection="column" flexShrink={0}>
			<Line>
				<ToneText tone="question">{truncateToWidth(question, width)}</ToneText>
				{fits ? ' '.repeat(hintGap) : ''}
				{fits ? <HintTexts hints={hints}/> : null}
			</Line>
		</Box>
	);
}

/** The keys of the current screen, at the bottom (or the discard question, while it is asked). */
export function Footer({hints, width, messages}: {hints: readonly Hint[]; width: number; messages?: Messages}) {
	const question = useDiscardQuestion();
	if (question !== undefined && messages) {
		return <DiscardFooter question={question} messages={messages} width={width}/>;
	}

	return (
		<Box flexDirection="column" flexShrink={0}>
			{packHints(hints, width).map(line => (
				<Line key={line.map(hint => hint.keys).join(' ')}>
					<HintTexts hints={line}/>
				</Line>
			))}
		</Box>
	);
}
