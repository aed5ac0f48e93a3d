/**
The offline emulator's test control, `/_faults` (see ../faults.ts): POST queues a fault, DELETE
clears them. Reached only with the run's test token, from this machine (api.ts asks the guard).
*/
import {faultRequestSchema} from '../faults.js';
import {readJson} from '../http.js';
import type {Handler} from '../router.js';
import {parseBody, type ControlContext} from './plumbing.js';

/** POST: 204 once queued; 400 bad_request for a fault that is not valid. */
export const injectFault: Handler<ControlContext> = async (request, {faults}) => {
	faults.inject(parseBody(faultRequestSchema, await readJson(request), 'The fault is not valid'));
	return {status: 204};
};

/** DELETE: 204, every pending fault cleared. */
export const clearFaults: Handler<ControlContext> = (_request, {faults}) => {
	faults.clear();
	return {status: 204};
};
