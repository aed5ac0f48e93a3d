/** The loader hook of record-modules.ts: appends each ES module's URL to the log as it is loaded. */
import {appendFileSync} from 'node:fs';
import type {InitializeHook, LoadHook} from 'node:module';

let logFile = '';

export const initialize: InitializeHook<{logFile: string}> = data => {
	logFile = data.logFile;
};

export const load: LoadHook = async (url, context, nextLoad) => {
	appendFileSync(logFile, `module ${url}\n`);
	return nextLoad(url, context);
};
