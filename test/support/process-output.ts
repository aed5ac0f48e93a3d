/** What a child process wrote, collected until it has ended and closed its output. */
import type {ChildProcess} from 'node:child_process';

export type ProcessOutput = {code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string};

/** Collects stdout and stderr (`onStderr` sees all of stderr so far, as it grows) until the process closes. */
export async function processOutput(child: ChildProcess, onStderr?: (stderr: string) => void): Promise<ProcessOutput> {
	let stdout = '';
	let stderr = '';
	child.stdout?.on('data', (chunk: Buffer) => {
		stdout += chunk.toString();
	});
	child.stderr?.on('data', (chunk: Buffer) => {
		stderr += chunk.toString();
		onStderr?.(stderr);
	});
	return new Promise(resolve => {
		child.once('close', (code, signal) => {
			resolve({code, signal, stdout, stderr});
		});
	});
}
