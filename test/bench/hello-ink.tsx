/**
The baseline for the start-up benchmark: the smallest Ink app that, like the TUI, draws a frame
and then waits for keys in raw mode (q quits). Built with the same dependencies and compiler
settings, and started the same way.
*/
import {render, Text, useApp, useInput} from 'ink';

function Hello() {
	const {exit} = useApp();
	useInput(input => {
		if (input === 'q') {
			exit();
		}
	});
	return <Text>Hello from Ink</Text>;
}

render(<Hello />);
