/**
A preload (`node --import`) that records what a program loads before its first frame, for the
start-up test. Each ES module is appended to the file named by CLOUDMAIL_MODULE_LOG as it is
loaded (by a loader hook, on the loader's thread); when the program first writes
CLOUDMAIL_FIRST_FRAME_TEXT to stdout, the CommonJS modules loaded so far (`require` does not go
through the hook) are appended, then whether the terminal was in raw mode at that moment (`raw true|false`), then `first frame`.
A module's hook runs before the module does, so every line above `first frame` was loaded
before the frame was drawn.
*/
import {appendFileSync} from 'node:fs';
import {createRequire, register} from 'node:module';
import process from 'node:process';
import {pathToFileURL} from 'node:url';

const logFile = process.env['CLOUDMAIL_MODULE_LOG'];
const frameText = process.env['CLOUDMAIL_FIRST_FRAME_TEXT'];
if (!logFile || !frameText) {
	throw new Error('record-modules needs CLOUDMAIL_MODULE_LOG and CLOUDMAIL_FIRST_FRAME_TEXT.');
}

register('./record-modules-hooks.js', import.meta.url, {data: {logFile}});

const requireCache = createRequire(import.meta.url).cache;
const write = process.stdout.write;
let recorded = false;
process.stdout.write = function (this: typeof process.stdout, ...arguments_: Parameters<typeof write>) {
	if (!recorded && String(arguments_[0]).includes(frameText)) {
		recorded = true;
		const commonJs = Object.keys(requireCache).map(file => `commonjs ${pathToFileURL(file).href}`);
		appendFileSync(logFile, [...commonJs, `raw ${process.stdin.isRaw === true}`, 'first frame', ''].join('\n'));
	}

	return write.apply(this, arguments_);
} as typeof write;
