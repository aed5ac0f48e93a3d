/**
A device certificate's SHA-256 fingerprint as text, and the key a pin is kept under. Plain
functions with no dependencies: the preferences' rules use them at start-up.

Two forms mean the same fingerprint and both are accepted wherever one is typed:
- `SHA256:` + base64 without padding, as SSH shows a host key (short; the form pins are kept in);
- 32 hex pairs with colons, as printers' Remote UIs, browsers and
  `openssl x509 -noout -fingerprint -sha256` show it (case, colons and openssl's
  `sha256 Fingerprint=` in front do not matter).
*/

const sshForm = /^sha256:([A-Za-z\d+/]{43})=?$/i;
const hexForm = /^(?:[\da-f]{2}:){31}[\da-f]{2}$|^[\da-f]{64}$/i;

function canonical(bytes: Uint8Array): string {
	return `SHA256:${Buffer.from(bytes).toString('base64').replace(/=+$/, '')}`;
}

/** The fingerprint in the form pins are kept in (`SHA256:` + base64), or undefined if `text` is not a SHA-256 fingerprint. */
export function parseFingerprint(text: unknown): string | undefined {
	if (typeof text !== 'string') {
		return undefined;
	}

	const value = text.trim().replace(/^sha-?256\s+fingerprint\s*=\s*/i, '');
	const ssh = sshForm.exec(value);
	if (ssh) {
		const bytes = Buffer.from(ssh[1]!, 'base64');
		// Base64 with stray bits in its last character would read as another text of the same bytes.
		return bytes.length === 32 && canonical(bytes) === `SHA256:${ssh[1]!}` ? canonical(bytes) : undefined;
	}

	if (hexForm.test(value)) {
		return canonical(Buffer.from(value.replaceAll(':', ''), 'hex'));
	}

	return undefined;
}

/** A fingerprint (either form) as hex pairs with colons, as the printer shows it. */
export function formatFingerprintHex(fingerprint: string): string {
	const parsed = parseFingerprint(fingerprint);
	if (parsed === undefined) {
		return fingerprint;
	}

	const hex = Buffer.from(parsed.slice('SHA256:'.length), 'base64').toString('hex').toUpperCase();
	return hex.match(/../g)!.join(':');
}

/** The key a device's pin is kept under: its origin with the port written out, `https://printer.local:443`. */
export function pinKey(url: string): string {
	const parsed = new URL(url);
	const port = parsed.port || (parsed.protocol === 'https:' ? '443' : '80');
	return `${parsed.protocol}//${parsed.hostname}:${port}`;
}

/** True for a key as pinKey makes it, of an https origin. */
export function isPinKey(key: string): boolean {
	try {
		return key.startsWith('https://') && pinKey(key) === key;
	} catch {
		return false;
	}
}
