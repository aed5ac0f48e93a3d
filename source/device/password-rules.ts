/**
The rules for a new administrator password, shared by the device (emulator) and the client
(the Change the Administrator Password screen checks before sending; the device decides).
No zod here: the TUI imports this before its first frame.
*/
import type {FieldErrorCode} from './contract-values.js';

/** The printer's factory setting (user name Administrator); printed in its manual. */
export const factoryDefaultPassword = '7654321';

export const passwordLength = {min: 8, max: 64} as const;

/** Printable ASCII without the space: what every printer panel and keyboard layout can enter. */
const allowed = /^[\u0021-\u007E]*$/;

/**
Why `newPassword` may not become the administrator password, or undefined: printable ASCII,
not the factory default (`factoryDefault`, default 7654321), not the user name (in any case),
8 to 64 characters, not the current password (when it is known).
*/
export function newPasswordProblem(newPassword: string, context: {userName: string; currentPassword?: string; factoryDefault?: string}): FieldErrorCode | undefined {
	if (!allowed.test(newPassword)) {
		return 'invalid_characters';
	}

	if (newPassword === (context.factoryDefault ?? factoryDefaultPassword)) {
		return 'password_default';
	}

	if (newPassword.toLowerCase() === context.userName.toLowerCase()) {
		return 'password_user_name';
	}

	if (newPassword.length < passwordLength.min || newPassword.length > passwordLength.max) {
		return 'password_length';
	}

	if (context.currentPassword !== undefined && newPassword === context.currentPassword) {
		return 'password_unchanged';
	}

	return undefined;
}
