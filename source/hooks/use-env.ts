import {createContext, useContext} from 'react';
import {systemClock, type Clock} from '../clock.js';
import {messagesFor, type Language, type Messages} from '../i18n/index.js';

/** What every screen may need from the app: words, time, and the device's address. */
export type AppEnvironment = {
	language: Language;
	messages: Messages;
	clock: Clock;
	/** How often a visible countdown is redrawn. */
	tickIntervalMs: number;
	/** The device API base URL, for messages (already sanitized). */
	deviceUrl: string;
};

export const EnvironmentContext = createContext<AppEnvironment>({
	language: 'en',
	messages: messagesFor('en'),
	clock: systemClock,
	tickIntervalMs: 1000,
	deviceUrl: '',
});

export function useEnvironment(): AppEnvironment {
	return useContext(EnvironmentContext);
}

export function useMessages(): Messages {
	return useContext(EnvironmentContext).messages;
}

/** False while a screen is kept mounted but hidden (under another screen or an overlay). */
export const ScreenVisibleContext = createContext<boolean>(true);

export function useScreenVisible(): boolean {
	return useContext(ScreenVisibleContext);
}
