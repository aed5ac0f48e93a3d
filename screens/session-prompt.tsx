/** Shown over the current screen when the device says the session ended. */
import type {DeviceClient} from '../source/device/device-client.js';
import {hintsFor} from '../source/input/key-bindings.js';
import {useEnvironment} from '../source/hooks/use-env.js';
import {useKeys} from '../source/hooks/use-keys.js';
import {useLoginForm} from '../source/hooks/use-login-form.js';
import {useTerminalSize} from '../source/hooks/use-terminal-size.js';
import {wrapAndClip} from '../source/terminal/terminal.js';
import {LoginFormView} from './login.js';
import {Line} from './widgets/line.js';
import {ScreenFrame} from './widgets/screen-frame.js';

export function SessionPrompt({client, userName, onRestored}: {
	client: DeviceClient;
	userName: string;
	onRestored(): void;
}) {
	const {messages, clock} = useEnvironment();
	const {columns} = useTerminalSize();
	const form = useLoginForm({client, clock, userName, askUserName: false, onLoggedIn: onRestored});
	useKeys(form.onKey, form.isTyping);
	const hints = hintsFor(messages, 'sessionPrompt', ['typing', 'noQuit']);

	return (
		<ScreenFrame hints={hints} width={columns}>
			<Line/>
			{wrapAndClip(messages.session.prompt, columns - 2, 2).map((line, index) => (
				// eslint-disable-next-line react/no-array-index-key
				<Line key={index} bold>{`  ${line}`}</Line>
			))}
			<Line dim>{`  ${messages.session.kept}`}</Line>
			<Line/>
			<LoginFormView state={form.state} width={columns}/>
		</ScreenFrame>
	);
}
