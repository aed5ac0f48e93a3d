/**
What `microsoft configure` and `google configure` share: Enabled, Verify and Add CN from the
options, and once the request is valid, the rest: with --check the plan and nothing sent,
otherwise the save (saveAndConfirm, only when something changes) and the report of the
settings after it.
*/
import type {FieldErrorCode} from '../device/contract.js';
import type {CommandContext, CommandResult} from './context.js';
import {validationFailure} from './failure.js';
import {planRows, rows, tokenRows} from './human.js';
import {fieldLabels} from './labels.js';
import type {BasicChanges} from './options.js';
import type {ConnectionDocument, TokenDocument} from './present.js';
import {donePlan, type Plan, type PlainSettings, type SaveOutcome} from './save.js';

/** `check`: report the plan, send nothing; `relogin`: a new log-in, when a lost save is checked after the device restarted. */
export type ConfigureOptions = {check: boolean; relogin?: () => Promise<void>};

type Switches = {enabled: boolean; verifyServerCertificate: boolean; addCnToVerification: boolean};

/** The current switches with the options over them; Add CN goes off with Verify, as in the TUI. */
export function switchesOf(current: Switches, changes: BasicChanges): Switches {
	const verify = changes.verifyServerCertificate ?? current.verifyServerCertificate;
	return {
		enabled: changes.enabled ?? current.enabled,
		verifyServerCertificate: verify,
		addCnToVerification: changes.addCnToVerification ?? (verify && current.addCnToVerification),
	};
}

/** The switches alone, as a plan compares and reports them (with the provider's own fields after). */
export function plainSwitches(settings: Switches): Switches {
	return {
		enabled: settings.enabled,
		verifyServerCertificate: settings.verifyServerCertificate,
		addCnToVerification: settings.addCnToVerification,
	};
}

/** Refuses a request with field errors, naming the fields as the provider's screen does. */
export function refuseInvalid(context: Pick<CommandContext, 'messages'>, provider: 'microsoft' | 'google', errors: Partial<Record<string, FieldErrorCode>>): void {
	if (Object.keys(errors).length > 0) {
		throw validationFailure(context.messages, errors, fieldLabels(context.messages, provider));
	}
}

type ProviderDocument = {settings: unknown; connection: ConnectionDocument; token: TokenDocument};

export type Configuration<State extends {settings: unknown}, Document extends ProviderDocument> = {
	provider: 'microsoft' | 'google';
	check: boolean;
	/** The device's state before, as read. */
	before: State;
	plan: Plan;
	/** Sends the request and confirms a lost answer (saveAndConfirm). */
	save(): Promise<SaveOutcome<State>>;
	present(state: State): Document;
	/** The settings as the plan compares and reports them. */
	plain(settings: State['settings']): PlainSettings;
	settingsRows(document: Document): Parameters<typeof rows>[0];
	/** Google: whether the client secret was sent, and the line that says what became of it. */
	secret?: {sent: boolean; lines: string[]};
};

export async function runConfigure<State extends {settings: unknown}, Document extends ProviderDocument>(
	context: CommandContext,
	configuration: Configuration<State, Document>,
): Promise<CommandResult> {
	const {messages} = context;
	const {provider, plan, secret} = configuration;
	if (configuration.check) {
		const document = configuration.present(configuration.before);
		return {
			document: {provider, check: true, ...plan, settings: document.settings, connection: document.connection, token: document.token},
			lines: [plan.changed ? messages.scriptedSave.wouldChange(plan.changes.join(', ')) : messages.scriptedSave.checkUnchanged, ...planRows(messages, plan)],
		};
	}

	let after = configuration.before;
	let lost = false;
	if (plan.changed) {
		({state: after, answerLost: lost} = await configuration.save());
	}

	const document = configuration.present(after);
	return {
		document: {
			provider,
			...donePlan(plan),
			after: configuration.plain(after.settings),
			...(secret === undefined ? {} : {clientSecretSent: secret.sent}),
			...(lost ? {answerLost: true} : {}),
			settings: document.settings,
			connection: document.connection,
			token: document.token,
		},
		lines: [
			plan.changed ? (lost ? messages.scriptedSave.savedAfterLostAnswer : messages.scripted.saved) : messages.scripted.unchanged,
			...(secret?.lines ?? []),
			...rows([...configuration.settingsRows(document), ...tokenRows(messages, document.token)]),
		],
	};
}
