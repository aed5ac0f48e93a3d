/** A QR code under a caption (the code's own colours come from use-qr-code.ts, not the theme). */
import {Box, Text} from 'ink';
import type {QrCode} from '../../source/hooks/use-qr-code.js';
import {ToneText} from './tone-text.js';

/** Lines a QR block takes: the code, its caption above it and a blank line above that. */
export function qrBlockHeight(qr: QrCode): number {
	return qr.height + 2;
}

export function QrBlock({qr, caption}: {qr: QrCode; caption: string}) {
	return (
		<Box flexDirection="column" flexShrink={0} marginTop={1}>
			<ToneText tone="muted" wrap="truncate-end">{` ${caption}`}</ToneText>
			{qr.lines.map((line, index) => (
				// eslint-disable-next-line react/no-array-index-key
				<Text key={index} wrap="truncate-end">{line}</Text>
			))}
		</Box>
	);
}
