//go:build !linux

package cli

// onMemoryFS reports whether dir is on a file system kept in memory. Only
// Linux's tmpfs and ramfs are recognised: elsewhere every place counts as
// a disk (edit then needs --insecure-tmp).
func onMemoryFS(string) bool { return false }
