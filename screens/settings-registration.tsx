/** 設定/登録 / Settings/Registration. */
import {useEnvironment} from '../source/hooks/use-env.js';
import {MenuScreen} from './menu-screen.js';

export function SettingsRegistrationScreen({onSendSettings}: {onSendSettings(): void}) {
	const {messages} = useEnvironment();
	return <MenuScreen items={[messages.screens.sendSettings]} onOpen={onSendSettings}/>;
}
