/**
The handlers of the test controls (`/_control/<name>`): each validates its JSON body (400
`invalid_request` with what is wrong) and calls the matching `IdentityProviderControls` method.
The table of names and methods is in control-routes.ts.
*/
import {z} from 'zod';
import {
	configPatchSchema,
	googleClientBodySchema,
	injectTextBodySchema,
	type IdentityProviderControls,
} from './controls.js';
import type {DecisionResult} from './entra.js';
import {smtpRejectBodySchema} from './mailbox.js';

export type ControlResponse = {status: number; body: unknown; allow?: string};

/** One control: the controls and the parsed JSON body (`{}` when empty) in, the answer out. */
export type ControlHandler = (controls: IdentityProviderControls, body: unknown) => ControlResponse;

const userCodeBodySchema = z.object({userCode: z.string().max(256), account: z.string().max(1024).optional()});
const accessTokenBodySchema = z.object({accessToken: z.string().max(16_384)});
const googleConsentBodySchema = z.object({
	authorizationUrl: z.string().max(16_384),
	decision: z.enum(['allow', 'deny']),
	account: z.string().max(1024).optional(),
});

function invalid(message: string): ControlResponse {
	return {status: 400, body: {error: 'invalid_request', message}};
}

function ok(body: unknown): ControlResponse {
	return {status: 200, body};
}

function decisionResponse(result: DecisionResult): ControlResponse {
	const succeeded = result === 'approved' || result === 'denied';
	return {status: succeeded ? 200 : (result === 'unknown' ? 404 : 409), body: {result}};
}

/** A control whose body must match `schema`; `act` gets the parsed value. */
function withBody<Schema extends z.ZodType>(schema: Schema, act: (controls: IdentityProviderControls, value: z.output<Schema>) => ControlResponse): ControlHandler {
	return (controls, body) => {
		const parsed = schema.safeParse(body);
		return parsed.success ? act(controls, parsed.data) : invalid(z.prettifyError(parsed.error));
	};
}

export const readConfig: ControlHandler = controls => ok(controls.config());
export const configure = withBody(configPatchSchema, (controls, patch) => ok(controls.configure(patch)));
export const revoke: ControlHandler = controls => ok(controls.revokeAll());
export const pending: ControlHandler = controls => ok(controls.pending());
export const stats: ControlHandler = controls => ok(controls.stats());
export const mail: ControlHandler = controls => ok({messages: controls.mail()});
export const expireGoogleRefreshTokens: ControlHandler = controls => ok(controls.expireGoogleRefreshTokens());

export const reset: ControlHandler = controls => {
	controls.reset();
	return ok(controls.config());
};

export const approve = withBody(userCodeBodySchema, (controls, {userCode, account}) => decisionResponse(controls.approve(userCode, account)));
export const deny = withBody(userCodeBodySchema, (controls, {userCode}) => decisionResponse(controls.deny(userCode)));

export const registerGoogleClient = withBody(googleClientBodySchema, (controls, {clientId, clientSecret}) => {
	controls.registerGoogleClient(clientId, clientSecret);
	// Never the secret back.
	return ok({clientId});
});

export const googleConsent = withBody(googleConsentBodySchema, (controls, {authorizationUrl, decision, account}) => ok(controls.googleConsent(authorizationUrl, decision, account)));

export const injectText = withBody(injectTextBodySchema, (controls, {text, count}) => {
	controls.injectText(text, count);
	return ok({count});
});

export const rejectNextSmtpAuth = withBody(smtpRejectBodySchema, (controls, {provider, reply, count}) => {
	controls.rejectNextSmtpAuth(provider, reply, count);
	return ok({provider, count});
});

export const accessToken = withBody(accessTokenBodySchema, (controls, {accessToken: token}) => ok({valid: controls.isAccessTokenValid(token)}));
