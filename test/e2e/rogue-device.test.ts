/**
A rogue device, end to end: the built `cloudmail-setup` in tmux at 80x24 against a loopback
server that speaks the device API (test/support/rogue-device.ts) and answers with text of
100 KB and bodies of 20 MB, with and without Content-Length. Whatever it sends, the screen is
drawn and fits the terminal, keys still work, and Ctrl+C logs out (the device sees DELETE
/api/v1/session) and ends the program. No timing decides: every wait is for a screen or a request.
*/
import {describe, expect, it} from 'vitest';
import {startRogueDevice, startTui} from '../support/e2e-harness.js';
import {deviceAuthorization, microsoftWaiting, oversizedMicrosoftState, type RogueAnswer, type RogueDevice} from '../support/rogue-device.js';
import type {Terminal} from '../support/tmux.js';

const kilobytes100 = 100 * 1024;
const megabytes20 = 20 * 1024 * 1024;
const sentence = 'To sign in, use a web browser to open the page https://microsoft.com/devicelogin. ';
const long = (length: number) => sentence.repeat(Math.ceil(length / sentence.length)).slice(0, length);

/** The screen fits 80x24: 24 lines at most 80 wide, the breadcrumb on line one (nothing scrolled away), the last line free. */
function expectFits(screen: string): void {
	const lines = screen.replace(/\n$/, '').split('\n');
	expect(lines.length).toBeLessThanOrEqual(24);
	for (const line of lines) {
		expect(line.length, `too wide: ${line}`).toBeLessThanOrEqual(80);
	}

	expect(lines[0]).toMatch(/^(…|Portal) /);
	expect(lines[23]?.trim() ?? '').toBe('');
}

async function start(answers: Record<string, RogueAnswer> = {}, microsoft = microsoftWaiting()): Promise<{device: RogueDevice; terminal: Terminal}> {
	const device = await startRogueDevice();
	device.microsoft = microsoft;
	for (const [route, answer] of Object.entries(answers)) {
		device.answers.set(route, answer);
	}

	const {terminal} = startTui({device: device.url, language: 'en'});
	return {device, terminal};
}

/** Logs in and opens Portal › Settings/Registration › Send Settings › OAuth 2.0 (Microsoft) Settings; returns its screen once `shown` is on it. */
async function openMicrosoft(target: Terminal, shown: string | RegExp): Promise<string> {
	await target.waitForText('Log In (System Manager Mode)');
	target.type('any password');
	target.keys('Enter');
	await target.waitForText('Logged in as');
	target.keys('1', '1', '1');
	return target.waitFor(screen => screen.includes('OAuth 2.0 (Microsoft) Settings') && (typeof shown === 'string' ? screen.includes(shown) : shown.test(screen)), `the Microsoft settings screen with ${String(shown)}`, 30_000);
}

/** Ctrl+C: the device sees the log-out, and the program ends (0). */
async function expectCtrlCLogsOut(rogue: RogueDevice, target: Terminal): Promise<void> {
	const before = rogue.count('DELETE /api/v1/session');
	target.keys('C-c');
	await rogue.waitFor(() => rogue.count('DELETE /api/v1/session') === before + 1, 'DELETE /api/v1/session', 30_000);
	await target.waitFor(() => target.exited(), 'the program to exit', 30_000);
	expect(target.exitStatus()).toBe(0);
}

const doesNotUnderstand = 'The device sent an answer this tool does not understand';

describe('100 KB of text in a contract-shaped answer', () => {
	const cases: Array<{name: string; state: () => ReturnType<typeof microsoftWaiting>}> = [
		{name: 'the sign-in message', state: () => microsoftWaiting(deviceAuthorization({message: long(kilobytes100)}))},
		{name: 'the verification URI', state: () => microsoftWaiting(deviceAuthorization({verificationUri: `https://microsoft.com/devicelogin/${'a'.repeat(kilobytes100)}`}))},
		{name: 'the user code', state: () => microsoftWaiting(deviceAuthorization({userCode: 'FJ2K8QWXR'.repeat(kilobytes100 / 9)}))},
		{
			name: 'a connection failure\'s and a token error\'s detail',
			state: () => ({
				...microsoftWaiting(),
				authorization: null,
				connection: {status: 'failed', reason: 'tls_error', detail: long(kilobytes100), checkedAt: new Date().toISOString()},
				token: {status: 'error', reason: 'idp_error', detail: long(kilobytes100)},
			}),
		},
	];

	for (const {name, state} of cases) {
		it(`in ${name}: the screen is drawn and fits 80x24, r still works, Ctrl+C logs out`, async () => {
			const {device: rogue, terminal: target} = await start({}, state());
			// The client refuses the answer (longer than the contract allows) and says so.
			const screen = await openMicrosoft(target, doesNotUnderstand);
			expectFits(screen);
			// Keys still work: r is the refresh button (and gets the same answer).
			expect(rogue.count('POST /api/v1/oauth2/microsoft/refresh')).toBe(0);
			target.keys('r');
			await rogue.waitFor(() => rogue.count('POST /api/v1/oauth2/microsoft/refresh') === 1, 'the refresh after r');
			expectFits(await target.waitForText(doesNotUnderstand));
			await expectCtrlCLogsOut(rogue, target);
		}, 90_000);
	}

	it('in an error\'s message (HTTP 500): drawn, fits, Ctrl+C logs out', async () => {
		const {device: rogue, terminal: target} = await start({'GET oauth2/microsoft': {status: 500, body: {error: 'internal', message: long(kilobytes100)}}});
		const screen = await openMicrosoft(target, 'The device answered with an error (HTTP 500)');
		expectFits(screen);
		await expectCtrlCLogsOut(rogue, target);
	}, 90_000);
});

describe('20 MB answers', () => {
	const cases: Array<{name: string; answer: () => RogueAnswer}> = [
		{name: 'without Content-Length (chunked)', answer: () => oversizedMicrosoftState(megabytes20)},
		{name: 'with an honest Content-Length', answer: () => ({stream: {...oversizedMicrosoftState(megabytes20).stream!, contentLength: 'honest'}})},
		{name: 'as an error (HTTP 500) without Content-Length', answer: () => ({status: 500, stream: {bytes: megabytes20, prefix: '{"error":"internal","message":"', suffix: '"}', contentLength: 'absent'}})},
	];

	for (const {name, answer} of cases) {
		it(`${name}: refused unread past 256 KiB, the screen is drawn, Ctrl+C logs out`, async () => {
			const {device: rogue, terminal: target} = await start({'GET oauth2/microsoft': answer()});
			const screen = await openMicrosoft(target, /does not understand|answered with an error \(HTTP 500\)/);
			expectFits(screen);
			await expectCtrlCLogsOut(rogue, target);
			// The client hung up on every one of them: no 20 MB answer was sent to the end.
			const reads = rogue.sent.filter(sent => sent.path === '/api/v1/oauth2/microsoft');
			expect(reads.length).toBeGreaterThan(0);
			await rogue.waitFor(() => reads.every(sent => sent.closed), 'the reads\' connections to close');
			for (const sent of reads) {
				expect(sent.finished, `${sent.bytes} bytes sent`).toBe(false);
				expect(sent.bytes).toBeLessThan(megabytes20);
			}
		}, 90_000);
	}
});
