/** ログイン(管理者モード) / Log In (System Manager Mode). */
import {Box, Text} from 'ink';
import type {DeviceClient} from '../source/device-client.js';
import {useEnvironment, useScreenVisible} from '../source/hooks/use-env.js';
import {useKeys} from '../source/hooks/use-keys.js';
import {useLoginForm, type LoginFormState} from '../source/hooks/use-login-form.js';
import {formatCountdown, useNow} from '../source/hooks/use-now.js';
import {useTerminalSize} from '../source/hooks/use-terminal-size.js';
import {displayWidth, padToWidth, wrapAndClip} from '../source/terminal.js';
import {describeDeviceError} from './device-error-text.js';
import {Button, FieldMessage, focusMark, Line, ScreenFrame, TextFieldView, type Hint} from './widgets.js';

/** The fields and the outcome of a log-in form; shared with the session prompt. */
export function LoginFormView({state, width}: {state: LoginFormState; width: number}) {
	const {messages, clock, tickIntervalMs, deviceUrl} = useEnvironment();
	const words = messages.login;
	const locked = state.lockedUntil !== undefined;
	const visible = useScreenVisible();
	const now = useNow(clock, visible && locked && state.lockedUntil! > clock.now(), tickIntervalMs);
	const labelWidth = Math.max(displayWidth(words.userName), displayWidth(words.password)) + 2;
	const fieldWidth = Math.max(8, width - 2 - labelWidth - 1);

	let outcome: string | undefined;
	if (state.phase === 'submitting') {
		outcome = words.loggingIn;
	} else if (state.error?.kind === 'locked') {
		if (state.lockedUntil === undefined) {
			outcome = messages.deviceErrors.locked('--:--');
		} else if (state.lockedUntil > now) {
			outcome = messages.deviceErrors.locked(formatCountdown(state.lockedUntil - now));
		} else {
			outcome = words.unlocked;
		}
	} else if (state.error) {
		outcome = describeDeviceError(messages, state.error, deviceUrl);
	}

	const outcomeIsError = state.phase !== 'submitting' && state.error !== undefined && !(locked && state.lockedUntil! <= now);

	return (
		<Box flexDirection="column">
			{state.fields.includes('userName') ? (
				<>
					<Line>
						{focusMark(state.focus === 'userName')}
						{padToWidth(words.userName, labelWidth)}
						<TextFieldView state={state.userName} focused={state.focus === 'userName'} width={fieldWidth}/>
					</Line>
					{state.userNameMissing ? <FieldMessage lines={[messages.fieldErrors.required]} indent={2 + labelWidth}/> : null}
				</>
			) : (
				<Line dim>{`  ${padToWidth(words.userName, labelWidth)}${state.userName.chars.join('')}`}</Line>
			)}
			<Line>
				{focusMark(state.focus === 'password')}
				{padToWidth(words.password, labelWidth)}
				<TextFieldView mask state={state.password} focused={state.focus === 'password'} width={fieldWidth}/>
			</Line>
			<Line/>
			<Line>
				{' '}
				<Button label={words.logIn} focused={state.focus === 'submit'}/>
			</Line>
			<Line/>
			{outcome === undefined ? null : wrapAndClip(outcome, width - 2, 3).map((line, index) => (
				// eslint-disable-next-line react/no-array-index-key
				<Line key={index} color={outcomeIsError ? 'red' : undefined}>{`  ${line}`}</Line>
			))}
		</Box>
	);
}

export function loginHints(messages: ReturnType<typeof useEnvironment>['messages']): Hint[] {
	return [
		{keys: 'Tab/↑↓', label: messages.keys.nextField},
		{keys: 'Enter', label: messages.keys.logIn},
		{keys: 'Ctrl+C', label: messages.keys.quit},
	];
}

export function LoginScreen({client, userName, onLoggedIn}: {
	client: DeviceClient;
	userName: string;
	onLoggedIn(userName: string): void;
}) {
	const {messages, clock, deviceUrl} = useEnvironment();
	const {columns} = useTerminalSize();
	const form = useLoginForm({client, clock, userName, askUserName: true, onLoggedIn});
	useKeys(form.onKey, form.isTyping);

	return (
		<ScreenFrame hints={loginHints(messages)} width={columns}>
			<Line/>
			<Line>
				<Text dimColor>{`  ${messages.login.device}  `}</Text>
				{deviceUrl}
			</Line>
			<Line/>
			<LoginFormView state={form.state} width={columns}/>
		</ScreenFrame>
	);
}
