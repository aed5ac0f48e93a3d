/** runScripted in this process with an injected device client: stdin not a terminal, output captured. */
import {EventEmitter} from 'node:events';
import {Readable} from 'node:stream';
import type {DeviceClient} from '../../source/device/device-client.js';
import {runScripted} from '../../source/scripted/main.js';

export type InProcessRun = {code: number; stdout: string; stderr: string; json(): Record<string, any>};

export async function runInProcess(args: readonly string[], client: DeviceClient, options: {password?: string; stdin?: string} = {}): Promise<InProcessRun> {
	let stdout = '';
	let stderr = '';
	const code = await runScripted([...args, '--device', 'http://127.0.0.1:8080/api/v1'], {
		stdin: Readable.from(options.stdin === undefined ? [] : [options.stdin]),
		stdout: {
			write(text: string) {
				stdout += text;
				return true;
			},
		},
		stderr: {
			write(text: string) {
				stderr += text;
				return true;
			},
		},
		environment: {CLOUDMAIL_PASSWORD: options.password ?? 'correct horse', LANG: 'C'},
		signals: new EventEmitter() as unknown as Pick<NodeJS.Process, 'on' | 'off'>,
		preferences: () => ({}),
		now: Date.now,
		createClient: () => client,
	});
	return {
		code,
		stdout,
		stderr,
		json() {
			return JSON.parse(stdout) as Record<string, any>;
		},
	};
}
