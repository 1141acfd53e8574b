// This file reads 1Password's CSV export.

package onepassword

import (
	"strings"

	"github.com/passtea/passtea/interop"
	"github.com/passtea/passtea/interop/csvfmt"
)

// CSV is 1Password 8's CSV export: Title,Url,Username,Password,OTPAuth,
// Favorite,Archived,Tags,Notes.
var CSV = csvfmt.Dialect{
	Name: "1password-csv",
	Matches: func(t *csvfmt.Table) bool {
		return t.Has("title", "url", "username", "password", "otpauth") && (t.Has("favorite") || t.Has("archived"))
	},
	Required: []string{"title", "password"},
	Begin: func(t *csvfmt.Table, im *interop.Import) error {
		var other []string
		for _, h := range t.Header {
			switch strings.ToLower(h) {
			case "title", "url", "username", "password", "otpauth", "favorite", "archived", "tags", "notes":
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
		e.AddURL(r.Get("url"))
		e.Username = r.Get("username")
		e.Password = r.Get("password")
		e.SetOTP("OTPAuth", r.Get("otpauth"), false)
		e.AddNotes(r.Get("notes"))
		e.Tags = strings.Split(r.Get("tags"), ",")
		if strings.EqualFold(strings.TrimSpace(r.Get("favorite")), "true") {
			e.Tags = append(e.Tags, "favorite")
		}
		if strings.EqualFold(strings.TrimSpace(r.Get("archived")), "true") {
			e.Tags = append(e.Tags, "archived")
		}
		e.Name = e.Title(r.Get("title"))
		return true, nil
	},
}
