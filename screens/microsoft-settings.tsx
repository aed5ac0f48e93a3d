/**
OAuth 2.0(Microsoft)設定 / OAuth 2.0 (Microsoft) Settings: the saved Basic Settings, the
Server Connection Status, and the device authorization the engineer completes on a phone
(link, message, user code, time left), then the Token Status and, once it is Active, the
account that sends (m: Send Test Mail).

The body is built as a list of single lines so that its height is known: a QR code of the
link is added only when everything else fits beside or above it; when the terminal is short,
spacing and details go first, never the user code.
*/
import type {ReactNode} from 'react';
import {Box, Text} from 'ink';
import {useEnvironment, useScreenVisible} from '../source/hooks/use-env.js';
import {actionFor, type Hint} from '../source/input/key-bindings.js';
import type {MicrosoftStore} from '../source/hooks/use-provider-state.js';
import {formatCountdown, useNow} from '../source/hooks/use-now.js';
import {useQrCode, useQrView, type QrCode} from '../source/hooks/use-qr-code.js';
import {useTerminalSize} from '../source/hooks/use-terminal-size.js';
import type {Messages} from '../source/i18n/index.js';
import {sanitizeLine} from '../source/terminal/sanitize.js';
import {hyperlink, truncateToWidth, wrapAndClip, wrapToWidth, wrapUrl} from '../source/terminal/terminal.js';
import {
	accountLines,
	basicSettingsHeading,
	blank,
	BodyLines,
	connectionLines,
	continuation,
	cutLine,
	fitLines,
	hintLines,
	keep,
	labelContinuation,
	noticeLines,
	onOff,
	settingRows,
	settingsHints,
	statusRows,
	text,
	testMailKey,
	tokenLines,
	useSettingsKeys,
	type BodyLine,
	type SettingsScreenState,
} from './oauth-settings.js';
import {QrCodeScreen} from './qr-code.js';
import {bodyBudget, ScreenFrame} from './widgets/screen-frame.js';
import {QrBlock, qrBlockHeight} from './widgets/qr-block.js';
import {ToneText} from './widgets/tone-text.js';

/** hh:mm of a moment in local time (of the deadline: rounded down, so that it is never later than the code lasts). */
export function timeOfDay(time: number): string {
	const date = new Date(time);
	return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
}

/** The user code, letter-spaced to read aloud: FJ2K8QWXR -> F J 2 K 8 Q W X R. */
export function spacedCode(code: string): string {
	return [...code.replaceAll(' ', '')].join(' ');
}

export function microsoftHints(messages: Messages, confirming: boolean, qrCode = false): Hint[] {
	// v: the full-screen QR code (screens/qr-code.tsx), said here only while there is one.
	return settingsHints(messages, confirming, 'microsoftSettings', qrCode ? ['qr'] : []);
}

/** The link a phone opens, while a user code waits for the sign-in; '' otherwise. */
function qrCodeUrl(state: MicrosoftStore['state']): string {
	const uri = state?.authorization ? sanitizeLine(state.authorization.verificationUri).trim() : '';
	return state?.token.status === 'waiting' && /^https?:\/\//.test(uri) ? uri : '';
}

type BuildInput = {
	messages: Messages;
	deviceUrl: string;
	store: MicrosoftStore;
	screen: SettingsScreenState;
	now: number;
	width: number;
};

function buildLines({messages, deviceUrl, store, screen, now, width}: BuildInput): BodyLine[] {
	const words = messages.microsoft;
	const lines: BodyLine[] = [blank(), basicSettingsHeading(messages, true)];
	const {state} = store;

	if (state === undefined) {
		lines.push(text(`    ${messages.common.loading}`));
	} else {
		const {settings} = state;
		lines.push(
			...settingRows([
				[words.useOAuth, onOff(messages, settings.enabled)],
				[messages.oauth.verifyServerCertificate, onOff(messages, settings.verifyServerCertificate)],
				[messages.oauth.addCnToVerification, onOff(messages, settings.addCnToVerification)],
			], width),
			text(`    ${words.endpoint}`),
			text(`      ${truncateToWidth(sanitizeLine(settings.endpoint), width - 6) || messages.common.none}`),
		);
		if (!settings.enabled) {
			lines.push(...hintLines(words.disabled, width));
		}

		lines.push(blank());

		const {row, labelWidth} = statusRows([
			messages.oauth.connectionStatus,
			words.message,
			words.userCode,
			words.userCodeExpiresIn,
			messages.oauth.tokenStatus,
			messages.testMail.account,
		]);
		const valueWidth = Math.max(10, width - 2 - labelWidth);
		const context = {messages, row, width};
		lines.push(...connectionLines(context, state.connection, now));

		// The authorization: link, message, user code, time left. The link's row is a row like
		// the others: its long label wrapped in the label column, the link at the value column.
		const authorization = state.authorization;
		const uri = authorization ? sanitizeLine(authorization.verificationUri).trim() : '';
		const endpointLabel = wrapToWidth(words.endpoint, labelWidth - 2, {fewestLines: true});
		const links: ReactNode[] = uri
			? wrapUrl(uri, valueWidth, 3).map(piece => <ToneText tone="link">{hyperlink(uri, piece)}</ToneText>)
			: [messages.common.none];
		// On a short terminal the lines that hold only the rest of the label go first.
		for (let index = 0; index < Math.max(endpointLabel.length, links.length); index++) {
			const label = endpointLabel[index] ?? '';
			const link = links[index] ?? '';
			lines.push({
				...row(label, link, index > 0 && links[index] === undefined ? labelContinuation : keep),
				cut: row(cutLine(label, labelWidth - 2), link).node,
			});
		}

		const message = authorization ? sanitizeLine(authorization.message).trim() : '';
		if (message) {
			lines.push(...wrapAndClip(message, valueWidth, 3).map((line, index) => ({
				...row(index === 0 ? words.message : '', line, index === 0 ? keep : continuation),
				cut: row(index === 0 ? words.message : '', cutLine(line, valueWidth)).node,
			})));
		} else {
			lines.push(row(words.message, messages.common.none));
		}

		const expiresAt = authorization ? Date.parse(authorization.expiresAt) : Number.NaN;
		const expired = Number.isFinite(expiresAt) && expiresAt <= now;
		const code = authorization ? sanitizeLine(authorization.userCode).trim() : '';
		lines.push(row(
			words.userCode,
			// Spaced out only as far as it can be shown (a device may send a code of any length).
			code ? <ToneText bold tone={expired ? 'muted' : undefined}>{truncateToWidth(spacedCode(code.slice(0, valueWidth)), valueWidth)}</ToneText> : messages.common.none,
		));

		let expiresText: ReactNode = messages.common.none;
		if (Number.isFinite(expiresAt)) {
			expiresText = expired
				? <ToneText tone="warning">{words.codeExpired}</ToneText>
				: <Text bold>{words.codeDeadline(timeOfDay(expiresAt), formatCountdown(expiresAt - now))}</Text>;
		}

		lines.push(
			row(words.userCodeExpiresIn, expiresText),
			...tokenLines(context, state.token),
			...accountLines(context, state.token),
		);
	}

	lines.push(...noticeLines({messages, screen, busy: store.busy, error: store.error, deviceUrl, width}));
	return lines;
}

/** Where the QR code goes, if anywhere: beside the text, below it, or nowhere. */
export type QrPlacement = 'beside' | 'below' | 'none';

const minimumTextWidth = 60;

/**
Where the QR code goes and the text lines that go with it: beside the text when both fit in
`budget` lines, else below it, else nowhere (and the text alone is fitted to the budget).
`build` makes the text lines for a width.
*/
function placeQrCode(qr: QrCode | undefined, columns: number, budget: number, build: (width: number) => BodyLine[]): {placement: QrPlacement; lines: BodyLine[]} {
	if (qr) {
		const qrHeight = qrBlockHeight(qr);
		const besideWidth = columns - qr.width - 2;
		if (besideWidth >= minimumTextWidth && qrHeight <= budget) {
			const narrow = build(besideWidth);
			if (narrow.length <= budget) {
				return {placement: 'beside', lines: narrow};
			}
		}

		const wide = build(columns);
		if (wide.length + qrHeight <= budget) {
			return {placement: 'below', lines: wide};
		}
	}

	return {placement: 'none', lines: fitLines(build(columns), budget)};
}

/**
The keys of Microsoft Settings: e (edit), v (the full-screen QR code, which then takes every
key until v or Esc closes it), t (test mail), c and u (copy the user code or the link).
*/
function useMicrosoftSettingsKeys({store, qrView, onEdit, onTestMail, copy}: {
	store: MicrosoftStore;
	qrView: ReturnType<typeof useQrView>;
	onEdit(): void;
	onTestMail(): void;
	copy(text: string): void;
}) {
	const {messages} = useEnvironment();
	return useSettingsKeys({
		store,
		actions: [{letter: 'e', open: onEdit}],
		capture(input, key) {
			// The full-screen QR code takes every key: v and Esc close it.
			if (!qrView.isOpen() || qrCodeUrl(store.get()) === '') {
				return false;
			}

			if (actionFor('qrCode', input, key) === 'back') {
				qrView.setOpen(false);
			}

			return true;
		},
		onKey(input, key, setNotice) {
			const action = actionFor('microsoftSettings', input, key);
			if (action === 'qr-code') {
				if (qrCodeUrl(store.get()) === '') {
					setNotice(messages.qrCode.noCode);
				} else {
					qrView.setOpen(true);
				}

				return true;
			}

			if (action === 'test-mail') {
				testMailKey(messages, store.get()?.token, onTestMail, setNotice);
				return true;
			}

			if (action !== 'copy-code' && action !== 'copy-url') {
				return false;
			}

			const latest = store.get()?.authorization;
			const value = latest ? sanitizeLine(action === 'copy-code' ? latest.userCode : latest.verificationUri).trim() : '';
			if (value === '') {
				setNotice(messages.oauth.nothingToCopy);
			} else {
				copy(value);
				setNotice(action === 'copy-code' ? messages.microsoft.copiedCode(value) : messages.microsoft.copiedUrl(value));
			}

			return true;
		},
	});
}

export function MicrosoftSettingsScreen({store, onEdit, onTestMail, copy}: {
	store: MicrosoftStore;
	onEdit(): void;
	onTestMail(): void;
	copy(text: string): void;
}) {
	const {messages, clock, tickIntervalMs, deviceUrl} = useEnvironment();
	const {columns, rows} = useTerminalSize();

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
	const qrView = useQrView(qrCodeUrl(state) !== '');
	const screen = useMicrosoftSettingsKeys({store, qrView, onEdit, onTestMail, copy});

	if (qrView.shown && authorization) {
		return <QrCodeScreen url={qrCodeUrl(state)} userCode={sanitizeLine(authorization.userCode).trim()} expired={!countdownVisible}/>;
	}

	const hints = microsoftHints(messages, screen.confirmReset, qrCodeUrl(state) !== '');
	const budget = bodyBudget(hints, columns, rows);
	const {placement, lines} = placeQrCode(qr, columns, budget, width => buildLines({messages, deviceUrl, store, screen, now, width}));
	const textColumn = <BodyLines lines={lines} width={placement === 'beside' ? columns - qr!.width - 2 : columns}/>;
	const qrBlock = qr && placement !== 'none' ? <QrBlock qr={qr} caption={messages.oauth.scanQr}/> : null;

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
