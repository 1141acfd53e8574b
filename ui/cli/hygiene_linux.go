//go:build linux

package cli

import "golang.org/x/sys/unix"

// hardenProcess turns core dumps off and makes the process non-dumpable
// (which also stops other processes of the same user from attaching a
// debugger or reading its memory through /proc), so secrets in memory do not
// end up on disk. Failures are ignored: this is defence in depth.
func hardenProcess() {
	unix.Setrlimit(unix.RLIMIT_CORE, &unix.Rlimit{Cur: 0, Max: 0})
	unix.Prctl(unix.PR_SET_DUMPABLE, 0, 0, 0, 0)
}
