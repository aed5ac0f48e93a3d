/**
The HTTP side of the offline Google's API endpoints (discovery, token, revocation, tokeninfo,
userinfo, key sets, Gmail profile): each handler reads what its endpoint needs from the request
and answers with what the Google object decides, as JSON. A method an endpoint does not take, or
a body beyond the limit, gets Google's own error body. The consent page is in consent.ts.
*/
import type {Google, GoogleResponse} from '../google.js';
import {
	closeConnection,
	decodeSegment,
	formOf,
	headerValue,
	jsonReply,
	maxBodyBytes,
	tooLarge,
	type Handler,
	type MethodRefusal,
	type Reply,
	type Request,
} from '../http.js';
import {bearerToken, googleJwksPath} from './model.js';

export function googleReply(response: GoogleResponse, headers: Record<string, string> = {}): Reply {
	return jsonReply(response.status, response.body, {...response.headers, ...headers});
}

/** The request's parameters: the URL's query, with any parameter the form body carries taking its place. */
export function mergedParameters(url: URL, form: URLSearchParams): URLSearchParams {
	const merged = new URLSearchParams(url.searchParams);
	for (const name of new Set(form.keys())) {
		merged.delete(name);
		for (const value of form.getAll(name)) {
			merged.append(name, value);
		}
	}

	return merged;
}

/** Google's 405, with Allow. */
export function refuseGoogleMethod(google: Google): MethodRefusal {
	return (_request, allowed) => googleReply(google.errorResponse(405, 'invalid_request', 'Method Not Allowed'), {allow: allowed.join(', ')});
}

/** The request's body as the parameters merged over its query, or Google's 413 beyond the limit. */
async function parametersOf(google: Google, request: Request): Promise<URLSearchParams | Reply> {
	const body = request.method === 'POST' ? await request.body() : '';
	if (body === tooLarge) {
		return googleReply(google.errorResponse(413, 'invalid_request', `The request body is larger than ${maxBodyBytes} bytes.`), closeConnection);
	}

	return mergedParameters(request.url, formOf(request, body));
}

export function discoveryHandler(google: Google): Handler {
	return () => googleReply(google.openidConfiguration());
}

export function tokenHandler(google: Google): Handler {
	return async request => {
		const body = await request.body();
		if (body === tooLarge) {
			return googleReply(google.errorResponse(413, 'invalid_request', `The request body is larger than ${maxBodyBytes} bytes.`), closeConnection);
		}

		return googleReply(google.token(formOf(request, body), {authorization: headerValue(request.headers, 'authorization')}));
	};
}

export function gmailProfileHandler(google: Google): Handler {
	return (request, groups) => googleReply(google.gmailProfile(decodeSegment(groups['userId']!), headerValue(request.headers, 'authorization')));
}

export function revokeHandler(google: Google): Handler {
	return async request => {
		// The form's token, or the query's (google-auth-library sends ?token= with no body).
		const params = await parametersOf(google, request);
		return params instanceof URLSearchParams ? googleReply(google.revoke(params.get('token') ?? undefined)) : params;
	};
}

export function tokenInfoHandler(google: Google): Handler {
	return async request => {
		const params = await parametersOf(google, request);
		if (!(params instanceof URLSearchParams)) {
			return params;
		}

		// google-auth-library's getTokenInfo sends the access token as a Bearer header.
		const bearer = bearerToken(headerValue(request.headers, 'authorization'));
		return googleReply(google.tokenInfo({
			accessToken: params.get('access_token') ?? bearer,
			idToken: params.get('id_token') ?? undefined,
		}));
	};
}

export function userinfoHandler(google: Google): Handler {
	return request => googleReply(google.userinfo(headerValue(request.headers, 'authorization')));
}

export function certsHandler(google: Google): Handler {
	return request => {
		const reply = googleReply(request.url.pathname === googleJwksPath ? google.jwks() : google.pemCerts());
		// Cacheable like Google's: no `pragma: no-cache` beside its cache-control.
		const {pragma: _pragma, ...headers} = reply.headers;
		return {...reply, headers};
	};
}
