/** OAuth 2.0(Google)設定 / OAuth 2.0 (Google) Settings: not in this version, said plainly. */
import {useEnvironment} from '../source/hooks/use-env.js';
import {useKeys} from '../source/hooks/use-keys.js';
import {useTerminalSize} from '../source/hooks/use-terminal-size.js';
import {wrapAndClip} from '../source/terminal.js';
import {Line, ScreenFrame} from './widgets.js';

export function GoogleSettingsScreen() {
	const {messages} = useEnvironment();
	const {columns} = useTerminalSize();
	// Only Esc (back), ? and q, which the app handles.
	useKeys(() => false);
	const hints = [
		{keys: 'Esc', label: messages.keys.back},
		{keys: '?', label: messages.keys.help},
		{keys: 'q', label: messages.keys.quit},
	];

	return (
		<ScreenFrame hints={hints} width={columns}>
			<Line/>
			{wrapAndClip(messages.google.notAvailable, columns - 2, 3).map((line, index) => (
				// eslint-disable-next-line react/no-array-index-key
				<Line key={`a${index}`} bold>{`  ${line}`}</Line>
			))}
			<Line/>
			{wrapAndClip(messages.google.useRemoteUi, columns - 2, 3).map((line, index) => (
				// eslint-disable-next-line react/no-array-index-key
				<Line key={`b${index}`}>{`  ${line}`}</Line>
			))}
		</ScreenFrame>
	);
}
