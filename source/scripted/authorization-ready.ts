/**
Getting a provider to the point where the engineer can authorize: a Microsoft user code that
has not expired, a Google authorization URL. What the device already has is used; otherwise
the refresh button is pressed once (it re-checks the connection and issues a new code or URL)
and the device is polled until it has one, or says why not.
*/
import type {ConnectionStatus, TokenStatus} from '../device/contract.js';
import type {CommandContext} from './context.js';
import {settlePollMs, settleTimeoutMs} from './context.js';
import {ScriptedFailure} from './failure.js';
import type {ProviderName} from './advice.js';
import {connectionText, tokenText, withAdvice} from './human.js';
import {presentConnection, presentToken} from './present.js';

type ProviderState = {settings: {enabled: boolean}; connection: ConnectionStatus; token: TokenStatus};

export type ReadyProvider<State extends ProviderState> = {
	read(): Promise<State>;
	refresh(): Promise<State>;
	/** A usable code (Microsoft) or URL (Google) is there. */
	ready(state: State, now: number): boolean;
	notEnabled(): ScriptedFailure;
	/** Whose state it is: the advice names its commands. */
	provider: ProviderName;
};

/**
An answer right after the refresh may still show the outcome of the attempt before it; it
counts once the device has shown it is at work, or after this long.
*/
const staleAnswerMs = 5000;

/**
Why no authorization came, with what to do: a failed connection check (exit 10), or the
identity provider's refusal (Entra's AADSTS50194 at /devicecode, for one), and the statuses.
*/
function ended(context: CommandContext, provider: ProviderName, state: ProviderState): ScriptedFailure {
	const {messages} = context;
	const words = messages.scripted;
	const connection = presentConnection(state.connection, {messages, provider});
	const token = presentToken(state.token, {messages, provider});
	const result = {provider, connection, token};
	return state.connection.status === 'failed'
		? new ScriptedFailure('connection_failed', withAdvice(words.connectionFailed(connectionText(messages, connection)), connection), {result})
		: new ScriptedFailure('authorization_failed', withAdvice(words.authorizationFailed(tokenText(messages, token)), token), {result});
}

export async function untilAuthorizationReady<State extends ProviderState>(
	context: CommandContext,
	provider: ReadyProvider<State>,
	initial: State,
): Promise<State> {
	const {messages, output} = context;
	const words = messages.scripted;
	const start = context.now();
	let state = initial;
	let refreshedAt: number | undefined;
	let atWork = false;
	for (;;) {
		const now = context.now();
		if (!state.settings.enabled) {
			throw provider.notEnabled();
		}

		if (state.token.status === 'active' || provider.ready(state, now)) {
			return state;
		}

		if (state.connection.status === 'checking' || state.token.status === 'waiting') {
			atWork = true;
		} else if (refreshedAt === undefined) {
			output.progress(words.requestingAuthorization);
			state = await provider.refresh();
			refreshedAt = context.now();
			continue;
		} else if (atWork || now - refreshedAt > staleAnswerMs) {
			throw ended(context, provider.provider, state);
		}

		if (now - start > settleTimeoutMs) {
			throw new ScriptedFailure('authorization_failed', words.noAuthorizationInTime);
		}

		await context.sleep(settlePollMs);
		state = await provider.read();
	}
}
