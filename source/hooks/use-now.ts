import {useEffect, useState} from 'react';
import type {Clock} from '../clock.js';

/**
The injected clock's time, re-read every `intervalMs` while `active` (a countdown or a
spinner is on screen); no timer at all otherwise.
*/
export function useNow(clock: Clock, active: boolean, intervalMs = 1000): number {
	const [, setTick] = useState(0);

	useEffect(() => {
		if (!active) {
			return;
		}

		const timer = setInterval(() => {
			setTick(tick => tick + 1);
		}, intervalMs);
		return () => {
			clearInterval(timer);
		};
	}, [active, intervalMs]);

	return clock.now();
}

/** mm:ss for a number of milliseconds left (rounded up to whole seconds; never negative). */
export function formatCountdown(milliseconds: number): string {
	const seconds = Math.max(0, Math.ceil(milliseconds / 1000));
	const minutes = Math.floor(seconds / 60);
	return `${String(minutes).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
}

export const spinnerFrames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'] as const;

/** The spinner frame for a time: the same time always draws the same frame. */
export function spinnerFrame(now: number, frameMs = 120): string {
	return spinnerFrames[Math.floor(now / frameMs) % spinnerFrames.length] ?? spinnerFrames[0];
}
