import {setTimeout as delay} from 'node:timers/promises';

/**
Waits until `predicate` holds, however busy the machine is: a test states what must happen,
never a fixed delay after which it must have happened. Throws (with `what`) after `timeoutMs`.
*/
export async function until(predicate: () => boolean, what = 'the condition', timeoutMs = 10_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!predicate()) {
		if (Date.now() > deadline) {
			throw new Error(`${what} did not happen within ${timeoutMs} ms.`);
		}

		// eslint-disable-next-line no-await-in-loop
		await delay(5);
	}
}
