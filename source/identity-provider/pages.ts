/**
The few HTML pages of the offline identity provider: Entra's verification page where a person
enters the user code and allows or denies it, and the pages that answer that form; Google's
consent page and its error pages. Everything that is not a literal of this file goes through
`escapeHtml`.
*/
import {defaultAccount, maxAccountLength, type DecisionResult} from './entra.js';
import {formTokenField} from './form-guard.js';
import {
	googleApplicationName,
	googleAuthorizationPath,
	googleMailScope,
	type GoogleAuthorizationError,
} from './google.js';

export const verificationPath = '/devicelogin';

export type Page = {status: number; html: string};

const htmlEscapes: Record<string, string> = {
	'&': '&amp;',
	'<': '&lt;',
	'>': '&gt;',
	'"': '&quot;',
	'\'': '&#39;',
};

export function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, character => htmlEscapes[character]!);
}

const style = `
body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem;color:#1b1b1b}
h1{font-size:1.4rem;font-weight:600}
label{display:block;margin:1rem 0 .25rem}
input{width:100%;box-sizing:border-box;padding:.5rem;font-size:1.1rem}
.buttons{margin-top:1.5rem;display:flex;gap:.75rem}
button{padding:.5rem 1.25rem;font-size:1rem}
.notice{padding:.5rem .75rem;border-left:4px solid #c50f1f;background:#fdf3f4}
.offline{color:#616161;font-size:.85rem;margin-top:2rem}
.details{color:#616161;font-size:.85rem;overflow-wrap:anywhere}
`;

function layout(title: string, body: string, standsFor = 'Microsoft Entra ID'): string {
	return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${style}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
${body}
<p class="offline">Offline identity provider of cloudmail-setup. It stands in for ${escapeHtml(standsFor)}; no real account is used.</p>
</body>
</html>
`;
}

export type VerificationFormValues = {
	userCode?: string | undefined;
	account?: string | undefined;
	/** Shown above the form, e.g. why the last code was refused. */
	notice?: string | undefined;
	/** The form's anti-forgery token (form-guard.ts), as a hidden field. */
	formToken?: string | undefined;
};

/** The hidden field with the form's anti-forgery token (form-guard.ts); none without a token. */
function tokenField(token: string | undefined): string {
	return token === undefined ? '' : `<input type="hidden" name="${formTokenField}" value="${escapeHtml(token)}">\n`;
}

export function verificationPage(values: VerificationFormValues = {}): string {
	const notice = values.notice ? `<p class="notice" role="alert">${escapeHtml(values.notice)}</p>\n` : '';
	return layout('Enter code', `${notice}<p>Enter the code displayed on your device to allow it to access your account.</p>
<form method="post" action="${verificationPath}">
${tokenField(values.formToken)}<label for="user_code">Code</label>
<input id="user_code" name="user_code" value="${escapeHtml(values.userCode ?? '')}" autocomplete="off" autocapitalize="characters" spellcheck="false" required autofocus>
<label for="account">Account</label>
<input id="account" name="account" type="email" value="${escapeHtml(values.account ?? defaultAccount)}" maxlength="${maxAccountLength}">
<div class="buttons">
<button type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny">Deny</button>
</div>
</form>`);
}

/** The answer to the verification form: a result page, or the form again with the reason. */
export function decisionPage(result: DecisionResult | 'no-decision', values: VerificationFormValues & {account: string}): Page {
	switch (result) {
		case 'approved': {
			return {
				status: 200,
				html: layout('You have signed in', `<p>You have signed in to the application on your device as <strong>${escapeHtml(values.account)}</strong>. You may now close this window.</p>`),
			};
		}

		case 'denied': {
			return {
				status: 200,
				html: layout('You have declined', '<p>You have declined to sign in to the application on your device. You may now close this window.</p>'),
			};
		}

		case 'unknown': {
			return {status: 400, html: verificationPage({...values, notice: 'That code was not recognised. Check the code shown on the device and try again.'})};
		}

		case 'expired': {
			return {status: 400, html: verificationPage({...values, notice: 'That code has expired. Get a new code on the device and try again.'})};
		}

		case 'already-decided': {
			return {status: 400, html: verificationPage({...values, notice: 'That code has already been used. Get a new code on the device.'})};
		}

		case 'no-decision': {
			return {status: 400, html: verificationPage({...values, notice: 'Choose Allow or Deny.'})};
		}
	}
}

export function notFoundPage(): Page {
	return {status: 404, html: layout('Not found', '<p>There is no page here.</p>')};
}

/** What Google's consent screen says each scope allows. */
const googleScopeDescriptions: Record<string, string> = {
	[googleMailScope]: 'Read, compose, send, and permanently delete all your email from Gmail',
	openid: 'Associate you with your personal info on Google',
	'https://www.googleapis.com/auth/userinfo.email': 'See your primary Google Account email address',
	'https://www.googleapis.com/auth/userinfo.profile': 'See your personal info, including any personal info you\'ve made publicly available',
};

export type GoogleConsentValues = {
	/** The authorization request's query (without `?`): the form posts it back to the same path. */
	query: string;
	clientId: string;
	redirectUri: string;
	scopes: readonly string[];
	account: string;
	notice?: string | undefined;
	/** The form's anti-forgery token (form-guard.ts), as a hidden field. */
	formToken?: string | undefined;
};

/** Google's consent screen: the account, what the app may do, Allow and Deny. */
export function googleConsentPage(values: GoogleConsentValues): string {
	const notice = values.notice ? `<p class="notice" role="alert">${escapeHtml(values.notice)}</p>\n` : '';
	const scopes = values.scopes.map(scope => `<li>${escapeHtml(googleScopeDescriptions[scope] ?? scope)}</li>`).join('\n');
	const action = `${googleAuthorizationPath}?${values.query}`;
	return layout(`${googleApplicationName} wants to send mail as you`, `${notice}<form method="post" action="${escapeHtml(action)}">
${tokenField(values.formToken)}<label for="account">Google Account</label>
<input id="account" name="account" type="email" value="${escapeHtml(values.account)}" maxlength="${maxAccountLength}" autofocus>
<p>This will allow <strong>${escapeHtml(googleApplicationName)}</strong> to:</p>
<ul>
${scopes}
</ul>
<p>Make sure you trust ${escapeHtml(googleApplicationName)}. After Allow, the browser goes to the app's loopback address; nothing listens there, so it shows an error page: copy that page's whole address into the device.</p>
<div class="buttons">
<button type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny">Deny</button>
</div>
</form>
<p class="details">Client ID: ${escapeHtml(values.clientId)}<br>Redirect URI: ${escapeHtml(values.redirectUri)}</p>`, 'Google');
}

/** Google's "Access blocked" page: the request is refused and nothing is redirected. */
export function googleErrorPage(failure: GoogleAuthorizationError): Page {
	const title = failure.status === 401 ? 'Access blocked: Authorization Error' : 'Access blocked: This app\'s request is invalid';
	const details = failure.redirectUri === undefined ? '' : `\n<p class="details">Request details: redirect_uri=${escapeHtml(failure.redirectUri)}</p>`;
	return {
		status: failure.status,
		html: layout(title, `<p>${escapeHtml(failure.description)}</p>
<p><strong>Error ${failure.status}: ${escapeHtml(failure.error)}</strong></p>${details}`, 'Google'),
	};
}
