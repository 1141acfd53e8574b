package vault

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"time"
)

// fileSystem is the file operations reading and saving make. Tests wrap it
// to inject faults (fail the Nth write, sync or rename).
type fileSystem interface {
	// Open opens a file for positioned reads; it must be a regular file.
	Open(name string) (readFile, error)
	ReadFile(name string) ([]byte, error)
	CreateTemp(dir, pattern string) (tempFile, error)
	Rename(oldpath, newpath string) error
	Link(oldpath, newpath string) error
	Remove(name string) error
	MkdirAll(path string, perm fs.FileMode) error
	SyncDir(dir string) error
	Stat(name string) (fs.FileInfo, error)
}

// readFile is the part of *os.File reading a vault uses.
type readFile interface {
	io.ReaderAt
	io.Closer
	Stat() (fs.FileInfo, error)
}

// tempFile is the part of *os.File a save uses. After the save, the vault
// reads its pages from the file it wrote.
type tempFile interface {
	readFile
	Name() string
	Write(p []byte) (int, error)
	Sync() error
}

// osFS is the real file system.
type osFS struct{}

func (osFS) ReadFile(name string) ([]byte, error)             { return os.ReadFile(name) }
func (osFS) Rename(oldpath, newpath string) error             { return os.Rename(oldpath, newpath) }
func (osFS) Link(oldpath, newpath string) error               { return os.Link(oldpath, newpath) }
func (osFS) Remove(name string) error                         { return os.Remove(name) }
func (osFS) MkdirAll(path string, perm fs.FileMode) error     { return os.MkdirAll(path, perm) }
func (osFS) Stat(name string) (fs.FileInfo, error)            { return os.Stat(name) }
func (osFS) CreateTemp(dir, pattern string) (tempFile, error) { return os.CreateTemp(dir, pattern) }

// Open opens name for reading without following a final symbolic link
// (the caller resolved links already) and refuses anything but a regular
// file: a device such as /dev/zero or a FIFO would make a reader allocate
// without bound or wait forever.
func (osFS) Open(name string) (readFile, error) {
	f, err := openNoFollow(name)
	if err != nil {
		return nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		f.Close()
		return nil, fmt.Errorf("%s: %w", name, errNotRegular)
	}
	return f, nil
}

// errNotRegular is wrapped by Open for devices, pipes, sockets and
// directories.
var errNotRegular = errors.New("not a regular file")

// SyncDir makes a rename in dir durable.
func (osFS) SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return syncDir(d)
}

// memFile is a file held in memory: a version 1 vault converted at unlock
// is read from one until its first save.
type memFile struct{ b []byte }

func (m *memFile) ReadAt(p []byte, off int64) (int, error) {
	return bytes.NewReader(m.b).ReadAt(p, off)
}

func (*memFile) Close() error { return nil }

func (m *memFile) Stat() (fs.FileInfo, error) { return memInfo(len(m.b)), nil }

// memInfo is the FileInfo of a memFile.
type memInfo int64

func (memInfo) Name() string       { return "memory" }
func (m memInfo) Size() int64      { return int64(m) }
func (memInfo) Mode() fs.FileMode  { return 0o600 }
func (memInfo) ModTime() time.Time { return time.Time{} }
func (memInfo) IsDir() bool        { return false }
func (memInfo) Sys() any           { return nil }
