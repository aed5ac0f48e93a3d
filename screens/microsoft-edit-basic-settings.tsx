/**
基本設定の編集 / Edit Basic Settings of OAuth 2.0 (Microsoft): the three checkboxes, the
endpoint with a tenant picker, OK and Cancel. Wrong input is explained next to its field and
nothing is sent.
*/
import {Text} from 'ink';
import {microsoftTenants} from '../source/device/contract-values.js';
import {textValue} from '../source/input/text-input.js';
import {microsoftBasicForm, type MicrosoftFormTypes} from '../source/forms/microsoft-basic-form.js';
import type {BasicFormOptions} from '../source/hooks/use-basic-form.js';
import {useEnvironment} from '../source/hooks/use-env.js';
import {tenantOfEndpoint} from '../source/device/validation.js';
import {padToWidth} from '../source/terminal/terminal.js';
import {BasicSettingsForm} from './basic-settings-form.js';
import {TextFieldRows} from './widgets/text-field-rows.js';
import {focusMark} from './widgets/focus-mark.js';
import {Line} from './widgets/line.js';
import {ToneText} from './widgets/tone-text.js';

export function MicrosoftEditBasicSettingsScreen(props: BasicFormOptions<MicrosoftFormTypes>) {
	const {messages} = useEnvironment();
	return (
		<BasicSettingsForm
			form={microsoftBasicForm}
			options={props}
			useOAuth={messages.microsoft.useOAuth}
			ownHints={[{keys: '←→', label: messages.keys.pickTenant}]}
		>
			{(state, focused, columns) => {
				const currentTenant = tenantOfEndpoint(textValue(state.texts.endpoint));
				return (
					<>
						<TextFieldRows
							label={messages.microsoft.endpoint}
							state={state.texts.endpoint}
							focused={focused('endpoint')}
							error={state.errors.endpoint}
							width={columns}
						/>
						<Line>
							{focusMark(focused('tenant'))}
							{padToWidth(messages.edit.tenant, 10)}
							<ToneText tone={focused('tenant') ? undefined : 'muted'}>‹ </ToneText>
							{microsoftTenants.map(tenant => (
								<Text key={tenant} inverse={tenant === currentTenant && focused('tenant')} bold={tenant === currentTenant}>
									{tenant === currentTenant ? `[${tenant}]` : ` ${tenant} `}
								</Text>
							))}
							<ToneText tone={focused('tenant') ? undefined : 'muted'}> ›</ToneText>
							{currentTenant === undefined ? <ToneText tone="muted">{`  ${messages.edit.otherTenant}`}</ToneText> : null}
						</Line>
					</>
				);
			}}
		</BasicSettingsForm>
	);
}
