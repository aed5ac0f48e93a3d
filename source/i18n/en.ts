/** English labels: the printer maker's English manual where it differs from a literal translation. */
import type {Messages} from './ja.js';

export const en: Messages = {
	appName: 'cloudmail-setup',
	screens: {
		login: 'Log In (System Manager Mode)',
		portal: 'Portal',
		settingsRegistration: 'Settings/Registration',
		sendSettings: 'Send Settings',
		microsoftSettings: 'OAuth 2.0 (Microsoft) Settings',
		googleSettings: 'OAuth 2.0 (Google) Settings',
		editBasicSettings: 'Edit Basic Settings',
		logout: 'Log Out',
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
	},
};
