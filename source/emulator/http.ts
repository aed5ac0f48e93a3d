/**
HTTP plumbing of the device API: reading bounded JSON bodies, JSON error replies in the
contract's `apiErrorSchema` shape, strong ETags and conditional requests.
*/
import {createHash} from 'node:crypto';
import type {IncomingMessage, ServerResponse} from 'node:http';
import {apiErrorSchema, type ApiError, type ApiErrorCode} from '../device/contract.js';

export const maxBodyBytes = 64 * 1024;

export type Reply = {
	status: number;
	/** Serialized as JSON; undefined = no body. */
	body?: unknown;
	headers?: Record<string, string>;
};

export class HttpError extends Error {
	override readonly name = 'HttpError';
	readonly status: number;
	readonly body: ApiError;
	readonly headers: Record<string, string>;

	constructor(status: number, error: ApiErrorCode, message: string, extra: {fields?: ApiError['fields']; retryAfterSeconds?: number; errno?: string; headers?: Record<string, string>} = {}) {
		super(message);
		this.status = status;
		this.body = apiErrorSchema.parse({
			error,
			message,
			...(extra.fields ? {fields: extra.fields} : {}),
			...(extra.retryAfterSeconds === undefined ? {} : {retryAfterSeconds: extra.retryAfterSeconds}),
			...(extra.errno === undefined ? {} : {errno: extra.errno}),
		});
		this.headers = extra.headers ?? {};
	}

	toReply(): Reply {
		return {status: this.status, body: this.body, headers: this.headers};
	}
}

/** The request body, at most `maxBodyBytes`; longer ones are refused with 413 without reading them all. */
export async function readBody(request: IncomingMessage): Promise<Buffer> {
	const declared = Number(request.headers['content-length'] ?? Number.NaN);
	if (Number.isFinite(declared) && declared > maxBodyBytes) {
		throw tooLarge();
	}

	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of request) {
		const buffer = chunk as Buffer;
		size += buffer.length;
		if (size > maxBodyBytes) {
			throw tooLarge();
		}

		chunks.push(buffer);
	}

	return Buffer.concat(chunks);
}

function tooLarge(): HttpError {
	return new HttpError(413, 'payload_too_large', `The request body is larger than ${maxBodyBytes / 1024} KiB.`, {headers: {connection: 'close'}});
}

export async function readJson(request: IncomingMessage): Promise<unknown> {
	const body = await readBody(request);
	try {
		return JSON.parse(body.toString('utf8')) as unknown;
	} catch {
		throw new HttpError(400, 'bad_request', 'The request body is not valid JSON.');
	}
}

export function send(response: ServerResponse, reply: Reply): void {
	if (response.headersSent || response.destroyed) {
		return;
	}

	const headers: Record<string, string> = {'cache-control': 'no-store', ...reply.headers};
	if (reply.body === undefined) {
		response.writeHead(reply.status, headers);
		response.end();
		return;
	}

	const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
	response.writeHead(reply.status, {
		...headers,
		'content-type': 'application/json; charset=utf-8',
		'content-length': String(Buffer.byteLength(text)),
	});
	response.end(text);
}

/** A strong validator: the hash of exactly the bytes sent. */
export function etagOf(text: string): string {
	return `"${createHash('sha256').update(text, 'utf8').digest('base64url').slice(0, 32)}"`;
}

function entityTags(header: string): string[] {
	return header.split(',').map(tag => tag.trim()).filter(tag => tag.length > 0);
}

/** If-None-Match uses the weak comparison (RFC 9110 §13.1.2). */
export function noneMatch(header: string | undefined, etag: string): boolean {
	if (header === undefined) {
		return false;
	}

	const opaque = etag.replace(/^W\//, '');
	return entityTags(header).some(tag => tag === '*' || tag.replace(/^W\//, '') === opaque);
}

/** If-Match uses the strong comparison (RFC 9110 §13.1.1): weak tags never match. */
export function matches(header: string, etag: string): boolean {
	return entityTags(header).some(tag => tag === '*' || (!tag.startsWith('W/') && tag === etag));
}
