/**
Small building blocks shared by the screens. Every one draws a known number of lines that
never wrap (`Line` truncates), so a screen can count its height and stay under rows − 1.
*/
import type {ReactNode} from 'react';
import {Box, Text} from 'ink';
import {visibleWindow, type TextInputState} from '../source/input/text-input.js';
import {useEnvironment} from '../source/hooks/use-env.js';
import type {QrCode} from '../source/hooks/use-qr-code.js';
import {useDiscardQuestion} from '../source/hooks/use-unsaved-changes.js';
import type {Messages} from '../source/i18n/index.js';
import {hintsFor, type Hint} from '../source/input/key-bindings.js';
import {displayWidth, truncateStartToWidth, truncateToWidth} from '../source/terminal/terminal.js';

export type {Hint} from '../source/input/key-bindings.js';

/** Exactly one terminal line: longer content is cut, never wrapped. */
export function Line({children, dim, bold, color}: {
	children?: ReactNode;
	dim?: boolean;
	bold?: boolean;
	color?: string;
}) {
	return (
		<Text wrap="truncate-end" dimColor={dim} bold={bold} color={color}>
			{children ?? ' '}
		</Text>
	);
}

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

function HintLine({hints}: {hints: readonly Hint[]}) {
	return (
		<Line>
			{hints.map((hint, index) => (
				<Text key={hint.keys}>
					{index > 0 ? ' '.repeat(hintGap) : ''}
					<Text bold>{hint.keys}</Text>
					<Text dimColor>{` ${hint.label}`}</Text>
				</Text>
			))}
		</Line>
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
				<Text bold color="yellow">{truncateToWidth(question, width)}</Text>
				{fits ? ' '.repeat(hintGap) : ''}
				{fits ? hints.map((hint, index) => (
					<Text key={hint.keys}>
						{index > 0 ? ' '.repeat(hintGap) : ''}
						<Text bold>{hint.keys}</Text>
						<Text dimColor>{` ${hint.label}`}</Text>
					</Text>
				)) : null}
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
				<HintLine key={line.map(hint => hint.keys).join(' ')} hints={line}/>
			))}
		</Box>
	);
}

/** A screen: its body (clipped, never taller than what is left) above its key hints. */
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

/** Lines a QR block takes: the code, its caption above it and a blank line above that. */
export function qrBlockHeight(qr: QrCode): number {
	return qr.height + 2;
}

/** A QR code under a caption. */
export function QrBlock({qr, caption}: {qr: QrCode; caption: string}) {
	return (
		<Box flexDirection="column" flexShrink={0} marginTop={1}>
			<Text dimColor wrap="truncate-end">{` ${caption}`}</Text>
			{qr.lines.map((line, index) => (
				// eslint-disable-next-line react/no-array-index-key
				<Text key={index} wrap="truncate-end">{line}</Text>
			))}
		</Box>
	);
}

/** The menu path, eliding the first crumbs with `…` when it does not fit one line. */
export function breadcrumbText(labels: readonly string[], width: number): string {
	const separator = ' › ';
	for (let first = 0; first < labels.length; first++) {
		const text = (first > 0 ? ['…', ...labels.slice(first)] : labels).join(separator);
		if (displayWidth(text) <= width) {
			return text;
		}
	}

	return truncateStartToWidth(labels.at(-1) ?? '', width);
}

export function Breadcrumb({labels, width}: {labels: readonly string[]; width: number}) {
	return <Line bold>{breadcrumbText(labels, width)}</Line>;
}

/** Numbered menu items; the selected one is marked with › (visible without colours too). */
export function MenuList({items, selected}: {items: readonly string[]; selected: number}) {
	return (
		<Box flexDirection="column">
			{items.map((item, index) => (
				<Line key={item} bold={index === selected}>
					<Text inverse={index === selected}>{`${index === selected ? '›' : ' '} ${index + 1} ${item}`}</Text>
				</Line>
			))}
		</Box>
	);
}

/** The mark in front of the field that has the focus. */
export function focusMark(focused: boolean): string {
	return focused ? '› ' : '  ';
}

export function Checkbox({label, checked, focused, disabled, note}: {
	label: string;
	checked: boolean;
	focused: boolean;
	disabled?: boolean;
	note?: string;
}) {
	return (
		<Line dim={disabled}>
			{focusMark(focused)}
			<Text inverse={focused}>{`[${checked ? 'x' : ' '}] ${label}`}</Text>
			{note ? <Text dimColor>{`  ${note}`}</Text> : null}
		</Line>
	);
}

/** A button, drawn as [ label ]. */
export function Button({label, focused}: {label: string; focused: boolean}) {
	return <Text inverse={focused} bold={focused}>{`${focused ? '›' : ' '}[ ${label} ]`}</Text>;
}

/**
A one-line text field with its cursor (drawn inverse while focused). `mask` draws one `•`
per character instead of the text.
*/
export function TextFieldView({state, focused, width, mask}: {
	state: TextInputState;
	focused: boolean;
	width: number;
	mask?: boolean;
}) {
	const display = mask ? () => '•' : (character: string) => character;
	if (!focused) {
		const shown = state.chars.map(display).join('');
		return <Text>{truncateToWidth(shown, width)}</Text>;
	}

	const {before, atCursor, after} = visibleWindow(state, width, display, displayWidth);
	return (
		<Text>
			{before}
			<Text inverse>{atCursor}</Text>
			{after}
		</Text>
	);
}

/** A message under a field: what is wrong, in words. */
export function FieldMessage({lines, indent = 4}: {lines: readonly string[]; indent?: number}) {
	return (
		<>
			{lines.map((line, index) => (
				// eslint-disable-next-line react/no-array-index-key
				<Line key={index} color="red">{' '.repeat(indent) + line}</Line>
			))}
		</>
	);
}
