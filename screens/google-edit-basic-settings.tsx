/**
基本設定の編集 / Edit Basic Settings of OAuth 2.0 (Google): the three checkboxes, Client ID
and Client Secret, OK and Cancel. The secret is masked (one • per character) and write-only:
the field starts empty, and left empty it keeps the stored secret.
*/
import {googleBasicForm, type GoogleFormTypes} from '../source/forms/google-basic-form.js';
import type {BasicFormOptions} from '../source/hooks/use-basic-form.js';
import {useEnvironment} from '../source/hooks/use-env.js';
import {BasicSettingsForm} from './basic-settings-form.js';
import {TextFieldRows} from './widgets/text-field-rows.js';

export function GoogleEditBasicSettingsScreen(props: BasicFormOptions<GoogleFormTypes>) {
	const {messages} = useEnvironment();
	const words = messages.google;
	return (
		<BasicSettingsForm form={googleBasicForm} options={props} useOAuth={words.useOAuth}>
			{(state, focused, columns) => (
				<>
					<TextFieldRows
						label={words.clientId}
						state={state.texts.clientId}
						focused={focused('clientId')}
						error={state.errors.clientId}
						width={columns}
					/>
					<TextFieldRows
						mask
						label={words.clientSecret}
						note={state.base.clientSecretSet ? words.secretKeep : undefined}
						state={state.texts.clientSecret}
						focused={focused('clientSecret')}
						error={state.errors.clientSecret}
						width={columns}
					/>
				</>
			)}
		</BasicSettingsForm>
	);
}
