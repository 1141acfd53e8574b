package passstore

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/passtea/passtea/interop"
)

// gpgHome makes a GnuPG home with a fresh key without a passphrase and
// returns its fingerprint. It sets GNUPGHOME for the test (not parallel).
func gpgHome(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("gpg"); err != nil {
		t.Skip("gpg is not installed")
	}
	home, err := os.MkdirTemp("", "gpg")
	if err != nil {
		t.Fatal(err)
	}
	os.Chmod(home, 0o700)
	t.Setenv("GNUPGHOME", home)
	t.Cleanup(func() {
		exec.Command("gpgconf", "--kill", "gpg-agent").Run()
		os.RemoveAll(home)
	})
	run(t, nil, "gpg", "--batch", "--passphrase", "", "--quick-gen-key", "passtea test <test@passtea.invalid>", "future-default", "default", "never")
	out := run(t, nil, "gpg", "--batch", "--with-colons", "--list-secret-keys")
	for _, line := range strings.Split(out, "\n") {
		if f := strings.Split(line, ":"); f[0] == "fpr" {
			return f[9]
		}
	}
	t.Fatal("no key made")
	return ""
}

func run(t *testing.T, stdin *string, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	if stdin != nil {
		cmd.Stdin = strings.NewReader(*stdin)
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

// TestReadPassMadeStore reads a store that pass itself made.
func TestReadPassMadeStore(t *testing.T) {
	if _, err := exec.LookPath("pass"); err != nil {
		t.Skip("pass is not installed")
	}
	fpr := gpgHome(t)
	store := filepath.Join(t.TempDir(), "store")
	t.Setenv("PASSWORD_STORE_DIR", store)
	run(t, nil, "pass", "init", fpr)
	insert := func(name, content string) { run(t, &content, "pass", "insert", "-m", name) }
	insert("work/github", "gh-pass\nusername: alice\nurl: https://github.com\npin: 1234\notpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub\nrecovery codes follow\naaaa-bbbb\n")
	insert("mail", "only a password")
	insert("bank/card", "cardpw\n---\nuser: bob\nnumber: 4111\nsome free text\nhttps://bank.example/login\n")
	insert("hotp", "pw\notpauth://hotp/x?secret=JBSWY3DPEHPK3PXP&counter=5\n")
	os.WriteFile(filepath.Join(store, "README.txt"), []byte("not a secret"), 0o600)

	var progress []int
	im, err := ReadDir(context.Background(), store, Options{Options: interop.Options{Progress: func(done, total int) {
		if total != 4 {
			t.Errorf("progress total %d, want 4", total)
		}
		progress = append(progress, done)
	}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(progress) != 4 || progress[3] != 4 {
		t.Errorf("progress %v", progress)
	}
	byName := map[string]interop.Entry{}
	for _, e := range im.Entries {
		byName[e.Name] = e
	}
	gh := byName["work/github"]
	if gh.Password != "gh-pass" || gh.Username != "alice" || len(gh.URLs) != 1 || gh.URLs[0] != "https://github.com" {
		t.Errorf("work/github: %+v", gh.NewEntry)
	}
	if pin, ok := gh.Field("pin"); !ok || pin.Value != "1234" || !pin.Concealed {
		t.Errorf("pin field %+v", pin)
	}
	if !strings.HasPrefix(gh.OTP, "otpauth://totp/GitHub:alice?") || gh.Notes != "recovery codes follow\naaaa-bbbb" {
		t.Errorf("otp %q notes %q", gh.OTP, gh.Notes)
	}
	if gh.Modified.IsZero() {
		t.Error("no modified time")
	}
	card := byName["bank/card"]
	if card.Username != "bob" || card.Notes != "some free text\nhttps://bank.example/login" {
		t.Errorf("bank/card: %+v", card.NewEntry)
	}
	if n, _ := card.Field("number"); n.Value != "4111" || n.Concealed {
		t.Errorf("number field %+v", n)
	}
	if byName["mail"].Password != "only a password" {
		t.Errorf("mail: %+v", byName["mail"].NewEntry)
	}
	// pass-otp's counter is that of the last code: the next is 6.
	if h := byName["hotp"].OTP; !strings.Contains(h, "counter=6") {
		t.Errorf("hotp %q", h)
	}
	if len(im.Notes) != 1 || !strings.Contains(im.Notes[0], "1 files that are not .gpg") {
		t.Errorf("notes %q", im.Notes)
	}
}

func TestReadDirUndecryptable(t *testing.T) {
	gpgHome(t)
	store := t.TempDir()
	os.WriteFile(filepath.Join(store, "bad.gpg"), []byte("not encrypted"), 0o600)
	_, err := ReadDir(context.Background(), store, Options{})
	var re *interop.RecordError
	if !errors.As(err, &re) || re.Place != "bad.gpg" || !strings.Contains(err.Error(), "gpg cannot decrypt it") {
		t.Fatalf("err %v", err)
	}
}

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		in                  string
		password, user, not string
		fields              int
	}{
		{"pw", "pw", "", "", 0},
		{"pw\r\nlogin: x\r\n", "pw", "x", "", 0},
		{"pw\nhttps://example.com\n", "pw", "", "https://example.com", 0},
		{"pw\nkey:value-without-space\n", "pw", "", "key:value-without-space", 0},
		{"pw\n  indented: no\n", "pw", "", "  indented: no", 0},
		{"pw\nemail: a@b\nuser: u\nuser: v\n", "pw", "u", "", 2},
		{"\nsecond line\n", "", "", "second line", 0},
	} {
		var e interop.Entry
		Parse(&e, tc.in)
		if e.Password != tc.password || e.Username != tc.user || e.Notes != tc.not || len(e.Fields) != tc.fields {
			t.Errorf("Parse(%q) = %+v", tc.in, e.NewEntry)
		}
	}
}

// FuzzParse: any decrypted content gives an entry the vault takes, or
// one whose only fault is a value the vault refuses (which the import
// reports), and never panics.
func FuzzParse(f *testing.F) {
	f.Add("pw\nuser: u\nurl: https://x\notpauth://totp/x?secret=JBSWY3DPEHPK3PXP\nnotes\n---\nk: v\n")
	f.Add("\r\n\r\n")
	f.Add("pw\notpauth://hotp/x?secret=JBSWY3DPEHPK3PXP&counter=18446744073709551615\n")
	f.Fuzz(func(t *testing.T, content string) {
		var e interop.Entry
		e.Name = "x"
		Parse(&e, content)
		if strings.Contains(e.Notes, "\r") {
			t.Fatalf("CR left in notes %q", e.Notes)
		}
		im := interop.NewImport("pass", interop.Limits{})
		_ = im.Add(e)
	})
}
