/**
管理者パスワードの変更 / Change the Administrator Password: after a log-in with the factory
default password the device allows nothing else. New and Confirm (masked), [OK]; Esc logs out.
*/
import {Text} from 'ink';
import type {DeviceClient} from '../source/device/device-client.js';
import {useChangePassword} from '../source/hooks/use-change-password.js';
import {changePasswordFields, type ChangePasswordState, type PasswordField} from '../source/forms/change-password-form.js';
import {useEnvironment, useScreenVisible} from '../source/hooks/use-env.js';
import {useKeys} from '../source/hooks/use-keys.js';
import {formatCountdown, useNow} from '../source/hooks/use-now.js';
import {useTerminalSize} from '../source/hooks/use-terminal-size.js';
import {sanitizeLine} from '../source/terminal/sanitize.js';
import {displayWidth, padToWidth, wrapAndClip} from '../source/terminal/terminal.js';
import {describeDeviceError} from './device-error-text.js';
import {hintsFor, type Hint} from '../source/input/key-bindings.js';
import {Button} from './widgets/button.js';
import {FieldMessage} from './widgets/field-message.js';
import {focusMark} from './widgets/focus-mark.js';
import {Line} from './widgets/line.js';
import {ScreenFrame} from './widgets/screen-frame.js';
import {TextFieldView} from './widgets/text-field-view.js';

function Outcome({state, width}: {state: ChangePasswordState; width: number}) {
	const {messages, clock, tickIntervalMs, deviceUrl} = useEnvironment();
	const words = messages.passwordChange;
	const visible = useScreenVisible();
	const locked = state.lockedUntil !== undefined && state.lockedUntil > clock.now();
	const now = useNow(clock, visible && locked, tickIntervalMs);
	let text: string | undefined;
	let isError = true;
	if (state.phase === 'submitting') {
		text = words.changing;
		isError = false;
	} else if (state.sessionEnded) {
		text = words.notChangedSession;
	} else if (state.error?.kind === 'locked') {
		text = state.lockedUntil !== undefined && state.lockedUntil > now
			? messages.deviceErrors.locked(formatCountdown(state.lockedUntil - now))
			: messages.login.unlocked;
		isError = state.lockedUntil !== undefined && state.lockedUntil > now;
	} else if (state.error) {
		text = describeDeviceError(messages, state.error, deviceUrl);
	} else if (Object.keys(state.fieldErrors).length > 0) {
		text = words.notChanged;
	}

	if (text === undefined) {
		return null;
	}

	return (
		<>
			{wrapAndClip(text, Math.max(8, width - 2), 3).map((line, index) => (
				// eslint-disable-next-line react/no-array-index-key
				<Line key={index} tone={isError ? 'error' : undefined}>{`  ${line}`}</Line>
			))}
		</>
	);
}

export function changePasswordHints(messages: ReturnType<typeof useEnvironment>['messages']): Hint[] {
	// From the key bindings table (`changePassword`): the fields are always text, so no q here.
	return hintsFor(messages, 'changePassword', ['typing', 'noQuit']);
}

export function ChangePasswordScreen({client, userName, currentPassword, onChanged, onLogOut, onSessionExpired}: {
	client: DeviceClient;
	userName: string;
	/** The password of the log-in (not asked again); undefined asks for it. */
	currentPassword: string | undefined;
	onChanged(): void;
	onLogOut(): void;
	onSessionExpired(): void;
}) {
	const {messages, clock} = useEnvironment();
	const {columns} = useTerminalSize();
	const words = messages.passwordChange;
	const form = useChangePassword({client, clock, userName, currentPassword, onChanged, onLogOut, onSessionExpired});
	useKeys(form.onKey, form.isTyping);
	const {state} = form;
	const labels: Record<PasswordField, string> = {
		currentPassword: words.currentPassword,
		newPassword: words.newPassword,
		confirmPassword: words.confirmPassword,
	};
	const fields = changePasswordFields(state).filter((field): field is PasswordField => field !== 'ok');
	const labelWidth = Math.max(displayWidth(messages.login.userName), ...fields.map(field => displayWidth(labels[field]))) + 2;
	const fieldWidth = Math.max(8, columns - 2 - labelWidth - 1);
	const textWidth = Math.max(8, columns - 2);

	return (
		<ScreenFrame hints={changePasswordHints(messages)} width={columns}>
			<Line/>
			{wrapAndClip(words.intro, textWidth, 2).map((line, index) => (
				// eslint-disable-next-line react/no-array-index-key
				<Line key={`intro-${index}`} bold>{`  ${line}`}</Line>
			))}
			{wrapAndClip(words.rules, textWidth, 2).map((line, index) => (
				// eslint-disable-next-line react/no-array-index-key
				<Line key={`rules-${index}`} dim>{`  ${line}`}</Line>
			))}
			<Line/>
			<Line dim>{`  ${padToWidth(messages.login.userName, labelWidth)}${sanitizeLine(userName)}`}</Line>
			{fields.map(field => (
				<FieldRow
					key={field}
					label={padToWidth(labels[field], labelWidth)}
					state={state}
					field={field}
					fieldWidth={fieldWidth}
					indent={2 + labelWidth}
					messageWidth={Math.max(8, columns - 2 - labelWidth)}
				/>
			))}
			<Line/>
			<Line>
				{' '}
				<Button label={messages.common.ok} focused={state.focus === 'ok'}/>
			</Line>
			<Line/>
			<Outcome state={state} width={columns}/>
		</ScreenFrame>
	);
}

function FieldRow({label, state, field, fieldWidth, indent, messageWidth}: {
	label: string;
	state: ChangePasswordState;
	field: PasswordField;
	fieldWidth: number;
	indent: number;
	messageWidth: number;
}) {
	const {messages} = useEnvironment();
	const code = state.fieldErrors[field];
	return (
		<>
			<Line>
				{focusMark(state.focus === field)}
				<Text>{label}</Text>
				<TextFieldView mask state={state[field]} focused={state.focus === field} width={fieldWidth}/>
			</Line>
			{code ? <FieldMessage lines={wrapAndClip(messages.fieldErrors[code], messageWidth, 2)} indent={indent}/> : null}
		</>
	);
}
