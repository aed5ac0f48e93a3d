/**
One request with exactly the headers given (Host included: nothing is added or changed, as a
browser or a rebinding page would send them), over HTTP or HTTPS to 127.0.0.1, the answer read
whole. For the same-origin and CSRF tests of the device API and the identity provider.
*/
import http from 'node:http';
import https from 'node:https';

export type ExactResult = {status: number; headers: http.IncomingHttpHeaders; text: string; json: any};

export type ExactTarget = {
	port: number;
	/** The Host header sent unless `headers` has its own. */
	host: string;
	/** HTTPS, trusting `ca`, with this server name. */
	tls?: {ca: string; servername: string};
};

export async function exactRequest(target: ExactTarget, method: string, path: string, headers: Record<string, string>, body?: string): Promise<ExactResult> {
	const options: https.RequestOptions = {
		host: '127.0.0.1',
		port: target.port,
		method,
		path,
		setHost: false,
		agent: false,
		headers: {
			host: target.host,
			...headers,
			...(body === undefined ? {} : {'content-length': String(Buffer.byteLength(body))}),
		},
		...(target.tls ? {ca: target.tls.ca, servername: target.tls.servername} : {}),
	};
	return new Promise((resolve, reject) => {
		const request = (target.tls ? https : http).request(options, response => {
			readAnswer(response).then(resolve, reject);
		});
		request.on('error', reject);
		request.end(body);
	});
}

/** An answer read whole: its status, headers, text (UTF-8), and the text as JSON when it is JSON. */
export async function readAnswer(response: http.IncomingMessage): Promise<ExactResult> {
	return new Promise((resolve, reject) => {
		let text = '';
		response.setEncoding('utf8');
		response.on('data', (chunk: string) => {
			text += chunk;
		});
		response.on('end', () => {
			let json: unknown;
			try {
				json = JSON.parse(text);
			} catch {}

			resolve({status: response.statusCode ?? 0, headers: response.headers, text, json});
		});
		response.on('error', reject);
	});
}

/** `exactRequest` to the offline identity provider, at https://localhost:PORT (on 127.0.0.1), trusting its CA. */
export async function exactRequestToProvider(
	provider: {port: number; caCertificatePem: string},
	method: string,
	path: string,
	headers: Record<string, string>,
	body?: string,
): Promise<ExactResult> {
	return exactRequest({port: provider.port, host: `localhost:${provider.port}`, tls: {ca: provider.caCertificatePem, servername: 'localhost'}}, method, path, headers, body);
}
