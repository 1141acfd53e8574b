// This file holds the browsers' CSV exports: Chrome (and Edge, Brave and
// other Chromium browsers), Firefox and Safari.

package csvfmt

import (
	"strconv"
	"strings"
	"time"

	"github.com/passtea/passtea/interop"
)

// Chrome is the export of Chrome, Edge, Brave and other Chromium
// browsers: name,url,username,password and, since Chrome 118, note. The
// name is the site's host as Chrome shows it.
var Chrome = Dialect{
	Name: "chrome-csv",
	Matches: func(t *Table) bool {
		return t.Is("name", "url", "username", "password") || t.Is("name", "url", "username", "password", "note")
	},
	Required: []string{"url", "username", "password"},
	Begin: func(t *Table, im *interop.Import) error {
		ignored(t, im, "name", "url", "username", "password", "note")
		return nil
	},
	Row: func(r Row, e *interop.Entry, _ *interop.Import) (bool, error) {
		e.Name = r.Get("name")
		e.AddURL(r.Get("url"))
		e.Username = r.Get("username")
		e.Password = r.Get("password")
		e.AddNotes(r.Get("note"))
		return true, nil
	},
}

// Firefox is Firefox's export (about:logins, "Export Logins"):
// url,username,password,httpRealm,formActionOrigin,guid,timeCreated,
// timeLastUsed,timePasswordChanged, times in milliseconds since 1970.
// Entries are named after the URL's host. The HTTP realm and the form's
// origin (when it differs from the URL) become fields; the last-used time
// and Firefox's id are not kept (a note says so).
var Firefox = Dialect{
	Name: "firefox-csv",
	Matches: func(t *Table) bool {
		return t.Has("url", "username", "password", "httprealm", "formactionorigin", "guid")
	},
	Required: []string{"url", "username", "password"},
	Begin: func(t *Table, im *interop.Import) error {
		ignored(t, im, "url", "username", "password", "httprealm", "formactionorigin", "timecreated", "timepasswordchanged")
		return nil
	},
	Row: func(r Row, e *interop.Entry, _ *interop.Import) (bool, error) {
		e.AddURL(r.Get("url"))
		e.Username = r.Get("username")
		e.Password = r.Get("password")
		if realm := r.Get("httprealm"); realm != "" {
			e.AddField("HTTP realm", realm, false)
		}
		if origin := strings.TrimSpace(r.Get("formactionorigin")); origin != "" && origin != strings.TrimSpace(r.Get("url")) {
			e.AddField("form action origin", origin, false)
		}
		var err error
		if e.Created, err = millis(r.Get("timecreated")); err != nil {
			return false, interop.Recordf(r.Place(), "timeCreated: %v", err)
		}
		if e.Modified, err = millis(r.Get("timepasswordchanged")); err != nil {
			return false, interop.Recordf(r.Place(), "timePasswordChanged: %v", err)
		}
		return true, nil
	},
}

// millis reads a time in milliseconds since 1970; "" is the zero time.
func millis(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 || n > 1e15 {
		return time.Time{}, errNotTime
	}
	return time.UnixMilli(n).UTC(), nil
}

// Safari is the export of Safari and Apple's Passwords app:
// Title,URL,Username,Password,Notes,OTPAuth (older versions: no Notes).
var Safari = Dialect{
	Name: "safari-csv",
	Matches: func(t *Table) bool {
		return t.Has("title", "url", "username", "password", "otpauth") && !t.Has("favorite")
	},
	Required: []string{"url", "username", "password"},
	Begin: func(t *Table, im *interop.Import) error {
		ignored(t, im, "title", "url", "username", "password", "notes", "otpauth")
		return nil
	},
	Row: func(r Row, e *interop.Entry, _ *interop.Import) (bool, error) {
		e.Name = r.Get("title")
		e.AddURL(r.Get("url"))
		e.Username = r.Get("username")
		e.Password = r.Get("password")
		e.AddNotes(r.Get("notes"))
		e.SetOTP("OTPAuth", r.Get("otpauth"), false)
		return true, nil
	},
}
