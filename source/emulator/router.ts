/**
A table of routes (see routes.ts) made into a lookup: the path and the method of a request to
its handler, 404 for a path the table does not have, 405 (with Allow) for a method it does not
list there, and an `HttpError` a handler throws as its answer.
*/
import type {IncomingMessage} from 'node:http';
import {HttpError, type Reply} from './http.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/**
Who may call a route: `anyone`; a `session` (a logged-in administrator whose password is not
the factory default any more); `session-changing-password`: a session, also one that must
change the factory default password first.
*/
export type Access = 'anyone' | 'session' | 'session-changing-password';

export type Handler<Context> = (request: IncomingMessage, context: Context) => Promise<Reply> | Reply;

export type Route<Context> = {method: Method; path: string; access: Access; handler: Handler<Context>};

/** Throws the HttpError that refuses the request, if the route's access refuses it. */
export type AccessCheck = (request: IncomingMessage, access: Access) => void;

export type Router<Context> = {
	/** Whether the table has this path (relative to the API's prefix), with any method. */
	has(path: string): boolean;
	/** The answer of the route for `method` and `path`: 404, 405, the access check's refusal or the handler's. */
	dispatch(request: IncomingMessage, method: string, path: string, context: Context, checkAccess: AccessCheck): Promise<Reply>;
};

export function createRouter<Context>(table: ReadonlyArray<Route<Context>>): Router<Context> {
	const byPath = new Map<string, Map<string, Route<Context>>>();
	for (const route of table) {
		const methods = byPath.get(route.path) ?? new Map<string, Route<Context>>();
		methods.set(route.method, route);
		byPath.set(route.path, methods);
	}

	return {
		has: path => byPath.has(path),
		async dispatch(request, method, path, context, checkAccess) {
			const methods = byPath.get(path);
			if (!methods) {
				return new HttpError(404, 'not_found', 'There is no such resource.').toReply();
			}

			const route = methods.get(method);
			if (!route) {
				const allow = [...methods.keys()].join(', ');
				return new HttpError(405, 'method_not_allowed', `Use ${allow}.`, {headers: {allow}}).toReply();
			}

			try {
				checkAccess(request, route.access);
				return await route.handler(request, context);
			} catch (error) {
				if (error instanceof HttpError) {
					return error.toReply();
				}

				throw error;
			}
		},
	};
}

/** One row of a table: `route('GET', paths.google, 'session', readState('google'))`. */
export function route<Context>(method: Method, path: string, access: Access, handler: Handler<Context>): Route<Context> {
	return {method, path, access, handler};
}
