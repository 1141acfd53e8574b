package tui

import (
	"os"
	"strings"
	"testing"

	"github.com/passtea/passtea/vault"
)

// mergeApart makes the entry name of the vault at cfg.VaultPath changed
// apart in two copies, mine in the vault and theirs in a copy, then merges
// the copy in: the merge keeps one change and sets the other aside.
func mergeApart(t *testing.T, cfg Config, name string, mine, theirs vault.Change) {
	t.Helper()
	path2 := cfg.VaultPath + ".copy"
	b, err := os.ReadFile(cfg.VaultPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path2, b, 0o600); err != nil {
		t.Fatal(err)
	}
	edit := func(path string, c vault.Change) {
		v, err := vault.Open(path, []byte(testMaster), cfg.VaultOptions)
		if err != nil {
			t.Fatal(err)
		}
		defer v.Lock()
		e, err := v.Get(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := v.Edit(e.ID, c); err != nil {
			t.Fatal(err)
		}
	}
	edit(cfg.VaultPath, mine)
	edit(path2, theirs)
	v, err := vault.Open(cfg.VaultPath, []byte(testMaster), cfg.VaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Lock()
	other, err := v.OpenCopy(path2, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Lock()
	if _, err := v.Merge(other); err != nil {
		t.Fatal(err)
	}
}

// TestHistorySetAsideByMerge: a value a merge set aside was never
// replaced: the history shows when it was set and says so.
func TestHistorySetAsideByMerge(t *testing.T) {
	cfg, _ := testConfig(t)
	makeVault(t, cfg, sampleEntries()...)
	mine, theirs := "mine-Pass-1", "theirs-Pass-2"
	mergeApart(t, cfg, "wifi", vault.Change{Password: &mine}, vault.Change{Password: &theirs})

	a := unlockModel(t, cfg)
	a = step(t, a, keys("/", "w", "i", "f", "i", "enter", "h")...)
	f := plainFrame(a.render())
	if !strings.Contains(f, "set 2026-03-14 15:09, set aside by a merge  password") {
		t.Errorf("the history does not say when the set-aside value was set:\n%s", f)
	}
	if !strings.Contains(f, "2026-03-14 15:09  password") {
		t.Errorf("the history does not say when the first password was replaced:\n%s", f)
	}
}

// TestHistorySetAsideNarrow: at 60 columns a custom field's name goes
// under "set …, set aside by a merge" rather than being cut.
func TestHistorySetAsideNarrow(t *testing.T) {
	cfg, _ := testConfig(t)
	makeVault(t, cfg, sampleEntries()...)
	field := "Security question answer"
	mine, theirs := []vault.Field{{Name: field, Value: "a"}}, []vault.Field{{Name: field, Value: "b"}}
	mergeApart(t, cfg, "wifi", vault.Change{Fields: &mine}, vault.Change{Fields: &theirs})

	a := unlockModel(t, cfg)
	a = step(t, a, windowSize(60, 24))
	a = step(t, a, keys("/", "w", "i", "f", "i", "enter", "h")...)
	f := plainFrame(a.render())
	if !strings.Contains(f, "set 2026-03-14 15:09, set aside by a merge\n  "+field+"\n") {
		t.Errorf("the field's name is not whole under the time:\n%s", f)
	}
}
