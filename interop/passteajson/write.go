package passteajson

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/passtea/passtea/interop"
	"github.com/passtea/passtea/vault"
)

// Write writes src's live entries as a passtea export (see the package
// doc), one entry per line, stamped exported. Nothing is left out, so the
// report's Omitted is empty.
func Write(w io.Writer, src interop.Source, exported time.Time, progress interop.Progress) (interop.ExportReport, error) {
	var rep interop.ExportReport
	bw := bufio.NewWriterSize(w, 64<<10)
	head, err := json.Marshal(file{Format: Format, Version: Version, Exported: timePtr(exported)})
	if err != nil {
		return rep, err
	}
	bw.Write(head[:len(head)-1])
	bw.WriteString(`,"entries":[`)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	err = interop.Each(src, progress, func(e vault.Entry, s vault.Secret) error {
		if rep.Entries > 0 {
			bw.WriteString(",")
		}
		bw.WriteString("\n")
		rep.Entries++
		return enc.Encode(toJSON(e, s))
	})
	if err != nil {
		return rep, fmt.Errorf("write json: %w", err)
	}
	bw.WriteString("]}\n")
	if err := bw.Flush(); err != nil {
		return rep, fmt.Errorf("write json: %w", err)
	}
	return rep, nil
}

// toJSON is an entry as the schema writes it.
func toJSON(e vault.Entry, s vault.Secret) entry {
	out := entry{Name: e.Name, Username: e.Username, URLs: e.URLs, Tags: e.Tags, Password: s.Password,
		Notes: s.Notes, OTP: s.OTP, Accepted: e.Accepted, Created: timePtr(e.Created), Modified: timePtr(e.Modified)}
	for _, f := range s.Fields {
		out.Fields = append(out.Fields, field(f))
	}
	for _, h := range s.History {
		o := oldValue{Kind: kindNames[h.Kind], Concealed: h.Concealed, Removed: h.Removed,
			Set: timePtr(h.Set), Replaced: timePtr(h.Replaced)}
		switch h.Kind {
		case vault.KindURLs, vault.KindTags:
			o.Values = []string{}
			if h.Value != "" {
				o.Values = strings.Split(h.Value, "\n")
			}
		case vault.KindCustom:
			o.Field = h.Field
			fallthrough
		default:
			v := h.Value
			o.Value = &v
		}
		out.History = append(out.History, o)
	}
	return out
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	t = t.UTC()
	return &t
}

// kindNames are the schema's names of the field kinds.
var kindNames = map[vault.FieldKind]string{
	vault.KindName: "name", vault.KindUsername: "username", vault.KindURLs: "urls", vault.KindTags: "tags",
	vault.KindPassword: "password", vault.KindNotes: "notes", vault.KindOTP: "otp", vault.KindCustom: "field",
}
