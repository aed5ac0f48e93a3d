/**
The test controls over HTTP: one route, `/_control/<name>` (JSON in and out; the Host, Origin,
JSON-body, loopback and test-token rules are checked before it, in server.ts), and the table of
controls it dispatches to, each with its method. The handlers are in control-handlers.ts; the
same operations as methods in controls.ts.
*/
import * as control from './control-handlers.js';
import type {ControlHandler, ControlResponse} from './control-handlers.js';
import type {IdentityProviderControls} from './controls.js';
import {closeConnection, decodeSegment, jsonReply, maxBodyBytes, parseJsonBody, tooLarge, type Handler, type Route} from './http.js';

type ControlRoute = {method: 'GET' | 'POST'; handle: ControlHandler};

/** Every control. GET /_control/config also reads the configuration (see handleControlRequest). */
export const controlTable: Readonly<Record<string, ControlRoute>> = {
	config: {method: 'POST', handle: control.configure},
	revoke: {method: 'POST', handle: control.revoke},
	pending: {method: 'GET', handle: control.pending},
	stats: {method: 'GET', handle: control.stats},
	reset: {method: 'POST', handle: control.reset},
	approve: {method: 'POST', handle: control.approve},
	deny: {method: 'POST', handle: control.deny},
	'google-client': {method: 'POST', handle: control.registerGoogleClient},
	'google-expire-refresh-tokens': {method: 'POST', handle: control.expireGoogleRefreshTokens},
	'google-consent': {method: 'POST', handle: control.googleConsent},
	'inject-text': {method: 'POST', handle: control.injectText},
	mail: {method: 'GET', handle: control.mail},
	'smtp-reject': {method: 'POST', handle: control.rejectNextSmtpAuth},
	'access-token': {method: 'POST', handle: control.accessToken},
};

/**
One `/_control/<name>` request. `body` is the parsed JSON (undefined when empty).
GET /_control/config reads the configuration; POST changes it.
*/
export function handleControlRequest(controls: IdentityProviderControls, method: string, name: string, body: unknown): ControlResponse {
	if (name === 'config' && (method === 'GET' || method === 'HEAD')) {
		return control.readConfig(controls, body);
	}

	const route = Object.hasOwn(controlTable, name) ? controlTable[name] : undefined;
	if (!route) {
		return {status: 404, body: {error: 'not_found', message: `No control named '${name.slice(0, 64)}'.`}};
	}

	const allowed = route.method === 'GET' ? ['GET', 'HEAD'] : [route.method, ...(name === 'config' ? ['GET'] : [])];
	if (!allowed.includes(method)) {
		return {status: 405, body: {error: 'method_not_allowed', message: `Use ${allowed.join(' or ')}.`}, allow: allowed.join(', ')};
	}

	return route.handle(controls, body ?? {});
}

/** `/_control/<name>`: the body read and parsed as JSON, then the control's answer. */
export function controlHandler(controls: IdentityProviderControls): Handler {
	return async (request, groups) => {
		const body = await request.body();
		if (body === tooLarge) {
			return jsonReply(413, {error: 'payload_too_large', message: `The body is larger than ${maxBodyBytes} bytes.`}, closeConnection);
		}

		const parsed = parseJsonBody(body);
		if (!parsed) {
			return jsonReply(400, {error: 'invalid_request', message: 'The body is not JSON.'});
		}

		const reply = handleControlRequest(controls, request.method, decodeSegment(groups['name']!), parsed.value);
		return jsonReply(reply.status, reply.body, reply.allow ? {allow: reply.allow} : {});
	};
}

/** The one HTTP route of the controls; any method reaches it, and the table above decides. */
export function controlRoute(controls: IdentityProviderControls): Route<'control'> {
	return {name: 'control', methods: 'any', pattern: /^\/_control\/(?<name>[^/]+)$/, handle: controlHandler(controls)};
}
