/**
`cloudmail-setup google configure` and `google authorize`: Edit Basic Settings of OAuth 2.0
(Google) from options (the secret only from stdin), and Register Authorization Information:
the URL to open, then the code or the whole redirect URL, checked as the TUI checks it.
*/
import type {GoogleBasicSettings, GoogleBasicSettingsRequest, GoogleState} from '../device/contract.js';
import {
	parseAuthorizationCodeInput,
	stateOfAuthorizationUrl,
	validateGoogleBasic,
	validateGoogleClientId,
} from '../device/validation.js';
import {heldGoogle} from '../forms/google-basic-form.js';
import {untilAuthorizationReady} from './authorization-ready.js';
import {plainSwitches, refuseInvalid, runConfigure, switchesOf, type ConfigureOptions} from './configure.js';
import type {CommandContext, CommandResult} from './context.js';
import {ScriptedFailure, validationFailure} from './failure.js';
import {googleSettingsRows, rows, tokenRows, tokenText, withAdvice} from './human.js';
import {fieldLabels} from './labels.js';
import type {BasicChanges} from './options.js';
import {presentGoogle, type GoogleDocument} from './present.js';
import {planOf, saveAndConfirm, type PlainSettings} from './save.js';

/** The client ID alone, before asking for a password. */
export function precheckGoogleConfigure(context: Pick<CommandContext, 'messages'>, clientId: string | undefined): void {
	const error = clientId === undefined ? undefined : validateGoogleClientId(clientId);
	if (error) {
		throw validationFailure(context.messages, {clientId: error}, fieldLabels(context.messages, 'google'));
	}
}

/** The current settings with the options over them; Add CN goes off with Verify, as in the TUI. */
export function googleRequest(current: GoogleBasicSettings, clientId: string | undefined, secret: string | undefined, changes: BasicChanges): GoogleBasicSettingsRequest {
	return {
		...switchesOf(current, changes),
		clientId: clientId ?? current.clientId,
		...(secret === undefined ? {} : {clientSecret: secret}),
	};
}

/** The settings a plan compares and reports: never the secret, only whether one is stored. */
function plainSettings(settings: GoogleBasicSettings): PlainSettings {
	return {
		...plainSwitches(settings),
		clientId: settings.clientId,
	};
}

export async function configureGoogle(
	context: CommandContext,
	clientId: string | undefined,
	givenSecret: string | undefined,
	changes: BasicChanges,
	options: ConfigureOptions & {secretIfUnset?: boolean} = {check: false},
): Promise<CommandResult> {
	const {client, messages} = context;
	const state = await client.getGoogle();
	// --client-secret-if-unset: the secret goes only to a device that has none.
	const secret = options.secretIfUnset && state.settings.clientSecretSet ? undefined : givenSecret;
	const request = googleRequest(state.settings, clientId, secret, changes);
	refuseInvalid(context, 'google', validateGoogleBasic(request, state.settings.clientSecretSet));
	return runConfigure(context, {
		provider: 'google',
		check: options.check,
		before: state,
		plan: planOf(plainSettings(state.settings), plainSettings({...state.settings, ...request}), givenSecret === undefined ? undefined : secret !== undefined),
		save: async () => saveAndConfirm(context, {
			save: async () => client.saveGoogleBasic(request),
			read: async () => client.getGoogle(),
			relogin: options.relogin ?? (async () => {}),
			held: current => heldGoogle(request, current.settings, state.settings),
			labels: fieldLabels(messages, 'google'),
		}),
		present: current => presentGoogle(current, messages),
		plain: plainSettings,
		settingsRows: document => googleSettingsRows(messages, document),
		secret: {
			sent: secret !== undefined,
			lines: secret === undefined ? (givenSecret === undefined ? [] : [messages.scriptedSave.secretKept]) : [messages.scripted.secretSent],
		},
	});
}

function authorizeDocument(document: GoogleDocument, codeSubmitted: boolean): Record<string, unknown> {
	return {provider: 'google', codeSubmitted, authorization: document.authorization, token: document.token};
}

function tokenLines(context: CommandContext, first: string, document: GoogleDocument): string[] {
	return [first, ...rows(tokenRows(context.messages, document.token))];
}

/**
Without a code: the authorization URL (from the device, or a new one), for the engineer to
open. With one (or the whole redirect URL): checked against the URL's `state`, then exchanged.
*/
export async function authorizeGoogle(context: CommandContext, code: string | undefined, printUrl: boolean): Promise<CommandResult> {
	const {client, messages, output} = context;
	const words = messages.scripted;
	const initial = await client.getGoogle();
	const alreadyActive = (state: GoogleState): CommandResult => {
		if (code !== undefined) {
			output.progress(words.codeNotUsed);
		}

		const document = presentGoogle(state, messages);
		return {document: authorizeDocument(document, false), lines: tokenLines(context, words.alreadyActive, document)};
	};

	if (initial.token.status === 'active') {
		return alreadyActive(initial);
	}

	const state = await untilAuthorizationReady(context, {
		read: async () => client.getGoogle(),
		refresh: async () => client.refreshGoogle(),
		ready: current => current.authorization !== null,
		notEnabled: () => new ScriptedFailure('not_enabled', words.notEnabledGoogle),
		provider: 'google',
	}, initial);
	if (state.token.status === 'active' || state.authorization === null) {
		return alreadyActive(state);
	}

	const document = presentGoogle(state, messages);
	if (printUrl || code === undefined) {
		// Alone on its line, so that a terminal selection or a pipe gets it whole.
		output.info([document.authorization!.url]);
	}

	if (code === undefined) {
		output.progress(words.openUrl);
		return {document: authorizeDocument(document, false), lines: []};
	}

	const parsed = parseAuthorizationCodeInput(code, stateOfAuthorizationUrl(state.authorization.url));
	if ('error' in parsed) {
		throw validationFailure(messages, {authorizationCode: parsed.error}, fieldLabels(messages, 'google'));
	}

	output.progress(words.exchanging);
	const after = presentGoogle(await client.submitGoogleAuthorizationCode(parsed.code), messages);
	if (after.token.status !== 'active') {
		throw new ScriptedFailure('authorization_failed', withAdvice(words.authorizationFailed(tokenText(messages, after.token)), after.token), {result: authorizeDocument(after, true)});
	}

	return {document: authorizeDocument(after, true), lines: tokenLines(context, words.codeAccepted, after)};
}
