// This file reads Bitwarden's CSV export.

package bitwarden

import (
	"strings"

	"github.com/passtea/passtea/interop"
	"github.com/passtea/passtea/interop/csvfmt"
)

// CSV is Bitwarden's CSV export, personal (folder,...) or organization
// (collections,...): see the package doc.
var CSV = csvfmt.Dialect{
	Name: "bitwarden-csv",
	Matches: func(t *csvfmt.Table) bool {
		return t.Has("type", "name", "notes", "fields", "login_uri", "login_username", "login_password") &&
			(t.Has("folder") || t.Has("collections"))
	},
	Required: []string{"type", "name", "login_password"},
	Begin: func(t *csvfmt.Table, im *interop.Import) error {
		var other []string
		for _, h := range t.Header {
			switch strings.ToLower(h) {
			case "folder", "collections", "favorite", "type", "name", "notes", "fields", "reprompt",
				"login_uri", "login_username", "login_password", "login_totp":
			default:
				other = append(other, h)
			}
		}
		if len(other) > 0 {
			im.Note("columns not read: %q", other)
		}
		return nil
	},
	Row: func(r csvfmt.Row, e *interop.Entry, _ *interop.Import) (bool, error) {
		switch t := strings.TrimSpace(r.Get("type")); t {
		case "login", "":
			e.Kind = interop.Login
		case "note":
			e.Kind = interop.SecureNote
		default:
			e.Kind = interop.Kind(t)
		}
		path := r.Get("folder")
		colls := splitNonEmpty(r.Get("collections"), ",")
		if path == "" && len(colls) > 0 {
			path = colls[0]
		}
		if len(colls) > 0 {
			e.AddField("collections", strings.Join(colls, "\n"), false)
		}
		for _, u := range strings.Split(r.Get("login_uri"), ",") {
			e.AddURL(u)
		}
		e.Username = r.Get("login_username")
		e.Password = r.Get("login_password")
		e.AddNotes(r.Get("notes"))
		for _, line := range strings.Split(interop.Text(r.Get("fields")), "\n") {
			if strings.TrimSpace(line) == "" {
				continue
			}
			name, value, _ := strings.Cut(line, ": ")
			e.AddField(name, value, false)
		}
		e.SetOTP("TOTP", r.Get("login_totp"), false)
		if strings.TrimSpace(r.Get("favorite")) == "1" {
			e.Tags = append(e.Tags, "favorite")
		}
		if s := strings.TrimSpace(r.Get("reprompt")); s != "" && s != "0" {
			e.Drop("the master-password re-prompt")
		}
		e.SetPath(path, e.Title(r.Get("name")))
		return true, nil
	},
}

func splitNonEmpty(s, sep string) []string {
	var out []string
	for p := range strings.SplitSeq(s, sep) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
