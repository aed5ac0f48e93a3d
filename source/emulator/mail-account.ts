/**
Which account authorized: the sender of the device's mail, shown as the token's account.

- Microsoft: the access tokens Entra issues for Outlook to work accounts are JWTs; the device
  reads `upn` (or `preferred_username`, `unique_name`, `email`) from the payload. It does not
  verify the signature: the claim is used to name the sender and nothing else (Exchange
  checks the token itself). A token that is not a readable JWT (personal accounts get opaque
  ones) leaves the account unknown.
- Google: the device asks the Gmail API for the profile of the token's user (`emailAddress`);
  the `https://mail.google.com/` scope allows it.
*/
import {z} from 'zod';
import {validateMailAddress} from '../validation.js';
import {AbortedError, classifyError, type Outbound, type TlsPolicy} from './outbound.js';

export const gmailProfileUrl = 'https://gmail.googleapis.com/gmail/v1/users/me/profile';

const accountClaims = ['upn', 'preferred_username', 'unique_name', 'email'] as const;

function mailAddressOrUndefined(value: unknown): string | undefined {
	return typeof value === 'string' && validateMailAddress(value) === undefined ? value : undefined;
}

/** The account named in a JWT access token's payload; undefined when it is not a JWT or names none. */
export function accountFromAccessToken(accessToken: string): string | undefined {
	const parts = accessToken.split('.');
	if (parts.length !== 3 || parts[1]!.length > 16_384) {
		return undefined;
	}

	let claims: unknown;
	try {
		claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
	} catch {
		return undefined;
	}

	if (typeof claims !== 'object' || claims === null) {
		return undefined;
	}

	for (const claim of accountClaims) {
		const account = mailAddressOrUndefined((claims as Record<string, unknown>)[claim]);
		if (account) {
			return account;
		}
	}

	return undefined;
}

const gmailProfileSchema = z.object({emailAddress: z.string()});

/** The Gmail address of the token's user, or why it could not be learnt (for the log: never the token). */
export async function fetchGmailAddress(outbound: Outbound, accessToken: string, tls: TlsPolicy, signal?: AbortSignal): Promise<{account: string} | {problem: string}> {
	let response;
	try {
		response = await outbound.request({method: 'GET', url: gmailProfileUrl, bearer: accessToken, tls, ...(signal ? {signal} : {})});
	} catch (error) {
		return {problem: error instanceof AbortedError ? 'aborted' : classifyError(error).reason};
	}

	if (response.status !== 200) {
		return {problem: `HTTP ${response.status}`};
	}

	const parsed = gmailProfileSchema.safeParse(response.json);
	const account = parsed.success ? mailAddressOrUndefined(parsed.data.emailAddress) : undefined;
	return account ? {account} : {problem: 'no mail address in the profile'};
}
