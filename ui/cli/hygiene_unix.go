//go:build unix && !linux

package cli

import "golang.org/x/sys/unix"

// hardenProcess turns core dumps off so that secrets in memory do not end up
// on disk. (Linux also marks the process non-dumpable; see hygiene_linux.go.)
func hardenProcess() {
	unix.Setrlimit(unix.RLIMIT_CORE, &unix.Rlimit{Cur: 0, Max: 0})
}
