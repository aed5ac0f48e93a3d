/**
One way in for every keystroke. Ink's `useInput` subscribes each handler in a passive effect,
so when several keys arrive in one read (arrow + Enter, "1" + Enter, a burst over SSH) the
later ones reach handlers from before the first one's re-render. Here the app has a single
stable `useInput`; screens register a handler under their id from a layout effect, and
keys for a screen that is not mounted yet wait in a queue until it registers.
*/
import type {Key} from 'ink';

export type KeyHandler = (input: string, key: Key) => boolean | void;

export type KeyTarget = {
	/** Returns true if it used the key. */
	onKey: KeyHandler;
	/** True while a text field has the focus: then q and ? are typed, not commands. */
	isTyping(): boolean;
	/**
	True if a burst of text (a paste) should reach the target whole although it is not
	typing: single keys stay commands, but a paste is never taken for a run of them.
	*/
	takesPaste?(): boolean;
};

export type KeyEvent = {input: string; key: Key};

export type KeyDispatcherOptions = {
	/** Which target gets keys now; undefined drops them (e.g. while quitting). */
	activeTarget(): string | undefined;
	/** Called before the target; returns true if it used the key. */
	before?(targetId: string, event: KeyEvent, typing: boolean): boolean;
	/** Called when the target did not use the key. */
	after?(targetId: string, event: KeyEvent): void;
};

export function emptyKey(overrides: Partial<Key> = {}): Key {
	return {
		upArrow: false,
		downArrow: false,
		leftArrow: false,
		rightArrow: false,
		pageDown: false,
		pageUp: false,
		home: false,
		end: false,
		return: false,
		escape: false,
		ctrl: false,
		shift: false,
		tab: false,
		backspace: false,
		delete: false,
		meta: false,
		super: false,
		hyper: false,
		capsLock: false,
		numLock: false,
		...overrides,
	};
}

function hasSpecialKey(key: Key): boolean {
	return (
		key.upArrow
		|| key.downArrow
		|| key.leftArrow
		|| key.rightArrow
		|| key.pageDown
		|| key.pageUp
		|| key.home
		|| key.end
		|| key.return
		|| key.escape
		|| key.ctrl
		|| key.tab
		|| key.backspace
		|| key.delete
		|| key.meta
	);
}

/** One key event per character of a burst of plain characters, as if typed one by one. */
export function splitIntoKeys(input: string): KeyEvent[] {
	return [...input].map(character => {
		const code = character.codePointAt(0) ?? 0;
		if (character === '\r') {
			return {input: '', key: emptyKey({return: true})};
		}

		if (character === '\t') {
			return {input: '', key: emptyKey({tab: true})};
		}

		if (character === '\u007F') {
			return {input: '', key: emptyKey({delete: true})};
		}

		if (character === '\b') {
			return {input: '', key: emptyKey({backspace: true})};
		}

		if (code > 0 && code <= 26) {
			return {input: String.fromCodePoint(code + 96), key: emptyKey({ctrl: true})};
		}

		return {input: character, key: emptyKey({shift: /^[A-Z]$/.test(character)})};
	});
}

const controlCharacter = /[\u0000-\u001F\u007F]/;

/**
A burst for a text field: text stays one piece (a paste is inserted at once), but control
keys that came with it (backspace held down, Tab, Ctrl+U) are keys of their own. Line breaks
inside text are a paste's and are dropped; a burst of nothing but Enter is Enter.
*/
export function splitTypedBurst(input: string): KeyEvent[] {
	if (!controlCharacter.test(input)) {
		return [{input, key: emptyKey()}];
	}

	const onlyControls = [...input].every(character => controlCharacter.test(character));
	const events: KeyEvent[] = [];
	let text = '';
	const flush = () => {
		if (text !== '') {
			events.push({input: text, key: emptyKey()});
			text = '';
		}
	};

	for (const character of input.replaceAll('\r\n', '\r')) {
		if (!controlCharacter.test(character)) {
			text += character;
		} else if ((character === '\r' || character === '\n') && !onlyControls) {
			// A pasted line break: dropped.
		} else {
			flush();
			events.push(...splitIntoKeys(character === '\n' ? '\r' : character));
		}
	}

	flush();
	return events;
}

export function isCtrlC(input: string, key: Key): boolean {
	return key.ctrl && input === 'c';
}

export class KeyDispatcher {
	private readonly targets = new Map<string, KeyTarget>();
	private readonly queue: KeyEvent[] = [];
	private draining = false;

	constructor(private readonly options: KeyDispatcherOptions) {}

	register(id: string, target: KeyTarget): () => void {
		this.targets.set(id, target);
		this.drain();
		return () => {
			if (this.targets.get(id) === target) {
				this.targets.delete(id);
			}
		};
	}

	push(input: string, key: Key): void {
		this.queue.push({input, key});
		this.drain();
	}

	/** Keys waiting for a screen that has not registered yet. */
	get pending(): number {
		return this.queue.length;
	}

	drain(): void {
		if (this.draining) {
			return;
		}

		this.draining = true;
		try {
			while (this.queue.length > 0) {
				const id = this.options.activeTarget();
				if (id === undefined) {
					this.queue.length = 0;
					break;
				}

				const target = this.targets.get(id);
				if (!target) {
					break;
				}

				const event = this.queue.shift()!;
				const typing = target.isTyping();
				// Several characters in one event: a paste into a field, or keys typed faster
				// than the terminal sends them one by one, which a menu takes one at a time.
				if ([...event.input].length > 1 && !hasSpecialKey(event.key)) {
					const split = typing || target.takesPaste?.() ? splitTypedBurst(event.input) : splitIntoKeys(event.input);
					if (split.length !== 1 || split[0]!.input !== event.input) {
						this.queue.unshift(...split);
						continue;
					}
				}

				if (this.options.before?.(id, event, typing)) {
					continue;
				}

				const handled = target.onKey(event.input, event.key);
				if (!handled) {
					this.options.after?.(id, event);
				}
			}
		} finally {
			this.draining = false;
		}
	}
}
