package bitwarden

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/passtea/passtea/interop"
	"github.com/passtea/passtea/vault"
)

// memSource is a Source of fixed entries.
type memSource struct {
	entries []vault.Entry
	secrets map[vault.ID]vault.Secret
}

func (m memSource) Entries() ([]vault.Entry, error)          { return m.entries, nil }
func (m memSource) Secret(id vault.ID) (vault.Secret, error) { return m.secrets[id], nil }

func TestWriteJSONReadsBack(t *testing.T) {
	t0 := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	src := memSource{secrets: map[vault.ID]vault.Secret{}}
	add := func(e vault.Entry, s vault.Secret) {
		e.ID[0] = byte(len(src.entries) + 1)
		src.entries = append(src.entries, e)
		src.secrets[e.ID] = s
	}
	add(vault.Entry{Name: "work/dev/github", Username: "alice", URLs: []string{"https://github.com", "https://gist.github.com"},
		Tags: []string{"dev"}, Created: t0, Modified: t0.Add(time.Hour)},
		vault.Secret{Password: "p3", Notes: "n", OTP: "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub&algorithm=SHA1&digits=6&period=30",
			Fields: []vault.Field{{Name: "PIN", Value: "1", Concealed: true}, {Name: "team", Value: "x"}},
			History: []vault.OldValue{
				{Kind: vault.KindPassword, Value: "p1", Set: t0, Replaced: t0.Add(time.Minute)},
				{Kind: vault.KindNotes, Value: "old notes", Set: t0, Replaced: t0.Add(time.Minute)},
				{Kind: vault.KindPassword, Value: "p2", Set: t0.Add(time.Minute), Replaced: t0.Add(time.Hour)},
			}})
	add(vault.Entry{Name: "note only", Created: t0, Modified: t0}, vault.Secret{Notes: "just text"})
	var buf bytes.Buffer
	rep, err := WriteJSON(&buf, src, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !json.Valid(buf.Bytes()) {
		t.Fatalf("not JSON:\n%s", buf.String())
	}
	if rep.Entries != 2 || !slices.Equal(rep.Omitted, []string{"earlier values of fields other than the password of 1 entry", "tags of 1 entry"}) {
		t.Errorf("report %+v", rep)
	}
	var doc struct {
		Folders []folder `json:"folders"`
		Items   []item   `json:"items"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Folders) != 1 || doc.Folders[0].Name != "work/dev" || doc.Items[0].FolderID == nil || *doc.Items[0].FolderID != doc.Folders[0].ID {
		t.Errorf("folders %+v items %+v", doc.Folders, doc.Items)
	}
	if it := doc.Items[1]; it.Type != typeSecureNote || it.SecureNote == nil || it.FolderID != nil {
		t.Errorf("note item %+v", it)
	}
	if ph := doc.Items[0].PasswordHistory; len(ph) != 2 || ph[0].Password != "p2" || !ph[0].LastUsedDate.Equal(t0.Add(time.Hour)) {
		t.Errorf("password history %+v", ph)
	}
	// passtea reads its own Bitwarden export back as Bitwarden's.
	im, err := ReadJSON(buf.Bytes(), interop.Options{})
	if err != nil {
		t.Fatal(err)
	}
	e := im.Entries[0]
	if e.Name != "work/dev/github" || e.Password != "p3" || e.OTP != src.secrets[src.entries[0].ID].OTP ||
		!slices.Equal(e.URLs, src.entries[0].URLs) || !e.Modified.Equal(t0.Add(time.Hour)) || len(e.Fields) != 2 || !e.Fields[0].Concealed {
		t.Errorf("read back %+v", e.NewEntry)
	}
	if len(e.History) != 2 || e.History[1].Value != "p2" || !e.History[1].Replaced.Equal(t0.Add(time.Hour)) {
		t.Errorf("history read back %+v", e.History)
	}
	// The same vault gives the same file.
	var again bytes.Buffer
	if _, err := WriteJSON(&again, src, nil); err != nil || again.String() != buf.String() {
		t.Errorf("second export differs (err %v)", err)
	}
	if strings.Contains(buf.String(), `\u003c`) {
		t.Error("HTML escaping in the output")
	}
}
