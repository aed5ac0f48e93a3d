/**
The two providers' states (Exchange Online, Google Workspace) the app reads from the device for
the screens: kept while their settings page is on the menu path, read and polled while it (or a
page that shows the state) is on top and nothing is over it.
*/
import type {DeviceClient} from '../device/device-client.js';
import {topRoute, type RouteName, type ShellState} from '../tui/shell.js';
import {useProviderState, type GoogleStore, type MicrosoftStore} from './use-provider-state.js';
import {googleProvider, microsoftProvider} from '../forms/provider-state.js';

export function useAppProviders({client, shell, pollIntervalMs, onSessionExpired}: {
	client: DeviceClient;
	shell: ShellState;
	pollIntervalMs: number;
	onSessionExpired: () => void;
}): {microsoft: MicrosoftStore; google: GoogleStore} {
	const top = topRoute(shell);
	// A provider's state is read while its settings page (or a page that shows the state) is on top.
	const providerOptions = (page: RouteName, alsoActiveOn?: RouteName) => ({
		client,
		mounted: shell.stack.some(route => route.name === page),
		active: (top.name === page || top.name === alsoActiveOn) && !shell.sessionExpired && shell.busy === undefined,
		pollIntervalMs,
		onSessionExpired,
	});
	const microsoft = useProviderState(microsoftProvider, providerOptions('microsoftSettings'));
	const google = useProviderState(googleProvider, providerOptions('googleSettings', 'googleRegisterAuthorization'));
	return {microsoft, google};
}
