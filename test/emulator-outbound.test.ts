/**
The device's outbound HTTPS on its own: how failures are sorted into the contract's reasons,
the overall timeout, and cancellation.
*/
import net from 'node:net';
import type {AddressInfo} from 'node:net';
import {afterEach, describe, expect, it} from 'vitest';
import {AbortedError, classifyError, createOutbound, OutboundError} from '../source/emulator/outbound.js';

const tls = {verifyServerCertificate: true, addCnToVerification: true};
const servers: Array<{server: net.Server; sockets: Set<net.Socket>}> = [];

afterEach(async () => {
	for (const {server, sockets} of servers.splice(0)) {
		for (const socket of sockets) {
			socket.destroy();
		}

		await new Promise(resolve => {
			server.close(resolve);
		});
	}
});

/** A TCP server that accepts and never answers. */
async function silentServer(): Promise<{port: number; sockets: Set<net.Socket>}> {
	const sockets = new Set<net.Socket>();
	const server = net.createServer(socket => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
		socket.on('error', () => undefined);
	});
	servers.push({server, sockets});
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	return {port: (server.address() as AddressInfo).port, sockets};
}

describe('classifyError', () => {
	it.each([
		['ERR_TLS_CERT_ALTNAME_INVALID', 'cn_mismatch'],
		['SELF_SIGNED_CERT_IN_CHAIN', 'certificate_untrusted'],
		['DEPTH_ZERO_SELF_SIGNED_CERT', 'certificate_untrusted'],
		['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'certificate_untrusted'],
		['CERT_HAS_EXPIRED', 'certificate_untrusted'],
		['ECONNREFUSED', 'unreachable'],
		['ENOTFOUND', 'unreachable'],
		['ERR_SSL_WRONG_VERSION_NUMBER', 'tls_error'],
		['EPROTO', 'tls_error'],
	])('%s → %s', (code, reason) => {
		const error = Object.assign(new Error(`failed with ${code}`), {code});
		const classified = classifyError(error);
		expect(classified).toBeInstanceOf(OutboundError);
		expect(classified.reason).toBe(reason);
		expect(classified.message).toBe(`failed with ${code}`);
	});
});

describe('createOutbound', () => {
	it('gives up after the timeout with reason timeout', async () => {
		const {port} = await silentServer();
		const outbound = createOutbound({timeoutMs: 200, route: () => ({host: '127.0.0.1', port})});
		const started = Date.now();
		const error = await outbound.request({method: 'GET', url: 'https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration', tls}).catch((error: unknown) => error);
		expect(error).toBeInstanceOf(OutboundError);
		expect((error as OutboundError).reason).toBe('timeout');
		expect(Date.now() - started).toBeLessThan(2000);
	});

	it('is cancelled by its signal and by abortAll', async () => {
		const {port} = await silentServer();
		const outbound = createOutbound({route: () => ({host: '127.0.0.1', port})});
		const controller = new AbortController();
		const bySignal = outbound.request({method: 'POST', url: 'https://login.microsoftonline.com/common/oauth2/v2.0/token', form: {a: 'b'}, tls, signal: controller.signal});
		const byClose = outbound.request({method: 'POST', url: 'https://login.microsoftonline.com/common/oauth2/v2.0/token', form: {a: 'b'}, tls});
		await new Promise(resolve => {
			setTimeout(resolve, 50);
		});
		controller.abort();
		outbound.abortAll();
		await expect(bySignal).rejects.toBeInstanceOf(AbortedError);
		await expect(byClose).rejects.toBeInstanceOf(AbortedError);
	});

	it('refuses anything but https', async () => {
		const outbound = createOutbound();
		await expect(outbound.request({method: 'GET', url: 'http://login.microsoftonline.com/', tls})).rejects.toMatchObject({reason: 'tls_error'});
	});
});
