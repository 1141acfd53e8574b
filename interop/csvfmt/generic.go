// This file holds passtea's generic CSV: the columns most exporters
// share, read from any header that names them, and written by
// `passtea export --format csv`.

package csvfmt

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/passtea/passtea/interop"
	"github.com/passtea/passtea/vault"
)

// genericColumns maps header names (lower case), as browsers and password
// managers write them, to the generic dialect's fields; made on first use.
var genericColumns = sync.OnceValue(func() map[string]string {
	return map[string]string{
		"name": "name", "title": "name",
		"username": "username", "login_username": "username", "user": "username", "login": "username",
		"password": "password", "login_password": "password",
		"url": "url", "login_uri": "url", "uri": "url", "website": "url", "urls": "url",
		"notes": "notes", "note": "notes", "extra": "notes", "comments": "notes",
		"tags": "tags", "tag": "tags",
		"otp": "otp", "totp": "otp", "otpauth": "otp", "login_totp": "otp",
		"folder": "folder", "group": "folder", "grouping": "folder",
		"created": "created", "modified": "modified",
	}
})

// Header is the generic CSV's header, as the writer writes it.
var Header = []string{"name", "username", "password", "url", "notes", "tags", "otp", "created", "modified"}

// Generic reads any CSV whose header names a name or url column, with the
// columns of [Header] and their usual aliases (title, login_username,
// login_password, login_uri, website, note, extra, totp, folder, group,
// ...). Other columns are listed in a note. Without a name, an entry is
// named after its URL's host. A url cell may hold several URLs, one per
// line; tags are separated by commas, semicolons or spaces; a folder
// becomes the start of the name; created and modified are RFC 3339.
var Generic = Dialect{
	Name: "csv",
	Matches: func(t *Table) bool {
		return t.Has("name") || t.Has("title") || t.Has("url") || t.Has("login_uri") || t.Has("uri") || t.Has("website")
	},
	Begin: func(t *Table, im *interop.Import) error {
		seen := map[string]string{}
		var used []string
		for _, h := range t.Header {
			k := strings.ToLower(h)
			f, ok := genericColumns()[k]
			if !ok {
				continue
			}
			if other, dup := seen[f]; dup {
				return interop.Recordf("line 1", "two columns give the %s: %q and %q", f, other, h)
			}
			seen[f] = h
			used = append(used, k)
		}
		if seen["name"] == "" && seen["url"] == "" {
			return interop.Recordf("line 1", "the header has neither a name nor a url column")
		}
		ignored(t, im, used...)
		return nil
	},
	Row: func(r Row, e *interop.Entry, _ *interop.Import) (bool, error) {
		cols := r.t.genericFields()
		get := func(field string) string {
			if i, ok := cols[field]; ok && i < len(r.rec) {
				return r.rec[i]
			}
			return ""
		}
		e.SetPath(get("folder"), get("name"))
		e.Username = get("username")
		e.Password = get("password")
		for u := range strings.SplitSeq(interop.Text(get("url")), "\n") {
			e.AddURL(u)
		}
		e.AddNotes(get("notes"))
		e.Tags = strings.FieldsFunc(get("tags"), func(r rune) bool { return r == ',' || r == ';' || r == ' ' })
		e.SetOTP("otp", get("otp"), false)
		var err error
		if e.Created, err = isoTime(get("created")); err != nil {
			return false, interop.Recordf(r.Place(), "created: %v", err)
		}
		if e.Modified, err = isoTime(get("modified")); err != nil {
			return false, interop.Recordf(r.Place(), "modified: %v", err)
		}
		return true, nil
	},
}

// genericFields maps each generic field to its column, worked out once.
func (t *Table) genericFields() map[string]int {
	if t.generic == nil {
		t.generic = map[string]int{}
		for i, h := range t.Header {
			if f, ok := genericColumns()[strings.ToLower(h)]; ok {
				t.generic[f] = i
			}
		}
	}
	return t.generic
}

// Write writes src's live entries as generic CSV ([Header]): URLs one per
// line in the url cell, tags separated by spaces, times in RFC 3339 (UTC,
// nanoseconds). CSV has no place for custom fields or earlier values: the
// report counts the entries that had them. Values are written as they
// are, so a spreadsheet may take a value starting with "=" for a formula:
// open the file as text.
func Write(w io.Writer, src interop.Source, progress interop.Progress) (interop.ExportReport, error) {
	cw := csv.NewWriter(w)
	var rep interop.ExportReport
	var tally interop.Tally
	if err := cw.Write(Header); err != nil {
		return rep, err
	}
	rec := make([]string, len(Header))
	err := interop.Each(src, progress, func(e vault.Entry, s vault.Secret) error {
		rec[0], rec[1], rec[2] = e.Name, e.Username, s.Password
		rec[3], rec[4], rec[5] = strings.Join(e.URLs, "\n"), s.Notes, strings.Join(e.Tags, " ")
		rec[6], rec[7], rec[8] = s.OTP, csvTime(e.Created), csvTime(e.Modified)
		if len(s.Fields) > 0 {
			tally.Add("custom fields")
		}
		if len(s.History) > 0 {
			tally.Add("earlier values")
		}
		rep.Entries++
		return cw.Write(rec)
	})
	if err != nil {
		return rep, fmt.Errorf("write csv: %w", err)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return rep, fmt.Errorf("write csv: %w", err)
	}
	rep.Omitted = tally.Lines()
	return rep, nil
}

func csvTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}
