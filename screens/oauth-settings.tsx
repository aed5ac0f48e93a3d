/**
What the OAuth 2.0 (Microsoft) and OAuth 2.0 (Google) Settings pages share: the body as a list
of single lines whose height is known (so that spacing and details go first when the terminal
is short, never a status), the saved Basic Settings, the Server Connection Status and Token
Status with their reasons in words (and the account that sends while it is Active), the notices
under them, and the keys (the page's buttons, r, m for a test mail, x with y/n).
*/
import type {ReactNode} from 'react';
import {Box, Text, type Key} from 'ink';
import type {ConnectionStatus, TokenRevocation, TokenStatus} from '../source/device/contract-values.js';
import type {DeviceError} from '../source/device/device-error.js';
import {useEnvironment} from '../source/hooks/use-env.js';
import {waitForScreen} from '../source/input/key-dispatcher.js';
import {useKeys} from '../source/hooks/use-keys.js';
import {spinnerFrame} from '../source/hooks/use-now.js';
import type {ProviderStore} from '../source/hooks/use-provider-state.js';
import {useSyncStore} from '../source/hooks/use-sync-store.js';
import type {Messages} from '../source/i18n/index.js';
import {sanitizeLine} from '../source/terminal/sanitize.js';
import {displayWidth, padToWidth, truncateToWidth, wrapAndClip} from '../source/terminal/terminal.js';
import {describeDeviceError} from './device-error-text.js';
import {useEffect} from 'react';
import {useRouteOnTop} from '../source/hooks/use-unsaved-changes.js';
import {actionFor, bindingFor, hintsFor, type Hint} from '../source/input/key-bindings.js';
import {ToneText} from './widgets/tone-text.js';

/**
A line of the body; lines with a higher `drop` are left out first when space is short. `cut`:
the line as drawn when the continuation lines after it were left out (ending with …).
*/
export type BodyLine = {node: ReactNode; drop: number; cut?: ReactNode};

/** Never dropped. */
export const keep = 0;
export const spacing = 1;
export const detail = 2;
export const continuation = 3;
/** The further lines of a label wrapped in its column: the first to go (the line before ends with …). */
export const labelContinuation = 4;

/**
The lines that fit `budget`: droppable ones go first, highest level, from the bottom up. A
wrapped text whose continuation lines were left out ends with … on its last line kept.
*/
export function fitLines(lines: readonly BodyLine[], budget: number): BodyLine[] {
	const dropped = new Set<number>();
	for (let level = labelContinuation; level > keep && lines.length - dropped.size > budget; level--) {
		for (let index = lines.length - 1; index >= 0 && lines.length - dropped.size > budget; index--) {
			if (lines[index]!.drop === level) {
				dropped.add(index);
			}
		}
	}

	const kept: BodyLine[] = [];
	for (const [index, line] of lines.entries()) {
		if (dropped.has(index)) {
			continue;
		}

		const next = lines[index + 1];
		const cut = line.cut !== undefined && next !== undefined && next.drop >= continuation && dropped.has(index + 1);
		kept.push(cut ? {...line, node: line.cut} : line);
	}

	return kept;
}

export function text(node: ReactNode, drop = keep): BodyLine {
	return {node, drop};
}

export function blank(): BodyLine {
	return {node: ' ', drop: spacing};
}

/**
Text wrapped to `width`, at most `maxLines`; the first line is dropped at `firstDrop`, the others
first of all (and then the last line kept ends with …).
*/
export function wrapped(value: string, width: number, maxLines: number, draw: (line: string) => ReactNode, firstDrop = keep): BodyLine[] {
	return wrapAndClip(value, width, maxLines).map((line, index) => ({
		...text(draw(line), index === 0 ? firstDrop : continuation),
		cut: draw(cutLine(line, width)),
	}));
}

/** A line of a wrapped text, marked as cut: it ends with … (within `width`). */
export function cutLine(line: string, width: number): string {
	return line.endsWith('…') ? line : truncateToWidth(`${line}…`, width);
}

/**
Lines a reason may take: what to change in an admin console, and where, takes three or four
at 80 columns; past its first line a reason gives way first on a short terminal.
*/
const maxReasonLines = 4;

/** Lines of a reason (in words) and the device's detail, under a status. */
export function explanation(reason: string | undefined, rawDetail: string | undefined, width: number): BodyLine[] {
	const lines = reason ? wrapped(reason, width - 4, maxReasonLines, line => <ToneText tone="warning">{`    ${line}`}</ToneText>) : [];
	const detailText = rawDetail ? sanitizeLine(rawDetail).trim() : '';
	if (detailText) {
		lines.push(text(<ToneText tone="muted">{`    ${truncateToWidth(detailText, width - 4)}`}</ToneText>, detail));
	}

	return lines;
}

/** A help line under something, dim. */
export function hintLines(value: string, width: number): BodyLine[] {
	return wrapped(value, width - 4, 2, line => <ToneText tone="muted">{`    ${line}`}</ToneText>, detail);
}

/** A button of the page, as [label]; the selected one inverse. */
export function PageButton({label, selected}: {label: string; selected: boolean}) {
	return <Text inverse={selected} bold={selected}>{`[${label}]`}</Text>;
}

/** "› Basic Settings  [Edit]": the saved settings' heading. */
export function basicSettingsHeading(messages: Messages, selected: boolean): BodyLine {
	return text(
		<Text>
			<Text bold>{`${selected ? '›' : ' '} ${messages.oauth.basicSettings}  `}</Text>
			<PageButton label={messages.oauth.edit} selected={selected}/>
		</Text>,
	);
}

export function onOff(messages: Messages, value: boolean): string {
	return value ? messages.common.on : messages.common.off;
}

/**
The saved settings, one per line with their labels in a column; a value too long for its line
goes on the next one, indented.
*/
export function settingRows(rows: ReadonlyArray<readonly [label: string, value: string]>, width: number): BodyLine[] {
	const labelWidth = Math.max(...rows.map(([label]) => displayWidth(label))) + 2;
	return rows.flatMap(([label, value]) => displayWidth(value) <= width - 4 - labelWidth
		? [text(`    ${padToWidth(label, labelWidth)}${value}`)]
		: [text(`    ${label}`), text(`      ${truncateToWidth(value, width - 6)}`)]);
}

export type StatusRow = (label: string, value: ReactNode, drop?: number) => BodyLine;

/** Rows of the status part, with a label column as wide as the widest of `labels`. */
export function statusRows(labels: readonly string[]): {row: StatusRow; labelWidth: number} {
	const labelWidth = Math.max(...labels.map(label => displayWidth(label))) + 2;
	const row: StatusRow = (label, value, drop = keep) => text(<Text>{`  ${padToWidth(label, labelWidth)}`}{value}</Text>, drop);
	return {row, labelWidth};
}

/** The provider's own words for some reasons; the shared ones otherwise. */
export type ReasonWords<Reason extends string> = Partial<Record<Reason, string>>;

type ConnectionReason = NonNullable<ConnectionStatus['reason']>;
type TokenReason = NonNullable<TokenStatus['reason']>;

/** What the status lines are drawn with. */
export type StatusContext = {messages: Messages; row: StatusRow; width: number};

/** サーバーの接続状況 / Server Connection Status, with the reason it failed (at `now`: the spinner). */
export function connectionLines(
	{messages, row, width}: StatusContext,
	connection: ConnectionStatus,
	now: number,
	reasons: ReasonWords<ConnectionReason> = {},
): BodyLine[] {
	const words = messages.oauth;
	const word = words.connection[connection.status] ?? connection.status;
	const lines = [row(
		words.connectionStatus,
		connection.status === 'checking'
			? <ToneText tone="progress">{`${spinnerFrame(now)} ${word}`}</ToneText>
			: <ToneText bold tone={connection.status === 'success' ? 'success' : (connection.status === 'failed' ? 'error' : undefined)}>{word}</ToneText>,
	)];
	if (connection.status === 'failed') {
		const reason = connection.reason ? reasons[connection.reason] ?? words.connectionReasons[connection.reason] : undefined;
		lines.push(...explanation(reason, connection.detail, width));
	}

	return lines;
}

/** トークンの稼働状況 / Token Status, with why it is not active and what to do. */
export function tokenLines(
	{messages, row, width}: StatusContext,
	token: TokenStatus,
	reasons: ReasonWords<TokenReason> = {},
): BodyLine[] {
	const words = messages.oauth;
	const word = words.token[token.status] ?? token.status;
	const tone = token.status === 'active' ? 'success' : (token.status === 'error' || token.status === 'expired' ? 'error' : undefined);
	const lines = [row(words.tokenStatus, <ToneText bold tone={tone}>{word}</ToneText>)];
	const reason = token.reason ? reasons[token.reason] ?? words.tokenReasons[token.reason] : undefined;
	if (token.status === 'error') {
		lines.push(...explanation(reason, token.detail, width));
	} else if (token.status === 'expired') {
		// An expired user code (expired_token) needs a new code, not a token refresh.
		lines.push(...explanation(reason ?? words.tokenExpired, token.detail, width));
	}

	return lines;
}

/** Under Token Status while it is Active: the account that authorized, which sends the mail. */
export function accountLines({messages, row}: StatusContext, token: TokenStatus): BodyLine[] {
	const account = token.status === 'active' && token.account ? sanitizeLine(token.account).trim() : '';
	return account ? [row(messages.testMail.account, account)] : [];
}

/** m: Send Test Mail, which needs an active token; otherwise the notice says why not. */
export function testMailKey(messages: Messages, token: TokenStatus | undefined, open: () => void, setNotice: (notice: string) => void): void {
	if (token === undefined) {
		return;
	}

	if (token.status === 'active') {
		open();
	} else {
		setNotice(messages.testMail.notActive(messages.oauth.token[token.status] ?? token.status));
	}
}

// The page's state: a question being asked, and what just happened.

export type SettingsScreenState = {
	readonly confirmReset: boolean;
	/**
	What the last key did, in words. It belongs to the Token Status it was said under
	(`noticeToken`): once that changes it is stale and goes, as it goes when another screen
	is opened from the page.
	*/
	readonly notice: string | undefined;
	readonly noticeToken?: string | undefined;
	/** Which of the page's buttons Enter presses. */
	readonly selected: number;
};

type SettingsScreenAction =
	| {type: 'confirm'; on: boolean}
	| {type: 'notice'; notice: string | undefined; token?: string | undefined}
	| {type: 'select'; delta: 1 | -1; count: number};

export function settingsScreenReducer(state: SettingsScreenState, action: SettingsScreenAction): SettingsScreenState {
	switch (action.type) {
		case 'confirm': {
			return {...state, confirmReset: action.on, notice: undefined};
		}

		case 'notice': {
			return state.notice === action.notice && state.noticeToken === action.token ? state : {...state, notice: action.notice, noticeToken: action.token};
		}

		case 'select': {
			return {...state, selected: (state.selected + action.delta + action.count) % action.count};
		}
	}
}

/** The question, what is under way, what just happened, and a failed read, under the statuses. */
export function noticeLines({messages, screen, busy, error, deviceUrl, width}: {
	messages: Messages;
	screen: SettingsScreenState;
	busy: 'refresh' | 'reset' | undefined;
	error: DeviceError | undefined;
	deviceUrl: string;
	width: number;
}): BodyLine[] {
	const words = messages.oauth;
	const notices: BodyLine[] = [];
	if (screen.confirmReset) {
		notices.push(text(<ToneText tone="question">{`  ${truncateToWidth(words.confirmReset, width - 2)}`}</ToneText>));
	} else if (busy) {
		notices.push(text(`  ${busy === 'refresh' ? words.refreshing : words.resetting}`));
	} else if (screen.notice) {
		notices.push(...wrapped(screen.notice, width - 2, 3, line => `  ${line}`));
	}

	if (error) {
		const errorText = `${describeDeviceError(messages, error, deviceUrl, 'action')} ${messages.deviceErrors.retrying}`;
		notices.push(...wrapped(errorText, width - 2, 2, line => <ToneText tone="error">{`  ${line}`}</ToneText>));
	}

	return notices.length > 0 ? [blank(), ...notices] : [];
}

/** After x: the device forgot the authorization; what the identity provider was told, in words. */
export function revocationNotice(messages: Messages, revocation: TokenRevocation): string {
	const words = messages.revocation;
	switch (revocation.status) {
		case 'revoked': {
			return words.revoked;
		}

		case 'failed': {
			return words.failed(truncateToWidth(sanitizeLine(revocation.detail ?? '').trim() || '?', 48));
		}

		case 'not-supported': {
			return words.notSupported;
		}

		case 'nothing-to-revoke': {
			return words.nothingToRevoke;
		}
	}
}

/** One of the page's buttons: its letter, and what it opens. */
export type PageAction = {letter: string; open(): void};

/**
The keys of a settings page: ↑↓ (j k, Tab) choose between its buttons, Enter presses the
chosen one, each button's letter presses it, r refreshes, x (or Del) forgets the authorization
after y, and then says what the identity provider was told (revoked at Google, or not).
`onKey` gets the other keys first (copying, for instance).
*/
export function useSettingsKeys<State extends {token: {status: string}}>({store, actions, onKey, capture, context = 'microsoftSettings'}: {
	store: ProviderStore<State>;
	/** Its keys in the key bindings table. */
	context?: 'microsoftSettings' | 'googleSettings';
	actions: readonly PageAction[];
	onKey?(input: string, key: Key, setNotice: (notice: string | undefined) => void): boolean;
	/** Sees every key first (a view over the page that takes all keys); true if it used it. */
	capture?(input: string, key: Key): boolean;
}): SettingsScreenState {
	const {messages} = useEnvironment();
	const [screen, dispatch, getScreen] = useSyncStore(settingsScreenReducer, {confirmReset: false, notice: undefined, selected: 0});
	const setNotice = (notice: string | undefined) => {
		dispatch({type: 'notice', notice, token: store.get()?.token.status});
	};

	// Another screen opened from this one (Edit, Send Test Mail): what was said here is over.
	const onTop = useRouteOnTop();
	useEffect(() => {
		if (!onTop) {
			dispatch({type: 'notice', notice: undefined});
		}
	}, [onTop]);

	useKeys((input, key) => {
		if (capture?.(input, key)) {
			return true;
		}

		// What a key means comes from the key bindings table (source/input/key-bindings.ts).
		if (getScreen().confirmReset) {
			const answer = actionFor('confirmReset', input, key);
			if (answer === 'yes') {
				dispatch({type: 'confirm', on: false});
				void store.reset().then(revocation => {
					if (revocation) {
						setNotice(revocationNotice(messages, revocation));
					}
				});
			} else if (answer === 'no') {
				dispatch({type: 'confirm', on: false});
			}

			return true;
		}

		const binding = bindingFor(context, input, key);
		if (binding === undefined || binding.action === 'back') {
			// Not a key of this page (Esc goes back: the app's).
			return false;
		}

		switch (binding.action) {
			case 'select': {
				if (actions.length > 1) {
					const back = key.upArrow || input === 'k' || (key.tab && key.shift);
					dispatch({type: 'select', delta: back ? -1 : 1, count: actions.length});
				}

				return true;
			}

			case 'refresh': {
				setNotice(undefined);
				void store.refresh();
				return true;
			}

			case 'reset': {
				dispatch({type: 'confirm', on: true});
				return true;
			}

			default: {
				break;
			}
		}

		const action = binding.action === 'press'
			? actions[getScreen().selected]
			: actions.find(candidate => binding.keys.includes(candidate.letter));
		if (action) {
			// Nothing to open until the state has been read: a key typed ahead waits for it
			// (input/key-dispatcher.ts); if reading it failed, the key means nothing.
			if (store.get()) {
				action.open();
			} else if (store.error === undefined) {
				return waitForScreen;
			}

			return true;
		}

		return onKey?.(input, key, setNotice) ?? false;
	// A paste reaches the page whole and means nothing here: one letter at a time, its x and y
	// would forget the authorization, its q quit.
	}, undefined, () => true);

	// A notice said under another Token Status is stale.
	const token = store.state?.token.status;
	return screen.notice !== undefined && screen.noticeToken !== token ? {...screen, notice: undefined} : screen;
}

/** The footer of a settings page, from the key bindings table; y/n while asking. */
export function settingsHints(messages: Messages, confirming: boolean, context: 'microsoftSettings' | 'googleSettings', tags: readonly string[] = []): Hint[] {
	if (confirming) {
		return hintsFor(messages, 'confirmReset', [], {closing: false});
	}

	return hintsFor(messages, context, ['notTyping', ...tags]);
}

/** The body's lines, each cut to one terminal line. */
export function BodyLines({lines, width}: {lines: readonly BodyLine[]; width: number}) {
	return (
		<Box flexDirection="column" flexShrink={0} width={width}>
			{lines.map((line, index) => (
				// eslint-disable-next-line react/no-array-index-key
				<Text key={index} wrap="truncate-end">{typeof line.node === 'string' ? truncateToWidth(line.node, width) : line.node}</Text>
			))}
		</Box>
	);
}
