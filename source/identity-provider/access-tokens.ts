/**
The access tokens an offline identity provider (Entra, Google) has issued and still honours:
the SMTP servers, the Gmail profile endpoint and the test controls ask it what a token is good
for.
*/

/** What an access token that is still good was issued for. */
export type AccessTokenGrant = {account: string; scopes: string[]};

export class AccessTokens {
	readonly #now: () => number;
	readonly #tokens = new Map<string, AccessTokenGrant & {expiresAt: number}>();

	constructor(now: () => number) {
		this.#now = now;
	}

	issue(token: string, grant: AccessTokenGrant, expiresAt: number): void {
		this.#tokens.set(token, {account: grant.account, scopes: [...grant.scopes], expiresAt});
	}

	/** The grant of a token that is known, not expired and not revoked; else undefined. */
	grant(token: unknown): AccessTokenGrant | undefined {
		const record = typeof token === 'string' ? this.#tokens.get(token) : undefined;
		return record !== undefined && this.#now() < record.expiresAt ? {account: record.account, scopes: [...record.scopes]} : undefined;
	}

	/** Forgets the tokens that expired by `time`. */
	sweep(time: number): void {
		for (const [token, record] of this.#tokens) {
			if (record.expiresAt <= time) {
				this.#tokens.delete(token);
			}
		}
	}

	/** Forgets every token (revoked, or reset); returns how many there were. */
	clear(): number {
		const count = this.#tokens.size;
		this.#tokens.clear();
		return count;
	}
}
