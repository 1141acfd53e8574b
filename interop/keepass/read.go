// This file maps a KeePass database (package kdbx's model) to an import:
// entries with their groups as name paths, fields, history and one-time
// codes, and what passtea cannot hold listed.

package keepass

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/passtea/passtea/interop"
	"github.com/passtea/passtea/interop/kdbx"
)

// The format names an import is given.
const (
	FormatKDBX = "kdbx"
	FormatXML  = "keepass-xml"
)

// excludedFindings are the audit findings an entry excluded from
// KeePassXC's reports (health check and Have I Been Pwned) accepts.
var excludedFindings = []string{"breached", "reused", "weak"}

// ReadKDBX decrypts a KeePass database (KDBX 3.1, 4.0 or 4.1) with c and
// maps it (see [Read]). Errors wrap kdbx's: kdbx.ErrWrongKey for a wrong
// password or key file.
func ReadKDBX(r io.Reader, c kdbx.Credentials, opts interop.Options) (*interop.Import, error) {
	db, err := kdbx.ReadLimited(r, c, limits(opts))
	if err != nil {
		return nil, err
	}
	im, err := Read(db, FormatKDBX, opts)
	if err != nil {
		return nil, err
	}
	h := db.Header
	im.Note("KeePass database: KDBX %v, %v, %v", h.Version, h.KDF, h.Cipher)
	return im, nil
}

// ReadXML reads a KeePass 2 XML export (KeePass's or KeePassXC's) and
// maps it (see [Read]). Anything else fails with interop.ErrFormat.
func ReadXML(data []byte, opts interop.Options) (*interop.Import, error) {
	if !IsXML(data) {
		return nil, fmt.Errorf("%w: not a KeePass XML export (no <KeePassFile>)", interop.ErrFormat)
	}
	db, err := kdbx.ReadXMLLimited(bytes.NewReader(data), limits(opts))
	if err != nil {
		return nil, err
	}
	return Read(db, FormatXML, opts)
}

// IsXML reports whether data starts like a KeePass 2 XML export: an XML
// declaration or comments, then the <KeePassFile> element.
func IsXML(data []byte) bool {
	head := data[:min(len(data), 4096)]
	head = bytes.TrimPrefix(head, []byte("\ufeff"))
	for {
		head = bytes.TrimLeft(head, " \t\r\n")
		switch {
		case bytes.HasPrefix(head, []byte("<?")):
			_, rest, ok := bytes.Cut(head, []byte("?>"))
			if !ok {
				return false
			}
			head = rest
		case bytes.HasPrefix(head, []byte("<!--")):
			_, rest, ok := bytes.Cut(head, []byte("-->"))
			if !ok {
				return false
			}
			head = rest
		default:
			return bytes.HasPrefix(head, []byte("<KeePassFile")) &&
				len(head) > len("<KeePassFile") && strings.ContainsRune(" \t\r\n>/", rune(head[len("<KeePassFile")]))
		}
	}
}

// limits are kdbx's limits, with the XML no larger than the import's
// input limit.
func limits(opts interop.Options) kdbx.Limits {
	lim := kdbx.DefaultLimits
	lim.MaxXMLSize = min(lim.MaxXMLSize, opts.Limits.Or().Input)
	return lim
}

// Read maps a database to an import named format (see the package doc):
// every entry outside the recycle bin becomes one, named by its groups
// and title; the recycle bin's are listed as skipped; what passtea cannot
// hold is listed per entry and per group. A database without entries is
// interop.ErrEmpty.
func Read(db *kdbx.Database, format string, opts interop.Options) (*interop.Import, error) {
	im := interop.NewImport(format, opts.Limits)
	bin := db.RecycleBin()
	total := noteGroups(db, bin, im)
	done := 0
	err := db.Walk(func(path []*kdbx.Group, ke *kdbx.Entry) error {
		groups := make([]string, len(path))
		for i, g := range path {
			groups[i] = g.Name
		}
		place := strings.Join(append(groups, ke.Get(kdbx.FieldTitle)), "/")
		if bin != nil && slices.Contains(path, bin) {
			im.Skip(place, ke.Get(kdbx.FieldTitle), "in the recycle bin")
			return nil
		}
		if err := im.Add(entryOf(groups, ke, place)); err != nil {
			return err
		}
		if done++; done%1024 == 0 {
			opts.Progress.Report(done, total)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(im.Entries) == 0 && len(im.Skipped) == 0 {
		return nil, fmt.Errorf("%w: the database holds no entries", interop.ErrEmpty)
	}
	opts.Progress.Report(done, total)
	return im, nil
}

// noteGroups notes what groups hold that passtea cannot (passtea's groups
// are only the parts of entry names): their notes, tags, and groups
// without entries. It returns the number of entries outside the bin.
func noteGroups(db *kdbx.Database, bin *kdbx.Group, im *interop.Import) int {
	if db.Root == nil {
		return 0
	}
	var walk func(g *kdbx.Group, path string) int
	walk = func(g *kdbx.Group, path string) int {
		if g == bin {
			return 0
		}
		n := len(g.Entries)
		for _, c := range g.Groups {
			n += walk(c, strings.TrimPrefix(path+"/"+c.Name, "/"))
		}
		name := path
		if g == db.Root {
			name = "(the root group)"
		}
		if strings.TrimSpace(g.Notes) != "" {
			im.Note("group %q: its notes are not kept (passtea keeps notes on entries only)", name)
		}
		if len(g.Tags) > 0 {
			im.Note("group %q: its tags %s are not kept (passtea keeps tags on entries only)", name, quoteAll(g.Tags))
		}
		if n == 0 && g != db.Root {
			im.Note("group %q is empty: not kept (passtea has no empty groups)", name)
		}
		return n
	}
	return walk(db.Root, "")
}

func quoteAll(list []string) string {
	q := make([]string, len(list))
	for i, s := range list {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}

// entryOf maps one entry and its history.
func entryOf(groups []string, ke *kdbx.Entry, place string) interop.Entry {
	e := version(groups, ke, place)
	e.Created, e.Modified = ke.Times.Created, ke.Times.Modified
	if ke.ExcludeFromReports {
		e.Accepted = slices.Clone(excludedFindings)
	}
	for _, f := range []struct{ key, what string }{
		{kdbx.FieldTitle, "title"}, {kdbx.FieldUserName, "username"}, {kdbx.FieldURL, "URL"}, {kdbx.FieldNotes, "notes"},
	} {
		if fl, ok := ke.Field(f.key); ok && fl.Protected && fl.Value != "" {
			e.Change("the %s was protected in KeePass: passtea shows it", f.what)
		}
	}
	dropped(&e, ke)
	if len(ke.History) > 0 {
		e.History = history(groups, ke, place, e)
	}
	return e
}

// version maps the fields of an entry or one of its history items, the
// way both are compared: name, username, password, URLs, notes, tags,
// one-time code and custom fields.
func version(groups []string, ke *kdbx.Entry, place string) interop.Entry {
	e := interop.Entry{Kind: interop.Login, Place: place}
	e.Username = ke.Get(kdbx.FieldUserName)
	e.Password = ke.Get(kdbx.FieldPassword)
	e.AddURL(ke.Get(kdbx.FieldURL))
	e.AddNotes(ke.Get(kdbx.FieldNotes))
	e.Tags = slices.Clone(ke.Tags)
	used := setOTP(&e, ke)
	for _, f := range ke.Fields {
		switch {
		case kdbx.IsStandardField(f.Key) || used[f.Key]:
		case isURLKey(f.Key):
			e.AddURL(f.Value)
		default:
			e.AddField(f.Key, f.Value, f.Protected)
		}
	}
	e.SetPath(append(slices.Clone(groups), e.Title(ke.Get(kdbx.FieldTitle)))...)
	return e
}

// isURLKey reports whether an attribute holds one of KeePassXC's
// additional URLs: "KP2A_URL", "KP2A_URL_1", ... (KeePassXC's
// EntryAttributes::AdditionalUrlAttribute, which Keepass2Android began).
func isURLKey(key string) bool { return strings.HasPrefix(key, urlKey) }

const urlKey = "KP2A_URL"

// lastModifiedKey is the custom data item KeePassXC keeps the time of the
// last change of the others in (CustomData::LastModified): bookkeeping,
// not data.
const lastModifiedKey = "_LAST_MODIFIED"

// dropped lists what the entry holds that passtea cannot.
func dropped(e *interop.Entry, ke *kdbx.Entry) {
	for _, a := range ke.Attachments {
		if a.Size > 0 {
			e.Drop("attachment %q (%d bytes)", a.Name, a.Size)
		} else {
			e.Drop("attachment %q", a.Name) // an XML export without its content
		}
	}
	if ke.Times.Expires {
		e.Drop("expiry date %s", ke.Times.Expiry.UTC().Format("2006-01-02 15:04 MST"))
	}
	switch {
	case !ke.CustomIcon.IsZero():
		e.Drop("custom icon")
	case ke.IconID != 0:
		e.Drop("icon %d", ke.IconID)
	}
	if ke.ForegroundColor != "" || ke.BackgroundColor != "" {
		e.Drop("colours")
	}
	if ke.OverrideURL != "" {
		e.Drop("URL override %q", ke.OverrideURL)
	}
	if at := ke.AutoType; at.DefaultSequence != "" || len(at.Associations) > 0 {
		e.Drop("auto-type sequence and %d window associations", len(at.Associations))
	}
	for _, c := range ke.CustomData {
		if c.Key != lastModifiedKey {
			e.Drop("custom data %q", c.Key)
		}
	}
}
