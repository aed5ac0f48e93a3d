/** What is wrong with a field, in words (and the device's own, if any), under it. */
import type {FieldErrorCode} from '../../source/device/contract-values.js';
import {useEnvironment} from '../../source/hooks/use-env.js';
import type {Messages} from '../../source/i18n/index.js';
import {wrapAndClip} from '../../source/terminal/terminal.js';
import {FieldMessage} from './field-message.js';

/** The lines under a field: what is wrong with it, up to two. */
export function fieldErrorLines(messages: Messages, code: FieldErrorCode | undefined, width: number, detail?: string): string[] {
	if (!code) {
		return [];
	}

	const words = messages.fieldErrors[code];
	// No space after a Japanese full stop.
	const separator = /[。！？]$/.test(words) ? '' : ' ';
	return wrapAndClip(detail ? `${words}${separator}${detail}` : words, width - 6, 2);
}

export function FieldError({code, width}: {code: FieldErrorCode | undefined; width: number}) {
	const {messages} = useEnvironment();
	return <FieldMessage lines={fieldErrorLines(messages, code, width)}/>;
}
