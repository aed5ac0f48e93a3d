import {en} from './en.js';
import {ja, type Messages} from './ja.js';

export type {Messages} from './ja.js';

export const languages = ['ja', 'en'] as const;
export type Language = (typeof languages)[number];

const tables: Record<Language, Messages> = {ja, en};

export function messagesFor(language: Language): Messages {
	return tables[language];
}

export function isLanguage(value: unknown): value is Language {
	return languages.some(language => language === value);
}

/** The language of the POSIX locale (LC_ALL, then LC_MESSAGES, then LANG); English otherwise. */
export function languageFromEnvironment(environment: NodeJS.ProcessEnv): Language {
	const locale = environment['LC_ALL'] || environment['LC_MESSAGES'] || environment['LANG'] || '';
	return locale.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}
