import path from 'node:path';
import envPaths from 'env-paths';

/** Where the built-in emulated device keeps its state: the user's data directory. */
export function defaultStateDirectory(): string {
	return path.join(envPaths('cloudmail-setup', {suffix: ''}).data, 'emulated-device');
}
