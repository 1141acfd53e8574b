// This file holds LastPass's CSV export.

package csvfmt

import (
	"strings"

	"github.com/passtea/passtea/interop"
)

// LastPass is LastPass's CSV: url,username,password,totp,extra,name,
// grouping,fav. grouping is the folder, nested with "\" ("Work\Dev");
// extra is the notes; a URL of "http://sn" marks a secure note (whose
// URL is not kept); fav=1 becomes the tag "favorite".
var LastPass = Dialect{
	Name: "lastpass-csv",
	Matches: func(t *Table) bool {
		return t.Has("url", "username", "password", "extra", "name", "grouping")
	},
	Required: []string{"url", "password", "name"},
	Begin: func(t *Table, im *interop.Import) error {
		ignored(t, im, "url", "username", "password", "totp", "extra", "name", "grouping", "fav")
		return nil
	},
	Row: func(r Row, e *interop.Entry, _ *interop.Import) (bool, error) {
		e.SetPath(strings.ReplaceAll(r.Get("grouping"), `\`, "/"), r.Get("name"))
		if u := strings.TrimSpace(r.Get("url")); u == "http://sn" {
			e.Kind = interop.SecureNote
		} else {
			e.AddURL(u)
		}
		e.Username = r.Get("username")
		e.Password = r.Get("password")
		e.AddNotes(r.Get("extra"))
		e.SetOTP("TOTP", r.Get("totp"), false)
		if strings.TrimSpace(r.Get("fav")) == "1" {
			e.Tags = append(e.Tags, "favorite")
		}
		return true, nil
	},
}
