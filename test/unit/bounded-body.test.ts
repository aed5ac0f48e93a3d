/**
Bounded input from the device:
- every text field of the contract has a maximum length and every list a maximum size, so the
  client refuses what no device should send (and the emulator never sends it: see
  test/emulator-text-limits.test.ts);
- the client reads at most 256 KiB of any answer, as a stream, whatever Content-Length says or
  leaves out; past that it hangs up and says the answer is too large.
*/
import {Buffer} from 'node:buffer';
import {afterEach, describe, expect, it} from 'vitest';
import type {z} from 'zod';
import {BodyError, maxResponseBytes, readBoundedText} from '../../source/device/bounded-body.js';
import * as contract from '../../source/device/contract.js';
import {textLimits} from '../../source/device/contract.js';
import {DeviceError} from '../../source/device/device-error.js';
import {HttpDeviceClient} from '../../source/device/http-device-client.js';
import {deviceAuthorization, microsoftWaiting, oversizedMicrosoftState, RogueDevice, type RogueAnswer} from '../support/rogue-device.js';

type Walked = {path: string; kind: 'bounded' | 'unbounded'};

/** Every string and list inside a zod schema, and whether it has a maximum. */
function walk(schema: z.ZodType, path: string, found: Walked[]): void {
	const def = (schema as unknown as {_zod: {def: Record<string, any>}})._zod.def;
	const checks: Array<Record<string, any>> = (def['checks'] ?? []).map((check: {_zod: {def: Record<string, any>}}) => check._zod.def);
	switch (def['type']) {
		case 'string': {
			const max = checks.some(check => check['check'] === 'max_length');
			// A pattern without * or + (e.g. ^E[A-Z0-9]{1,15}$) bounds the length as well.
			const pattern = checks.some(check => check['format'] === 'regex' && /^\^[^*+]*\$$/.test((check['pattern'] as RegExp).source));
			found.push({path, kind: max || pattern ? 'bounded' : 'unbounded'});
			return;
		}

		case 'object': {
			for (const [key, value] of Object.entries(def['shape'] as Record<string, z.ZodType>)) {
				walk(value, `${path}.${key}`, found);
			}

			return;
		}

		case 'optional':
		case 'nullable':
		case 'default':
		case 'catch': {
			walk(def['innerType'], path, found);
			return;
		}

		case 'record': {
			// A record is a list: its size is bounded by a refinement (checked below with a real value).
			found.push({path, kind: checks.length > 0 ? 'bounded' : 'unbounded'});
			walk(def['keyType'], `${path}[key]`, found);
			walk(def['valueType'], `${path}[value]`, found);
			return;
		}

		case 'array': {
			found.push({path, kind: checks.some(check => check['check'] === 'max_length') ? 'bounded' : 'unbounded'});
			walk(def['element'], `${path}[]`, found);
			return;
		}

		default: {
			// enum, boolean, number, literal: bounded by nature.
		}
	}
}

describe('the contract bounds every text field and every list', () => {
	const schemas = Object.entries(contract).filter(([name, value]) => name.endsWith('Schema') && typeof value === 'object' && value !== null && '_zod' in value);

	it('has schemas to check', () => {
		expect(schemas.length).toBeGreaterThan(15);
	});

	it.each(schemas.map(([name, schema]) => [name, schema] as const))('%s: every string has a maximum length, every list a maximum size', (name, schema) => {
		const found: Walked[] = [];
		walk(schema as z.ZodType, name, found);
		expect(found.filter(entry => entry.kind === 'unbounded').map(entry => entry.path)).toEqual([]);
	});

	const state = microsoftWaiting();
	const limitCases: Array<[string, number, (text: string) => unknown, z.ZodType]> = [
		['authorization.message', textLimits.message, text => microsoftWaiting(deviceAuthorization({message: text})), contract.microsoftStateSchema],
		['authorization.userCode', textLimits.userCode, text => microsoftWaiting(deviceAuthorization({userCode: text})), contract.microsoftStateSchema],
		['authorization.verificationUri', textLimits.url, text => microsoftWaiting(deviceAuthorization({verificationUri: text})), contract.microsoftStateSchema],
		['connection.detail', textLimits.detail, text => ({...state, connection: {status: 'failed', reason: 'tls_error', detail: text}}), contract.microsoftStateSchema],
		['token.detail', textLimits.detail, text => ({...state, token: {status: 'error', reason: 'idp_error', detail: text}}), contract.microsoftStateSchema],
		['token.account', textLimits.account, text => ({...state, token: {status: 'active', account: text}}), contract.microsoftStateSchema],
		['settings.endpoint', textLimits.url, text => ({...state, settings: {...state.settings, endpoint: text}}), contract.microsoftStateSchema],
		['error message', textLimits.message, text => ({error: 'internal', message: text}), contract.apiErrorSchema],
		['field error message', textLimits.message, text => ({error: 'validation', message: 'x', fields: {endpoint: {code: 'invalid_url', message: text}}}), contract.apiErrorSchema],
		['test mail reply', textLimits.reply, text => ({sent: false, from: 'a@b.example', to: 'c@d.example', server: 'smtp.office365.com:587', reply: text, at: new Date().toISOString()}), contract.testMailResultSchema],
	];

	it.each(limitCases)('%s: %i characters pass, one more is refused', (_name, limit, build, schema) => {
		expect(schema.safeParse(build('x'.repeat(limit))).success).toBe(true);
		expect(schema.safeParse(build('x'.repeat(limit + 1))).success).toBe(false);
	});

	it(`an error with more than ${textLimits.fieldErrors} field errors is refused`, () => {
		const fields = (count: number) => Object.fromEntries(Array.from({length: count}, (_, index) => [`field${index}`, {code: 'required', message: 'x'}]));
		expect(contract.apiErrorSchema.safeParse({error: 'validation', message: 'x', fields: fields(textLimits.fieldErrors)}).success).toBe(true);
		expect(contract.apiErrorSchema.safeParse({error: 'validation', message: 'x', fields: fields(textLimits.fieldErrors + 1)}).success).toBe(false);
	});
});

/** A Response whose body comes from `chunks` (then ends, or never does), counting what was pulled and whether it was cancelled. */
function streamed(chunks: Uint8Array[], headers: Record<string, string> = {}, options: {endless?: boolean} = {}) {
	const seen = {pulled: 0, cancelled: false};
	let index = 0;
	const body = new ReadableStream<Uint8Array>({
		pull(controller) {
			if (index < chunks.length) {
				seen.pulled += 1;
				controller.enqueue(chunks[index++]!);
			} else if (!options.endless) {
				controller.close();
			}
			// Endless: nothing more ever comes, and the stream stays open.
		},
		cancel() {
			seen.cancelled = true;
		},
	}, {highWaterMark: 0});
	return {response: new Response(body, {headers}), seen};
}

const kib = (count: number, byte = 0x78) => new Uint8Array(count * 1024).fill(byte);

describe('readBoundedText', () => {
	it('reads a body within the limit, UTF-8 split anywhere, a BOM dropped', async () => {
		const bytes = Buffer.from('\uFEFF{"message":"サインイン"}', 'utf8');
		const {response} = streamed([bytes.subarray(0, 15), bytes.subarray(15, 16), bytes.subarray(16)]);
		expect(await readBoundedText(response)).toBe('{"message":"サインイン"}');
	});

	it('refuses a Content-Length past the limit without reading a byte', async () => {
		const {response, seen} = streamed([kib(1)], {'content-length': String(maxResponseBytes + 1)});
		await expect(readBoundedText(response)).rejects.toMatchObject({name: 'BodyError', problem: 'too-large'});
		expect(seen.pulled).toBe(0);
		expect(seen.cancelled).toBe(true);
	});

	it.each([
		['no Content-Length', {}],
		['a Content-Length that lies (says 100 bytes)', {'content-length': '100'}],
	])('with %s: reads to the limit, then stops and hangs up', async (_name, headers) => {
		const chunks = Array.from({length: 400}, () => kib(64));
		const {response, seen} = streamed(chunks, headers);
		await expect(readBoundedText(response)).rejects.toBeInstanceOf(BodyError);
		// 256 KiB is four chunks of 64 KiB: the fifth passes the limit, and no more are read.
		expect(seen.pulled).toBe(5);
		expect(seen.cancelled).toBe(true);
	});

	it('exactly at the limit is read', async () => {
		const {response} = streamed([kib(128), kib(128)]);
		expect((await readBoundedText(response)).length).toBe(maxResponseBytes);
	});

	it('a body that stops coming is refused once `timeoutMs` passed', async () => {
		const {response, seen} = streamed([kib(1)], {}, {endless: true});
		await expect(readBoundedText(response, {timeoutMs: 50})).rejects.toMatchObject({problem: 'timeout'});
		expect(seen.cancelled).toBe(true);
	});
});

describe('the HTTP client against a rogue device (loopback)', () => {
	let device: RogueDevice | undefined;
	afterEach(async () => {
		await device?.close();
		device = undefined;
	});

	async function client(answer: RogueAnswer): Promise<{client: HttpDeviceClient; device: RogueDevice}> {
		device = await new RogueDevice().start();
		device.answers.set('GET oauth2/microsoft', answer);
		const http = new HttpDeviceClient({baseUrl: device.url, timeoutMs: 20_000});
		await http.login('Administrator', 'password');
		return {client: http, device};
	}

	const megabytes20 = 20 * 1024 * 1024;

	it.each([
		['without Content-Length (chunked)', oversizedMicrosoftState(megabytes20)],
		['with an honest Content-Length', {stream: {...oversizedMicrosoftState(megabytes20).stream!, contentLength: 'honest' as const}}],
	])('a 20 MB answer %s: DeviceError invalid-response "too large", the rest never downloaded; log-out still works', async (_name, answer) => {
		const {client: http, device: rogue} = await client(answer);
		const error = await http.getMicrosoft().then(() => undefined, (error_: unknown) => error_);
		expect(error).toBeInstanceOf(DeviceError);
		expect(error).toMatchObject({kind: 'invalid-response'});
		expect((error as DeviceError).message).toMatch(/too large: more than 256 KiB/);
		const [sent] = rogue.sent.filter(entry => entry.path === '/api/v1/oauth2/microsoft');
		await rogue.waitFor(() => sent!.closed, 'the answer\'s connection to close');
		expect(sent!.finished).toBe(false);
		expect(sent!.bytes).toBeLessThan(megabytes20);
		await http.logout();
		expect(rogue.count('DELETE /api/v1/session')).toBe(1);
	});

	it('a 20 MB error (HTTP 500), asked three times (GET is retried): an http DeviceError in the client\'s own words; no answer left open', async () => {
		device = await new RogueDevice().start();
		device.answers.set('GET oauth2/microsoft', {status: 500, stream: {bytes: megabytes20, prefix: '{"error":"internal","message":"', suffix: '"}', contentLength: 'absent'}});
		// Every answer fetch gave the client, to see afterwards what became of its body.
		const answers: Response[] = [];
		const http = new HttpDeviceClient({
			baseUrl: device.url,
			async fetch(input, init) {
				const response = await fetch(input, init);
				answers.push(response);
				return response;
			},
		});
		await http.login('Administrator', 'password');
		const error = await http.getMicrosoft().then(() => undefined, (error_: unknown) => error_ as DeviceError);
		expect(error).toMatchObject({kind: 'http', status: 500});
		expect(error!.message.length).toBeLessThan(200);
		expect(error!.apiError).toBeUndefined();
		const reads = answers.slice(1);
		expect(reads).toHaveLength(3);
		// The last one was read to the limit and dropped; the two that were retried were dropped unread.
		expect(reads[2]!.body!.locked).toBe(true);
		for (const retried of reads.slice(0, 2)) {
			expect(retried.body!.locked).toBe(false);
			// eslint-disable-next-line no-await-in-loop
			expect(await retried.body!.getReader().read()).toEqual({done: true, value: undefined});
		}

		const sent = device.sent.filter(entry => entry.path === '/api/v1/oauth2/microsoft');
		await device.waitFor(() => sent.every(entry => entry.closed), 'every answer\'s connection to close');
		expect(sent.map(entry => entry.finished)).toEqual([false, false, false]);
	});

	it('a 100 KB sign-in message in a contract-shaped answer: refused as not matching the contract, at authorization.message', async () => {
		const {client: http} = await client({body: microsoftWaiting(deviceAuthorization({message: 'x'.repeat(100 * 1024)}))});
		const error = await http.getMicrosoft().then(() => undefined, (error_: unknown) => error_ as DeviceError);
		expect(error).toMatchObject({kind: 'invalid-response'});
		expect(error!.message).toContain('authorization.message');
	});

	it('an answer at every limit is taken as it is', async () => {
		const state = microsoftWaiting(deviceAuthorization({message: 'x'.repeat(textLimits.message), userCode: 'C'.repeat(textLimits.userCode)}));
		const {client: http} = await client({body: state});
		expect((await http.getMicrosoft()).authorization?.message).toHaveLength(textLimits.message);
	});
});
