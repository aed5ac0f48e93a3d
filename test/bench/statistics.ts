/** Order statistics for the benchmark's samples. */

/** The p-th percentile (0-100) by linear interpolation between the closest ranks. */
export function percentile(samples: readonly number[], p: number): number {
	if (samples.length === 0) {
		return Number.NaN;
	}

	const sorted = [...samples].sort((a, b) => a - b);
	const rank = (p / 100) * (sorted.length - 1);
	const below = Math.floor(rank);
	const above = Math.ceil(rank);
	return sorted[below]! + ((sorted[above]! - sorted[below]!) * (rank - below));
}

export function median(samples: readonly number[]): number {
	return percentile(samples, 50);
}

export function round(value: number, digits = 1): number {
	const factor = 10 ** digits;
	return Math.round(value * factor) / factor;
}
