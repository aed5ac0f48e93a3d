/**
The one table of key bindings. For each screen (a context), each binding names its keys, the
action they stand for, and the label key of its words (`messages.bindings.labels` for the
footer, `messages.bindings.descriptions` for the help overlay and the README's keys table).

The key handlers ask this table which action a key means (`actionFor`): a key that is not in
the table means nothing; text fields take their editing keys from it too (`editingBindings`).
The footers (`hintsFor`), the help overlay (`helpSections`) and the README's keys table
(`keysMarkdown`, checked by test/unit/key-bindings.test.ts) are built from it, so what a screen
says and what its keys do cannot drift apart.

A binding may hold only in some states of its screen (`when`: tags the screen passes, e.g.
`typing` while a text field has the focus); `hint: false` keeps a binding out of the footer
(it is still in the help).
*/
import type {Key} from 'ink';
import type {RouteName} from '../tui/shell.js';
import type {Messages} from '../i18n/index.js';

export const keyContexts = [
	'everywhere',
	'login',
	'deviceCertificate',
	'sessionPrompt',
	'portal',
	'menu',
	'microsoftSettings',
	'qrCode',
	'googleSettings',
	'confirmReset',
	'editBasicSettings',
	'registerAuthorization',
	'sendTestMail',
	'changePassword',
	'confirmDiscard',
	'help',
] as const;
export type KeyContext = (typeof keyContexts)[number];

export type LabelKey = keyof Messages['bindings']['labels'];

export type KeyBinding = {
	/** Key names as `keyNames` gives them: `Enter`, `Esc`, `Tab`, `Shift+Tab`, `↑`, `Ctrl+U`, `Space`, `q`… */
	readonly keys: readonly string[];
	/** How the keys are written in the footer, the help and the README. */
	readonly display: string;
	readonly action: string;
	/** The words: `messages.bindings.labels[label]` (footer), `.descriptions[label]` (help). */
	readonly label: LabelKey;
	/** Holds only while the screen says one of these tags (none: always). */
	readonly when?: readonly string[];
	/** The footer shows it only while it holds and, with these, with one of these tags too; false: never. */
	readonly hint?: readonly string[] | false;
};

const arrowsUpDown = ['↑', '↓'];
const fieldMoves = ['Tab', 'Shift+Tab', ...arrowsUpDown];
const digits = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];
/**
The editing keys of every text field: source/input/text-input.ts takes a key as an edit only if
it is here (what each of these keys does is its `editSteps`). Ctrl+H (backspace) and Ctrl+D
(delete forward) are erase keys too, left out of the words to keep the footer short.
*/
export const editingBindings: readonly KeyBinding[] = [
	{keys: ['←', '→', 'Home', 'End'], display: '←→/Home/End', action: 'cursor', label: 'cursor'},
	{keys: ['Ctrl+A', 'Ctrl+E'], display: 'Ctrl+A/Ctrl+E', action: 'cursor-ends', label: 'cursorEnds', hint: false},
	{keys: ['Bksp', 'Del', 'Ctrl+H', 'Ctrl+D', 'Ctrl+U'], display: 'Bksp/Ctrl+U', action: 'erase', label: 'erase'},
];
/** The editing keys on a screen with a text field, holding while it has the focus (`when`). */
const editing = (when: readonly string[]): KeyBinding[] => editingBindings.map(binding => ({...binding, when}));

export const keyBindings: Readonly<Record<KeyContext, readonly KeyBinding[]>> = {
	everywhere: [
		{keys: ['?'], display: '?', action: 'help', label: 'help', when: ['notTyping']},
		{keys: ['q'], display: 'q', action: 'quit', label: 'quit', when: ['notTyping']},
		// In the footer where q is no key (Log In, the password prompt, Change Password) and while a screen waits.
		{keys: ['Ctrl+C'], display: 'Ctrl+C', action: 'quit-now', label: 'quitNow', hint: ['noQuit', 'busy']},
	],
	login: [
		{keys: fieldMoves, display: 'Tab/↑↓', action: 'next-field', label: 'nextFieldLogin'},
		{keys: ['Space'], display: 'Space', action: 'toggle-consent', label: 'consent', when: ['plainHttp']},
		{keys: ['Enter'], display: 'Enter', action: 'log-in', label: 'logIn'},
		// No session yet: Ctrl+C just quits.
		{keys: ['Ctrl+C'], display: 'Ctrl+C', action: 'quit-now', label: 'quitNoSession'},
	],
	deviceCertificate: [
		{keys: ['y', 'Y'], display: 'y', action: 'trust', label: 'trust', when: ['asking']},
		{keys: ['n', 'N', 'Esc'], display: 'n/Esc', action: 'do-not-trust', label: 'doNotTrust', when: ['asking']},
		{keys: ['←', '→', 'Tab', '↑', '↓'], display: '←→/Tab', action: 'choose-button', label: 'chooseYesNo', when: ['asking'], hint: false},
		{keys: ['Enter', 'Space'], display: 'Enter', action: 'press-button', label: 'pressButton', when: ['asking'], hint: false},
		{keys: ['Enter', 'Esc'], display: 'Enter/Esc', action: 'back', label: 'backToLogIn', when: ['refused']},
	],
	sessionPrompt: [
		{keys: ['Enter'], display: 'Enter', action: 'log-in', label: 'logInAgain'},
	],
	portal: [
		{keys: [...arrowsUpDown, 'j', 'k'], display: '↑↓/jk', action: 'move', label: 'move'},
		{keys: ['Enter'], display: 'Enter', action: 'open', label: 'open'},
		{keys: digits, display: '1-9', action: 'jump', label: 'jump'},
	],
	menu: [
		{keys: [...arrowsUpDown, 'j', 'k'], display: '↑↓/jk', action: 'move', label: 'move'},
		{keys: ['Enter'], display: 'Enter', action: 'open', label: 'open'},
		{keys: digits, display: '1-9', action: 'jump', label: 'jump'},
		{keys: ['Esc'], display: 'Esc', action: 'back', label: 'back'},
	],
	microsoftSettings: [
		{keys: ['Enter', 'e'], display: 'Enter/e', action: 'edit', label: 'edit'},
		{keys: ['r'], display: 'r', action: 'refresh', label: 'refresh'},
		{keys: ['c'], display: 'c', action: 'copy-code', label: 'copyCode'},
		{keys: ['u'], display: 'u', action: 'copy-url', label: 'copyUrl'},
		{keys: ['v'], display: 'v', action: 'qr-code', label: 'qrCode', hint: ['qr']},
		{keys: ['m'], display: 'm', action: 'test-mail', label: 'testMail'},
		{keys: ['x', 'Del'], display: 'x', action: 'reset', label: 'reset'},
		{keys: ['Esc'], display: 'Esc', action: 'back', label: 'back'},
	],
	// The full-screen QR code over the Microsoft settings page (screens/qr-code.tsx).
	qrCode: [
		{keys: ['v', 'Esc'], display: 'v/Esc', action: 'back', label: 'closeQrCode'},
	],
	googleSettings: [
		{keys: [...arrowsUpDown, 'j', 'k', 'Tab', 'Shift+Tab'], display: '↑↓', action: 'select', label: 'select'},
		{keys: ['Enter'], display: 'Enter', action: 'press', label: 'pressSelected'},
		{keys: ['e'], display: 'e', action: 'edit', label: 'edit'},
		{keys: ['a'], display: 'a', action: 'register', label: 'register'},
		{keys: ['r'], display: 'r', action: 'refresh', label: 'refresh'},
		{keys: ['m'], display: 'm', action: 'test-mail', label: 'testMail'},
		{keys: ['x', 'Del'], display: 'x', action: 'reset', label: 'reset'},
		{keys: ['Esc'], display: 'Esc', action: 'back', label: 'back'},
	],
	confirmReset: [
		{keys: ['y', 'Y'], display: 'y', action: 'yes', label: 'yes'},
		{keys: ['n', 'N', 'Esc'], display: 'n/Esc', action: 'no', label: 'no'},
	],
	editBasicSettings: [
		{keys: fieldMoves, display: 'Tab/↑↓', action: 'next-field', label: 'nextField', when: ['editing']},
		{keys: ['Space'], display: 'Space', action: 'toggle', label: 'toggle', when: ['editing'], hint: ['notTyping']},
		{keys: ['←', '→'], display: '←→', action: 'pick-tenant', label: 'pickTenant', when: ['editing'], hint: ['tenants']},
		...editing(['typing']),
		{keys: ['Enter'], display: 'Enter', action: 'ok', label: 'ok', when: ['editing'], hint: ['notTyping']},
		{keys: ['Esc'], display: 'Esc', action: 'cancel', label: 'cancel', when: ['editing']},
		{keys: ['r'], display: 'r', action: 'reload', label: 'reload', when: ['conflict']},
		{keys: ['r'], display: 'r', action: 'check-saved', label: 'checkSaved', when: ['unconfirmed']},
		{keys: ['Esc'], display: 'Esc', action: 'back', label: 'back', when: ['conflict', 'unconfirmed']},
	],
	registerAuthorization: [
		{keys: ['u'], display: 'u', action: 'copy-url', label: 'copyUrl', when: ['url']},
		{keys: ['p'], display: 'p', action: 'print-url', label: 'printUrl', when: ['url']},
		{keys: ['Tab', 'Shift+Tab', '↑', '↓', 'Enter'], display: 'Tab/↑↓', action: 'next-field', label: 'toCodeField', when: ['url']},
		{keys: ['Enter'], display: 'Enter', action: 'submit', label: 'submitCode', when: ['typing']},
		{keys: fieldMoves, display: 'Tab/↑↓', action: 'next-field', label: 'nextField', when: ['typing']},
		...editing(['typing']),
		{keys: ['Esc'], display: 'Esc', action: 'cancel', label: 'cancel', when: ['url', 'typing']},
		{keys: ['Esc'], display: 'Esc', action: 'back', label: 'back', when: ['unavailable']},
	],
	sendTestMail: [
		{keys: ['Enter'], display: 'Enter', action: 'send', label: 'send', when: ['typing', 'sendButton']},
		{keys: ['Enter'], display: 'Enter', action: 'cancel', label: 'back', when: ['cancelButton'], hint: ['cancelButton']},
		{keys: fieldMoves, display: 'Tab/↑↓', action: 'next-field', label: 'nextField', when: ['editing']},
		...editing(['typing']),
		{keys: ['Enter'], display: 'Enter', action: 'again', label: 'sendAgain', when: ['report']},
		{keys: ['Esc'], display: 'Esc', action: 'back', label: 'back', when: ['editing', 'report']},
	],
	changePassword: [
		{keys: fieldMoves, display: 'Tab/↑↓', action: 'next-field', label: 'nextField'},
		{keys: ['Enter'], display: 'Enter', action: 'ok', label: 'ok'},
		{keys: ['Esc'], display: 'Esc', action: 'log-out', label: 'logOut'},
	],
	confirmDiscard: [
		{keys: ['y', 'Y'], display: 'y', action: 'discard', label: 'discard'},
		{keys: ['n', 'N', 'Esc'], display: 'n/Esc', action: 'keep', label: 'keepEditing'},
	],
	help: [
		{keys: [...arrowsUpDown, 'j', 'k'], display: '↑↓', action: 'scroll', label: 'scroll'},
		{keys: ['PgUp', 'PgDn', 'Space'], display: 'PgUp/PgDn', action: 'page', label: 'page'},
		{keys: ['?', 'Esc'], display: '?/Esc', action: 'close', label: 'closeHelp'},
	],
};

/** Each screen's bindings. */
export const routeContexts: Readonly<Record<RouteName, KeyContext>> = {
	login: 'login',
	portal: 'portal',
	settingsRegistration: 'menu',
	sendSettings: 'menu',
	microsoftSettings: 'microsoftSettings',
	microsoftEditBasicSettings: 'editBasicSettings',
	googleSettings: 'googleSettings',
	googleEditBasicSettings: 'editBasicSettings',
	googleRegisterAuthorization: 'registerAuthorization',
	microsoftTestMail: 'sendTestMail',
	googleTestMail: 'sendTestMail',
	changePassword: 'changePassword',
};

/** True if Esc takes `context` back a screen (or cancels it): the app does that, after asking if changes would be lost. */
export function escapeGoesBack(context: KeyContext): boolean {
	return keyBindings[context].some(binding => binding.keys.includes('Esc') && (binding.action === 'back' || binding.action === 'cancel'));
}

/**
The names of a key event, as the table writes them. Esc comes with `meta` set; a Ctrl+letter
is `Ctrl+` and the upper-case letter.
*/
export function keyNames(input: string, key: Key): string[] {
	const names: string[] = [];
	if (key.escape) {
		names.push('Esc');
	}

	if (key.return) {
		names.push('Enter');
	}

	if (key.tab) {
		names.push(key.shift ? 'Shift+Tab' : 'Tab');
	}

	const special: Array<[boolean, string]> = [
		[key.upArrow, '↑'],
		[key.downArrow, '↓'],
		[key.leftArrow, '←'],
		[key.rightArrow, '→'],
		[key.home, 'Home'],
		[key.end, 'End'],
		[key.pageUp, 'PgUp'],
		[key.pageDown, 'PgDn'],
		[key.backspace, 'Bksp'],
		[key.delete, 'Del'],
	];
	for (const [pressed, name] of special) {
		if (pressed) {
			names.push(name);
		}
	}

	if (names.length > 0 || key.meta || [...input].length !== 1) {
		return names;
	}

	if (key.ctrl) {
		return [`Ctrl+${input.toUpperCase()}`];
	}

	return [input === ' ' ? 'Space' : input];
}

function holds(tags: ReadonlySet<string>, when: readonly string[] | undefined): boolean {
	return when === undefined || when.some(tag => tags.has(tag));
}

/** The bindings of `context` that hold with these tags. */
export function activeBindings(context: KeyContext, tags: Iterable<string> = []): KeyBinding[] {
	const set = new Set(tags);
	return keyBindings[context].filter(binding => holds(set, binding.when));
}

/** The binding a key event stands for on `context` now, if any. */
export function bindingFor(context: KeyContext, input: string, key: Key, tags: Iterable<string> = []): KeyBinding | undefined {
	const names = keyNames(input, key);
	if (names.length === 0) {
		return undefined;
	}

	return activeBindings(context, tags).find(binding => binding.keys.some(name => names.includes(name)));
}

/** The action a key event means on `context` now; undefined: it means nothing there. */
export function actionFor(context: KeyContext, input: string, key: Key, tags: Iterable<string> = []): string | undefined {
	return bindingFor(context, input, key, tags)?.action;
}

export type Hint = {readonly keys: string; readonly label: string};

/**
The footer of `context` with these tags: its bindings, then `?`, `q` (not while typing) or
`Ctrl+C` (while typing, or while the screen waits), unless `closing` is false.
*/
export function hintsFor(
	messages: Messages,
	context: KeyContext,
	tags: Iterable<string> = [],
	{closing = true, display = {}}: {closing?: boolean; display?: Readonly<Record<string, string>>} = {},
): Hint[] {
	const set = new Set(tags);
	const shown = (binding: KeyBinding) => binding.hint !== false && holds(set, binding.when) && holds(set, binding.hint);
	const own = set.has('busy') ? [] : keyBindings[context].filter(binding => shown(binding));
	const closingBindings = closing ? keyBindings.everywhere.filter(binding => shown(binding)) : [];
	const hints: Hint[] = [];
	for (const binding of [...own, ...closingBindings]) {
		const label = messages.bindings.labels[binding.label];
		// One hint per key: the first binding that holds wins (as it does for the keys).
		const keys = display[binding.action] ?? binding.display;
		if (!hints.some(hint => hint.keys === keys)) {
			hints.push({keys, label});
		}
	}

	return hints;
}

/** The help overlay's and the README's sections: a title, and each binding's keys and description. */
export type KeySection = {context: KeyContext; title: string; entries: Array<{keys: string; description: string}>};

export function helpSections(messages: Messages): KeySection[] {
	return keyContexts.map(context => {
		const entries: KeySection['entries'] = [];
		for (const binding of keyBindings[context]) {
			const description = messages.bindings.descriptions[binding.label];
			if (!entries.some(entry => entry.keys === binding.display && entry.description === description)) {
				entries.push({keys: binding.display, description});
			}
		}

		return {context, title: messages.bindings.contexts[context], entries};
	});
}

export const readmeKeysStart = '<!-- keys:start (generated from source/input/key-bindings.ts; UPDATE_README_KEYS=1 npx vitest run --config test/vitest.config.ts test/unit/key-bindings.test.ts) -->';
export const readmeKeysEnd = '<!-- keys:end -->';

/** The README's keys table (English), between `readmeKeysStart` and `readmeKeysEnd`. */
export function keysMarkdown(messages: Messages): string {
	const escape = (value: string) => value.replaceAll('|', '\\|');
	const rows = helpSections(messages).map(section => {
		const keys = section.entries.map(entry => `\`${entry.keys}\` ${escape(entry.description)}`).join(' · ');
		return `| ${escape(section.title)} | ${keys} |`;
	});
	return ['| Where | Keys |', '|---|---|', ...rows].join('\n');
}
