/** The benchmark's rows: a value against its budget, printed as a table and kept as JSON. */

export type Row = {
	metric: string;
	value: number;
	unit: string;
	/** The largest value within budget; undefined for a row that only informs. */
	budget?: number;
	/** How the value is shown, when not `value unit`. */
	shown?: string;
	/** How the budget is shown, when not `≤ budget unit`. */
	budgetShown?: string;
};

export type Verdict = 'pass' | 'FAIL' | '';

export function verdict(row: Row): Verdict {
	if (row.budget === undefined) {
		return '';
	}

	return row.value <= row.budget ? 'pass' : 'FAIL';
}

function shownValue(row: Row): string {
	return row.shown ?? `${row.value} ${row.unit}`.trim();
}

function shownBudget(row: Row): string {
	if (row.budget === undefined) {
		return '—';
	}

	return row.budgetShown ?? `≤ ${row.budget} ${row.unit}`.trim();
}

export function table(rows: readonly Row[]): string {
	const cells = [
		['metric', 'value', 'budget', 'result'],
		...rows.map(row => [row.metric, shownValue(row), shownBudget(row), verdict(row)]),
	];
	const widths = cells[0]!.map((_, column) => Math.max(...cells.map(line => line[column]!.length)));
	const format = (line: string[]): string => line.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd();
	return [format(cells[0]!), widths.map(width => '-'.repeat(width)).join('  '), ...cells.slice(1).map(line => format(line))].join('\n');
}
