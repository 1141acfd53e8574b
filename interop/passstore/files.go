package passstore

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/passtea/passtea/interop"
)

// file is a .gpg file of the store.
type file struct {
	path     string // relative to the store, with the OS's separators
	modified time.Time
}

// list returns the store's .gpg files in path order, and notes about
// what it did not read.
func list(dir string, lim interop.Limits) ([]file, []string, error) {
	var files []file
	var other, links []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p == dir {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		if strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			links = append(links, fmt.Sprintf("%q", filepath.ToSlash(rel)))
		case d.IsDir():
		case !d.Type().IsRegular() || !strings.HasSuffix(d.Name(), ".gpg"):
			other = append(other, rel)
		default:
			if len(files) >= lim.Files {
				return &interop.LimitError{What: "files in the store", Limit: int64(lim.Files)}
			}
			info, err := d.Info()
			if err != nil {
				return err
			}
			files = append(files, file{path: rel, modified: info.ModTime().UTC()})
		}
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("read store: %w", err)
	}
	var notes []string
	if len(other) > 0 {
		notes = append(notes, fmt.Sprintf("%d files that are not .gpg were not read", len(other)))
	}
	if len(links) > 0 {
		notes = append(notes, fmt.Sprintf("symbolic links not followed: %s", strings.Join(links, ", ")))
	}
	return files, notes, nil
}

// decrypt runs gpg on one file and returns what it printed, at most
// limit bytes.
func decrypt(ctx context.Context, gpg, path string, limit int64) ([]byte, error) {
	if gpg == "" {
		gpg = "gpg"
	}
	cmd := exec.CommandContext(ctx, gpg, "--batch", "--quiet", "--decrypt", "--", path)
	var out capped
	var stderr bytes.Buffer
	out.limit = limit
	cmd.Stdout, cmd.Stderr, cmd.Stdin = &out, &stderr, nil
	if err := cmd.Run(); err != nil {
		clear(out.b)
		if out.over {
			return nil, &interop.LimitError{What: "bytes in one decrypted file", Limit: limit}
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		msg, _, _ := strings.Cut(strings.TrimSpace(stderr.String()), "\n")
		if msg == "" {
			msg = err.Error()
		}
		return nil, fmt.Errorf("gpg cannot decrypt it: %s", strings.ToValidUTF8(msg, "?"))
	}
	return out.b, nil
}

// capped collects at most limit bytes and fails past them.
type capped struct {
	b     []byte
	limit int64
	over  bool
}

func (c *capped) Write(p []byte) (int, error) {
	if int64(len(c.b)+len(p)) > c.limit {
		c.over = true
		return 0, os.ErrInvalid
	}
	c.b = append(c.b, p...)
	return len(p), nil
}
