/**
Every route of the device API (`/api/v1/…`, contract.ts's `paths`): method, path, who may call
it (router.ts's `Access`) and its handler (routes/, one file per resource; the plumbing they
share is routes/plumbing.ts). api.ts serves these tables behind the request guard and the faults.
*/
import {paths} from '../device/contract.js';
import {route, type Route} from './router.js';
import {clearFaults, injectFault} from './routes/control.js';
import {saveGoogleBasic, submitAuthorizationCode} from './routes/google.js';
import {saveMicrosoftBasic} from './routes/microsoft.js';
import type {ControlContext, RouteContext} from './routes/plumbing.js';
import {readState, refresh, resetToken} from './routes/provider.js';
import {changePassword, logIn, logOut} from './routes/session.js';
import {sendTestMail} from './routes/test-mail.js';

export const deviceRoutes: ReadonlyArray<Route<RouteContext>> = [
	route('POST',   paths.session,             'anyone',                    logIn),
	route('DELETE', paths.session,             'anyone',                    logOut),
	route('PUT',    paths.sessionPassword,     'session-changing-password', changePassword),
	route('GET',    paths.microsoft,           'session',                   readState('microsoft')),
	route('PUT',    paths.microsoftBasic,      'session',                   saveMicrosoftBasic),
	route('POST',   paths.microsoftRefresh,    'session',                   refresh('microsoft')),
	route('DELETE', paths.microsoftToken,      'session',                   resetToken('microsoft')),
	route('POST',   paths.microsoftTestMail,   'session',                   sendTestMail('microsoft')),
	route('GET',    paths.google,              'session',                   readState('google')),
	route('PUT',    paths.googleBasic,         'session',                   saveGoogleBasic),
	route('POST',   paths.googleRefresh,       'session',                   refresh('google')),
	route('DELETE', paths.googleToken,         'session',                   resetToken('google')),
	route('POST',   paths.googleAuthorization, 'session',                   submitAuthorizationCode),
	route('POST',   paths.googleTestMail,      'session',                   sendTestMail('google')),
];

/** `/_faults`: offline only, with the run's test token from this machine (api.ts asks the guard); no session. */
export const controlRoutes: ReadonlyArray<Route<ControlContext>> = [
	route('POST',   '_faults',                 'anyone',                    injectFault),
	route('DELETE', '_faults',                 'anyone',                    clearFaults),
];
