/** The Remote UI's label of each device API field, for the human lines of a refused field. */
import type {Messages} from '../i18n/index.js';

export function fieldLabels(messages: Messages, provider: 'microsoft' | 'google' | undefined): Record<string, string> {
	return {
		enabled: provider === 'google' ? messages.google.useOAuth : messages.microsoft.useOAuth,
		verifyServerCertificate: messages.oauth.verifyServerCertificate,
		addCnToVerification: messages.oauth.addCnToVerification,
		endpoint: messages.microsoft.endpoint,
		clientId: messages.google.clientId,
		clientSecret: messages.google.clientSecret,
		authorizationCode: messages.google.authorizationCode,
		to: messages.scripted.to,
		currentPassword: messages.passwordChange.currentPassword,
		newPassword: messages.passwordChange.newPassword,
	};
}
