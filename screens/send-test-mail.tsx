/**
テストメールの送信 / Send Test Mail (from either OAuth 2.0 page): From (the account that
authorized, read-only), To, [Send] [Cancel]; while the device sends, the server and the seconds
gone by; then the device's report: sent or not, from, to, through which server, the server's
own reply, and what to do next. Everything the device reports is drawn sanitized.
*/
import {Text} from 'ink';
import type {TestMailProvider, TestMailResult} from '../source/device/contract-values.js';
import type {DeviceError} from '../source/device/device-error.js';
import {useEnvironment, useScreenVisible} from '../source/hooks/use-env.js';
import {useKeys} from '../source/hooks/use-keys.js';
import {spinnerFrame, useNow} from '../source/hooks/use-now.js';
import {testMailServers, useTestMail, type TestMailState} from '../source/hooks/use-test-mail.js';
import {useTerminalSize} from '../source/hooks/use-terminal-size.js';
import type {Messages} from '../source/i18n/index.js';
import {sanitizeLine} from '../source/terminal/sanitize.js';
import {testMailAdvice as adviceFor} from '../source/device/test-mail-advice.js';
import {displayWidth, padToWidth, truncateToWidth, wrapAndClip} from '../source/terminal/terminal.js';
import {describeDeviceError} from './device-error-text.js';
import {fieldErrorLines} from './widgets/field-error.js';
import type {StatusText} from './widgets/status-lines.js';
import {bodyBudget, ScreenFrame} from './widgets/screen-frame.js';
import {Button} from './widgets/button.js';
import {focusMark} from './widgets/focus-mark.js';
import {TextFieldView} from './widgets/text-field-view.js';
import {ToneText} from './widgets/tone-text.js';
import {blank, BodyLines, continuation, cutLine, detail, fitLines, spacing, text, wrapped, type BodyLine} from './oauth-settings.js';
import {hintsFor, type Hint} from '../source/input/key-bindings.js';

/** Lines the server's reply and the advice may take before they are cut with `…`. */
const maxReplyLines = 5;
const maxAdviceLines = 6;
/** A notice under the form may name permissions to grant and where: up to five lines, past its first given up first on a short terminal. */
const maxStatusLines = 5;

export function testMailHints(messages: Messages, state: TestMailState): Hint[] {
	// From the key bindings table (`sendTestMail`).
	switch (state.phase) {
		case 'sending': {
			return hintsFor(messages, 'sendTestMail', ['busy']);
		}

		case 'result': {
			return hintsFor(messages, 'sendTestMail', ['report', 'notTyping']);
		}

		case 'editing': {
			if (state.focus === 'to') {
				return hintsFor(messages, 'sendTestMail', ['editing', 'typing']);
			}

			return hintsFor(messages, 'sendTestMail', ['editing', state.focus === 'ok' ? 'sendButton' : 'cancelButton', 'notTyping']);
		}
	}
}

/** What is said under the form: what went wrong last time, or what is under way. */
function formStatus(messages: Messages, state: TestMailState, deviceUrl: string, server: string, provider: TestMailProvider, now: number): StatusText | undefined {
	const words = messages.testMail;
	if (state.phase === 'sending') {
		const seconds = Math.max(0, Math.floor((now - state.startedAt) / 1000));
		return {text: `${spinnerFrame(now)} ${words.sending(server)} ${words.elapsed(seconds)}`, tone: 'progress'};
	}

	switch (state.notice?.type) {
		case 'check-fields': {
			return {text: words.checkAddress, tone: 'error'};
		}

		case 'not-saved': {
			return {text: words.notSentSession, tone: 'warning'};
		}

		case 'error': {
			return {text: errorText(messages, state.notice.error, deviceUrl, provider), tone: 'error'};
		}

		case undefined: {
			return undefined;
		}
	}
}

function errorText(messages: Messages, error: DeviceError, deviceUrl: string, provider: TestMailProvider): string {
	switch (error.kind === 'http' ? error.apiError?.error : undefined) {
		case 'token_not_active': {
			return messages.testMail.tokenNotActive;
		}

		case 'account_unknown': {
			return messages.testMail.accountUnknown[provider];
		}

		default: {
			return describeDeviceError(messages, error, deviceUrl);
		}
	}
}

function formLines({messages, state, account, status, width}: {
	messages: Messages;
	state: TestMailState;
	account: string;
	status: StatusText | undefined;
	width: number;
}): BodyLine[] {
	const words = messages.testMail;
	const focus = state.phase === 'editing' ? state.focus : undefined;
	const lines: BodyLine[] = [
		blank(),
		text(<Text>{`  ${words.from}`}<ToneText tone="muted">{`  (${words.fromNote})`}</ToneText></Text>),
		text(`  ${truncateToWidth(account || messages.common.none, width - 2)}`),
		blank(),
		text(`  ${words.to}`),
		text(
			<Text>
				{focusMark(focus === 'to')}
				<TextFieldView state={state.to} focused={focus === 'to'} width={width - 4}/>
			</Text>,
		),
		...fieldErrorLines(messages, state.error, width).map(line => text(<ToneText tone="error">{`    ${line}`}</ToneText>)),
		blank(),
		text(
			<Text>
				{'  '}
				<Button label={words.send} focused={focus === 'ok'}/>
				{'  '}
				<Button label={messages.common.cancel} focused={focus === 'cancel'}/>
			</Text>,
		),
	];

	if (status) {
		lines.push(blank(), ...wrapped(status.text, width - 2, maxStatusLines, line => <ToneText tone={status.tone}>{`  ${line}`}</ToneText>));
	}

	return lines;
}

/** What to do next after the device's report, in words (matched in source/device/test-mail-advice.ts). */
export function testMailAdvice(messages: Messages, provider: TestMailProvider, result: TestMailResult, server: string): StatusText {
	const advice = adviceFor(messages, provider, result, server);
	return advice.warning ? {text: advice.text, tone: 'warning'} : {text: advice.text};
}

/**
The server's reply as it sent it: each of its lines (`535-5.7.8 …`, `535 5.7.8 …`) starts a line
of its own, sanitized and wrapped to `width`; at most `maxLines` in all, the last one kept ending
with … if something was left out.
*/
export function serverReplyLines(reply: string, width: number, maxLines: number): string[] {
	const lines: string[] = [];
	// A reply is bounded by the contract (4096 characters); look at no more lines than can be shown.
	const replyLines = reply.split(/\r\n|\r|\n/).map(line => sanitizeLine(line).trim()).filter(Boolean);
	for (const [index, line] of replyLines.entries()) {
		const room = maxLines - lines.length;
		if (room <= 0) {
			lines[lines.length - 1] = cutLine(lines.at(-1)!, width);
			break;
		}

		const wrapped = wrapAndClip(line, width, room);
		lines.push(...wrapped);
		if (lines.length >= maxLines && index < replyLines.length - 1) {
			lines[lines.length - 1] = cutLine(lines.at(-1)!, width);
			break;
		}
	}

	return lines;
}

function resultLines({messages, provider, result, width}: {
	messages: Messages;
	provider: TestMailProvider;
	result: TestMailResult;
	width: number;
}): BodyLine[] {
	const words = messages.testMail;
	const labels = [words.from, words.to, words.server, words.reply];
	const labelWidth = Math.max(...labels.map(label => displayWidth(label))) + 2;
	const valueWidth = Math.max(10, width - 2 - labelWidth);
	const row = (label: string, value: string) => text(`  ${padToWidth(label, labelWidth)}${truncateToWidth(value, valueWidth)}`);
	const clean = (value: string | undefined) => sanitizeLine(value ?? '').trim();

	const server = clean(result.server) || testMailServers[provider];
	const replyLines = serverReplyLines(result.reply ?? '', valueWidth, maxReplyLines);
	if (replyLines.length === 0) {
		replyLines.push(messages.common.none);
	}

	const advice = testMailAdvice(messages, provider, result, server);
	// On a short terminal the spacing around the headline goes first, then the gap above the
	// advice, then the advice from its end; never the report itself.
	return [
		text(' ', continuation),
		text(<ToneText bold tone={result.sent ? 'success' : 'error'}>{`  ${result.sent ? words.sent : words.notSent}`}</ToneText>),
		text(' ', continuation),
		row(words.from, clean(result.from) || messages.common.none),
		row(words.to, clean(result.to) || messages.common.none),
		row(words.server, server),
		...replyLines.map((line, index) => row(index === 0 ? words.reply : '', line)),
		text(' ', detail),
		...wrapAndClip(advice.text, width - 2, maxAdviceLines).map(line =>
			text(<ToneText tone={advice.tone ?? 'muted'}>{`  ${line}`}</ToneText>, spacing)),
	];
}

export function SendTestMailScreen({provider, account, send, initialTo, onSent, onSessionExpired, onCancel}: {
	provider: TestMailProvider;
	/** The account that authorized (the token's), as the device reported it. */
	account: string | undefined;
	send(to: string): Promise<TestMailResult>;
	initialTo?: string;
	onSent?(to: string): void;
	onSessionExpired(error: DeviceError): void;
	onCancel(): void;
}) {
	const {messages, clock, deviceUrl} = useEnvironment();
	const {columns, rows} = useTerminalSize();
	const form = useTestMail({
		...(initialTo === undefined ? {} : {initialTo}),
		now: () => clock.now(),
		send,
		...(onSent ? {onSent} : {}),
		onSessionExpired,
		onCancel,
	});
	useKeys(form.onKey, form.isTyping);
	const {state} = form;

	// The spinner and the seconds move only while the device sends.
	const visible = useScreenVisible();
	const now = useNow(clock, visible && state.phase === 'sending', 120);

	const hints = testMailHints(messages, state);
	const server = testMailServers[provider];
	const lines = state.phase === 'result' && state.result
		? resultLines({messages, provider, result: state.result, width: columns})
		: formLines({
			messages,
			state,
			account: sanitizeLine(account ?? '').trim(),
			status: formStatus(messages, state, deviceUrl, server, provider, now),
			width: columns,
		});

	return (
		<ScreenFrame hints={hints} width={columns}>
			<BodyLines lines={fitLines(lines, bodyBudget(hints, columns, rows))} width={columns}/>
		</ScreenFrame>
	);
}
