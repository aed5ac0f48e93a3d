/**
A password or a client secret on the command line would be visible to every user of the
machine (ps, /proc/<pid>/cmdline) and kept in shell histories: such options are refused
without repeating what followed them.
*/
const secretOption = /^--?(?:password|passwd|pass|pw|client-secret|secret)(?:=|$)/i;

export function hasSecretOption(argv: readonly string[]): boolean {
	return argv.some(argument => secretOption.test(argument));
}
