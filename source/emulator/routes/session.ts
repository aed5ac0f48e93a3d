/**
The session: log in (POST /session), log out (DELETE /session) and change the administrator
password (PUT /session/password), the one request a session with the factory default password
may make.
*/
import {loginRequestSchema, loginResponseSchema, passwordChangeRequestSchema, sessionHeader} from '../../device/contract.js';
import {HttpError, readJson, type Reply} from '../http.js';
import {headerValue, lockedError, parseBody, refuseFields, savedOrRefusedAsync, type RouteContext} from './plumbing.js';
import type {Handler} from '../router.js';

/** 201 with the token; 423 locked out, 503 every session taken, 401 wrong credentials. */
export const logIn: Handler<RouteContext> = async (request, {sessions}): Promise<Reply> => {
	const {userName, password} = parseBody(loginRequestSchema, await readJson(request), 'The log-in request is not valid');
	const result = await sessions.login(userName, password, request.socket.remoteAddress);
	if (result.ok) {
		return {status: 201, body: loginResponseSchema.parse({
			token: result.token,
			idleTimeoutSeconds: sessions.idleSeconds,
			absoluteTimeoutSeconds: sessions.absoluteSeconds,
			passwordChangeRequired: result.passwordChangeRequired,
		})};
	}

	if (result.error === 'locked') {
		throw lockedError(result.retryAfterSeconds);
	}

	if (result.error === 'too_many_sessions') {
		throw new HttpError(503, 'too_many_sessions', `The device has as many sessions open as it allows. Log out elsewhere, or try again in ${result.retryAfterSeconds} seconds.`, {
			retryAfterSeconds: result.retryAfterSeconds,
			headers: {'retry-after': String(result.retryAfterSeconds)},
		});
	}

	throw new HttpError(401, 'invalid_credentials', 'The user name or password is wrong.');
};

/** 204, whether or not the token was a session's. */
export const logOut: Handler<RouteContext> = (request, {sessions}) => {
	sessions.logout(headerValue(request, sessionHeader));
	return {status: 204};
};

/** 204 when changed; 400 with the field at fault; 423 locked out; 507/500 not_saved (the old password still works). */
export const changePassword: Handler<RouteContext> = async (request, {sessions}) => {
	const {currentPassword, newPassword} = parseBody(passwordChangeRequestSchema, await readJson(request), 'The password change is not valid');
	// A new password that cannot be written is not taken: 507/500 not_saved, the old one still works.
	const result = await savedOrRefusedAsync(async () => sessions.changePassword(headerValue(request, sessionHeader), currentPassword, newPassword, request.socket.remoteAddress), 'The password was not changed: the current password still works.');
	if (result.ok) {
		return {status: 204};
	}

	if (result.error === 'locked') {
		throw lockedError(result.retryAfterSeconds);
	}

	if (result.error === 'unauthenticated') {
		throw new HttpError(401, 'unauthenticated', 'Log in first.');
	}

	refuseFields(result.fields, 'The password was not changed.');
	throw new HttpError(400, 'validation', 'The password was not changed.');
};
