/**
基本設定の編集 / Edit Basic Settings of OAuth 2.0 (Microsoft): three checkboxes, the
endpoint with a tenant picker, OK and Cancel. Wrong input is explained next to its field and
nothing is sent.
*/
import {Text} from 'ink';
import {microsoftTenants} from '../source/contract.js';
import {textValue} from '../source/hooks/text-input.js';
import {useEnvironment} from '../source/hooks/use-env.js';
import {useKeys} from '../source/hooks/use-keys.js';
import {useMicrosoftBasicForm, type BasicFormOptions, type BasicFormState} from '../source/hooks/use-microsoft-basic-form.js';
import {useTerminalSize} from '../source/hooks/use-terminal-size.js';
import type {Messages} from '../source/i18n/index.js';
import {tenantOfEndpoint} from '../source/validation.js';
import {padToWidth, wrapAndClip} from '../source/terminal.js';
import {describeDeviceError} from './device-error-text.js';
import {Button, Checkbox, FieldMessage, focusMark, Line, ScreenFrame, TextFieldView, type Hint} from './widgets.js';

export function editHints(messages: Messages, state: BasicFormState): Hint[] {
	const keys = messages.keys;
	if (state.phase === 'conflict') {
		return [
			{keys: 'r', label: keys.reload},
			{keys: 'Esc', label: keys.back},
		];
	}

	if (state.phase !== 'editing') {
		return [{keys: 'Ctrl+C', label: keys.quit}];
	}

	if (state.focus === 'endpoint') {
		return [
			{keys: 'Tab/↑↓', label: keys.nextField},
			{keys: '←→/Home/End', label: keys.cursor},
			{keys: 'Bksp/Ctrl+U', label: keys.erase},
			{keys: 'Esc', label: keys.cancel},
		];
	}

	return [
		{keys: 'Tab/↑↓', label: keys.nextField},
		{keys: 'Space', label: keys.toggle},
		{keys: '←→', label: keys.pickTenant},
		{keys: 'Enter', label: keys.ok},
		{keys: 'Esc', label: keys.cancel},
		{keys: '?', label: keys.help},
		{keys: 'q', label: keys.quit},
	];
}

function statusLine(messages: Messages, state: BasicFormState, deviceUrl: string): {text: string; color?: string} | undefined {
	if (state.phase === 'saving') {
		return {text: messages.edit.saving};
	}

	if (state.phase === 'reloading') {
		return {text: messages.edit.reloading};
	}

	if (state.phase === 'conflict') {
		const error = state.notice?.type === 'error' ? ` ${describeDeviceError(messages, state.notice.error, deviceUrl)}` : '';
		return {text: messages.edit.conflict + error, color: 'yellow'};
	}

	switch (state.notice?.type) {
		case 'check-fields': {
			return {text: messages.edit.checkFields, color: 'red'};
		}

		case 'not-saved': {
			return {text: messages.edit.notSaved, color: 'yellow'};
		}

		case 'error': {
			return {text: describeDeviceError(messages, state.notice.error, deviceUrl), color: 'red'};
		}

		case undefined: {
			return undefined;
		}
	}
}

export function MicrosoftEditBasicSettingsScreen(props: BasicFormOptions) {
	const {messages, deviceUrl} = useEnvironment();
	const {columns} = useTerminalSize();
	const form = useMicrosoftBasicForm(props);
	useKeys(form.onKey, form.isTyping);
	const {state} = form;
	const words = messages.microsoft;
	const editing = state.phase === 'editing';
	const focused = (field: BasicFormState['focus']) => editing && state.focus === field;
	const fieldError = (code: BasicFormState['errors'][keyof BasicFormState['errors']]) =>
		code ? wrapAndClip(messages.fieldErrors[code], columns - 6, 2) : [];

	const currentTenant = tenantOfEndpoint(textValue(state.endpoint));
	const status = statusLine(messages, state, deviceUrl);

	return (
		<ScreenFrame hints={editHints(messages, state)} width={columns}>
			<Line/>
			<Checkbox label={words.useOAuth} checked={state.enabled} focused={focused('enabled')}/>
			<FieldMessage lines={fieldError(state.errors.enabled)}/>
			<Checkbox label={words.verifyServerCertificate} checked={state.verify} focused={focused('verify')}/>
			<FieldMessage lines={fieldError(state.errors.verifyServerCertificate)}/>
			<Checkbox disabled={!state.verify} label={words.addCnToVerification} checked={state.verify && state.cn} focused={focused('cn')}/>
			{state.verify ? null : <Line dim>{`      ${messages.fieldErrors.cn_requires_verify}`}</Line>}
			<FieldMessage lines={fieldError(state.errors.addCnToVerification)}/>
			<Line/>
			<Line>{`  ${words.endpoint}`}</Line>
			<Line>
				{focusMark(focused('endpoint'))}
				<TextFieldView state={state.endpoint} focused={focused('endpoint')} width={columns - 4}/>
			</Line>
			<FieldMessage lines={fieldError(state.errors.endpoint)}/>
			<Line>
				{focusMark(focused('tenant'))}
				{padToWidth(messages.edit.tenant, 10)}
				<Text dimColor={!focused('tenant')}>‹ </Text>
				{microsoftTenants.map(tenant => (
					<Text key={tenant} inverse={tenant === currentTenant && focused('tenant')} bold={tenant === currentTenant}>
						{tenant === currentTenant ? `[${tenant}]` : ` ${tenant} `}
					</Text>
				))}
				<Text dimColor={!focused('tenant')}> ›</Text>
				{currentTenant === undefined ? <Text dimColor>{`  ${messages.edit.otherTenant}`}</Text> : null}
			</Line>
			<Line/>
			<Line>
				{'  '}
				<Button label={messages.common.ok} focused={focused('ok')}/>
				{'  '}
				<Button label={messages.common.cancel} focused={focused('cancel')}/>
			</Line>
			<Line/>
			{status ? wrapAndClip(status.text, columns - 2, 3).map((line, index) => (
				// eslint-disable-next-line react/no-array-index-key
				<Line key={index} color={status.color}>{`  ${line}`}</Line>
			)) : null}
		</ScreenFrame>
	);
}
