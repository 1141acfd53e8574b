//go:build !unix

package clipboard

import (
	"fmt"
	"os"
)

// checkPrivateDir makes sure dir is a directory. (The temporary directory
// is per user on Windows.)
func checkPrivateDir(dir string) error {
	fi, err := os.Lstat(dir)
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		return fmt.Errorf("%s is not a directory", dir)
	}
	return nil
}
