/**
What the two providers' resources share (`oauth2/microsoft…`, `oauth2/google…`): the state
(GET, with its ETag, 304 and the long poll), the refresh button (POST …/refresh) and forgetting
the authorization (DELETE …/token), and how the basic settings are saved (PUT …/basic, with
each provider's own rules: microsoft.ts, google.ts). Each is made for one provider:
`readState('google')`.
*/
import type {z} from 'zod';
import {tokenRevocationSchema} from '../../device/contract.js';
import type {FieldErrors} from '../../device/validation.js';
import {noneMatch, readJson, type Reply} from '../http.js';
import type {Handler} from '../router.js';
import {awaitChange, headerValue, parseBody, refuseFields, savedOrRefused, savedOrRefusedAsync, waitSecondsOf, type Provider, type RouteContext, type ServedState} from './plumbing.js';

export type ProviderName = 'microsoft' | 'google';

export function providerOf(context: RouteContext, name: ProviderName): Provider {
	return context[name];
}

/** GET: the state with its ETag; 304 on If-None-Match, after waiting for a change with `Prefer: wait=N`. */
export function readState(name: ProviderName): Handler<RouteContext> {
	return async (request, context): Promise<Reply> => {
		const device = providerOf(context, name);
		const ifNoneMatch = headerValue(request, 'if-none-match');
		let reply = context.served.reply(device.publicState());
		const waitSeconds = waitSecondsOf(headerValue(request, 'prefer'));
		if (waitSeconds > 0 && noneMatch(ifNoneMatch, reply.etag)) {
			reply = await awaitChange(request, device, context.served, reply, ifNoneMatch, waitSeconds);
		}

		const applied: Record<string, string> = waitSeconds > 0 ? {'preference-applied': `wait=${waitSeconds}`} : {};
		if (noneMatch(ifNoneMatch, reply.etag)) {
			return {status: 304, headers: {etag: reply.etag, ...applied}};
		}

		return {...reply, headers: {...reply.headers, ...applied}};
	};
}

/** POST refresh: the connection check starts again; "checking" that cannot be written starts nothing: 507/500 not_saved. */
export function refresh(name: ProviderName): Handler<RouteContext> {
	return (_request, context) => context.served.reply(savedOrRefused(() => providerOf(context, name).refresh(), 'The connection check did not start; nothing was changed.'));
}

/** DELETE token: the state (its ETag is the state's, as GET serves it) with what the revocation did. */
export function resetToken(name: ProviderName): Handler<RouteContext> {
	return async (_request, context) => {
		// Forgetting that cannot be written changes nothing and revokes nothing: 507/500 not_saved.
		const {state, revocation} = await savedOrRefusedAsync(async () => providerOf(context, name).resetToken(), 'Nothing was changed: the authorization and its tokens are kept, and nothing was revoked.');
		const reply = context.served.reply(state);
		return {...reply, body: {...state, revocation: tokenRevocationSchema.parse(revocation)}};
	};
}

/** PUT basic: the body's shape, the field rules, and saving what passed them on the provider's device side. */
export type BasicSettingsRules<Body, Device> = {
	schema: z.ZodType<Body>;
	validate: (body: Body, device: Device) => FieldErrors<string>;
	save: (body: Body, device: Device) => ServedState;
};

/** PUT basic with If-Match: 428 without it, 412 stale, 400 bad_request or per-field errors, 507/500 not_saved; else the new state. */
export function saveBasic<Name extends ProviderName, Body>(name: Name, rules: BasicSettingsRules<Body, RouteContext[Name]>): Handler<RouteContext> {
	return async (request, context) => {
		const device = context[name];
		const body = await readJson(request);
		context.served.checkIfMatch(request, () => device.publicState());
		const parsed = parseBody(rules.schema, body, 'The settings are not valid');
		refuseFields(rules.validate(parsed, device));
		return context.served.reply(savedOrRefused(() => rules.save(parsed, device)));
	};
}
