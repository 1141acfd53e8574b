// This file opens a 1PUX archive and reads its export.data under limits.

package onepassword

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"

	"github.com/passtea/passtea/interop"
)

// maxDirectory is how much of the end of the file archive/zip may read
// while it parses the central directory.
const maxDirectory = 8 << 20

// tailOnly lets reads reach only the last n bytes of a file while on.
type tailOnly struct {
	r    io.ReaderAt
	size int64
	n    int64
	on   bool
}

var errDirectory = errors.New("the zip directory is larger than a 1PUX export's")

func (t *tailOnly) ReadAt(p []byte, off int64) (int, error) {
	if t.on && off < t.size-t.n {
		return 0, errDirectory
	}
	return t.r.ReadAt(p, off)
}

// exportData returns the bytes of export.data in the archive.
func exportData(r io.ReaderAt, size int64, lim interop.Limits) ([]byte, error) {
	guard := &tailOnly{r: r, size: size, n: maxDirectory, on: true}
	zr, err := zip.NewReader(guard, size)
	guard.on = false
	if errors.Is(err, errDirectory) {
		return nil, &interop.LimitError{What: "bytes of zip directory", Limit: maxDirectory}
	}
	if err != nil {
		return nil, fmt.Errorf("%w: not a 1PUX export (not a zip archive: %v)", interop.ErrFormat, err)
	}
	if len(zr.File) > lim.Files {
		return nil, &interop.LimitError{What: "files in the archive", Limit: int64(lim.Files)}
	}
	for _, f := range zr.File {
		if f.Name != "export.data" {
			continue
		}
		limit := min(lim.Input, int64(f.CompressedSize64)*lim.Ratio+4096)
		if f.UncompressedSize64 > uint64(limit) {
			return nil, &interop.LimitError{What: "bytes of export.data", Limit: limit}
		}
		rc, err := f.Open()
		if err != nil {
			return nil, fmt.Errorf("1PUX export.data: %w", err)
		}
		defer rc.Close()
		b, err := interop.ReadAll(rc, limit, "export.data")
		if err != nil && !errors.Is(err, interop.ErrLimit) {
			return nil, fmt.Errorf("1PUX export.data: %w", err)
		}
		return b, err
	}
	return nil, fmt.Errorf("%w: not a 1PUX export (no export.data in the archive)", interop.ErrFormat)
}
