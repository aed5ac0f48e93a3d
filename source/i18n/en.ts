/** English labels: the printer maker's English manual where it differs from a literal translation. */
import type {Messages} from './ja.js';

/**
What to change at Microsoft Entra ID or Google Cloud for a refusal that no retry helps, with
the labels of their admin consoles; the TUI adds "then press r", scripted mode the command.
Sources: Microsoft Learn "Microsoft Entra authentication and authorization error codes"
(AADSTS50194, AADSTS7000218, AADSTS65001), "Error AADSTS7000218 when a confidential client
application authenticates to Microsoft Entra ID" (Authentication > Allow public client flows),
"Grant tenant-wide admin consent to an application"; Google's "Using OAuth 2.0 to Access Google
APIs", Refresh token expiration: "A Google Cloud Platform project with an OAuth consent screen
configured for an external user type and a publishing status of 'Testing' is issued a refresh
token expiring in 7 days".
*/
const fixes = {
	multiTenant: 'The app registration is single-tenant. In the Microsoft Entra admin center, App registrations > the app > Authentication, set Supported account types to Multitenant',
	publicClient: 'The app registration does not allow public client flows. In the Microsoft Entra admin center, App registrations > the app > Authentication, set Allow public client flows to Yes',
	consent: 'No one has consented to the app\'s permission SMTP.Send. In the Microsoft Entra admin center, App registrations > the app > API permissions, choose Grant admin consent',
	testing: 'If it recurs every 7 days, the app is in Testing: in Google Cloud, publish it (In production) or set its user type to Internal.',
	googleClient: 'Google refused the client: a wrong Client Secret, or the OAuth client was deleted or disabled in Google Cloud',
} as const;

export const en: Messages = {
	appName: 'cloudmail-setup',
	screens: {
		login: 'Log In (System Manager Mode)',
		portal: 'Portal',
		settingsRegistration: 'Settings/Registration',
		sendSettings: 'Send Settings',
		microsoftSettings: 'OAuth 2.0 (Microsoft) Settings',
		googleSettings: 'OAuth 2.0 (Google) Settings',
		microsoftEditBasicSettings: 'Edit Basic Settings',
		googleEditBasicSettings: 'Edit Basic Settings',
		googleRegisterAuthorization: 'Register Authorization Information',
		microsoftTestMail: 'Send Test Mail',
		googleTestMail: 'Send Test Mail',
		logout: 'Log Out',
		changePassword: 'Change the Administrator Password',
	},
	fieldErrors: {
		required: 'Enter a value.',
		not_https: 'Enter a URL that starts with https://.',
		wrong_host: 'The host must be login.microsoftonline.com.',
		wrong_path: 'Use the form https://login.microsoftonline.com/<tenant>/oauth2/v2.0.',
		unknown_tenant: '<tenant> must be common, consumers or organizations.',
		invalid_url: 'This is not a valid URL.',
		too_long: 'Too long.',
		invalid_characters: 'Spaces, line breaks, full-width and control characters are not allowed.',
		cn_requires_verify: 'Available only while Verify Server Certificate is on.',
		invalid_client_id: 'A client ID ends in .apps.googleusercontent.com.',
		secret_required: 'Enter the client secret.',
		code_missing: 'The URL has no authorization code (code=...).',
		state_mismatch: 'This URL belongs to another authorization (its state does not match). Open the URL for Google Authorization Server again.',
		access_denied: 'The authorization was denied on Google\'s page. Open the URL again and choose Allow.',
		code_rejected: 'The authorization code was not accepted.',
		no_authorization: 'No authorization is in progress. Check the Basic Settings and the connection status.',
		invalid_email: 'Enter a mail address such as name@example.com.',
		password_length: 'Use 8 to 64 characters.',
		password_default: 'The factory default password cannot be used.',
		password_user_name: 'The password cannot be the user name.',
		password_unchanged: 'Enter a password different from the current one.',
		password_mismatch: 'The new password and its confirmation do not match.',
		wrong_password: 'The current password is wrong.',
	},
	common: {
		on: 'On',
		off: 'Off',
		ok: 'OK',
		cancel: 'Cancel',
		none: '-',
		loading: 'Loading…',
		loggingOut: 'Logging out…',
	},
	keys: {
		move: 'Move',
		open: 'Open',
		jump: 'Jump',
		back: 'Back',
		help: 'Keys',
		closeHelp: 'Close',
		quit: 'Quit',
		quitAnywhere: 'Log out and quit',
		nextField: 'Next field',
		toggle: 'Toggle',
		pickTenant: 'Tenant',
		logIn: 'Log In',
		ok: 'Next/save on OK',
		cancel: 'Cancel',
		edit: 'Edit',
		refresh: 'Refresh',
		copyCode: 'Copy code',
		copyUrl: 'Copy URL',
		reset: 'Start over',
		yes: 'Yes',
		no: 'No',
		reload: 'Reload',
		checkSaved: 'Check if saved',
		cursor: 'Cursor',
		erase: 'Erase char/all',
		select: 'Select',
		register: 'Register',
		printUrl: 'Print URL as one line',
		submitCode: 'OK (send)',
	},
	login: {
		device: 'Device',
		userName: 'User Name',
		password: 'Password',
		logIn: 'Log In',
		loggingIn: 'Logging in…',
		unlocked: 'The lock has ended. Log in again.',
	},
	deviceErrors: {
		unreachable: (url: string) => `Cannot reach the device at ${url}. Check that it is on and connected to the network.`,
		timeout: (url: string) => `The device at ${url} did not answer in time. Try again.`,
		invalidCredentials: 'The user name or password is wrong.',
		locked: (time: string) => `Locked after too many failed log-ins. Try again in ${time}.`,
		sessionExpired: 'Your session ended.',
		validation: 'The device refused the input. See the messages next to the fields.',
		conflict: 'The settings were changed elsewhere.',
		http: (status: string) => `The device answered with an error (HTTP ${status}).`,
		invalidResponse: 'The device sent an answer this tool does not understand. Check the versions of the device and this tool.',
		unexpected: 'Something unexpected went wrong.',
		retrying: 'Retrying automatically.',
		/** 507/500 `not_saved`: the device's storage refused the write, so nothing changed. */
		notSaved: (reason: string, errno: string) => `Not saved: ${reason} (${errno}). Nothing was changed on the device; your edits are kept. Press OK again once its storage is fixed.`,
		/** The same, for r (refresh) and x (forget the authorization) on a settings page. */
		notDone: (reason: string, errno: string) => `Not done: ${reason} (${errno}). Nothing was changed on the device. Try again once its storage is fixed.`,
		/** The same, for a Google authorization code: the device used it up at Google, so it cannot be sent again. */
		codeNotSaved: (reason: string, errno: string) => `Not saved: ${reason} (${errno}). Nothing was changed on the device, but the authorization code is used up: once its storage is fixed, open the URL again, sign in and register the new code.`,
		storage: {
			ENOSPC: 'the device\'s storage is full',
			EDQUOT: 'the device\'s storage quota is used up',
			EACCES: 'the device may not write to its storage (permission denied)',
			EPERM: 'the device may not write to its storage (not permitted)',
			EROFS: 'the device\'s storage is read-only',
			EIO: 'the device\'s storage failed (input/output error)',
			other: 'the device could not write to its storage',
		},
		/** HTTPS: the device's certificate was refused before anything was sent (see deviceCertificate for the screen). */
		certificateUntrusted: (fingerprint: string) => `The device's certificate is not trusted (${fingerprint}). Nothing was sent.`,
		certificateDeclined: 'You did not trust the device\'s certificate, so nothing was sent. Log in again to see the certificate again.',
		certificateChanged: (origin: string) => `The device's certificate has CHANGED since it was trusted; nothing was sent. If it was renewed on purpose: cloudmail-setup config unpin ${origin}`,
		certificateExpired: (from: string, to: string) => `The device's certificate is outside its validity (${from} to ${to}): check the dates of both computers, or renew it. Nothing was sent.`,
		certificateNameMismatch: (origin: string) => `The device's certificate is not issued for ${origin}. Nothing was sent.`,
		/** A 3xx on the device API: never followed. */
		redirect: (target: string) => `The device answered with a redirect to ${target}. It was not followed: nothing was sent there.`,
		tooManySessions: (time: string) => `The device has as many sessions open as it allows, so you cannot log in. Log out elsewhere, or log in again in ${time}.`,
		passwordChangeRequired: 'The administrator password is still the factory default. Change it first.',
	},
	deviceCertificate: {
		title: 'Device Certificate',
		intro: {
			'self-signed': (origin: string) => `The certificate of ${origin} is not trusted yet (it is self-signed). The password has not been sent.`,
			'unknown-issuer': (origin: string, issuer: string) => `The certificate of ${origin} is issued by an authority that is not trusted (${issuer}). The password has not been sent.`,
		},
		fingerprint: 'Fingerprint (SHA-256)',
		subject: 'Issued to',
		names: 'Names',
		issuer: 'Issued by',
		validity: 'Valid',
		validRange: (from: string, to: string) => `${from} to ${to}`,
		question: 'Compare it with the fingerprint in the certificate details on the device\'s control panel or Remote UI. If they are the same, trust this certificate for this device?',
		caTip: 'With the device\'s CA certificate, starting with --ca FILE trusts it too.',
		yes: 'Yes, trust it',
		no: 'No',
		trustKey: 'Trust',
		dontTrustKey: 'Do not trust',
		backKey: 'Back to Log In',
		back: 'Back to Log In',
		changedTitle: 'WARNING: THE DEVICE CERTIFICATE HAS CHANGED',
		changed: (origin: string) => `${origin} presented a different certificate from the one trusted before: someone may be intercepting the connection, or it was renewed. Nothing was sent.`,
		pinned: 'Trusted before (pinned)',
		presented: 'Presented now',
		forget: 'If it was renewed on purpose, compare the new fingerprint with the device\'s, then forget the old one and log in again:',
		expiredTitle: 'The device certificate is outside its validity',
		expired: (origin: string) => `The certificate of ${origin} is expired or not valid yet, so the connection was refused. Check the date and time of the device and of this computer, or renew the device's certificate. Nothing was sent.`,
		nameMismatchTitle: 'The device certificate names another device',
		nameMismatch: (origin: string) => `The certificate of ${origin} is issued for other names or addresses. Connect with a name or address it lists. Nothing was sent.`,
	},
	session: {
		prompt: 'Your session ended. Enter the password to continue.',
		kept: 'What you were editing is kept.',
	},
	passwordChange: {
		intro: 'The administrator password is still the factory default. Change it to continue.',
		rules: '8 to 64 letters, digits and symbols (ASCII); not the factory default, not the user name.',
		currentPassword: 'Current Password',
		newPassword: 'New Password',
		confirmPassword: 'Confirm New Password',
		changing: 'Changing the password…',
		notChanged: 'The password was not changed. See the messages next to the fields.',
		notChangedSession: 'Not changed: your session ended. Press OK again.',
		logOut: 'Log out',
	},
	portal: {
		loggedInAs: (user: string) => `Logged in as ${user}`,
	},
	oauth: {
		basicSettings: 'Basic Settings',
		edit: 'Edit',
		verifyServerCertificate: 'Verify Server Certificate',
		addCnToVerification: 'Add CN to Verification Items',
		connectionStatus: 'Server Connection Status',
		tokenStatus: 'Token Status',
		connection: {
			'not-checked': 'Not Checked',
			checking: 'Checking…',
			success: 'Successfully Connected',
			failed: 'Failed',
		},
		token: {
			'not-authorized': 'Not Authorized',
			waiting: 'Waiting for Authorization',
			active: 'Active',
			expired: 'Expired',
			error: 'Error',
		},
		connectionReasons: {
			unreachable: 'Cannot reach the authorization server. Check the device\'s network, DNS and proxy, then press r.',
			timeout: 'The authorization server did not answer in time. Press r to check again.',
			certificate_untrusted: 'The server certificate is not trusted. Check the device\'s CA certificates, or turn off Verify Server Certificate.',
			cn_mismatch: 'The certificate\'s CN does not match the server. Check the endpoint, or turn off Add CN to Verification Items.',
			tls_error: 'The TLS connection failed. Press r to check again.',
			http_error: 'The authorization server answered with an error. Check the endpoint, then press r.',
		},
		tokenReasons: {
			expired_token: 'The user code expired before the sign-in. Press r for a new code.',
			authorization_declined: 'The authorization was declined. Press r to try again.',
			access_denied: 'The authorization was declined. Press r to try again.',
			bad_verification_code: 'The user code was not accepted. Press r to try again.',
			invalid_grant: 'The authorization is no longer valid. Press x to forget it, then authorize again.',
			invalid_client: 'The authorization server refused the device. Check the tenant in the endpoint.',
			reauthorization_required: 'Authorization needed again. Press r to retry, or x/Del to forget it and re-authorize.',
			redirect_uri_mismatch: 'The redirect URI is not registered with the authorization server. Check that the Google Cloud OAuth client is of type Desktop app.',
			idp_unreachable: 'Cannot reach the authorization server. The device keeps trying; press r to retry now.',
			idp_error: 'The authorization server answered with an error. Press r to try again.',
			app_not_multi_tenant: `${fixes.multiTenant}, then press r.`,
			public_client_disabled: `${fixes.publicClient}, then press r.`,
			consent_required: `${fixes.consent}, then press r.`,
			id_token_invalid: 'The ID token naming the account failed its checks (signature, issuer, audience, expiry). Check the device\'s date and time, press x to forget the authorization, and authorize again.',
		},
		tokenExpired: 'The token expired. Press r to refresh, or x to start over.',
		nothingToCopy: 'Nothing to copy yet.',
		confirmReset: 'Forget the authorization and start over? (y/n)',
		refreshing: 'Refreshing…',
		resetting: 'Forgetting the authorization…',
		scanQr: 'Scan with a phone',
	},
	microsoft: {
		useOAuth: 'Use OAuth 2.0 (Microsoft)',
		endpoint: 'Microsoft Entra ID Authorization Server Endpoint',
		message: 'Message',
		userCode: 'User Code',
		userCodeExpiresIn: 'User Code Expires In',
		codeExpired: 'expired: press r for a new code',
		/** User Code Expires In: the deadline (local time, hh:mm) and the time left (mm:ss). */
		codeDeadline: (time: string, left: string) => `until ${time} (${left} left)`,
		disabled: 'OAuth 2.0 (Microsoft) is not in use. Press e to edit the Basic Settings.',
		copiedCode: (code: string) => `Sent the user code ${code} to the clipboard (terminals with OSC 52 only).`,
		copiedUrl: (url: string) => `Sent the URL ${url} to the clipboard (terminals with OSC 52 only).`,
	},
	google: {
		useOAuth: 'Use OAuth 2.0 (Google)',
		clientId: 'Client ID',
		clientSecret: 'Client Secret',
		secretSet: 'Set',
		secretNotSet: 'Not set',
		secretKeep: 'Set - leave empty to keep',
		authorizationInformation: 'Authorization Information',
		register: 'Register',
		authorizationNotReady: 'Available once the connection succeeds.',
		waitingForCode: 'Press a to register the authorization information (open the URL, allow, enter the code).',
		disabled: 'OAuth 2.0 (Google) is not in use. Press e to edit the Basic Settings.',
		authorizationUrl: 'URL for Google Authorization Server',
		authorizationCode: 'Authorization Code',
		codeHint: 'The <code> or the whole URL: https://xxxxxxxxxx&code=<code>&scope=xxxxxxxxxx',
		exchanging: 'Exchanging…',
		notSent: 'Not sent: your session ended. Press OK again to send.',
		copiedUrl: (length: number) => `Sent the URL (${length} characters) to the clipboard (terminals with OSC 52 only).`,
		printedUrl: 'Printed the URL as one line above this screen: scroll up to select it.',
		noAuthorization: {
			disabled: 'OAuth 2.0 (Google) is not in use. Press Esc, then e to edit the Basic Settings.',
			notConnected: 'Available once the Server Connection Status is Successfully Connected. Press Esc to watch it (r checks again).',
			active: 'The token is active. To authorize again, press Esc, then x to forget the authorization.',
			missing: 'There is no authorization URL yet. Press Esc, then r to refresh.',
		},
		connectionReasons: {
			cn_mismatch: 'The certificate\'s CN does not match the server. Check the device\'s DNS and proxy, or turn off Add CN to Verification Items.',
			http_error: 'The authorization server answered with an error. Press r to check again.',
		},
		tokenReasons: {
			access_denied: 'The authorization was denied. Press a, open the URL again and choose Allow.',
			invalid_grant: 'The authorization code was not accepted (expired or used). Press a, open the URL again, allow, and enter the new code.',
			invalid_client: `${fixes.googleClient}. Press e to check the Client ID and Client Secret (a deleted client needs a new one).`,
			reauthorization_required: `Authorization needed again (the refresh token expired or was revoked): press r for a new URL, then a. ${fixes.testing}`,
		},
	},
	edit: {
		tenant: 'Tenant',
		otherTenant: '(other)',
		saving: 'Saving…',
		reloading: 'Reloading…',
		checkFields: 'Check the fields. Nothing was saved.',
		conflict: 'Changed elsewhere: press r to reload (your edits are discarded) or Esc.',
		notSaved: 'Not saved: your session ended. Press OK again to save.',
		verifying: 'The answer was lost: checking whether the device saved…',
		savedAfterLostAnswer: 'Saved. The device\'s answer was lost, but its settings are what you sent. Esc: back.',
		notSavedAfterLostAnswer: (reason: string) => `Not saved: ${reason} The device still has the settings as before; your edits are kept. Press OK to save again.`,
		secretNotKnown: 'The device\'s answer was lost, and the device cannot tell whether it took the client secret. Your edits are kept: press OK to send them again.',
		notKnown: (reason: string) => `Not known whether it was saved: ${reason} Your edits are kept. Press r to check again.`,
	},
	help: {
		title: 'Keys',
		everywhere: 'Everywhere',
		menus: 'Menus',
		forms: 'Forms',
		oauth: 'OAuth 2.0 Settings (both)',
		microsoft: 'OAuth 2.0 (Microsoft) Settings',
		showHelp: 'Show/hide this list',
		backOrCancel: 'Back / cancel',
		quitMenus: 'Quit (not while typing)',
		quitAnywhere: 'Quit from anywhere',
		moveItems: 'Move',
		openItem: 'Open',
		jumpItem: 'Open item by number',
		moveFields: 'Move between fields',
		toggle: 'Toggle a checkbox',
		pickTenant: 'Pick the tenant',
		cursor: 'Move the cursor',
		erase: 'Erase a character / all',
		submit: 'Next field / save on OK',
		edit: 'Edit Basic Settings',
		refresh: 'Refresh now',
		copyCode: 'Copy the user code',
		copyUrl: 'Copy the URL',
		reset: 'Forget authorization',
		google: 'OAuth 2.0 (Google) Settings',
		register: 'Register authorization',
		chooseButton: 'Choose, press a button',
		copyPrintUrl: 'Copy / print the URL',
		quitNote: 'q and Ctrl+C log out of the device before quitting.',
	},
	bindings: {
		contexts: {
			everywhere: 'Everywhere',
			login: 'Log In (System Manager Mode)',
			deviceCertificate: 'Device Certificate (before Log In, https only)',
			sessionPrompt: 'Password prompt after a session ended',
			portal: 'Portal',
			menu: 'Menus (Settings/Registration, Send Settings)',
			microsoftSettings: 'OAuth 2.0 (Microsoft) Settings',
			qrCode: 'QR code (over OAuth 2.0 (Microsoft) Settings)',
			googleSettings: 'OAuth 2.0 (Google) Settings',
			confirmReset: 'Forget the authorization? (y/n)',
			editBasicSettings: 'Edit Basic Settings (Microsoft, Google)',
			registerAuthorization: 'Register Authorization Information (Google)',
			sendTestMail: 'Send Test Mail',
			changePassword: 'Change the Administrator Password',
			confirmDiscard: 'Discard your changes? (y/n)',
			help: 'This list',
		},
		labels: {
			help: 'Keys',
			quit: 'Quit',
			quitNow: 'Quit',
			quitNoSession: 'Quit',
			nextFieldLogin: 'Next field',
			consent: 'Toggle',
			logIn: 'Log In',
			trust: 'Trust',
			doNotTrust: 'Do not trust',
			chooseYesNo: 'Choose',
			pressButton: 'Press',
			backToLogIn: 'Back to Log In',
			logInAgain: 'Log In',
			move: 'Move',
			open: 'Open',
			jump: 'Jump',
			back: 'Back',
			edit: 'Edit',
			refresh: 'Refresh',
			copyCode: 'Copy code',
			copyUrl: 'Copy URL',
			qrCode: 'QR code',
			testMail: 'Test mail',
			reset: 'Start over',
			select: 'Select',
			pressSelected: 'Open',
			register: 'Register',
			yes: 'Yes',
			no: 'No',
			nextField: 'Next field',
			toggle: 'Toggle',
			pickTenant: 'Tenant',
			cursor: 'Cursor',
			cursorEnds: 'Start/end',
			erase: 'Erase char/all',
			ok: 'Next/save on OK',
			cancel: 'Cancel',
			reload: 'Reload',
			checkSaved: 'Check if saved',
			printUrl: 'Print URL as one line',
			toCodeField: 'Next field',
			submitCode: 'OK (send)',
			send: 'Send',
			sendAgain: 'Change address / send again',
			logOut: 'Log out',
			discard: 'Discard',
			keepEditing: 'Back to the form',
			scroll: 'Scroll',
			page: 'Page',
			closeHelp: 'Close',
			closeQrCode: 'Back',
		},
		descriptions: {
			help: 'Show or hide this list of keys (not while typing in a field)',
			quit: 'Log out and quit (not while typing in a field); with unsaved changes it asks first',
			quitNow: 'Log out and quit, from anywhere, without asking (twice: quit without waiting for the log-out)',
			quitNoSession: 'Quit (there is no session yet)',
			nextFieldLogin: 'Move between fields (↑ from User Name reaches the Device field)',
			consent: 'Turn Send the password unencrypted on or off (shown only for plain HTTP to a network address)',
			logIn: 'Next field; on Password and [Log In]: log in. On [Log In], q quits',
			trust: 'Trust the device\'s certificate and go on logging in',
			doNotTrust: 'Do not trust it: back to Log In, nothing sent',
			chooseYesNo: 'Choose [Yes] or [No] (No is chosen first)',
			pressButton: 'Press the chosen button',
			backToLogIn: 'A changed, expired or misnamed certificate: back to Log In',
			logInAgain: 'Log in again (what you were editing is kept)',
			move: 'Move through the items',
			open: 'Open the selected item',
			jump: 'Open the item with that number',
			back: 'Back to the previous screen',
			edit: 'Edit Basic Settings',
			refresh: 'Refresh now',
			copyCode: 'Copy the user code (OSC 52)',
			copyUrl: 'Copy the URL (OSC 52)',
			qrCode: 'Show the sign-in link as a QR code, full screen',
			testMail: 'Send Test Mail (only while Token Status is Active; otherwise it says why)',
			reset: 'Forget the authorization and start over (x or Del; asks y/n)',
			select: 'Choose [Edit] or [Register] (↑↓, j k, Tab)',
			pressSelected: 'Press the chosen button',
			register: 'Register Authorization Information',
			yes: 'Yes: forget the authorization',
			no: 'No: keep it',
			nextField: 'Next / previous field',
			toggle: 'Turn a checkbox on or off',
			pickTenant: 'Pick the tenant (on the tenant row)',
			cursor: 'Move the cursor in a field',
			cursorEnds: 'To the start / end of a field',
			erase: 'Erase a character / the whole field',
			ok: 'Next field; on [OK]: save',
			cancel: 'Cancel without saving (asks first if anything was changed)',
			reload: 'After "changed elsewhere": reload the device\'s settings (your edits are discarded)',
			checkSaved: 'After a lost answer: check whether the device saved',
			printUrl: 'Print the URL as one line above the screen',
			toCodeField: 'To the Authorization Code field',
			submitCode: 'Send the authorization code (or the whole URL)',
			send: 'Send the test mail',
			sendAgain: 'On the report: back to the address (Enter sends again)',
			logOut: 'Log out without changing the password',
			discard: 'Discard the changes (after q: and quit)',
			keepEditing: 'Back to the form, the changes kept',
			scroll: 'Scroll the list',
			page: 'Scroll a page (PgUp/PgDn, Space)',
			closeHelp: 'Close this list',
			closeQrCode: 'Back to the settings page',
		},
		more: (first: number, last: number, total: number) => `lines ${first}-${last} of ${total}`,
	},
	discard: {
		question: 'Discard your changes? y/n',
	},
	exit: {
		loggedOut: (url: string) => `Logged out of the device at ${url}.`,
		notLoggedIn: 'Quit. You were not logged in.',
		failed: (reason: string) => `Quit, but not logged out: ${reason} The device ends the session once it has been idle long enough.`,
		notWaited: (url: string) => `Quit without waiting for the log-out (Ctrl+C twice). The device at ${url} ends the session once it has been idle long enough.`,
		loggedOutNotice: 'Logged out.',
		logOutFailedNotice: (reason: string) => `Could not confirm the log-out with the device: ${reason}`,
	},
	/** Scripted configure: --check, and a save whose answer was lost. */
	scriptedSave: {
		wouldChange: (fields: string) => `Would change: ${fields}. Nothing was sent (--check).`,
		checkUnchanged: 'Unchanged: the device already has these settings. Nothing was sent (--check).',
		secretWouldChange: 'would change (a secret given is always sent: the device never shows the stored one)',
		secretUnchanged: 'unchanged',
		secretKept: 'The device already has a client secret: the one given was not sent (--client-secret-if-unset).',
		verifying: (reason: string) => `The device's answer to the save was lost (${reason}) Reading its settings again to see whether it saved…`,
		savedAfterLostAnswer: 'Saved. The device\'s answer was lost, but its settings are what was sent.',
		notSaved: (reason: string) => `Not saved: ${reason} The device still has the settings as before; run the command again.`,
		changedElsewhere: 'Changed elsewhere: the device\'s answer to the save was lost, and its settings are now neither what was sent nor what they were. Check them (cloudmail-setup status) and run the command again.',
		secretNotKnown: 'The device\'s answer was lost, and the device cannot tell whether it took the client secret. Run the command again to send it again.',
		notKnown: (reason: string) => `Not known whether it was saved: the device's answer was lost, and reading its settings again failed: ${reason} Run the command again (it changes nothing that is already as given).`,
	},
	/** The command line of the TUI, `emulator` and `config` (source/cli.ts): --help, and what it refuses. */
	cli: {
		description: 'Terminal UI for a printer\'s maintenance console: set up sending mail through Exchange Online or Google Workspace with OAuth 2.0',
		/** `cloudmail-setup --help`, after the description; `preferences`: the keys of `config`. */
		help: (preferences: string) => `Usage
  $ cloudmail-setup [options]              the TUI (default: the built-in emulated device)
  $ cloudmail-setup emulator [options]     run the emulated device on its own
  $ cloudmail-setup config [get|set|unset|path] [key] [value]
  $ cloudmail-setup config unpin ADDRESS   forget a device's pinned certificate

Scripted (non-interactive) commands; \`cloudmail-setup <command> --help\` for their options
  $ cloudmail-setup status [--json]
  $ cloudmail-setup microsoft configure [--tenant T] [--[no-]verify-cert] [--[no-]add-cn] [--enable|--disable]
  $ cloudmail-setup microsoft authorize [--wait]
  $ cloudmail-setup google configure [--client-id ID] [--client-secret-stdin] [--[no-]verify-cert] ...
  $ cloudmail-setup google authorize [--print-url] [--code CODE_OR_URL | --code-stdin]
  $ cloudmail-setup test-mail --provider microsoft|google --to ADDRESS
  $ cloudmail-setup password change [--new-password-stdin]   (or CLOUDMAIL_NEW_PASSWORD)
  Common: --device ADDRESS, --emulator, --state DIR, --user NAME, --lang ja|en, --json,
  --password-stdin (else CLOUDMAIL_PASSWORD, else a prompt on the terminal; never argv),
  --allow-insecure-http (plain HTTP to an address that is not loopback; else refused)

Options (TUI)
  --device ADDRESS the device: 192.168.1.20, printer.local, https://printer.local:8443
                   (no scheme: https, but http for 127.0.0.1/localhost; no path:
                   /api/v1). Else the saved preference, else the built-in emulated
                   device, offline. Plain HTTP to another computer: Log In warns and
                   asks before sending the password
  --emulator       use the built-in emulated device even if a device URL is saved
  --lang ja|en     language (else the saved preference, else the locale)
  --state DIR      where the built-in emulated device keeps its state
  --ca FILE        a device CA certificate (PEM) to trust for an https device; without
                   it, a printer's own certificate is shown once to compare and pin

Options (emulator): see \`cloudmail-setup emulator --help\`
  --port N, --idp-port N, --host ADDR, --state DIR, --offline, --live, --client-id ID,
  --tls, --tls-regenerate, --dev-default-password

Preferences (config): ${preferences}

Exit codes: 0 done, 1 failed, 2 usage or no interactive terminal; the scripted commands
add 3-13 (authentication, unreachable, validation, expired, declined, token not active,
test mail refused, not ready, password change, certificate, save unconfirmed): see
\`cloudmail-setup status --help\``,
		needsTerminal: 'this is an interactive program and needs a terminal. Over SSH, use `ssh -t`. For scripts: `cloudmail-setup status --help`.',
		secretOnArgv: 'a password or a client secret never goes on the command line (every user of this computer could read it). The TUI asks for the password on Log In; scripted commands read it from CLOUDMAIL_PASSWORD or --password-stdin.',
		unknownOptions: (...options: string[]) => `unknown option${options.length > 1 ? 's' : ''}: ${options.join(' ')}. See 'cloudmail-setup --help'.`,
		repeatedOption: (option: string) => `${option} can only be given once.`,
		missingValue: (option: string) => `${option} needs a value. See 'cloudmail-setup --help'.`,
		unknownCommand: (command: string) => `unknown command '${command}'. See 'cloudmail-setup --help'.`,
		badLanguage: (value: string) => `--lang must be ja or en, not '${value}'.`,
		badCa: (file: string) => `--ca: cannot read ${file} as a PEM certificate.`,
		offlineAndLive: 'choose one of --offline and --live.',
		config: {
			unpinNeedsAddress: 'config unpin needs a device address, e.g. printer.local or https://192.0.2.10:8443.',
			noPin: (device: string) => `No certificate fingerprint is pinned for ${device}.`,
			unpinned: (device: string, fingerprint: string) => `Forgot the pinned certificate fingerprint of ${device} (${fingerprint}).`,
			unknownPreference: (key: string, known: string) => `unknown preference '${key}'. Known: ${known}.`,
			needsValue: (key: string) => `config set ${key} needs a value.`,
			badValue: (value: string, key: string) => `'${value}' is not a valid ${key}.`,
			unknownAction: (action: string) => `unknown config action '${action}'. Use get, set, unset, unpin or path.`,
		},
	},
	/** `cloudmail-setup <command> --help` (source/scripted/usage.ts); the meanings of the exit codes are source/scripted/exit-codes.ts's. */
	scriptedHelp: {
		usage: 'Usage',
		commands: {
			status: `
  $ cloudmail-setup status [--json]
    Both providers: basic settings, connection, pending authorization, token.
`,
			'microsoft configure': `
  $ cloudmail-setup microsoft configure [--tenant common|consumers|organizations]
        [--verify-cert|--no-verify-cert] [--add-cn|--no-add-cn] [--enable|--disable] [--check] [--json]
    Edit Basic Settings; what is not given keeps the device's value. Sends nothing
    when nothing changes ("changed": false). --check: report what would change
    (fields, before/after) and send nothing.
`,
			'microsoft authorize': `
  $ cloudmail-setup microsoft authorize [--wait] [--json]
    A user code to sign in with (a new one if none is pending); --wait waits until
    Token Status is Active, the code expires or the sign-in is declined.
`,
			'google configure': `
  $ cloudmail-setup google configure [--client-id ID] [--client-secret-stdin | --client-secret-if-unset]
        [--verify-cert|--no-verify-cert] [--add-cn|--no-add-cn] [--enable|--disable] [--check] [--json]
    Edit Basic Settings; the client secret only from stdin (a given secret always counts
    as a change: it cannot be compared with the stored one; --client-secret-if-unset
    sends it only when the device has none). --check: report, send nothing.
`,
			'google authorize': `
  $ cloudmail-setup google authorize [--print-url] [--code CODE_OR_URL | --code-stdin] [--json]
    Without a code: the URL for Google Authorization Server. With the code, or the whole
    address of the page the browser lands on: checked, then exchanged by the device.
`,
			'test-mail': `
  $ cloudmail-setup test-mail --provider microsoft|google --to ADDRESS [--json]
    The device sends a test message with its current token and reports the server's reply.
`,
			'password change': `
  $ cloudmail-setup password change [--new-password-stdin] [--json]
    Changes the administrator password (a device with the factory default password
    allows nothing else). The current one is the log-in password; the new one from the
    next line of stdin, else CLOUDMAIL_NEW_PASSWORD, else asked twice on the terminal.
    8-64 printable ASCII characters, not the factory default, not the user name.
`,
		},
		common: `
Common options
  --device ADDRESS      the device: 192.168.1.20, printer.local, https://printer.local
                        (no scheme: https, but http for loopback; no path: /api/v1);
                        else the saved deviceUrl, else the built-in emulated device,
                        offline; --emulator forces the built-in one
  --allow-insecure-http send the password over plain HTTP to an address that is not
                        loopback (refused otherwise, exit 2)
  --device-fingerprint FP
                        https: trust the device certificate with this SHA-256
                        fingerprint (SHA256:… or AB:CD:…, as the device shows it);
                        else the saved pin (config unpin ADDRESS forgets one)
  --ca FILE             https: also trust certificates issued by this device CA (PEM)
  --state DIR           where the built-in emulated device keeps its state
  --user NAME           administrator user name (else the saved userName, else Administrator)
  --password-stdin      read the password from the first line of stdin
                        (else CLOUDMAIL_PASSWORD, else a prompt on the terminal; never argv)
  --lang ja|en          language of the messages
  --json                print exactly one JSON document on stdout (errors too)
`,
		exitCodes: 'Exit codes',
		/** By exit code; a code not here is said in exit-codes.ts's words. */
		exitCodeMeanings: {} as Partial<Record<number, string>>,
	},
	scripted: {
		usage: {
			unknownCommand: (command: string) => `unknown command '${command}'. See cloudmail-setup --help.`,
			missingSubcommand: (command: string) => `${command} needs configure or authorize.`,
			unknownOption: (option: string) => `unknown option ${option}.`,
			badValue: (option: string) => `${option} needs a value, or takes none.`,
			unexpectedArgument: 'unexpected argument. See cloudmail-setup --help.',
			conflicting: (first: string, second: string) => `${first} and ${second} cannot be used together.`,
			notForCommand: (option: string, command: string) => `${option} does not apply to ${command}.`,
			required: (option: string) => `${option} is required.`,
			secretOnArgv: 'A password or a client secret never goes on the command line. Use CLOUDMAIL_PASSWORD, --password-stdin or the prompt on a terminal (the client secret: --client-secret-stdin).',
			badLanguage: '--lang must be ja or en.',
			badUser: '--user must be 1 to 64 characters.',
			badProvider: '--provider must be microsoft or google.',
			noPassword: 'No password: set CLOUDMAIL_PASSWORD, use --password-stdin, or run it in a terminal to be asked.',
			nothingOnStdin: (option: string) => `${option}: nothing on stdin.`,
			badFingerprint: '--device-fingerprint must be a SHA-256 fingerprint (SHA256:… or 32 hex pairs AB:CD:…).',
			badCa: (file: string) => `--ca: cannot read ${file} as a PEM certificate.`,
			passwordSubcommand: 'password needs change: cloudmail-setup password change.',
			noNewPassword: 'No new password: use --new-password-stdin, set CLOUDMAIL_NEW_PASSWORD, or run it in a terminal to be asked.',
		},
		passwordPrompt: (user: string) => `Password for ${user}: `,
		/** HTTPS: why the device's certificate was refused, with the fingerprint to verify and the option to pass. Nothing was sent. */
		certificate: {
			untrusted: (origin: string, fingerprint: string, hex: string) => `The certificate of ${origin} is not trusted (self-signed, or issued by an authority that is not trusted). SHA-256 fingerprint: ${hex} (${fingerprint}). Compare it with the fingerprint the device shows on its control panel or Remote UI; if they are the same, run the command again with --device-fingerprint ${fingerprint} (or give the device's CA with --ca FILE). Nothing was sent.`,
			changed: (origin: string, pinned: string, presented: string, hex: string) => `The certificate of ${origin} has CHANGED: trusted ${pinned}, presented now ${presented} (${hex}). Someone may be intercepting the connection, or the device's certificate was renewed. Nothing was sent. If it was renewed on purpose, compare the new fingerprint with the one the device shows, then pass --device-fingerprint ${presented} (to forget the saved pin: cloudmail-setup config unpin ${origin}).`,
			expired: (origin: string, from: string, to: string, fingerprint: string) => `The certificate of ${origin} is outside its validity (${from} to ${to}; ${fingerprint}). Check the date and time of the device and of this computer, or renew the device's certificate. Nothing was sent.`,
			nameMismatch: (origin: string, names: string, fingerprint: string) => `The certificate of ${origin} is issued for other names (${names}). Use a name it lists with --device, or pass --device-fingerprint ${fingerprint} to trust exactly this certificate. Nothing was sent.`,
		},
		secretPrompt: 'Client secret: ',
		codePrompt: 'Authorization code (or the whole URL): ',
		builtInDevice: (url: string) => `Using the built-in emulated device (offline): ${url}`,
		interrupted: (signal: string) => `Stopped by ${signal}.`,
		passwordChangeRequired: 'The administrator password is still the factory default and must be changed first: run cloudmail-setup password change (the new password from --new-password-stdin, CLOUDMAIL_NEW_PASSWORD, or a prompt on the terminal).',
		newPasswordPrompt: 'New password: ',
		confirmPasswordPrompt: 'New password again: ',
		passwordChanged: 'The administrator password was changed.',
		notSent: 'Check the values. Nothing was sent.',
		refusedByDevice: 'The device refused the input. Nothing was saved.',
		conflict: 'The settings were changed elsewhere meanwhile. Nothing was saved; run the command again.',
		saved: 'Saved.',
		unchanged: 'Unchanged: the device already has these settings. Nothing was sent.',
		secretSent: 'The client secret was sent (it cannot be compared with the stored one, so giving one always counts as a change).',
		expired: 'expired',
		urlAvailable: 'issued (cloudmail-setup google authorize --print-url shows it)',
		alreadyActive: 'Token Status is already Active.',
		signedIn: 'Signed in.',
		requestingAuthorization: 'Asking the device for a new authorization (it comes after the connection check)…',
		noAuthorizationInTime: 'The device did not issue a user code or URL in time. See cloudmail-setup status.',
		notEnabledMicrosoft: 'OAuth 2.0 (Microsoft) is not in use. Turn it on with cloudmail-setup microsoft configure --enable.',
		notEnabledGoogle: 'OAuth 2.0 (Google) is not in use. Turn it on with cloudmail-setup google configure --enable.',
		connectionFailed: (status: string) => `Server Connection Status: ${status}`,
		authorizationFailed: (status: string) => `Could not authorize. Token Status: ${status}`,
		authorizationExpired: 'The user code expired before the sign-in. Run the command again for a new code.',
		authorizationDeclined: 'The sign-in was declined. Run the command again for a new code.',
		waitingForSignIn: (left: string) => `Waiting for the sign-in… ${left} left`,
		newUserCode: 'The device issued a new user code:',
		openUrl: 'Open this URL in a browser, choose Allow, then pass the whole address of the page you land on with --code or --code-stdin.',
		exchanging: 'Sending the authorization code to the device…',
		codeAccepted: 'The device accepted the authorization code.',
		codeNotUsed: 'Token Status is already Active: the authorization code was not used.',
		tokenNotActive: 'Token Status is not Active. Authorize first (cloudmail-setup … authorize).',
		accountUnknown: 'The device does not know which account signed in (no ID token named it): allow the app openid and email (Microsoft: API permissions openid, email, profile; Google: consent screen scopes openid, email), forget the authorization on the settings page (x) and authorize again.',
		testMailSent: 'Test mail sent.',
		testMailRefused: 'Test mail not sent.',
		testMailRefusedBy: (reply: string) => `Test mail not sent: ${reply}`,
		from: 'From',
		to: 'To',
		server: 'Server',
		reply: 'Server reply',
		failure: 'Failed at',
		/** The row under a status that failed: what to do about it. */
		nextStep: 'What to do',
		/** Why the token is not active and what to do, with `authorize`: the command that authorizes again. */
		tokenReasons: {
			expired_token: (authorize: string) => `The user code expired before the sign-in. Run ${authorize} for a new code.`,
			authorization_declined: (authorize: string) => `The sign-in was declined. Run ${authorize} to try again.`,
			access_denied: (authorize: string) => `The authorization was declined. Run ${authorize} to try again.`,
			bad_verification_code: (authorize: string) => `The user code was not accepted. Run ${authorize} for a new code.`,
			invalid_grant: (authorize: string) => `The authorization is no longer valid. Run ${authorize} to authorize again.`,
			invalid_client: (authorize: string) => `The authorization server refused the device. Check the tenant (cloudmail-setup microsoft configure --tenant), then run ${authorize}.`,
			reauthorization_required: (authorize: string) => `Authorization needed again. Run ${authorize}.`,
			redirect_uri_mismatch: (authorize: string) => `The redirect URI is not registered with the authorization server. Check that the Google Cloud OAuth client is of type Desktop app, then run ${authorize}.`,
			idp_unreachable: (_authorize: string) => 'The device cannot reach the authorization server and keeps trying. Check the device\'s network, DNS and proxy; cloudmail-setup status shows the outcome.',
			idp_error: (authorize: string) => `The authorization server answered with an error. Run ${authorize} to try again.`,
			app_not_multi_tenant: (authorize: string) => `${fixes.multiTenant}, then run ${authorize}.`,
			public_client_disabled: (authorize: string) => `${fixes.publicClient}, then run ${authorize}.`,
			consent_required: (authorize: string) => `${fixes.consent}, then run ${authorize}.`,
			id_token_invalid: (authorize: string) => `The ID token naming the account failed its checks (signature, issuer, audience, expiry). Check the device's date and time, then run ${authorize}.`,
		},
		/** Token reasons that read differently for Google. */
		googleTokenReasons: {
			invalid_grant: (authorize: string) => `The authorization code was not accepted (expired or used). Run ${authorize}, open the URL again, allow, and pass the new code with --code.`,
			invalid_client: (_authorize: string) => `${fixes.googleClient}. Check the Client ID and Client Secret (cloudmail-setup google configure --client-id … --client-secret-stdin; a deleted client needs a new one).`,
			reauthorization_required: (authorize: string) => `Authorization needed again (the refresh token expired or was revoked): run ${authorize}. ${fixes.testing}`,
		},
		/** Why the connection check failed and what to do, with `configure`: the provider's configure command. */
		connectionReasons: {
			unreachable: (_configure: string) => 'The device cannot reach the authorization server. Check the device\'s network, DNS and proxy, then run the command again.',
			timeout: (_configure: string) => 'The authorization server did not answer in time. Run the command again.',
			certificate_untrusted: (configure: string) => `The server certificate is not trusted. Check the device's CA certificates, or turn off Verify Server Certificate (${configure} --no-verify-cert).`,
			cn_mismatch: (configure: string) => `The certificate's CN does not match the server. Check the device's DNS and proxy, or turn off Add CN to Verification Items (${configure} --no-add-cn).`,
			tls_error: (_configure: string) => 'The TLS connection failed. Run the command again.',
			http_error: (configure: string) => `The authorization server answered with an error. Check the settings (${configure}; for Microsoft, --tenant), then run the command again.`,
		},
	},
	testMail: {
		key: 'Test mail',
		helpEntry: 'Send a test mail',
		account: 'Account (sender)',
		notActive: (status: string) => `A test mail can be sent only while Token Status is Active (now: ${status}). Complete the authorization first.`,
		from: 'From',
		fromNote: 'the account that authorized',
		to: 'To',
		send: 'Send',
		sending: (server: string) => `Sending through ${server}…`,
		elapsed: (seconds: number) => `${seconds} s`,
		sent: 'Test mail sent.',
		notSent: 'Test mail not sent.',
		server: 'Server',
		reply: 'Server reply',
		sentNext: 'Check the inbox of the address (and its spam folder).',
		failures: {
			unreachable: (server: string) => `The device could not connect to ${server}. Check the device's network, DNS, proxy and firewall (outgoing port 587), then send again.`,
			timeout: (server: string) => `${server} did not answer in time. Send again; if it keeps happening, check the network and the firewall (port 587).`,
			tls: (server: string) => `The TLS connection (STARTTLS) to ${server} failed. Check the device's CA certificates, its date and time, and any proxy that intercepts TLS.`,
			rejected: (_server: string) => 'The mail server refused the message (sender or recipient). Check the address, and that the account that authorized may send as itself; see the reply.',
		},
		authMicrosoft: 'Exchange Online refused the access token (SASL XOAUTH2). The account that authorized needs a mailbox with Authenticated SMTP on. You can also forget the authorization (x on the settings page) and authorize again.',
		authGoogle: 'Gmail refused the access token (SASL XOAUTH2). Forget the authorization (x on the settings page) and authorize again with the account that sends, allowing access to Gmail.',
		smtpAuthDisabled: 'SMTP AUTH is turned off for this mailbox or the tenant. In the Microsoft 365 admin center, turn on Authenticated SMTP for the mailbox (Mail > Manage email apps), or allow it for the tenant (Set-TransportConfig -SmtpClientAuthenticationDisabled $false), then send again.',
		smtpAuthDisabledMailbox: (account: string) => `SMTP AUTH is turned off for the mailbox ${account}. In Exchange Online PowerShell run Set-CASMailbox -Identity ${account} -SmtpClientAuthenticationDisabled $false (or in the Microsoft 365 admin center: the user > Mail > Manage email apps > Authenticated SMTP), then send again.`,
		smtpAuthDisabledTenant: (account: string) => `SMTP AUTH is turned off for the organization. In Exchange Online PowerShell run Set-TransportConfig -SmtpClientAuthenticationDisabled $false (or, for this mailbox only: Set-CASMailbox -Identity ${account} -SmtpClientAuthenticationDisabled $false), then send again.`,
		securityDefaults: 'Security defaults in Microsoft Entra ID block SMTP AUTH for this account. Turn them off (Microsoft Entra admin center > Overview > Properties > Manage security defaults) and protect sign-ins with Conditional Access instead, then send again.',
		gmailBadCredentials: 'Gmail did not accept the access token: it was revoked or has expired, or it belongs to another account than the sender. Forget the authorization (x on the OAuth 2.0 (Google) Settings page) and authorize again with the account that sends.',
		unknownFailure: 'The device did not say at which step it failed; see the reply.',
		checkAddress: 'Check the address. Nothing was sent.',
		notSentSession: 'Not sent: your session ended. Press Send again.',
		tokenNotActive: 'Not sent: Token Status is not Active. Press Esc and check the authorization on the settings page.',
		/** 409 account_unknown: the ID token named no account to send as. */
		accountUnknown: {
			microsoft: 'Not sent: the device does not know which account signed in (no ID token named it). In the Microsoft Entra admin center, give the app the delegated permissions openid, email and profile (Microsoft Graph) with consent, then press Esc, x and authorize again.',
			google: 'Not sent: the device does not know which account signed in (no ID token named it). In the Google Cloud console, add the scopes openid and …/auth/userinfo.email to the OAuth consent screen, then press Esc, x and authorize again.',
		},
		sendKey: 'Send',
		againKey: 'Change address / send again',
	},
	revocation: {
		revoked: 'Forgotten on this device and revoked at Google.',
		failed: (detail: string) => `Forgotten on this device, but Google could not be told (${detail}): remove the app at myaccount.google.com/permissions.`,
		notSupported: 'Forgotten on this device. Entra ID cannot be told: to end the grant, use Sign out everywhere at myaccount.microsoft.com.',
		nothingToRevoke: 'Forgotten on this device; there was no token to revoke.',
	},
	deviceAddress: {
		problems: {
			empty: 'Enter the device address, e.g. 192.168.1.20, printer.local or https://printer.local.',
			too_long: 'The device address is too long.',
			characters: 'The device address cannot contain spaces, line breaks, control characters or \\.',
			credentials: 'Leave the user name and password out of the device address (the part before @): the password is asked for when logging in.',
			scheme: 'Start the device address with https:// or http://, or give the host name or IP address alone.',
			host: 'Not a valid host name or IP address (e.g. 192.168.1.20, printer.local, [fe80::1]).',
			port: 'The port must be a number from 1 to 65535.',
			path: 'The path may contain letters, digits and - . _ ~ / only (no . or .. and no empty segments).',
			query: 'The device address cannot contain ? or #.',
		},
		refused: (where: string, problem: string) => `${where}: ${problem}`,
		plainHttp: (host: string) => `Plain HTTP: the password would travel unencrypted over the network to ${host}.`,
		sendUnencrypted: 'Send the password unencrypted',
		confirmFirst: 'To log in over plain HTTP, turn on "Send the password unencrypted" (Space), or enter an https:// address.',
		checkAddress: 'Check the Device address (↑ moves to it).',
		scriptedPlainHttp: (url: string) => `${url} is plain HTTP: the password would travel unencrypted. Nothing was sent. Use https://, or add --allow-insecure-http if the network is trusted.`,
		configPlainHttp: 'Saved. It is plain HTTP: the TUI asks before sending the password unencrypted, and scripted mode needs --allow-insecure-http.',
	},	qrCode: {
		key: 'QR code',
		caption: (url: string) => `Scan with a phone's camera: opens ${url}`,
		tooSmall: (columns: number, rows: number, haveColumns: number, haveRows: number) =>
			`The terminal is too small for the QR code: it needs at least ${columns}×${rows}, this one is ${haveColumns}×${haveRows}.`,
		openOnPhone: 'Enlarge the window, or open this address on the phone:',
		enterCode: 'and enter the user code:',
		noCode: 'No QR code now: it is shown while a user code waits for the sign-in.',
	},
	/** `cloudmail-setup emulator --help`, and its start-up errors (source/emulator/usage.ts). */
	emulatorCommand: {
		usage: 'Usage',
		summary: 'Runs the emulated printer (the device API) on its own. Offline (the default) it also runs the local identity provider and SMTP servers that stand in for Microsoft and Google. Prints where to reach them; Ctrl+C stops it.',
		options: 'Options',
		port: 'device API port (default 8480; 0 picks a free one)',
		idpPort: 'offline identity provider port (default 8443; 0 picks a free one)',
		host: 'listen address (default 127.0.0.1; another address warns: the device is reachable from the network)',
		state: (directory: string) => `state directory: settings, tokens, log-in throttle (directory 0700, files 0600; default ${directory})`,
		offline: 'use the offline identity provider (default)',
		live: 'talk to the real login.microsoftonline.com and Google',
		clientId: 'the app registration for live mode (or CLOUDMAIL_MICROSOFT_CLIENT_ID)',
		tls: 'serve HTTPS with the device\'s own self-signed certificate (kept in the state directory; its fingerprint is printed at start)',
		tlsRegenerate: 'with --tls: a new certificate (a pinned one no longer matches)',
		devDefaultPassword: 'development only: the factory password 7654321 works as it is (without it, as on a printer, the first log-in must change it)',
		lang: 'language of this help (else the locale)',
		help: 'show this help and exit',
		busyHint: 'Another emulator already running? Start with --port 0 --idp-port 0: free ports are picked and the addresses really used are printed.',
		/** The listen error EADDRINUSE, with what to do. */
		portInUse: (address: string) => `${address} is already in use (EADDRINUSE): another emulator, or another program, listens there. Stop it, or start with --port 0 --idp-port 0 to use free ports (the addresses really used are printed).`,
	},
};
