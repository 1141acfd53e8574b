// Test helpers: running keepassxc-cli, comparing databases field by field,
// and building models.

package kdbx

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/passtea/passtea/crypto/keyfile"
)

// fixturePassword opens every fixture that has a password.
const fixturePassword = "passtea-fixture"

// cheapKDF keeps tests fast: 1 MiB Argon2id, one pass.
var cheapKDF = KDFParams{KDF: KDFArgon2id, MemoryKiB: 1024, Iterations: 1, Parallelism: 1}

// keepassxc returns a runner for keepassxc-cli, skipping the test when it is
// not installed. The runner feeds stdin and fails the test on an error.
func keepassxc(t testing.TB) func(stdin string, args ...string) string {
	t.Helper()
	cli, err := exec.LookPath("keepassxc-cli")
	if err != nil {
		t.Skip("keepassxc-cli not installed")
	}
	return func(stdin string, args ...string) string {
		t.Helper()
		out, err := runKeePassXC(cli, stdin, args...)
		if err != nil {
			t.Fatalf("keepassxc-cli %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return out
	}
}

// runKeePassXC runs keepassxc-cli with stdin and returns its standard output
// (its prompts go to standard error).
func runKeePassXC(cli, stdin string, args ...string) (string, error) {
	cmd := exec.Command(cli, args...)
	cmd.Stdin = strings.NewReader(stdin)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return stdout.String() + stderr.String(), err
	}
	return stdout.String(), nil
}

// readFile reads a database file with a password and optional key file.
func readFile(t testing.TB, path string, c Credentials) *Database {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	db, err := Read(f, c)
	if err != nil {
		t.Fatalf("read %s: %v", filepath.Base(path), err)
	}
	return db
}

// readXMLFile reads a KeePass XML file.
func readXMLFile(t testing.TB, path string) *Database {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	db, err := ReadXML(f)
	if err != nil {
		t.Fatalf("read %s: %v", filepath.Base(path), err)
	}
	return db
}

// keyFileKey reads a key file from testdata.
func keyFileKey(t testing.TB, name string) []byte {
	t.Helper()
	key, _, err := keyfile.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return key
}

// diff collects the differences between two databases, one line each.
type diff []string

func (d *diff) add(path, format string, args ...any) {
	*d = append(*d, path+": "+fmt.Sprintf(format, args...))
}

// compareDatabases compares what an importer reads: metadata, every group
// and entry with fields, protection, times, tags, history, attachments,
// auto-type and custom data, and the deleted objects. Entries titled as in
// skip are ignored on the got side (added by keepassxc-cli). KeePassXC
// orders fields and tags its own way, so both are compared as sets.
func compareDatabases(got, want *Database, skip ...string) diff {
	var d diff
	m, w := got.Meta, want.Meta
	if m.DatabaseName != w.DatabaseName || m.Description != w.Description || m.DefaultUserName != w.DefaultUserName {
		d.add("meta", "name/description/user %q %q %q, want %q %q %q", m.DatabaseName, m.Description, m.DefaultUserName, w.DatabaseName, w.Description, w.DefaultUserName)
	}
	if m.RecycleBinEnabled != w.RecycleBinEnabled || m.RecycleBinUUID != w.RecycleBinUUID {
		d.add("meta", "recycle bin %v %v, want %v %v", m.RecycleBinEnabled, m.RecycleBinUUID, w.RecycleBinEnabled, w.RecycleBinUUID)
	}
	if !reflect.DeepEqual(got.DeletedObjects, want.DeletedObjects) {
		d.add("deleted objects", "%v, want %v", got.DeletedObjects, want.DeletedObjects)
	}
	compareGroup(&d, "", got.Root, want.Root, skip)
	return d
}

func compareGroup(d *diff, path string, got, want *Group, skip []string) {
	path += "/" + want.Name
	if (!want.UUID.IsZero() && got.UUID != want.UUID) || got.Name != want.Name || got.Notes != want.Notes || got.IconID != want.IconID {
		d.add(path, "group %v %q %q %d, want %v %q %q %d", got.UUID, got.Name, got.Notes, got.IconID, want.UUID, want.Name, want.Notes, want.IconID)
	}
	entries := slices.DeleteFunc(slices.Clone(got.Entries), func(e *Entry) bool { return slices.Contains(skip, e.Get(FieldTitle)) })
	if len(entries) == len(got.Entries) {
		// Adding an entry changes the group's times.
		compareTimes(d, path, got.Times, want.Times)
	}
	if !equalSets(got.Tags, want.Tags) {
		d.add(path, "tags %q, want %q", got.Tags, want.Tags)
	}
	compareCustomData(d, path, got.CustomData, want.CustomData)
	if len(entries) != len(want.Entries) {
		d.add(path, "%d entries, want %d", len(entries), len(want.Entries))
		return
	}
	for i := range entries {
		compareEntry(d, path+"/"+want.Entries[i].Get(FieldTitle), entries[i], want.Entries[i], true)
	}
	if len(got.Groups) != len(want.Groups) {
		d.add(path, "%d groups, want %d", len(got.Groups), len(want.Groups))
		return
	}
	for i := range got.Groups {
		compareGroup(d, path, got.Groups[i], want.Groups[i], skip)
	}
}

func compareEntry(d *diff, path string, got, want *Entry, history bool) {
	// A zero UUID gets a fresh one; history items take their entry's.
	if history && !want.UUID.IsZero() && got.UUID != want.UUID {
		d.add(path, "UUID %v, want %v", got.UUID, want.UUID)
	}
	if g, w := normalFields(got.Fields), normalFields(want.Fields); !reflect.DeepEqual(g, w) {
		d.add(path, "fields\n  %#v\nwant\n  %#v", g, w)
	}
	compareTimes(d, path, got.Times, want.Times)
	if !equalSets(got.Tags, want.Tags) {
		d.add(path, "tags %q, want %q", got.Tags, want.Tags)
	}
	if len(got.Attachments) != len(want.Attachments) {
		d.add(path, "attachments %v, want %v", got.Attachments, want.Attachments)
	}
	for i := range min(len(got.Attachments), len(want.Attachments)) {
		if got.Attachments[i].Name != want.Attachments[i].Name || got.Attachments[i].Size != want.Attachments[i].Size {
			d.add(path, "attachment %v, want %v", got.Attachments[i], want.Attachments[i])
		}
	}
	if !reflect.DeepEqual(got.AutoType.Associations, want.AutoType.Associations) || got.AutoType.Disabled != want.AutoType.Disabled {
		d.add(path, "auto-type %+v, want %+v", got.AutoType, want.AutoType)
	}
	if got.ExcludeFromReports != want.ExcludeFromReports {
		d.add(path, "exclude from reports %v, want %v", got.ExcludeFromReports, want.ExcludeFromReports)
	}
	compareCustomData(d, path, got.CustomData, want.CustomData)
	if !history {
		return
	}
	if len(got.History) != len(want.History) {
		d.add(path, "%d history items, want %d", len(got.History), len(want.History))
		return
	}
	for i := range got.History {
		compareEntry(d, fmt.Sprintf("%s history %d", path, i), got.History[i], want.History[i], false)
	}
}

func compareTimes(d *diff, path string, got, want Times) {
	eq := func(a, b time.Time) bool { return a.Equal(b) }
	if !eq(got.Created, want.Created) || !eq(got.Modified, want.Modified) || !eq(got.Accessed, want.Accessed) ||
		!eq(got.Expiry, want.Expiry) || got.Expires != want.Expires || !eq(got.LocationChanged, want.LocationChanged) ||
		got.UsageCount != want.UsageCount {
		d.add(path, "times %+v, want %+v", got, want)
	}
}

// compareCustomData compares custom data, leaving out the items KeePassXC
// adds itself (keys starting with "_").
func compareCustomData(d *diff, path string, got, want []CustomDataItem) {
	own := func(items []CustomDataItem) map[string]string {
		m := map[string]string{}
		for _, it := range items {
			if !strings.HasPrefix(it.Key, "_") {
				m[it.Key] = it.Value
			}
		}
		return m
	}
	if g, w := own(got), own(want); !reflect.DeepEqual(g, w) {
		d.add(path, "custom data %v, want %v", g, w)
	}
}

// normalFields sorts fields by key, adds the standard fields KeePassXC
// gives every entry (Password protected, as KeePass's memory protection
// default says), and marks protected the values the writer protects for
// their characters.
func normalFields(fields []Field) []Field {
	out := slices.Clone(fields)
	for _, k := range []string{FieldTitle, FieldUserName, FieldPassword, FieldURL, FieldNotes} {
		if !slices.ContainsFunc(out, func(f Field) bool { return f.Key == k }) {
			out = append(out, Field{Key: k, Protected: k == FieldPassword})
		}
	}
	for i := range out {
		out[i].Protected = out[i].Protected || needsProtection(out[i].Value)
	}
	slices.SortFunc(out, func(a, b Field) int { return strings.Compare(a.Key, b.Key) })
	return out
}

func equalSets(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// failDiff reports d.
func failDiff(t testing.TB, d diff) {
	t.Helper()
	if len(d) > 0 {
		t.Errorf("%d differences:\n%s", len(d), strings.Join(d, "\n"))
	}
}

// withoutAttachments returns a copy of db's tree without attachments, which
// the writer cannot write.
func withoutAttachments(db *Database) *Database {
	out := *db
	out.Binaries = nil
	var clone func(g *Group) *Group
	clone = func(g *Group) *Group {
		c := *g
		c.Entries, c.Groups = nil, nil
		for _, e := range g.Entries {
			ce := *e
			ce.Attachments = nil
			c.Entries = append(c.Entries, &ce)
		}
		for _, s := range g.Groups {
			c.Groups = append(c.Groups, clone(s))
		}
		return &c
	}
	out.Root = clone(db.Root)
	return &out
}

// writeFile writes db with our writer.
func writeFile(t testing.TB, path string, db *Database, c Credentials, opt WriteOptions) {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, db, c, opt); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
}
