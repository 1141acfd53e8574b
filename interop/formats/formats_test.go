package formats

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/passtea/passtea/interop"
	"github.com/passtea/passtea/interop/kdbx"
)

// fixtures are the test files of the format packages, by the format they
// are in.
var fixtures = map[string]Format{
	"../csvfmt/testdata/keepassxc.csv":        KeePassXCCSV,
	"../csvfmt/testdata/chrome.csv":           ChromeCSV,
	"../csvfmt/testdata/firefox.csv":          FirefoxCSV,
	"../csvfmt/testdata/safari.csv":           SafariCSV,
	"../csvfmt/testdata/lastpass.csv":         LastPassCSV,
	"../csvfmt/testdata/generic.csv":          CSV,
	"../bitwarden/testdata/personal.json":     BitwardenJSON,
	"../bitwarden/testdata/organization.json": BitwardenJSON,
	"../bitwarden/testdata/export.csv":        BitwardenCSV,
	"../bitwarden/testdata/organization.csv":  BitwardenCSV,
	"../onepassword/testdata/export.csv":      OnePasswordCSV,
	"../onepassword/testdata/export.data":     OnePUX,
	"../googleauth/testdata/export.txt":       OTPAuth,
	"../../otp/qr/testdata/export-phone.png":  OTPAuth,
	"../kdbx/testdata/keepassxc-export.xml":   KeePassXML,
	"../kdbx/testdata/import-31.xml":          KeePassXML,
}

func read(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func onePUX(t testing.TB) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("export.data")
	w.Write(read(t, "../onepassword/testdata/export.data"))
	zw.Close()
	return buf.Bytes()
}

func TestDetectAndRead(t *testing.T) {
	for path, want := range fixtures {
		data := read(t, path)
		got, err := Detect(data)
		if err != nil || got != want {
			t.Errorf("%s: detected %q (%v), want %q", path, got, err, want)
			continue
		}
		im, err := Read(data, Auto, interop.Options{})
		if err != nil || len(im.Entries) == 0 {
			t.Errorf("%s: %v", path, err)
		}
	}
	if f, err := Detect(onePUX(t)); f != OnePUX || err != nil {
		t.Errorf("1pux: %q %v", f, err)
	}
	for _, in := range []string{"{\"x\":1}", "username,password\nu,p\n", "\x00\x01binary"} {
		if _, err := Detect([]byte(in)); !errors.Is(err, interop.ErrFormat) {
			t.Errorf("Detect(%q) = %v", in, err)
		}
	}
	for _, in := range []string{"", "\ufeff \r\n\t"} {
		if _, err := Detect([]byte(in)); !errors.Is(err, interop.ErrEmpty) || errors.Is(err, interop.ErrFormat) {
			t.Errorf("Detect(%q) = %v, want ErrEmpty", in, err)
		}
	}
}

// TestKDBX: a KeePass database is detected, needs its key, and is read
// through ReadPath with what Key returns, after its header was checked.
func TestKDBX(t *testing.T) {
	const path = "../kdbx/testdata/kdbx40-argon2id-chacha20.kdbx"
	data := read(t, path)
	if f, err := Detect(data); f != KDBX || err != nil {
		t.Fatalf("detected %q %v", f, err)
	}
	if _, err := Read(data, Auto, interop.Options{}); !errors.Is(err, ErrNeedsKey) {
		t.Fatalf("Read: %v", err)
	}
	var asked *kdbx.Header
	key := func(h *kdbx.Header) (kdbx.Credentials, error) {
		asked = h
		return kdbx.Credentials{Password: []byte("passtea-fixture")}, nil
	}
	for _, p := range []string{path, "-"} {
		asked = nil
		im, err := ReadPath(context.Background(), p, bytes.NewReader(data), Auto, key, interop.Options{})
		if err != nil || im.Format != "kdbx" || len(im.Entries) != 4 {
			t.Fatalf("%s: %v %+v", p, err, im)
		}
		if asked == nil || asked.KDF.KDF != kdbx.KDFArgon2id {
			t.Errorf("%s: key asked with header %+v", p, asked)
		}
	}
	if _, err := ReadPath(context.Background(), path, nil, Auto, nil, interop.Options{}); !errors.Is(err, ErrNeedsKey) {
		t.Errorf("no key: %v", err)
	}
}

func TestReadPathRefusesDevices(t *testing.T) {
	for _, p := range []string{"/dev/zero", "/dev/null"} {
		if _, err := os.Stat(p); err != nil {
			continue
		}
		_, err := ReadPath(context.Background(), p, nil, Auto, nil, interop.Options{})
		if err == nil || !strings.Contains(err.Error(), "not a regular file or a directory") {
			t.Errorf("%s: %v", p, err)
		}
	}
}

func TestReadPath(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "export.1pux")
	os.WriteFile(p, onePUX(t), 0o600)
	im, err := ReadPath(context.Background(), p, nil, Auto, nil, interop.Options{})
	if err != nil || im.Format != "1pux" || len(im.Entries) != 4 {
		t.Fatalf("%v %+v", err, im)
	}
	im, err = ReadPath(context.Background(), "-", strings.NewReader("name,password\nx,y\n"), Auto, nil, interop.Options{})
	if err != nil || im.Entries[0].Password != "y" {
		t.Fatalf("stdin: %v", err)
	}
	if _, err := ReadPath(context.Background(), dir, nil, CSV, nil, interop.Options{}); err == nil {
		t.Error("a directory read as CSV")
	}
	if _, err := Parse("keepass"); err == nil {
		t.Error("unknown format accepted")
	}
}

// TestJSONBombs: documents built to cost far more memory or time than
// their size are refused with a limit error, quickly.
func TestJSONBombs(t *testing.T) {
	lim := interop.DefaultLimits
	lim.Values = 1000
	for name, doc := range map[string]string{
		"tiny items":      `{"encrypted":false,"items":[` + strings.Repeat(`{"type":2,"name":"a"},`, 5000) + `{"type":2,"name":"a"}]}`,
		"many fields":     `{"encrypted":false,"items":[{"type":1,"name":"a","fields":[` + strings.Repeat(`{},`, 100_000) + `{}]}]}`,
		"deep nesting":    `{"format":"passtea-export","version":1,"entries":[` + strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000) + `]}`,
		"1pux many items": `{"accounts":[{"vaults":[{"attrs":{"name":"v"},"items":[` + strings.Repeat(`{"overview":{"title":"t"}},`, 3000) + `{}]}]}]}`,
	} {
		start := time.Now()
		small := lim
		small.Entries = 2000
		_, err := Read([]byte(doc), Auto, interop.Options{Limits: small})
		if !errors.Is(err, interop.ErrLimit) && !strings.Contains(fmt_(err), "exceeded max depth") {
			t.Errorf("%s: %v", name, err)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("%s took %v", name, d)
		}
	}
}

// TestManyValuesInOneItem: an item with tens of thousands of URLs, tags
// or fields costs linear time, and what passtea cannot keep is listed.
func TestManyValuesInOneItem(t *testing.T) {
	start := time.Now()
	doc := `{"encrypted":false,"items":[{"type":1,"name":"a","login":{"uris":[` + strings.Repeat(`{"uri":"https://x"},`, 20_000) + `{"uri":"https://y"}]}}]}`
	im, err := Read([]byte(doc), Auto, interop.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if e := im.Entries[0]; len(e.URLs) != 1 || len(e.Dropped) != 20_001-1024 {
		t.Errorf("uris: %d kept, %d dropped", len(e.URLs), len(e.Dropped))
	}
	doc = `{"encrypted":false,"items":[{"type":1,"name":"a","fields":[` + strings.Repeat(`{"name":"f","value":"v","type":0},`, 10_000) + `{}]}]}`
	if _, err := Read([]byte(doc), Auto, interop.Options{}); !strings.Contains(fmt_(err), "items[0]: invalid entry: there are more than 256 custom fields") {
		t.Errorf("fields: %v", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("took %v", d)
	}
}

func fmt_(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// FuzzRead feeds every reader, by a format chosen from the first byte, and
// detection. Readers must return an import or an error, never panic, and
// an import must hold only entries the vault takes.
func FuzzRead(f *testing.F) {
	for path, format := range fixtures {
		for i, r := range Readable {
			if r == format {
				f.Add(byte(i), read(f, path))
			}
		}
	}
	f.Add(byte(4), onePUX(f))
	lim := interop.Limits{Input: 1 << 20, Entries: 1000, Record: 64 << 10, Values: 5000, Files: 100, Ratio: 100}
	f.Fuzz(func(t *testing.T, which byte, data []byte) {
		format := Auto
		if int(which) < len(Readable) {
			format = Readable[which]
		}
		if isImage(data) {
			return // QR decoding has its own fuzz target (otp/qr FuzzDecode)
		}
		type result struct {
			im  *interop.Import
			err error
		}
		done := make(chan result, 1)
		go func() {
			im, err := Read(data, format, interop.Options{Limits: lim})
			done <- result{im, err}
		}()
		var r result
		select {
		case r = <-done:
		case <-time.After(5 * time.Second):
			t.Fatalf("format %q: reading %d bytes took more than 5 s", format, len(data))
		}
		im, err := r.im, r.err
		if err != nil {
			return
		}
		for _, e := range im.Entries {
			if e.Name == "" || e.Place == "" {
				t.Fatalf("entry without a name or place: %+v", e)
			}
		}
		_ = im.Summary().Lines()
	})
}
