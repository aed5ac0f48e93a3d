/**
`cloudmail-setup test-mail`: the device sends a short message through the provider's SMTP
server with its current token and reports the server's reply.
*/
import type {TestMailProvider} from '../device/contract.js';
import {validateMailAddress} from '../device/validation.js';
import type {CommandContext, CommandResult} from './context.js';
import {ScriptedFailure, validationFailure} from './failure.js';
import {testMailLines} from './human.js';
import {fieldLabels} from './labels.js';
import {presentTestMail} from './present.js';

/** The address alone, before asking for a password. */
export function precheckTestMail(context: Pick<CommandContext, 'messages'>, to: string): void {
	const error = validateMailAddress(to);
	if (error) {
		throw validationFailure(context.messages, {to: error}, fieldLabels(context.messages, undefined));
	}
}

export async function testMail(context: CommandContext, provider: TestMailProvider, to: string): Promise<CommandResult> {
	const {client, messages, output} = context;
	precheckTestMail(context, to);
	const result = presentTestMail(await client.sendTestMail(provider, to), {messages, provider});
	const document = {provider, testMail: result};
	const lines = testMailLines(messages, result);
	if (!result.sent) {
		output.info(lines);
		throw new ScriptedFailure('test_mail_refused', messages.scripted.testMailRefusedBy(result.reply ?? result.failure ?? '-'), {result: document});
	}

	return {document, lines};
}
