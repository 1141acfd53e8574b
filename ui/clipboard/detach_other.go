//go:build !unix && !windows

package clipboard

import "syscall"

func detachAttr() *syscall.SysProcAttr { return nil }

const (
	detachDir    = ""
	canPassFiles = false
)
