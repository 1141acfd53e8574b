// This file holds the check of text a request carries. JSON strings cannot
// hold bytes that are not UTF-8 (encoding/json would replace them), and
// the vault refuses such text anyway: the client refuses it before it
// sends, with the error the vault gives.

package agent

import (
	"fmt"
	"unicode/utf8"

	"github.com/passtea/passtea/vault"
)

func validText(ss ...string) bool {
	for _, s := range ss {
		if !utf8.ValidString(s) {
			return false
		}
	}
	return true
}

// checkNewEntry returns the vault's error for an entry that holds text
// that is not UTF-8, and nil for one that does not.
func checkNewEntry(e vault.NewEntry) error {
	if newEntryText(e) {
		return nil
	}
	if err := vault.ValidateEntry(e); err != nil {
		return err
	}
	// Only earlier values are left, which the vault does not check.
	return &vault.InvalidError{Field: "history", Reason: "an earlier value is not valid UTF-8"}
}

func newEntryText(e vault.NewEntry) bool {
	if !validText(e.Name, e.Username, e.Password, e.Notes, e.OTP) || !validText(e.URLs...) || !validText(e.Tags...) {
		return false
	}
	for _, f := range e.Fields {
		if !validText(f.Name, f.Value) {
			return false
		}
	}
	for _, h := range e.History {
		if !validText(h.Field, h.Value) {
			return false
		}
	}
	return true
}

// checkChange is checkNewEntry for an edit: the fields it sets are checked
// as the vault checks them, in the same order.
func checkChange(c vault.Change) error {
	e := vault.NewEntry{Name: "x"}
	set := func(dst *string, p *string) {
		if p != nil {
			*dst = *p
		}
	}
	set(&e.Name, c.Name)
	set(&e.Username, c.Username)
	set(&e.Password, c.Password)
	set(&e.Notes, c.Notes)
	set(&e.OTP, c.OTP)
	if c.URLs != nil {
		e.URLs = *c.URLs
	}
	if c.Tags != nil {
		e.Tags = *c.Tags
	}
	if c.Fields != nil {
		e.Fields = *c.Fields
	}
	if err := checkNewEntry(e); err != nil {
		return err
	}
	if c.Accepted != nil {
		for _, f := range *c.Accepted {
			if !validText(f) {
				return &vault.InvalidError{Field: "accepted", Reason: fmt.Sprintf("%q is not an audit finding", f)}
			}
		}
	}
	return nil
}
