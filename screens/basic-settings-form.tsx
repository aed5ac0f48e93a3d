/**
基本設定の編集 / Edit Basic Settings, the form both providers share: the three checkboxes, the
provider's fields, OK and Cancel, the outcome under them.
*/
import type {ReactNode} from 'react';
import {hintsFor, type Hint} from '../source/input/key-bindings.js';
import type {FormNotice} from '../source/forms/device-request.js';
import {useBasicForm, type BasicFormOptions} from '../source/hooks/use-basic-form.js';
import {type BasicForm, type BasicFormState, type FormField, type FormTypes} from '../source/forms/basic-form.js';
import {useEnvironment} from '../source/hooks/use-env.js';
import {useKeys} from '../source/hooks/use-keys.js';
import {useTerminalSize} from '../source/hooks/use-terminal-size.js';
import type {Messages} from '../source/i18n/index.js';
import {describeDeviceError} from './device-error-text.js';
import {noticeStatus} from './notice-status.js';
import {Checkbox} from './widgets/checkbox.js';
import {FieldError} from './widgets/field-error.js';
import {FormButtons} from './widgets/form-buttons.js';
import {Line} from './widgets/line.js';
import {ScreenFrame} from './widgets/screen-frame.js';
import {StatusLines, type StatusText} from './widgets/status-lines.js';

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
			return {text: messages.edit.savedAfterLostAnswer, tone: 'success'};
		}

		case 'not-saved-after-lost-answer': {
			return {text: messages.edit.notSavedAfterLostAnswer(describeDeviceError(messages, notice.error, deviceUrl)), tone: 'warning'};
		}

		case 'secret-not-known': {
			return {text: messages.edit.secretNotKnown, tone: 'warning'};
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
			return {text: messages.edit.notKnown(error ? describeDeviceError(messages, error, deviceUrl) : ''), tone: 'warning'};
		}

		case 'conflict': {
			const error = state.notice?.type === 'error' ? ` ${describeDeviceError(messages, state.notice.error, deviceUrl)}` : '';
			return {text: messages.edit.conflict + error, tone: 'warning'};
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
