package csvfmt

import (
	"bytes"
	"slices"
	"testing"
	"time"

	"github.com/passtea/passtea/interop"
	"github.com/passtea/passtea/vault"
)

type memSource struct {
	entries []vault.Entry
	secrets map[vault.ID]vault.Secret
}

func (m memSource) Entries() ([]vault.Entry, error)          { return m.entries, nil }
func (m memSource) Secret(id vault.ID) (vault.Secret, error) { return m.secrets[id], nil }

func TestWriteReadsBack(t *testing.T) {
	t0 := time.Date(2024, 1, 2, 3, 4, 5, 6, time.UTC)
	otp := "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub&algorithm=SHA1&digits=6&period=30"
	e := vault.Entry{ID: vault.ID{1}, Name: "work/github", Username: "alice", URLs: []string{"https://a", "https://b"},
		Tags: []string{"dev", "x"}, Created: t0, Modified: t0.Add(time.Hour)}
	s := vault.Secret{Password: `p,"q"`, Notes: "two\nlines", OTP: otp, Fields: []vault.Field{{Name: "f", Value: "v"}},
		History: []vault.OldValue{{Kind: vault.KindPassword, Value: "old"}}}
	src := memSource{entries: []vault.Entry{e}, secrets: map[vault.ID]vault.Secret{e.ID: s}}
	var buf bytes.Buffer
	var calls int
	rep, err := Write(&buf, src, func(done, total int) { calls++ })
	if err != nil {
		t.Fatal(err)
	}
	if rep.Entries != 1 || !slices.Equal(rep.Omitted, []string{"custom fields of 1 entry", "earlier values of 1 entry"}) || calls != 1 {
		t.Errorf("report %+v, %d progress calls", rep, calls)
	}
	tab, err := Open(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if Detect(tab) != &Generic {
		t.Error("the generic CSV is not detected as generic")
	}
	im, err := Read(buf.Bytes(), &Generic, interop.Options{})
	if err != nil {
		t.Fatal(err)
	}
	g := im.Entries[0]
	if g.Name != e.Name || g.Username != e.Username || !slices.Equal(g.URLs, e.URLs) || !slices.Equal(g.Tags, e.Tags) ||
		g.Password != s.Password || g.Notes != s.Notes || g.OTP != otp || !g.Created.Equal(t0) || !g.Modified.Equal(e.Modified) {
		t.Errorf("read back %+v", g.NewEntry)
	}
}
