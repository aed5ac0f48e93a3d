/**
What the device keeps from outside (an identity provider's words, a TLS or network error's text)
fits the contract's limits (contract-values.ts `textLimits`) before it is stored or sent: a
longer text is cut and ends in `…`. The client refuses longer text as a contract violation, and
the state file is read back with the same schemas, so nothing longer may ever be kept.
*/
import {textLimits, type ConnectionStatus, type TokenStatus} from '../device/contract-values.js';

/** `text` in at most `max` UTF-16 code units: cut (never inside a surrogate pair) and ending in `…` if it was longer. */
export function clip(text: string, max: number): string {
	if (text.length <= max) {
		return text;
	}

	let end = max - 1;
	const last = text.charCodeAt(end - 1);
	if (last >= 0xD8_00 && last <= 0xDB_FF) {
		end -= 1;
	}

	return `${text.slice(0, end)}…`;
}

/** The parts of a provider's stored state that carry outside text. */
type WithTexts = {
	connection: ConnectionStatus;
	token: TokenStatus;
	authorization?: {message?: string} | null;
};

/** Cuts, in place, the outside text a provider's state carries to the contract's limits. */
export function fitStoredTexts(state: WithTexts): void {
	if (state.connection.detail !== undefined) {
		state.connection.detail = clip(state.connection.detail, textLimits.detail);
	}

	if (state.token.detail !== undefined) {
		state.token.detail = clip(state.token.detail, textLimits.detail);
	}

	if (state.authorization?.message !== undefined) {
		state.authorization.message = clip(state.authorization.message, textLimits.message);
	}
}
