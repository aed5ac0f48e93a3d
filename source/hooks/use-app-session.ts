/**
The app's session with the device: the client in use (another one after a log-in to an address
typed on Log In), logging in, the password change the factory default needs, logging out (the
Log Out item), and quitting (q, Ctrl+C) with a log-out first and a farewell line after it.
*/
import {useCallback, useRef, useState} from 'react';
import {useApp} from 'ink';
import {describeDeviceError} from '../../screens/device-error-text.js';
import type {DeviceAddress} from '../device/device-address.js';
import type {DeviceClient} from '../device/device-client.js';
import {DeviceError} from '../device/device-error.js';
import type {Messages} from '../i18n/index.js';
import type {LoginConnection} from './use-login-form.js';
import {sanitizeLine} from '../terminal/sanitize.js';
import type {LogoutOutcome, ShellAction, ShellState} from '../tui/shell.js';

export type AppSessionOptions = {
	initialClient: DeviceClient;
	/** A log-in through a client from `connect` succeeded: the app uses it from now on (save the address). */
	onConnected: ((client: DeviceClient, address: DeviceAddress) => void) | undefined;
	/** Called after logging out on q or Ctrl+C, just before the app exits, with the farewell line. */
	onExit: ((farewell: string) => void) | undefined;
	messages: Messages;
	dispatch: (action: ShellAction) => void;
	getShell: () => ShellState;
};

export type AppSession = {
	client: DeviceClient;
	/** Log In succeeded (through `connection` when another address was typed there). */
	loggedIn(userName: string, connection?: LoginConnection, passwordChange?: {currentPassword: string}): void;
	/** The log-in password, only while the factory default must be changed (it is the current one). */
	currentPassword(): string | undefined;
	/** Change Password is done: on to the Portal. */
	passwordChanged(userName: string): void;
	logOut(): Promise<void>;
	quit(): Promise<void>;
	/** A request said the session ended: the password prompt is shown over the screen. */
	onSessionExpired(): void;
};

/** Ends the session on `client`, and says how that went. */
async function endSessionOf(client: DeviceClient, messages: Messages, deviceUrlText: string): Promise<LogoutOutcome> {
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
}

/** The line printed after quitting; undefined: a second Ctrl+C did not wait for the log-out. */
function farewellLine(messages: Messages, deviceUrlText: string, outcome: LogoutOutcome | undefined): string {
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
}

/** Quitting: log out first (a second Ctrl+C leaves at once), then the farewell line and exit. */
function useQuit(endSession: () => Promise<LogoutOutcome>, {onExit, messages, dispatch, getShell}: AppSessionOptions, deviceUrlText: string) {
	const {exit} = useApp();
	const farewell = useCallback((outcome: LogoutOutcome | undefined): string => farewellLine(messages, deviceUrlText, outcome), [messages, deviceUrlText]);

	/** Said and done once: a second Ctrl+C leaves at once, and the log-out it did not wait for says nothing more. */
	const exited = useRef(false);
	const leaveApp = useCallback((line: string) => {
		if (!exited.current) {
			exited.current = true;
			onExit?.(line);
			exit();
		}
	}, [exit, onExit]);

	return useCallback(async () => {
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
}

export function useAppSession(options: AppSessionOptions): AppSession {
	const {initialClient, onConnected, messages, dispatch} = options;
	// Another device, once a log-in to an address typed on Log In has succeeded.
	const [client, setClient] = useState(initialClient);
	const deviceUrlText = sanitizeLine(client.baseUrl);
	const endSession = useCallback(async () => endSessionOf(client, messages, deviceUrlText), [client, messages, deviceUrlText]);
	const quit = useQuit(endSession, options, deviceUrlText);

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

	const onSessionExpired = useCallback(() => {
		dispatch({type: 'session-expired'});
	}, [dispatch]);

	return {
		client,
		loggedIn(userName, connection, passwordChange) {
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
		},
		currentPassword: () => loginPassword.current,
		passwordChanged(userName) {
			loginPassword.current = undefined;
			dispatch({type: 'logged-in', userName});
		},
		logOut,
		quit,
		onSessionExpired,
	};
}
