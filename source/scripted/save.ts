/**
What `configure` would change, and saving it as the TUI does.

The plan: the device's settings before, the settings after (non-secret fields only), the names
of the fields that differ, and what becomes of the write-only client secret. The device never
shows a stored secret, so it cannot be compared: a secret that is going to be sent counts as a
change ("would-change" / "changed"); with --client-secret-if-unset it is sent only when the
device has none, and otherwise "unchanged". `--check` stops after the plan: nothing is sent.

A save whose answer is lost (no answer, a timeout, an unreadable answer, a 5xx other than the
device's own `not_saved`: `answerLost` of the TUI) is not reported as failed or as done on a
guess: the device's settings are read again (after a new log-in if the device restarted
meanwhile, retrying while it does not answer) and compared with what was sent (the TUI's
`held` rules): the device holds what was sent → saved; it holds the old settings → not saved,
with the reason; anything else → changed elsewhere; the read fails → not known, with why.
*/
import {isDeviceError, type DeviceError} from '../device/device-error.js';
import {answerLost, type Held} from '../forms/device-request.js';
import type {CommandContext} from './context.js';
import {fromDeviceError, ScriptedFailure} from './failure.js';

/** Non-secret settings, as compared and reported. */
export type PlainSettings = Record<string, boolean | string>;

export type SecretPlan = 'would-change' | 'changed' | 'unchanged';

export type Plan = {
	changed: boolean;
	/** The names of the device API fields that change (the secret as `clientSecret`). */
	changes: string[];
	before: PlainSettings;
	after: PlainSettings;
	/** Only for a provider with a write-only secret (Google). */
	clientSecret?: SecretPlan;
};

/** The fields of `after` that differ from `before` (`same` decides per field), then the secret. */
export function planOf(before: PlainSettings, after: PlainSettings, secretSent: boolean | undefined, same: (field: string, a: unknown, b: unknown) => boolean = (_field, a, b) => a === b): Plan {
	const changes = Object.keys(after).filter(field => !same(field, before[field], after[field]));
	if (secretSent) {
		changes.push('clientSecret');
	}

	return {
		changed: changes.length > 0,
		changes,
		before,
		after,
		...(secretSent === undefined ? {} : {clientSecret: secretSent ? 'would-change' : 'unchanged'}),
	};
}

/** After the save: what the plan said would happen, said as done. */
export function donePlan(plan: Plan): Plan {
	return plan.clientSecret === 'would-change' ? {...plan, clientSecret: 'changed'} : plan;
}

/** How long to keep reading a device that does not answer after a lost save (it may be restarting). */
export const rereadBudgetMs = 60_000;
const rereadPauseMs = [500, 1000, 2000, 3000, 5000];

export type SaveOutcome<State> = {state: State; answerLost: boolean};

/**
Sends `save`; on a lost answer reads the device again (`read`, logging in again with `relogin`
when the session ended, retrying a device that does not answer for `rereadBudgetMs`) and asks
`held` what it holds. Resolves with the state after the save; rejects with a ScriptedFailure
that says what is known.
*/
export async function saveAndConfirm<State>(context: CommandContext, steps: {
	save(): Promise<State>;
	read(): Promise<State>;
	relogin(): Promise<void>;
	held(state: State): Held;
	labels: Record<string, string>;
}): Promise<SaveOutcome<State>> {
	const {messages} = context;
	const words = messages.scriptedSave;
	let lost: DeviceError;
	try {
		return {state: await steps.save(), answerLost: false};
	} catch (error) {
		if (!isDeviceError(error) || !answerLost(error)) {
			throw error;
		}

		lost = error;
	}

	const reason = fromDeviceError(messages, lost, {labels: steps.labels});
	context.output.progress(words.verifying(reason.message));
	const start = context.now();
	let attempt = 0;
	let loggedInAgain = false;
	let state: State;
	for (;;) {
		try {
			state = await steps.read();
			break;
		} catch (error) {
			if (!isDeviceError(error)) {
				throw error;
			}

			if (error.kind === 'session-expired' && !loggedInAgain) {
				// The device restarted (its sessions ended with it): log in again, then read.
				loggedInAgain = true;
				try {
					await steps.relogin();
				} catch (loginError) {
					throw notKnown(context, loginError, steps.labels);
				}

				continue;
			}

			const noAnswer = answerLost(error);
			if (!noAnswer || context.now() - start >= rereadBudgetMs) {
				throw notKnown(context, error, steps.labels);
			}

			await context.sleep(rereadPauseMs[Math.min(attempt, rereadPauseMs.length - 1)]!);
			attempt += 1;
		}
	}

	switch (steps.held(state)) {
		case 'sent': {
			return {state, answerLost: true};
		}

		case 'old': {
			// Nothing was saved: the cause of the lost answer decides the exit code.
			throw new ScriptedFailure(reason.code, words.notSaved(reason.message), {exitCode: reason.exitCode, result: {saved: false, answerLost: true}});
		}

		case 'other': {
			throw new ScriptedFailure('conflict', words.changedElsewhere, {result: {saved: false, answerLost: true}});
		}

		case 'unknown': {
			throw new ScriptedFailure('save_unconfirmed', words.secretNotKnown, {result: {saved: null, answerLost: true}});
		}
	}
}

function notKnown(context: CommandContext, error: unknown, labels: Record<string, string>): ScriptedFailure {
	const {messages} = context;
	const failure = error instanceof ScriptedFailure
		? error
		: (isDeviceError(error) ? fromDeviceError(messages, error, {labels}) : new ScriptedFailure('internal', String(error)));
	return new ScriptedFailure('save_unconfirmed', messages.scriptedSave.notKnown(failure.message), {result: {saved: null, answerLost: true}});
}
