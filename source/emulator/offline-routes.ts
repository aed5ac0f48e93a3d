/**
Offline, the real services' host names lead to the local identity provider: its HTTPS server
for the authorization servers (outbound.ts), its SMTP servers for test mail (test-mail.ts),
and its public origin for the Google authorization URL shown to the engineer.
*/
import {smtpServers} from '../device/contract-values.js';
import type {TestMailProvider} from '../device/contract.js';
import {microsoftHost} from '../device/validation.js';
import {googleAccountsHost, googleTokenEndpoint} from './google.js';
import type {Route} from './outbound.js';

/** Host names of the real authorization servers that the offline identity provider stands in for. */
const offlineHosts: readonly string[] = [microsoftHost, googleAccountsHost, new URL(googleTokenEndpoint).hostname, 'www.googleapis.com', 'openidconnect.googleapis.com'];

/** The address the identity provider listens on; "localhost" could resolve to ::1 first. */
function listeningHost(identityProviderUrl: string): string {
	const {hostname} = new URL(identityProviderUrl);
	return hostname === 'localhost' ? '127.0.0.1' : hostname.replace(/^\[(.*)\]$/, '$1');
}

export function offlineRoute(identityProviderUrl: string): Route {
	const host = listeningHost(identityProviderUrl);
	const {port: urlPort} = new URL(identityProviderUrl);
	const port = urlPort === '' ? 443 : Number(urlPort);
	return hostname => (offlineHosts.includes(hostname.toLowerCase()) ? {host, port} : undefined);
}

/** smtp.office365.com and smtp.gmail.com to the offline SMTP servers, when there are any. */
export function offlineSmtpRoute(identityProviderUrl: string, ports: Record<TestMailProvider, number> | undefined): Route {
	const host = listeningHost(identityProviderUrl);
	return hostname => {
		const provider = (Object.keys(smtpServers) as TestMailProvider[]).find(name => smtpServers[name].host === hostname.toLowerCase());
		return provider && ports ? {host, port: ports[provider]} : undefined;
	};
}

/** `url` with the scheme, host and port of `origin`. */
export function withOrigin(url: string, origin: string): string {
	const parsed = new URL(url);
	return `${new URL(origin).origin}${parsed.pathname}${parsed.search}${parsed.hash}`;
}
