/**
Send Test Mail: POST oauth2/{provider}/test-mail, a short message through the provider's SMTP
server as the account that authorized.
*/
import {z} from 'zod';
import {testMailRequestSchema, testMailResultSchema} from '../../device/contract.js';
import {validateMailAddress} from '../../device/validation.js';
import {HttpError, readJson} from '../http.js';
import type {Handler} from '../router.js';
import {parseBody, refuseFields, type RouteContext} from './plumbing.js';
import type {ProviderName} from './provider.js';

// Checked against the contract after the field rule, so that an over-long address is a field error.
const testMailBodySchema = testMailRequestSchema.extend({to: z.string()});

/** 400 on a bad address (nothing sent), 409 without an active token (token_not_active) or a known account (account_unknown), else what the SMTP server said. */
export function sendTestMail(name: ProviderName): Handler<RouteContext> {
	return async (request, context) => {
		const {to} = parseBody(testMailBodySchema, await readJson(request), 'The test mail request is not valid');
		refuseFields({to: validateMailAddress(to)}, 'The address is not valid; nothing was sent.');
		const outcome = await context[name].sendTestMail(to);
		if (!outcome.ok) {
			throw new HttpError(409, outcome.code, outcome.message);
		}

		return {status: 200, body: testMailResultSchema.parse(outcome.result)};
	};
}
