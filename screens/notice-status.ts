/** What a form's notice (source/forms/device-request.ts) says under the form, and what it means. */
import type {FormNotice} from '../source/forms/device-request.js';
import type {Messages} from '../source/i18n/index.js';
import {describeDeviceError, type RequestContext} from './device-error-text.js';
import type {StatusText} from './widgets/status-lines.js';

/** What a form's notice says; `notSaved`: the words for "the session ended, press OK again". */
export function noticeStatus(messages: Messages, notice: FormNotice | undefined, deviceUrl: string, notSaved: string, context: RequestContext = 'form'): StatusText | undefined {
	switch (notice?.type) {
		case 'check-fields': {
			return {text: messages.edit.checkFields, tone: 'error'};
		}

		case 'not-saved': {
			return {text: notSaved, tone: 'warning'};
		}

		case 'error': {
			return {text: describeDeviceError(messages, notice.error, deviceUrl, context), tone: 'error'};
		}

		case undefined: {
			return undefined;
		}
	}
}
