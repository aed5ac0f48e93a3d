/** Time as the app sees it; tests inject a fixed or hand-advanced clock. */
export type Clock = {
	now(): number;
};

export const systemClock: Clock = {now: () => Date.now()};

export function manualClock(start: number): Clock & {advance(milliseconds: number): void; set(time: number): void} {
	let time = start;
	return {
		now: () => time,
		advance(milliseconds) {
			time += milliseconds;
		},
		set(next) {
			time = next;
		},
	};
}
