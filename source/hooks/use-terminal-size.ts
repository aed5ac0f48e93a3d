import {useEffect, useState} from 'react';
import {useStdout} from 'ink';

export type TerminalSize = {columns: number; rows: number};

const fallback: TerminalSize = {columns: 80, rows: 24};

function sizeOf(stdout: NodeJS.WriteStream): TerminalSize {
	return {
		columns: stdout.columns > 0 ? stdout.columns : fallback.columns,
		rows: stdout.rows > 0 ? stdout.rows : fallback.rows,
	};
}

/** The terminal's size, updated on resize (80x24 when stdout is not a terminal). */
export function useTerminalSize(): TerminalSize {
	const {stdout} = useStdout();
	const [size, setSize] = useState(() => sizeOf(stdout));

	useEffect(() => {
		const update = () => {
			setSize(previous => {
				const next = sizeOf(stdout);
				return previous.columns === next.columns && previous.rows === next.rows ? previous : next;
			});
		};

		update();
		stdout.on('resize', update);
		return () => {
			stdout.off('resize', update);
		};
	}, [stdout]);

	return size;
}
