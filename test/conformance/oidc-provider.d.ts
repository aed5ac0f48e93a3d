/**
The part of oidc-provider 8.8.1 (which ships no type declarations) that the conformance test
uses: the Provider (its documented constructor, callback(), use() and events) and its error
classes. Shapes from node_modules/oidc-provider/lib/provider.js and lib/helpers/errors.js.
*/
declare module 'oidc-provider' {
	import type {IncomingMessage, ServerResponse} from 'node:http';

	/** The koa context, as far as a middleware or an event listener reads it. */
	export type KoaContextWithOIDC = {
		method: string;
		path: string;
		status: number;
		body: unknown;
		oidc?: {params?: Record<string, unknown>; route?: string};
	};

	export type Middleware = (context: KoaContextWithOIDC, next: () => Promise<void>) => Promise<void>;

	export default class Provider {
		constructor(issuer: string, configuration?: Record<string, unknown>);
		readonly issuer: string;
		callback(): (request: IncomingMessage, response: ServerResponse) => void;
		use(middleware: Middleware): void;
		on(event: string, listener: (context: KoaContextWithOIDC, ...rest: unknown[]) => void): this;
	}

	export class OIDCProviderError extends Error {
		error: string;
		error_description?: string;
		statusCode: number;
	}

	export const errors: {
		SlowDown: new (description?: string) => OIDCProviderError;
		InvalidTarget: new (description?: string) => OIDCProviderError;
	};
}
