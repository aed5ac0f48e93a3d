/**
Keypress-to-frame latency in a menu: an arrow key sent through tmux, timed until the screen
shows the selection (the line marked "›") on another item. Down and Up alternate, so the
selection ends where it started.
*/
import {sleep, type Pane} from './pane.js';

function selection(screen: string): string | undefined {
	return screen.split('\n').find(line => line.startsWith('› '));
}

/** `presses` keypresses (an even number keeps the selection on the first item); the latencies in ms. */
export async function measureMenuLatency(pane: Pane, presses: number): Promise<number[]> {
	const latencies: number[] = [];
	for (let press = 0; press < presses; press++) {
		const before = selection(await pane.screen());
		const started = performance.now();
		pane.terminal.keys(press % 2 === 0 ? 'Down' : 'Up');
		const {elapsedMs} = await pane.watch(screen => {
			const now = selection(screen);
			return now !== undefined && now !== before;
		}, started, 'the selection to move');
		latencies.push(elapsedMs);
		// Not in step with anything the TUI does on a timer.
		await sleep(20 + (Math.random() * 30));
	}

	return latencies;
}
