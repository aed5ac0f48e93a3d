/**
The colours and emphasis of the screens, by what they mean. Screens and widgets name a tone
(`error`, `warning`, …), never a colour; `useTheme()` says how the tone is drawn.

NO_COLOR (https://no-color.org): when it is set and not empty, the theme has no colour at
all. Emphasis stays (bold, dim, inverse), so nothing is said by colour alone: the focus is the
› mark and inverse, an error reads as one by its words (and is bold instead of red).

Why here and not left to Ink: Ink colours through chalk, and chalk decides its level from
FORCE_COLOR, `--no-color`/`--color` flags, TERM and whether stdout is a terminal — not from
NO_COLOR. So a `color` the theme does not give is the only sure way. FORCE_COLOR=0 still turns
off everything (colours and emphasis) through chalk, as before.

The environment is read once, when this module is first loaded (`startTheme`); a test gives
its own theme through `ThemeContext` instead of changing process.env.
*/
import {createContext, useContext} from 'react';

/** What a piece of text means, for how it is drawn. */
export type Tone =
	/** Something is wrong: a field, a request, a refused certificate. */
	| 'error'
	/** Something to look at before going on: not saved, not known, plain HTTP, expired. */
	| 'warning'
	/** A question waiting for y/n (discard changes, reset). */
	| 'question'
	/** It worked: saved, sent, connected, an active token. */
	| 'success'
	/** Under way: a spinner with what is happening. */
	| 'progress'
	/** An address to open. */
	| 'link'
	/** Secondary words: key labels, notes, captions. */
	| 'muted'
	/** What has the focus (besides its › mark). */
	| 'focus';

/** Ink `<Text>` props a tone sets. */
export type ToneStyle = {
	readonly color?: string;
	readonly bold?: boolean;
	readonly dimColor?: boolean;
	readonly inverse?: boolean;
};

export type Theme = {
	/** False under NO_COLOR: no tone has a colour. */
	readonly colours: boolean;
	readonly tones: Readonly<Record<Tone, ToneStyle>>;
};

export const colourTheme: Theme = {
	colours: true,
	tones: {
		error: {color: 'red'},
		warning: {color: 'yellow'},
		question: {color: 'yellow', bold: true},
		success: {color: 'green'},
		progress: {color: 'cyan'},
		link: {color: 'cyan'},
		muted: {dimColor: true},
		focus: {inverse: true},
	},
};

/** NO_COLOR: emphasis only. Errors are bold, so they still stand out from the text around. */
export const noColourTheme: Theme = {
	colours: false,
	tones: {
		error: {bold: true},
		warning: {},
		question: {bold: true},
		success: {},
		progress: {},
		link: {},
		muted: {dimColor: true},
		focus: {inverse: true},
	},
};

/** The theme for an environment: without colours when NO_COLOR is set and not empty. */
export function themeFor(environment: Readonly<Record<string, string | undefined>>): Theme {
	const noColour = environment['NO_COLOR'];
	return noColour !== undefined && noColour !== '' ? noColourTheme : colourTheme;
}

/** The theme of this process, from its environment at start. */
export const startTheme: Theme = themeFor(process.env);

export const ThemeContext = createContext<Theme>(startTheme);

export function useTheme(): Theme {
	return useContext(ThemeContext);
}

/** How a tone is drawn (nothing for no tone). */
export function useTone(tone: Tone | undefined): ToneStyle {
	const theme = useTheme();
	return tone === undefined ? {} : theme.tones[tone];
}
