/**
The emulated device's saved state (settings and tokens, store.ts), as the running device
holds it: what the file last held, and the one way to change it.
*/
import path from 'node:path';
import {errorName} from './activity.js';
import {StateNotSaved, StateStore, type StateFileSystem, type StoredState} from './store.js';

export type DeviceState = {
	/** What the state file holds: each provider's part is replaced only by a write that succeeded. */
	current(): StoredState;
	/** Writes `next` and keeps it as what the file holds; logs and throws (StateNotSaved) when it cannot. */
	persist(next: StoredState): void;
};

/**
Reads the state file (a corrupt one is kept aside and the device starts fresh) and writes it
back at once, so that a state directory that cannot be written is said at start.
*/
export function openDeviceState(stateDir: string, fileSystem: Partial<StateFileSystem> | undefined, now: () => number, log: (line: string) => void): DeviceState {
	const store = new StateStore(stateDir, fileSystem);
	const loaded = store.load(now());
	if (loaded.corruptFile) {
		log(`state: ${path.basename(store.file)} could not be read; kept as ${path.basename(loaded.corruptFile)}, starting fresh`);
	}

	let state: StoredState = loaded.state;
	const deviceState: DeviceState = {
		current: () => state,
		persist(next) {
			try {
				store.save(next);
			} catch (error) {
				const why = error instanceof StateNotSaved ? error.reason : errorName(error);
				log(`state: not saved: ${why}; ${path.basename(store.file)} keeps what it held`);
				throw error;
			}

			state = next;
		},
	};
	try {
		deviceState.persist(state);
	} catch {
		// Logged; the device runs with what it read, and every save says whether it was written.
	}

	return deviceState;
}
