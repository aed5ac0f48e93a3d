/** The test mail sender on its own (test-mail.ts): how nodemailer's errors are sorted into failure stages, and its deadline. */
import net, {type AddressInfo} from 'node:net';
import {describe, expect, it} from 'vitest';
import {classifySmtpError, createMailer} from '../source/emulator/test-mail.js';

function smtpError(code: string, extra: Record<string, unknown> = {}): Error {
	return Object.assign(new Error(`failed: ${code}`), {code, ...extra});
}

describe('classifySmtpError', () => {
	it.each([
		['EAUTH with the server\'s reply', smtpError('EAUTH', {response: '535 5.7.3 Authentication unsuccessful'}), {failure: 'auth', reply: '535 5.7.3 Authentication unsuccessful'}],
		['EAUTH without a reply', smtpError('EAUTH'), {failure: 'auth', reply: undefined}],
		['ETIMEDOUT', smtpError('ETIMEDOUT'), {failure: 'timeout'}],
		['ETLS (STARTTLS refused)', smtpError('ETLS', {response: '454 4.7.0 TLS not available'}), {failure: 'tls', reply: '454 4.7.0 TLS not available'}],
		['EENVELOPE (recipient refused)', smtpError('EENVELOPE', {response: '550 5.1.1 unknown'}), {failure: 'rejected', reply: '550 5.1.1 unknown'}],
		['EMESSAGE (message refused)', smtpError('EMESSAGE', {response: '554 5.2.252 SendAsDenied'}), {failure: 'rejected', reply: '554 5.2.252 SendAsDenied'}],
		['a 421 greeting', smtpError('ECONNECTION', {response: '421 4.3.2 Service not available'}), {failure: 'rejected', reply: '421 4.3.2 Service not available'}],
		['a refused connection', smtpError('ESOCKET', {originalCode: 'ECONNREFUSED'}), {failure: 'unreachable'}],
		['an unknown host', smtpError('EDNS', {originalCode: 'ENOTFOUND'}), {failure: 'unreachable'}],
		['an untrusted certificate', smtpError('ESOCKET', {originalCode: 'DEPTH_ZERO_SELF_SIGNED_CERT'}), {failure: 'tls'}],
		['a certificate for another name', smtpError('ESOCKET', {originalCode: 'ERR_TLS_CERT_ALTNAME_INVALID'}), {failure: 'tls'}],
		['a connection closed early', smtpError('ECONNECTION'), {failure: 'unreachable'}],
		['not an error at all', 'boom', {failure: 'unreachable'}],
	])('%s', (_name, error, expected) => {
		expect(classifySmtpError(error)).toEqual(expected);
	});
});

describe('createMailer', () => {
	it('gives up after its overall deadline on a server that trickles its greeting', async () => {
		const sockets = new Set<net.Socket>();
		const server = net.createServer(socket => {
			sockets.add(socket);
			socket.on('error', () => undefined);
			const greeting = '220 slow.example ESMTP';
			let sent = 0;
			const timer = setInterval(() => {
				if (sent < greeting.length && !socket.destroyed) {
					socket.write(greeting[sent++]!);
				}
			}, 50);
			socket.on('close', () => {
				clearInterval(timer);
			});
		});
		await new Promise<void>(resolve => {
			server.listen(0, '127.0.0.1', resolve);
		});
		const {port} = server.address() as AddressInfo;
		try {
			const mailer = createMailer({now: Date.now, offline: true, route: () => ({host: '127.0.0.1', port}), timeoutMs: 5000, totalTimeoutMs: 300});
			const started = Date.now();
			const result = await mailer.send({
				provider: 'microsoft',
				account: 'a@example.com',
				accessToken: 'token',
				to: 'b@example.com',
				tls: {verifyServerCertificate: true, addCnToVerification: true},
			});
			expect(result).toMatchObject({sent: false, failure: 'timeout', server: 'smtp.office365.com:587'});
			expect(Date.now() - started).toBeLessThan(2000);
		} finally {
			for (const socket of sockets) {
				socket.destroy();
			}

			await new Promise(resolve => {
				server.close(resolve);
			});
		}
	});

	it('offline, finds no server for a name it has no route for, without looking it up', async () => {
		const mailer = createMailer({now: Date.now, offline: true, route: () => undefined});
		const result = await mailer.send({
			provider: 'google',
			account: 'a@example.com',
			accessToken: 'token',
			to: 'b@example.com',
			tls: {verifyServerCertificate: true, addCnToVerification: true},
		});
		expect(result).toMatchObject({sent: false, failure: 'unreachable', server: 'smtp.gmail.com:587', from: 'a@example.com', to: 'b@example.com'});
	});
});
