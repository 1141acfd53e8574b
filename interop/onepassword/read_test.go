package onepassword

import (
	"archive/zip"
	"bytes"
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

// make1PUX zips the test export as 1Password does.
func make1PUX(t testing.TB) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range []string{"export.attributes", "export.data"} {
		b, err := os.ReadFile("testdata/" + name)
		if err != nil {
			t.Fatal(err)
		}
		w, _ := zw.Create(name)
		w.Write(b)
	}
	w, _ := zw.Create("files/tdgmt4p2yj3zbz4wjnwrdxp5ym__passport.png")
	w.Write(bytes.Repeat([]byte{0x89}, 1000))
	zw.Close()
	return buf.Bytes()
}

func TestRead1PUX(t *testing.T) {
	b := make1PUX(t)
	im, err := Read1PUX(bytes.NewReader(b), int64(len(b)), interop.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	m := map[string]interop.Entry{}
	for _, e := range im.Entries {
		names = append(names, e.Name)
		m[e.Name] = e
	}
	if !slices.Equal(names, []string{"Personal/Dropbox", "Personal/Visa card", "Personal/Lease", "Shared/Router"}) {
		t.Fatalf("names %q", names)
	}
	d := m["Personal/Dropbox"]
	if d.Username != "username123123" || d.Password != "password!" || d.Kind != interop.Login ||
		!slices.Equal(d.URLs, []string{"https://www.dropbox.com/", "https://admin.dropbox.com/"}) ||
		!slices.Equal(d.Tags, []string{"cloud", "favorite", "work-things"}) || !strings.HasPrefix(d.OTP, "otpauth://totp/Example:wendy") {
		t.Errorf("%+v", d.NewEntry)
	}
	want := []vault.Field{{Name: "persist", Value: "remember-me"}, {Name: "PIN", Value: "12345", Concealed: true},
		{Name: "birthday", Value: "2020-01-01"}, {Name: "expires", Value: "12/2030"}, {Name: "work email", Value: "wendy@work.example"}}
	if !slices.Equal(d.Fields, want) {
		t.Errorf("fields %+v", d.Fields)
	}
	if len(d.History) != 2 || d.History[0].Value != "older-password" || !d.History[1].Replaced.Equal(time.Unix(1610000000, 0)) ||
		!d.History[0].Set.Equal(time.Unix(1600000000, 0)) {
		t.Errorf("history %+v", d.History)
	}
	if !d.Created.Equal(time.Unix(1619465450, 0)) || !d.Modified.Equal(time.Unix(1619465789, 0)) {
		t.Errorf("times %v %v", d.Created, d.Modified)
	}
	if dr := strings.Join(d.Dropped, "|"); !strings.Contains(dr, `"related": a reference`) || !strings.Contains(dr, `attachment "passport.png" (205800 bytes)`) {
		t.Errorf("dropped %q", d.Dropped)
	}
	c := m["Personal/Visa card"]
	if c.Kind != interop.Card || !slices.Equal(c.Tags, []string{"archived"}) {
		t.Errorf("%+v", c)
	}
	if f, _ := c.Field("number"); !f.Concealed || f.Value != "4111111111111111" {
		t.Errorf("number %+v", f)
	}
	if f, _ := c.Field("billing address"); f.Value != "1 Infinite Loop\nCupertino\nCA\n95014\nus" {
		t.Errorf("address %q", f.Value)
	}
	if l := m["Personal/Lease"]; l.Kind != interop.Document || len(l.Dropped) != 1 {
		t.Errorf("%+v", l)
	}
	if r := m["Shared/Router"]; r.Password != "router-secret" || r.Kind != "password" {
		t.Errorf("%+v", r)
	}
	if len(im.Skipped) != 1 || im.Skipped[0].Name != "In the trash" {
		t.Errorf("skipped %+v", im.Skipped)
	}
}

func TestReadCSV(t *testing.T) {
	data, _ := os.ReadFile("testdata/export.csv")
	tab, _ := csvfmt.Open(data)
	if !CSV.Matches(tab) || csvfmt.Safari.Matches(tab) {
		t.Error("1Password's CSV is not told apart from Safari's")
	}
	im, err := csvfmt.Read(data, &CSV, interop.Options{})
	if err != nil {
		t.Fatal(err)
	}
	d, r := im.Entries[0], im.Entries[1]
	if d.Name != "Dropbox" || !slices.Equal(d.Tags, []string{"cloud", "favorite", "work"}) || d.OTP == "" || d.Notes != "A note" {
		t.Errorf("%+v", d.NewEntry)
	}
	if !slices.Equal(r.Tags, []string{"archived"}) {
		t.Errorf("%+v", r.NewEntry)
	}
}

// TestZipBomb: export.data that expands a thousandfold is refused after
// reading at most the ratio's worth, and a central directory larger than
// any 1PUX's is refused before archive/zip parses it.
func TestZipBomb(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("export.data")
	chunk := bytes.Repeat([]byte(" "), 1<<20)
	for range 16 {
		w.Write(chunk)
	}
	zw.Close()
	b := buf.Bytes()
	_, err := Read1PUX(bytes.NewReader(b), int64(len(b)), interop.Options{})
	if !errors.Is(err, interop.ErrLimit) {
		t.Fatalf("bomb: %v", err)
	}

	buf.Reset()
	zw = zip.NewWriter(&buf)
	long := strings.Repeat("n", 120)
	for range 60_000 {
		zw.CreateHeader(&zip.FileHeader{Name: long, Method: zip.Store})
	}
	zw.Close()
	b = buf.Bytes()
	_, err = Read1PUX(bytes.NewReader(b), int64(len(b)), interop.Options{})
	if !errors.Is(err, interop.ErrLimit) || !strings.Contains(err.Error(), "zip directory") {
		t.Fatalf("directory flood: %v", err)
	}
	if _, err := Read1PUX(bytes.NewReader([]byte("PK\x03\x04junk")), 8, interop.Options{}); !errors.Is(err, interop.ErrFormat) {
		t.Fatalf("junk: %v", err)
	}
}
