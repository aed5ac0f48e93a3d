/**
認可用情報の登録 / Register Authorization Information (Google): the URL for Google
Authorization Server, then the Authorization Code.

The URL (about 400 characters) must reach a browser whole over SSH, so its lines carry nothing
else: drawn from column 0, hard-wrapped at the terminal width, as one OSC 8 link. u sends it
to the clipboard (OSC 52), p prints it as one line above the screen, where the terminal wraps
it softly and a mouse selection gives the exact URL. A QR code only if everything fits.
*/
import {Text, useStdout} from 'ink';
import type {GoogleState} from '../source/device/contract-values.js';
import type {DeviceError} from '../source/device/device-error.js';
import {useAuthorizationCodeForm} from '../source/hooks/use-authorization-code-form.js';
import {type CodeFormState} from '../source/forms/authorization-code-form.js';
import {useEnvironment} from '../source/hooks/use-env.js';
import {useKeys} from '../source/hooks/use-keys.js';
import type {GoogleStore} from '../source/hooks/use-provider-state.js';
import {useQrCode} from '../source/hooks/use-qr-code.js';
import {useTerminalSize} from '../source/hooks/use-terminal-size.js';
import type {Messages} from '../source/i18n/index.js';
import {sanitizeLine} from '../source/terminal/sanitize.js';
import {hardWrap, hyperlink} from '../source/terminal/terminal.js';
import {hintsFor, type Hint} from '../source/input/key-bindings.js';
import {fieldErrorLines} from './widgets/field-error.js';
import {FormButtons} from './widgets/form-buttons.js';
import {noticeStatus} from './notice-status.js';
import type {StatusText} from './widgets/status-lines.js';
import {bodyBudget, ScreenFrame} from './widgets/screen-frame.js';
import {focusMark} from './widgets/focus-mark.js';
import {QrBlock, qrBlockHeight} from './widgets/qr-block.js';
import {TextFieldView} from './widgets/text-field-view.js';
import {ToneText} from './widgets/tone-text.js';
import {blank, BodyLines, detail, fitLines, keep, text, wrapped, type BodyLine} from './oauth-settings.js';

export function registerHints(messages: Messages, state: CodeFormState, available: boolean): Hint[] {
	// From the key bindings table (`registerAuthorization`).
	if (!available) {
		return hintsFor(messages, 'registerAuthorization', ['unavailable', 'notTyping']);
	}

	if (state.phase === 'submitting') {
		return hintsFor(messages, 'registerAuthorization', ['busy']);
	}

	return hintsFor(messages, 'registerAuthorization', state.focus === 'code' ? ['typing'] : ['url', 'notTyping']);
}

/** Why there is nothing to register, and what to do. */
function unavailableText(messages: Messages, state: GoogleState | undefined): string {
	const words = messages.google.noAuthorization;
	if (state === undefined) {
		return messages.common.loading;
	}

	if (!state.settings.enabled) {
		return words.disabled;
	}

	if (state.token.status === 'active') {
		return words.active;
	}

	return state.connection.status === 'success' ? words.missing : words.notConnected;
}

function statusOf(messages: Messages, state: CodeFormState, deviceUrl: string): StatusText | undefined {
	const words = messages.google;
	if (state.phase === 'submitting') {
		return {text: words.exchanging};
	}

	switch (state.notice?.type) {
		case 'copied': {
			return {text: words.copiedUrl(state.notice.length)};
		}

		case 'printed': {
			return {text: words.printedUrl};
		}

		default: {
			return noticeStatus(messages, state.notice, deviceUrl, words.notSent, 'code');
		}
	}
}

function buildLines({messages, deviceUrl, url, form, width, maxUrlLines}: {
	messages: Messages;
	deviceUrl: string;
	url: string;
	form: CodeFormState;
	width: number;
	/** Lines the URL may take; a longer one ends with … (u and p still give it whole). */
	maxUrlLines: number;
}): BodyLine[] {
	const words = messages.google;
	const focus = form.phase === 'editing' ? form.focus : undefined;
	const lines: BodyLine[] = [
		blank(),
		text(<Text bold={focus === 'url'} inverse={focus === 'url'}>{`${focusMark(focus === 'url')}${words.authorizationUrl}`}</Text>),
		// Nothing else on these lines: put together, they are the URL.
		...hardWrap(url, width, maxUrlLines).map(piece => text(<ToneText tone="link">{hyperlink(url, piece)}</ToneText>)),
		blank(),
		text(`  ${words.authorizationCode}`),
		text(
			<Text>
				{focusMark(focus === 'code')}
				<TextFieldView state={form.code} focused={focus === 'code'} width={width - 4}/>
			</Text>,
		),
		...wrapped(words.codeHint, width - 4, 2, line => <ToneText tone="muted">{`    ${line}`}</ToneText>, detail),
		...fieldErrorLines(messages, form.error?.code, width, form.error?.detail).map(line => text(<ToneText tone="error">{`    ${line}`}</ToneText>)),
		blank(),
		text(<FormButtons focus={focus}/>),
	];

	const status = statusOf(messages, form, deviceUrl);
	if (status) {
		lines.push(blank(), ...wrapped(status.text, width - 2, 3, line => <ToneText tone={status.tone}>{`  ${line}`}</ToneText>));
	}

	return lines;
}

export function GoogleRegisterAuthorizationScreen({store, submit, onDone, onCancel, onSessionExpired, copy}: {
	store: GoogleStore;
	submit(code: string): Promise<GoogleState>;
	onDone(state: GoogleState): void;
	onCancel(): void;
	onSessionExpired(error: DeviceError): void;
	copy(text: string): void;
}) {
	const {messages, deviceUrl} = useEnvironment();
	const {columns, rows} = useTerminalSize();
	const {write} = useStdout();
	const form = useAuthorizationCodeForm({
		authorizationUrl: () => store.get()?.authorization?.url,
		submit,
		onDone,
		onCancel,
		onSessionExpired,
		copy,
		print(url) {
			// Above the frame, as one line: the terminal wraps it softly.
			write(`${url}\n`);
		},
	});
	useKeys(form.onKey, form.isTyping, form.takesPaste);

	const url = sanitizeLine(store.state?.authorization?.url ?? '').trim();
	const hints = registerHints(messages, form.state, url !== '');
	const budget = bodyBudget(hints, columns, rows);
	const qr = useQrCode(url || undefined);

	if (url === '') {
		return (
			<ScreenFrame hints={hints} width={columns}>
				<BodyLines lines={[blank(), ...wrapped(unavailableText(messages, store.state), columns - 2, 4, line => `  ${line}`)]} width={columns}/>
			</ScreenFrame>
		);
	}

	const build = (maxUrlLines: number) => buildLines({messages, deviceUrl, url, form: form.state, width: columns, maxUrlLines});
	// The URL gets the lines the others that always stay leave, so the code field stays on screen.
	const lines = build(Math.max(1, budget - build(0).filter(line => line.drop === keep).length));
	const showQr = qr !== undefined && qr.width <= columns && lines.length + qrBlockHeight(qr) <= budget;

	return (
		<ScreenFrame hints={hints} width={columns}>
			<BodyLines lines={fitLines(lines, budget)} width={columns}/>
			{showQr ? <QrBlock qr={qr} caption={messages.oauth.scanQr}/> : null}
		</ScreenFrame>
	);
}
