/** `cloudmail-setup status`: both providers' settings, connection, authorization and token. */
import type {CommandContext, CommandResult} from './context.js';
import {googleLines, microsoftLines} from './human.js';
import {presentGoogle, presentMicrosoft} from './present.js';

export async function statusCommand(context: CommandContext): Promise<CommandResult> {
	const {client, messages} = context;
	const [microsoftState, googleState] = await Promise.all([client.getMicrosoft(), client.getGoogle()]);
	const now = context.now();
	const microsoft = presentMicrosoft(microsoftState, now, messages);
	const google = presentGoogle(googleState, messages);
	return {
		document: {device: client.baseUrl, microsoft, google},
		lines: [...microsoftLines(messages, microsoft, now), '', ...googleLines(messages, google)],
	};
}
