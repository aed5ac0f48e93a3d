/**
Where scripted output goes. With --json, stdout carries exactly one JSON document (the result,
or `{"error": {code, message, fields?}}` with whatever was found before the failure); without,
stdout carries the result as lines. Progress and the human account of a failure always go to
stderr, so that stdout stays parseable.
*/
import {exitCodeMeaning} from './exit-codes.js';
import type {ScriptedFailure} from './failure.js';

export type Writable = {write(text: string): unknown};

export type Output = {
	readonly json: boolean;
	/** Progress for a person watching: stderr. */
	progress(line: string): void;
	/** What a person must see now (a user code, a URL): stdout, or stderr with --json. */
	info(lines: readonly string[]): void;
	/** The command's result. */
	result(document: Record<string, unknown>, lines: readonly string[]): void;
	failure(failure: ScriptedFailure): void;
	/** True once the result or a failure was printed. */
	readonly done: boolean;
};

export const programName = 'cloudmail-setup';

export function errorDocument(failure: ScriptedFailure): Record<string, unknown> {
	return {
		error: {
			code: failure.code,
			message: failure.message,
			// The exit code and its meaning in the one table, so that a fleet tool need not copy it.
			exitCode: failure.exitCode,
			meaning: exitCodeMeaning(failure.exitCode),
			...(failure.fields && Object.keys(failure.fields).length > 0 ? {fields: failure.fields} : {}),
		},
		...failure.result,
	};
}

export function createOutput(options: {json: boolean; stdout: Writable; stderr: Writable}): Output {
	const {json, stdout, stderr} = options;
	let done = false;
	const lines = (target: Writable, text: readonly string[]): void => {
		if (text.length > 0) {
			target.write(`${text.join('\n')}\n`);
		}
	};

	return {
		json,
		get done() {
			return done;
		},
		progress(line) {
			stderr.write(`${line}\n`);
		},
		info(text) {
			lines(json ? stderr : stdout, text);
		},
		result(document, text) {
			if (done) {
				return;
			}

			done = true;
			if (json) {
				stdout.write(`${JSON.stringify(document, undefined, 2)}\n`);
			} else {
				lines(stdout, text);
			}
		},
		failure(failure) {
			if (done) {
				return;
			}

			done = true;
			const fieldLines = Object.entries(failure.fields ?? {}).map(([name, problem]) => `  ${failure.labels[name] ?? name}: ${problem.message}`);
			lines(stderr, [`${programName}: ${failure.message}`, ...fieldLines]);
			if (json) {
				stdout.write(`${JSON.stringify(errorDocument(failure), undefined, 2)}\n`);
			}
		},
	};
}
