// This file writes a JSON export that Bitwarden imports.

package bitwarden

import (
	"bufio"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/passtea/passtea/interop"
	"github.com/passtea/passtea/vault"
)

// WriteJSON writes src's live entries as an unencrypted Bitwarden JSON
// export (see the package doc). The report lists what Bitwarden cannot
// hold.
func WriteJSON(w io.Writer, src interop.Source, progress interop.Progress) (interop.ExportReport, error) {
	var rep interop.ExportReport
	entries, err := src.Entries()
	if err != nil {
		return rep, err
	}
	var folders []folder
	seen := map[string]bool{}
	for _, e := range entries {
		if dir := path.Dir(e.Name); dir != "." && !seen[dir] {
			seen[dir] = true
			folders = append(folders, folder{ID: uuidOf("folder", dir), Name: dir})
		}
	}
	slices.SortFunc(folders, func(a, b folder) int { return strings.Compare(a.Name, b.Name) })
	bw := bufio.NewWriterSize(w, 64<<10)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	enc.SetIndent("  ", "  ")
	bw.WriteString("{\n  \"encrypted\": false,\n  \"folders\": ")
	if folders == nil {
		folders = []folder{}
	}
	if err := enc.Encode(folders); err != nil {
		return rep, err
	}
	bw.WriteString("  ,\"items\": [\n  ")
	var tally interop.Tally
	err = interop.Each(src, progress, func(e vault.Entry, s vault.Secret) error {
		if rep.Entries > 0 {
			bw.WriteString("  ,")
		}
		rep.Entries++
		return enc.Encode(toItem(e, s, &tally))
	})
	if err != nil {
		return rep, fmt.Errorf("write bitwarden json: %w", err)
	}
	bw.WriteString("  ]\n}\n")
	if err := bw.Flush(); err != nil {
		return rep, fmt.Errorf("write bitwarden json: %w", err)
	}
	rep.Omitted = tally.Lines()
	return rep, nil
}

// toItem is an entry as a Bitwarden item.
func toItem(e vault.Entry, s vault.Secret, tally *interop.Tally) item {
	it := item{ID: uuidOf("item", e.Name), Name: path.Base(e.Name), CollectionIDs: nil,
		CreationDate: timePtr(e.Created), RevisionDate: timePtr(e.Modified)}
	if dir := path.Dir(e.Name); dir != "." {
		id := uuidOf("folder", dir)
		it.FolderID = &id
	}
	if s.Notes != "" {
		it.Notes = &s.Notes
	}
	if s.Password != "" || e.Username != "" || len(e.URLs) > 0 || s.OTP != "" {
		it.Type = typeLogin
		it.Login = &login{URIs: []uri{}, Username: strPtr(e.Username), Password: strPtr(s.Password), TOTP: strPtr(s.OTP)}
		for _, u := range e.URLs {
			it.Login.URIs = append(it.Login.URIs, uri{URI: u})
		}
	} else {
		it.Type = typeSecureNote
		it.SecureNote = &secureNote{}
	}
	for _, f := range s.Fields {
		t := fieldText
		if f.Concealed {
			t = fieldHidden
		}
		it.Fields = append(it.Fields, itemField{Name: strPtr(f.Name), Value: strPtr(f.Value), Type: t})
	}
	it.PasswordHistory = []passwordHistory{}
	other := false
	for i := len(s.History) - 1; i >= 0; i-- {
		h := s.History[i]
		if h.Kind != vault.KindPassword {
			other = true
			continue
		}
		when := h.Replaced
		if when.IsZero() {
			when = h.Set
		}
		it.PasswordHistory = append(it.PasswordHistory, passwordHistory{LastUsedDate: timePtr(when), Password: h.Value})
	}
	if other {
		tally.Add("earlier values of fields other than the password")
	}
	if len(e.Tags) > 0 {
		tally.Add("tags")
	}
	return it
}

// uuidOf derives a stable UUID (version 4 layout) for a folder or item
// from its name, so that the same vault exports to the same file.
func uuidOf(kind, name string) string {
	h := sha256.Sum256([]byte("passtea bitwarden " + kind + "\x00" + name))
	h[6] = h[6]&0x0f | 0x40
	h[8] = h[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}

func strPtr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	t = t.UTC()
	return &t
}
