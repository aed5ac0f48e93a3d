/**
The app's layout: the breadcrumb over the menu path as a stack of screens (all stay mounted,
only the top one is shown), and what can be over the top screen: the password prompt after a
session ended, the Device Certificate screen, the help overlay, the discard question's keys,
and "logging out".
*/
import type {ReactNode} from 'react';
import {Box} from 'ink';
import type {DeviceClient} from '../device/device-client.js';
import {certificateTargetId, type CertificateQuestion} from '../hooks/use-device-certificate.js';
import {KeyTargetContext, useKeys} from '../hooks/use-keys.js';
import {ScreenVisibleContext} from '../hooks/use-env.js';
import {DiscardQuestionContext, RouteOnTopContext} from '../hooks/use-unsaved-changes.js';
import type {Messages} from '../i18n/index.js';
import {actionFor, routeContexts} from '../input/key-bindings.js';
import {discardTargetId, helpTargetId, sessionTargetId, topRoute, type Route, type ShellState} from './shell.js';
import {DeviceCertificateScreen} from '../../screens/device-certificate.js';
import {HelpOverlay} from '../../screens/help.js';
import {SessionPrompt} from '../../screens/session-prompt.js';
import {Breadcrumb} from '../../screens/widgets/breadcrumb.js';
import {Line} from '../../screens/widgets/line.js';

export type AppLayoutProps = {
	shell: ShellState;
	messages: Messages;
	columns: number;
	rows: number;
	client: DeviceClient;
	/** While the Device Certificate screen asks (over Log In). */
	certificate: {question: CertificateQuestion | undefined; answer(trustIt: boolean): void};
	renderRoute: (route: Route) => ReactNode;
	onSessionRestored: () => void;
	onToggleHelp: () => void;
	onDiscardAnswer: (discard: boolean) => void;
};

/** The menu path: every screen stays mounted, only the top one is shown (and not under an overlay). */
function RouteStack({shell, overlay, discardQuestion, renderRoute}: {
	shell: ShellState;
	overlay: boolean;
	discardQuestion: string;
	renderRoute: (route: Route) => ReactNode;
}) {
	const top = topRoute(shell);
	return shell.stack.map(route => (
		<Box
			key={route.id}
			display={route.id === top.id && !overlay ? 'flex' : 'none'}
			flexDirection="column"
			flexGrow={1}
		>
			<ScreenVisibleContext.Provider value={route.id === top.id && !overlay}>
				<RouteOnTopContext.Provider value={route.id === top.id}>
					<DiscardQuestionContext.Provider value={route.id === top.id && shell.confirmDiscard ? discardQuestion : undefined}>
						<KeyTargetContext.Provider value={route.id}>{renderRoute(route)}</KeyTargetContext.Provider>
					</DiscardQuestionContext.Provider>
				</RouteOnTopContext.Provider>
			</ScreenVisibleContext.Provider>
		</Box>
	));
}

/** Something over the top screen that takes the keys as `targetId`; hidden under the help or while logging out. */
function OverTheScreen({shell, targetId, children}: {shell: ShellState; targetId: string; children: ReactNode}) {
	return (
		<Box display={shell.help || shell.busy ? 'none' : 'flex'} flexDirection="column" flexGrow={1}>
			<KeyTargetContext.Provider value={targetId}>{children}</KeyTargetContext.Provider>
		</Box>
	);
}

/** The keys of "Discard your changes? y/n" (drawn in the footer of the screen it is about). */
function DiscardKeys({onAnswer}: {onAnswer(discard: boolean): void}) {
	useKeys((input, key) => {
		const action = actionFor('confirmDiscard', input, key);
		if (action === 'discard' || action === 'keep') {
			onAnswer(action === 'discard');
		}

		// Nothing else until it is answered (Ctrl+C still quits, without asking).
		return true;
	});
	return null;
}

export function AppLayout({shell, messages, columns, rows, client, certificate, renderRoute, onSessionRestored, onToggleHelp, onDiscardAnswer}: AppLayoutProps) {
	const top = topRoute(shell);
	const overlay = shell.help || shell.sessionExpired || shell.busy !== undefined || certificate.question !== undefined;
	const crumbs = [...shell.stack.map(route => messages.screens[route.name]), ...(certificate.question ? [messages.deviceCertificate.title] : [])];
	const helpContext = certificate.question ? 'deviceCertificate' : (shell.sessionExpired ? 'sessionPrompt' : routeContexts[top.name]);
	return (
		<Box flexDirection="column" width={columns} height={Math.max(1, rows - 1)} overflow="hidden">
			<Breadcrumb labels={crumbs} width={columns}/>
			<Box flexDirection="column" flexGrow={1} flexShrink={1} overflowY="hidden">
				<RouteStack shell={shell} overlay={overlay} discardQuestion={messages.discard.question} renderRoute={renderRoute}/>
				{shell.sessionExpired ? (
					<OverTheScreen shell={shell} targetId={sessionTargetId}>
						<SessionPrompt client={client} userName={shell.userName} onRestored={onSessionRestored}/>
					</OverTheScreen>
				) : null}
				{certificate.question ? (
					<OverTheScreen shell={shell} targetId={certificateTargetId}>
						<DeviceCertificateScreen question={certificate.question} onAnswer={certificate.answer}/>
					</OverTheScreen>
				) : null}
				{shell.help && !shell.busy ? (
					<Box flexDirection="column" flexGrow={1}>
						<KeyTargetContext.Provider value={helpTargetId}>
							<HelpOverlay context={helpContext} onClose={onToggleHelp}/>
						</KeyTargetContext.Provider>
					</Box>
				) : null}
				{shell.confirmDiscard ? (
					<KeyTargetContext.Provider value={discardTargetId}>
						<DiscardKeys onAnswer={onDiscardAnswer}/>
					</KeyTargetContext.Provider>
				) : null}
				{shell.busy ? (
					<Box flexDirection="column">
						<Line/>
						<Line>{`  ${messages.common.loggingOut}`}</Line>
					</Box>
				) : null}
			</Box>
		</Box>
	);
}
