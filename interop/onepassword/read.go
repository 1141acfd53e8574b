// This file maps 1PUX items to entries.

package onepassword

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/passtea/passtea/interop"
	"github.com/passtea/passtea/interop/internal/jsonx"
	"github.com/passtea/passtea/vault"
)

// Read1PUX reads a 1PUX archive of size bytes (see the package doc).
func Read1PUX(r io.ReaderAt, size int64, opts interop.Options) (*interop.Import, error) {
	lim := opts.Limits.Or()
	data, err := exportData(r, size, lim)
	if err != nil {
		return nil, err
	}
	return ReadExportData(data, opts)
}

// ReadExportData reads export.data (unzipped) in two passes over the bytes: the
// first learns the vaults' names (items skipped element by element), the
// second maps the items, so that no vault or account is ever held whole
// beyond the data itself.
func ReadExportData(data []byte, opts interop.Options) (*interop.Import, error) {
	lim := opts.Limits.Or()
	var names []string
	err := walkVaults(data, lim, func(d *jsonx.Decoder, place, key string) error {
		switch key {
		case "attrs":
			var a vaultAttrs
			if err := d.Value(place+".attrs", &a); err != nil {
				return err
			}
			names[len(names)-1] = a.Name
			return nil
		case "items":
			return d.Array(place+".items", func(int, json.RawMessage) error { return nil })
		}
		return d.Skip(place + "." + key)
	}, func() { names = append(names, "") })
	if err != nil {
		return nil, fmt.Errorf("%w: not a 1PUX export.data (%w)", interop.ErrFormat, err)
	}
	im := interop.NewImport("1pux", opts.Limits)
	v, done := -1, 0
	err = walkVaults(data, lim, func(d *jsonx.Decoder, place, key string) error {
		if key != "items" {
			return d.Skip(place + "." + key)
		}
		folder := ""
		if len(names) > 1 {
			folder = names[v]
		}
		return d.Array(place+".items", func(k int, raw json.RawMessage) error {
			itemPlace := fmt.Sprintf("%s.items[%d]", place, k)
			var wrapper struct {
				Item *item `json:"item"`
			}
			if err := jsonx.Unmarshal(itemPlace, raw, &wrapper); err != nil {
				return err
			}
			var it item
			if wrapper.Item != nil {
				it = *wrapper.Item // early exports wrap each item: {"item": {…}}
			} else if err := jsonx.Unmarshal(itemPlace, raw, &it); err != nil {
				return err
			}
			if it.Trashed || it.State == "trashed" {
				im.Skip(itemPlace, it.Overview.Title, "in 1Password's trash")
				return nil
			}
			e, err := fromItem(itemPlace, folder, it)
			if err != nil {
				return err
			}
			if err := im.Add(e); err != nil {
				return err
			}
			if done++; done%1024 == 0 {
				opts.Progress.Report(done, 0)
			}
			return nil
		})
	}, func() { v++ })
	if err != nil {
		return nil, err
	}
	opts.Progress.Report(len(im.Entries), len(im.Entries))
	return im, nil
}

// walkVaults calls vault for each member of each vault object of each
// account, and next before each vault.
func walkVaults(data []byte, lim interop.Limits, vault func(d *jsonx.Decoder, place, key string) error, next func()) error {
	d := jsonx.New(data, lim)
	seen := false
	err := d.Object("$", func(key string) error {
		if key != "accounts" {
			return d.Skip("$." + key)
		}
		seen = true
		return d.Each("$.accounts", func(i int) error {
			return d.Object(fmt.Sprintf("accounts[%d]", i), func(key string) error {
				if key != "vaults" {
					return d.Skip(fmt.Sprintf("accounts[%d].%s", i, key))
				}
				return d.Each(fmt.Sprintf("accounts[%d].vaults", i), func(j int) error {
					next()
					place := fmt.Sprintf("accounts[%d].vaults[%d]", i, j)
					return d.Object(place, func(key string) error { return vault(d, place, key) })
				})
			})
		})
	})
	if err == nil && !seen {
		err = interop.Recordf("$", "no \"accounts\"")
	}
	if err == nil {
		err = d.End()
	}
	return err
}

// fromItem maps one item.
func fromItem(place, folder string, it item) (interop.Entry, error) {
	kind, ok := categories()[it.CategoryUUID]
	if !ok {
		kind = "item of category " + it.CategoryUUID
	}
	e := interop.Entry{Place: place, Kind: interop.Kind(kind)}
	ov := it.Overview
	e.AddURL(ov.URL)
	for _, u := range ov.URLs {
		e.AddURL(u.URL)
	}
	e.Tags = append(e.Tags, ov.Tags...)
	if it.FavIndex > 0 {
		e.Tags = append(e.Tags, "favorite")
	}
	if it.State == "archived" {
		e.Tags = append(e.Tags, "archived")
	}
	dt := it.Details
	for _, f := range dt.LoginFields {
		switch {
		case f.Designation == "username" && e.Username == "":
			e.Username = f.Value
		case f.Designation == "password" && e.Password == "":
			e.Password = f.Value
		case f.Value != "":
			name := f.Name
			if name == "" {
				name = f.ID
			}
			e.AddField(name, f.Value, f.FieldType == "P")
		}
	}
	if e.Password == "" {
		e.Password = dt.Password
	} else if dt.Password != "" && dt.Password != e.Password {
		e.AddField("password", dt.Password, true)
	}
	e.AddNotes(dt.NotesPlain)
	for si, s := range dt.Sections {
		for fi, f := range s.Fields {
			if err := addSectionField(&e, f); err != nil {
				return e, interop.AtPlace(fmt.Sprintf("%s.details.sections[%d].fields[%d]", place, si, fi), err)
			}
		}
	}
	if a := dt.DocumentAttributes; a != nil {
		e.Drop("document %q (%d bytes)", a.FileName, a.DecryptedSize)
	}
	if err := addHistory(&e, it); err != nil {
		return e, interop.AtPlace(place+".details.passwordHistory", err)
	}
	if it.CreatedAt > 0 {
		e.Created = time.Unix(it.CreatedAt, 0).UTC()
	}
	if it.UpdatedAt > 0 {
		e.Modified = time.Unix(it.UpdatedAt, 0).UTC()
	}
	e.SetPath(folder, e.Title(ov.Title))
	return e, nil
}

// addSectionField adds one section field by the type of its value.
func addSectionField(e *interop.Entry, f sectionField) error {
	name := f.Title
	if name == "" {
		name = f.ID
	}
	for _, typ := range slices.Sorted(func(yield func(string) bool) {
		for k := range f.Value {
			if !yield(k) {
				return
			}
		}
	}) {
		raw := f.Value[typ]
		var s string
		switch typ {
		case "concealed", "creditCardNumber":
			if json.Unmarshal(raw, &s) == nil && s != "" {
				e.AddField(name, s, true)
			}
		case "totp":
			if json.Unmarshal(raw, &s) == nil {
				e.SetOTP(name, s, false)
			}
		case "string", "url", "phone", "menu", "gender", "creditCardType":
			if json.Unmarshal(raw, &s) == nil && s != "" {
				e.AddField(name, s, false)
			}
		case "email":
			var em struct {
				Address string `json:"email_address"`
			}
			if json.Unmarshal(raw, &s) != nil && json.Unmarshal(raw, &em) == nil {
				s = em.Address
			}
			if s != "" {
				e.AddField(name, s, false)
			}
		case "date":
			var n int64
			if json.Unmarshal(raw, &n) == nil && n != 0 {
				e.AddField(name, time.Unix(n, 0).UTC().Format("2006-01-02"), false)
			}
		case "monthYear":
			var n int
			if json.Unmarshal(raw, &n) == nil && n > 0 {
				e.AddField(name, fmt.Sprintf("%02d/%04d", n%100, n/100), false)
			}
		case "address":
			var a map[string]string
			if json.Unmarshal(raw, &a) == nil {
				var lines []string
				for _, k := range []string{"street", "city", "state", "zip", "country"} {
					if a[k] != "" {
						lines = append(lines, a[k])
					}
				}
				if len(lines) > 0 {
					e.AddField(name, strings.Join(lines, "\n"), false)
				}
			}
		case "sshKey":
			var k struct {
				PrivateKey string `json:"privateKey"`
				Metadata   struct {
					PublicKey   string `json:"publicKey"`
					Fingerprint string `json:"fingerprint"`
				} `json:"metadata"`
			}
			if json.Unmarshal(raw, &k) == nil {
				if k.PrivateKey != "" {
					e.AddField(name, k.PrivateKey, true)
				}
				if k.Metadata.PublicKey != "" {
					e.AddField(name+" public key", k.Metadata.PublicKey, false)
				}
				if k.Metadata.Fingerprint != "" {
					e.AddField(name+" fingerprint", k.Metadata.Fingerprint, false)
				}
			}
		case "reference":
			e.Drop("field %q: a reference to another item", name)
		case "file":
			var a fileAttrs
			_ = json.Unmarshal(raw, &a)
			e.Drop("attachment %q (%d bytes)", a.FileName, a.DecryptedSize)
		default:
			if string(raw) != `""` && string(raw) != "null" {
				e.Drop("field %q of type %q", name, typ)
			}
		}
	}
	return nil
}

// addHistory adds the earlier passwords: each replaced at its time, set
// when the one before it was replaced (the oldest at the item's creation).
func addHistory(e *interop.Entry, it item) error {
	hist := slices.Clone(it.Details.PasswordHistory)
	slices.SortStableFunc(hist, func(a, b passwordHistory) int { return int(max(min(a.Time-b.Time, 1), -1)) })
	prev := time.Time{}
	if it.CreatedAt > 0 {
		prev = time.Unix(it.CreatedAt, 0).UTC()
	}
	for i, h := range hist {
		var value string
		if err := json.Unmarshal(h.Value, &value); err != nil {
			var nested struct {
				Password string `json:"password"`
			}
			if err := json.Unmarshal(h.Value, &nested); err != nil {
				return interop.Recordf("["+strconv.Itoa(i)+"]", "an earlier password is neither text nor {\"password\": …}")
			}
			value = nested.Password
		}
		replaced := time.Time{}
		if h.Time > 0 {
			replaced = time.Unix(h.Time, 0).UTC()
		}
		set := prev
		if set.IsZero() || (!replaced.IsZero() && set.After(replaced)) {
			set = replaced
		}
		e.History = append(e.History, vault.OldValue{Kind: vault.KindPassword, Value: value, Concealed: true, Set: set, Replaced: replaced})
		prev = replaced
	}
	return nil
}
