package passteajson

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

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
	keepCleared(&e)
	return e, nil
}

// keepCleared adds, for a field whose newest earlier value was replaced
// by an empty value (or a custom field that was deleted), that clearing
// as the newest write: vault.NewEntry writes no empty current value, so
// the newest earlier value would otherwise become current again. URL and
// tag lists are left out: an empty earlier list cannot be written today
// (it reads back as one empty item).
func keepCleared(e *interop.Entry) {
	type key struct {
		kind vault.FieldKind
		name string
	}
	last := map[key]vault.OldValue{}
	for _, h := range e.History {
		k := key{h.Kind, h.Field}
		if old, ok := last[k]; !ok || !h.Set.Before(old.Set) {
			last[k] = h
		}
	}
	current := map[vault.FieldKind]string{vault.KindUsername: e.Username, vault.KindPassword: e.Password,
		vault.KindNotes: e.Notes, vault.KindOTP: e.OTP}
	var add []vault.OldValue
	for k, h := range last {
		switch {
		case k.kind == vault.KindCustom:
			if _, ok := e.Field(k.name); !ok && !h.Removed {
				add = append(add, vault.OldValue{Kind: k.kind, Field: k.name, Removed: true, Concealed: h.Concealed, Set: at(h)})
			}
		case k.kind == vault.KindUsername || k.kind == vault.KindPassword || k.kind == vault.KindNotes || k.kind == vault.KindOTP:
			if current[k.kind] == "" && h.Value != "" {
				add = append(add, vault.OldValue{Kind: k.kind, Concealed: h.Concealed, Set: at(h)})
			}
		}
	}
	slices.SortFunc(add, func(a, b vault.OldValue) int {
		if a.Kind != b.Kind {
			return int(a.Kind) - int(b.Kind)
		}
		return strings.Compare(a.Field, b.Field)
	})
	e.History = append(e.History, add...)
}

// at is when a value was cleared: when it was replaced, else just after
// it was set.
func at(h vault.OldValue) time.Time {
	if !h.Replaced.IsZero() {
		return h.Replaced
	}
	return h.Set.Add(time.Millisecond)
}
