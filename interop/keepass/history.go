// This file turns KeePass's history (whole earlier versions of an entry,
// each with its modification time) into passtea's earlier values (one
// field each, with when it was set and replaced), and back.

package keepass

import (
	"cmp"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/passtea/passtea/interop"
	"github.com/passtea/passtea/interop/kdbx"
	"github.com/passtea/passtea/vault"
)

// fieldKey names one field of an entry: a kind, and for custom fields
// their name.
type fieldKey struct {
	kind vault.FieldKind
	name string
}

func compareKeys(a, b fieldKey) int {
	if c := cmp.Compare(a.kind, b.kind); c != 0 {
		return c
	}
	return strings.Compare(a.name, b.name)
}

// fieldValue is a field's value; absent fields (and empty standard
// fields) have none.
type fieldValue struct {
	value     string
	concealed bool
}

// snapshot is an entry's fields at one time.
type snapshot struct {
	at     time.Time
	values map[fieldKey]fieldValue
}

// snapshotOf takes the fields of a mapped (and cleaned) version.
func snapshotOf(e interop.Entry, at time.Time) snapshot {
	s := snapshot{at: at, values: map[fieldKey]fieldValue{}}
	set := func(kind vault.FieldKind, name, value string, concealed bool) {
		if value != "" || kind == vault.KindCustom {
			s.values[fieldKey{kind, name}] = fieldValue{value, concealed}
		}
	}
	set(vault.KindName, "", e.Name, false)
	set(vault.KindUsername, "", e.Username, false)
	set(vault.KindURLs, "", strings.Join(e.URLs, "\n"), false)
	set(vault.KindTags, "", strings.Join(e.Tags, "\n"), false)
	set(vault.KindPassword, "", e.Password, true)
	set(vault.KindNotes, "", e.Notes, false)
	set(vault.KindOTP, "", e.OTP, true)
	for _, f := range e.Fields {
		set(vault.KindCustom, f.Name, f.Value, f.Concealed)
	}
	return s
}

// history returns the earlier values an entry's history items hold,
// given the entry itself as mapped (cur). Each version is mapped and
// cleaned as the entry is, so the values compare; a value is set at the
// modification time of the first version that has it and replaced at
// that of the first version that does not. A standard field emptied, or
// a custom field removed, between two versions that have it gives an
// empty (removed) earlier value; the current value's start is the last
// replacement (the vault takes it from there).
func history(groups []string, ke *kdbx.Entry, place string, cur interop.Entry) []vault.OldValue {
	versions := make([]snapshot, 0, len(ke.History)+1)
	for _, h := range ke.History {
		v := version(groups, h, place)
		interop.Clean(&v)
		versions = append(versions, snapshotOf(v, h.Times.Modified))
	}
	cur.Fields, cur.Changed, cur.Dropped = slices.Clone(cur.Fields), nil, nil
	interop.Clean(&cur)
	versions = append(versions, snapshotOf(cur, ke.Times.Modified))

	var keys []fieldKey
	seenKey := map[fieldKey]bool{}
	for _, s := range versions {
		for k := range s.values {
			if !seenKey[k] {
				seenKey[k] = true
				keys = append(keys, k)
			}
		}
	}
	slices.SortFunc(keys, compareKeys)
	var out []vault.OldValue
	for _, k := range keys {
		var (
			prev       fieldValue // the last value present
			have, seen bool       // present in the version before; in any before
			start      time.Time  // when the value of the version before began
		)
		for i, s := range versions {
			v, ok := s.values[k]
			changed := ok != have || (ok && v != prev)
			if i > 0 && changed {
				old := vault.OldValue{Kind: k.kind, Field: k.name, Set: start, Replaced: s.at}
				switch {
				case have:
					old.Value, old.Concealed = prev.value, prev.concealed
					out = append(out, old)
				case seen:
					old.Concealed, old.Removed = prev.concealed, k.kind == vault.KindCustom
					out = append(out, old)
				}
			}
			if i == 0 || changed {
				start = s.at
			}
			if ok {
				prev = v
			}
			have, seen = ok, seen || ok
		}
	}
	return out
}

// state is what an exported KeePass entry or history item holds.
type state struct {
	title, username, password, notes, otp string
	urls, tags                            []string
	fields                                []vault.Field
}

// stateBefore returns the entry's state just before an edit: each field
// holds its earlier value next[k] (the first not yet replaced by the
// edits before this one; absent when the field was first set after the
// edit, at), else its current value. Earlier values a merge set aside
// (never replaced) are not on the timeline.
func stateBefore(cur state, byField map[fieldKey][]vault.OldValue, order []fieldKey, next map[fieldKey]int, at time.Time) state {
	st := cur
	st.fields = nil
	earlier := func(k fieldKey) (vault.OldValue, bool) {
		i, list := next[k], byField[k]
		if i >= len(list) {
			return vault.OldValue{}, false
		}
		h := list[i]
		if i == 0 && h.Set.After(at) && k.kind != vault.KindName {
			return vault.OldValue{Kind: h.Kind, Field: h.Field, Removed: true}, true
		}
		return h, true
	}
	lines := func(s string) []string {
		if s == "" {
			return nil
		}
		return strings.Split(s, "\n")
	}
	for k := range byField {
		h, ok := earlier(k)
		if !ok || k.kind == vault.KindCustom {
			continue
		}
		switch k.kind {
		case vault.KindName:
			st.title = path.Base(h.Value)
		case vault.KindUsername:
			st.username = h.Value
		case vault.KindPassword:
			st.password = h.Value
		case vault.KindNotes:
			st.notes = h.Value
		case vault.KindOTP:
			st.otp = h.Value
		case vault.KindURLs:
			st.urls = lines(h.Value)
		case vault.KindTags:
			st.tags = lines(h.Value)
		}
	}
	for _, k := range order {
		if h, ok := earlier(k); ok {
			if !h.Removed {
				st.fields = append(st.fields, vault.Field{Name: k.name, Value: h.Value, Concealed: h.Concealed})
			}
			continue
		}
		for _, f := range cur.fields {
			if f.Name == k.name {
				st.fields = append(st.fields, f)
			}
		}
	}
	return st
}

// edit is one save as the history shows it: the fields it replaced (one
// earlier value each) and its stamp.
type edit struct {
	at     time.Time
	fields []fieldKey
}

// edits groups the replacements of the earlier values into saves, oldest
// first. Stamps are milliseconds, so several saves can share one: a field
// replaced n times within a stamp takes n saves, and a field replaced
// fewer times there is counted in the last of them (as when a script sets
// a password twice, then the password and the notes).
func edits(byField map[fieldKey][]vault.OldValue) []edit {
	// By the stamp's nanoseconds: equal times may differ in location.
	counts := map[int64]map[fieldKey]int{}
	stamps := map[int64]time.Time{}
	for k, list := range byField {
		for _, h := range list {
			ns := h.Replaced.UnixNano()
			if counts[ns] == nil {
				counts[ns] = map[fieldKey]int{}
				stamps[ns] = h.Replaced
			}
			counts[ns][k]++
		}
	}
	times := make([]int64, 0, len(counts))
	for ns := range counts {
		times = append(times, ns)
	}
	slices.Sort(times)
	var out []edit
	for _, ns := range times {
		n := 0
		for _, c := range counts[ns] {
			n = max(n, c)
		}
		group := make([]edit, n)
		for k, c := range counts[ns] {
			for i := n - c; i < n; i++ {
				group[i].fields = append(group[i].fields, k)
			}
		}
		for i := range group {
			group[i].at = stamps[ns]
			slices.SortFunc(group[i].fields, compareKeys)
		}
		out = append(out, group...)
	}
	return out
}

// equal reports whether two states hold the same values.
func (s state) equal(o state) bool {
	return s.title == o.title && s.username == o.username && s.password == o.password && s.notes == o.notes &&
		s.otp == o.otp && slices.Equal(s.urls, o.urls) && slices.Equal(s.tags, o.tags) && slices.Equal(s.fields, o.fields)
}

// timeline returns the entry's earlier states, oldest first, each with
// the time it began: one before every save that replaced earlier values
// (see edits), less those equal to the state after them. It also reports whether
// some earlier values are not on it (set aside by a merge) and whether
// an earlier name was in other groups (KeePass's history keeps titles
// only).
func timeline(name string, cur state, hist []vault.OldValue) (states []state, starts []time.Time, setAside, moved bool) {
	byField := map[fieldKey][]vault.OldValue{}
	var order []fieldKey
	for _, f := range cur.fields {
		order = append(order, fieldKey{vault.KindCustom, f.Name})
	}
	first := time.Time{}
	for _, h := range hist {
		if h.Replaced.IsZero() {
			setAside = true
			continue
		}
		k := fieldKey{h.Kind, h.Field}
		if k.kind != vault.KindCustom {
			k.name = ""
		} else if _, ok := byField[k]; !ok && !slices.Contains(order, k) {
			order = append(order, k)
		}
		byField[k] = append(byField[k], h)
		if first.IsZero() || (!h.Set.IsZero() && h.Set.Before(first)) {
			first = h.Set
		}
		if h.Kind == vault.KindName && path.Dir(h.Value) != path.Dir(name) {
			moved = true
		}
	}
	for _, list := range byField {
		slices.SortStableFunc(list, func(a, b vault.OldValue) int { return a.Replaced.Compare(b.Replaced) })
	}
	saves := edits(byField)
	if len(saves) == 0 {
		return nil, nil, setAside, moved
	}
	began := first
	if !began.Before(saves[0].at) {
		began = saves[0].at.Add(-time.Second)
	}
	next := map[fieldKey]int{}
	for _, ed := range saves {
		st := stateBefore(cur, byField, order, next, ed.at)
		if n := len(states); n == 0 || !states[n-1].equal(st) {
			states, starts = append(states, st), append(starts, began)
		}
		for _, k := range ed.fields {
			next[k]++
		}
		began = ed.at
	}
	if n := len(states); n > 0 && states[n-1].equal(cur) {
		states, starts = states[:n-1], starts[:n-1]
	}
	return states, starts, setAside, moved
}
