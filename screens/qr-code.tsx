/**
The QR code of the Microsoft sign-in link, full-screen (key v on OAuth 2.0 (Microsoft) Settings
while a user code waits): for the engineer with a phone in the other hand, at 80x24 too, where
the settings page has no room for it beside its text.

The code is as large as the terminal allows (each module 1, 2, … columns wide), with its
4-module quiet zone, dark on light whatever the terminal's theme (source/hooks/use-qr-code.ts).
Under it, when there is room: the user code to enter, and what the code opens. When not even
the smallest code fits, the address and the user code are shown as text instead, with the
size the terminal would need.
*/
import {Box, Text} from 'ink';
import {useEnvironment} from '../source/hooks/use-env.js';
import {qrColors, qrExtent, qrHalfBlocks, qrScaleToFit, useQrMatrix} from '../source/hooks/use-qr-code.js';
import {useTerminalSize} from '../source/hooks/use-terminal-size.js';
import type {Messages} from '../source/i18n/index.js';
import {truncateToWidth, wrapAndClip} from '../source/terminal/terminal.js';
import {hintsFor, type Hint} from '../source/input/key-bindings.js';
import {bodyBudget, ScreenFrame} from './widgets/screen-frame.js';
import {Line} from './widgets/line.js';
import {ToneText} from './widgets/tone-text.js';

export function qrCodeHints(messages: Messages): Hint[] {
	return hintsFor(messages, 'qrCode', ['notTyping']);
}

/** The user code, letter-spaced to read aloud (as on the settings page). */
function spaced(code: string): string {
	return [...code.replaceAll(' ', '')].join(' ');
}

export function QrCodeScreen({url, userCode, expired}: {
	/** The verification URL: what the QR code holds. */
	url: string;
	/** The user code to enter on the page it opens ('' if none). */
	userCode: string;
	expired: boolean;
}) {
	const {messages} = useEnvironment();
	const {columns, rows} = useTerminalSize();
	const words = messages.qrCode;
	const hints = qrCodeHints(messages);
	const budget = bodyBudget(hints, columns, rows);
	const matrix = useQrMatrix(url);

	const codeText = userCode === ''
		? undefined
		: `${messages.microsoft.userCode}  ${expired ? messages.microsoft.codeExpired : spaced(userCode)}`;
	const codeLine = codeText === undefined ? null : (
		<Line key="code"><ToneText bold tone={expired ? 'muted' : undefined}>{`  ${truncateToWidth(codeText, columns - 2)}`}</ToneText></Line>
	);
	const captionLine = <Line key="caption" dim>{`  ${truncateToWidth(words.caption(url), columns - 2)}`}</Line>;

	// Under the code, as room allows: the user code, then the caption.
	const under = [codeLine, captionLine].filter(line => line !== null);
	let scale: number | undefined;
	let extras = 0;
	if (matrix) {
		for (extras = under.length; extras >= 0; extras--) {
			scale = qrScaleToFit(matrix, columns, budget - extras);
			if (scale !== undefined) {
				break;
			}
		}
	}

	if (!matrix || scale === undefined) {
		const smallest = matrix ? qrExtent(matrix, 1) : undefined;
		const needRows = smallest ? smallest.height + (rows - budget) : 0;
		const lines = [
			...(smallest ? wrapAndClip(words.tooSmall(smallest.width, needRows, columns, rows), columns - 2, 4) : []),
			...wrapAndClip(words.openOnPhone, columns - 2, 2),
		];
		return (
			<ScreenFrame hints={hints} width={columns}>
				<Line/>
				{lines.map((line, index) => (
					// eslint-disable-next-line react/no-array-index-key
					<Line key={index}>{`  ${line}`}</Line>
				))}
				{wrapAndClip(url, columns - 4, 4).map(piece => (
					<Line key={piece} tone="link">{`    ${piece}`}</Line>
				))}
				{codeText === undefined ? null : <Line>{`  ${truncateToWidth(words.enterCode, columns - 2)}`}</Line>}
				{codeLine}
			</ScreenFrame>
		);
	}

	const qrLines = qrHalfBlocks(matrix, scale);
	const {width} = qrExtent(matrix, scale);
	const indent = ' '.repeat(Math.max(0, Math.floor((columns - width) / 2)));
	const {start, end} = qrColors();
	return (
		<ScreenFrame hints={hints} width={columns}>
			<Box flexDirection="column" flexShrink={0}>
				{qrLines.map((line, index) => (
					// eslint-disable-next-line react/no-array-index-key
					<Text key={index} wrap="truncate-end">{`${indent}${start}${line}${end}`}</Text>
				))}
			</Box>
			{under.slice(0, extras)}
		</ScreenFrame>
	);
}
