/**
The app shell: the menu path as a stack of screens (all stay mounted, only the top one is
shown, so going back finds a menu or a form as it was left), the breadcrumb, one way in for
keys, the help overlay, the password prompt after a session ended, and logging out on quit.
*/
import {useCallback, useMemo, useRef, useState, type ReactNode} from 'react';
import {Box, useApp, type Key} from 'ink';
import {systemClock, type Clock} from './clock.js';
import type {GoogleBasicSettings, GoogleBasicSettingsRequest, MicrosoftBasicSettings, TestMailProvider} from './contract-values.js';
import type {DeviceAddress} from './device-address.js';
import type {DeviceClient} from './device-client.js';
import {messagesFor, type Language} from './i18n/index.js';
import {KeyDispatcher, isCtrlC, type KeyEvent} from './hooks/key-dispatcher.js';
import {
	activeTargetId,
	helpTargetId,
	initialShellState,
	sessionTargetId,
	shellReducer,
	topRoute,
	type Route,
	type RouteName,
} from './hooks/shell.js';
import {useClipboard} from './hooks/use-clipboard.js';
import {certificateTargetId, useDeviceCertificate, withTrustCheck, type DeviceTrust} from './hooks/use-device-certificate.js';
import {EnvironmentContext, ScreenVisibleContext, type AppEnvironment} from './hooks/use-env.js';
import {KeyDispatcherContext, KeyTargetContext} from './hooks/use-keys.js';
import {googleProvider, microsoftProvider, useProviderState, type ProviderStore} from './hooks/use-provider-state.js';
import {useSyncStore} from './hooks/use-sync-store.js';
import {useTerminalKeys} from './hooks/use-terminal-keys.js';
import {useTerminalSize} from './hooks/use-terminal-size.js';
import {sanitizeLine} from './sanitize.js';
import {ChangePasswordScreen} from '../screens/change-password.js';
import {GoogleEditBasicSettingsScreen} from '../screens/google-edit-basic-settings.js';
import {GoogleRegisterAuthorizationScreen} from '../screens/google-register-authorization.js';
import {GoogleSettingsScreen} from '../screens/google-settings.js';
import {HelpOverlay} from '../screens/help.js';
import {LoginScreen} from '../screens/login.js';
import {MicrosoftEditBasicSettingsScreen} from '../screens/microsoft-edit-basic-settings.js';
import {MicrosoftSettingsScreen} from '../screens/microsoft-settings.js';
import {PortalScreen} from '../screens/portal.js';
import {SendSettingsScreen} from '../screens/send-settings.js';
import {SendTestMailScreen} from '../screens/send-test-mail.js';
import {SessionPrompt} from '../screens/session-prompt.js';
import {DeviceCertificateScreen} from '../screens/device-certificate.js';
import {SettingsRegistrationScreen} from '../screens/settings-registration.js';
import {Breadcrumb, Line} from '../screens/widgets.js';

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
	/** Called after logging out on q or Ctrl+C, just before the app exits. */
	onExit?: () => void;
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

const emptyMicrosoftSettings: MicrosoftBasicSettings = {
	enabled: false,
	verifyServerCertificate: true,
	addCnToVerification: false,
	endpoint: '',
};

const emptyGoogleSettings: GoogleBasicSettings = {
	enabled: false,
	verifyServerCertificate: true,
	addCnToVerification: false,
	clientId: '',
	clientSecretSet: false,
};

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
	// Another device, once a log-in to an address typed on Log In has succeeded.
	const [client, setClient] = useState(initialClient);
	const {exit} = useApp();
	const {columns, rows} = useTerminalSize();
	const copy = useClipboard();
	const [shell, dispatch, getShell] = useSyncStore(shellReducer, () => initialShellState(initialUserName || defaultUserName));
	// While the Device Certificate screen asks (over Log In), it gets the keys.
	const certificate = useDeviceCertificate(trust);
	const certificateShown = useRef(false);
	certificateShown.current = certificate.question !== undefined;
	const loginClient = useMemo(() => (trust ? withTrustCheck(client, certificate.checkTrust) : client), [trust, client, certificate.checkTrust]);

	const quit = useCallback(async () => {
		if (getShell().busy === 'quit') {
			// A second Ctrl+C while logging out: leave at once.
			onExit?.();
			exit();
			return;
		}

		dispatch({type: 'busy', busy: 'quit'});
		try {
			if (client.loggedIn) {
				await client.logout();
			}
		} finally {
			onExit?.();
			exit();
		}
	}, [client, dispatch, exit, getShell, onExit]);

	// The log-in password, only while the factory default must be changed (it is the current one).
	const loginPassword = useRef<string | undefined>(undefined);

	const logOut = useCallback(async () => {
		loginPassword.current = undefined;
		dispatch({type: 'busy', busy: 'logout'});
		try {
			await client.logout();
		} finally {
			dispatch({type: 'logged-out'});
		}
	}, [client, dispatch]);

	// The dispatcher lives as long as the app; it reaches the latest callbacks through a ref.
	const actions = useRef({quit, dispatch});
	actions.current = {quit, dispatch};
	const dispatcher = useMemo(() => new KeyDispatcher({
		activeTarget() {
			const target = activeTargetId(getShell());
			return certificateShown.current && target !== undefined && target !== helpTargetId ? certificateTargetId : target;
		},
		before(_targetId: string, {input, key}: KeyEvent, typing: boolean) {
			if (typing || key.ctrl || key.meta) {
				return false;
			}

			if (input === '?') {
				actions.current.dispatch({type: 'toggle-help'});
				return true;
			}

			if (input === 'q') {
				void actions.current.quit();
				return true;
			}

			return false;
		},
		after(targetId: string, {key}: KeyEvent) {
			if (key.escape && targetId !== helpTargetId && targetId !== sessionTargetId) {
				const name = topRoute(getShell()).name;
				if (name !== 'login' && name !== 'portal') {
					actions.current.dispatch({type: 'pop'});
				}
			}
		},
	}), [getShell]);

	const onInput = useCallback((input: string, key: Key) => {
		if (isCtrlC(input, key)) {
			void actions.current.quit();
			return;
		}

		dispatcher.push(input, key);
	}, [dispatcher]);
	useTerminalKeys(onInput);

	const onSessionExpired = useCallback(() => {
		dispatch({type: 'session-expired'});
	}, [dispatch]);

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

	const environment = useMemo<AppEnvironment>(() => ({
		language,
		messages,
		clock,
		tickIntervalMs,
		deviceUrl: sanitizeLine(client.baseUrl),
	}), [language, messages, clock, tickIntervalMs, client.baseUrl]);

	const push = (name: RouteName) => {
		dispatch({type: 'push', name});
	};

	const pop = () => {
		dispatch({type: 'pop'});
	};

	// The last test mail address, offered again (for the other provider, say) until quitting.
	const [lastTestMailTo, setLastTestMailTo] = useState<string | undefined>(undefined);
	const testMail = (provider: TestMailProvider, account: string | undefined) => (
		<SendTestMailScreen
			provider={provider}
			account={account}
			send={async (to: string) => client.sendTestMail(provider, to)}
			{...(lastTestMailTo === undefined ? {} : {initialTo: lastTestMailTo})}
			onSent={setLastTestMailTo}
			onSessionExpired={onSessionExpired}
			onCancel={pop}
		/>
	);

	/**
	A state the device returned to a request of the form at `route`: shown, and back (unless
	something else is on top by now).
	*/
	const finish = <State, >(store: ProviderStore<State>, route: Route) => (state: State) => {
		store.replace(state);
		if (topRoute(getShell()).id === route.id) {
			pop();
		}
	};

	/** What an Edit Basic Settings form needs, for either provider. */
	const basicForm = <State extends {settings: Settings}, Settings, Request>(
		store: ProviderStore<State>,
		route: Route,
		empty: Settings,
		save: (request: Request) => Promise<State>,
	) => ({
		initial: store.get()?.settings ?? empty,
		save,
		reload: store.reload,
		onSessionExpired,
		onCancel: pop,
		onSaved: finish(store, route),
	});

	const renderRoute = (route: Route): ReactNode => {
		switch (route.name) {
			case 'login': {
				return (
					<LoginScreen
						client={loginClient}
						userName={shell.userName}
						{...(connect ? {connect: trust ? (address: DeviceAddress) => withTrustCheck(connect(address), certificate.checkTrust) : connect} : {})}
						onLoggedIn={(userName, connection, passwordChange) => {
							if (connection) {
								setClient(connection.client);
								onConnected?.(connection.client, connection.address);
							}

							if (passwordChange) {
								loginPassword.current = passwordChange.currentPassword;
								dispatch({type: 'password-change-required', userName});
								return;
							}

							dispatch({type: 'logged-in', userName});
						}}
					/>
				);
			}

			case 'portal': {
				return (
					<PortalScreen
						userName={shell.userName}
						onSettingsRegistration={() => {
							push('settingsRegistration');
						}}
						onLogOut={() => {
							void logOut();
						}}
					/>
				);
			}

			case 'settingsRegistration': {
				return (
					<SettingsRegistrationScreen
						onSendSettings={() => {
							push('sendSettings');
						}}
					/>
				);
			}

			case 'sendSettings': {
				return (
					<SendSettingsScreen
						onMicrosoft={() => {
							push('microsoftSettings');
						}}
						onGoogle={() => {
							push('googleSettings');
						}}
					/>
				);
			}

			case 'microsoftSettings': {
				return (
					<MicrosoftSettingsScreen
						store={microsoft}
						copy={copy}
						onEdit={() => {
							push('microsoftEditBasicSettings');
						}}
						onTestMail={() => {
							push('microsoftTestMail');
						}}
					/>
				);
			}

			case 'microsoftEditBasicSettings': {
				return (
					<MicrosoftEditBasicSettingsScreen
						{...basicForm(microsoft, route, emptyMicrosoftSettings, async (settings: MicrosoftBasicSettings) =>
							client.saveMicrosoftBasic(settings))}
					/>
				);
			}

			case 'googleSettings': {
				return (
					<GoogleSettingsScreen
						store={google}
						onEdit={() => {
							push('googleEditBasicSettings');
						}}
						onRegister={() => {
							push('googleRegisterAuthorization');
						}}
						onTestMail={() => {
							push('googleTestMail');
						}}
					/>
				);
			}

			case 'googleEditBasicSettings': {
				return (
					<GoogleEditBasicSettingsScreen
						{...basicForm(google, route, emptyGoogleSettings, async (request: GoogleBasicSettingsRequest) =>
							client.saveGoogleBasic(request))}
					/>
				);
			}

			case 'googleRegisterAuthorization': {
				return (
					<GoogleRegisterAuthorizationScreen
						store={google}
						copy={copy}
						submit={async code => client.submitGoogleAuthorizationCode(code)}
						onSessionExpired={onSessionExpired}
						onCancel={pop}
						onDone={finish(google, route)}
					/>
				);
			}

			case 'microsoftTestMail': {
				return testMail('microsoft', microsoft.state?.token.account);
			}

			case 'googleTestMail': {
				return testMail('google', google.state?.token.account);
			}

			case 'changePassword': {
				return (
					<ChangePasswordScreen
						client={client}
						userName={shell.userName}
						currentPassword={loginPassword.current}
						onChanged={() => {
							loginPassword.current = undefined;
							dispatch({type: 'logged-in', userName: shell.userName});
						}}
						onLogOut={() => {
							void logOut();
						}}
						onSessionExpired={onSessionExpired}
					/>
				);
			}
		}
	};

	const overlay = shell.help || shell.sessionExpired || shell.busy !== undefined || certificate.question !== undefined;
	const crumbs = [...shell.stack.map(route => messages.screens[route.name]), ...(certificate.question ? [messages.deviceCertificate.title] : [])];

	return (
		<EnvironmentContext.Provider value={environment}>
			<KeyDispatcherContext.Provider value={dispatcher}>
				<Box flexDirection="column" width={columns} height={Math.max(1, rows - 1)} overflow="hidden">
					<Breadcrumb labels={crumbs} width={columns}/>
					<Box flexDirection="column" flexGrow={1} flexShrink={1} overflowY="hidden">
						{shell.stack.map(route => (
							<Box
								key={route.id}
								display={route.id === top.id && !overlay ? 'flex' : 'none'}
								flexDirection="column"
								flexGrow={1}
							>
								<ScreenVisibleContext.Provider value={route.id === top.id && !overlay}>
									<KeyTargetContext.Provider value={route.id}>{renderRoute(route)}</KeyTargetContext.Provider>
								</ScreenVisibleContext.Provider>
							</Box>
						))}
						{shell.sessionExpired ? (
							<Box display={shell.help || shell.busy ? 'none' : 'flex'} flexDirection="column" flexGrow={1}>
								<KeyTargetContext.Provider value={sessionTargetId}>
									<SessionPrompt
										client={client}
										userName={shell.userName}
										onRestored={() => {
											dispatch({type: 'session-restored'});
										}}
									/>
								</KeyTargetContext.Provider>
							</Box>
						) : null}
						{certificate.question ? (
							<Box display={shell.help || shell.busy ? 'none' : 'flex'} flexDirection="column" flexGrow={1}>
								<KeyTargetContext.Provider value={certificateTargetId}>
									<DeviceCertificateScreen question={certificate.question} onAnswer={certificate.answer}/>
								</KeyTargetContext.Provider>
							</Box>
						) : null}
						{shell.help && !shell.busy ? (
							<Box flexDirection="column" flexGrow={1}>
								<KeyTargetContext.Provider value={helpTargetId}>
									<HelpOverlay
										onClose={() => {
											dispatch({type: 'toggle-help'});
										}}
									/>
								</KeyTargetContext.Provider>
							</Box>
						) : null}
						{shell.busy ? (
							<Box flexDirection="column">
								<Line/>
								<Line>{`  ${messages.common.loggingOut}`}</Line>
							</Box>
						) : null}
					</Box>
				</Box>
			</KeyDispatcherContext.Provider>
		</EnvironmentContext.Provider>
	);
}
