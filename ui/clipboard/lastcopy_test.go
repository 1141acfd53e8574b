package clipboard

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

func TestLastCopy(t *testing.T) {
	l := LastCopy{Path: filepath.Join(t.TempDir(), "passtea", "last-copy")}
	if _, err := l.IsLast(CopyID{1}); err == nil {
		t.Error("IsLast without a file: no error")
	}
	a, err := l.Record()
	if err != nil {
		t.Fatal(err)
	}
	if a.IsZero() {
		t.Fatal("zero id")
	}
	if last, err := l.IsLast(a); err != nil || !last {
		t.Fatalf("IsLast(a) = %v, %v", last, err)
	}
	b, err := l.Record()
	if err != nil {
		t.Fatal(err)
	}
	if a == b {
		t.Fatal("two copies, one id")
	}
	if last, _ := l.IsLast(a); last {
		t.Error("a is still last after b")
	}
	if last, _ := l.IsLast(b); !last {
		t.Error("b is not last")
	}
	if runtime.GOOS != "windows" {
		fi, err := os.Stat(filepath.Dir(l.Path))
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o700 {
			t.Errorf("directory mode %v, want 0700", fi.Mode().Perm())
		}
	}
	os.WriteFile(l.Path, []byte("not hex\n"), 0o600)
	if _, err := l.IsLast(b); err == nil {
		t.Error("malformed file accepted")
	}
}

func TestLastCopyRefusesSymlinkedDir(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symlinks")
	}
	dir := t.TempDir()
	real := filepath.Join(dir, "elsewhere")
	os.Mkdir(real, 0o700)
	if err := os.Symlink(real, filepath.Join(dir, "passtea")); err != nil {
		t.Fatal(err)
	}
	l := LastCopy{Path: filepath.Join(dir, "passtea", "last-copy")}
	if _, err := l.Record(); err == nil {
		t.Error("recorded through a symlinked directory")
	}
}

func TestLastCopyFixesLoosePermissions(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("permissions")
	}
	dir := filepath.Join(t.TempDir(), "passtea")
	os.Mkdir(dir, 0o755)
	os.Chmod(dir, 0o755)
	if _, err := (LastCopy{Path: filepath.Join(dir, "last-copy")}).Record(); err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(dir)
	if fi.Mode().Perm() != 0o700 {
		t.Errorf("mode %v, want 0700", fi.Mode().Perm())
	}
}

func TestDefaultLastCopyPath(t *testing.T) {
	got := DefaultLastCopyPath(func(k string) string {
		if k == "XDG_RUNTIME_DIR" {
			return "/run/user/1000"
		}
		return ""
	})
	if got != filepath.Join("/run/user/1000", "passtea", "last-copy") {
		t.Errorf("with XDG_RUNTIME_DIR: %s", got)
	}
	got = DefaultLastCopyPath(func(string) string { return "" })
	if filepath.Dir(filepath.Dir(got)) != filepath.Clean(os.TempDir()) || filepath.Base(got) != "last-copy" {
		t.Errorf("without XDG_RUNTIME_DIR: %s", got)
	}
	got = DefaultLastCopyPath(func(k string) string {
		if k == "XDG_RUNTIME_DIR" {
			return "relative"
		}
		return ""
	})
	if !filepath.IsAbs(got) || filepath.Dir(filepath.Dir(got)) != filepath.Clean(os.TempDir()) {
		t.Errorf("relative XDG_RUNTIME_DIR used: %s", got)
	}
}
