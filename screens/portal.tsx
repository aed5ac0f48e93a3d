/** ポータル / Portal: the first page after logging in. */
import {useEnvironment} from '../source/hooks/use-env.js';
import {sanitizeLine} from '../source/terminal/sanitize.js';
import {MenuScreen} from './menu-screen.js';
import {Line} from './widgets/line.js';

export function PortalScreen({userName, onSettingsRegistration, onLogOut}: {
	userName: string;
	onSettingsRegistration(): void;
	onLogOut(): void;
}) {
	const {messages, deviceUrl} = useEnvironment();
	return (
		<MenuScreen
			canGoBack={false}
			items={[messages.screens.settingsRegistration, messages.screens.logout]}
			header={(
				<>
					<Line dim>{`  ${messages.portal.loggedInAs(sanitizeLine(userName))}  (${deviceUrl})`}</Line>
					<Line/>
				</>
			)}
			onOpen={index => {
				if (index === 0) {
					onSettingsRegistration();
				} else {
					onLogOut();
				}
			}}
		/>
	);
}
