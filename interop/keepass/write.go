// This file builds the KeePass database an export writes: groups from
// name paths, entries with their fields, one-time codes and a history
// made of passtea's earlier values.

package keepass

import (
	"crypto/sha256"
	"io"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/passtea/passtea/interop"
	"github.com/passtea/passtea/interop/kdbx"
	"github.com/passtea/passtea/vault"
)

// Write writes src's live entries as a KDBX 4 database protected by c
// (see [Database] for the mapping, kdbx.Write for the file). The report
// lists what KeePass cannot hold. An error may leave w partly written.
func Write(w io.Writer, src interop.Source, c kdbx.Credentials, opt kdbx.WriteOptions, progress interop.Progress) (interop.ExportReport, error) {
	db, rep, err := Database(src, progress)
	if err != nil {
		return rep, err
	}
	return rep, kdbx.Write(w, db, c, opt)
}

// Database builds the KeePass database of src's live entries (see the
// package doc, "Export"), and says what it could not hold.
func Database(src interop.Source, progress interop.Progress) (*kdbx.Database, interop.ExportReport, error) {
	var rep interop.ExportReport
	root := &kdbx.Group{UUID: groupUUID(""), Name: "Root", IconID: folderIcon}
	db := &kdbx.Database{
		Meta: kdbx.Meta{DatabaseName: "passtea export", RecycleBinEnabled: true,
			MemoryProtection: kdbx.MemoryProtection{Password: true}},
		Root: root,
	}
	groups := map[string]*kdbx.Group{"": root}
	var tally interop.Tally
	err := interop.Each(src, progress, func(e vault.Entry, s vault.Secret) error {
		g := group(groups, path.Dir(e.Name), e)
		g.Entries = append(g.Entries, exportEntry(e, s, &tally))
		rep.Entries++
		return nil
	})
	if err != nil {
		return nil, rep, err
	}
	rep.Omitted = tally.Lines()
	return db, rep, nil
}

// folderIcon is KeePass's icon for groups.
const folderIcon = 48

// group returns the group of a name path ("." for none), making it and
// its parents as needed, with the times of the first entry in it.
func group(groups map[string]*kdbx.Group, dir string, e vault.Entry) *kdbx.Group {
	if dir == "." {
		dir = ""
	}
	if g, ok := groups[dir]; ok {
		return g
	}
	parent := group(groups, path.Dir(dir), e)
	g := &kdbx.Group{UUID: groupUUID(dir), Name: path.Base(dir), IconID: folderIcon,
		Times: kdbx.Times{Created: e.Created, Modified: e.Created, Accessed: e.Created, LocationChanged: e.Created}}
	parent.Groups = append(parent.Groups, g)
	groups[dir] = g
	return g
}

// groupUUID gives a group of a name path the same UUID in every export,
// so that KeePass can merge two exports.
func groupUUID(dir string) kdbx.UUID {
	sum := sha256.Sum256([]byte("passtea group\x00" + dir))
	u := kdbx.UUID(sum[:16])
	u[6] = u[6]&0x0f | 0x50 // version 5 (name-based, SHA)
	u[8] = u[8]&0x3f | 0x80 // RFC 4122 variant
	return u
}

// exportEntry maps one entry and its history, tallying what KeePass cannot
// hold.
func exportEntry(e vault.Entry, s vault.Secret, tally *interop.Tally) *kdbx.Entry {
	cur := state{title: path.Base(e.Name), username: e.Username, password: s.Password, notes: s.Notes,
		otp: s.OTP, urls: e.URLs, tags: e.Tags, fields: s.Fields}
	keys := fieldKeys(s)
	ke, otpKept := cur.entry(keys)
	ke.UUID = kdbx.UUID(e.ID)
	ke.Times = kdbx.Times{Created: e.Created, Modified: e.Modified, Accessed: e.Modified, LocationChanged: e.Created}
	if !otpKept {
		tally.Add("HOTP digits, algorithm or label (KeePass keeps the secret and counter)")
	}
	states, starts, setAside, moved := timeline(e.Name, cur, s.History)
	for i, st := range states {
		h, _ := st.entry(keys)
		h.UUID = ke.UUID
		h.Times = kdbx.Times{Created: e.Created, Modified: starts[i], Accessed: starts[i], LocationChanged: e.Created}
		ke.History = append(ke.History, h)
	}
	if setAside {
		tally.Add("earlier values a merge set aside")
	}
	if moved {
		tally.Add("earlier groups (KeePass's history keeps titles)")
	}
	for _, f := range s.Fields {
		if keys[f.Name] != f.Name {
			tally.Add("custom fields renamed (KeePass gives their names a meaning)")
			break
		}
	}
	ke.ExcludeFromReports = slices.Contains(e.Accepted, "weak")
	if len(e.Accepted) > 0 && !slices.Equal(e.Accepted, excludedFindings) {
		tally.Add("accepted audit findings (KeePass has one \"exclude from reports\" flag)")
	}
	if e.Conflict {
		tally.Add("conflict marks")
	}
	return ke
}

// fieldKeys gives each custom field of the entry and its history the
// KeePass attribute it is written to: its own name, unless KeePass or
// KeePassXC give that name a meaning (a standard field, a one-time code
// or an additional URL), then "NAME (passtea)".
func fieldKeys(s vault.Secret) map[string]string {
	names := map[string]string{}
	taken := map[string]bool{}
	var all []string
	for _, f := range s.Fields {
		all = append(all, f.Name)
	}
	for _, h := range s.History {
		if h.Kind == vault.KindCustom {
			all = append(all, h.Field)
		}
	}
	for _, n := range all {
		taken[n] = true
	}
	for _, n := range all {
		if _, ok := names[n]; ok {
			continue
		}
		if !reserved(n) {
			names[n] = n
			continue
		}
		k := n + " (passtea)"
		if taken[k] {
			k = vault.FreeName(k, func(s string) bool { return taken[s] })
		}
		taken[k] = true
		names[n] = k
	}
	return names
}

// reserved reports whether KeePass or KeePassXC read an attribute of this
// name as something other than a custom field.
func reserved(name string) bool {
	switch name {
	case kdbx.FieldOTP, kdbx.FieldTOTPSeed, kdbx.FieldTOTPSettings:
		return true
	}
	return kdbx.IsStandardField(name) || isURLKey(name) ||
		strings.HasPrefix(name, timePrefix) || strings.HasPrefix(name, hmacPrefix)
}

// entry makes the KeePass entry of a state (without UUID and times),
// custom fields under keys, and reports whether its one-time code is
// kept whole.
func (s state) entry(keys map[string]string) (*kdbx.Entry, bool) {
	ke := &kdbx.Entry{Tags: s.tags}
	first := ""
	if len(s.urls) > 0 {
		first = s.urls[0]
	}
	ke.Set(kdbx.FieldTitle, s.title, false)
	ke.Set(kdbx.FieldUserName, s.username, false)
	ke.Set(kdbx.FieldPassword, s.password, true)
	ke.Set(kdbx.FieldURL, first, false)
	ke.Set(kdbx.FieldNotes, s.notes, false)
	for i, u := range s.urls[min(1, len(s.urls)):] {
		ke.Set(additionalURLKey(i+1), u, false)
	}
	for _, f := range s.fields {
		ke.Set(keys[f.Name], f.Value, f.Concealed)
	}
	kept := true
	if s.otp != "" {
		kept = writeOTP(ke, s.otp)
	}
	return ke, kept
}

// additionalURLKey names the attribute of the n-th additional URL as
// KeePassXC's importers do: "KP2A_URL_1", "KP2A_URL_2", ...
func additionalURLKey(n int) string {
	return urlKey + "_" + strconv.Itoa(n)
}
