/**
管理者パスワードの変更 / Change the Administrator Password: what a log-in with the factory
default password leads to. The current password is the one just used to log in (kept by the
app, not asked again and not shown); the field appears only when the device says it is wrong.
New and Confirm are masked; the device's rules (password-rules.ts) and the confirmation are
checked here before anything is sent. Esc logs out. The passwords live only in this form's
state (and the app's memory of the log-in password) until the change is done.
*/

import type {Key} from 'ink';
import type {Clock} from '../clock.js';
import type {DeviceClient} from '../device/device-client.js';
import {
	changePasswordProblems,
	changePasswordReducer,
	initialChangePasswordState,
	passwordFieldOrder,
	refusedPasswordFields,
	type ChangePasswordState,
} from '../forms/change-password-form.js';
import {asDeviceError, lockedUntilOf} from '../forms/device-request.js';
import {buttonOrFieldKey, focusDelta} from '../input/form-keys.js';
import {waitForScreen, type KeyResult} from '../input/key-dispatcher.js';
import {textValue} from '../input/text-input.js';
import {useSyncStore} from './use-sync-store.js';
import {useUnsavedChanges} from './use-unsaved-changes.js';


export type ChangePasswordOptions = {
	client: DeviceClient;
	clock: Clock;
	userName: string;
	/** The password of the log-in; undefined: ask for it. */
	currentPassword: string | undefined;
	/** Changed: continue to the Portal. */
	onChanged(): void;
	/** Esc: log out (the device allows nothing else with the factory default password). */
	onLogOut(): void;
	onSessionExpired(): void;
};

export function useChangePassword(options: ChangePasswordOptions): {
	state: ChangePasswordState;
	onKey(input: string, key: Key): KeyResult;
	isTyping(): boolean;
} {
	const [state, dispatch, get] = useSyncStore(changePasswordReducer, () => initialChangePasswordState(options.currentPassword));
	// Typed anything: Esc (log out) and q ask before it is thrown away.
	useUnsavedChanges(() => passwordFieldOrder.some(field => textValue(get()[field]) !== ''));

	const submit = async (): Promise<void> => {
		const current = get();
		if (current.phase !== 'editing' || (current.lockedUntil !== undefined && current.lockedUntil > options.clock.now())) {
			return;
		}

		const currentPassword = current.askCurrent ? textValue(current.currentPassword) : options.currentPassword ?? '';
		const fieldErrors = changePasswordProblems(current, {userName: options.userName, currentPassword});
		if (Object.keys(fieldErrors).length > 0) {
			dispatch({type: 'refused', fieldErrors});
			return;
		}

		dispatch({type: 'submitting'});
		try {
			await options.client.changePassword(currentPassword, textValue(current.newPassword));
			options.onChanged();
		} catch (error) {
			const deviceError = asDeviceError(error);
			const refused = refusedPasswordFields(deviceError);
			if (Object.keys(refused).length > 0) {
				dispatch({type: 'refused', fieldErrors: refused});
				return;
			}

			const sessionEnded = deviceError.kind === 'session-expired';
			const lockedUntil = lockedUntilOf(deviceError, options.clock.now());
			dispatch({type: 'failed', error: sessionEnded ? undefined : deviceError, sessionEnded, lockedUntil});
			if (sessionEnded) {
				options.onSessionExpired();
			}
		}
	};

	const onKey = (input: string, key: Key): KeyResult => {
		const current = get();
		if (current.phase === 'submitting') {
			return waitForScreen;
		}

		if (key.escape) {
			// Log out (the app asks first if anything was typed).
			options.onLogOut();
			return true;
		}

		const delta = focusDelta(key);
		if (delta) {
			dispatch({type: 'focus', delta});
			return true;
		}

		if (key.return) {
			if (current.focus === 'ok' || current.focus === 'confirmPassword') {
				void submit();
			} else {
				dispatch({type: 'focus', delta: 1});
			}

			return true;
		}

		const {focus} = current;
		return buttonOrFieldKey(input, key, {
			onButton: focus === 'ok',
			press() {
				void submit();
			},
			edit(action) {
				if (focus !== 'ok') {
					dispatch({type: 'text', field: focus, action});
				}
			},
		});
	};

	const isTyping = (): boolean => get().focus !== 'ok';

	return {state, onKey, isTyping};
}
