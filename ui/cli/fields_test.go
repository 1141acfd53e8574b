// Tests of custom fields and URLs through add, edit, get and history, and
// of the syntax --field takes.

package cli

import (
	"slices"
	"strings"
	"testing"

	"github.com/passtea/passtea/vault"
)

func TestParseFieldRef(t *testing.T) {
	for _, tc := range []struct {
		in      string
		builtin string
		custom  string
		usage   bool
	}{
		{"password", "password", "", false},
		{"urls", "urls", "", false},
		{"PIN", "", "PIN", false},
		{"Password", "", "Password", false}, // built-in names are lower-case
		{"custom:password", "", "password", false},
		{"custom:custom:x", "", "custom:x", false},
		{"with space", "", "with space", false},
		{"", "", "", true},
		{"custom:", "", "", true},
	} {
		got, err := parseFieldRef(tc.in)
		if tc.usage {
			if err == nil {
				t.Errorf("parseFieldRef(%q) = %+v, want a usage error", tc.in, got)
			}
			continue
		}
		if err != nil || got.builtin != tc.builtin || got.custom != tc.custom {
			t.Errorf("parseFieldRef(%q) = %+v, %v", tc.in, got, err)
		}
	}
}

func FuzzParseFieldRef(f *testing.F) {
	for _, s := range []string{"password", "custom:password", "PIN", "custom:", "", "custom:custom:"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ref, err := parseFieldRef(s)
		if err != nil {
			return
		}
		if (ref.builtin == "") == (ref.custom == "") {
			t.Fatalf("%q names both or neither: %+v", s, ref)
		}
		// A custom field is always reachable as custom:NAME.
		if ref.custom != "" {
			if again, err := parseFieldRef(customPrefix + ref.custom); err != nil || again != ref {
				t.Fatalf("custom:%s reads as %+v, %v", ref.custom, again, err)
			}
		}
	})
}

func TestCustomFields(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	v.secret("bank-Secret-1")
	r := v.ok("bank-Secret-1\n", "add", "bank", "--set-field-plain", "Account=1234 5678", "--set-field-plain", "username=not the real one")
	wantStderr(t, r, "passtea: note: --field username means the built-in field; this custom field is --field custom:username\nadded bank\n")
	if got := v.get("bank", "Account"); got != "1234 5678" {
		t.Errorf("Account = %q", got)
	}
	// The built-in field wins; custom: reaches the custom one.
	if got := v.get("bank", "username"); got != "" {
		t.Errorf("--field username = %q, want the built-in (empty)", got)
	}
	if got := v.get("bank", "custom:username"); got != "not the real one" {
		t.Errorf("--field custom:username = %q", got)
	}

	// A concealed field from standard input, whole: it may span lines.
	pin := "4321"
	key := "-----BEGIN KEY-----\nAAAA\n-----END KEY-----"
	v.secret(pin, key)
	r = v.ok(pin+"\n", "edit", "bank", "--set-field", "PIN")
	wantStderr(t, r, "changed bank")
	v.ok(key+"\n", "edit", "bank", "--set-field", "SSH key")
	if got := v.get("bank", "PIN"); got != pin {
		t.Errorf("PIN = %q", got)
	}
	if got := v.get("bank", "SSH key"); got != key {
		t.Errorf("SSH key = %q", got)
	}
	it := v.contents(testMaster)["bank"]
	want := []vault.Field{{Name: "Account", Value: "1234 5678"}, {Name: "username", Value: "not the real one"}, {Name: "PIN", Value: pin, Concealed: true}, {Name: "SSH key", Value: key, Concealed: true}}
	if !slices.Equal(it.Fields, want) {
		t.Errorf("fields %+v, want %+v", it.Fields, want)
	}

	// Set again: same place, new value, the old one in the history.
	v.secret("9876")
	v.ok("9876\n", "edit", "bank", "--set-field", "PIN")
	v.ok("", "edit", "bank", "--unset-field", "username", "--set-field-plain", "Branch=North")
	it = v.contents(testMaster)["bank"]
	if names := fieldNames(it.Fields); !slices.Equal(names, []string{"Account", "PIN", "SSH key", "Branch"}) {
		t.Errorf("fields after edits: %q", names)
	}
	r = v.ok("", "history", "bank", "--field", "PIN")
	if lines := strings.Split(strings.TrimSpace(r.stdout), "\n"); len(lines) != 1 || !strings.HasSuffix(lines[0], "  "+pin) {
		t.Errorf("history of PIN: %q", r.stdout)
	}
	r = v.ok("", "history", "bank", "--field", "custom:username")
	if !strings.HasSuffix(r.stdout, "  not the real one\n") || r.stderr != `bank has no field "username" now; the values it had:`+"\n" {
		t.Errorf("history of the removed field: %q / %q", r.stdout, r.stderr)
	}

	// Mistakes: an unknown field lists the entry's; a bad spec is usage.
	r = v.run("", "get", "bank", "--field", "Pin")
	wantOneLineError(t, r, 1)
	wantStderr(t, r, `bank has no field "Pin"; its custom fields are "Account", "PIN", "SSH key", "Branch"`)
	r = v.run("", "edit", "bank", "--unset-field", "Nope")
	wantOneLineError(t, r, 1)
	wantStderr(t, r, `bank has no field "Nope"`)
	wantOneLineError(t, v.run("", "edit", "bank", "--set-field-plain", "novalue"), 2)
	wantOneLineError(t, v.run("", "edit", "bank", "--set-field", "PIN"), 2) // empty stdin
	r = v.run("x\n", "add", "other", "--set-field", "PIN")
	wantOneLineError(t, r, 2)
	wantStderr(t, r, "which carries the password")
	r = v.run("", "add", "gen", "--generate", "--set-field-plain", "A=1", "--set-field-plain", "A=2")
	wantOneLineError(t, r, 2)
	r = v.run("a\x1bb\n", "edit", "bank", "--set-field", "Bad")
	wantOneLineError(t, r, 1)
	wantStderr(t, r, "control character")

	// A custom field named like a built-in one is noted.
	r = v.ok("", "edit", "bank", "--set-field-plain", "notes=x")
	wantStderr(t, r, "--field notes means the built-in field; this custom field is --field custom:notes")
}

func fieldNames(fs []vault.Field) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.Name
	}
	return out
}

func TestURLs(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	v.add("site", "site-Secret-1", "--url", "https://a.example", "--url", "https://b.example")
	if got := v.get("site", "url"); got != "https://a.example" {
		t.Errorf("url = %q", got)
	}
	if got := v.get("site", "urls"); got != "https://a.example\nhttps://b.example" {
		t.Errorf("urls = %q", got)
	}
	v.ok("", "edit", "site", "--add-url", "https://c.example", "--remove-url", "https://a.example")
	if got := v.get("site", "urls"); got != "https://b.example\nhttps://c.example" {
		t.Errorf("after --add-url/--remove-url: %q", got)
	}
	v.ok("", "edit", "site", "--url", "https://d.example")
	if got := v.get("site", "urls"); got != "https://d.example" {
		t.Errorf("after --url: %q", got)
	}
	r := v.ok("", "history", "site", "--field", "urls")
	if !strings.Contains(r.stdout, "    https://b.example\n    https://c.example\n") {
		t.Errorf("history of the URLs: %q", r.stdout)
	}
	r = v.run("", "edit", "site", "--remove-url", "https://zzz")
	wantOneLineError(t, r, 1)
	wantStderr(t, r, `site has no URL "https://zzz"`)
	wantOneLineError(t, v.run("", "edit", "site", "--url", "x", "--add-url", "y"), 2)
	v.ok("", "edit", "site", "--url", "")
	if got := v.get("site", "urls"); got != "" {
		t.Errorf("--url '' left %q", got)
	}
}
