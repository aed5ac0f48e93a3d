/**
The app shell: the menu path as a stack of screens (all stay mounted, only the top one is
shown, so going back finds a menu or a form as it was left), the breadcrumb, one way in for
keys, the help overlay, the password prompt after a session ended, and logging out on quit.
*/
import {useCallback, useMemo, useRef, useState, type ReactNode} from 'react';
import {Box, useApp, type Key} from 'ink';
import {systemClock, type Clock} from '../clock.js';
import type {GoogleBasicSettings, GoogleBasicSettingsRequest, MicrosoftBasicSettings, TestMailProvider} from '../device/contract-values.js';
import type {DeviceAddress} from '../device/device-address.js';
import type {DeviceClient} from '../device/device-client.js';
import {messagesFor, type Language} from '../i18n/index.js';
import {KeyDispatcher, isCtrlC, type KeyEvent} from '../input/key-dispatcher.js';
import {
	activeTargetId,
	discardTargetId,
	helpTargetId,
	initialShellState,
	sessionTargetId,
	shellReducer,
	topRoute,
	type DiscardThen,
	type LogoutOutcome,
	type Route,
	type RouteName,
} from './shell.js';
import {DiscardQuestionContext, RouteOnTopContext, UnsavedChangesContext, type UnsavedChangesRegistry} from '../hooks/use-unsaved-changes.js';
import {useKeys} from '../hooks/use-keys.js';
import {actionFor, escapeGoesBack, routeContexts} from '../input/key-bindings.js';
import {describeDeviceError} from '../../screens/device-error-text.js';
import {useClipboard} from '../hooks/use-clipboard.js';
import {certificateTargetId, useDeviceCertificate, withTrustCheck, type DeviceTrust} from '../hooks/use-device-certificate.js';
import {EnvironmentContext, ScreenVisibleContext, type AppEnvironment} from '../hooks/use-env.js';
import {KeyDispatcherContext, KeyTargetContext} from '../hooks/use-keys.js';
import {googleProvider, microsoftProvider, useProviderState, type ProviderStore} from '../hooks/use-provider-state.js';
import {useSyncStore} from '../hooks/use-sync-store.js';
import {useTerminalKeys} from '../hooks/use-terminal-keys.js';
import {useTerminalSize} from '../hooks/use-terminal-size.js';
import {sanitizeLine} from '../terminal/sanitize.js';
import {DeviceError} from '../device/device-error.js';
import {ChangePasswordScreen} from '../../screens/change-password.js';
import {GoogleEditBasicSettingsScreen} from '../../screens/google-edit-basic-settings.js';
import {GoogleRegisterAuthorizationScreen} from '../../screens/google-register-authorization.js';
import {GoogleSettingsScreen} from '../../screens/google-settings.js';
import {HelpOverlay} from '../../screens/help.js';
import {LoginScreen} from '../../screens/login.js';
import {MicrosoftEditBasicSettingsScreen} from '../../screens/microsoft-edit-basic-settings.js';
import {MicrosoftSettingsScreen} from '../../screens/microsoft-settings.js';
import {PortalScreen} from '../../screens/portal.js';
import {SendSettingsScreen} from '../../screens/send-settings.js';
import {SendTestMailScreen} from '../../screens/send-test-mail.js';
import {SessionPrompt} from '../../screens/session-prompt.js';
import {DeviceCertificateScreen} from '../../screens/device-certificate.js';
import {SettingsRegistrationScreen} from '../../screens/settings-registration.js';
import {Breadcrumb, Line} from '../../screens/widgets.js';

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

	const deviceUrlText = sanitizeLine(client.baseUrl);
	/** Ends the session, and says how that went. */
	const endSession = useCallback(async (): Promise<LogoutOutcome> => {
		if (!client.loggedIn) {
			return {status: 'not-logged-in'};
		}

		let result;
		try {
			result = await client.logout();
		} catch (error) {
			result = {told: false, error};
		}

		if (result && !result.told) {
			const {error} = result;
			const reason = error instanceof DeviceError ? describeDeviceError(messages, error, deviceUrlText) : messages.deviceErrors.unexpected;
			return {status: 'failed', reason};
		}

		return {status: 'logged-out'};
	}, [client, messages, deviceUrlText]);

	const farewell = useCallback((outcome: LogoutOutcome | undefined): string => {
		switch (outcome?.status) {
			case undefined: {
				return messages.exit.notWaited(deviceUrlText);
			}

			case 'logged-out': {
				return messages.exit.loggedOut(deviceUrlText);
			}

			case 'not-logged-in': {
				return messages.exit.notLoggedIn;
			}

			case 'failed': {
				return messages.exit.failed(outcome.reason);
			}
		}
	}, [messages, deviceUrlText]);

	/** Said and done once: a second Ctrl+C leaves at once, and the log-out it did not wait for says nothing more. */
	const exited = useRef(false);
	const leaveApp = useCallback((line: string) => {
		if (!exited.current) {
			exited.current = true;
			onExit?.(line);
			exit();
		}
	}, [exit, onExit]);

	const quit = useCallback(async () => {
		if (getShell().busy === 'quit') {
			// A second Ctrl+C while logging out: leave at once.
			leaveApp(farewell(undefined));
			return;
		}

		dispatch({type: 'busy', busy: 'quit'});
		let outcome: LogoutOutcome = {status: 'not-logged-in'};
		try {
			outcome = await endSession();
		} finally {
			leaveApp(farewell(outcome));
		}
	}, [dispatch, endSession, farewell, getShell, leaveApp]);

	// The log-in password, only while the factory default must be changed (it is the current one).
	const loginPassword = useRef<string | undefined>(undefined);

	const logOut = useCallback(async () => {
		loginPassword.current = undefined;
		dispatch({type: 'busy', busy: 'logout'});
		let outcome: LogoutOutcome = {status: 'logged-out'};
		try {
			outcome = await endSession();
		} finally {
			// Log In says it (or that the device could not be told).
			dispatch({type: 'logged-out', outcome});
		}
	}, [endSession, dispatch]);

	/**
	Forms register whether they hold changes the device does not; q, Esc and [Cancel] ask
	"Discard your changes? y/n" before those are lost. Ctrl+C never asks.
	*/
	const dirtyChecks = useRef(new Map<string, () => boolean>());
	const unsavedChanges = useMemo<UnsavedChangesRegistry>(() => ({
		register(id, isDirty) {
			dirtyChecks.current.set(id, isDirty);
			return () => {
				if (dirtyChecks.current.get(id) === isDirty) {
					dirtyChecks.current.delete(id);
				}
			};
		},
	}), []);

	const goOn = useCallback((then: DiscardThen) => {
		switch (then) {
			case 'back': {
				dispatch({type: 'pop'});
				break;
			}

			case 'quit': {
				void quit();
				break;
			}

			case 'logout': {
				void logOut();
				break;
			}
		}
	}, [dispatch, quit, logOut]);

	/** Back, quit or log out, after asking if the top screen holds changes the device does not. */
	const leave = useCallback((then: DiscardThen) => {
		const shellNow = getShell();
		if (shellNow.busy) {
			return;
		}

		const top = topRoute(shellNow);
		if (dirtyChecks.current.get(top.id)?.()) {
			dispatch({type: 'ask-discard', then});
			return;
		}

		goOn(then);
	}, [dispatch, getShell, goOn]);

	// The dispatcher lives as long as the app; it reaches the latest callbacks through a ref.
	const actions = useRef({quit, dispatch, leave});
	actions.current = {quit, dispatch, leave};
	const dispatcher = useMemo(() => new KeyDispatcher({
		activeTarget() {
			const target = activeTargetId(getShell());
			return certificateShown.current && target !== undefined && target !== helpTargetId ? certificateTargetId : target;
		},
		before(targetId: string, {input, key}: KeyEvent, typing: boolean) {
			// The discard question takes every key (Ctrl+C is handled before the dispatcher).
			if (typing || targetId === discardTargetId) {
				return false;
			}

			// What a key means comes from the key bindings table (source/input/key-bindings.ts).
			switch (actionFor('everywhere', input, key, ['notTyping'])) {
				case 'help': {
					actions.current.dispatch({type: 'toggle-help'});
					return true;
				}

				case 'quit': {
					actions.current.leave('quit');
					return true;
				}

				default: {
					return false;
				}
			}
		},
		after(targetId: string, {key}: KeyEvent) {
			if (key.escape && targetId !== helpTargetId && targetId !== sessionTargetId && targetId !== discardTargetId) {
				// Esc goes back only where the table says so (not on Log In or the Portal).
				if (escapeGoesBack(routeContexts[topRoute(getShell()).name])) {
					actions.current.leave('back');
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
	useTerminalKeys(onInput, text => {
		dispatcher.paste(text);
	});

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

	/** [Cancel] and Esc: back, after asking if changes would be lost. */
	const pop = () => {
		leave('back');
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
			// Saved: nothing is lost going back.
			dispatch({type: 'pop'});
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
						{...(shell.loggedOut ? {notice: loggedOutNotice(shell.loggedOut)} : {})}
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
							leave('logout');
						}}
						onSessionExpired={onSessionExpired}
					/>
				);
			}
		}
	};

	/** What Log In says after the Log Out item. */
	function loggedOutNotice(outcome: LogoutOutcome): {text: string; error: boolean} {
		return outcome.status === 'failed'
			? {text: messages.exit.logOutFailedNotice(outcome.reason), error: true}
			: {text: messages.exit.loggedOutNotice, error: false};
	}

	const overlay = shell.help || shell.sessionExpired || shell.busy !== undefined || certificate.question !== undefined;
	const crumbs = [...shell.stack.map(route => messages.screens[route.name]), ...(certificate.question ? [messages.deviceCertificate.title] : [])];

	return (
		<EnvironmentContext.Provider value={environment}>
			<UnsavedChangesContext.Provider value={unsavedChanges}>
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
									<RouteOnTopContext.Provider value={route.id === top.id}>
										<DiscardQuestionContext.Provider value={route.id === top.id && shell.confirmDiscard ? messages.discard.question : undefined}>
											<KeyTargetContext.Provider value={route.id}>{renderRoute(route)}</KeyTargetContext.Provider>
										</DiscardQuestionContext.Provider>
									</RouteOnTopContext.Provider>
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
										context={certificate.question ? 'deviceCertificate' : (shell.sessionExpired ? 'sessionPrompt' : routeContexts[top.name])}
										onClose={() => {
											dispatch({type: 'toggle-help'});
										}}
									/>
								</KeyTargetContext.Provider>
							</Box>
						) : null}
						{shell.confirmDiscard ? (
							<KeyTargetContext.Provider value={discardTargetId}>
								<DiscardKeys
									onAnswer={discard => {
										const then = getShell().confirmDiscard;
										dispatch({type: 'discard-answered'});
										if (discard && then) {
											goOn(then);
										}
									}}
								/>
							</KeyTargetContext.Provider>
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
			</UnsavedChangesContext.Provider>
		</EnvironmentContext.Provider>
	);
}

/** The keys of "Discard your changes? y/n" (drawn in the footer of the screen it is about). */
function DiscardKeys({onAnswer}: {onAnswer(discard: boolean): void}) {
	useKeys((input, key) => {
		const action = actionFor('confirmDiscard', input, key);
		if (action === 'discard' || action === 'keep') {
			onAnswer(action === 'discard');
		}

		// Nothing else until it is answered (Ctrl+C still quits, without asking).
		return true;
	});
	return null;
}
