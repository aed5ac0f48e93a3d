/**
Routes an unmodified Google client's HTTPS to the offline identity provider: an https.Agent
(gaxios passes it on to node-fetch through the documented `transporterOptions.agent` of
google-auth-library's clients) whose connections go to the provider's loopback port while TLS
still names the real host (accounts.google.com, oauth2.googleapis.com, www.googleapis.com,
openidconnect.googleapis.com, gmail.googleapis.com) and trusts only the provider's local CA.

Sending those host names to loopback is the only thing a real integration would not need:
everything above the socket (URLs, host names, certificate checks, the library) is unchanged.
*/
import https from 'node:https';
import type {Duplex} from 'node:stream';
import type {IdentityProvider} from '../../source/identity-provider/index.js';

export class GoogleLoopbackAgent extends https.Agent {
	readonly #port: number;

	constructor(provider: IdentityProvider) {
		// keepAlive off: no socket outlives a request, so closing the provider closes nothing in use.
		super({ca: provider.caCertificatePem, keepAlive: false});
		this.#port = provider.port;
	}

	/** The agent has set `servername` to the URL's host already (SNI and the certificate check use it). */
	override createConnection(options: https.RequestOptions, callback?: (error: Error | null, stream: Duplex) => void): Duplex | null | undefined {
		return super.createConnection({...options, host: '127.0.0.1', port: this.#port}, callback);
	}
}
