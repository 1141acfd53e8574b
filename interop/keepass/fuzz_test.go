package keepass

import (
	"io"
	"os"
	"testing"
	"time"

	"github.com/passtea/passtea/interop"
	"github.com/passtea/passtea/interop/kdbx"
	"github.com/passtea/passtea/vault"
)

// memSource serves imported entries as an export source, without a vault.
type memSource struct{ entries []interop.Entry }

func (m memSource) Entries() ([]vault.Entry, error) {
	out := make([]vault.Entry, len(m.entries))
	for i, e := range m.entries {
		out[i] = vault.Entry{ID: vault.ID{byte(i), byte(i >> 8), byte(i >> 16)}, Name: e.Name, Username: e.Username,
			URLs: e.URLs, Tags: e.Tags, Created: e.Created, Modified: e.Modified, HasOTP: e.OTP != "", Accepted: e.Accepted}
	}
	return out, nil
}

func (m memSource) Secret(id vault.ID) (vault.Secret, error) {
	return m.entries[int(id[0])|int(id[1])<<8|int(id[2])<<16].Secret, nil
}

// FuzzReadXML maps KeePass XML: it never panics, every entry is one the
// vault takes (interop.Import.Add checks), and the export mapping of what
// was read writes a KDBX file.
func FuzzReadXML(f *testing.F) {
	for _, name := range []string{"import-31.xml", "import-40.xml", "import-41.xml", "keepassxc-export.xml"} {
		data, err := os.ReadFile("../kdbx/testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`<KeePassFile><Root><Group><Name>R</Name><Entry><String><Key>Title</Key><Value>a/b</Value></String>` +
		`<String><Key>TimeOtp-Secret-Base32</Key><Value>JBSWY3DPEHPK3PXP</Value></String><History><Entry><Times>` +
		`<LastModificationTime>2020-01-01T00:00:00Z</LastModificationTime></Times><String><Key>Title</Key><Value>c</Value></String>` +
		`<String><Key>X</Key><Value Protected="False">1</Value></String></Entry></History></Entry></Group></Root></KeePassFile>`))
	lim := interop.Limits{Input: 1 << 20, Entries: 200, Record: 1 << 20, Values: 1000, Files: 10, Ratio: 10}
	kdf := kdbx.KDFParams{KDF: kdbx.KDFArgon2id, MemoryKiB: 8, Iterations: 1, Parallelism: 1}
	f.Fuzz(func(t *testing.T, data []byte) {
		start := time.Now()
		im, err := ReadXML(data, interop.Options{Limits: lim})
		if d := time.Since(start); d > 5*time.Second {
			t.Fatalf("reading %d bytes took %v", len(data), d)
		}
		if err != nil {
			return
		}
		for _, e := range im.Entries {
			if e.Name == "" || e.Place == "" {
				t.Fatalf("entry without a name or place: %+v", e)
			}
			if err := vault.ValidateEntry(e.NewEntry); err != nil {
				t.Fatalf("%s: %v", e.Place, err)
			}
		}
		_ = im.Summary().Lines()
		if _, err := Write(io.Discard, memSource{im.Entries}, kdbx.Credentials{Password: []byte("x")}, kdbx.WriteOptions{KDF: kdf}, nil); err != nil {
			t.Fatalf("export of what was read: %v", err)
		}
	})
}
