/**
The verification page (`/devicelogin`) where a person enters the user code shown on the device
and allows or denies it, as at https://microsoft.com/devicelogin. Every page with the form
carries its anti-forgery token (form-guard.ts); a post from another site, or without the page's
token, decides nothing.
*/
import {normalizeAccount, type Entra} from '../entra.js';
import {formRefusalNotice, type FormGuard} from '../form-guard.js';
import {closeConnection, formOf, htmlReply, tooLarge, type Handler, type MethodRefusal} from '../http.js';
import {decisionPage, verificationPage, verificationPath} from '../pages.js';

/** `/` leads to the verification page, whatever the method. */
export const toVerificationPage: Handler = () => ({status: 302, headers: {location: verificationPath, 'content-type': 'text/plain; charset=utf-8'}, body: ''});

export function refuseDeviceLoginMethod(formGuard: FormGuard): MethodRefusal {
	return (request, allowed) => {
		const issued = formGuard.issue(request.headers, 'devicelogin');
		return htmlReply({status: 405, html: verificationPage({notice: 'Use the form below.', formToken: issued.token})}, {allow: allowed.join(', '), ...issued.headers});
	};
}

/** GET: the form (the user code prefilled from `?user_code=`); POST: the decision and its page. */
export function deviceLoginHandler(entra: Entra, formGuard: FormGuard, log: (line: string) => void): Handler {
	return async request => {
		const issued = formGuard.issue(request.headers, 'devicelogin');
		const formToken = issued.token;
		if (request.method === 'GET' || request.method === 'HEAD') {
			const userCode = request.url.searchParams.get('user_code')?.slice(0, 64);
			return htmlReply({status: 200, html: verificationPage({userCode, formToken})}, issued.headers);
		}

		const body = await request.body();
		if (body === tooLarge) {
			return htmlReply({status: 413, html: verificationPage({notice: 'The form was too large.', formToken})}, {...closeConnection, ...issued.headers});
		}

		const form = formOf(request, body);
		// A post from another site, or without this page's token: nothing is decided.
		const forged = formGuard.check(request.headers, form, 'devicelogin');
		if (forged) {
			log(`devicelogin: form refused (${forged})`);
			return htmlReply({status: 403, html: verificationPage({notice: formRefusalNotice(forged), formToken})}, issued.headers);
		}

		const userCode = (form.get('user_code') ?? '').slice(0, 64);
		const account = form.get('account') ?? undefined;
		const decision = form.get('decision');
		// The page shows the account as it is recorded: cleaned, or the default.
		const values = {userCode, account: normalizeAccount(account), formToken};
		if (decision !== 'allow' && decision !== 'deny') {
			return htmlReply(decisionPage('no-decision', values), issued.headers);
		}

		return htmlReply(decisionPage(entra.decide(userCode, decision, account), values), issued.headers);
	};
}
