/**
NO_COLOR (https://no-color.org): with it, no screen draws a colour; focus and errors still
show, by their words, the › mark, bold and inverse. Ink colours through chalk, which does not
read NO_COLOR, so the theme (screens/widgets/theme.ts) gives no colours instead.

The tests run with FORCE_COLOR=0 (chalk draws nothing at all), so this file turns chalk on for
itself (each test file has its own modules) and gives the theme through ThemeContext rather
than changing process.env.
*/
import chalk from 'chalk';
import {afterAll, afterEach, beforeAll, describe, expect, test} from 'vitest';
import {App} from '../../source/tui/app.js';
import {manualClock} from '../../source/clock.js';
import {ThemeContext, themeFor, type Theme} from '../../screens/widgets/theme.js';
import {FakeDeviceClient} from '../support/fake-device-client.js';
import {keys, renderAt, type Rendered} from '../support/render.js';
import {notChecked, now} from './support/fixtures.js';

/** SGR foreground or background colours: 30–39, 40–49, 90–97, 100–107 (alone or with others). */
const colourSgr = /\u001B\[(?:\d+;)*(?:3\d|4\d|9[0-7]|10[0-7])(?:;\d+)*m/;
const inverseSgr = '\u001B[7m';

let chalkLevel: typeof chalk.level;
beforeAll(() => {
	chalkLevel = chalk.level;
	chalk.level = 1;
});
afterAll(() => {
	chalk.level = chalkLevel;
});

let current: Rendered | undefined;
afterEach(() => {
	current?.unmount();
	current = undefined;
});

/** Change the Administrator Password after a wrong entry: field messages in words, a field focused. */
async function passwordRulesBroken(theme: Theme): Promise<string> {
	const client = new FakeDeviceClient(notChecked);
	client.passwordChangeRequired = true;
	const r = renderAt(
		<ThemeContext.Provider value={theme}>
			<App client={client} language="en" clock={manualClock(now)} pollIntervalMs={20} tickIntervalMs={10} onExit={() => undefined}/>
		</ThemeContext.Provider>,
	);
	current = r;
	await r.waitForFrame(frame => frame.includes('Ctrl+C'));
	await r.press(client.password, keys.enter);
	await r.waitForText('Change the Administrator Password');
	await r.press('short', keys.tab, 'other', keys.enter);
	await r.waitForText('Use 8 to 64 characters.');
	return r.lastFrame();
}

describe('NO_COLOR', () => {
	test('themeFor: set and not empty means no colour; empty or unset means colours', () => {
		expect(themeFor({NO_COLOR: '1'}).colours).toBe(false);
		expect(themeFor({NO_COLOR: 'false'}).colours).toBe(false);
		expect(themeFor({NO_COLOR: ''}).colours).toBe(true);
		expect(themeFor({}).colours).toBe(true);
		const tones = Object.values(themeFor({NO_COLOR: '1'}).tones);
		expect(tones.every(style => style.color === undefined)).toBe(true);
		expect(themeFor({NO_COLOR: '1'}).tones.focus.inverse).toBe(true);
		expect(themeFor({NO_COLOR: '1'}).tones.error.bold).toBe(true);
	});

	test('with colours, an error on a form is drawn in a colour', async () => {
		const frame = await passwordRulesBroken(themeFor({}));
		expect(frame).toMatch(colourSgr);
		expect(frame).toContain(inverseSgr);
	});

	test('under NO_COLOR the same screen has no colour, but the focus (inverse, ›) and the error (words, bold) still show', async () => {
		const frame = await passwordRulesBroken(themeFor({NO_COLOR: '1'}));
		expect(frame).not.toMatch(colourSgr);
		expect(frame).toContain(inverseSgr);
		expect(frame).toContain('› ');
		expect(frame).toMatch(/\u001B\[1m +Use 8 to 64 characters\./);
	});
});
