/**
The app shell's state: the stack of screens (the menu path), the help overlay, the
session-expired prompt and quitting. A pure reducer, used through `useSyncStore`.
*/

export const routeNames = [
	'login',
	'portal',
	'settingsRegistration',
	'sendSettings',
	'microsoftSettings',
	'microsoftEditBasicSettings',
	'googleSettings',
	'googleEditBasicSettings',
	'googleRegisterAuthorization',
	'microsoftTestMail',
	'googleTestMail',
	'changePassword',
] as const;
export type RouteName = (typeof routeNames)[number];

export type Route = {readonly name: RouteName; readonly id: string};

/** What a discard question goes on to when answered y: back a screen, quit, or log out. */
export type DiscardThen = 'back' | 'quit' | 'logout';

/** How the last log-out went (shown on Log In after Log Out, and as the last line after quitting). */
export type LogoutOutcome =
	| {readonly status: 'logged-out'}
	| {readonly status: 'not-logged-in'}
	| {readonly status: 'failed'; readonly reason: string};

export type ShellState = {
	readonly stack: readonly Route[];
	readonly nextId: number;
	readonly help: boolean;
	/** A request said the session ended: the password prompt is shown over the screen. */
	readonly sessionExpired: boolean;
	/** Logging out (the Log Out item) or quitting: no more keys. */
	readonly busy: 'logout' | 'quit' | undefined;
	readonly userName: string;
	/** Asking "Discard your changes? y/n" over the top screen; y then goes on to this. */
	readonly confirmDiscard: DiscardThen | undefined;
	/** Shown on Log In after the Log Out item, until the next log-in. */
	readonly loggedOut: LogoutOutcome | undefined;
};

export type ShellAction =
	| {type: 'push'; name: RouteName}
	| {type: 'pop'}
	| {type: 'logged-in'; userName: string}
	/** Logged in with the factory default password: the change comes before the Portal. */
	| {type: 'password-change-required'; userName: string}
	| {type: 'logged-out'; outcome?: LogoutOutcome}
	| {type: 'ask-discard'; then: DiscardThen}
	| {type: 'discard-answered'}
	| {type: 'toggle-help'}
	| {type: 'session-expired'}
	| {type: 'session-restored'}
	| {type: 'busy'; busy: ShellState['busy']};

export function initialShellState(userName: string): ShellState {
	return {
		stack: [{name: 'login', id: 'route-0'}],
		nextId: 1,
		help: false,
		sessionExpired: false,
		busy: undefined,
		userName,
		confirmDiscard: undefined,
		loggedOut: undefined,
	};
}

export function topRoute(state: ShellState): Route {
	return state.stack.at(-1)!;
}

export function shellReducer(state: ShellState, action: ShellAction): ShellState {
	switch (action.type) {
		case 'push': {
			return {
				...state,
				stack: [...state.stack, {name: action.name, id: `route-${state.nextId}`}],
				nextId: state.nextId + 1,
			};
		}

		case 'pop': {
			return state.stack.length > 1 ? {...state, stack: state.stack.slice(0, -1)} : state;
		}

		case 'logged-in': {
			return {
				...state,
				stack: [{name: 'portal', id: `route-${state.nextId}`}],
				nextId: state.nextId + 1,
				userName: action.userName,
				sessionExpired: false,
				loggedOut: undefined,
			};
		}

		case 'password-change-required': {
			return {
				...state,
				stack: [{name: 'changePassword', id: `route-${state.nextId}`}],
				nextId: state.nextId + 1,
				userName: action.userName,
				sessionExpired: false,
				loggedOut: undefined,
			};
		}

		case 'logged-out': {
			return {
				...state,
				stack: [{name: 'login', id: `route-${state.nextId}`}],
				nextId: state.nextId + 1,
				help: false,
				sessionExpired: false,
				busy: undefined,
				confirmDiscard: undefined,
				loggedOut: action.outcome,
			};
		}

		case 'ask-discard': {
			// The question is drawn in the footer of the screen it is about: the help goes.
			return {...state, confirmDiscard: action.then, help: false};
		}

		case 'discard-answered': {
			return state.confirmDiscard === undefined ? state : {...state, confirmDiscard: undefined};
		}

		case 'toggle-help': {
			return {...state, help: !state.help};
		}

		case 'session-expired': {
			// On the log-in screen there is no session to lose.
			return topRoute(state).name === 'login' || state.sessionExpired ? state : {...state, sessionExpired: true};
		}

		case 'session-restored': {
			return state.sessionExpired ? {...state, sessionExpired: false} : state;
		}

		case 'busy': {
			return state.busy === action.busy ? state : {...state, busy: action.busy, confirmDiscard: undefined};
		}
	}
}

export const helpTargetId = 'help';
export const sessionTargetId = 'session';
export const discardTargetId = 'discard';

/** The id of whatever gets the keys now; undefined while logging out or quitting. */
export function activeTargetId(state: ShellState): string | undefined {
	if (state.busy) {
		return undefined;
	}

	if (state.confirmDiscard) {
		return discardTargetId;
	}

	if (state.help) {
		return helpTargetId;
	}

	if (state.sessionExpired) {
		return sessionTargetId;
	}

	return topRoute(state).id;
}

/** The route names from the portal down, for the breadcrumb. */
export function menuPath(state: ShellState): RouteName[] {
	return state.stack.map(route => route.name);
}
