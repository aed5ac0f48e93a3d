/**
The route table: which screen is drawn for which route of the menu path, and what it is given
(the app's stores and callbacks). Screens are views; what they do goes through `RouteApp`.
*/
import type {ReactNode} from 'react';
import type {GoogleBasicSettings, GoogleBasicSettingsRequest, MicrosoftBasicSettings, TestMailProvider} from '../device/contract-values.js';
import type {DeviceAddress} from '../device/device-address.js';
import type {DeviceClient} from '../device/device-client.js';
import type {AppSession} from '../hooks/use-app-session.js';
import type {GoogleStore, MicrosoftStore, ProviderStore} from '../hooks/use-provider-state.js';
import type {Messages} from '../i18n/index.js';
import {topRoute, type DiscardThen, type LogoutOutcome, type Route, type RouteName, type ShellAction, type ShellState} from './shell.js';
import {ChangePasswordScreen} from '../../screens/change-password.js';
import {GoogleEditBasicSettingsScreen} from '../../screens/google-edit-basic-settings.js';
import {GoogleRegisterAuthorizationScreen} from '../../screens/google-register-authorization.js';
import {GoogleSettingsScreen} from '../../screens/google-settings.js';
import {LoginScreen} from '../../screens/login.js';
import {MicrosoftEditBasicSettingsScreen} from '../../screens/microsoft-edit-basic-settings.js';
import {MicrosoftSettingsScreen} from '../../screens/microsoft-settings.js';
import {PortalScreen} from '../../screens/portal.js';
import {SendSettingsScreen} from '../../screens/send-settings.js';
import {SendTestMailScreen} from '../../screens/send-test-mail.js';
import {SettingsRegistrationScreen} from '../../screens/settings-registration.js';

/** What the screens of the route table are given: the app's state, stores and callbacks. */
export type RouteApp = {
	messages: Messages;
	shell: ShellState;
	getShell: () => ShellState;
	dispatch: (action: ShellAction) => void;
	session: AppSession;
	/** The client Log In uses (with the certificate check of an https device). */
	loginClient: DeviceClient;
	/** A client for another device address typed on Log In (with the same check), if that may change. */
	connect: ((address: DeviceAddress) => DeviceClient) | undefined;
	microsoft: MicrosoftStore;
	google: GoogleStore;
	copy: (text: string) => void;
	/** Back, quit or log out, after asking if changes would be lost. */
	leave: (then: DiscardThen) => void;
	/** The last test mail address, offered again (for the other provider, say) until quitting. */
	lastTestMailTo: string | undefined;
	setLastTestMailTo: (to: string) => void;
};

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

/** What Log In says after the Log Out item. */
function loggedOutNotice(messages: Messages, outcome: LogoutOutcome): {text: string; error: boolean} {
	return outcome.status === 'failed'
		? {text: messages.exit.logOutFailedNotice(outcome.reason), error: true}
		: {text: messages.exit.loggedOutNotice, error: false};
}

function push(app: RouteApp, name: RouteName): () => void {
	return () => {
		app.dispatch({type: 'push', name});
	};
}

/** [Cancel] and Esc: back, after asking if changes would be lost. */
function pop(app: RouteApp): () => void {
	return () => {
		app.leave('back');
	};
}

/**
A state the device returned to a request of the form at `route`: shown, and back (unless
something else is on top by now).
*/
function finish<State>(app: RouteApp, store: ProviderStore<State>, route: Route) {
	return (state: State) => {
		store.replace(state);
		if (topRoute(app.getShell()).id === route.id) {
			// Saved: nothing is lost going back.
			app.dispatch({type: 'pop'});
		}
	};
}

/** What an Edit Basic Settings form needs, for either provider. */
function basicForm<State extends {settings: Settings}, Settings, Request>(
	app: RouteApp,
	store: ProviderStore<State>,
	route: Route,
	empty: Settings,
	save: (request: Request) => Promise<State>,
) {
	return {
		initial: store.get()?.settings ?? empty,
		save,
		reload: store.reload,
		onSessionExpired: app.session.onSessionExpired,
		onCancel: pop(app),
		onSaved: finish(app, store, route),
	};
}

function testMail(app: RouteApp, provider: TestMailProvider, account: string | undefined): ReactNode {
	const {client} = app.session;
	return (
		<SendTestMailScreen
			provider={provider}
			account={account}
			send={async (to: string) => client.sendTestMail(provider, to)}
			{...(app.lastTestMailTo === undefined ? {} : {initialTo: app.lastTestMailTo})}
			onSent={app.setLastTestMailTo}
			onSessionExpired={app.session.onSessionExpired}
			onCancel={pop(app)}
		/>
	);
}

const routeTable: {[Name in RouteName]: (app: RouteApp, route: Route) => ReactNode} = {
	login: app => (
		<LoginScreen
			client={app.loginClient}
			userName={app.shell.userName}
			{...(app.shell.loggedOut ? {notice: loggedOutNotice(app.messages, app.shell.loggedOut)} : {})}
			{...(app.connect ? {connect: app.connect} : {})}
			onLoggedIn={app.session.loggedIn}
		/>
	),
	portal: app => (
		<PortalScreen
			userName={app.shell.userName}
			onSettingsRegistration={push(app, 'settingsRegistration')}
			onLogOut={() => {
				void app.session.logOut();
			}}
		/>
	),
	settingsRegistration: app => <SettingsRegistrationScreen onSendSettings={push(app, 'sendSettings')}/>,
	sendSettings: app => <SendSettingsScreen onMicrosoft={push(app, 'microsoftSettings')} onGoogle={push(app, 'googleSettings')}/>,
	microsoftSettings: app => (
		<MicrosoftSettingsScreen
			store={app.microsoft}
			copy={app.copy}
			onEdit={push(app, 'microsoftEditBasicSettings')}
			onTestMail={push(app, 'microsoftTestMail')}
		/>
	),
	microsoftEditBasicSettings: (app, route) => (
		<MicrosoftEditBasicSettingsScreen
			{...basicForm(app, app.microsoft, route, emptyMicrosoftSettings, async (settings: MicrosoftBasicSettings) =>
				app.session.client.saveMicrosoftBasic(settings))}
		/>
	),
	googleSettings: app => (
		<GoogleSettingsScreen
			store={app.google}
			onEdit={push(app, 'googleEditBasicSettings')}
			onRegister={push(app, 'googleRegisterAuthorization')}
			onTestMail={push(app, 'googleTestMail')}
		/>
	),
	googleEditBasicSettings: (app, route) => (
		<GoogleEditBasicSettingsScreen
			{...basicForm(app, app.google, route, emptyGoogleSettings, async (request: GoogleBasicSettingsRequest) =>
				app.session.client.saveGoogleBasic(request))}
		/>
	),
	googleRegisterAuthorization: (app, route) => (
		<GoogleRegisterAuthorizationScreen
			store={app.google}
			copy={app.copy}
			submit={async code => app.session.client.submitGoogleAuthorizationCode(code)}
			onSessionExpired={app.session.onSessionExpired}
			onCancel={pop(app)}
			onDone={finish(app, app.google, route)}
		/>
	),
	microsoftTestMail: app => testMail(app, 'microsoft', app.microsoft.state?.token.account),
	googleTestMail: app => testMail(app, 'google', app.google.state?.token.account),
	changePassword: app => (
		<ChangePasswordScreen
			client={app.session.client}
			userName={app.shell.userName}
			currentPassword={app.session.currentPassword()}
			onChanged={() => {
				app.session.passwordChanged(app.shell.userName);
			}}
			onLogOut={() => {
				app.leave('logout');
			}}
			onSessionExpired={app.session.onSessionExpired}
		/>
	),
};

/** The screen for `route`. */
export function renderRoute(app: RouteApp, route: Route): ReactNode {
	return routeTable[route.name](app, route);
}
