/**
The device API (`/api/v1`) as the printer serves it: routing, authentication, request
validation and replies. Shapes come from contract.ts; input rules from validation.ts.
*/
import type {IncomingMessage, ServerResponse} from 'node:http';
import {performance} from 'node:perf_hooks';
import {z} from 'zod';
import {
	apiPrefix,
	googleAuthorizationRequestSchema,
	googleBasicSettingsRequestSchema,
	loginRequestSchema,
	loginResponseSchema,
	microsoftBasicSettingsSchema,
	passwordChangeRequestSchema,
	paths,
	sessionHeader,
	testMailRequestSchema,
	testMailResultSchema,
	tokenRevocationSchema,
	type FieldError,
	type FieldErrorCode,
	type TokenRevocation,
} from '../contract.js';
import {en} from '../i18n/en.js';
import {
	normalizeMicrosoftEndpoint,
	validateGoogleBasic,
	validateMailAddress,
	validateMicrosoftBasic,
	type FieldErrors,
} from '../validation.js';
import {maxWaitSeconds} from '../contract-values.js';
import {contractViolationBody, faultRequestSchema, malformedBody, type FaultInjector} from './faults.js';
import type {GoogleDevice} from './google.js';
import {etagOf, HttpError, matches, noneMatch, readJson, send, type Reply} from './http.js';
import type {MicrosoftDevice} from './microsoft.js';
import {savedOrRefused, savedOrRefusedAsync} from './not-saved.js';
import type {TestMailOutcome} from './provider-device.js';
import {testTokenChallenge, type DeviceGuard} from './request-guard.js';
import type {Sessions} from './sessions.js';

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
type Handler = (request: IncomingMessage) => Promise<Reply> | Reply;
/** `duringPasswordChange`: allowed to a session that must change the factory default password first. */
type Route = {authenticated: boolean; duringPasswordChange?: boolean; methods: Partial<Record<Method, Handler>>};

// Bodies are checked against the contract after the field rules have had their say, so that
// an over-long endpoint, client ID, secret or code is a field error (too_long), not a
// malformed request.
const basicBodySchema = microsoftBasicSettingsSchema.extend({endpoint: z.string()});
const googleBasicBodySchema = googleBasicSettingsRequestSchema.extend({clientId: z.string(), clientSecret: z.string().optional()});
const authorizationBodySchema = googleAuthorizationRequestSchema.extend({authorizationCode: z.string()});
const testMailBodySchema = testMailRequestSchema.extend({to: z.string()});

// How many recently served states are remembered for If-Match (see `ApiOptions`).
const rememberedEtags = 64;

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

/** What GET serves of a provider: the If-Match check compares its `settings`. */
type ServedState = {settings: unknown};

/** What the API asks of a provider's device side (MicrosoftDevice, GoogleDevice). */
type Provider = {
	publicState(): ServedState;
	nextChange(timeoutMs: number, signal?: AbortSignal): Promise<boolean>;
	refresh(): ServedState;
	/** Revokes where the identity provider can, then forgets. */
	resetToken(): Promise<{state: ServedState; revocation: TokenRevocation}>;
};

type ProviderPaths = {state: string; basic: string; refresh: string; token: string};

/** PUT basic: the body's shape, the field rules, and saving what passed them. */
type BasicSettingsRules<Body> = {
	schema: z.ZodType<Body>;
	validate: (body: Body) => FieldErrors<string>;
	save: (body: Body) => ServedState;
};

/**
`Prefer: wait=N` (RFC 7240) on a conditional GET: hold the answer up to N seconds (at most
maxWaitSeconds) until the state differs from the If-None-Match ETag.
*/
function waitSecondsOf(prefer: string | undefined): number {
	const match = /(?:^|[\s,;])wait\s*=\s*"?(\d{1,6})"?/i.exec(prefer ?? '');
	return match ? Math.min(maxWaitSeconds, Number(match[1])) : 0;
}

/** How long the state is re-read while a long poll waits, for changes that come with time alone (an expiry). */
const recheckMs = 1000;

function headerValue(request: IncomingMessage, name: string): string | undefined {
	const value = request.headers[name];
	return Array.isArray(value) ? value.join(', ') : value;
}

function describeIssues(error: z.ZodError): string {
	return error.issues.slice(0, 5).map(issue => `${issue.path.join('.') || '(body)'}: ${issue.message}`).join('; ');
}

/** The body in the contract's shape, or 400 bad_request naming what is wrong. */
function parseBody<T>(schema: z.ZodType<T>, body: unknown, notValid: string): T {
	const parsed = schema.safeParse(body);
	if (!parsed.success) {
		throw new HttpError(400, 'bad_request', `${notValid}: ${describeIssues(parsed.error)}`);
	}

	return parsed.data;
}

function fieldError(code: FieldErrorCode, message?: string): FieldError {
	return {code, message: message ?? en.fieldErrors[code]};
}

/** 400 validation with a message per field, when there are field errors. */
function refuseFields(errors: FieldErrors<string>, message = 'Some settings are not valid; nothing was changed.'): void {
	const fields: Record<string, FieldError> = {};
	for (const [field, code] of Object.entries(errors)) {
		if (code) {
			fields[field] = fieldError(code);
		}
	}

	if (Object.keys(fields).length > 0) {
		throw new HttpError(400, 'validation', message, {fields});
	}
}

/** 423 + Retry-After: this client address is locked after failed log-ins. */
function lockedError(retryAfterSeconds: number): HttpError {
	return new HttpError(423, 'locked', `Too many failed log-ins. Try again in ${retryAfterSeconds} seconds.`, {
		retryAfterSeconds,
		headers: {'retry-after': String(retryAfterSeconds)},
	});
}

/** 28800 → "8 hours", 300 → "5 minutes". */
function describeDuration(seconds: number): string {
	if (seconds % 3600 === 0) {
		return `${seconds / 3600} hour${seconds === 3600 ? '' : 's'}`;
	}

	return seconds % 60 === 0 ? `${seconds / 60} minute${seconds === 60 ? '' : 's'}` : `${seconds} seconds`;
}

export type Api = {
	handle(request: IncomingMessage, response: ServerResponse): Promise<void>;
	stats(): Record<string, number>;
};

export function createApi(options: ApiOptions): Api {
	const {sessions, microsoft, google, log} = options;
	const faults = options.faults?.enabled ? options.faults : undefined;
	const counts = new Map<string, number>();
	/**
	ETag → the settings it was served with. If-Match guards against overwriting settings that
	someone else changed, so an ETag whose settings are still the current ones is accepted
	even when the device has moved on by itself since (a check finished, a token was
	refreshed): that is not a conflict the engineer could resolve.
	*/
	const servedEtags = new Map<string, string>();

	function stateReply(state: ServedState, status = 200): Reply & {etag: string} {
		const text = JSON.stringify(state);
		const etag = etagOf(text);
		servedEtags.delete(etag);
		servedEtags.set(etag, JSON.stringify(state.settings));
		while (servedEtags.size > rememberedEtags) {
			const oldest = servedEtags.keys().next().value;
			if (oldest === undefined) {
				break;
			}

			servedEtags.delete(oldest);
		}

		return {status, body: text, headers: {etag}, etag};
	}

	function checkIfMatch(request: IncomingMessage, publicState: () => ServedState): void {
		const ifMatch = headerValue(request, 'if-match');
		if (ifMatch === undefined || ifMatch.trim() === '') {
			throw new HttpError(428, 'precondition_required', 'Send If-Match with the ETag of the state the changes are based on.');
		}

		const current = stateReply(publicState());
		if (matches(ifMatch, current.etag)) {
			return;
		}

		const currentSettings = JSON.stringify(publicState().settings);
		const unchanged = ifMatch.split(',').map(tag => tag.trim()).some(tag => servedEtags.get(tag) === currentSettings);
		if (!unchanged) {
			throw new HttpError(412, 'precondition_failed', 'The settings were changed since they were read. Read them again and repeat the change.', {headers: {etag: current.etag}});
		}
	}

	/** A provider's state (GET, with its ETag), its basic settings (PUT), refresh button and token reset. */
	function providerRoutes<Body>(where: ProviderPaths, device: Provider, basic: BasicSettingsRules<Body>): Record<string, Route> {
		const publicState = () => device.publicState();
		return {
			[where.state]: {
				authenticated: true,
				methods: {
					async GET(request): Promise<Reply> {
						const ifNoneMatch = headerValue(request, 'if-none-match');
						let reply = stateReply(publicState());
						const waitSeconds = waitSecondsOf(headerValue(request, 'prefer'));
						if (waitSeconds > 0 && noneMatch(ifNoneMatch, reply.etag)) {
							// The client gave up (timeout, left the screen): stop waiting for it.
							const gone = new AbortController();
							const abort = (): void => {
								gone.abort();
							};

							request.socket.once('close', abort);
							const deadline = performance.now() + (waitSeconds * 1000);
							while (noneMatch(ifNoneMatch, reply.etag) && !gone.signal.aborted) {
								const left = deadline - performance.now();
								if (left <= 0) {
									break;
								}

								const open = await device.nextChange(Math.min(left, recheckMs), gone.signal);
								reply = stateReply(publicState());
								if (!open) {
									break;
								}
							}

							request.socket.off('close', abort);
						}

						const applied: Record<string, string> = waitSeconds > 0 ? {'preference-applied': `wait=${waitSeconds}`} : {};
						if (noneMatch(ifNoneMatch, reply.etag)) {
							return {status: 304, headers: {etag: reply.etag, ...applied}};
						}

						return {...reply, headers: {...reply.headers, ...applied}};
					},
				},
			},
			[where.basic]: {
				authenticated: true,
				methods: {
					async PUT(request) {
						const body = await readJson(request);
						checkIfMatch(request, publicState);
						const parsed = parseBody(basic.schema, body, 'The settings are not valid');
						refuseFields(basic.validate(parsed));
						return stateReply(savedOrRefused(() => basic.save(parsed)));
					},
				},
			},
			[where.refresh]: {
				authenticated: true,
				methods: {
					// "checking" that cannot be written starts nothing: 507/500 not_saved.
					POST: () => stateReply(savedOrRefused(() => device.refresh(), 'The connection check did not start; nothing was changed.')),
				},
			},
			[where.token]: {
				authenticated: true,
				methods: {
					// The state (its ETag is the state's, as GET serves it) with what the revocation did.
					async DELETE() {
						// Forgetting that cannot be written changes nothing and revokes nothing: 507/500 not_saved.
						const {state, revocation} = await savedOrRefusedAsync(async () => device.resetToken(), 'Nothing was changed: the authorization and its tokens are kept, and nothing was revoked.');
						const reply = stateReply(state);
						return {...reply, body: {...state, revocation: tokenRevocationSchema.parse(revocation)}};
					},
				},
			},
		};
	}

	/** POST test-mail: 400 on a bad address (nothing sent), 409 without an active token (token_not_active) or a known account (account_unknown), else what the SMTP server said. */
	function testMailRoute(device: {sendTestMail(to: string): Promise<TestMailOutcome>}): Route {
		return {
			authenticated: true,
			methods: {
				async POST(request) {
					const {to} = parseBody(testMailBodySchema, await readJson(request), 'The test mail request is not valid');
					refuseFields({to: validateMailAddress(to)}, 'The address is not valid; nothing was sent.');
					const outcome = await device.sendTestMail(to);
					if (!outcome.ok) {
						throw new HttpError(409, outcome.code, outcome.message);
					}

					return {status: 200, body: testMailResultSchema.parse(outcome.result)};
				},
			},
		};
	}

	const routes: Record<string, Route> = {
		[paths.session]: {
			authenticated: false,
			methods: {
				async POST(request) {
					const {userName, password} = parseBody(loginRequestSchema, await readJson(request), 'The log-in request is not valid');
					const result = await sessions.login(userName, password, request.socket.remoteAddress);
					if (result.ok) {
						return {status: 201, body: loginResponseSchema.parse({
							token: result.token,
							idleTimeoutSeconds: sessions.idleSeconds,
							absoluteTimeoutSeconds: sessions.absoluteSeconds,
							passwordChangeRequired: result.passwordChangeRequired,
						})};
					}

					if (result.error === 'locked') {
						throw lockedError(result.retryAfterSeconds);
					}

					if (result.error === 'too_many_sessions') {
						throw new HttpError(503, 'too_many_sessions', `The device has as many sessions open as it allows. Log out elsewhere, or try again in ${result.retryAfterSeconds} seconds.`, {
							retryAfterSeconds: result.retryAfterSeconds,
							headers: {'retry-after': String(result.retryAfterSeconds)},
						});
					}

					throw new HttpError(401, 'invalid_credentials', 'The user name or password is wrong.');
				},
				DELETE(request) {
					sessions.logout(headerValue(request, sessionHeader));
					return {status: 204};
				},
			},
		},
		[paths.sessionPassword]: {
			authenticated: true,
			duringPasswordChange: true,
			methods: {
				async PUT(request) {
					const {currentPassword, newPassword} = parseBody(passwordChangeRequestSchema, await readJson(request), 'The password change is not valid');
					// A new password that cannot be written is not taken: 507/500 not_saved, the old one still works.
					const result = await savedOrRefusedAsync(async () => sessions.changePassword(headerValue(request, sessionHeader), currentPassword, newPassword, request.socket.remoteAddress), 'The password was not changed: the current password still works.');
					if (result.ok) {
						return {status: 204};
					}

					if (result.error === 'locked') {
						throw lockedError(result.retryAfterSeconds);
					}

					if (result.error === 'unauthenticated') {
						throw new HttpError(401, 'unauthenticated', 'Log in first.');
					}

					refuseFields(result.fields, 'The password was not changed.');
					throw new HttpError(400, 'validation', 'The password was not changed.');
				},
			},
		},
		...providerRoutes({state: paths.microsoft, basic: paths.microsoftBasic, refresh: paths.microsoftRefresh, token: paths.microsoftToken}, microsoft, {
			schema: basicBodySchema,
			validate: body => validateMicrosoftBasic(body),
			save: body => microsoft.saveBasic(microsoftBasicSettingsSchema.parse({...body, endpoint: normalizeMicrosoftEndpoint(body.endpoint)})),
		}),
		...providerRoutes({state: paths.google, basic: paths.googleBasic, refresh: paths.googleRefresh, token: paths.googleToken}, google, {
			schema: googleBasicBodySchema,
			validate: body => validateGoogleBasic(body, google.secretStored),
			save: body => google.saveBasic(googleBasicSettingsRequestSchema.parse(body)),
		}),
		[paths.microsoftTestMail]: testMailRoute(microsoft),
		[paths.googleTestMail]: testMailRoute(google),
		[paths.googleAuthorization]: {
			authenticated: true,
			methods: {
				async POST(request) {
					const {authorizationCode} = parseBody(authorizationBodySchema, await readJson(request), 'The authorization code request is not valid');
					// Tokens that cannot be written are not kept: 507/500 not_saved, the authorization still pending.
					const result = await savedOrRefusedAsync(async () => google.submitAuthorizationCode(authorizationCode), 'The authorization was not completed and nothing was changed; the code is used up: once the storage is fixed, consent again and enter the new code.');
					if (!result.ok) {
						throw new HttpError(400, 'validation', 'The authorization code was not accepted.', {
							fields: {authorizationCode: fieldError(result.code, result.message)},
						});
					}

					return stateReply(result.state);
				},
			},
		},
	};

	function authenticate(request: IncomingMessage, duringPasswordChange: boolean): void {
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

		if (result === 'password_change_required' && !duringPasswordChange) {
			throw new HttpError(403, 'password_change_required', `The administrator password is the factory default. Change it first (PUT /${apiPrefix}/${paths.sessionPassword}).`);
		}
	}

	function resolve(method: string, pathname: string): {route: Route | undefined; key: string} {
		const prefix = `/${apiPrefix}/`;
		const name = pathname.startsWith(prefix) ? pathname.slice(prefix.length).replace(/\/$/, '') : undefined;
		if (name === undefined || !Object.hasOwn(routes, name)) {
			return {route: undefined, key: `${method} (unknown)`};
		}

		return {route: routes[name], key: `${method} ${prefix}${name}`};
	}

	async function dispatch(request: IncomingMessage, method: string, route: Route | undefined): Promise<Reply> {
		if (!route) {
			return new HttpError(404, 'not_found', 'There is no such resource.').toReply();
		}

		const handler = Object.hasOwn(route.methods, method) ? route.methods[method as Method] : undefined;
		if (!handler) {
			const allow = Object.keys(route.methods).join(', ');
			return new HttpError(405, 'method_not_allowed', `Use ${allow}.`, {headers: {allow}}).toReply();
		}

		try {
			if (route.authenticated) {
				authenticate(request, route.duringPasswordChange === true);
			}

			return await handler(request);
		} catch (error) {
			if (error instanceof HttpError) {
				return error.toReply();
			}

			throw error;
		}
	}

	/** POST /_faults queues a fault, DELETE clears them (see faults.ts). */
	async function controlFaults(injector: FaultInjector, request: IncomingMessage, method: string): Promise<Reply> {
		try {
			if (method === 'DELETE') {
				injector.clear();
				return {status: 204};
			}

			if (method !== 'POST') {
				throw new HttpError(405, 'method_not_allowed', 'Use POST, DELETE.', {headers: {allow: 'POST, DELETE'}});
			}

			injector.inject(parseBody(faultRequestSchema, await readJson(request), 'The fault is not valid'));
			return {status: 204};
		} catch (error) {
			if (error instanceof HttpError) {
				return error.toReply();
			}

			throw error;
		}
	}

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

			const prefix = `/${apiPrefix}/`;
			const name = pathname.startsWith(prefix) ? pathname.slice(prefix.length).replace(/\/$/, '') : pathname;
			// Test-only: loopback, with the run's token; anywhere else it does not exist (404 below).
			const faultAccess = faults && name === '_faults' ? options.guard.testEndpoint(request, {enabled: true, token: faults.testToken}) : 'absent';
			if (faults && faultAccess === 'allowed') {
				send(response, await controlFaults(faults, request, method));
				return;
			}

			if (faultAccess === 'token-required') {
				send(response, new HttpError(401, 'unauthenticated', 'Send the test token printed at start: Authorization: Bearer <token> or X-Test-Token: <token>.', {headers: {'www-authenticate': testTokenChallenge}}).toReply());
				return;
			}

			const {route, key} = resolve(method, pathname);
			counts.set(key, (counts.get(key) ?? 0) + 1);
			const fault = name === '_faults' ? undefined : faults?.take(method, name);
			if (fault) {
				log(`fault ${fault.kind} on ${method} ${shownPath}`);
			}

			try {
				switch (fault?.kind) {
					case 'reset': {
						request.socket.destroy();
						return;
					}

					case 'status500': {
						send(response, new HttpError(500, 'internal', 'The device could not handle the request.').toReply());
						return;
					}

					case 'malformed-json': {
						send(response, {status: 200, body: malformedBody});
						return;
					}

					case 'contract-violation': {
						send(response, {status: 200, body: contractViolationBody, headers: {etag: etagOf(contractViolationBody)}});
						return;
					}

					case 'drop-sessions': {
						sessions.dropAll();
						break;
					}

					case 'delay':
					case undefined: {
						break;
					}
				}

				const reply = await dispatch(request, method, route);
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
