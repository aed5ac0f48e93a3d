/** 送信設定 / Send Settings: the two OAuth 2.0 pages. */
import {useEnvironment} from '../source/hooks/use-env.js';
import {MenuScreen} from './menu-screen.js';

export function SendSettingsScreen({onMicrosoft, onGoogle}: {onMicrosoft(): void; onGoogle(): void}) {
	const {messages} = useEnvironment();
	return (
		<MenuScreen
			items={[messages.screens.microsoftSettings, messages.screens.googleSettings]}
			onOpen={index => {
				if (index === 0) {
					onMicrosoft();
				} else {
					onGoogle();
				}
			}}
		/>
	);
}
