/**
The HTTP side of the offline Entra's endpoints: each handler reads what its endpoint needs from
the request (tenant, query, form, `client-request-id`) and answers with what the Entra object
decides, as JSON. A method an endpoint does not take gets Entra's own error (AADSTS900561).
*/
import type {Entra, EntraRequestContext, EntraResponse} from '../entra.js';
import {closeConnection, decodeSegment, formOf, headerValue, jsonReply, maxBodyBytes, tooLarge, type Handler, type MethodRefusal, type Reply, type Request} from '../http.js';
import {entraFailures} from './failures.js';

function entraReply(response: EntraResponse, headers: Record<string, string> = {}): Reply {
	return jsonReply(response.status, response.body, headers);
}

/** The client's `client-request-id`, which Entra echoes as correlation_id. */
function contextOf(request: Request): EntraRequestContext {
	return {clientRequestId: headerValue(request.headers, 'client-request-id')};
}

function tenantOf(groups: Record<string, string>): string {
	return decodeSegment(groups['tenant']!);
}

/** Entra's answer to a method an endpoint does not take: "only accepts GET (POST) requests", with Allow. */
export function refuseEntraMethod(entra: Entra): MethodRefusal {
	return (request, allowed) => entraReply(entra.errorResponse(entraFailures.wrongMethod(allowed[0]!, request.method), contextOf(request)), {allow: allowed.join(', ')});
}

export function instanceDiscoveryHandler(entra: Entra): Handler {
	return request => entraReply(entra.instanceDiscovery(request.url.searchParams, contextOf(request)));
}

export function openidConfigurationHandler(entra: Entra): Handler {
	return (request, groups) => entraReply(entra.openidConfiguration(tenantOf(groups), contextOf(request)));
}

export function signingKeysHandler(entra: Entra): Handler {
	return (request, groups) => entraReply(entra.signingKeys(tenantOf(groups), contextOf(request)));
}

/** A POST of a form to /devicecode or /token; a body beyond the limit is Entra's "malformed" (413). */
function formEndpoint(entra: Entra, answer: (tenant: string, form: URLSearchParams, context: EntraRequestContext) => EntraResponse): Handler {
	return async (request, groups) => {
		const tenant = tenantOf(groups);
		const context = contextOf(request);
		const body = await request.body();
		if (body === tooLarge) {
			return entraReply(entra.errorResponse(entraFailures.tooLarge(maxBodyBytes), context), closeConnection);
		}

		return entraReply(answer(tenant, formOf(request, body), context));
	};
}

export function deviceCodeHandler(entra: Entra): Handler {
	return formEndpoint(entra, (tenant, form, context) => entra.deviceAuthorization(tenant, form, context));
}

export function tokenHandler(entra: Entra): Handler {
	return formEndpoint(entra, (tenant, form, context) => entra.token(tenant, form, context));
}
