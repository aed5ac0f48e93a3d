/**
The app shell: the menu path as a stack of screens (all stay mounted, only the top one is
shown, so going back finds a menu or a form as it was left), the breadcrumb, one way in for
keys, the help overlay, the password prompt after a session ended, and logging out on quit.

Here the parts are put together; each lives in its own file:
- shell.ts: the shell's state (the stack, the help, the prompt, quitting), a pure reducer;
- route-table.tsx: which screen is drawn for which route;
- app-layout.tsx: the breadcrumb, the stack of screens and what is drawn over it;
- hooks/use-app-session.ts: the device session: logging in, out, and quitting with a log-out;
- hooks/use-app-unsaved-changes.ts: "Discard your changes? y/n" before going back, quitting or logging out;
- hooks/use-app-keys.ts: the terminal's keys to the key dispatcher, and the keys every screen shares;
- hooks/use-app-providers.ts: the two providers' states read from the device.
*/
import {useMemo, useState} from 'react';
import {systemClock, type Clock} from '../clock.js';
import type {DeviceAddress} from '../device/device-address.js';
import type {DeviceClient} from '../device/device-client.js';
import {messagesFor, type Language} from '../i18n/index.js';
import {initialShellState, shellReducer} from './shell.js';
import {UnsavedChangesContext} from '../hooks/use-unsaved-changes.js';
import {useAppKeys} from '../hooks/use-app-keys.js';
import {useAppProviders} from '../hooks/use-app-providers.js';
import {useAppSession} from '../hooks/use-app-session.js';
import {useAppUnsavedChanges} from '../hooks/use-app-unsaved-changes.js';
import {useClipboard} from '../hooks/use-clipboard.js';
import {useDeviceCertificate, withTrustCheck, type DeviceTrust} from '../hooks/use-device-certificate.js';
import {EnvironmentContext, type AppEnvironment} from '../hooks/use-env.js';
import {KeyDispatcherContext} from '../hooks/use-keys.js';
import {useSyncStore} from '../hooks/use-sync-store.js';
import {useTerminalSize} from '../hooks/use-terminal-size.js';
import {sanitizeLine} from '../terminal/sanitize.js';
import {AppLayout} from './app-layout.js';
import {renderRoute, type RouteApp} from './route-table.js';

export type AppProps = {
	client: DeviceClient;
	/**
	A client for another device address typed on Log In; without it the address is shown there
	but cannot be changed. Nothing is sent until the log-in.
	*/
	connect?: (address: DeviceAddress) => DeviceClient;
	/** A log-in through a client from `connect` succeeded: the app uses it from now on (save the address). */
	onConnected?: (client: DeviceClient, address: DeviceAddress) => void;
	language: Language;
	/** Time for countdowns; tests pass a manual clock. */
	clock?: Clock;
	/** How often the device is polled while it is checking or waiting (default 2000). */
	pollIntervalMs?: number;
	/**
	Called after logging out on q or Ctrl+C, just before the app exits, with the line to print
	once the terminal is back to normal: logged out, or not and why.
	*/
	onExit?: (farewell: string) => void;
	initialUserName?: string;
	/** How often visible countdowns are redrawn (default 1000; tests use less). */
	tickIntervalMs?: number;
	/**
	An https device's certificate (hooks/use-device-certificate.ts): checked before Log In sends
	the password, with the Device Certificate screen when it is not trusted yet.
	*/
	trust?: DeviceTrust;
};

const defaultUserName = 'Administrator';

export function App({
	client: initialClient,
	connect,
	onConnected,
	language,
	clock = systemClock,
	pollIntervalMs = 2000,
	onExit,
	initialUserName = defaultUserName,
	tickIntervalMs = 1000,
	trust,
}: AppProps) {
	const messages = messagesFor(language);
	const {columns, rows} = useTerminalSize();
	const copy = useClipboard();
	const [shell, dispatch, getShell] = useSyncStore(shellReducer, () => initialShellState(initialUserName || defaultUserName));
	const certificate = useDeviceCertificate(trust);
	const session = useAppSession({initialClient, onConnected, onExit, messages, dispatch, getShell});
	const {client, quit, logOut, onSessionExpired} = session;
	const loginClient = useMemo(() => (trust ? withTrustCheck(client, certificate.checkTrust) : client), [trust, client, certificate.checkTrust]);
	const unsavedChanges = useAppUnsavedChanges({dispatch, getShell, quit, logOut});
	const {leave} = unsavedChanges;
	const dispatcher = useAppKeys(getShell, certificate.question !== undefined, {quit, dispatch, leave});
	const {microsoft, google} = useAppProviders({client, shell, pollIntervalMs, onSessionExpired});

	const environment = useMemo<AppEnvironment>(() => ({
		language,
		messages,
		clock,
		tickIntervalMs,
		deviceUrl: sanitizeLine(client.baseUrl),
	}), [language, messages, clock, tickIntervalMs, client.baseUrl]);

	// The last test mail address, offered again (for the other provider, say) until quitting.
	const [lastTestMailTo, setLastTestMailTo] = useState<string | undefined>(undefined);
	const routeApp: RouteApp = {
		messages,
		shell,
		getShell,
		dispatch,
		session,
		loginClient,
		connect: connect && trust ? (address: DeviceAddress) => withTrustCheck(connect(address), certificate.checkTrust) : connect,
		microsoft,
		google,
		copy,
		leave,
		lastTestMailTo,
		setLastTestMailTo,
	};

	return (
		<EnvironmentContext.Provider value={environment}>
			<UnsavedChangesContext.Provider value={unsavedChanges.registry}>
				<KeyDispatcherContext.Provider value={dispatcher}>
					<AppLayout
						shell={shell}
						messages={messages}
						columns={columns}
						rows={rows}
						client={client}
						certificate={certificate}
						renderRoute={route => renderRoute(routeApp, route)}
						onSessionRestored={() => {
							dispatch({type: 'session-restored'});
						}}
						onToggleHelp={() => {
							dispatch({type: 'toggle-help'});
						}}
						onDiscardAnswer={unsavedChanges.answerDiscard}
					/>
				</KeyDispatcherContext.Provider>
			</UnsavedChangesContext.Provider>
		</EnvironmentContext.Provider>
	);
}
