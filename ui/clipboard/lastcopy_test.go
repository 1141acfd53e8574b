package clipboard

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
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
	if runtime.GOOS == "windows" {
		t.Skip("permissions")
	}
	runtimeDir := t.TempDir()
	os.Chmod(runtimeDir, 0o700)
	home := t.TempDir()
	env := func(vars map[string]string) func(string) string {
		return func(k string) string { return vars[k] }
	}
	inState := filepath.Join(home, ".local", "state", "passtea", "last-copy")
	for _, tc := range []struct {
		name string
		vars map[string]string
		want string
	}{
		{"private runtime dir", map[string]string{"XDG_RUNTIME_DIR": runtimeDir, "HOME": home}, filepath.Join(runtimeDir, "passtea", "last-copy")},
		{"no runtime dir", map[string]string{"HOME": home}, inState},
		{"relative runtime dir", map[string]string{"XDG_RUNTIME_DIR": "run", "HOME": home}, inState},
		{"missing runtime dir", map[string]string{"XDG_RUNTIME_DIR": filepath.Join(runtimeDir, "gone"), "HOME": home}, inState},
		{"XDG_STATE_HOME", map[string]string{"XDG_STATE_HOME": filepath.Join(home, "st"), "HOME": home}, filepath.Join(home, "st", "passtea", "last-copy")},
	} {
		got, err := DefaultLastCopyPath(env(tc.vars))
		if err != nil || got != tc.want {
			t.Errorf("%s: %q, %v; want %q", tc.name, got, err, tc.want)
		}
	}
	// A runtime directory others can write to is not used.
	shared := t.TempDir()
	os.Chmod(shared, 0o777)
	if got, _ := DefaultLastCopyPath(env(map[string]string{"XDG_RUNTIME_DIR": shared, "HOME": home})); got != inState {
		t.Errorf("world-writable runtime dir: %q", got)
	}
	if _, err := DefaultLastCopyPath(env(nil)); err == nil {
		t.Error("no HOME and no runtime dir: no error")
	}
	if strings.HasPrefix(inState, os.TempDir()+string(filepath.Separator)+"passtea") {
		t.Error("the record is in the shared temporary directory")
	}
}

// TestLastCopyRefusesOthersDir: a directory another user made first (as
// anyone could in /tmp) is refused, with an error, and never written to.
func TestLastCopyRefusesOthersDir(t *testing.T) {
	if runtime.GOOS == "windows" || os.Getuid() != 0 {
		t.Skip("needs root to make a directory of another user")
	}
	dir := filepath.Join(t.TempDir(), "passtea")
	if err := os.Mkdir(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	os.Chmod(dir, 0o777)
	if err := os.Chown(dir, 4242, 4242); err != nil {
		t.Fatal(err)
	}
	l := LastCopy{Path: filepath.Join(dir, "last-copy")}
	if _, err := l.Record(); err == nil || !strings.Contains(err.Error(), "belongs to another user") {
		t.Fatalf("Record in another user's directory: %v", err)
	}
	if _, err := l.IsLast(CopyID{1}); err == nil {
		t.Fatal("IsLast read another user's directory")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("wrote into another user's directory: %v", entries)
	}
}
