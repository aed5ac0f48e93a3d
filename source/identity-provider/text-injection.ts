/**
The test control `inject-text`: text (e.g. terminal control sequences) planted in the next
answers that carry text a device shows (a device code's `message`, an `error_description`), for
tests of hostile text from an identity provider.
*/
import type {Reply} from './http.js';

export type TextInjection = {
	/** Plant `text` in the next `count` answers that can carry it; 0 ends it. */
	set(text: string, count: number): void;
	/** `reply`, with the text planted when one is due and the reply can carry it. */
	apply(reply: Reply): Reply;
};

export function createTextInjection(): TextInjection {
	let injection: {text: string; count: number} | undefined;
	return {
		set(text, count) {
			injection = count > 0 ? {text, count} : undefined;
		},
		apply(reply) {
			if (!injection || !isInjectable(reply)) {
				return reply;
			}

			const planted = plantText(reply.body, injection.text);
			if (planted === undefined) {
				return reply;
			}

			injection.count--;
			if (injection.count <= 0) {
				injection = undefined;
			}

			return {...reply, body: planted};
		},
	};
}

/** OAuth answers are JSON; the controls' own answers are not touched (they have no `message` the device reads). */
function isInjectable(reply: Reply): boolean {
	return (reply.headers['content-type'] ?? '').startsWith('application/json');
}

/** Errors the device does not show (it just polls again) are left alone. */
const unshownErrors = new Set(['authorization_pending', 'slow_down']);

/**
`body` with `text` planted into its `message` (after the first sentence) and into the first line
of its `error_description` (devices show only that line); undefined when it has neither.
*/
export function plantText(body: string, text: string): string | undefined {
	let parsed: unknown;
	try {
		parsed = JSON.parse(body);
	} catch {
		return undefined;
	}

	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
		return undefined;
	}

	const values = parsed as Record<string, unknown>;
	if (typeof values['error'] === 'string' && unshownErrors.has(values['error'])) {
		return undefined;
	}

	let planted = false;
	for (const key of ['message', 'error_description']) {
		const value = values[key];
		if (typeof value === 'string') {
			const lineEnd = value.search(/\r?\n/);
			const at = lineEnd === -1 ? value.length : lineEnd;
			values[key] = `${value.slice(0, at)} ${text}${value.slice(at)}`;
			planted = true;
		}
	}

	return planted ? JSON.stringify(values) : undefined;
}
