/**
The offline Google's memory: its settings, the authorization codes, refresh and access tokens it
issued, the registered clients, and the sweep that forgets what is long finished; with the
look-ups and the revocations that several endpoints share. The endpoints take it as their first
argument.
*/
import {AccessTokens} from '../access-tokens.js';
import type {SigningKeys} from '../signing-keys.js';
import {defaultGoogleSettings, isGoogleClientId, type AccessTokenGrant, type AccessTokenRecord, type CodeRecord, type GoogleOptions, type GoogleSettings, type RefreshTokenRecord} from './model.js';

// How long an expired or redeemed authorization code is kept before it is forgotten.
const retentionMilliseconds = 60 * 60 * 1000;
const sweepEveryMilliseconds = 60 * 1000;

export type GoogleState = {
	readonly now: () => number;
	readonly signingKeys: SigningKeys;
	settings: GoogleSettings;
	readonly codes: Map<string, CodeRecord>;
	readonly refreshTokens: Map<string, RefreshTokenRecord>;
	readonly accessTokens: AccessTokens;
	readonly accessTokenRecords: Map<string, AccessTokenRecord>;
	/** Client ID → its secret. */
	readonly registeredClients: Map<string, string>;
	lastSweep: number;
};

export function createGoogleState(options: GoogleOptions): GoogleState {
	return {
		now: options.now,
		signingKeys: options.signingKeys,
		settings: {...defaultGoogleSettings},
		codes: new Map(),
		refreshTokens: new Map(),
		accessTokens: new AccessTokens(options.now),
		accessTokenRecords: new Map(),
		registeredClients: new Map(),
		lastSweep: Number.NEGATIVE_INFINITY,
	};
}

/** Forgets all codes, tokens and registered clients and restores the default settings. */
export function resetGoogleState(state: GoogleState): void {
	state.settings = {...defaultGoogleSettings};
	state.codes.clear();
	state.refreshTokens.clear();
	state.accessTokens.clear();
	state.accessTokenRecords.clear();
	state.registeredClients.clear();
	state.lastSweep = Number.NEGATIVE_INFINITY;
}

export function sweep(state: GoogleState): void {
	const time = state.now();
	if (time - state.lastSweep < sweepEveryMilliseconds) {
		return;
	}

	state.lastSweep = time;
	for (const [code, record] of state.codes) {
		if (record.expiresAt + retentionMilliseconds < time) {
			state.codes.delete(code);
		}
	}

	state.accessTokens.sweep(time);
	for (const [token, record] of state.accessTokenRecords) {
		if (record.expiresAt <= time) {
			state.accessTokenRecords.delete(token);
		}
	}
}

/** The record of an access token that is known, not expired and not revoked. */
export function liveAccessToken(state: GoogleState, token: unknown): AccessTokenRecord | undefined {
	const record = typeof token === 'string' ? state.accessTokenRecords.get(token) : undefined;
	return record && !record.revoked && state.now() < record.expiresAt ? record : undefined;
}

export function accessTokenGrant(state: GoogleState, token: unknown): AccessTokenGrant | undefined {
	return liveAccessToken(state, token) ? state.accessTokens.grant(token) : undefined;
}

export function isKnownClient(state: GoogleState, clientId: string): boolean {
	return isGoogleClientId(clientId) && (!state.settings.googleRequireRegisteredClients || state.registeredClients.has(clientId));
}

/** Ends a grant: its refresh token answers invalid_grant, its access tokens are invalid. */
export function revokeGrant(state: GoogleState, refreshToken: string): void {
	const record = state.refreshTokens.get(refreshToken);
	if (record) {
		record.state = 'revoked';
	}

	for (const accessToken of state.accessTokenRecords.values()) {
		if (accessToken.refreshToken === refreshToken) {
			accessToken.revoked = true;
		}
	}
}

/** Ends every active refresh token (`expired`: an app in "Testing" status after 7 days; `revoked`); returns how many. */
export function retireRefreshTokens(state: GoogleState, to: 'expired' | 'revoked'): number {
	let count = 0;
	for (const record of state.refreshTokens.values()) {
		if (record.state === 'active') {
			record.state = to;
			count++;
		}
	}

	return count;
}
