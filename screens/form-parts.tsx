/**
What the forms share: 基本設定の編集 / Edit Basic Settings of either provider (the three
checkboxes, the provider's fields, OK and Cancel, the outcome under them), and the parts the
Register Authorization Information form uses too (field messages, buttons, the status line).
*/
import type {ReactNode} from 'react';
import {Text} from 'ink';
import {hintsFor} from '../source/input/key-bindings.js';
import type {FieldErrorCode} from '../source/device/contract-values.js';
import type {FormNotice} from '../source/forms/device-request.js';
import type {TextInputState} from '../source/input/text-input.js';
import {
	useBasicForm,
	type BasicForm,
	type BasicFormOptions,
	type BasicFormState,
	type FormField,
	type FormTypes,
} from '../source/hooks/use-basic-form.js';
import {useEnvironment} from '../source/hooks/use-env.js';
import {useKeys} from '../source/hooks/use-keys.js';
import {useTerminalSize} from '../source/hooks/use-terminal-size.js';
import type {Messages} from '../source/i18n/index.js';
import {displayWidth, truncateToWidth, wrapAndClip} from '../source/terminal/terminal.js';
import {describeDeviceError, type RequestContext} from './device-error-text.js';
import {
	Button,
	Checkbox,
	FieldMessage,
	focusMark,
	Line,
	ScreenFrame,
	TextFieldView,
	type Hint,
} from './widgets.js';

export type StatusText = {text: string; color?: string};

/** What a form's notice says; `notSaved`: the words for "the session ended, press OK again". */
export function noticeStatus(messages: Messages, notice: FormNotice | undefined, deviceUrl: string, notSaved: string, context: RequestContext = 'form'): StatusText | undefined {
	switch (notice?.type) {
		case 'check-fields': {
			return {text: messages.edit.checkFields, color: 'red'};
		}

		case 'not-saved': {
			return {text: notSaved, color: 'yellow'};
		}

		case 'error': {
			return {text: describeDeviceError(messages, notice.error, deviceUrl, context), color: 'red'};
		}

		case undefined: {
			return undefined;
		}
	}
}

/** The outcome under a form, up to three lines. */
export function StatusLines({status, width}: {status: StatusText | undefined; width: number}) {
	return status ? (
		<>
			{wrapAndClip(status.text, width - 2, 3).map((line, index) => (
				// eslint-disable-next-line react/no-array-index-key
				<Line key={index} color={status.color}>{`  ${line}`}</Line>
			))}
		</>
	) : null;
}

/** What is wrong with a field, in words (and the device's own, if any): the lines under it. */
export function fieldErrorLines(messages: Messages, code: FieldErrorCode | undefined, width: number, detail?: string): string[] {
	if (!code) {
		return [];
	}

	const words = messages.fieldErrors[code];
	// No space after a Japanese full stop.
	const separator = /[。！？]$/.test(words) ? '' : ' ';
	return wrapAndClip(detail ? `${words}${separator}${detail}` : words, width - 6, 2);
}

/** What is wrong with a field, in words, under it. */
export function FieldError({code, width}: {code: FieldErrorCode | undefined; width: number}) {
	const {messages} = useEnvironment();
	return <FieldMessage lines={fieldErrorLines(messages, code, width)}/>;
}

/** A text field under its label (with a dim `note` after it), and what is wrong with it under it. */
export function TextFieldRows({label, note, state, focused, error, width, mask}: {
	label: string;
	note?: string;
	state: TextInputState;
	focused: boolean;
	error: FieldErrorCode | undefined;
	width: number;
	mask?: boolean;
}) {
	// Cut here, not by Ink: its truncation can leave a line one column too wide when a
	// full-width character is where it cuts.
	const shownLabel = truncateToWidth(label, width - 2);
	const noteRoom = width - 2 - displayWidth(shownLabel);
	const shownNote = note && noteRoom > 4 ? truncateToWidth(`  (${note})`, noteRoom) : '';
	return (
		<>
			<Line>
				{`  ${shownLabel}`}
				{shownNote ? <Text dimColor>{shownNote}</Text> : null}
			</Line>
			<Line>
				{focusMark(focused)}
				<TextFieldView mask={mask} state={state} focused={focused} width={width - 4}/>
			</Line>
			<FieldError code={error} width={width}/>
		</>
	);
}

/** OK and Cancel, on one line. */
export function FormButtons({focus}: {focus: string | undefined}) {
	const {messages} = useEnvironment();
	return (
		<Line>
			{'  '}
			<Button label={messages.common.ok} focused={focus === 'ok'}/>
			{'  '}
			<Button label={messages.common.cancel} focused={focus === 'cancel'}/>
		</Line>
	);
}

/**
The footer of Edit Basic Settings, from the key bindings table (`editBasicSettings`);
`own`: the provider's own keys (the tenant picker), shown when there are any.
*/
export function editHints(messages: Messages, state: Pick<BasicFormState<FormTypes>, 'phase'>, typing: boolean, own: readonly Hint[] = []): Hint[] {
	if (state.phase === 'conflict' || state.phase === 'unconfirmed') {
		return hintsFor(messages, 'editBasicSettings', [state.phase, 'notTyping']);
	}

	if (state.phase !== 'editing') {
		return hintsFor(messages, 'editBasicSettings', ['busy']);
	}

	return hintsFor(messages, 'editBasicSettings', ['editing', typing ? 'typing' : 'notTyping', ...(own.length > 0 && !typing ? ['tenants'] : [])]);
}

/** How a save whose answer was lost ended (use-basic-form.ts), if that is the notice. */
function lostAnswerStatus(messages: Messages, notice: BasicFormState<FormTypes>['notice'], deviceUrl: string): StatusText | undefined {
	switch (notice?.type) {
		case 'saved-after-lost-answer': {
			return {text: messages.edit.savedAfterLostAnswer, color: 'green'};
		}

		case 'not-saved-after-lost-answer': {
			return {text: messages.edit.notSavedAfterLostAnswer(describeDeviceError(messages, notice.error, deviceUrl)), color: 'yellow'};
		}

		case 'secret-not-known': {
			return {text: messages.edit.secretNotKnown, color: 'yellow'};
		}

		default: {
			return undefined;
		}
	}
}

function basicFormStatus(messages: Messages, state: BasicFormState<FormTypes>, deviceUrl: string): StatusText | undefined {
	switch (state.phase) {
		case 'saving': {
			return {text: messages.edit.saving};
		}

		case 'reloading': {
			return {text: messages.edit.reloading};
		}

		case 'verifying': {
			return {text: messages.edit.verifying};
		}

		case 'unconfirmed': {
			const error = state.notice?.type === 'not-known' ? state.notice.error : undefined;
			return {text: messages.edit.notKnown(error ? describeDeviceError(messages, error, deviceUrl) : ''), color: 'yellow'};
		}

		case 'conflict': {
			const error = state.notice?.type === 'error' ? ` ${describeDeviceError(messages, state.notice.error, deviceUrl)}` : '';
			return {text: messages.edit.conflict + error, color: 'yellow'};
		}

		case 'editing': {
			return lostAnswerStatus(messages, state.notice, deviceUrl) ?? noticeStatus(messages, state.notice as FormNotice | undefined, deviceUrl, messages.edit.notSaved);
		}
	}
}

/**
基本設定の編集 / Edit Basic Settings: Use OAuth 2.0 (`useOAuth`), Verify Server Certificate,
Add CN to Verification Items (only with Verify), the provider's fields (`children`, given the
form's state, which field has the focus, and the width), OK and Cancel, and what happened.
*/
export function BasicSettingsForm<T extends FormTypes>({form, options, useOAuth, ownHints, children}: {
	form: BasicForm<T>;
	options: BasicFormOptions<T>;
	useOAuth: string;
	ownHints?: readonly Hint[];
	children(state: BasicFormState<T>, focused: (field: FormField<T>) => boolean, width: number): ReactNode;
}) {
	const {messages, deviceUrl} = useEnvironment();
	const {columns} = useTerminalSize();
	const handle = useBasicForm(form, options);
	useKeys(handle.onKey, handle.isTyping, handle.takesPaste);
	const {state} = handle;
	const words = messages.oauth;
	const focus = state.phase === 'editing' ? state.focus : undefined;
	const {errors, checks} = state as BasicFormState<FormTypes>;

	return (
		<ScreenFrame hints={editHints(messages, state, handle.isTyping(), ownHints)} width={columns}>
			<Line/>
			<Checkbox label={useOAuth} checked={checks.enabled} focused={focus === 'enabled'}/>
			<FieldError code={errors.enabled} width={columns}/>
			<Checkbox label={words.verifyServerCertificate} checked={checks.verify} focused={focus === 'verify'}/>
			<FieldError code={errors.verifyServerCertificate} width={columns}/>
			<Checkbox disabled={!checks.verify} label={words.addCnToVerification} checked={checks.verify && checks.cn} focused={focus === 'cn'}/>
			{checks.verify ? null : <Line dim>{`      ${messages.fieldErrors.cn_requires_verify}`}</Line>}
			<FieldError code={errors.addCnToVerification} width={columns}/>
			<Line/>
			{children(state, field => focus === field, columns)}
			<Line/>
			<FormButtons focus={focus}/>
			<Line/>
			<StatusLines status={basicFormStatus(messages, state as BasicFormState<FormTypes>, deviceUrl)} width={columns}/>
		</ScreenFrame>
	);
}
