//go:build !unix

package clipboard

import (
	"errors"
	"fmt"
	"os"
)

// checkPrivateDir makes sure dir is a directory. (The directories passtea
// uses are per user on Windows.)
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

// checkOwnDir is checkPrivateDir without a symlink check.
func checkOwnDir(dir string) error {
	fi, err := os.Stat(dir)
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		return fmt.Errorf("%s is not a directory", dir)
	}
	return nil
}

// dupFile is not needed where the terminal cannot be handed over.
func dupFile(*os.File) (*os.File, error) { return nil, errors.New("cannot duplicate a file here") }
