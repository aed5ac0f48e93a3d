import {useCallback} from 'react';
import {useStdout} from 'ink';
import {multiplexerFromEnvironment, osc52Copy} from '../terminal/terminal.js';

/**
Copies text with OSC 52, written straight to the terminal (it draws nothing, so Ink's frame is
not disturbed). The terminal never says whether it worked: screens show the text as well.
*/
export function useClipboard(): (text: string) => void {
	const {stdout} = useStdout();
	return useCallback((text: string) => {
		stdout.write(osc52Copy(text, multiplexerFromEnvironment(process.env)));
	}, [stdout]);
}
