/**
`cloudmail-setup password change`: changes the administrator password, as the device asks for
after a log-in with the factory default. The current password is the log-in password (from
CLOUDMAIL_PASSWORD, --password-stdin or the prompt, as for every command); the new one from
--new-password-stdin (the next line of stdin), else CLOUDMAIL_NEW_PASSWORD, else a hidden
prompt on the terminal, asked twice. Never argv. Checked against the device's rules
(password-rules.ts) before anything is sent.
*/
import {newPasswordProblem} from '../device/password-rules.js';
import type {Messages} from '../i18n/index.js';
import type {CommandContext, CommandResult} from './context.js';
import {usageFailure, validationFailure, type ScriptedFailure} from './failure.js';
import {promptHidden, type Input} from './input.js';
import {fieldLabels} from './labels.js';

export const newPasswordVariable = 'CLOUDMAIL_NEW_PASSWORD';

function labels(messages: Messages): Record<string, string> {
	return fieldLabels(messages, undefined);
}

/** The new password when it is not on stdin: the environment, else asked twice on a terminal. */
export async function readNewPassword(options: {
	messages: Messages;
	environment: NodeJS.ProcessEnv;
	stdin: Input;
	stderr: {write(text: string): unknown};
	onInterrupt: () => ScriptedFailure;
}): Promise<string> {
	const {messages} = options;
	const fromEnvironment = options.environment[newPasswordVariable];
	if (fromEnvironment !== undefined && fromEnvironment !== '') {
		return fromEnvironment;
	}

	if (options.stdin.isTTY !== true) {
		throw usageFailure(messages.scripted.usage.noNewPassword);
	}

	const first = await promptHidden(messages.scripted.newPasswordPrompt, options.stdin, options.stderr, options.onInterrupt);
	const second = await promptHidden(messages.scripted.confirmPasswordPrompt, options.stdin, options.stderr, options.onInterrupt);
	if (first !== second) {
		throw validationFailure(messages, {newPassword: 'password_mismatch'}, labels(messages));
	}

	return first;
}

/** The device's rules, before a password is sent: exit 5 (validation) when one is broken. */
export function precheckNewPassword(messages: Messages, newPassword: string, userName: string, currentPassword: string): void {
	const problem = newPasswordProblem(newPassword, {userName, currentPassword});
	if (problem) {
		throw validationFailure(messages, {newPassword: problem}, labels(messages));
	}
}

export async function changePassword(context: CommandContext, currentPassword: string, newPassword: string): Promise<CommandResult> {
	const {client, messages} = context;
	await client.changePassword(currentPassword, newPassword);
	return {document: {passwordChanged: true}, lines: [messages.scripted.passwordChanged]};
}
