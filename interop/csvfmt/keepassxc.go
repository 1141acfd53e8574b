// This file holds KeePassXC's CSV export (keepassxc-cli export -f csv,
// or Database > Export > CSV).

package csvfmt

import (
	"errors"
	"strings"
	"time"

	"github.com/passtea/passtea/interop"
)

var errNotTime = errors.New("not a time")

// KeePassXC is KeePassXC's CSV: "Group","Title","Username","Password",
// "URL","Notes","TOTP","Icon","Last Modified","Created". The group path
// starts with the root group's name ("Passwords/Work"), which is left
// out of entry names ("work/example" keeps its groups). Entries in the
// recycle bin are skipped and listed. Icons are not kept (a note says
// so). Custom attributes, attachments and history are not in this CSV at
// all: import the .kdbx for them.
var KeePassXC = Dialect{
	Name: "keepassxc-csv",
	Matches: func(t *Table) bool {
		return t.Has("group", "title", "username", "password", "url", "notes", "totp")
	},
	Required: []string{"group", "title", "password"},
	Begin: func(t *Table, im *interop.Import) error {
		ignored(t, im, "group", "title", "username", "password", "url", "notes", "totp", "last modified", "created")
		im.Note("KeePassXC's CSV holds no custom attributes, attachments or history: import the .kdbx file to keep them")
		return nil
	},
	Row: func(r Row, e *interop.Entry, im *interop.Import) (bool, error) {
		group := r.Get("group")
		if _, rest, ok := strings.Cut(group, "/"); ok {
			group = rest
		} else {
			group = ""
		}
		if group == "Recycle Bin" || strings.HasPrefix(group, "Recycle Bin/") {
			im.Skip(r.Place(), r.Get("title"), "in the recycle bin")
			return false, nil
		}
		e.SetPath(group, r.Get("title"))
		e.Username = r.Get("username")
		e.Password = r.Get("password")
		e.AddURL(r.Get("url"))
		e.AddNotes(r.Get("notes"))
		e.SetOTP("TOTP", r.Get("totp"), false)
		var err error
		if e.Created, err = isoTime(r.Get("created")); err != nil {
			return false, interop.Recordf(r.Place(), "Created: %v", err)
		}
		if e.Modified, err = isoTime(r.Get("last modified")); err != nil {
			return false, interop.Recordf(r.Place(), "Last Modified: %v", err)
		}
		return true, nil
	},
}

// isoTime reads an RFC 3339 time; "" is the zero time.
func isoTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, errNotTime
	}
	return t.UTC(), nil
}
