package passteajson

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/passtea/passtea/interop"
	"github.com/passtea/passtea/interop/internal/jsonx"
	"github.com/passtea/passtea/vault"
)

// Kind is the kind the summary counts passtea's entries under.
const Kind interop.Kind = "entry"

// Read reads a passtea export (see the package doc). A file of another
// format fails with interop.ErrFormat; a bad entry with a
// *interop.RecordError naming it ("entries[3]").
func Read(data []byte, opts interop.Options) (*interop.Import, error) {
	im := interop.NewImport("json", opts.Limits)
	var head file
	var seen [3]bool
	d := jsonx.New(data, opts.Limits)
	err := d.Object("$", func(key string) error {
		switch key {
		case "format":
			seen[0] = true
			return d.Value("$.format", &head.Format)
		case "version":
			seen[1] = true
			return d.Value("$.version", &head.Version)
		case "exported":
			return d.Value("$.exported", &head.Exported)
		case "entries":
			seen[2] = true
			return d.Array("$.entries", func(i int, raw json.RawMessage) error {
				place := fmt.Sprintf("entries[%d]", i)
				var je entry
				if err := jsonx.UnmarshalStrict(place, raw, &je); err != nil {
					return err
				}
				e, err := fromJSON(place, je)
				if err != nil {
					return err
				}
				if err := im.Add(e); err != nil {
					return err
				}
				if n := i + 1; n%1024 == 0 {
					opts.Progress.Report(n, 0)
				}
				return nil
			})
		}
		return interop.Recordf("$", "unknown member %q", key)
	})
	switch {
	case err != nil && (!seen[0] || head.Format != Format):
		return nil, fmt.Errorf("%w: not a passtea export (%w)", interop.ErrFormat, err)
	case err != nil:
		return nil, err
	case head.Format != Format:
		return nil, fmt.Errorf("%w: not a passtea export (no \"format\": %q)", interop.ErrFormat, Format)
	case !seen[1] || head.Version < 1:
		return nil, interop.Recordf("$.version", "missing or not a version number")
	case head.Version > Version:
		return nil, fmt.Errorf("%w: a passtea export of version %d, written by a newer passtea: upgrade to read it", interop.ErrFormat, head.Version)
	case !seen[2]:
		return nil, interop.Recordf("$", "no \"entries\"")
	}
	if err := d.End(); err != nil {
		return nil, err
	}
	opts.Progress.Report(len(im.Entries), len(im.Entries))
	return im, nil
}

// fromJSON makes an import entry of a schema entry.
func fromJSON(place string, je entry) (interop.Entry, error) {
	e := interop.Entry{Kind: Kind, Place: place, Accepted: je.Accepted}
	e.Name, e.Username, e.URLs, e.Tags = je.Name, je.Username, je.URLs, je.Tags
	e.Password, e.Notes, e.OTP = je.Password, je.Notes, je.OTP
	if je.Created != nil {
		e.Created = je.Created.UTC()
	}
	if je.Modified != nil {
		e.Modified = je.Modified.UTC()
	}
	for _, f := range je.Fields {
		e.Fields = append(e.Fields, vault.Field(f))
	}
	kinds := map[string]vault.FieldKind{}
	for k, name := range kindNames {
		kinds[name] = k
	}
	for j, o := range je.History {
		where := fmt.Sprintf("%s.history[%d]", place, j)
		k, ok := kinds[o.Kind]
		if !ok {
			return e, interop.Recordf(where, "unknown kind %q", o.Kind)
		}
		h := vault.OldValue{Kind: k, Concealed: o.Concealed, Removed: o.Removed}
		switch {
		case k == vault.KindURLs || k == vault.KindTags:
			if o.Value != nil {
				return e, interop.Recordf(where, "kind %q takes \"values\", not \"value\"", o.Kind)
			}
			h.Value = strings.Join(o.Values, "\n")
		case o.Values != nil:
			return e, interop.Recordf(where, "kind %q takes \"value\", not \"values\"", o.Kind)
		case o.Value != nil:
			h.Value = *o.Value
		}
		if k == vault.KindCustom {
			if o.Field == "" {
				return e, interop.Recordf(where, "an earlier value of a custom field has no \"field\"")
			}
			h.Field = o.Field
		} else if o.Field != "" || o.Removed {
			return e, interop.Recordf(where, "only kind \"field\" has \"field\" and \"removed\"")
		}
		if o.Set != nil {
			h.Set = o.Set.UTC()
		}
		if o.Replaced != nil {
			h.Replaced = o.Replaced.UTC()
		}
		e.History = append(e.History, h)
	}
	return e, nil
}
