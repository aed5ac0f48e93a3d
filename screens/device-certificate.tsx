/**
本機の証明書の確認 / Device Certificate: shown over Log In before the password is sent to an
https device whose certificate is not trusted yet, the way SSH shows a new host key. The
engineer compares the SHA-256 fingerprint with the one the printer shows (its control panel
or Remote UI) and trusts it (y), or not (n, Esc: back to Log In, nothing sent). A certificate
that changed since it was trusted, or is expired, or names another device, is refused here
with what to do, and nothing is sent either.

Every text from the certificate is stripped of control characters (device-trust.ts) and drawn
in lines that never wrap (`Line`); the screen keeps to rows − 1 by dropping blank lines and
shortening the explanations first, never the fingerprint or the buttons.
*/
import {Box, Text, type Key} from 'ink';
import type {DeviceCertificate} from '../source/device/device-error.js';
import {formatFingerprintHex} from '../source/device/device-fingerprint.js';
import type {CertificateQuestion} from '../source/hooks/use-device-certificate.js';
import {useEnvironment} from '../source/hooks/use-env.js';
import {useKeys} from '../source/hooks/use-keys.js';
import {useSyncStore} from '../source/hooks/use-sync-store.js';
import {useTerminalSize} from '../source/hooks/use-terminal-size.js';
import type {Messages} from '../source/i18n/index.js';
import {sanitizeLine} from '../source/terminal/sanitize.js';
import {displayWidth, hardWrap, padToWidth, wrapToWidth} from '../source/terminal/terminal.js';
import {certificateDate} from './device-error-text.js';
import {actionFor, hintsFor, type Hint} from '../source/input/key-bindings.js';
import {bodyBudget, ScreenFrame} from './widgets/screen-frame.js';
import {Button} from './widgets/button.js';
import {Line} from './widgets/line.js';

type Style = 'title' | 'warning' | 'label' | 'fingerprint' | 'text' | 'command';
type ScreenLine = {text: string; style: Style};
/**
A run of lines. `drop`: blocks with a higher number go first when the screen is too short
(0: never). `min`: a paragraph that may lose lines from its end, down to this many.
*/
type Block = {lines: ScreenLine[]; drop: number; min?: number};

const indent = '  ';

function blank(drop = 3): Block {
	return {lines: [{text: '', style: 'text'}], drop};
}

function paragraph(text: string, width: number, style: Style, min: number, drop = 0): Block {
	return {lines: wrapToWidth(text, width).map(line => ({text: `${indent}${line}`, style})), drop, min};
}

/** The hex pairs 16 to a line (8 where the screen is narrow), then the SSH form. */
function fingerprintLines(fingerprint: string, width: number): ScreenLine[] {
	const hex = formatFingerprintHex(fingerprint);
	const pairsPerLine = width - 4 >= 47 ? 16 : 8;
	const pairs = hex.split(':');
	const lines: ScreenLine[] = [];
	for (let index = 0; index < pairs.length; index += pairsPerLine) {
		lines.push({text: `${indent}  ${pairs.slice(index, index + pairsPerLine).join(':')}`, style: 'fingerprint'});
	}

	for (const part of hardWrap(fingerprint, Math.max(8, width - 4))) {
		lines.push({text: `${indent}  ${part}`, style: 'fingerprint'});
	}

	return lines;
}

function detailBlocks(words: Messages['deviceCertificate'], certificate: DeviceCertificate): Block[] {
	const labels = [words.subject, words.names, words.validity, words.issuer];
	const labelWidth = Math.max(...labels.map(label => displayWidth(label))) + 2;
	const row = (label: string, value: string, drop: number): Block => ({
		lines: [{text: `${indent}${padToWidth(label, labelWidth)}${sanitizeLine(value)}`, style: 'text'}],
		drop,
	});
	return [
		row(words.subject, certificate.subject, 0),
		row(words.names, certificate.altNames.join(', ') || '-', 4),
		row(words.validity, words.validRange(certificateDate(certificate.validFrom), certificateDate(certificate.validTo)), 0),
		...(certificate.selfSigned ? [] : [row(words.issuer, certificate.issuer, 5)]),
	];
}

function blocksFor(question: CertificateQuestion, messages: Messages, width: number): Block[] {
	const words = messages.deviceCertificate;
	const {check} = question;
	const origin = sanitizeLine(check.origin);
	const certificate = check.presented;
	const text = width - indent.length;
	const label = (value: string): Block => ({lines: [{text: `${indent}${value}`, style: 'label'}], drop: 0});

	switch (check.problem) {
		case 'self-signed':
		case 'unknown-issuer': {
			const intro = check.problem === 'self-signed' ? words.intro['self-signed'](origin) : words.intro['unknown-issuer'](origin, sanitizeLine(certificate.issuer));
			return [
				paragraph(intro, text, 'text', 1),
				blank(),
				label(words.fingerprint),
				{lines: fingerprintLines(certificate.fingerprint, width), drop: 0},
				...detailBlocks(words, certificate),
				blank(),
				paragraph(words.question, text, 'title', 2),
				...(check.problem === 'unknown-issuer' ? [paragraph(words.caTip, text, 'text', 1, 6)] : []),
				blank(2),
			];
		}

		case 'pin-mismatch': {
			return [
				{lines: [{text: `${indent}${words.changedTitle}`, style: 'warning'}], drop: 0},
				paragraph(words.changed(origin), text, 'warning', 2),
				blank(),
				label(words.pinned),
				{lines: hardWrap(check.pinned ?? '-', Math.max(8, width - 4)).map(part => ({text: `${indent}  ${part}`, style: 'fingerprint'})), drop: 0},
				label(words.presented),
				{lines: fingerprintLines(certificate.fingerprint, width), drop: 0},
				...detailBlocks(words, certificate),
				blank(),
				paragraph(words.forget, text, 'text', 1),
				{lines: hardWrap(`cloudmail-setup config unpin ${origin}`, Math.max(8, width - 4)).map(part => ({text: `${indent}  ${part}`, style: 'command'})), drop: 0},
				blank(2),
			];
		}

		case 'expired':
		case 'name-mismatch': {
			const expired = check.problem === 'expired';
			return [
				{lines: [{text: `${indent}${expired ? words.expiredTitle : words.nameMismatchTitle}`, style: 'warning'}], drop: 0},
				paragraph(expired ? words.expired(origin) : words.nameMismatch(origin), text, 'text', 2),
				blank(),
				label(words.fingerprint),
				{lines: fingerprintLines(certificate.fingerprint, width), drop: 0},
				...detailBlocks(words, certificate),
				blank(2),
			];
		}
	}
}

/** The blocks in at most `budget` lines: drop blocks (highest `drop` first), then shorten paragraphs. */
function fit(blocks: Block[], budget: number): ScreenLine[] {
	const kept = [...blocks];
	const count = (): number => kept.reduce((sum, block) => sum + block.lines.length, 0);
	while (count() > budget) {
		const droppable = kept.filter(block => block.drop > 0).sort((first, second) => second.drop - first.drop)[0];
		if (droppable) {
			kept.splice(kept.indexOf(droppable), 1);
			continue;
		}

		const longest = kept.filter(block => block.min !== undefined && block.lines.length > block.min).sort((first, second) => second.lines.length - first.lines.length)[0];
		if (!longest) {
			break;
		}

		const shortened = longest.lines.slice(0, -1);
		const last = shortened.at(-1)!;
		shortened[shortened.length - 1] = {...last, text: `${last.text.replace(/.$/u, '')}…`};
		kept[kept.indexOf(longest)] = {...longest, lines: shortened};
	}

	return kept.flatMap(block => block.lines).slice(0, Math.max(0, budget));
}

function ScreenText({line}: {line: ScreenLine}) {
	switch (line.style) {
		case 'title': {
			return <Line bold>{line.text}</Line>;
		}

		case 'warning': {
			return <Line bold tone="error">{line.text}</Line>;
		}

		case 'label': {
			return <Line dim>{line.text}</Line>;
		}

		case 'fingerprint':
		case 'command': {
			return <Line bold>{line.text}</Line>;
		}

		case 'text': {
			// An empty text would draw no line at all.
			return <Line>{line.text === '' ? undefined : line.text}</Line>;
		}
	}
}

type Focus = 'yes' | 'no';

function focusReducer(state: Focus, action: 'toggle'): Focus {
	return action === 'toggle' ? (state === 'yes' ? 'no' : 'yes') : state;
}

export function DeviceCertificateScreen({question, onAnswer}: {
	question: CertificateQuestion;
	/** True: trust it (ask only). False: do not trust / back to Log In. */
	onAnswer(trustIt: boolean): void;
}) {
	const {messages} = useEnvironment();
	const {columns, rows} = useTerminalSize();
	const words = messages.deviceCertificate;
	const asking = question.kind === 'ask';
	// "No" has the focus: Enter alone never trusts a certificate.
	const [focus, dispatch, getFocus] = useSyncStore(focusReducer, 'no' as Focus);

	// What a key means comes from the key bindings table (`deviceCertificate`).
	const onKey = (input: string, key: Key): boolean => {
		switch (actionFor('deviceCertificate', input, key, [asking ? 'asking' : 'refused'])) {
			case 'trust': {
				onAnswer(true);
				return true;
			}

			case 'do-not-trust':
			case 'back': {
				onAnswer(false);
				return true;
			}

			case 'choose-button': {
				dispatch('toggle');
				return true;
			}

			case 'press-button': {
				onAnswer(getFocus() === 'yes');
				return true;
			}

			default: {
				return false;
			}
		}
	};

	useKeys(onKey);

	// From the key bindings table (`deviceCertificate`).
	const hints: Hint[] = hintsFor(messages, 'deviceCertificate', [asking ? 'asking' : 'refused', 'notTyping']);
	// The buttons take the last line.
	const budget = bodyBudget(hints, columns, rows) - 1;
	const lines = fit(blocksFor(question, messages, columns - 2), budget);

	return (
		<ScreenFrame hints={hints} width={columns}>
			{lines.map((line, index) => (
				// eslint-disable-next-line react/no-array-index-key
				<ScreenText key={index} line={line}/>
			))}
			<Line>
				{indent}
				{asking ? (
					<Text>
						<Button label={words.yes} focused={focus === 'yes'}/>
						{'  '}
						<Button label={words.no} focused={focus === 'no'}/>
					</Text>
				) : <Button focused label={words.back}/>}
			</Line>
			<Box flexGrow={1}/>
		</ScreenFrame>
	);
}
