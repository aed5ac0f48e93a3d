/**
Reading an answer from the device without trusting its size: at most `maxBytes` are read, as a
stream, whatever Content-Length says or leaves out; past that the connection is dropped and the
answer refused. A body that stops coming for `timeoutMs` is refused too. The contract bounds
every text field (contract-values.ts `textLimits`), so a valid answer is a few KiB; a rogue or
broken device could otherwise hand the client megabytes to hold, parse and draw.

http-device-client.ts reads every body through `readDeviceJson`.
*/
import {DeviceError} from './device-error.js';

/** The most one answer of the device API may take: far more than any valid one (a few KiB). */
export const maxResponseBytes = 256 * 1024;

/** How long the rest of a body may take once its headers arrived. */
export const bodyTimeoutMs = 10_000;

export type BodyProblem = 'too-large' | 'timeout' | 'unreadable';

/** Why a body was not read: `too-large` past `maxBytes`, `timeout` when it stopped coming, `unreadable` when the connection broke. */
export class BodyError extends Error {
	override readonly name = 'BodyError';
	readonly problem: BodyProblem;
	readonly maxBytes: number;

	constructor(problem: BodyProblem, maxBytes: number, options?: {cause?: unknown}) {
		super(problem === 'too-large'
			? `The body is larger than ${maxBytes} bytes.`
			: (problem === 'timeout' ? 'The body did not arrive in time.' : 'The body could not be read.'), options);
		this.problem = problem;
		this.maxBytes = maxBytes;
	}
}

export type BoundedBodyOptions = {
	maxBytes?: number;
	timeoutMs?: number;
};

/** "256 KiB", "1 MiB", "100 bytes": a limit in words. */
export function formatBytes(bytes: number): string {
	if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) {
		return `${bytes / (1024 * 1024)} MiB`;
	}

	if (bytes >= 1024 && bytes % 1024 === 0) {
		return `${bytes / 1024} KiB`;
	}

	return `${bytes} bytes`;
}

/** The body as text (UTF-8, a BOM dropped, as `Response.text()` decodes it), read to at most `maxBytes`. */
export async function readBoundedText(response: Response, options: BoundedBodyOptions = {}): Promise<string> {
	const maxBytes = options.maxBytes ?? maxResponseBytes;
	const timeoutMs = options.timeoutMs ?? bodyTimeoutMs;
	const body = response.body;
	const declared = Number(response.headers.get('content-length') ?? Number.NaN);
	if (Number.isFinite(declared) && declared > maxBytes) {
		// Said too large up front: not one byte of it is read.
		await body?.cancel().catch(() => undefined);
		throw new BodyError('too-large', maxBytes);
	}

	if (body === null) {
		return '';
	}

	const reader = body.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	let timer: NodeJS.Timeout | undefined;
	const stalled = new Promise<never>((_resolve, reject) => {
		timer = setTimeout(() => {
			reject(new BodyError('timeout', maxBytes));
		}, timeoutMs);
	});
	// A rejection nobody waits for any more (the body ended first) must not be reported.
	stalled.catch(() => undefined);
	try {
		for (;;) {
			let chunk: Awaited<ReturnType<typeof reader.read>>;
			try {
				// eslint-disable-next-line no-await-in-loop
				chunk = await Promise.race([reader.read(), stalled]);
			} catch (error) {
				throw error instanceof BodyError ? error : new BodyError('unreadable', maxBytes, {cause: error});
			}

			if (chunk.done) {
				break;
			}

			size += chunk.value.byteLength;
			if (size > maxBytes) {
				throw new BodyError('too-large', maxBytes);
			}

			chunks.push(chunk.value);
		}
	} catch (error) {
		// Drops the connection: the rest is never downloaded.
		reader.cancel().catch(() => undefined);
		throw error;
	} finally {
		clearTimeout(timer);
	}

	const bytes = new Uint8Array(size);
	let offset = 0;
	for (const chunk of chunks) {
		bytes.set(chunk, offset);
		offset += chunk.byteLength;
	}

	return new TextDecoder('utf-8').decode(bytes);
}

/**
A device answer's body as JSON, read with `readBoundedText`. Past the limit it is an
`invalid-response` DeviceError ("too large"), stalled a `timeout`, broken off `unreachable`;
a body that is not JSON throws JSON.parse's SyntaxError for the caller to word.
*/
export async function readDeviceJson(response: Response, url: string, options: BoundedBodyOptions = {}): Promise<unknown> {
	let text: string;
	try {
		text = await readBoundedText(response, options);
	} catch (error) {
		const details = {url, status: response.status, cause: error};
		if (!(error instanceof BodyError)) {
			throw error;
		}

		switch (error.problem) {
			case 'too-large': {
				throw new DeviceError('invalid-response', `The device's answer is too large: more than ${formatBytes(error.maxBytes)} (${url}). It was not read.`, details);
			}

			case 'timeout': {
				throw new DeviceError('timeout', `The device's answer stopped coming (${url}).`, details);
			}

			case 'unreadable': {
				throw new DeviceError('unreachable', `The connection to the device broke while its answer was coming (${url}).`, details);
			}
		}
	}

	return JSON.parse(text) as unknown;
}

/**
For ky's `hooks.beforeRetry`: the answer of an attempt that is retried (a 5xx to a GET) is never
read, so it is dropped at once, connection and all, instead of being left open until it is
garbage-collected (20 MB waiting on a socket, once per retry).
*/
export function discardRetriedBody({error}: {error: Error}): void {
	const {response} = error as Error & {response?: unknown};
	if (response instanceof Response && response.body && !response.body.locked) {
		response.body.cancel().catch(() => undefined);
	}
}
