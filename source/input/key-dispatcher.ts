/**
One way in for every keystroke. Ink's `useInput` subscribes each handler in a passive effect,
so when several keys arrive in one read (arrow + Enter, "1" + Enter, a burst over SSH) the
later ones reach handlers from before the first one's re-render. Here the app has a single
stable input handler; screens register a handler under their id from a layout effect, and keys
are applied one by one, in order, as if typed with gaps: keys for a screen that is not mounted
yet wait in a queue until it registers, and keys after a submit wait while the form is busy
(`waitForScreen`), then go to whatever has the focus once it has drawn again. A bracketed paste
(`paste`) goes whole to the focused text field, never to a command.
*/
import type {Key} from 'ink';

/**
Not now: the target is busy (a request it sent is under way). The key, and every key after it,
waits until the target has drawn again, and then goes to whatever has the focus by then: the
field the form gave back, or the screen that came instead. So keys typed ahead of a submit are
applied as if typed after it, never to the form that was busy.
*/
export const waitForScreen = 'wait';

/** True: the target used the key; false or nothing: it did not (the app may); `waitForScreen`: keep it for later. */
export type KeyResult = boolean | void | typeof waitForScreen;

export type KeyHandler = (input: string, key: Key) => KeyResult;

export type KeyTarget = {
	/** Returns true if it used the key. */
	onKey: KeyHandler;
	/** True while a text field has the focus: then q and ? are typed, not commands. */
	isTyping(): boolean;
	/**
	True if a paste (or a run of text that looks like one) should reach the target whole although
	it is not typing: single keys stay commands, but a paste is never taken for a run of them.
	A paste to a target that neither types nor takes pastes is dropped.
	*/
	takesPaste?(): boolean;
};

/** `paste`: the text of a bracketed paste, given to `onKey` whole with no key set; never a command. */
export type KeyEvent = {input: string; key: Key; paste?: boolean};

export type KeyDispatcherOptions = {
	/** Which target gets keys now; undefined drops them (e.g. while quitting). */
	activeTarget(): string | undefined;
	/** Called before the target (not for a paste); returns true if it used the key. */
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
	return [...input.replaceAll('\r\n', '\r')].map(character => {
		const code = character.codePointAt(0) ?? 0;
		if (character === '\r' || character === '\n') {
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

export function isCtrlC(input: string, key: Key): boolean {
	return key.ctrl && input === 'c';
}

export class KeyDispatcher {
	private readonly targets = new Map<string, KeyTarget>();
	private readonly queue: KeyEvent[] = [];
	private draining = false;
	private retryScheduled = false;

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

	/** A bracketed paste: to the focused text field (or a target that takes pastes), else nowhere. */
	paste(text: string): void {
		this.queue.push({input: text, key: emptyKey(), paste: true});
		this.drain();
	}

	/**
	A target has drawn again: keys it kept waiting (`waitForScreen`) may go on. Deferred to a
	microtask, so that what the code that made it draw does next (show another screen after a
	log-in) is done before the next key is given.
	*/
	retry(): void {
		if (this.queue.length === 0 || this.retryScheduled) {
			return;
		}

		this.retryScheduled = true;
		queueMicrotask(() => {
			this.retryScheduled = false;
			this.drain();
		});
	}

	/** Keys waiting for a screen that has not registered yet, or is busy. */
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
				if (event.paste) {
					// A field types it; a target that takes pastes gets it whole, unless it is one
					// character, which it could not tell from that key (a pasted space would toggle).
					const taken = typing || ([...event.input].length > 1 && target.takesPaste?.());
					if (taken && target.onKey(event.input, event.key) === waitForScreen) {
						this.queue.unshift(event);
						break;
					}

					continue;
				}

				// Several characters in one event: text that came in one read. With a control
				// character among them they are keys typed ahead, one by one; plain text reaches a
				// field (or a target that takes pastes) whole, and a menu one key at a time.
				if ([...event.input].length > 1 && !hasSpecialKey(event.key)
					&& (controlCharacter.test(event.input) || !(typing || target.takesPaste?.()))) {
					this.queue.unshift(...splitIntoKeys(event.input));
					continue;
				}

				if (this.options.before?.(id, event, typing)) {
					continue;
				}

				const result = target.onKey(event.input, event.key);
				if (result === waitForScreen) {
					this.queue.unshift(event);
					break;
				}

				if (!result) {
					this.options.after?.(id, event);
				}
			}
		} finally {
			this.draining = false;
		}
	}
}
