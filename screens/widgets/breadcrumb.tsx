/** The menu path above a screen, on one line. */
import {displayWidth, truncateStartToWidth} from '../../source/terminal/terminal.js';
import {Line} from './line.js';

/** The menu path, eliding the first crumbs with `…` when it does not fit one line. */
export function breadcrumbText(labels: readonly string[], width: number): string {
	const separator = ' › ';
	for (let first = 0; first < labels.length; first++) {
		const text = (first > 0 ? ['…', ...labels.slice(first)] : labels).join(separator);
		if (displayWidth(text) <= width) {
			return text;
		}
	}

	return truncateStartToWidth(labels.at(-1) ?? '', width);
}

export function Breadcrumb({labels, width}: {labels: readonly string[]; width: number}) {
	return <Line bold>{breadcrumbText(labels, width)}</Line>;
}
