/**
The device API (`/api/v1`) as the printer serves it: the request guard first, the test control
(`/_faults`) and the faults it queues, then the route table (routes.ts) with the session check
each route asks for, and a log line per request. Shapes come from contract.ts; input rules from
validation.ts; the handlers are in routes/.
*/
import type {IncomingMessage, ServerResponse} from 'node:http';
import {performance} from 'node:perf_hooks';
import {apiPrefix, paths, sessionHeader} from '../device/contract.js';
import {contractViolationBody, malformedBody, type Fault, type FaultInjector} from './faults.js';
import type {GoogleDevice} from './google.js';
import {etagOf, HttpError, send, type Reply} from './http.js';
import type {MicrosoftDevice} from './microsoft.js';
import {testTokenChallenge, type DeviceGuard} from './request-guard.js';
import {createRouter, type AccessCheck} from './router.js';
import {controlRoutes, deviceRoutes} from './routes.js';
import {headerValue, ServedStates, type RouteContext} from './routes/plumbing.js';
import type {Sessions} from './sessions.js';

export type ApiOptions = {
	sessions: Sessions;
	microsoft: MicrosoftDevice;
	google: GoogleDevice;
	log: (line: string) => void;
	/** Offline only: `/_faults` and the faults it queues (see faults.ts). */
	faults?: FaultInjector;
	/** Same-origin rules and test-endpoint access (request-guard.ts), checked before anything else. */
	guard: DeviceGuard;
};

export type Api = {
	handle(request: IncomingMessage, response: ServerResponse): Promise<void>;
	stats(): Record<string, number>;
};

/** 28800 → "8 hours", 300 → "5 minutes". */
function describeDuration(seconds: number): string {
	if (seconds % 3600 === 0) {
		return `${seconds / 3600} hour${seconds === 3600 ? '' : 's'}`;
	}

	return seconds % 60 === 0 ? `${seconds / 60} minute${seconds === 60 ? '' : 's'}` : `${seconds} seconds`;
}

/** The session check of a route that needs one: 401 without a live session, 403 while the default password must be changed. */
function sessionCheck(sessions: Sessions): AccessCheck {
	return (request, access) => {
		if (access === 'anyone') {
			return;
		}

		const result = sessions.authenticate(headerValue(request, sessionHeader));
		if (result === 'unauthenticated') {
			throw new HttpError(401, 'unauthenticated', 'Log in first.');
		}

		if (result === 'session_expired') {
			throw new HttpError(401, 'session_expired', 'The session ended after a period without activity. Log in again.');
		}

		if (result === 'lifetime_ended') {
			throw new HttpError(401, 'session_expired', `The session ended ${describeDuration(sessions.absoluteSeconds)} after the log-in. Log in again.`);
		}

		if (result === 'password_change_required' && access !== 'session-changing-password') {
			throw new HttpError(403, 'password_change_required', `The administrator password is the factory default. Change it first (PUT /${apiPrefix}/${paths.sessionPassword}).`);
		}
	};
}

/** What a fault does instead of the request: drop the connection, or answer without handling it; undefined: the request is handled. */
function faultInstead(fault: Fault | undefined, request: IncomingMessage, sessions: Sessions): Reply | 'reset' | undefined {
	switch (fault?.kind) {
		case 'reset': {
			request.socket.destroy();
			return 'reset';
		}

		case 'status500': {
			return new HttpError(500, 'internal', 'The device could not handle the request.').toReply();
		}

		case 'malformed-json': {
			return {status: 200, body: malformedBody};
		}

		case 'contract-violation': {
			return {status: 200, body: contractViolationBody, headers: {etag: etagOf(contractViolationBody)}};
		}

		case 'drop-sessions': {
			sessions.dropAll();
			return undefined;
		}

		case 'delay':
		case undefined: {
			return undefined;
		}
	}
}

export function createApi(options: ApiOptions): Api {
	const {sessions, log} = options;
	const faults = options.faults?.enabled ? options.faults : undefined;
	const counts = new Map<string, number>();
	const context: RouteContext = {sessions, microsoft: options.microsoft, google: options.google, served: new ServedStates()};
	const device = createRouter(deviceRoutes);
	const control = createRouter(controlRoutes);
	const checkSession = sessionCheck(sessions);
	const prefix = `/${apiPrefix}/`;

	return {
		async handle(request, response) {
			const started = performance.now();
			const method = request.method ?? '?';
			let pathname = '/';
			try {
				pathname = new URL(request.url ?? '/', 'http://device.invalid').pathname;
			} catch {
				pathname = '/';
			}

			const shownPath = pathname.length > 200 ? `${pathname.slice(0, 200)}…` : pathname;
			response.on('finish', () => {
				log(`${method} ${shownPath} ${response.statusCode} ${Math.round(performance.now() - started)}ms`);
			});

			// Host, Origin and content type first: before authentication, the lock-out counter and faults.
			const refused = options.guard.refusal(request);
			if (refused) {
				send(response, refused.toReply());
				return;
			}

			// The path relative to the API (outside it: the whole path, which no route has).
			const name = pathname.startsWith(prefix) ? pathname.slice(prefix.length).replace(/\/$/, '') : pathname;
			// Test-only: loopback, with the run's token; anywhere else it does not exist (404 below).
			const faultAccess = faults && name === '_faults' ? options.guard.testEndpoint(request, {enabled: true, token: faults.testToken}) : 'absent';
			if (faults && faultAccess === 'allowed') {
				send(response, await control.dispatch(request, method, name, {faults}, checkSession));
				return;
			}

			if (faultAccess === 'token-required') {
				send(response, new HttpError(401, 'unauthenticated', 'Send the test token printed at start: Authorization: Bearer <token> or X-Test-Token: <token>.', {headers: {'www-authenticate': testTokenChallenge}}).toReply());
				return;
			}

			const key = device.has(name) ? `${method} ${prefix}${name}` : `${method} (unknown)`;
			counts.set(key, (counts.get(key) ?? 0) + 1);
			const fault = name === '_faults' ? undefined : faults?.take(method, name);
			if (fault) {
				log(`fault ${fault.kind} on ${method} ${shownPath}`);
			}

			try {
				const instead = faultInstead(fault, request, sessions);
				if (instead !== undefined) {
					if (instead !== 'reset') {
						send(response, instead);
					}

					return;
				}

				const reply = await device.dispatch(request, method, name, context, checkSession);
				if (fault?.kind === 'delay' && faults) {
					await faults.wait(fault.delayMs);
				}

				send(response, reply);
			} catch (error) {
				log(`internal error ${error instanceof Error ? error.name : typeof error}`);
				send(response, new HttpError(500, 'internal', 'The device could not handle the request.').toReply());
			}
		},
		stats: () => Object.fromEntries(counts),
	};
}
