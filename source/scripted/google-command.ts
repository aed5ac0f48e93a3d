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
import type {CommandContext, CommandResult} from './context.js';
import {ScriptedFailure, validationFailure} from './failure.js';
import {googleSettingsRows, planRows, rows, tokenRows, tokenText, withAdvice} from './human.js';
import {fieldLabels} from './labels.js';
import type {ConfigureOptions} from './microsoft-command.js';
import type {BasicChanges} from './options.js';
import {presentGoogle, type GoogleDocument} from './present.js';
import {donePlan, planOf, saveAndConfirm, type PlainSettings} from './save.js';

/** The client ID alone, before asking for a password. */
export function precheckGoogleConfigure(context: Pick<CommandContext, 'messages'>, clientId: string | undefined): void {
	const error = clientId === undefined ? undefined : validateGoogleClientId(clientId);
	if (error) {
		throw validationFailure(context.messages, {clientId: error}, fieldLabels(context.messages, 'google'));
	}
}

/** The current settings with the options over them; Add CN goes off with Verify, as in the TUI. */
export function googleRequest(current: GoogleBasicSettings, clientId: string | undefined, secret: string | undefined, changes: BasicChanges): GoogleBasicSettingsRequest {
	const verify = changes.verifyServerCertificate ?? current.verifyServerCertificate;
	return {
		enabled: changes.enabled ?? current.enabled,
		verifyServerCertificate: verify,
		addCnToVerification: changes.addCnToVerification ?? (verify && current.addCnToVerification),
		clientId: clientId ?? current.clientId,
		...(secret === undefined ? {} : {clientSecret: secret}),
	};
}

/** The settings a plan compares and reports: never the secret, only whether one is stored. */
function plainSettings(settings: GoogleBasicSettings): PlainSettings {
	return {
		enabled: settings.enabled,
		verifyServerCertificate: settings.verifyServerCertificate,
		addCnToVerification: settings.addCnToVerification,
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
	const words = messages.scripted;
	const state = await client.getGoogle();
	// --client-secret-if-unset: the secret goes only to a device that has none.
	const secret = options.secretIfUnset && state.settings.clientSecretSet ? undefined : givenSecret;
	const request = googleRequest(state.settings, clientId, secret, changes);
	const errors = validateGoogleBasic(request, state.settings.clientSecretSet);
	if (Object.keys(errors).length > 0) {
		throw validationFailure(messages, errors, fieldLabels(messages, 'google'));
	}

	const plan = planOf(plainSettings(state.settings), plainSettings({...state.settings, ...request}), givenSecret === undefined ? undefined : secret !== undefined);
	if (options.check) {
		const document = presentGoogle(state, messages);
		return {
			document: {provider: 'google', check: true, ...plan, settings: document.settings, connection: document.connection, token: document.token},
			lines: [plan.changed ? messages.scriptedSave.wouldChange(plan.changes.join(', ')) : messages.scriptedSave.checkUnchanged, ...planRows(messages, plan)],
		};
	}

	let after = state;
	let lost = false;
	if (plan.changed) {
		({state: after, answerLost: lost} = await saveAndConfirm(context, {
			save: async () => client.saveGoogleBasic(request),
			read: async () => client.getGoogle(),
			relogin: options.relogin ?? (async () => {}),
			held: current => heldGoogle(request, current.settings, state.settings),
			labels: fieldLabels(messages, 'google'),
		}));
	}

	const document = presentGoogle(after, messages);
	const done = donePlan(plan);
	return {
		document: {
			provider: 'google',
			...done,
			after: plainSettings(after.settings),
			clientSecretSent: secret !== undefined,
			...(lost ? {answerLost: true} : {}),
			settings: document.settings,
			connection: document.connection,
			token: document.token,
		},
		lines: [
			plan.changed ? (lost ? messages.scriptedSave.savedAfterLostAnswer : words.saved) : words.unchanged,
			...(secret === undefined ? (givenSecret === undefined ? [] : [messages.scriptedSave.secretKept]) : [words.secretSent]),
			...rows([...googleSettingsRows(messages, document), ...tokenRows(messages, document.token)]),
		],
	};
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
