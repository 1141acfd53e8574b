package cli

import "golang.org/x/sys/unix"

// onMemoryFS reports whether dir is on a file system kept in memory
// (tmpfs, ramfs), whose contents never reach a disk (unless swapped).
func onMemoryFS(dir string) bool {
	var st unix.Statfs_t
	if err := unix.Statfs(dir, &st); err != nil {
		return false
	}
	return st.Type == unix.TMPFS_MAGIC || st.Type == unix.RAMFS_MAGIC
}
