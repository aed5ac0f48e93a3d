/**
`cloudmail-setup microsoft configure` and `microsoft authorize`: Edit Basic Settings of
OAuth 2.0 (Microsoft) from options, and the device authorization (user code, then waiting
for the sign-in), with the TUI's rules and words.
*/
import type {MicrosoftBasicSettings, MicrosoftState, MicrosoftTenant} from '../device/contract.js';
import {formatCountdown} from '../hooks/use-now.js';
import {
	microsoftEndpointFor,
	normalizeMicrosoftEndpoint,
	validateMicrosoftBasic,
} from '../device/validation.js';
import type {Held} from '../forms/device-request.js';
import {microsoftBasicForm} from '../forms/microsoft-basic-form.js';
import {untilAuthorizationReady} from './authorization-ready.js';
import {plainSwitches, refuseInvalid, runConfigure, switchesOf, type ConfigureOptions} from './configure.js';
import type {CommandContext, CommandResult} from './context.js';
import {ScriptedFailure} from './failure.js';
import {microsoftAuthorizationRows, microsoftSettingsRows, rows, tokenRows, tokenText, withAdvice} from './human.js';
import {fieldLabels} from './labels.js';
import type {BasicChanges} from './options.js';
import {presentMicrosoft, type MicrosoftDocument} from './present.js';
import {planOf, saveAndConfirm, type PlainSettings} from './save.js';

/** Progress while waiting for the sign-in: this often, and whenever something changes. */
const progressEveryMs = 15_000;
/** A device that has not said "expired" this long after the code's expiry is not waited for any longer. */
const expiryGraceMs = 30_000;

/** The endpoint for what was given as --tenant; whether it is a known tenant is the shared validator's call. */
function endpointForTenant(tenant: string): string {
	return microsoftEndpointFor(tenant as MicrosoftTenant);
}

/** The options alone, before asking for a password: a wrong tenant or --add-cn with --no-verify-cert. */
export function precheckMicrosoftConfigure(context: Pick<CommandContext, 'messages'>, tenant: string | undefined, changes: BasicChanges): void {
	refuseInvalid(context, 'microsoft', validateMicrosoftBasic({
		enabled: false,
		verifyServerCertificate: changes.verifyServerCertificate ?? true,
		addCnToVerification: changes.addCnToVerification ?? false,
		endpoint: tenant === undefined ? '' : endpointForTenant(tenant),
	}));
}

/** The current settings with the options over them; Add CN goes off with Verify, as in the TUI. */
export function microsoftRequest(current: MicrosoftBasicSettings, tenant: string | undefined, changes: BasicChanges): MicrosoftBasicSettings {
	return {
		...switchesOf(current, changes),
		endpoint: tenant === undefined ? current.endpoint : endpointForTenant(tenant),
	};
}

/** The settings a plan compares and reports (the endpoint compared as the device keeps it). */
function plainSettings(settings: MicrosoftBasicSettings): PlainSettings {
	return {
		...plainSwitches(settings),
		endpoint: settings.endpoint,
	};
}

function sameField(field: string, a: unknown, b: unknown): boolean {
	return field === 'endpoint' ? normalizeMicrosoftEndpoint(String(a)) === normalizeMicrosoftEndpoint(String(b)) : a === b;
}

/** What the device holds after a lost answer, by the TUI's rule. */
function heldMicrosoft(request: MicrosoftBasicSettings, base: MicrosoftBasicSettings): (state: MicrosoftState) => Held {
	return state => microsoftBasicForm.spec.held(request, state.settings, base);
}

export async function configureMicrosoft(context: CommandContext, tenant: string | undefined, changes: BasicChanges, options: ConfigureOptions = {check: false}): Promise<CommandResult> {
	const {client, messages} = context;
	const state = await client.getMicrosoft();
	const request = microsoftRequest(state.settings, tenant, changes);
	refuseInvalid(context, 'microsoft', validateMicrosoftBasic(request));
	return runConfigure(context, {
		provider: 'microsoft',
		check: options.check,
		before: state,
		plan: planOf(plainSettings(state.settings), plainSettings(request), undefined, sameField),
		save: async () => saveAndConfirm(context, {
			save: async () => client.saveMicrosoftBasic(request),
			read: async () => client.getMicrosoft(),
			relogin: options.relogin ?? (async () => {}),
			held: heldMicrosoft(request, state.settings),
			labels: fieldLabels(messages, 'microsoft'),
		}),
		present: current => presentMicrosoft(current, context.now(), messages),
		plain: plainSettings,
		settingsRows: document => microsoftSettingsRows(messages, document),
	});
}

function authorizeDocument(document: MicrosoftDocument): Record<string, unknown> {
	return {provider: 'microsoft', authorization: document.authorization, token: document.token};
}

/** The user code block, and a QR code of the verification URL when stdout is a terminal. */
async function showAuthorization(context: CommandContext, document: MicrosoftDocument): Promise<void> {
	const {messages, output} = context;
	const authorization = document.authorization!;
	output.info(rows(microsoftAuthorizationRows(messages, authorization, context.now()), ''));
	if (context.stdoutIsTerminal && !output.json) {
		const {qrCodeLines} = await import('../hooks/use-qr-code.js');
		const qr = qrCodeLines(authorization.verificationUri);
		if (qr) {
			output.info([messages.oauth.scanQr, ...qr.lines]);
		}
	}
}

export async function authorizeMicrosoft(context: CommandContext, wait: boolean): Promise<CommandResult> {
	const {client, messages} = context;
	const words = messages.scripted;
	const activeResult = (state: MicrosoftState, line: string): CommandResult => {
		const document = presentMicrosoft(state, context.now(), messages);
		return {
			document: authorizeDocument(document),
			lines: [line, ...rows(tokenRows(messages, document.token))],
		};
	};

	const initial = await client.getMicrosoft();
	if (initial.token.status === 'active') {
		return activeResult(initial, words.alreadyActive);
	}

	const state = await untilAuthorizationReady(context, {
		read: async () => client.getMicrosoft(),
		refresh: async () => client.refreshMicrosoft(),
		ready: (current, now) => current.token.status === 'waiting' && current.authorization !== null && Date.parse(current.authorization.expiresAt) > now,
		notEnabled: () => new ScriptedFailure('not_enabled', words.notEnabledMicrosoft),
		provider: 'microsoft',
	}, initial);
	if (state.token.status === 'active') {
		return activeResult(state, words.alreadyActive);
	}

	const document = presentMicrosoft(state, context.now(), messages);
	await showAuthorization(context, document);
	if (!wait) {
		return {document: authorizeDocument(document), lines: []};
	}

	return activeResult(await waitForSignIn(context, state), words.signedIn);
}

/** Polls (a 304 while nothing changes) until Token Status is Active, or the attempt ends. */
async function waitForSignIn(context: CommandContext, initial: MicrosoftState): Promise<MicrosoftState> {
	const {client, messages, output} = context;
	const words = messages.scripted;
	const intervalMs = context.pollIntervalMs ?? (initial.authorization?.intervalSeconds ?? 5) * 1000;
	let state = initial;
	let shownCode = initial.authorization?.userCode;
	let lastProgress = Number.NEGATIVE_INFINITY;
	for (;;) {
		const now = context.now();
		const {token, authorization} = state;
		const document = presentMicrosoft(state, now, messages);
		const ended = (code: 'authorization_expired' | 'authorization_declined' | 'authorization_failed', message: string): ScriptedFailure =>
			new ScriptedFailure(code, message, {result: authorizeDocument(document)});
		// Why it ended and what to do (the identity provider's refusal: an app or tenant to fix).
		const failed = (): ScriptedFailure => ended('authorization_failed', withAdvice(words.authorizationFailed(tokenText(messages, document.token)), document.token));
		switch (token.status) {
			case 'active': {
				return state;
			}

			case 'expired': {
				throw ended('authorization_expired', words.authorizationExpired);
			}

			case 'error': {
				const declined = token.reason === 'authorization_declined' || token.reason === 'access_denied';
				throw declined ? ended('authorization_declined', words.authorizationDeclined) : failed();
			}

			case 'not-authorized': {
				throw failed();
			}

			case 'waiting': {
				break;
			}
		}

		if (!state.settings.enabled) {
			throw new ScriptedFailure('not_enabled', words.notEnabledMicrosoft);
		}

		if (authorization) {
			const left = Date.parse(authorization.expiresAt) - now;
			if (left < -expiryGraceMs) {
				throw ended('authorization_expired', words.authorizationExpired);
			}

			if (authorization.userCode !== shownCode) {
				// Someone asked for a new code meanwhile (the TUI's refresh, another script).
				shownCode = authorization.userCode;
				output.progress(words.newUserCode);
				await showAuthorization(context, document);
				lastProgress = Number.NEGATIVE_INFINITY;
			}

			if (now - lastProgress >= progressEveryMs) {
				output.progress(words.waitingForSignIn(formatCountdown(left)));
				lastProgress = now;
			}
		}

		await context.sleep(intervalMs);
		state = await client.getMicrosoft();
	}
}
