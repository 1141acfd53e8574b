// This file walks a store and decrypts its files with gpg, several at a
// time.

package passstore

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/passtea/passtea/interop"
)

// Options adjust [ReadDir].
type Options struct {
	interop.Options
	// GPG is the gpg program (default "gpg", found in PATH).
	GPG string
	// Workers is how many files are decrypted at once (default: the
	// number of CPUs, at least 2: gpg mostly waits for gpg-agent).
	Workers int
}

// ReadDir reads the store at dir (see the package doc). It stops at the
// first file gpg cannot decrypt, or when ctx is cancelled.
func ReadDir(ctx context.Context, dir string, opts Options) (*interop.Import, error) {
	lim := opts.Limits.Or()
	files, notes, err := list(dir, lim)
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("%w: no .gpg files in %s", interop.ErrEmpty, dir)
	}
	plain := make([][]byte, len(files))
	errs := make([]error, len(files))
	ok := make([]bool, len(files))
	work := make(chan int)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	var mu sync.Mutex
	done := 0
	workers := opts.Workers
	if workers <= 0 {
		workers = max(runtime.NumCPU(), 2)
	}
	for range workers {
		wg.Go(func() {
			for i := range work {
				plain[i], errs[i] = decrypt(ctx, opts.GPG, filepath.Join(dir, files[i].path), lim.Record)
				ok[i] = errs[i] == nil
				if errs[i] != nil {
					cancel()
				}
				mu.Lock()
				done++
				opts.Progress.Report(done, len(files))
				mu.Unlock()
			}
		})
	}
feed:
	for i := range files {
		select {
		case work <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(work)
	wg.Wait()
	defer func() {
		for _, p := range plain {
			clear(p)
		}
	}()
	for i, err := range errs {
		if err != nil && !errors.Is(err, context.Canceled) {
			return nil, interop.AtPlace(files[i].path, err)
		}
	}
	for i := range ok {
		if !ok[i] {
			return nil, fmt.Errorf("read %s: %w", dir, context.Cause(ctx))
		}
	}
	im := interop.NewImport("pass", opts.Limits)
	for _, n := range notes {
		im.Note("%s", n)
	}
	for i, f := range files {
		e := interop.Entry{Kind: interop.Login, Place: f.path}
		e.Modified = f.modified
		e.Name = strings.TrimSuffix(filepath.ToSlash(f.path), ".gpg")
		Parse(&e, string(plain[i]))
		if err := im.Add(e); err != nil {
			return nil, err
		}
	}
	return im, nil
}
