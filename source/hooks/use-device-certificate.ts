/**
The TUI's side of trusting an https device's own certificate (device-trust.ts has the checks).

Before a log-in sends the password, `checkTrust(url)` reads the device's certificate with a bare
TLS handshake. Trusted (a CA vouches for it, or it is the pinned one): the log-in goes on.
Self-signed or from an unknown issuer: the app shell shows the Device Certificate screen and
waits; "yes" pins the fingerprint (kept in the preferences) and the log-in goes on, "no" ends
it with nothing sent. A changed (pin-mismatch), expired or misnamed certificate is shown as a
refusal and ends the log-in. The device client enforces the same check on every connection
whatever the screens do; this is where the engineer gets to decide.

`withTrustCheck` puts that step in front of a client's `login` without the log-in form knowing.
*/
import {useCallback, useEffect, useRef, useState} from 'react';
import type {DeviceClient} from '../device/device-client.js';
import {DeviceError, type CertificateFailure} from '../device/device-error.js';
import {parseFingerprint, pinKey} from '../device/device-fingerprint.js';
import type {CertificateCheck, TrustOptions} from '../device/device-trust.js';

/** The key target of the Device Certificate screen (beside the routes, `help` and `session`). */
export const certificateTargetId = 'device-certificate';

export type UntrustedCheck = Extract<CertificateCheck, {trusted: false}>;

/** What the screen shows: a certificate to compare and trust (`ask`), or one that is refused. */
export type CertificateQuestion = {
	kind: 'ask' | 'refused';
	check: UntrustedCheck;
};

/** Certificates the engineer may compare and pin; the other problems are refused outright. */
function isAskable(check: UntrustedCheck): boolean {
	return check.problem === 'self-signed' || check.problem === 'unknown-issuer';
}

export type DeviceTrust = {
	/** The pinned fingerprint for the device at `url` (by origin), if any. */
	pinFor(url: string): string | undefined;
	/** What a device client for `url` is given: the CA, and its pin as it is at each new connection. */
	clientTrust(url: string): TrustOptions;
	/** Pins `fingerprint` for the device at `url`, for this run and (through `save`) later ones. */
	pin(url: string, fingerprint: string): void;
	/** Reads the device's certificate without sending anything (tests pass their own). */
	inspect(url: string, options: TrustOptions): Promise<CertificateCheck>;
};

export type DeviceTrustOptions = {
	/** The saved pins (preferences `pins`). */
	pins?: Readonly<Record<string, string>>;
	/** --ca: a device CA (PEM). */
	ca?: string;
	/** Keeps a new pin (the TUI: in the preferences). A failure to save must not end the log-in. */
	save?(url: string, fingerprint: string): void | Promise<void>;
	inspect?(url: string, options: TrustOptions): Promise<CertificateCheck>;
};

async function inspectWithTls(url: string, options: TrustOptions): Promise<CertificateCheck> {
	const {inspectDeviceCertificate} = await import('../device/device-trust.js');
	return inspectDeviceCertificate(url, options);
}

export function createDeviceTrust(options: DeviceTrustOptions = {}): DeviceTrust {
	const pins = new Map<string, string>();
	for (const [key, fingerprint] of Object.entries(options.pins ?? {})) {
		const parsed = parseFingerprint(fingerprint);
		if (parsed !== undefined) {
			pins.set(key, parsed);
		}
	}

	const pinFor = (url: string): string | undefined => {
		try {
			return pins.get(pinKey(url));
		} catch {
			return undefined;
		}
	};

	return {
		pinFor,
		clientTrust: url => ({...(options.ca === undefined ? {} : {ca: options.ca}), pin: () => pinFor(url)}),
		pin(url, fingerprint) {
			pins.set(pinKey(url), fingerprint);
			void (async () => {
				try {
					await options.save?.(url, fingerprint);
				} catch {
					// Trusted for this run all the same; the next start asks again.
				}
			})();
		},
		inspect: options.inspect ?? inspectWithTls,
	};
}

/** Keeps a pin in the saved preferences (conf, loaded only now). */
export async function savePinToPreferences(url: string, fingerprint: string): Promise<void> {
	const {openPreferences, pinDevice} = await import('../config/config.js');
	pinDevice(openPreferences(), url, fingerprint);
}

type Pending = {
	check: UntrustedCheck;
	url: string;
	resolve(): void;
	reject(error: DeviceError): void;
};

function refusal(url: string, check: UntrustedCheck, declined: boolean): DeviceError {
	const {trusted: _trusted, certificate: _certificate, ...failure} = check;
	const details: CertificateFailure = declined ? {...failure, declined: true} : failure;
	return new DeviceError('certificate', `The device's certificate is not trusted (${check.problem}${declined ? ', declined' : ''}): ${check.presented.fingerprint}. Nothing was sent.`, {url, certificate: details});
}

export function useDeviceCertificate(trust: DeviceTrust | undefined): {
	question: CertificateQuestion | undefined;
	/**
	Before a log-in to `url`: resolves once its certificate is trusted (at once for http),
	rejects with a DeviceError when it is not or the device cannot be reached. Nothing is sent
	to the device meanwhile.
	*/
	checkTrust(url: string): Promise<void>;
	/** The engineer's answer on the screen: trust (ask only) or not; a refusal is only closed. */
	answer(trustIt: boolean): void;
} {
	const [question, setQuestion] = useState<CertificateQuestion | undefined>(undefined);
	const pending = useRef<Pending | undefined>(undefined);
	const mounted = useRef(true);
	const trustRef = useRef(trust);
	trustRef.current = trust;

	useEffect(() => {
		mounted.current = true;
		return () => {
			mounted.current = false;
			const waiting = pending.current;
			pending.current = undefined;
			waiting?.reject(refusal(waiting.url, waiting.check, true));
		};
	}, []);

	const checkTrust = useCallback(async (url: string): Promise<void> => {
		const current = trustRef.current;
		if (!current || !/^https:/i.test(url)) {
			return;
		}

		let check: CertificateCheck;
		try {
			check = await current.inspect(url, current.clientTrust(url));
		} catch (error) {
			throw error instanceof DeviceError
				? error
				: new DeviceError('unreachable', `Cannot read the device's certificate (${url}).`, {url, cause: error});
		}

		if (check.trusted) {
			return;
		}

		if (!mounted.current) {
			throw refusal(url, check, true);
		}

		const untrusted = check;
		await new Promise<void>((resolve, reject) => {
			// One question at a time: an older one still open is answered "no".
			const previous = pending.current;
			previous?.reject(refusal(previous.url, previous.check, true));
			pending.current = {check: untrusted, url, resolve, reject};
			setQuestion({kind: isAskable(untrusted) ? 'ask' : 'refused', check: untrusted});
		});
	}, []);

	const answer = useCallback((trustIt: boolean) => {
		const waiting = pending.current;
		if (!waiting) {
			return;
		}

		pending.current = undefined;
		setQuestion(undefined);
		if (trustIt && isAskable(waiting.check) && trustRef.current) {
			trustRef.current.pin(waiting.url, waiting.check.presented.fingerprint);
			waiting.resolve();
			return;
		}

		waiting.reject(refusal(waiting.url, waiting.check, isAskable(waiting.check)));
	}, []);

	return {question, checkTrust, answer};
}

const targets = new WeakMap<object, DeviceClient>();

/**
The same client, with `checkTrust(baseUrl)` run before each `login` (the password is sent only
once it resolves). Everything else is the client's own, including methods added later.
*/
export function withTrustCheck(client: DeviceClient, checkTrust: (url: string) => Promise<void>): DeviceClient {
	const target = targets.get(client) ?? client;
	const login: DeviceClient['login'] = async (userName, password) => {
		await checkTrust(target.baseUrl);
		return target.login(userName, password);
	};

	const proxy = new Proxy(target, {
		get(object, property) {
			if (property === 'login') {
				return login;
			}

			const value: unknown = Reflect.get(object, property, object);
			return typeof value === 'function' ? (value as (...arguments_: unknown[]) => unknown).bind(object) : value;
		},
	});
	targets.set(proxy, target);
	return proxy;
}
