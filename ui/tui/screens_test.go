package tui

// Golden snapshots of every screen in its states, at 60, 80 and 120
// columns, drawn from the model as the program draws it; and a flow through
// a real program with teatest. Refresh them with: go test ./ui/tui -update
//
// Every frame is also checked: no line wider than the window, no line cut
// with "…" but the cells of the entries table, no test secret.

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/passtea/passtea/crypto/keyfile"
	"github.com/passtea/passtea/vault"
)

// widths are the terminal widths of the goldens.
var widths = []int{60, 80, 120}

// shooter drives the app as a model at one width and takes golden shots.
type shooter struct {
	t   *testing.T
	a   *App
	w   int
	cfg Config
	cb  *fakeClipboard
}

func (s *shooter) press(ks ...string) { s.t.Helper(); s.a = step(s.t, s.a, keys(ks...)...) }
func (s *shooter) typ(text string)    { s.t.Helper(); s.a = step(s.t, s.a, typed(text)...) }
func (s *shooter) send(m tea.Msg)     { s.t.Helper(); s.a = step(s.t, s.a, m) }

// shotMasked is shot with each of secrets (a recovery code: its groups of
// four as shown, in two lines) written as X's, after checking that the
// frame shows them.
func (s *shooter) shotMasked(name string, secrets ...string) {
	s.t.Helper()
	f := plainFrame(s.a.render())
	checkFrame(s.t, s.a, f, s.w)
	for _, secret := range secrets {
		parts := []string{secret}
		if g := strings.Split(secret, "-"); len(g) == 8 {
			parts = []string{strings.Join(g[:4], "-"), strings.Join(g[4:], "-")}
		}
		for _, p := range parts {
			if !strings.Contains(f, p) {
				s.t.Fatalf("the frame does not show %q:\n%s", p, f)
			}
			f = strings.ReplaceAll(f, p, strings.Repeat("X", len(p)))
		}
	}
	checkGolden(s.t, name, f)
}

// shot checks the frame and compares it with its golden file.
func (s *shooter) shot(name string) {
	s.t.Helper()
	f := plainFrame(s.a.render())
	checkFrame(s.t, s.a, f, s.w)
	checkGolden(s.t, name, f)
}

// want fails unless the frame holds every one of texts (a text may be
// wrapped over lines).
func (s *shooter) want(texts ...string) {
	s.t.Helper()
	f := plainFrame(s.a.render())
	var flat []string
	for _, l := range strings.Split(f, "\n") {
		flat = append(flat, strings.TrimSpace(l))
	}
	joined := strings.Join(flat, " ")
	for _, text := range texts {
		if !strings.Contains(f, text) && !strings.Contains(joined, text) {
			s.t.Fatalf("the frame does not hold %q:\n%s", text, f)
		}
	}
}

// checkFrame checks what every frame must be: no line wider than the
// window, and in the body no line cut with "…" (long values wrap), except
// the cells of the entries table.
func checkFrame(t *testing.T, a *App, frame string, w int) {
	t.Helper()
	lines := strings.Split(frame, "\n")
	body := a.c.bodyHeight(a.helpLines())
	for i, l := range lines {
		if lw := lipgloss.Width(l); lw > w {
			t.Errorf("line %d is %d cells wide in a %d-column window: %q", i, lw, w, l)
		}
		if strings.Trim(l, " …") == "" && strings.Contains(l, "…") {
			t.Errorf("line %d is a stray …: %q", i, l)
		}
		inBody := i >= 2 && i < 2+body
		if inBody && a.active != screenEntries && strings.HasSuffix(l, "…") {
			t.Errorf("line %d of the body is cut: %q", i, l)
		}
	}
}

// atWidths runs script at each width, on a vault made by setup (nil: no
// vault), as a subtest named after the width.
func atWidths(t *testing.T, setup func(t *testing.T, cfg Config), script func(s *shooter)) {
	for _, w := range widths {
		t.Run(fmt.Sprint(w), func(t *testing.T) {
			cfg, cb := testConfig(t)
			if setup != nil {
				setup(t, cfg)
			}
			a := New(cfg)
			a = step(t, a, append(runCmd(a.Init()), windowSize(w, 24))...)
			script(&shooter{t: t, a: a, w: w, cfg: cfg, cb: cb})
		})
	}
}

// sample makes a vault with the sample entries.
func sample(t *testing.T, cfg Config) { makeVault(t, cfg, sampleEntries()...) }

// unlock unlocks the vault on the unlock screen. The key derivation's
// time, as the vault measured it, varies from run to run; strength meters
// use it, so the shots use a fixed one.
func (s *shooter) unlock() {
	s.t.Helper()
	s.typ(testMaster)
	s.press("enter")
	if s.a.active != screenEntries && s.a.active != screenForm {
		s.t.Fatalf("screen %s after unlocking", s.a.active)
	}
	s.a.c.kdfTime = 500 * time.Millisecond
}

func TestCreateScreen(t *testing.T) {
	atWidths(t, nil, func(s *shooter) {
		s.want("Create your vault")
		s.shot("empty")
		s.typ("password1")
		s.want("very weak")
		s.shot("weak")
		s.press("enter")
		s.typ("password2")
		s.press("enter")
		s.want("the passwords do not match")
		s.shot("mismatch")
		s.typ("password1")
		s.press("enter")
		s.want("ctrl+y")
		s.shot("confirm-weak")

		// The key derivation at work, drawn from the model (the spinner's
		// frame and the elapsed time are frozen).
		c := s.a.createS()
		c.phase, c.start = phaseCalibrating, testTime
		s.shot("calibrating")
		c.phase, c.params = phaseDeriving, vault.DefaultKDF
		s.want("deriving key: argon2id, 256 MiB, 3 passes, 4 lanes…")
		s.shot("deriving")
		c.phase = phaseInput

		s.press("ctrl+y")
		// The recovery code, shown once: the shot masks it.
		code := s.a.createS().code
		s.want("Your recovery code", "enter I have written it down")
		s.shotMasked("recovery-code", code)
		s.press("enter")
		s.want("No entries yet", "created the vault")
		if strings.Contains(plainFrame(s.a.render()), code[:9]) || s.a.createS() != nil {
			s.t.Fatal("the recovery code outlived its page")
		}
		s.shot("created")
		if _, err := os.Stat(s.cfg.VaultPath); err != nil {
			s.t.Fatal(err)
		}
	})
}

// TestCreateOptions: the key file and the recovery code are chosen on the
// create screen; a vault made with a key file needs it, and one made
// without a recovery code has none.
func TestCreateOptions(t *testing.T) {
	atWidths(t, nil, func(s *shooter) {
		key := "k.keyx" // in the test's own directory (see testConfig)
		if err := os.WriteFile(key, []byte("any file is a key file\n"), 0o600); err != nil {
			s.t.Fatal(err)
		}
		var remembered string
		s.a.c.cfg.RememberKeyFile = func(p string) error { remembered = p; return nil }
		s.typ(testMaster)
		s.press("tab")
		s.typ(testMaster)
		s.press("tab")
		s.typ(key)
		s.press("tab", "space")
		s.want("[ ] none", "Without a recovery code, a forgotten master password loses the vault.")
		s.shot("options")
		s.press("enter")
		s.want("No entries yet", "created the vault; remembered its key file")
		if remembered != key {
			s.t.Fatalf("remembered %q", remembered)
		}
		f, err := vault.ReadFile(s.cfg.VaultPath, s.cfg.VaultOptions)
		if err != nil {
			s.t.Fatal(err)
		}
		defer f.Close()
		if _, err := f.Unlock(vault.Credentials{Password: []byte(testMaster)}); !errors.Is(err, vault.ErrWrongPassword) {
			s.t.Fatalf("the password alone: %v", err)
		}
		kf, _, err := keyfile.ReadFile(key)
		if err != nil {
			s.t.Fatal(err)
		}
		v, err := f.Unlock(vault.Credentials{Password: []byte(testMaster), KeyFile: kf})
		if err != nil {
			s.t.Fatal(err)
		}
		defer v.Lock()
		if v.HasRecoveryCode() || !v.HasKeyFile() {
			s.t.Fatalf("recovery code %v, key file %v", v.HasRecoveryCode(), v.HasKeyFile())
		}
	})
}

// TestCreateOverBackup: a backup without its vault may be the only copy:
// the create screen says how to restore it, and creates a vault only when
// asked to, moving the backup aside.
func TestCreateOverBackup(t *testing.T) {
	atWidths(t, func(t *testing.T, cfg Config) {
		makeVault(t, cfg, sampleEntries()...)
		if err := os.Rename(cfg.VaultPath, cfg.VaultPath+".bak"); err != nil {
			t.Fatal(err)
		}
	}, func(s *shooter) {
		s.want("the vault file is missing, but its backup vault.passtea.bak exists: restore it with `mv vault.passtea.bak vault.passtea`", "ctrl+n create a new vault anyway")
		s.shot("backup")
		s.typ(testMaster) // nothing to type into yet
		if s.a.createS().pw.Len() != 0 {
			s.t.Fatal("typed into a hidden field")
		}
		s.press("ctrl+n")
		s.typ(testMaster)
		s.press("enter")
		s.typ(testMaster)
		s.press("tab", "tab", "space", "enter")
		s.want("No entries yet", "was moved to vault.passtea.bak.")
		if _, err := os.Stat(s.cfg.VaultPath + ".bak"); !os.IsNotExist(err) {
			s.t.Fatalf("the backup is still where the new vault's will go: %v", err)
		}
		moved, _ := filepath.Glob(s.cfg.VaultPath + ".bak.*")
		if len(moved) != 1 {
			s.t.Fatalf("moved aside: %q", moved)
		}
	})
}

func TestCreateStrongPassword(t *testing.T) {
	atWidths(t, nil, func(s *shooter) {
		s.typ(testMaster)
		s.want("strong")
		s.shot("strong")
	})
}

func TestUnlockScreen(t *testing.T) {
	atWidths(t, sample, func(s *shooter) {
		s.want("Unlock your vault")
		s.shot("prompt")
		s.typ("not the password")
		s.press("enter")
		s.want("wrong master password")
		s.shot("wrong")
		for range 2 {
			s.typ("still wrong")
			s.press("enter")
		}
		s.want("wait 2 s before the next try")
		s.shot("delay")
	})
}

func TestUnlockDamaged(t *testing.T) {
	atWidths(t, func(t *testing.T, cfg Config) {
		makeVault(t, cfg)
		b, err := os.ReadFile(cfg.VaultPath)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(cfg.VaultPath, b[:len(b)/2], 0o600); err != nil {
			t.Fatal(err)
		}
	}, func(s *shooter) {
		s.want("cannot open the vault")
		s.shot("damaged")
		if _, quit := stepQuit(s.t, s.a, keys("esc")...); !quit {
			s.t.Fatal("esc did not quit")
		}
	})
}

func TestEntriesScreen(t *testing.T) {
	atWidths(t, sample, func(s *shooter) {
		s.unlock()
		s.shot("list")
		s.press("down", "down")
		s.shot("moved")
		s.press("/")
		s.typ("gi")
		s.want("2 of 5 entries")
		s.shot("filtered")
		s.typ("zz")
		s.want("No entry matches")
		s.shot("no-match")
		s.press("esc")
		s.want("5 entries")
		s.shot("cleared")
		s.press("d")
		s.want("move bank/checking to the trash? y/n")
		s.shot("delete")
		s.press("y")
		s.want("moved bank/checking to the trash (t shows it)", "4 entries")
		s.shot("deleted")
		s.press("?")
		s.want("copy username")
		s.shot("help")
	})
}

func TestEntriesEmpty(t *testing.T) {
	atWidths(t, func(t *testing.T, cfg Config) { makeVault(t, cfg) }, func(s *shooter) {
		s.unlock()
		s.shot("empty")
	})
}

// revealEntries has an entry whose (fake) password may be shown in a golden
// file, with an earlier password in its history and 30 lines of notes, and
// one with values longer than any window.
func revealEntries(t *testing.T, cfg Config) {
	makeVault(t, cfg, sampleEntries()...)
	v, err := vault.Open(cfg.VaultPath, []byte(testMaster), cfg.VaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Lock()
	e, err := v.Add(vault.NewEntry{Name: "demo", Username: "shown-in-tests", URLs: []string{"https://demo.example"}, Secret: vault.Secret{Password: "old-Il1O0-demo", Notes: numberedLines(30)}})
	if err != nil {
		t.Fatal(err)
	}
	pw := "Il1|O0o-demo-42"
	if _, err := v.Edit(e.ID, vault.Change{Password: &pw}); err != nil {
		t.Fatal(err)
	}
	if _, err := v.Add(vault.NewEntry{Name: "long/" + strings.Repeat("n", 70), Username: strings.Repeat("u", 90) + "@example.com",
		URLs: []string{"https://example.com/" + strings.Repeat("path/", 28)}, Tags: []string{"one", "two"}, Secret: vault.Secret{Password: longPassword, Notes: strings.Repeat("a long line of notes ", 12)}}); err != nil {
		t.Fatal(err)
	}
}

// longPassword is 120 characters: longer than the window at 80 columns.
var longPassword = strings.Repeat("Long-pw-0123456789-", 6) + "end-of-it!!!"

func numberedLines(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "line %d of the notes\n", i+1)
	}
	return b.String()
}

func TestEntryScreen(t *testing.T) {
	atWidths(t, revealEntries, func(s *shooter) {
		s.unlock()
		s.press("/")
		s.typ("demo")
		s.press("enter")
		s.want("r reveal")
		s.shot("masked")
		s.press("r")
		s.want("Il1|O0o-demo-42")
		s.shot("revealed")
		s.press("h")
		s.want("history (1)", "password")
		s.shot("history")
		s.press("r", "h", "down", "down", "down")
		s.want("••••", "4–")
		s.shot("notes-scrolled")
		s.press("G")
		s.want("of 31")
		s.shot("notes-bottom")
		s.press("home")
		s.want(" 1–")
		s.press("end")
		s.want("of 31")
		s.press("c")
		s.want("copied password of demo — clears in 20 s")
		s.shot("copied")
		if s.cb.get() != "Il1|O0o-demo-42" {
			s.t.Fatalf("clipboard holds %q", s.cb.get())
		}
		s.press("d")
		s.shot("delete")
		s.press("n", "?")
		s.shot("help")
	})
}

// TestLongValues: a name, username, URL and revealed password longer than
// the window are shown in full, wrapped, with no "…" anywhere.
func TestLongValues(t *testing.T) {
	atWidths(t, revealEntries, func(s *shooter) {
		s.unlock()
		s.press("/")
		s.typ("long")
		s.press("enter", "r")
		s.shot("revealed")
		f := plainFrame(s.a.render())
		joined := strings.ReplaceAll(strings.ReplaceAll(f, "\n", ""), " ", "")
		for _, v := range []string{longPassword, strings.Repeat("u", 90) + "@example.com", "https://example.com/" + strings.Repeat("path/", 28)} {
			if !strings.Contains(joined, v) {
				s.t.Errorf("%q is not shown in full:\n%s", v, f)
			}
		}
		body := strings.Split(f, "\n")[2 : 2+s.a.c.bodyHeight(s.a.helpLines())]
		if strings.Contains(strings.Join(body, "\n"), "…") {
			s.t.Errorf("a value is cut:\n%s", f)
		}
	})
}

// TestNarrowWindows: at 50 columns every screen fits, cut nowhere but in
// the table's cells.
func TestNarrowWindows(t *testing.T) {
	cfg, _ := testConfig(t)
	revealEntries(t, cfg)
	a := New(cfg)
	a = step(t, a, append(runCmd(a.Init()), windowSize(50, 20))...)
	check := func(what string) {
		t.Helper()
		f := plainFrame(a.render())
		checkFrame(t, a, f, 50)
		if t.Failed() {
			t.Fatalf("%s:\n%s", what, f)
		}
	}
	check("unlock")
	a = step(t, a, typed(testMaster)...)
	a = step(t, a, keys("enter")...)
	check("entries")
	for _, tc := range []struct {
		keys []string
		what string
	}{
		{[]string{"/", "l", "o", "n", "g", "enter", "r"}, "a long entry, revealed"},
		{[]string{"h"}, "its history"},
		{[]string{"e"}, "the form"},
		{[]string{"ctrl+o"}, "the generator from the form"},
		{[]string{"tab"}, "passphrases"},
		{[]string{"esc", "esc", "y", "esc", ","}, "settings"},
		{[]string{"up", "enter"}, "the master password change"},
		{[]string{"esc", "esc", "?"}, "the full help"},
	} {
		a = step(t, a, keys(tc.keys...)...)
		check(tc.what)
	}
}

func TestFormScreen(t *testing.T) {
	atWidths(t, sample, func(s *shooter) {
		s.unlock()
		s.press("n")
		s.want("new entry", "ctrl+g")
		s.shot("new")
		s.typ("github")
		s.press("tab")
		s.typ("bob")
		s.press("tab")
		s.typ("password")
		s.want("very weak")
		s.shot("weak-password")
		s.press("ctrl+g")
		s.want("generated a 20-character password")
		s.shot("generated")
		s.press("ctrl+s")
		s.want("an entry with that name already exists")
		s.shot("save-failed")
		s.press("end")
		s.typ("-2")
		s.press("ctrl+s")
		s.want("added github-2", "6 entries")
		s.shot("added")
		s.press("e")
		s.want("edit github-2")
		s.shot("edit")
		s.press("tab")
		s.typ("x")
		s.press("esc")
		s.want("discard your changes?")
		s.shot("discard")
		s.press("n", "ctrl+c")
		s.want("quit and discard your unsaved changes?")
		s.shot("quit-unsaved")
		s.press("n", "f1")
		s.shot("help")
	})
}

// TestFormConflict: a save that finds the entry changed by another passtea
// since the form opened saves nothing and says so; r reloads theirs, k
// saves mine over it. One deleted elsewhere offers to save it as new.
func TestFormConflict(t *testing.T) {
	atWidths(t, sample, func(s *shooter) {
		s.unlock()
		s.press("enter", "e", "tab")
		s.typ("-mine")
		other := func(fn func(v *vault.Vault, e vault.Entry)) {
			v, err := vault.Open(s.cfg.VaultPath, []byte(testMaster), s.cfg.VaultOptions)
			if err != nil {
				s.t.Fatal(err)
			}
			defer v.Lock()
			e, err := v.Get("bank/checking")
			if err != nil {
				s.t.Fatal(err)
			}
			fn(v, e)
		}
		theirs := "B7654321"
		other(func(v *vault.Vault, e vault.Entry) {
			if _, err := v.Edit(e.ID, vault.Change{Username: &theirs}); err != nil {
				s.t.Fatal(err)
			}
		})
		s.press("ctrl+s")
		s.want("bank/checking was changed by another passtea since you opened it.")
		s.shot("changed")
		s.press("r")
		if got := s.a.form().user.Value(); got != theirs {
			s.t.Fatalf("after reload the username is %q", got)
		}
		s.shot("reloaded")
		s.typ("-mine")
		other(func(v *vault.Vault, e vault.Entry) {
			u := "C0000000"
			if _, err := v.Edit(e.ID, vault.Change{Username: &u}); err != nil {
				s.t.Fatal(err)
			}
		})
		s.press("ctrl+s", "k")
		s.want("saved bank/checking")
		other(func(v *vault.Vault, e vault.Entry) {
			if e.Username != theirs+"-mine" {
				s.t.Fatalf("k saved %q", e.Username)
			}
		})
		s.press("e", "tab")
		s.typ("-again")
		other(func(v *vault.Vault, e vault.Entry) {
			if err := v.Delete(e.ID); err != nil {
				s.t.Fatal(err)
			}
		})
		s.press("ctrl+s")
		s.want("bank/checking was deleted by another passtea.")
		s.shot("gone")
		s.press("s")
		s.want("added bank/checking")
	})
}

func TestGeneratorScreen(t *testing.T) {
	atWidths(t, sample, func(s *shooter) {
		s.unlock()
		s.press("g")
		s.want("entropy")
		s.shot("characters")
		s.press("!", "A", "left", "left", "left", "left")
		s.want("‹ 16 ›")
		s.shot("toggled")
		s.press("x")
		s.typ("aeiou")
		s.press("enter")
		s.want("aeiou  (x)")
		s.shot("excluded")
		s.press("a", "0")
		s.want("no character class is enabled")
		s.press("c")
		s.want("nothing to copy: every character class is off: turn one on with a, A, 0 or !")
		s.shot("no-class")
		s.press("a", "tab")
		s.want("separator")
		s.shot("passphrase")
		s.press("C", "#", "S", "right")
		s.want("‹ 7 ›")
		s.shot("passphrase-options")
		s.press("tab")
		s.want("digits")
		s.shot("pin")
		s.press("space", "c")
		s.want("copied generated PIN — clears in 20 s")
		if v := s.cb.get(); len(v) != 6 {
			s.t.Fatalf("clipboard holds %q, want a 6-digit PIN", v)
		}
		s.shot("copied")
		s.press("?")
		s.shot("help")
	})
}

func TestGeneratorFromForm(t *testing.T) {
	atWidths(t, sample, func(s *shooter) {
		s.unlock()
		s.press("n")
		s.typ("site")
		s.press("ctrl+g")
		s.want("generated a 20-character password")
		s.press("ctrl+o")
		if g, ok := s.a.screens[screenGenerate].(*generateScreen); !ok || !g.forForm || !g.keys.Use.Enabled() {
			s.t.Fatal("the generator is not opened for the form")
		}
		s.press("right", "right", "right", "right")
		s.shot("generator")
		s.press("enter")
		s.want("▸ password", "using a 24-character password")
		s.shot("form")
		if strings.Contains(plainFrame(s.a.render()), "20-character") {
			s.t.Fatal("the status still names the 20-character password")
		}
	})
}

func TestSettingsScreen(t *testing.T) {
	atWidths(t, sample, func(s *shooter) {
		s.unlock()
		s.press(",")
		s.want("clear clipboard after")
		s.shot("list")
		s.press("right")
		s.want("clipboard clears after 30 s")
		s.press("down", "left", "left")
		s.want("‹ 1 min ›")
		s.shot("changed")
		s.press("down", "down", "enter")
		s.want("Change the master password.")
		s.typ("wrong")
		s.press("enter")
		s.typ("w1nter-is-coming!")
		s.want("very strong")
		s.shot("change-password")
		s.press("esc", "up", "enter")
		s.want("calibrate the key derivation")
		s.typ(testMaster)
		_, cmd := s.a.Update(keyMsg("enter")) // the work not yet done
		s.shot("working")
		s.a = step(s.t, s.a, runCmd(cmd)...)
		s.press("esc")
		s.want("5 entries")
	})
}

func TestSettingsWrongCurrentPassword(t *testing.T) {
	atWidths(t, sample, func(s *shooter) {
		s.unlock()
		s.press(",", "up", "enter")
		s.typ("not it")
		s.press("enter")
		newPw := testMaster + " and more"
		s.typ(newPw)
		s.press("enter")
		s.typ(newPw)
		s.press("enter")
		s.want("wrong master password")
		s.shot("wrong-current")
		s.typ(testMaster)
		s.press("enter")
		s.want("master password changed")
		if _, err := vault.Open(s.cfg.VaultPath, []byte(newPw), s.cfg.VaultOptions); err != nil {
			s.t.Fatalf("the new password does not open the vault: %v", err)
		}
	})
}

// TestDraftKeptOverAutoLock: auto-lock does not lose a form with changes:
// while locked it is out of every screen (and the unlock screen says it is
// kept), and the unlock brings it back.
func TestDraftKeptOverAutoLock(t *testing.T) {
	atWidths(t, sample, func(s *shooter) {
		s.unlock()
		s.press("enter", "e", "tab")
		s.typ("-draft")
		s.a.lastActivity = testTime.Add(-defaultAutoLock)
		s.send(idleTickMsg{gen: s.a.idleGen})
		if s.a.active != screenUnlock || s.a.form() != nil {
			s.t.Fatalf("screen %s: not locked, or the form is still a screen", s.a.active)
		}
		s.want("unsaved changes to bank/checking are kept in memory until you unlock")
		s.shot("locked")
		if strings.Contains(plainFrame(s.a.render()), "A1234567-draft") {
			s.t.Fatal("the draft is drawn while locked")
		}
		s.unlock()
		if s.a.active != screenForm || s.a.form().user.Value() != "A1234567-draft" {
			s.t.Fatalf("screen %s after unlock: the draft is not back", s.a.active)
		}
		s.shot("restored")
		s.press("ctrl+s")
		s.want("saved bank/checking")
	})
}

// TestStaleStatus: a result in the status line is gone once the user acts
// again: "saved" does not stay beside the next form's error, nor an old
// "not saved" beside a new one.
func TestStaleStatus(t *testing.T) {
	cfg, _ := testConfig(t)
	a := startModel(t, cfg)
	a = step(t, a, keys("n")...)
	a = step(t, a, typed("zeta")...)
	a = step(t, a, keys("ctrl+s")...)
	if !strings.HasPrefix(a.status, "added zeta") {
		t.Fatalf("status %q", a.status)
	}
	a = step(t, a, keys("n", "ctrl+s")...)
	f := plainFrame(a.render())
	if strings.Contains(f, "added zeta") || !strings.Contains(f, "not saved: ") {
		t.Fatalf("the form's error beside the last save's result:\n%s", f)
	}
	a = step(t, a, typed("email")...)
	a = step(t, a, keys("ctrl+s")...)
	f = plainFrame(a.render())
	if strings.Count(f, "not saved") != 0 && strings.Count(f, "already exists") != 1 {
		t.Fatalf("two errors on screen:\n%s", f)
	}
	if strings.Contains(f, "the name is empty") {
		t.Fatalf("the old error stayed:\n%s", f)
	}
}

// TestHelpHasNoDuplicates: the full help of every screen names each key
// once, and only keys that work.
func TestHelpHasNoDuplicates(t *testing.T) {
	cfg, _ := testConfig(t)
	a := startModel(t, cfg)
	check := func(where string) {
		t.Helper()
		seen := map[string]bool{}
		for _, col := range a.helpKeys().FullHelp() {
			for _, b := range enabled(col) {
				for _, k := range b.Keys() {
					if seen[k] {
						t.Errorf("%s: %q twice in the help", where, k)
					}
					seen[k] = true
				}
			}
		}
	}
	for _, tc := range []struct {
		keys  []string
		where string
	}{
		{nil, "entries"},
		{[]string{"/"}, "filtering"},
		{[]string{"esc", "d"}, "delete?"},
		{[]string{"n", "enter"}, "entry"},
		{[]string{"e"}, "form"},
		{[]string{"ctrl+o"}, "generator from the form"},
		{[]string{"esc", "esc", "y", "esc", "g"}, "generator"},
		{[]string{"tab"}, "passphrase"},
		{[]string{"esc", ","}, "settings"},
		{[]string{"up", "enter"}, "password change"},
	} {
		a = step(t, a, keys(tc.keys...)...)
		check(tc.where)
	}
}

// TestFormHelpAt60: the form's help line keeps esc cancel at 60 columns.
func TestFormHelpAt60(t *testing.T) {
	cfg, _ := testConfig(t)
	a := startModel(t, cfg)
	a = step(t, a, windowSize(60, 24))
	a = step(t, a, keys("n")...)
	if h := plainFrame(a.helpView()); !strings.Contains(h, "esc cancel") || !strings.Contains(h, "f1 more") {
		t.Fatalf("help at 60 columns: %q", h)
	}
}

// TestLegendHiddenWithoutColour: with NO_COLOR the generator does not show
// the legend of its colours.
func TestLegendHiddenWithoutColour(t *testing.T) {
	for _, noColor := range []bool{false, true} {
		cfg, _ := testConfig(t)
		cfg.NoColor = noColor
		a := startModel(t, cfg)
		a = step(t, a, keys("g")...)
		if got := strings.Contains(plainFrame(a.render()), "colours:"); got == noColor {
			t.Errorf("NO_COLOR %v: legend shown %v", noColor, got)
		}
	}
}

// TestProgram runs the app as a real Bubble Tea program: create a vault,
// add an entry, copy its password, lock and unlock.
func TestProgram(t *testing.T) {
	cfg, cb := testConfig(t)
	h := startApp(t, cfg, 80, 24)
	h.waitText("Create your vault")
	h.typ(testMaster)
	h.press("enter")
	h.typ(testMaster)
	h.press("enter")
	h.waitText("Your recovery code", "enter I have written it down")
	h.press("enter")
	h.waitText("No entries yet")
	h.press("n")
	h.typ("github")
	h.press("tab", "tab")
	h.typ(testPassword)
	h.press("ctrl+s")
	h.waitText("added github")
	h.press("c")
	h.waitText("copied password of github")
	if cb.get() != testPassword {
		t.Fatalf("clipboard %q", cb.get())
	}
	h.press("L")
	h.waitText("Unlock your vault")
	// The clear runs in a command, after the frame: wait for it.
	teatest.WaitFor(t, strings.NewReader(""), func([]byte) bool { return cb.get() == "" },
		teatest.WithDuration(10*time.Second), teatest.WithCheckInterval(2*time.Millisecond))
	h.typ(testMaster)
	h.press("enter")
	h.waitFor("the entries", func(f string) bool { return strings.Contains(f, "1 entry") && utf8.ValidString(f) })
	h.waitGone("Unlock your vault")
}
