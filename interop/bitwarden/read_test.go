package bitwarden

import (
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/passtea/passtea/interop"
	"github.com/passtea/passtea/interop/csvfmt"
	"github.com/passtea/passtea/vault"
)

func readFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func byName(im *interop.Import) map[string]interop.Entry {
	m := map[string]interop.Entry{}
	for _, e := range im.Entries {
		m[e.Name] = e
	}
	return m
}

func field(t *testing.T, e interop.Entry, name, value string, concealed bool) {
	t.Helper()
	f, ok := e.Field(name)
	if !ok || f.Value != value || f.Concealed != concealed {
		t.Errorf("%s: field %q = %+v (found %v), want %q concealed=%v", e.Name, name, f, ok, value, concealed)
	}
}

func TestReadPersonalJSON(t *testing.T) {
	im, err := ReadJSON(readFile(t, "personal.json"), interop.Options{})
	if err != nil {
		t.Fatal(err)
	}
	names := make([]string, len(im.Entries))
	for i, e := range im.Entries {
		names[i] = e.Name
	}
	want := []string{"Work/Dev/GitHub", "Wifi", "Work/Visa", "Me", "deploy key", "Work/Dev/GitHub (2)"}
	if !slices.Equal(names, want) {
		t.Fatalf("names %q, want %q", names, want)
	}
	m := byName(im)
	gh := m["Work/Dev/GitHub"]
	if gh.Username != "alice" || gh.Password != "current-pass" || !slices.Equal(gh.URLs, []string{"https://github.com/login", "https://gist.github.com"}) {
		t.Errorf("GitHub: %+v", gh.NewEntry)
	}
	if gh.Notes != "recovery codes in the safe\nsecond line" {
		t.Errorf("notes %q", gh.Notes)
	}
	if !strings.HasPrefix(gh.OTP, "otpauth://totp/GitHub:alice?") || !slices.Equal(gh.Tags, []string{"favorite"}) {
		t.Errorf("otp %q tags %q", gh.OTP, gh.Tags)
	}
	field(t, gh, "PIN", "4321", true)
	field(t, gh, "team", "platform", false)
	field(t, gh, "sso", "true", false)
	if len(gh.Fields) != 3 {
		t.Errorf("fields %+v", gh.Fields)
	}
	if !gh.Created.Equal(time.Date(2021, 1, 2, 15, 37, 1, 634e6, time.UTC)) || !gh.Modified.Equal(time.Date(2024, 1, 2, 15, 37, 32, 600e6, time.UTC)) {
		t.Errorf("times %v %v", gh.Created, gh.Modified)
	}
	hist := gh.History
	if len(hist) != 2 || hist[0].Value != "old-pass-1" || hist[1].Value != "old-pass-2" ||
		!hist[0].Set.Equal(gh.Created) || !hist[0].Replaced.Equal(time.Date(2022, 5, 1, 9, 30, 0, 0, time.UTC)) ||
		!hist[1].Set.Equal(hist[0].Replaced) || hist[0].Kind != vault.KindPassword {
		t.Errorf("history %+v", hist)
	}
	dropped := strings.Join(gh.Dropped, "|")
	for _, want := range []string{`a passkey for "github.com" (user "alice")`, `linked field "login name"`, `the URL match rule of "https://gist.github.com"`} {
		if !strings.Contains(dropped, want) {
			t.Errorf("dropped %q lacks %q", gh.Dropped, want)
		}
	}
	visa := m["Work/Visa"]
	if visa.Kind != interop.Card {
		t.Errorf("Visa kind %q", visa.Kind)
	}
	field(t, visa, "number", "4242424242424242", true)
	field(t, visa, "security code", "123", true)
	field(t, visa, "expiry month", "04", false)
	me := m["Me"]
	field(t, me, "social security number", "000-12-3456", true)
	field(t, me, "first name", "Alice", false)
	if me.Username != "alice" || len(me.Fields) != 9 {
		t.Errorf("identity %+v", me.NewEntry)
	}
	key := m["deploy key"]
	field(t, key, "private key", "-----BEGIN OPENSSH PRIVATE KEY-----\nc3ludGhldGljCg==\n-----END OPENSSH PRIVATE KEY-----\n", false)
	if !strings.Contains(strings.Join(key.Changed, "|"), "several lines: kept visible") {
		t.Errorf("changed %q", key.Changed)
	}
	if w := m["Wifi"]; w.Kind != interop.SecureNote || !strings.Contains(strings.Join(w.Dropped, ""), "re-prompt") {
		t.Errorf("Wifi %+v", w)
	}
	second := m["Work/Dev/GitHub (2)"]
	if !strings.HasPrefix(second.OTP, "otpauth://totp/?secret=JBSWY3DPEHPK3PXP") && !strings.Contains(second.OTP, "secret=JBSWY3DPEHPK3PXP") {
		t.Errorf("bare secret OTP %q", second.OTP)
	}
	if len(im.Skipped) != 1 || im.Skipped[0].Name != "Old account" {
		t.Errorf("skipped %+v", im.Skipped)
	}
	s := im.Summary()
	if s.Entries != 6 || s.Kinds[0] != (interop.KindCount{Kind: interop.Login, Count: 2}) {
		t.Errorf("summary %+v", s)
	}
}

func TestReadOrganizationJSON(t *testing.T) {
	im, err := ReadJSON(readFile(t, "organization.json"), interop.Options{})
	if err != nil {
		t.Fatal(err)
	}
	e := im.Entries[0]
	if e.Name != "Infrastructure/Production database" || !strings.HasPrefix(e.OTP, "otpauth://totp/") || !strings.Contains(e.OTP, "encoder=steam") {
		t.Errorf("%+v", e.NewEntry)
	}
	field(t, e, "collections", "Infrastructure\nOn call", false)
}

func TestReadJSONRefuses(t *testing.T) {
	_, err := ReadJSON(readFile(t, "encrypted.json"), interop.Options{})
	if !errors.Is(err, interop.ErrEncrypted) {
		t.Errorf("encrypted: %v", err)
	}
	for _, tc := range []struct{ in, place string }{
		{`{"items":[{"type":1,"name":"x","login":{"password":"a\u0007b"}}]}`, "items[0]"},
		{`{"items":[{"type":"one"}]}`, "items[0].type"},
		{`{"items":[{"type":1,"name":"x"},{"type":1,"name":"y","notes":"\u001b[2J"}]}`, "items[1]"},
	} {
		_, err := ReadJSON([]byte(tc.in), interop.Options{})
		var re *interop.RecordError
		if !errors.As(err, &re) || re.Place != tc.place {
			t.Errorf("%s: err %v, want a record error at %s", tc.in, err, tc.place)
		}
	}
	if _, err := ReadJSON([]byte(`[1,2]`), interop.Options{}); !errors.Is(err, interop.ErrFormat) {
		t.Errorf("array: %v", err)
	}
}

func TestReadCSV(t *testing.T) {
	im, err := csvfmt.Read(readFile(t, "export.csv"), &CSV, interop.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(im.Entries) != 3 {
		t.Fatalf("%d entries", len(im.Entries))
	}
	gh := im.Entries[0]
	if gh.Name != "Work/Dev/GitHub" || !slices.Equal(gh.URLs, []string{"https://github.com/login", "https://gist.github.com"}) ||
		gh.OTP == "" || !slices.Equal(gh.Tags, []string{"favorite"}) || gh.Notes != "recovery codes\nin the safe" {
		t.Errorf("%+v", gh.NewEntry)
	}
	field(t, gh, "PIN", "4321", false)
	if im.Entries[1].Kind != interop.SecureNote || im.Entries[2].Name != "example.org" {
		t.Errorf("%+v %+v", im.Entries[1], im.Entries[2].NewEntry)
	}
	org, err := csvfmt.Read(readFile(t, "organization.csv"), &CSV, interop.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if e := org.Entries[0]; e.Name != "Infrastructure/Production database" {
		t.Errorf("%+v", e.NewEntry)
	}
}
