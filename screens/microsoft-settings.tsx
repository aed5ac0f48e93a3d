/**
OAuth 2.0(Microsoft)設定 / OAuth 2.0 (Microsoft) Settings: the saved Basic Settings, the
Server Connection Status, and the device authorization the engineer completes on a phone
(link, message, user code, time left), then the Token Status.

The body is built as a list of single lines so that its height is known: a QR code of the
link is added only when everything else fits beside or above it; when the terminal is short,
spacing and details go first, never the user code.
*/
import type {ReactNode} from 'react';
import {Box, Text} from 'ink';
import type {MicrosoftState} from '../source/contract.js';
import {useEnvironment, useScreenVisible} from '../source/hooks/use-env.js';
import {useKeys} from '../source/hooks/use-keys.js';
import type {MicrosoftStore} from '../source/hooks/use-microsoft-state.js';
import {formatCountdown, spinnerFrame, useNow} from '../source/hooks/use-now.js';
import {useQrCode, type QrCode} from '../source/hooks/use-qr-code.js';
import {useSyncStore} from '../source/hooks/use-sync-store.js';
import {useTerminalSize} from '../source/hooks/use-terminal-size.js';
import type {Messages} from '../source/i18n/index.js';
import {sanitizeLine} from '../source/sanitize.js';
import {displayWidth, hyperlink, padToWidth, truncateToWidth, wrapAndClip} from '../source/terminal.js';
import {describeDeviceError} from './device-error-text.js';
import {packHints, ScreenFrame, type Hint} from './widgets.js';

type Notice =
	| {type: 'copied-code'; code: string}
	| {type: 'copied-url'; url: string}
	| {type: 'nothing-to-copy'};

type ScreenState = {confirmReset: boolean; notice: Notice | undefined};
type ScreenAction = {type: 'confirm'; on: boolean} | {type: 'notice'; notice: Notice | undefined};

function screenReducer(state: ScreenState, action: ScreenAction): ScreenState {
	switch (action.type) {
		case 'confirm': {
			return {...state, confirmReset: action.on, notice: undefined};
		}

		case 'notice': {
			return {...state, notice: action.notice};
		}
	}
}

/** A line of the body; lines with a higher `drop` are left out first when space is short. */
type BodyLine = {node: ReactNode; drop: number};

/** Never dropped. */
const keep = 0;
const spacing = 1;
const detail = 2;
const continuation = 3;

/** The lines that fit `budget`: droppable ones go first, highest level, from the bottom up. */
export function fitLines(lines: readonly BodyLine[], budget: number): BodyLine[] {
	const kept = [...lines];
	for (let level = continuation; level > keep && kept.length > budget; level--) {
		for (let index = kept.length - 1; index >= 0 && kept.length > budget; index--) {
			if (kept[index]!.drop === level) {
				kept.splice(index, 1);
			}
		}
	}

	return kept;
}

/** The user code, letter-spaced to read aloud: FJ2K8QWXR -> F J 2 K 8 Q W X R. */
export function spacedCode(code: string): string {
	return [...code.replaceAll(' ', '')].join(' ');
}

export function microsoftHints(messages: Messages, confirming: boolean): Hint[] {
	if (confirming) {
		return [
			{keys: 'y', label: messages.keys.yes},
			{keys: 'n/Esc', label: messages.keys.no},
		];
	}

	return [
		{keys: 'Enter/e', label: messages.keys.edit},
		{keys: 'r', label: messages.keys.refresh},
		{keys: 'c', label: messages.keys.copyCode},
		{keys: 'u', label: messages.keys.copyUrl},
		{keys: 'x', label: messages.keys.reset},
		{keys: 'Esc', label: messages.keys.back},
		{keys: '?', label: messages.keys.help},
		{keys: 'q', label: messages.keys.quit},
	];
}

type BuildInput = {
	messages: Messages;
	deviceUrl: string;
	store: MicrosoftStore;
	screen: ScreenState;
	now: number;
	width: number;
};

function statusLabelWidth(messages: Messages): number {
	const words = messages.microsoft;
	return Math.max(
		...[words.connectionStatus, words.message, words.userCode, words.userCodeExpiresIn, words.tokenStatus].map(label => displayWidth(label)),
	) + 2;
}

function settingsLabelWidth(messages: Messages): number {
	const words = messages.microsoft;
	return Math.max(...[words.useOAuth, words.verifyServerCertificate, words.addCnToVerification].map(label => displayWidth(label))) + 2;
}

function text(node: ReactNode, drop = keep): BodyLine {
	return {node, drop};
}

function blank(): BodyLine {
	return {node: ' ', drop: spacing};
}

/** Lines of a reason (in words) and the device's detail, under a status. */
function explanation(reason: string | undefined, rawDetail: string | undefined, width: number): BodyLine[] {
	const lines: BodyLine[] = [];
	if (reason) {
		for (const [index, line] of wrapAndClip(reason, width - 4, 2).entries()) {
			lines.push(text(<Text color="yellow">{`    ${line}`}</Text>, index === 0 ? keep : continuation));
		}
	}

	const detailText = rawDetail ? sanitizeLine(rawDetail).trim() : '';
	if (detailText) {
		lines.push(text(<Text dimColor>{`    ${truncateToWidth(detailText, width - 4)}`}</Text>, detail));
	}

	return lines;
}

function buildLines({messages, deviceUrl, store, screen, now, width}: BuildInput): BodyLine[] {
	const words = messages.microsoft;
	const lines: BodyLine[] = [blank()];
	const state: MicrosoftState | undefined = store.state;

	// Basic Settings [Edit]: the one item to open.
	lines.push(text(
		<Text>
			<Text bold>{`› ${words.basicSettings}  `}</Text>
			<Text inverse bold>{`[${words.edit}]`}</Text>
		</Text>,
	));

	if (state === undefined) {
		lines.push(text(`    ${messages.common.loading}`));
	} else {
		const {settings} = state;
		const onOff = (value: boolean) => (value ? messages.common.on : messages.common.off);
		const settingsWidth = settingsLabelWidth(messages);
		lines.push(
			text(`    ${padToWidth(words.useOAuth, settingsWidth)}${onOff(settings.enabled)}`),
			text(`    ${padToWidth(words.verifyServerCertificate, settingsWidth)}${onOff(settings.verifyServerCertificate)}`),
			text(`    ${padToWidth(words.addCnToVerification, settingsWidth)}${onOff(settings.addCnToVerification)}`),
			text(`    ${words.endpoint}`),
			text(`      ${sanitizeLine(settings.endpoint) || messages.common.none}`),
		);
		if (!settings.enabled) {
			for (const [index, line] of wrapAndClip(words.disabled, width - 4, 2).entries()) {
				lines.push(text(<Text dimColor>{`    ${line}`}</Text>, index === 0 ? detail : continuation));
			}
		}

		lines.push(blank());

		const labelWidth = statusLabelWidth(messages);
		const valueWidth = Math.max(10, width - 2 - labelWidth);
		const row = (label: string, value: ReactNode, drop = keep) =>
			text(<Text>{`  ${padToWidth(label, labelWidth)}`}{value}</Text>, drop);

		// Server Connection Status
		const {connection} = state;
		const connectionWord = words.connection[connection.status] ?? connection.status;
		lines.push(row(
			words.connectionStatus,
			connection.status === 'checking'
				? <Text color="cyan">{`${spinnerFrame(now)} ${connectionWord}`}</Text>
				: <Text bold color={connection.status === 'success' ? 'green' : (connection.status === 'failed' ? 'red' : undefined)}>{connectionWord}</Text>,
		));
		if (connection.status === 'failed') {
			lines.push(...explanation(connection.reason ? words.connectionReasons[connection.reason] : undefined, connection.detail, width));
		}

		// The authorization: link, message, user code, time left.
		const authorization = state.authorization;
		const uri = authorization ? sanitizeLine(authorization.verificationUri).trim() : '';
		if (uri) {
			lines.push(text(`  ${words.endpoint}`));
			for (const piece of wrapAndClip(uri, width - 4, 2)) {
				lines.push(text(<Text color="cyan">{`    ${hyperlink(uri, piece)}`}</Text>));
			}
		} else {
			lines.push(text(`  ${words.endpoint}  ${messages.common.none}`));
		}

		const message = authorization ? sanitizeLine(authorization.message).trim() : '';
		if (message) {
			const messageLines = wrapAndClip(message, valueWidth, 3);
			for (const [index, line] of messageLines.entries()) {
				lines.push(row(index === 0 ? words.message : '', line, index === 0 ? keep : continuation));
			}
		} else {
			lines.push(row(words.message, messages.common.none));
		}

		const expiresAt = authorization ? Date.parse(authorization.expiresAt) : Number.NaN;
		const expired = Number.isFinite(expiresAt) && expiresAt <= now;
		const code = authorization ? sanitizeLine(authorization.userCode).trim() : '';
		lines.push(row(
			words.userCode,
			code ? <Text bold dimColor={expired}>{truncateToWidth(spacedCode(code), valueWidth)}</Text> : messages.common.none,
		));

		let expiresText: ReactNode = messages.common.none;
		if (Number.isFinite(expiresAt)) {
			expiresText = expired
				? <Text color="yellow">{words.codeExpired}</Text>
				: <Text bold>{formatCountdown(expiresAt - now)}</Text>;
		}

		lines.push(row(words.userCodeExpiresIn, expiresText));

		// Token Status
		const {token} = state;
		const tokenWord = words.token[token.status] ?? token.status;
		const tokenColor = token.status === 'active' ? 'green' : (token.status === 'error' || token.status === 'expired' ? 'red' : undefined);
		lines.push(row(words.tokenStatus, <Text bold color={tokenColor}>{tokenWord}</Text>));
		if (token.status === 'error') {
			lines.push(...explanation(token.reason ? words.tokenReasons[token.reason] : undefined, token.detail, width));
		} else if (token.status === 'expired') {
			lines.push(...explanation(words.tokenExpired, token.detail, width));
		}
	}

	// What just happened, and what is being asked.
	const notices: BodyLine[] = [];
	if (screen.confirmReset) {
		notices.push(text(<Text bold color="yellow">{`  ${truncateToWidth(words.confirmReset, width - 2)}`}</Text>));
	} else if (store.busy) {
		notices.push(text(`  ${store.busy === 'refresh' ? words.refreshing : words.resetting}`));
	} else if (screen.notice) {
		let noticeText: string = words.nothingToCopy;
		if (screen.notice.type === 'copied-code') {
			noticeText = words.copiedCode(screen.notice.code);
		} else if (screen.notice.type === 'copied-url') {
			noticeText = words.copiedUrl(screen.notice.url);
		}

		for (const [index, line] of wrapAndClip(noticeText, width - 2, 2).entries()) {
			notices.push(text(`  ${line}`, index === 0 ? keep : continuation));
		}
	}

	if (store.error) {
		const errorText = `${describeDeviceError(messages, store.error, deviceUrl)} ${messages.deviceErrors.retrying}`;
		for (const [index, line] of wrapAndClip(errorText, width - 2, 2).entries()) {
			notices.push(text(<Text color="red">{`  ${line}`}</Text>, index === 0 ? keep : continuation));
		}
	}

	if (notices.length > 0) {
		lines.push(blank(), ...notices);
	}

	return lines;
}

/** Where the QR code goes, if anywhere: beside the text, below it, or nowhere. */
export type QrPlacement = 'beside' | 'below' | 'none';

const minimumTextWidth = 60;

export function MicrosoftSettingsScreen({store, onEdit, copy}: {
	store: MicrosoftStore;
	onEdit(): void;
	copy(text: string): void;
}) {
	const {messages, clock, tickIntervalMs, deviceUrl} = useEnvironment();
	const {columns, rows} = useTerminalSize();
	const [screen, dispatch, getScreen] = useSyncStore(screenReducer, {confirmReset: false, notice: undefined});

	const state = store.state;
	const authorization = state?.authorization ?? null;
	const expiresAt = authorization ? Date.parse(authorization.expiresAt) : Number.NaN;
	const countdownVisible = Number.isFinite(expiresAt) && expiresAt > clock.now();
	const checking = state?.connection.status === 'checking';
	// Timers only while something moves on screen: the spinner, the countdown.
	const visible = useScreenVisible();
	useNow(clock, visible && checking, 120);
	const now = useNow(clock, visible && countdownVisible, tickIntervalMs);

	const uri = authorization ? sanitizeLine(authorization.verificationUri).trim() : '';
	const showQr = countdownVisible && state?.token.status === 'waiting' && /^https?:\/\//.test(uri);
	const qr: QrCode | undefined = useQrCode(showQr ? uri : undefined);

	useKeys((input, key) => {
		const current = getScreen();
		if (current.confirmReset) {
			if (input === 'y' || input === 'Y') {
				dispatch({type: 'confirm', on: false});
				void store.reset();
			} else if (input === 'n' || input === 'N' || key.escape) {
				dispatch({type: 'confirm', on: false});
			}

			return true;
		}

		if (key.ctrl || key.meta) {
			return false;
		}

		if (key.return || input === 'e') {
			if (store.get()) {
				onEdit();
			}

			return true;
		}

		if (input === 'r') {
			dispatch({type: 'notice', notice: undefined});
			void store.refresh();
			return true;
		}

		if (input === 'c' || input === 'u') {
			const latest = store.get()?.authorization;
			const value = latest ? sanitizeLine(input === 'c' ? latest.userCode : latest.verificationUri).trim() : '';
			if (value === '') {
				dispatch({type: 'notice', notice: {type: 'nothing-to-copy'}});
			} else {
				copy(value);
				dispatch({type: 'notice', notice: input === 'c' ? {type: 'copied-code', code: value} : {type: 'copied-url', url: value}});
			}

			return true;
		}

		if (input === 'x' || key.delete) {
			dispatch({type: 'confirm', on: true});
			return true;
		}

		return false;
	});

	const hints = microsoftHints(messages, screen.confirmReset);
	const footerHeight = packHints(hints, columns).length;
	// rows − 1 for the whole frame, one line of breadcrumb, then the footer.
	const budget = Math.max(1, rows - 2 - footerHeight);
	const build = (width: number) => buildLines({messages, deviceUrl, store, screen, now, width});

	let placement: QrPlacement = 'none';
	let lines: BodyLine[] = [];
	// The code, its caption above it and a blank line above that.
	const qrHeight = qr ? qr.height + 2 : 0;
	if (qr) {
		const besideWidth = columns - qr.width - 2;
		if (besideWidth >= minimumTextWidth && qrHeight <= budget) {
			const narrow = build(besideWidth);
			if (narrow.length <= budget) {
				placement = 'beside';
				lines = narrow;
			}
		}

		if (placement === 'none') {
			const wide = build(columns);
			if (wide.length + qrHeight <= budget) {
				placement = 'below';
				lines = wide;
			}
		}
	}

	if (placement === 'none') {
		lines = fitLines(build(columns), budget);
	}

	const textColumn = (
		<Box flexDirection="column" flexShrink={0} width={placement === 'beside' ? columns - qr!.width - 2 : columns}>
			{lines.map((line, index) => (
				// eslint-disable-next-line react/no-array-index-key
				<Text key={index} wrap="truncate-end">{line.node}</Text>
			))}
		</Box>
	);

	const qrBlock = qr && placement !== 'none' ? (
		<Box flexDirection="column" flexShrink={0} marginTop={1}>
			<Text dimColor wrap="truncate-end">{` ${messages.microsoft.scanQr}`}</Text>
			{qr.lines.map((line, index) => (
				// eslint-disable-next-line react/no-array-index-key
				<Text key={index} wrap="truncate-end">{line}</Text>
			))}
		</Box>
	) : null;

	return (
		<ScreenFrame hints={hints} width={columns}>
			{placement === 'beside' ? (
				<Box flexDirection="row" columnGap={2}>
					{textColumn}
					{qrBlock}
				</Box>
			) : (
				<>
					{textColumn}
					{qrBlock}
				</>
			)}
		</ScreenFrame>
	);
}
