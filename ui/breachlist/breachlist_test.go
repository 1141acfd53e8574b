package breachlist

import (
	"os"
	"path/filepath"
	"testing"
)

func envOf(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func TestSettingPlace(t *testing.T) {
	for _, tc := range []struct {
		vars map[string]string
		want string
	}{
		{map[string]string{"XDG_CONFIG_HOME": "/x/cfg", "HOME": "/home/a"}, "/x/cfg/passtea/hibp-list"},
		{map[string]string{"XDG_CONFIG_HOME": "relative", "HOME": "/home/a"}, "/home/a/.config/passtea/hibp-list"},
		{map[string]string{"HOME": "/home/a"}, "/home/a/.config/passtea/hibp-list"},
	} {
		got, err := Setting(envOf(tc.vars))
		if err != nil || got != tc.want {
			t.Errorf("Setting(%v) = %q, %v; want %q", tc.vars, got, err, tc.want)
		}
	}
	if _, err := Setting(envOf(nil)); err == nil {
		t.Error("no $HOME nor $XDG_CONFIG_HOME: no error")
	}
}

func TestRememberAndForget(t *testing.T) {
	dir := t.TempDir()
	getenv := envOf(map[string]string{"XDG_CONFIG_HOME": dir})
	if p, err := Remembered(getenv); p != "" || err != nil {
		t.Fatalf("nothing remembered yet: %q, %v", p, err)
	}
	t.Chdir(dir)
	abs, changed, err := Remember(getenv, "pwned.txt")
	if err != nil || !changed || abs != filepath.Join(dir, "pwned.txt") {
		t.Fatalf("Remember = %q, %v, %v", abs, changed, err)
	}
	if _, changed, _ := Remember(getenv, abs); changed {
		t.Error("remembering the same path again changed the setting")
	}
	if p, err := Remembered(getenv); p != abs || err != nil {
		t.Errorf("Remembered = %q, %v; want %q", p, err, abs)
	}
	fi, err := os.Stat(filepath.Join(dir, "passtea", "hibp-list"))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("setting file: %v, %v; want mode 0600", fi, err)
	}
	if _, _, err := Remember(getenv, "a\nb"); err == nil {
		t.Error("a path with a line break was remembered")
	}
	if err := Forget(getenv); err != nil {
		t.Fatal(err)
	}
	if err := Forget(getenv); err != nil {
		t.Errorf("forgetting twice: %v", err)
	}
	if p, err := Remembered(getenv); p != "" || err != nil {
		t.Errorf("after Forget: %q, %v", p, err)
	}
}
