//go:build windows

package cli

// hardenProcess does nothing on Windows: there is no core-dump limit to set.
func hardenProcess() {}
