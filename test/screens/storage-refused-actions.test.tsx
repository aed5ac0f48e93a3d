/**
The device's storage refuses the write behind r (refresh), x (forget the authorization) and a
Google authorization code (507/500 `not_saved`): the words fit what was asked — "not done" for
an action, and for a code that the code is used up at Google and a new one is needed — never a
form's "press OK again". In English and Japanese.
*/
import {describe, expect, it} from 'vitest';
import {deviceError} from '../support/fake-device-client.js';
import {keys} from '../support/render.js';
import {appStarter, openGoogle, openMicrosoft, openRegister} from './support/app-driver.js';
import * as fixtures from './support/fixtures.js';

const start = appStarter();
const notSaved = (errno: string, status: number) => deviceError('http', {
	status,
	apiError: {error: 'not_saved', errno, message: `Not saved (${errno}).`},
});

/** Wrapped lines read as one text, in either language. */
function flat(frame: string): string {
	return frame.replaceAll(/\s+/g, '');
}

const words = {
	en: {
		notDone: 'Notdone:thedevice\'sstorageisfull(ENOSPC).Nothingwaschangedonthedevice.',
		codeUsed: 'theauthorizationcodeisusedup',
	},
	ja: {
		notDone: '実行されませんでした:本機の記憶領域がいっぱいです(ENOSPC)',
		codeUsed: '認可コードは使用済みです',
	},
} as const;

describe.each(['en', 'ja'] as const)('storage refused (%s)', language => {
	it('r on OAuth 2.0 (Microsoft) Settings: not done, nothing said about OK', async () => {
		const started = await start({state: fixtures.active, language});
		await openMicrosoft(started, language);
		started.client.failNext('refreshMicrosoft', notSaved('ENOSPC', 507));
		await started.r.press('r');
		const frame = await started.r.waitForFrame(text => flat(text).includes(words[language].notDone));
		expect(flat(frame)).not.toContain(language === 'en' ? 'PressOK' : 'OKを押して');
	});

	it('x then y on OAuth 2.0 (Google) Settings: not done, the authorization still shown', async () => {
		const started = await start({google: fixtures.googleActive, language});
		await openGoogle(started, language);
		started.client.failNext('resetGoogleToken', notSaved('ENOSPC', 507));
		await started.r.press('x');
		await started.r.waitForText('(y/n)');
		await started.r.press('y');
		await started.r.waitForFrame(text => flat(text).includes(words[language].notDone));
		expect(started.client.calls.resetGoogleToken).toBe(1);
	});

	it('a Google authorization code: the code is used up, register a new one', async () => {
		const started = await start({google: fixtures.googleWaiting, language});
		await openRegister(started, language);
		started.client.failNext('submitGoogleAuthorizationCode', notSaved('ENOSPC', 507));
		await started.r.press(keys.tab, fixtures.googleAuthorizationCode, keys.enter);
		const frame = await started.r.waitForFrame(text => flat(text).includes(words[language].codeUsed));
		expect(flat(frame)).not.toContain(language === 'en' ? 'PressOK' : 'OKを押して');
	});
});
