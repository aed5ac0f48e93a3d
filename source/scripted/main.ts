/**
The scripted (non-interactive) mode: parse the command line, read the secrets (never from
argv), pick the device, log in, run one command, print its result (or one error), and log out
whatever happens, SIGINT, SIGTERM and SIGHUP included. Loaded by cli.ts only when a scripted
command runs, so that the TUI's start-up does not pay for it.
*/
import {openPreferences, type Preferences} from '../config/config.js';
import type {DeviceClient} from '../device/device-client.js';
import {isDeviceError} from '../device/device-error.js';
import type {TrustOptions} from '../device/device-trust.js';
import {HttpDeviceClient} from '../device/http-device-client.js';
import {languageFromEnvironment, messagesFor, type Messages} from '../i18n/index.js';
import {abortableSleep, type CommandContext, type CommandResult} from './context.js';
import {deviceTrust, openDevice, type OpenDevice} from './device.js';
import {stopSignals, type StopSignal} from './exit-codes.js';
import {fromDeviceError, interrupted, ScriptedFailure} from './failure.js';
import {authorizeGoogle, configureGoogle, precheckGoogleConfigure} from './google-command.js';
import {readSecrets, type Input} from './input.js';
import {fieldLabels} from './labels.js';
import {authorizeMicrosoft, configureMicrosoft, precheckMicrosoftConfigure} from './microsoft-command.js';
import {changePassword, precheckNewPassword, readNewPassword} from './password-command.js';
import {earlyFlags, parseScriptedArguments, refusePlainHttp, type ScriptedCommand} from './options.js';
import {createOutput, type Writable} from './output.js';
import {statusCommand} from './status-command.js';
import {precheckTestMail, testMail} from './test-mail-command.js';
import {scriptedHelp} from './usage.js';

export type ScriptedIo = {
	stdin: Input;
	stdout: Writable & {isTTY?: boolean};
	stderr: Writable;
	environment: NodeJS.ProcessEnv;
	/** Where SIGINT, SIGTERM and SIGHUP are heard. */
	signals: Pick<NodeJS.Process, 'on' | 'off'>;
	preferences(): Preferences;
	now(): number;
	/** The device client for an API base URL (tests inject their own). */
	createClient(baseUrl: string, trust?: TrustOptions): DeviceClient;
};

export function processIo(): ScriptedIo {
	// A closed pipe or a dropped SSH connection must not crash the log-out.
	const ignore = (): void => {};
	process.stdout.on('error', ignore);
	process.stderr.on('error', ignore);
	return {
		stdin: process.stdin,
		stdout: process.stdout,
		stderr: process.stderr,
		environment: process.env,
		signals: process,
		preferences() {
			try {
				return openPreferences().read();
			} catch {
				return {};
			}
		},
		now: Date.now,
		createClient: (baseUrl, trust) => new HttpDeviceClient({baseUrl, ...(trust ? {trust} : {})}),
	};
}

/** The input checks that need no device: refused before a password is asked for. */
function precheck(command: ScriptedCommand, context: Pick<CommandContext, 'messages'>): void {
	switch (command.name) {
		case 'microsoft configure': {
			precheckMicrosoftConfigure(context, command.tenant, command.changes);
			break;
		}

		case 'google configure': {
			precheckGoogleConfigure(context, command.clientId);
			break;
		}

		case 'test-mail': {
			precheckTestMail(context, command.to);
			break;
		}

		default:
	}
}

async function run(command: ScriptedCommand, context: CommandContext, second: string | undefined, password: string, relogin: () => Promise<void>): Promise<CommandResult> {
	switch (command.name) {
		case 'status': {
			return statusCommand(context);
		}

		case 'microsoft configure': {
			return configureMicrosoft(context, command.tenant, command.changes, {check: command.check, relogin});
		}

		case 'microsoft authorize': {
			return authorizeMicrosoft(context, command.wait);
		}

		case 'google configure': {
			return configureGoogle(context, command.clientId, second, command.changes, {check: command.check, relogin, secretIfUnset: command.secretIfUnset});
		}

		case 'google authorize': {
			return authorizeGoogle(context, command.code ?? second, command.printUrl);
		}

		case 'test-mail': {
			return testMail(context, command.provider, command.to);
		}

		case 'password change': {
			return changePassword(context, password, second ?? '');
		}
	}
}

/** Which secret, besides the password, a command reads from stdin. */
function secondSecret(command: ScriptedCommand): 'clientSecret' | 'authorizationCode' | 'newPassword' | undefined {
	if (command.name === 'google configure' && command.secretFromStdin) {
		return 'clientSecret';
	}

	if (command.name === 'google authorize' && command.codeFromStdin) {
		return 'authorizationCode';
	}

	return command.name === 'password change' && command.newPasswordFromStdin ? 'newPassword' : undefined;
}

function providerOf(command: ScriptedCommand | undefined): 'microsoft' | 'google' | undefined {
	if (command?.name.startsWith('google')) {
		return 'google';
	}

	return command?.name.startsWith('microsoft') ? 'microsoft' : undefined;
}

function asFailure(error: unknown, messages: Messages, command: ScriptedCommand | undefined, deviceUrl: string | undefined): ScriptedFailure {
	if (error instanceof ScriptedFailure) {
		return error;
	}

	if (isDeviceError(error)) {
		return fromDeviceError(messages, error, {labels: fieldLabels(messages, providerOf(command)), ...(deviceUrl ? {deviceUrl} : {})});
	}

	const detail = error instanceof Error ? error.message : String(error);
	return new ScriptedFailure('internal', `${messages.deviceErrors.unexpected} ${detail}`);
}

/** Settles with `promise`, or rejects with the signal's reason as soon as `signal` is aborted. */
async function unlessAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
	return Promise.race([
		promise,
		new Promise<never>((_resolve, reject) => {
			if (signal.aborted) {
				reject(signal.reason as Error);
			}

			signal.addEventListener('abort', () => {
				reject(signal.reason as Error);
			}, {once: true});
		}),
	]);
}

/** Runs one scripted command line (argv without node and the script); resolves with the exit code. */
export async function runScripted(argv: readonly string[], io: ScriptedIo = processIo()): Promise<number> {
	const early = earlyFlags(argv);
	const preferences = io.preferences();
	let messages = messagesFor(early.language ?? preferences.language ?? languageFromEnvironment(io.environment));
	const output = createOutput({json: early.json, stdout: io.stdout, stderr: io.stderr});
	const controller = new AbortController();
	const onSignal = (signal: StopSignal): void => {
		if (!controller.signal.aborted) {
			controller.abort(interrupted(messages, signal));
		}
	};

	const handlers = stopSignals.map(signal => [signal, () => {
		onSignal(signal);
	}] as const);
	for (const [signal, handler] of handlers) {
		io.signals.on(signal, handler);
	}

	let command: ScriptedCommand | undefined;
	let device: OpenDevice | undefined;
	let client: DeviceClient | undefined;
	let loggingIn: Promise<unknown> | undefined;
	try {
		const invocation = parseScriptedArguments(argv, messages);
		if ('help' in invocation) {
			io.stdout.write(scriptedHelp(invocation.command, messages));
			return 0;
		}

		const {common} = invocation;
		command = invocation.command;
		messages = messagesFor(common.language ?? preferences.language ?? languageFromEnvironment(io.environment));
		precheck(command, {messages});
		refusePlainHttp(common.emulator ? undefined : common.device ?? preferences.deviceUrl, common, messages);
		// An https device's certificate: --device-fingerprint, else the saved pin, and --ca (read now: a bad file is a usage error).
		const target = common.emulator ? undefined : common.device ?? preferences.deviceUrl;
		const trust = target === undefined ? undefined : deviceTrust(common, preferences, target, messages);

		const userName = common.user ?? preferences.userName ?? 'Administrator';
		const signal = controller.signal;
		const secrets = await unlessAborted(readSecrets({
			messages,
			passwordStdin: common.passwordStdin,
			second: secondSecret(command),
			environment: io.environment,
			stdin: io.stdin,
			stderr: io.stderr,
			passwordPrompt: messages.scripted.passwordPrompt(userName),
			onInterrupt: () => interrupted(messages, 'SIGINT'),
		}), signal);
		if (command.name === 'password change') {
			secrets.second ??= await unlessAborted(readNewPassword({
				messages,
				environment: io.environment,
				stdin: io.stdin,
				stderr: io.stderr,
				onInterrupt: () => interrupted(messages, 'SIGINT'),
			}), signal);
			precheckNewPassword(messages, secrets.second, userName, secrets.password);
		}

		device = await unlessAborted(openDevice(common, preferences), signal);
		if (device.builtIn) {
			output.progress(messages.scripted.builtInDevice(device.url));
		}

		client = io.createClient(device.url, device.builtIn ? undefined : trust);
		const login = client.login(userName, secrets.password);
		loggingIn = login;
		if ((await unlessAborted(login, signal)).passwordChangeRequired === true && command.name !== 'password change') {
			// The device allows nothing else until the factory default password is changed.
			throw new ScriptedFailure('password_change_required', messages.scripted.passwordChangeRequired);
		}

		const context: CommandContext = {
			client,
			messages,
			output,
			now: io.now,
			sleep: abortableSleep(signal),
			pollIntervalMs: preferences.pollIntervalSeconds === undefined ? undefined : preferences.pollIntervalSeconds * 1000,
			stdoutIsTerminal: io.stdout.isTTY === true,
		};
		const loggedInClient = client;
		// After a lost save, when the device restarted meanwhile: the same log-in again.
		const relogin = async (): Promise<void> => {
			await loggedInClient.login(userName, secrets.password);
		};

		const result = await unlessAborted(run(command, context, secrets.second, secrets.password, relogin), signal);
		output.result(result.document, result.lines);
		return 0;
	} catch (error) {
		const failure = asFailure(error, messages, command, device?.url);
		output.failure(failure);
		return failure.exitCode;
	} finally {
		// A log-in still under way when a signal came would leave a session behind: let it
		// end (the client's timeout bounds it), then log out. logout() never rejects.
		await loggingIn?.catch(() => undefined);
		await client?.logout();
		await device?.close();
		for (const [signal, handler] of handlers) {
			io.signals.off(signal, handler);
		}
	}
}
