/**
Edit Basic Settings after a save whose answer was lost (no answer, a timeout, an unreadable
answer, a 5xx: see `answerLost`): the form reads the device's settings again and compares them
with what it sent (`spec.held`, then `afterLostAnswer`). If that read gets no answer either,
the form says it is not known, keeps the edits, and r reads again (`confirmAgain`); if the
session ended meanwhile (the device restarted), the password prompt comes first and the form
reads again as soon as it is back.
*/
import {useEffect, useRef} from 'react';
import type {DeviceError} from '../device/device-error.js';
import {afterLostAnswer, type BasicForm, type BasicFormAction, type BasicFormState, type FormTypes} from '../forms/basic-form.js';
import {asDeviceError} from '../forms/device-request.js';
import {useScreenVisible} from './use-env.js';

/** A save whose answer was lost: what was sent, what the form was based on, how the answer was lost. */
export type LostSave<T extends FormTypes> = {request: T['request']; base: T['settings']; error: DeviceError};

export function useLostAnswerCheck<T extends FormTypes>(
	form: BasicForm<T>,
	store: {dispatch(action: BasicFormAction<T>): void; get(): BasicFormState<T>},
	options: {reload(): Promise<T['state']>; onSessionExpired(error: DeviceError): void},
): {lost(save: LostSave<T>): void; confirmAgain(): void} {
	const {dispatch, get} = store;
	/** A save whose answer was lost, until the device's settings tell what became of it. */
	const lostRef = useRef<LostSave<T> | undefined>(undefined);
	/** The re-read waits for the new log-in (the session ended). */
	const afterLogInRef = useRef(false);

	/** Reads the device's settings again and says what became of the lost save. */
	const confirm = async () => {
		const lost = lostRef.current;
		if (!lost) {
			return;
		}

		dispatch({type: 'phase', phase: 'verifying'});
		let device: T['state'];
		try {
			device = await options.reload();
		} catch (error) {
			const deviceError = asDeviceError(error);
			afterLogInRef.current = deviceError.kind === 'session-expired';
			dispatch({type: 'phase', phase: 'unconfirmed', notice: {type: 'not-known', error: deviceError}});
			if (afterLogInRef.current) {
				options.onSessionExpired(deviceError);
			}

			return;
		}

		lostRef.current = undefined;
		dispatch(afterLostAnswer<T>(form.spec.held(lost.request, device.settings, lost.base), device.settings, lost.error));
	};

	// After the new log-in (the password prompt covered the form, now it is back): read again.
	const visible = useScreenVisible();
	const hiddenRef = useRef(!visible);
	useEffect(() => {
		if (!visible) {
			hiddenRef.current = true;
			return;
		}

		const wasHidden = hiddenRef.current;
		hiddenRef.current = false;
		if (wasHidden && afterLogInRef.current && lostRef.current && get().phase === 'unconfirmed') {
			afterLogInRef.current = false;
			void confirm();
		}
	}, [visible]);

	return {
		lost(save) {
			lostRef.current = save;
			afterLogInRef.current = false;
			void confirm();
		},
		confirmAgain() {
			afterLogInRef.current = false;
			void confirm();
		},
	};
}
