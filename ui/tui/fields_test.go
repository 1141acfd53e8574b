package tui

// Goldens and behaviour of what format 2 brought to the screens: several
// URLs, custom fields (concealed and plain, in the entry screen and the
// form), merge conflicts, the trash, unlocking with a key file, and stored
// escape sequences drawn harmless.

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/passtea/passtea/vault"
)

// fieldEntries adds to the sample vault an entry with two URLs and custom
// fields: a concealed PIN, a plain account number, a concealed value of
// several lines, and a field with a long name.
func fieldEntries(t *testing.T, cfg Config) {
	makeVault(t, cfg, sampleEntries()...)
	v, err := vault.Open(cfg.VaultPath, []byte(testMaster), cfg.VaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Lock()
	if _, err := v.Add(vault.NewEntry{Name: "bank/savings", Username: "A7654321", URLs: []string{"https://bank.example", "https://m.bank.example/app"},
		Secret: vault.Secret{Password: "fields-demo-Pw1", Notes: "call them first", Fields: []vault.Field{
			{Name: "PIN", Value: "2468", Concealed: true},
			{Name: "Account", Value: "1234 5678"},
			{Name: "SSH key", Value: "-----BEGIN-----\nAAAA\n-----END-----", Concealed: true},
			{Name: "mother's maiden name", Value: "Smith", Concealed: true},
		}}}); err != nil {
		t.Fatal(err)
	}
}

func TestEntryFieldsAndURLs(t *testing.T) {
	atWidths(t, fieldEntries, func(s *shooter) {
		s.unlock()
		s.press("/")
		s.typ("savings")
		s.press("enter")
		s.want("URLs", "https://m.bank.example/app", "PIN", "Account", "1234 5678", "mother's maiden name")
		if strings.Contains(plainFrame(s.a.render()), "2468") {
			s.t.Fatal("a concealed field is shown before r")
		}
		s.shot("masked")
		s.press("r")
		s.want("2468", "Smith", "-----BEGIN-----")
		s.shot("revealed")
		// tab moves the marker from the password to the PIN: enter
		// copies it.
		s.press("tab", "tab", "tab")
		s.want("enter copy PIN")
		s.press("enter")
		s.want("copied PIN of bank/savings")
		if got := s.cb.get(); got != "2468" {
			s.t.Fatalf("clipboard %q", got)
		}
		s.shot("copied-field")
		s.press("shift+tab", "shift+tab", "enter")
		if got := s.cb.get(); got != "https://bank.example" {
			s.t.Fatalf("clipboard %q, want the first URL", got)
		}
	})
}

func TestFormFields(t *testing.T) {
	atWidths(t, fieldEntries, func(s *shooter) {
		s.unlock()
		s.press("/")
		s.typ("savings")
		s.press("enter", "e")
		s.want("URLs", "https://m.bank.example/app", "PIN", "SSH key", "mother's m")
		s.shot("edit")
		// A third URL after the first, a new concealed field, the
		// account made concealed, the PIN removed.
		s.press("tab", "tab", "tab", "ctrl+n")
		s.typ("https://new.bank.example")
		s.press("tab", "tab", "tab", "ctrl+n") // from the tags
		s.want("▸ name")
		s.typ("Security answer")
		s.press("tab")
		s.typ("blue whale")
		s.shot("added")
		s.press("shift+tab", "shift+tab", "shift+tab", "shift+tab", "shift+tab", "ctrl+t") // the account's value
		s.press("up", "up", "ctrl+x")                                                      // the PIN
		if f := s.a.form(); !f.keys.RemoveRow.Enabled() || f.at() != (stop{stopFieldName, 0}) {
			s.t.Fatalf("after ctrl+x the focus is at %+v", f.at())
		}
		s.press("ctrl+s")
		s.want("saved bank/savings")
		v, err := vault.Open(s.cfg.VaultPath, []byte(testMaster), s.cfg.VaultOptions)
		if err != nil {
			s.t.Fatal(err)
		}
		defer v.Lock()
		e, err := v.Get("bank/savings")
		if err != nil {
			s.t.Fatal(err)
		}
		if want := []string{"https://bank.example", "https://new.bank.example", "https://m.bank.example/app"}; !slices.Equal(e.URLs, want) {
			s.t.Fatalf("URLs %q, want %q", e.URLs, want)
		}
		sec, err := v.Secret(e.ID)
		if err != nil {
			s.t.Fatal(err)
		}
		want := []vault.Field{
			{Name: "Account", Value: "1234 5678", Concealed: true},
			{Name: "SSH key", Value: "-----BEGIN-----\nAAAA\n-----END-----", Concealed: true},
			{Name: "mother's maiden name", Value: "Smith", Concealed: true},
			{Name: "Security answer", Value: "blue whale", Concealed: true},
		}
		if !slices.Equal(sec.Fields, want) {
			s.t.Fatalf("fields %+v, want %+v", sec.Fields, want)
		}
	})
}

// TestFormFieldWithoutName: a value without a name is not saved, and the
// form says why at the field.
func TestFormFieldWithoutName(t *testing.T) {
	cfg, _ := testConfig(t)
	a := startModel(t, cfg)
	a = step(t, a, keys("n")...)
	a = step(t, a, typed("site")...)
	a = step(t, a, keys("ctrl+n", "tab")...)
	a = step(t, a, typed("orphan value")...)
	a = step(t, a, keys("ctrl+s")...)
	f := a.form()
	if f == nil || f.err != "not saved: a custom field needs a name" || f.at() != (stop{stopFieldName, 0}) {
		t.Fatalf("form %+v", f)
	}
}

func TestTrashView(t *testing.T) {
	atWidths(t, sample, func(s *shooter) {
		s.unlock()
		s.press("d", "y", "down", "d", "y")
		s.want("3 entries")
		s.press("t")
		s.want("2 entries in the trash", "r restore")
		s.shot("trash")
		s.press("r")
		s.want("restored bank/checking", "1 entry in the trash")
		s.press("d")
		s.want("erase github for good? y/n")
		s.shot("erase")
		s.press("y")
		s.want("erased github for good", "The trash is empty")
		s.shot("empty")
		s.press("t")
		s.want("4 entries", "bank/checking")
	})
}

// TestConflictShownAndResolved: an entry a merge marked is shown with a
// warning, and marked as seen once opened.
func TestConflictShownAndResolved(t *testing.T) {
	cfg, _ := testConfig(t)
	makeVault(t, cfg, sampleEntries()...)
	mine, theirs := "mine@example.com", "theirs@example.com"
	mergeApart(t, cfg, "email", vault.Change{Username: &mine}, vault.Change{Username: &theirs})

	a := unlockModel(t, cfg)
	a = step(t, a, keys("/", "e", "m", "a", "i", "l", "enter")...)
	if f := plainFrame(a.render()); !strings.Contains(f, "A merge kept two changes made apart") {
		t.Fatalf("no conflict warning:\n%s", f)
	}
	if e, err := a.c.vault.Get("email"); err != nil || e.Conflict {
		t.Fatalf("not marked as seen: %+v, %v", e, err)
	}
}

// TestUnlockWithKeyFile: the remembered key file is offered; without it,
// a wrong try says how to give one, and tab lets the user type its path.
func TestUnlockWithKeyFile(t *testing.T) {
	atWidths(t, func(t *testing.T, cfg Config) {
		if err := os.WriteFile("k.keyx", []byte("a key file\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		v, _, err := vault.Create(cfg.VaultPath, vault.NewVault{Credentials: vault.Credentials{Password: []byte(testMaster), KeyFile: keyOf(t, "k.keyx")}, KDF: testKDF}, cfg.VaultOptions)
		if err != nil {
			t.Fatal(err)
		}
		v.Lock()
	}, func(s *shooter) {
		s.typ(testMaster)
		s.press("enter")
		s.want("wrong master password", "If this vault needs a key file, press tab to give its path.")
		s.shot("no-key-file")
		s.press("tab")
		s.typ("missing.keyx")
		s.press("shift+tab")
		s.typ(testMaster)
		s.press("enter")
		s.want("key file missing.keyx:")
		s.shot("unreadable")
		for range len("missing.keyx") {
			s.press("backspace")
		}
		s.typ("k.keyx")
		s.press("tab")
		s.typ(testMaster)
		s.press("enter")
		if s.a.active != screenEntries {
			s.t.Fatalf("screen %s:\n%s", s.a.active, plainFrame(s.a.render()))
		}
	})
}

// TestUnlockOffersRememberedKeyFile: Config.KeyFile fills the field.
func TestUnlockOffersRememberedKeyFile(t *testing.T) {
	atWidths(t, func(t *testing.T, cfg Config) {
		if err := os.WriteFile("k.keyx", []byte("a key file\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		v, _, err := vault.Create(cfg.VaultPath, vault.NewVault{Credentials: vault.Credentials{Password: []byte(testMaster), KeyFile: keyOf(t, "k.keyx")}, KDF: testKDF}, cfg.VaultOptions)
		if err != nil {
			t.Fatal(err)
		}
		v.Lock()
	}, func(s *shooter) {
		s.a.c.cfg.KeyFile = "k.keyx"
		u := newUnlockScreen(s.a.c)
		u.setFocus(0)
		s.a.screens[screenUnlock] = u
		s.want("key file         k.keyx")
		s.shot("remembered")
		s.unlock()
	})
}

// TestHostileTextDrawnEscaped: escape sequences stored in a vault are
// drawn as escapes in the list and the entry, never sent raw.
func TestHostileTextDrawnEscaped(t *testing.T) {
	cfg, _ := testConfig(t)
	b, err := os.ReadFile(pkgDir + "/../cli/testdata/hostile-v1.passtea")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cfg.VaultPath, b, 0o600); err != nil {
		t.Fatal(err)
	}
	a := New(cfg)
	a = step(t, a, append(runCmd(a.Init()), windowSize(100, 24))...)
	a = step(t, a, typed("correct horse battery staple")...)
	a = step(t, a, keys("enter")...)
	if a.active != screenEntries {
		t.Fatalf("screen %s", a.active)
	}
	check := func(what string) {
		t.Helper()
		frame := a.render() // with styles: only lipgloss's own SGR may be there
		for _, bad := range []string{"\x1b]", "\x07"} {
			if strings.Contains(frame, bad) {
				t.Fatalf("%s: the frame holds %q raw:\n%q", what, bad, frame)
			}
		}
	}
	check("the list")
	if !strings.Contains(plainFrame(a.render()), `m\x1b[m`) {
		t.Fatalf("the name is not shown escaped:\n%s", plainFrame(a.render()))
	}
	a = step(t, a, keys("/", "w", "o", "r", "k", "enter", "r", "h")...)
	check("the entry, revealed, with its history")
	if f := plainFrame(a.render()); !strings.Contains(f, `pw-\x1b]2;pwned\x07`) || !strings.Contains(f, `\x1b]8;;https://evil.example`) {
		t.Fatalf("the password and its history are not shown escaped:\n%s", f)
	}
}

// TestSettingsKeepTheKeyFile: a new master password set in the app keeps
// the key file the vault needs.
func TestSettingsKeepTheKeyFile(t *testing.T) {
	cfg, _ := testConfig(t)
	if err := os.WriteFile("k.keyx", []byte("a key file\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	key := keyOf(t, "k.keyx")
	v, _, err := vault.Create(cfg.VaultPath, vault.NewVault{Credentials: vault.Credentials{Password: []byte(testMaster), KeyFile: key}, KDF: testKDF}, cfg.VaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	v.Lock()
	cfg.KeyFile = "k.keyx"
	a := unlockModel(t, cfg)
	newPw := testMaster + " and more"
	a = step(t, a, keys(",", "up", "enter")...)
	a = step(t, a, typed(testMaster)...)
	a = step(t, a, keys("tab")...)
	a = step(t, a, typed(newPw)...)
	a = step(t, a, keys("tab")...)
	a = step(t, a, typed(newPw)...)
	a = step(t, a, keys("enter")...)
	if f := plainFrame(a.render()); !strings.Contains(f, "master password changed") {
		t.Fatalf("not changed:\n%s", f)
	}
	f, err := vault.ReadFile(cfg.VaultPath, cfg.VaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w, err := f.Unlock(vault.Credentials{Password: []byte(newPw), KeyFile: key})
	if err != nil {
		t.Fatalf("the new password with the key file: %v", err)
	}
	defer w.Lock()
	if !w.HasKeyFile() {
		t.Fatal("the key file was dropped")
	}
}
