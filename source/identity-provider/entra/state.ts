/**
The offline Entra's memory: its settings, the device codes (by device code and by user code),
the refresh and access tokens it issued, and the sweep that forgets what is long finished; and
the checks of the client and the app registration that /devicecode and /token share. The
endpoints (discovery.ts, device-code.ts, token.ts) take it as their first argument.
*/
import type {MicrosoftTenant} from '../../device/contract.js';
import {AccessTokens} from '../access-tokens.js';
import {entraFailures, isFailure} from './failures.js';
import {cloneSettings, defaultEntraSettings, isTenant, type DeviceAuthorizationRecord, type EntraFailure, type EntraOptions, type EntraSettings, type RefreshTokenRecord} from './model.js';

// How long a finished device code or retired refresh token is still recognised (and answered
// with expired_token, invalid_grant...) before it is forgotten and becomes "unknown".
const retentionMilliseconds = 60 * 60 * 1000;
const sweepEveryMilliseconds = 60 * 1000;

export type EntraState = {
	readonly options: EntraOptions;
	readonly now: () => number;
	/** Client IDs in lower case (GUIDs compare case-insensitively). */
	readonly acceptedClients: ReadonlySet<string>;
	settings: EntraSettings;
	readonly byDeviceCode: Map<string, DeviceAuthorizationRecord>;
	readonly byUserCode: Map<string, DeviceAuthorizationRecord>;
	readonly refreshTokens: Map<string, RefreshTokenRecord>;
	readonly accessTokens: AccessTokens;
	lastSweep: number;
};

export function createEntraState(options: EntraOptions): EntraState {
	return {
		options,
		now: options.now,
		acceptedClients: new Set(options.clientIds.map(id => id.toLowerCase())),
		settings: cloneSettings(defaultEntraSettings),
		byDeviceCode: new Map(),
		byUserCode: new Map(),
		refreshTokens: new Map(),
		accessTokens: new AccessTokens(options.now),
		lastSweep: Number.NEGATIVE_INFINITY,
	};
}

/** Forgets what is long finished, at most once a minute of clock time. */
export function sweep(state: EntraState): void {
	const {byDeviceCode, byUserCode, refreshTokens} = state;
	const time = state.now();
	if (time - state.lastSweep < sweepEveryMilliseconds) {
		return;
	}

	state.lastSweep = time;
	for (const [deviceCode, record] of byDeviceCode) {
		if (record.expiresAt + retentionMilliseconds < time) {
			byDeviceCode.delete(deviceCode);
			if (byUserCode.get(record.userCode) === record) {
				byUserCode.delete(record.userCode);
			}
		}
	}

	for (const [token, record] of refreshTokens) {
		const end = Math.min(record.retiredAt ?? Number.POSITIVE_INFINITY, record.expiresAt);
		if (end + retentionMilliseconds < time) {
			refreshTokens.delete(token);
		}
	}

	state.accessTokens.sweep(time);
}

/** Forgets all codes and tokens and restores the default settings. */
export function resetEntraState(state: EntraState): void {
	state.settings = cloneSettings(defaultEntraSettings);
	state.byDeviceCode.clear();
	state.byUserCode.clear();
	state.refreshTokens.clear();
	state.accessTokens.clear();
	state.lastSweep = Number.NEGATIVE_INFINITY;
}

/** The checks every request to /devicecode and /token shares. */
function checkClient(state: EntraState, tenant: string, clientId: string | undefined): EntraFailure | MicrosoftTenant {
	if (!isTenant(tenant)) {
		return entraFailures.unknownTenant(tenant);
	}

	if (!clientId) {
		return entraFailures.missingParameter('client_id');
	}

	if (!state.acceptedClients.has(clientId.toLowerCase())) {
		return entraFailures.unknownClient(clientId, tenant);
	}

	return tenant;
}

/** Checks the app registration's settings that refuse a request before its grant is looked at. */
function checkApplication(state: EntraState, tenant: MicrosoftTenant, clientId: string): EntraFailure | undefined {
	// A single-tenant app is refused at the multi-tenant names of work accounts.
	return state.settings.entraApplication === 'single-tenant' && tenant !== 'consumers'
		? entraFailures.singleTenantApplication(clientId)
		: undefined;
}

/** The tenant and client checks, then the app registration's (checkApplication): a failure, or the tenant. */
export function checkClientAndApplication(state: EntraState, tenant: string, clientId: string | undefined): EntraFailure | MicrosoftTenant {
	const checked = checkClient(state, tenant, clientId);
	if (isFailure(checked)) {
		return checked;
	}

	return checkApplication(state, checked, clientId!) ?? checked;
}
