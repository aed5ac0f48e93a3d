/** OK and Cancel, on one line; `focus` names the one that has the focus ('ok' or 'cancel'). */
import {useEnvironment} from '../../source/hooks/use-env.js';
import {Button} from './button.js';
import {Line} from './line.js';

export function FormButtons({focus}: {focus: string | undefined}) {
	const {messages} = useEnvironment();
	return (
		<Line>
			{'  '}
			<Button label={messages.common.ok} focused={focus === 'ok'}/>
			{'  '}
			<Button label={messages.common.cancel} focused={focus === 'cancel'}/>
		</Line>
	);
}
