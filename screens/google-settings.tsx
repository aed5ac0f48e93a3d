/**
OAuth 2.0(Google)設定 / OAuth 2.0 (Google) Settings: the saved Basic Settings [Edit] (the
client secret only as Set / Not set), the Server Connection Status, Authorization Information
[Register] and the Token Status, with what to do next (once it is Active: the account that
sends, and m for Send Test Mail). Nothing counts down: after the check the
device waits for the engineer to register a code.
*/
import {Text} from 'ink';
import type {GoogleState} from '../source/device/contract-values.js';
import {useEnvironment, useScreenVisible} from '../source/hooks/use-env.js';
import {useNow} from '../source/hooks/use-now.js';
import type {GoogleStore} from '../source/hooks/use-provider-state.js';
import {useTerminalSize} from '../source/hooks/use-terminal-size.js';
import type {Messages} from '../source/i18n/index.js';
import {sanitizeLine} from '../source/terminal/sanitize.js';
import {padToWidth} from '../source/terminal/terminal.js';
import type {Hint} from '../source/input/key-bindings.js';
import {
	accountLines,
	basicSettingsHeading,
	blank,
	BodyLines,
	connectionLines,
	fitLines,
	hintLines,
	noticeLines,
	onOff,
	PageButton,
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
import {bodyBudget, ScreenFrame} from './widgets/screen-frame.js';
import {ToneText} from './widgets/tone-text.js';

export function googleHints(messages: Messages, confirming: boolean): Hint[] {
	return settingsHints(messages, confirming, 'googleSettings');
}

/** Under Authorization Information, when it cannot be registered yet. */
function authorizationNote(messages: Messages, state: GoogleState): string | undefined {
	const blocked = state.authorization === null && state.token.status !== 'active' && state.connection.status !== 'success';
	return blocked ? messages.google.authorizationNotReady : undefined;
}

function buildLines({messages, deviceUrl, store, screen, now, width}: {
	messages: Messages;
	deviceUrl: string;
	store: GoogleStore;
	screen: SettingsScreenState;
	now: number;
	width: number;
}): BodyLine[] {
	const words = messages.google;
	const lines: BodyLine[] = [blank(), basicSettingsHeading(messages, screen.selected === 0)];
	const {state} = store;

	if (state === undefined) {
		lines.push(text(`    ${messages.common.loading}`));
	} else {
		const {settings} = state;
		lines.push(...settingRows([
			[words.useOAuth, onOff(messages, settings.enabled)],
			[messages.oauth.verifyServerCertificate, onOff(messages, settings.verifyServerCertificate)],
			[messages.oauth.addCnToVerification, onOff(messages, settings.addCnToVerification)],
			[words.clientId, sanitizeLine(settings.clientId).trim() || messages.common.none],
			// Write-only: whether one is stored, never a character of it.
			[words.clientSecret, settings.clientSecretSet ? words.secretSet : words.secretNotSet],
		], width));
		if (!settings.enabled) {
			lines.push(...hintLines(words.disabled, width));
		}

		lines.push(blank());

		const {row, labelWidth} = statusRows([messages.oauth.connectionStatus, words.authorizationInformation, messages.oauth.tokenStatus, messages.testMail.account]);
		const context = {messages, row, width};
		lines.push(...connectionLines(context, state.connection, now, words.connectionReasons));

		const registerSelected = screen.selected === 1;
		const note = authorizationNote(messages, state);
		lines.push(text(
			<Text>
				<Text bold={registerSelected}>{`${registerSelected ? '›' : ' '} ${padToWidth(words.authorizationInformation, labelWidth)}`}</Text>
				<PageButton label={words.register} selected={registerSelected}/>
				{note ? <ToneText tone="muted">{`  ${note}`}</ToneText> : null}
			</Text>,
		));

		lines.push(...tokenLines(context, state.token, words.tokenReasons), ...accountLines(context, state.token));
		if (state.token.status === 'waiting' && state.authorization) {
			lines.push(...hintLines(words.waitingForCode, width));
		}
	}

	lines.push(...noticeLines({messages, screen, busy: store.busy, error: store.error, deviceUrl, width}));
	return lines;
}

export function GoogleSettingsScreen({store, onEdit, onRegister, onTestMail}: {
	store: GoogleStore;
	onEdit(): void;
	onRegister(): void;
	onTestMail(): void;
}) {
	const {messages, clock, deviceUrl} = useEnvironment();
	const {columns, rows} = useTerminalSize();
	const screen = useSettingsKeys({
		store,
		context: 'googleSettings',
		actions: [{letter: 'e', open: onEdit}, {letter: 'a', open: onRegister}],
		onKey(input, _key, setNotice) {
			if (input !== 'm') {
				return false;
			}

			testMailKey(messages, store.get()?.token, onTestMail, setNotice);
			return true;
		},
	});

	// The spinner turns only while the device checks the connection.
	const visible = useScreenVisible();
	const now = useNow(clock, visible && store.state?.connection.status === 'checking', 120);

	const hints = googleHints(messages, screen.confirmReset);
	const lines = fitLines(buildLines({messages, deviceUrl, store, screen, now, width: columns}), bodyBudget(hints, columns, rows));

	return (
		<ScreenFrame hints={hints} width={columns}>
			<BodyLines lines={lines} width={columns}/>
		</ScreenFrame>
	);
}
