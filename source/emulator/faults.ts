/**
Fault injection for the offline emulator: what a flaky printer does to the device API, on
demand, so that tests (and a person at `npm start`) can see the UI survive it. Only when the
emulator was started with `faultInjection: true` (offline mode only), only on a connection that
is loopback at both ends, and only with the run's test token (`testToken`, printed by
`cloudmail-setup emulator`; see request-guard.ts): elsewhere the endpoint does not exist (404),
without the token it is 401. No session is needed.

	POST   /api/v1/_faults  {next, kind, delayMs?, paths?}   204
	DELETE /api/v1/_faults                                    clears every pending fault; 204
	(both with `Authorization: Bearer <token>` or `X-Test-Token: <token>`)

The fault applies to the next `next` API requests that match `paths` (names relative to
/api/v1 such as "oauth2/microsoft", optionally with a method: "PUT oauth2/microsoft/basic";
none = every request). `_faults` itself is never faulted. Kinds:
- delay: the request is handled, then the answer waits `delayMs` (default 5000) — a slow
  device; a client that gives up meanwhile misses an answer to a change that was made.
- reset: the connection is dropped without an answer; the request is not handled.
- status500: 500 `internal`; the request is not handled.
- malformed-json: 200 with a body that is not JSON; the request is not handled.
- contract-violation: 200 with JSON that breaks the contract; the request is not handled.
- drop-sessions: every session ends (as after a restart), then the request is handled.
Several injections queue up; a request takes the first one that matches.
*/
import {z} from 'zod';
import {newTestToken} from './request-guard.js';

export const faultKinds = ['delay', 'reset', 'status500', 'malformed-json', 'contract-violation', 'drop-sessions'] as const;
export type FaultKind = (typeof faultKinds)[number];

export const faultRequestSchema = z.object({
	next: z.number().int().min(1).max(1000),
	kind: z.enum(faultKinds),
	delayMs: z.number().int().min(0).max(120_000).optional(),
	paths: z.array(z.string().min(1).max(200)).max(32).optional(),
});
export type FaultRequest = z.infer<typeof faultRequestSchema>;

/** A fault a request has taken. */
export type Fault = {kind: FaultKind; delayMs: number};

type Rule = {kind: FaultKind; delayMs: number; remaining: number; matchers: Array<{method: string | undefined; name: string}> | undefined};

export const defaultFaultDelayMs = 5000;

/** "PUT /api/v1/oauth2/google/basic" → {method: 'PUT', name: 'oauth2/google/basic'}. */
function matcher(text: string): {method: string | undefined; name: string} {
	const match = /^(?:([A-Za-z]+)\s+)?\/?(?:api\/v1\/)?(.*?)\/?$/.exec(text.trim());
	return {method: match?.[1]?.toUpperCase(), name: match?.[2] ?? ''};
}

export class FaultInjector {
	readonly enabled: boolean;
	/** The run's test token that `/_faults` over HTTP asks for; undefined when off. In-process callers need none. */
	readonly testToken: string | undefined;
	readonly #rules: Rule[] = [];
	readonly #timers = new Set<NodeJS.Timeout>();
	readonly #waiting = new Set<() => void>();

	/** `testToken`: the run's token (default: a new random one). */
	constructor(enabled: boolean, testToken?: string) {
		this.enabled = enabled;
		this.testToken = enabled ? testToken ?? newTestToken() : undefined;
	}

	/** Queues a fault for the next `next` matching requests. */
	inject(request: FaultRequest): void {
		if (!this.enabled) {
			throw new Error('Fault injection is off: start the emulator with faultInjection: true (offline only).');
		}

		const parsed = faultRequestSchema.parse(request);
		this.#rules.push({
			kind: parsed.kind,
			delayMs: parsed.delayMs ?? defaultFaultDelayMs,
			remaining: parsed.next,
			matchers: parsed.paths?.map(path => matcher(path)),
		});
	}

	/** Forgets every pending fault. */
	clear(): void {
		this.#rules.length = 0;
	}

	/** Faults still to happen, summed over all injections. */
	pending(): number {
		return this.#rules.reduce((sum, rule) => sum + rule.remaining, 0);
	}

	/** The fault this request takes, if any (`name` relative to /api/v1). */
	take(method: string, name: string): Fault | undefined {
		const index = this.#rules.findIndex(rule => rule.matchers === undefined
			|| rule.matchers.some(entry => entry.name === name && (entry.method === undefined || entry.method === method)));
		const rule = this.#rules[index];
		if (!rule) {
			return undefined;
		}

		rule.remaining -= 1;
		if (rule.remaining <= 0) {
			this.#rules.splice(index, 1);
		}

		return {kind: rule.kind, delayMs: rule.delayMs};
	}

	/** Waits `milliseconds`, or less if the emulator closes meanwhile. */
	async wait(milliseconds: number): Promise<void> {
		await new Promise<void>(resolve => {
			const done = (): void => {
				clearTimeout(timer);
				this.#timers.delete(timer);
				this.#waiting.delete(done);
				resolve();
			};

			const timer = setTimeout(done, milliseconds);
			this.#timers.add(timer);
			this.#waiting.add(done);
		});
	}

	/** Ends every delay at once (the emulator is closing). */
	close(): void {
		this.clear();
		for (const done of this.#waiting) {
			done();
		}
	}
}

/** A 200 body that is not JSON. */
export const malformedBody = '{"settings": {"enabled": tru';

/** A 200 body that is JSON but matches no response of the contract. */
export const contractViolationBody = JSON.stringify({settings: {enabled: 'yes'}, connection: {status: 'exploded'}, token: 42});
