/**
What the msal-node conformance test needs around the unmodified library: a network client
that takes msal's requests for https://login.microsoftonline.com/... to the offline identity
provider on loopback, a record of what went over the wire, and msal's log lines.
*/
import https from 'node:https';
import type {INetworkModule, NetworkRequestOptions, NetworkResponse} from '@azure/msal-node';
import {LogLevel} from '@azure/msal-node';
import type {IdentityProvider} from '../../source/identity-provider/index.js';

export type WireExchange = {
	method: 'GET' | 'POST';
	url: string;
	/** The form msal sent (POST), parsed. */
	form: URLSearchParams;
	status: number;
	body: Record<string, unknown>;
};

export type LoopbackNetwork = INetworkModule & {
	/** Every request msal made, oldest first. */
	exchanges: WireExchange[];
};

const entraHost = 'login.microsoftonline.com';

/**
msal's documented `system.networkClient` option (INetworkModule), implemented with node:https.

Routing the host to loopback is the only thing here a real integration would not need: the
request keeps its URL, its Host header and its TLS server name (login.microsoftonline.com),
and only the TCP connection goes to the provider's port. The certificate check is real and
trusts nothing but the provider's local CA. A host other than login.microsoftonline.com is
refused, so msal cannot reach the internet from a test. `onExchange` sees each answer before
msal does.
*/
export function loopbackNetwork(provider: IdentityProvider, onExchange?: (exchange: WireExchange) => void): LoopbackNetwork {
	const exchanges: WireExchange[] = [];

	function send<T>(method: 'GET' | 'POST', url: string, options: NetworkRequestOptions | undefined): Promise<NetworkResponse<T>> {
		const target = new URL(url);
		if (target.protocol !== 'https:' || target.hostname !== entraHost) {
			return Promise.reject(new Error(`The test network routes only https://${entraHost}, not ${target.origin}.`));
		}

		const body = method === 'POST' ? options?.body ?? '' : undefined;
		return new Promise((resolve, reject) => {
			const outgoing = https.request({
				host: '127.0.0.1',
				port: provider.port,
				servername: entraHost,
				ca: provider.caCertificatePem,
				agent: false,
				method,
				path: `${target.pathname}${target.search}`,
				headers: {
					...options?.headers,
					host: entraHost,
					...(body === undefined ? {} : {'content-length': String(Buffer.byteLength(body))}),
				},
			}, response => {
				const chunks: Buffer[] = [];
				response.on('data', (chunk: Buffer) => chunks.push(chunk));
				response.on('end', () => {
					const text = Buffer.concat(chunks).toString('utf8');
					let parsed: unknown;
					try {
						parsed = JSON.parse(text);
					} catch {
						reject(new Error(`${method} ${target.pathname} answered ${response.statusCode} with a body that is not JSON.`));
						return;
					}

					const headers: Record<string, string> = {};
					for (const [name, value] of Object.entries(response.headers)) {
						if (value !== undefined) {
							headers[name] = Array.isArray(value) ? value.join(', ') : value;
						}
					}

					const status = response.statusCode ?? 0;
					const exchange: WireExchange = {method, url, form: new URLSearchParams(body ?? ''), status, body: parsed as Record<string, unknown>};
					exchanges.push(exchange);
					onExchange?.(exchange);
					resolve({headers, body: parsed as T, status});
				});
				response.on('error', reject);
			});
			outgoing.on('error', reject);
			outgoing.end(body);
		});
	}

	return {
		exchanges,
		sendGetRequestAsync: (url, options) => send('GET', url, options),
		sendPostRequestAsync: (url, options) => send('POST', url, options),
	};
}

export type MsalLog = {level: LogLevel; message: string};

/** msal's logger options that keep every line at `level` or above (PII off). */
export function msalLogger(lines: MsalLog[], level: LogLevel = LogLevel.Warning) {
	return {
		loggerCallback(logLevel: LogLevel, message: string) {
			lines.push({level: logLevel, message});
		},
		piiLoggingEnabled: false,
		logLevel: level,
	};
}
