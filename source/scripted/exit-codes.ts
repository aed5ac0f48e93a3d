/**
How a scripted command ends: the `error.code` of its JSON error document and the process exit
code. This is the one table of both; the README's table follows it.
*/

export const exitCodes = {
	ok: 0,
	/** Anything not listed below (the device answered with an unexpected error, a conflict, …). */
	failure: 1,
	/** Wrong command line: unknown option, missing value, no password source, a secret on argv. */
	usage: 2,
	/** Wrong user name or password, log-in locked or refused (too many sessions), or the session ended. */
	authentication: 3,
	/** The device did not answer: connection refused, DNS, timeout. */
	unreachable: 4,
	/** A value was refused (by the shared input rules here, or by the device): nothing was sent or saved. */
	validation: 5,
	/** The user code (Microsoft) expired before the sign-in. */
	authorizationExpired: 6,
	/** The sign-in was declined at the identity provider. */
	authorizationDeclined: 7,
	/** Test mail: the provider's token is not Active. */
	tokenNotActive: 8,
	/** Test mail: the device tried, and the mail server (or the way to it) refused. */
	testMailRefused: 9,
	/** The provider is not in use, or its Server Connection Status is Failed. */
	notReady: 10,
	/** The administrator password is the factory default: change it first (`password change`). */
	passwordChangeRequired: 11,
	/**
	HTTPS: the device's certificate is not trusted (no --device-fingerprint, saved pin or --ca
	vouches for it), changed since it was pinned, expired or names another device. Nothing was sent.
	*/
	certificate: 12,
	/**
	The device's answer to a save was lost and reading its settings again could not tell whether
	it saved (it did not answer, or a write-only secret cannot be compared). Run it again.
	*/
	unconfirmed: 13,
	/** Ended by a signal (128 + its number), after logging out: SIGHUP, SIGINT, SIGTERM. */
	hangUp: 129,
	interrupted: 130,
	terminated: 143,
} as const;

/** What each exit code means, for the help text (the README has the same table). */
export const exitCodeMeanings: ReadonlyArray<readonly [number, string]> = [
	[exitCodes.ok, 'done'],
	[exitCodes.failure, 'failed (anything not below)'],
	[exitCodes.usage, 'usage: wrong command line, no password source, a secret on argv'],
	[exitCodes.authentication, 'authentication: wrong user name or password, log-in locked or refused (too many sessions), session ended'],
	[exitCodes.unreachable, 'the device is unreachable or did not answer in time'],
	[exitCodes.validation, 'a value was refused; nothing was sent or saved'],
	[exitCodes.authorizationExpired, 'the user code expired before the sign-in'],
	[exitCodes.authorizationDeclined, 'the sign-in was declined'],
	[exitCodes.tokenNotActive, 'test mail: the token is not Active'],
	[exitCodes.testMailRefused, 'test mail: refused by the mail server (or the way to it)'],
	[exitCodes.notReady, 'the provider is not in use, or its connection check failed'],
	[exitCodes.passwordChangeRequired, 'the factory default password must be changed first (password change)'],
	[exitCodes.certificate, 'the device\'s HTTPS certificate is not trusted, or changed: nothing was sent (see --device-fingerprint)'],
	[exitCodes.unconfirmed, 'the answer to a save was lost and the device could not tell whether it saved: run the command again'],
	[exitCodes.hangUp, 'SIGHUP (after logging out)'],
	[exitCodes.interrupted, 'SIGINT or Ctrl+C (after logging out)'],
	[exitCodes.terminated, 'SIGTERM (after logging out)'],
];

export const errorCodes = [
	'usage',
	'invalid_credentials',
	'locked',
	'session_expired',
	'unreachable',
	'timeout',
	'validation',
	'authorization_expired',
	'authorization_declined',
	'authorization_failed',
	'token_not_active',
	'account_unknown',
	'test_mail_refused',
	'not_enabled',
	'connection_failed',
	'too_many_sessions',
	'password_change_required',
	'certificate',
	'redirect',
	'conflict',
	'http',
	'invalid_response',
	'save_unconfirmed',
	'interrupted',
	'internal',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

const exitCodeByError: Record<ErrorCode, number> = {
	usage: exitCodes.usage,
	invalid_credentials: exitCodes.authentication,
	locked: exitCodes.authentication,
	session_expired: exitCodes.authentication,
	unreachable: exitCodes.unreachable,
	timeout: exitCodes.unreachable,
	validation: exitCodes.validation,
	authorization_expired: exitCodes.authorizationExpired,
	authorization_declined: exitCodes.authorizationDeclined,
	authorization_failed: exitCodes.failure,
	token_not_active: exitCodes.tokenNotActive,
	// Active, but no sender known: as far as test mail goes, the token is not usable yet.
	account_unknown: exitCodes.tokenNotActive,
	test_mail_refused: exitCodes.testMailRefused,
	not_enabled: exitCodes.notReady,
	connection_failed: exitCodes.notReady,
	// The device refused the log-in for now (all sessions taken); no one's session was ended.
	too_many_sessions: exitCodes.authentication,
	password_change_required: exitCodes.passwordChangeRequired,
	certificate: exitCodes.certificate,
	// The device pointed elsewhere; nothing was sent there.
	redirect: exitCodes.failure,
	conflict: exitCodes.failure,
	http: exitCodes.failure,
	invalid_response: exitCodes.failure,
	save_unconfirmed: exitCodes.unconfirmed,
	interrupted: exitCodes.interrupted,
	internal: exitCodes.failure,
};

/** What an exit code means (the table above), for a JSON error document and the Ansible role. */
export function exitCodeMeaning(code: number): string | undefined {
	return exitCodeMeanings.find(([value]) => value === code)?.[1];
}

export function exitCodeOf(code: ErrorCode): number {
	return exitCodeByError[code];
}

export const stopSignals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
export type StopSignal = (typeof stopSignals)[number];

export const exitCodeBySignal: Record<StopSignal, number> = {
	SIGHUP: exitCodes.hangUp,
	SIGINT: exitCodes.interrupted,
	SIGTERM: exitCodes.terminated,
};
