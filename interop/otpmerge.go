// This file holds --merge-otp: which imported one-time codes (Google
// Authenticator accounts) go into existing entries instead of new ones.

package interop

import (
	"fmt"
	"path"
	"strings"
	"unicode"

	"github.com/passtea/passtea/otp"
	"github.com/passtea/passtea/vault"
)

// Existing is what [MergeOTP] needs of a vault entry.
type Existing struct {
	ID       vault.ID
	Name     string
	Username string
	URLs     []string
	OTP      string // its one-time code's URI, or ""
}

// OTPMerge puts the one-time code of an imported entry into an existing
// entry (with vault.Change{OTP: &URI}; a code it had goes to its history).
type OTPMerge struct {
	Index  int // in the imported entries
	Target vault.ID
	Name   string // the target's name
	URI    string
	// Replaces is set when the target had a different code.
	Replaces bool
}

// OTPPlan is the outcome of [MergeOTP].
type OTPPlan struct {
	Merges []OTPMerge
	// Same lists imported entries whose code an existing entry has
	// already (nothing to do).
	Same []int
	// New lists imported entries that stay new entries.
	New []int
	// Notes say why an entry was not merged when it nearly was.
	Notes []string
}

// MergeOTP decides which imported one-time-code entries (Kind
// [OneTimeCode]) go into existing entries. An imported code matches an
// existing entry when
//
//  1. the entry's own code has the same issuer and account (ignoring
//     case): it is the same account; or else
//  2. the entry has no code, its username equals the account (ignoring
//     case), and the issuer names it: the issuer, lower-cased and
//     keeping only letters and digits, equals the last segment of the
//     entry's name or a label of one of its URLs' hosts ("Google"
//     matches "mail/google" and "https://accounts.google.com").
//
// A code that matches exactly one entry is merged; one that matches
// several is not (the notes say which), and neither is a second code
// for an entry that already took one. Imported entries of other kinds
// are always new.
func MergeOTP(entries []Entry, existing []Existing) OTPPlan {
	var plan OTPPlan
	used := map[vault.ID]bool{}
	for i := range entries {
		e := &entries[i]
		k, err := otp.ParseURI(e.OTP)
		if e.Kind != OneTimeCode || err != nil {
			plan.New = append(plan.New, i)
			continue
		}
		same, matches := findOTPTargets(k, e.OTP, existing)
		switch {
		case same:
			plan.Same = append(plan.Same, i)
		case len(matches) == 1 && !used[matches[0].ID]:
			t := matches[0]
			used[t.ID] = true
			plan.Merges = append(plan.Merges, OTPMerge{Index: i, Target: t.ID, Name: t.Name, URI: e.OTP, Replaces: t.OTP != ""})
		case len(matches) == 1:
			plan.New = append(plan.New, i)
			plan.Notes = append(plan.Notes, fmt.Sprintf("%q: %q took another code of this import already: added as a new entry", e.Name, matches[0].Name))
		case len(matches) > 1:
			plan.New = append(plan.New, i)
			names := make([]string, len(matches))
			for j, m := range matches {
				names[j] = fmt.Sprintf("%q", m.Name)
			}
			plan.Notes = append(plan.Notes, fmt.Sprintf("%q matches %s: added as a new entry", e.Name, strings.Join(names, ", ")))
		default:
			plan.New = append(plan.New, i)
		}
	}
	return plan
}

// findOTPTargets returns whether an entry has this very code, else the
// entries the key matches (rule 1 if any, else rule 2).
func findOTPTargets(k otp.Key, uri string, existing []Existing) (bool, []Existing) {
	var byCode, byName []Existing
	issuer := squash(k.Issuer)
	for _, x := range existing {
		if x.OTP != "" {
			xk, err := otp.ParseURI(x.OTP)
			if err != nil || !strings.EqualFold(xk.Issuer, k.Issuer) || !strings.EqualFold(xk.Account, k.Account) {
				continue
			}
			if x.OTP == uri {
				return true, nil
			}
			byCode = append(byCode, x)
			continue
		}
		if issuer == "" || k.Account == "" || !strings.EqualFold(strings.TrimSpace(x.Username), k.Account) {
			continue
		}
		if namesIssuer(x, issuer) {
			byName = append(byName, x)
		}
	}
	if len(byCode) > 0 {
		return false, byCode
	}
	return false, byName
}

// namesIssuer reports whether the entry's name or URLs name the issuer.
func namesIssuer(x Existing, issuer string) bool {
	if squash(path.Base(x.Name)) == issuer {
		return true
	}
	for _, u := range x.URLs {
		for label := range strings.SplitSeq(Host(u), ".") {
			if squash(label) == issuer {
				return true
			}
		}
	}
	return false
}

// squash lower-cases s and keeps only letters and digits.
func squash(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, s)
}
