// This file holds the changes a vault can make to its entries; each is
// saved at once.

package vault

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Add adds an entry and saves the vault. The name must be free
// ([ErrNameTaken]); fields are checked ([ErrInvalid], [*InvalidError]).
func (v *Vault) Add(it NewEntry) (Entry, error) {
	var added Entry
	err := v.commit(func(t *txn) error {
		e, err := t.add(it)
		if err != nil {
			return err
		}
		added = e.view()
		return nil
	})
	return added, err
}

// AddMany adds several entries in one save: all of them or none. The
// error of a refused entry says which (its position, from 1).
func (v *Vault) AddMany(items []NewEntry) error { return v.Apply(Batch{Add: items}) }

func (t *txn) add(it NewEntry) (*entry, error) {
	it.Name = NormalizeName(it.Name)
	stamp := t.stamp()
	ws, err := newEntryWrites(it, stamp)
	if err != nil {
		return nil, err
	}
	if taken, err := t.nameTaken(it.Name, ID{}); err != nil {
		return nil, err
	} else if taken {
		return nil, fmt.Errorf("%w: %s", ErrNameTaken, it.Name)
	}
	if n, limit := t.count+t.added, t.v.opts.entryLimit(); n >= limit {
		return nil, &LimitError{What: "entries", Limit: int64(limit), Size: int64(n) + 1}
	}
	t.added++
	id, err := newID()
	if err != nil {
		return nil, err
	}
	created := timeNanos(it.Created)
	if created == 0 {
		created = t.v.opts.now().UnixNano()
	}
	e, _ := newEntry(id, created, 0, 0, 0, ws)
	if len(e.plain) > maxSecretLen {
		return nil, &LimitError{What: "entry secret", Limit: maxSecretLen, Size: int64(len(e.plain))}
	}
	return e, t.put(e, true)
}

// newEntryWrites checks a new entry and returns its writes: the current
// values at stamp (or at the entry's own modified time, for an import,
// when that is earlier), and its history at the times it gives.
func newEntryWrites(it NewEntry, stamp uint64) ([]write, error) {
	if err := ValidateName(NormalizeName(it.Name)); err != nil {
		return nil, err
	}
	if !it.Modified.IsZero() {
		stamp = min(stamp, stampOf(it.Modified))
	}
	ws, err := changeWrites(nil, it.change(), 0)
	if err != nil {
		return nil, err
	}
	hist, replaced, err := historyWrites(it.History)
	if err != nil {
		return nil, err
	}
	// A field with earlier values but none now (a URL or custom field
	// removed before an export) gets an empty current write: its last
	// earlier value stays history.
	now := map[field]bool{}
	for i := range ws {
		now[ws[i].field()] = true
	}
	added := map[field]int{}
	for i := range hist { // sorted by field, then time
		f := hist[i].field()
		if now[f] {
			continue
		}
		j, ok := added[f]
		if !ok {
			j = len(ws)
			added[f] = j
			ws = append(ws, write{kind: f.kind, name: f.name})
		}
		if f.kind == KindCustom {
			ws[j].flags = hist[i].flags&writeConcealed | writeRemoved
		}
	}
	// Chain each field: its history in time order, then the current value.
	ws = append(hist, ws...)
	slices.SortStableFunc(ws, func(a, b write) int { return compareFields(a.field(), b.field()) })
	for i := range ws {
		w := &ws[i]
		prev := i > 0 && ws[i-1].field() == w.field()
		last := i+1 == len(ws) || ws[i+1].field() != w.field()
		if last {
			// The current value became current when the one before it was
			// replaced, if the source says when.
			w.stamp = stamp
			if r := replaced[w.field()]; r != 0 {
				w.stamp = min(stamp, r)
			}
		}
		if prev {
			w.parent = ws[i-1].stamp
			w.stamp = max(w.stamp, w.parent+1)
		}
	}
	return ws, nil
}

// historyWrites turns the history of an import into writes stamped at
// their times (each at least 1, in time order per field).
func historyWrites(hist []OldValue) ([]write, map[field]uint64, error) {
	var ws []write
	replaced := map[field]uint64{}
	for _, h := range hist {
		w := write{kind: h.Kind, stamp: stampOf(h.Set), value: h.Value}
		if h.Set.IsZero() {
			w.stamp = 1
		}
		// Earlier values follow the rules of their field, as current ones.
		var err error
		switch h.Kind {
		case KindName:
			w.value = NormalizeName(h.Value)
			err = ValidateName(w.value)
		case KindUsername:
			err = validateLine("username", h.Value, MaxFieldLen)
		case KindURLs:
			urls := NormalizeURLs(strings.Split(h.Value, "\n"))
			err = validateURLs(urls)
			w.value = encodeList(urls)
		case KindTags:
			tags := NormalizeTags(strings.Split(h.Value, "\n"))
			err = validateTags(tags)
			w.value = encodeList(tags)
		case KindPassword:
			err = ValidatePassword(h.Value)
		case KindNotes:
			err = ValidateNotes(h.Value)
		case KindOTP:
			err = validateOTP(h.Value)
		case KindCustom:
			w.name = h.Field // only custom fields have a name
			err = validateFields([]Field{{Name: h.Field, Value: h.Value, Concealed: h.Concealed}})
			if h.Concealed {
				w.flags |= writeConcealed
			}
			if h.Removed {
				w.flags |= writeRemoved
			}
		default:
			return nil, nil, invalid("history", "an earlier value has an unknown kind %d", h.Kind)
		}
		if err != nil {
			var inv *InvalidError
			if errors.As(err, &inv) {
				inv.Reason = "an earlier value: " + inv.Reason
			}
			return nil, nil, err
		}
		if !h.Replaced.IsZero() {
			replaced[w.field()] = max(replaced[w.field()], stampOf(h.Replaced))
		}
		ws = append(ws, w)
	}
	slices.SortStableFunc(ws, func(a, b write) int {
		if c := compareFields(a.field(), b.field()); c != 0 {
			return c
		}
		return int(min(max(int64(a.stamp)-int64(b.stamp), -1), 1))
	})
	for i := 1; i < len(ws); i++ {
		if ws[i].field() == ws[i-1].field() && ws[i].stamp <= ws[i-1].stamp {
			ws[i].stamp = ws[i-1].stamp + 1
		}
	}
	return ws, replaced, nil
}

// change is the Change that sets every field of a new entry.
func (it NewEntry) change() Change {
	c := Change{Name: &it.Name, Username: &it.Username, URLs: &it.URLs, Tags: &it.Tags,
		Password: &it.Password, Notes: &it.Notes, OTP: &it.OTP}
	if len(it.Accepted) > 0 {
		c.Accepted = &it.Accepted
	}
	if len(it.Fields) > 0 {
		c.Fields = &it.Fields
	}
	return c
}

// changeWrites checks the fields c changes and returns the writes that
// change them, stamped at stamp, given the entry's sorted writes ws.
// Fields whose value does not change get no write.
func changeWrites(ws []write, c Change, stamp uint64) ([]write, error) {
	cur := map[field]*write{}
	for _, i := range currentWrites(ws) {
		cur[ws[i].field()] = &ws[i]
	}
	var out []write
	set := func(k FieldKind, name, value string, flags uint8) {
		f := field{k, name}
		old, ok := cur[f]
		if ok && old.value == value && old.flags == flags || !ok && value == "" && k != KindCustom {
			return
		}
		w := write{kind: k, name: name, stamp: stamp, flags: flags, value: value}
		if ok {
			w.parent = old.stamp
		}
		out = append(out, w)
	}
	if c.Name != nil {
		name := NormalizeName(*c.Name)
		if err := ValidateName(name); err != nil {
			return nil, err
		}
		set(KindName, "", name, 0)
	}
	if c.Username != nil {
		if err := validateLine("username", *c.Username, MaxFieldLen); err != nil {
			return nil, err
		}
		set(KindUsername, "", *c.Username, 0)
	}
	if c.URLs != nil {
		urls := NormalizeURLs(*c.URLs)
		if err := validateURLs(urls); err != nil {
			return nil, err
		}
		set(KindURLs, "", encodeList(urls), 0)
	}
	if c.Tags != nil {
		tags := NormalizeTags(*c.Tags)
		if err := validateTags(tags); err != nil {
			return nil, err
		}
		set(KindTags, "", encodeList(tags), 0)
	}
	if c.Password != nil {
		if err := ValidatePassword(*c.Password); err != nil {
			return nil, err
		}
		set(KindPassword, "", *c.Password, 0)
	}
	if c.Notes != nil {
		if err := ValidateNotes(*c.Notes); err != nil {
			return nil, err
		}
		set(KindNotes, "", *c.Notes, 0)
	}
	if c.OTP != nil {
		if err := validateOTP(*c.OTP); err != nil {
			return nil, err
		}
		set(KindOTP, "", *c.OTP, 0)
	}
	if c.Fields != nil {
		if err := validateFields(*c.Fields); err != nil {
			return nil, err
		}
		keep := map[string]bool{}
		var order []string
		for _, f := range *c.Fields {
			var flags uint8
			if f.Concealed {
				flags = writeConcealed
			}
			set(KindCustom, f.Name, f.Value, flags)
			keep[f.Name] = true
			order = append(order, f.Name)
		}
		for f, w := range cur {
			if f.kind == KindCustom && !keep[f.name] && !w.removed() {
				set(KindCustom, f.name, "", w.flags&writeConcealed|writeRemoved)
			}
		}
		set(kindOrder, "", encodeList(order), 0)
	}
	if c.Accepted != nil {
		acc := slices.Clone(*c.Accepted)
		slices.Sort(acc)
		acc = slices.Compact(acc)
		if err := validateAccepted(acc); err != nil {
			return nil, err
		}
		set(kindAccepted, "", encodeList(acc), 0)
	}
	return out, nil
}

// Edit changes the entry id and saves the vault. The values it replaces
// go into the history (at most [MaxHistory] per field are kept).
func (v *Vault) Edit(id ID, c Change) (Entry, error) {
	var edited Entry
	err := v.commit(func(t *txn) error {
		e, err := t.edit(id, c)
		if e != nil {
			edited = e.view()
		}
		return err
	})
	return edited, err
}

// edit changes the live entry id and returns it as it is now; when c
// changes nothing, it returns the entry with errNoChange.
func (t *txn) edit(id ID, c Change) (*entry, error) {
	e, ws, err := t.liveWrites(id)
	if err != nil {
		return nil, err
	}
	if c.IfRevision != 0 && e.revision() != c.IfRevision {
		return nil, &ChangedError{Current: e.view()}
	}
	news, err := changeWrites(ws, c, t.stamp())
	if err != nil {
		return nil, err
	}
	for _, w := range news {
		if w.kind == KindName {
			if taken, err := t.nameTaken(w.value, id); err != nil {
				return nil, err
			} else if taken {
				return nil, fmt.Errorf("%w: %s", ErrNameTaken, w.value)
			}
		}
	}
	if len(news) == 0 {
		return e, errNoChange
	}
	return t.replace(e, e.deleted, e.purged, e.resolved, append(ws, news...))
}

// errNoChange ends a commit that has nothing to save.
var errNoChange = errors.New("no change")

// liveWrites returns the live entry id and all its writes.
func (t *txn) liveWrites(id ID) (*entry, []write, error) {
	e, err := t.get(id)
	if err != nil {
		return nil, nil, err
	}
	if !e.live() {
		return nil, nil, ErrNotFound
	}
	ws, err := t.v.writesOf(e)
	return e, ws, err
}

// replace puts the entry id with the given stamps and writes in place of e.
func (t *txn) replace(e *entry, deleted, purged, resolved uint64, ws []write) (*entry, error) {
	n, _ := newEntry(e.id, e.created, deleted, purged, resolved, ws)
	if len(n.plain) > maxSecretLen {
		return nil, &LimitError{What: "entry secret", Limit: maxSecretLen, Size: int64(len(n.plain))}
	}
	return n, t.put(n, false)
}

// Delete moves the entry id to the trash and saves the vault. Its values
// stay, sealed, until it is purged ([Vault.Purge]), so that a copy edited
// elsewhere can still bring it back (FORMAT.md, "Merging").
func (v *Vault) Delete(id ID) error {
	return v.commit(func(t *txn) error { return t.trash(id) })
}

// trash moves the live entry id to the trash.
func (t *txn) trash(id ID) error {
	e, ws, err := t.liveWrites(id)
	if err != nil {
		return err
	}
	_, err = t.replace(e, t.stamp(), e.purged, e.resolved, ws)
	return err
}

// Restore brings the entry id back from the trash, under its name, which
// must be free ([ErrNameTaken]).
func (v *Vault) Restore(id ID) (Entry, error) {
	var restored Entry
	err := v.commit(func(t *txn) error {
		e, err := t.get(id)
		if err != nil {
			return err
		}
		if e.live() || len(e.index) == 0 {
			return ErrNotFound
		}
		ws, err := t.v.writesOf(e)
		if err != nil {
			return err
		}
		name := e.storedName()
		if taken, err := t.nameTaken(name, id); err != nil {
			return err
		} else if taken {
			return fmt.Errorf("%w: %s", ErrNameTaken, name)
		}
		var parent uint64
		for i := range e.index {
			if e.index[i].kind == KindName {
				parent = e.index[i].stamp
			}
		}
		ws = append(ws, write{kind: KindName, stamp: t.stamp(), parent: parent, value: name})
		n, err := t.replace(e, e.deleted, e.purged, e.resolved, ws)
		if err == nil {
			restored = n.view()
		}
		return err
	})
	return restored, err
}

// Purge erases the entry id (live or in the trash) for good: its values
// are dropped and only a marker stays, so that no merge brings it back.
func (v *Vault) Purge(id ID) error {
	return v.commit(func(t *txn) error {
		e, err := t.get(id)
		if err != nil {
			return err
		}
		return t.purge(e)
	})
}

func (t *txn) purge(e *entry) error {
	_, err := t.replace(e, e.deleted, t.stamp(), e.resolved, nil)
	return err
}

// EmptyTrash purges every entry in the trash and returns how many.
func (v *Vault) EmptyTrash() (int, error) {
	trash, err := v.Trash()
	if err != nil || len(trash) == 0 {
		return 0, err
	}
	err = v.commit(func(t *txn) error {
		for _, x := range trash {
			e, err := t.get(x.ID)
			if err != nil {
				return err
			}
			if !e.live() {
				if err := t.purge(e); err != nil {
					return err
				}
			}
		}
		return nil
	})
	return len(trash), err
}

// Resolve marks the entry's merge conflicts as seen ([Entry.Conflict]).
func (v *Vault) Resolve(id ID) error {
	return v.commit(func(t *txn) error {
		e, ws, err := t.liveWrites(id)
		if err != nil {
			return err
		}
		if e.flags&entryConflict == 0 {
			return errNoChange
		}
		_, err = t.replace(e, e.deleted, e.purged, e.latest, ws)
		return err
	})
}

// Copy adds a new entry called name with the current values of the entry
// id (not its history), and returns it.
func (v *Vault) Copy(id ID, name string) (Entry, error) {
	var made Entry
	err := v.commit(func(t *txn) error {
		e, ws, err := t.liveWrites(id)
		if err != nil {
			return err
		}
		s := secretView(ws)
		view := e.view()
		it := NewEntry{Name: name, Username: view.Username, URLs: view.URLs, Tags: view.Tags,
			Secret: Secret{Password: s.Password, Notes: s.Notes, OTP: s.OTP, Fields: s.Fields}}
		c, err := t.add(it)
		if err == nil {
			made = c.view()
		}
		return err
	})
	return made, err
}

// SetSetting sets a vault-wide setting and saves the vault.
func (v *Vault) SetSetting(key, value string) error {
	if err := validateLine("setting", key, maxSettingLen); err != nil || key == "" {
		return invalid("setting", "the setting name is empty, too long or contains a control character")
	}
	if err := validateLine("setting", value, maxSettingLen); err != nil {
		return err
	}
	return v.commit(func(t *txn) error {
		if s, ok := t.r.settings[key]; ok && s.value == value {
			return errNoChange
		}
		if _, ok := t.r.settings[key]; !ok && len(t.r.settings) >= maxSettings {
			return invalid("setting", "there are more than %d settings", maxSettings)
		}
		t.r.settings[key] = setting{value: value, stamp: t.stamp()}
		return nil
	})
}
