/** ログイン(管理者モード) / Log In (System Manager Mode). */
import {Box} from 'ink';
import type {DeviceAddress} from '../source/device/device-address.js';
import type {DeviceClient} from '../source/device/device-client.js';
import {useEnvironment, useScreenVisible} from '../source/hooks/use-env.js';
import {useKeys} from '../source/hooks/use-keys.js';
import type {TextInputState} from '../source/input/text-input.js';
import {useLoginForm, type LoginConnection} from '../source/hooks/use-login-form.js';
import {activeFields, loginTarget, type LoginFormState} from '../source/forms/login-form.js';
import {formatCountdown, useNow} from '../source/hooks/use-now.js';
import {useTerminalSize} from '../source/hooks/use-terminal-size.js';
import {sanitizeLine} from '../source/terminal/sanitize.js';
import {displayWidth, padToWidth, wrapAndClip} from '../source/terminal/terminal.js';
import {describeDeviceError} from './device-error-text.js';
import {hintsFor, type Hint} from '../source/input/key-bindings.js';
import {Button} from './widgets/button.js';
import {Checkbox} from './widgets/checkbox.js';
import {FieldMessage} from './widgets/field-message.js';
import {focusMark} from './widgets/focus-mark.js';
import {Line} from './widgets/line.js';
import {ScreenFrame} from './widgets/screen-frame.js';
import {TextFieldView} from './widgets/text-field-view.js';
import {ToneText} from './widgets/tone-text.js';

/** After these, the address is the likeliest thing to fix. */
function pointsAtTheAddress(state: LoginFormState): boolean {
	const kind = state.error?.kind;
	return kind === 'unreachable' || kind === 'timeout' || (kind === 'http' && state.error?.status === 404);
}

const atSigns = new Set(['@', '＠', '﹫']);

/**
The Device field as drawn: a user name and password typed or pasted into it (`user:pass@`) show
as •, never as text, from the moment the `@` is there (the address is refused anyway).
*/
function withCredentialsHidden(field: TextInputState): TextInputState {
	const {chars} = field;
	const at = chars.findLastIndex(character => atSigns.has(character));
	if (at < 0) {
		return field;
	}

	let start = 0;
	for (let index = 0; index + 2 < at; index++) {
		if (chars[index] === ':' && chars[index + 1] === '/' && chars[index + 2] === '/') {
			start = index + 3;
			break;
		}
	}

	return {...field, chars: chars.map((character, index) => (index >= start && index < at ? '•' : character))};
}

/** The device address: a line (or, on Log In with `connect`, a field), the plain HTTP warning, a blank line. */
function DeviceRows({state, labelWidth, width}: {state: LoginFormState; labelWidth: number; width: number}) {
	const {messages, deviceUrl} = useEnvironment();
	const words = messages.deviceAddress;
	const target = loginTarget(state);
	const indent = 2 + labelWidth;
	const fieldWidth = Math.max(8, width - indent - 1);
	const plainHttp = target.kind !== 'refused' && target.plainHttp;
	return (
		<>
			{state.deviceMode === 'editable' ? (
				<Line>
					{focusMark(state.focus === 'device')}
					{padToWidth(messages.login.device, labelWidth)}
					<TextFieldView state={withCredentialsHidden(state.device)} focused={state.focus === 'device'} width={fieldWidth}/>
				</Line>
			) : (
				<Line>
					<ToneText tone="muted">{`  ${messages.login.device}  `}</ToneText>
					{deviceUrl}
				</Line>
			)}
			{state.deviceProblem ? <FieldMessage lines={wrapAndClip(words.problems[state.deviceProblem], Math.max(8, width - indent), 3)} indent={indent}/> : null}
			{plainHttp ? wrapAndClip(words.plainHttp(target.host), Math.max(8, width - indent), 3).map((line, index) => (
				// eslint-disable-next-line react/no-array-index-key
				<Line key={index} tone="warning">{' '.repeat(indent) + line}</Line>
			)) : null}
			<Line/>
		</>
	);
}

/** The fields and the outcome of a log-in form; shared with the session prompt. */
export function LoginFormView({state, width}: {state: LoginFormState; width: number}) {
	const {messages, clock, tickIntervalMs, deviceUrl} = useEnvironment();
	const words = messages.login;
	const locked = state.lockedUntil !== undefined;
	const visible = useScreenVisible();
	const now = useNow(clock, visible && locked && state.lockedUntil! > clock.now(), tickIntervalMs);
	const editableDevice = state.deviceMode === 'editable';
	const labelWidth = Math.max(displayWidth(words.userName), displayWidth(words.password), editableDevice ? displayWidth(words.device) : 0) + 2;
	const fieldWidth = Math.max(8, width - 2 - labelWidth - 1);
	const fields = activeFields(state);
	const attemptUrl = state.attemptUrl === undefined ? deviceUrl : sanitizeLine(state.attemptUrl);

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
		outcome = describeDeviceError(messages, state.error, attemptUrl);
		if (editableDevice && pointsAtTheAddress(state)) {
			outcome = `${outcome} ${messages.deviceAddress.checkAddress}`;
		}
	}

	const outcomeIsError = state.phase !== 'submitting' && state.error !== undefined && !(locked && state.lockedUntil! <= now);

	return (
		<Box flexDirection="column">
			{state.deviceMode === 'none' ? null : <DeviceRows state={state} labelWidth={labelWidth} width={width}/>}
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
			{state.passwordMissing ? <FieldMessage lines={[messages.fieldErrors.required]} indent={2 + labelWidth}/> : null}
			{fields.includes('plainHttpConsent') ? (
				<Checkbox label={messages.deviceAddress.sendUnencrypted} checked={state.plainHttpConsent} focused={state.focus === 'plainHttpConsent'}/>
			) : null}
			{state.consentMissing ? <FieldMessage lines={wrapAndClip(messages.deviceAddress.confirmFirst, Math.max(8, width - 4), 3)}/> : null}
			<Line/>
			<Line>
				{' '}
				<Button label={words.logIn} focused={state.focus === 'submit'}/>
			</Line>
			<Line/>
			{outcome === undefined ? null : wrapAndClip(outcome, width - 2, 3).map((line, index) => (
				// eslint-disable-next-line react/no-array-index-key
				<Line key={index} tone={outcomeIsError ? 'error' : undefined}>{`  ${line}`}</Line>
			))}
		</Box>
	);
}

export function loginHints(messages: ReturnType<typeof useEnvironment>['messages'], state?: LoginFormState): Hint[] {
	// From the key bindings table (`login`): q quits only where nothing is typed ([Log In], the checkbox).
	const typing = state === undefined || state.focus === 'device' || state.focus === 'userName' || state.focus === 'password';
	return hintsFor(messages, 'login', [
		...(state && activeFields(state).includes('plainHttpConsent') ? ['plainHttp'] : []),
		typing ? 'typing' : 'notTyping',
	]);
}

export function LoginScreen({client, userName, connect, onLoggedIn, notice}: {
	client: DeviceClient;
	userName: string;
	/** What the app says here (after Log Out: logged out), until a log-in is tried. */
	notice?: {text: string; error: boolean};
	/** A client for another device address: with it, the address is a field that can be changed here. */
	connect?: (address: DeviceAddress) => DeviceClient;
	/** `connection`: the log-in went to an address typed here, which the app uses from now on. */
	/** `passwordChange`: the factory default password must be changed first (with the password just used). */
	onLoggedIn(userName: string, connection?: LoginConnection, passwordChange?: {currentPassword: string}): void;
}) {
	const {messages, clock} = useEnvironment();
	const {columns} = useTerminalSize();
	const form = useLoginForm({client, clock, userName, askUserName: true, device: connect ? {connect} : {}, onLoggedIn});
	useKeys(form.onKey, form.isTyping);

	return (
		<ScreenFrame hints={loginHints(messages, form.state)} width={columns}>
			<Line/>
			<LoginFormView state={form.state} width={columns}/>
			{notice && form.state.phase === 'editing' && form.state.error === undefined && form.state.attemptUrl === undefined
				? wrapAndClip(notice.text, columns - 2, 3).map((line, index) => (
					// eslint-disable-next-line react/no-array-index-key
					<Line key={index} tone={notice.error ? 'error' : 'success'}>{`  ${line}`}</Line>
				))
				: null}
		</ScreenFrame>
	);
}
