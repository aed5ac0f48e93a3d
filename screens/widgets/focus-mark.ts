/** The mark in front of the field that has the focus: the focus shows without colours too. */
export function focusMark(focused: boolean): string {
	return focused ? '› ' : '  ';
}
