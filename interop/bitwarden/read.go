// This file reads Bitwarden's JSON export.

package bitwarden

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/passtea/passtea/interop"
	"github.com/passtea/passtea/interop/internal/jsonx"
	"github.com/passtea/passtea/vault"
)

// ReadJSON reads an unencrypted Bitwarden JSON export (see the package
// doc). Another file fails with interop.ErrFormat, an encrypted export
// with interop.ErrEncrypted, a bad item with a *interop.RecordError
// naming it ("items[3]").
func ReadJSON(data []byte, opts interop.Options) (*interop.Import, error) {
	folders := map[string]string{}
	collections := map[string]string{}
	var encrypted, protected, hasItems bool
	// First pass: everything but the items, which may come first.
	d := jsonx.New(data, opts.Limits)
	err := d.Object("$", func(key string) error {
		switch key {
		case "encrypted":
			return d.Value("$.encrypted", &encrypted)
		case "passwordProtected":
			return d.Value("$.passwordProtected", &protected)
		case "folders", "collections":
			into := folders
			if key == "collections" {
				into = collections
			}
			return d.Array("$."+key, func(i int, raw json.RawMessage) error {
				var f folder
				if err := jsonx.Unmarshal(fmt.Sprintf("%s[%d]", key, i), raw, &f); err != nil {
					return err
				}
				into[f.ID] = f.Name
				return nil
			})
		case "items":
			hasItems = true
			return d.Array("$.items", func(int, json.RawMessage) error { return nil })
		}
		return d.Skip("$." + key)
	})
	switch {
	case err != nil && !hasItems:
		return nil, fmt.Errorf("%w: not a Bitwarden JSON export (%w)", interop.ErrFormat, err)
	case err != nil:
		return nil, err
	case encrypted || protected:
		return nil, fmt.Errorf("%w: this Bitwarden export is encrypted: export again as .json without a password (File > Export vault, format .json)", interop.ErrEncrypted)
	case !hasItems:
		return nil, fmt.Errorf("%w: not a Bitwarden JSON export (no \"items\")", interop.ErrFormat)
	}
	if err := d.End(); err != nil {
		return nil, err
	}

	im := interop.NewImport("bitwarden-json", opts.Limits)
	d = jsonx.New(data, opts.Limits)
	err = d.Object("$", func(key string) error {
		if key != "items" {
			return d.Skip("$." + key)
		}
		return d.Array("$.items", func(i int, raw json.RawMessage) error {
			place := fmt.Sprintf("items[%d]", i)
			var it item
			if err := jsonx.Unmarshal(place, raw, &it); err != nil {
				return err
			}
			e, keep := fromItem(place, it, folders, collections, im)
			if !keep {
				return nil
			}
			if err := im.Add(e); err != nil {
				return err
			}
			if n := i + 1; n%1024 == 0 {
				opts.Progress.Report(n, 0)
			}
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	opts.Progress.Report(len(im.Entries), len(im.Entries))
	return im, nil
}

// fromItem maps one item; false means it is skipped (in the trash).
func fromItem(place string, it item, folders, collections map[string]string, im *interop.Import) (interop.Entry, bool) {
	if it.DeletedDate != nil {
		im.Skip(place, it.Name, "in Bitwarden's trash")
		return interop.Entry{}, false
	}
	e := interop.Entry{Place: place, Kind: kindOf(it.Type)}
	var path string
	if it.FolderID != nil {
		path = folders[*it.FolderID]
	}
	var colls []string
	for _, id := range it.CollectionIDs {
		if name, ok := collections[id]; ok {
			colls = append(colls, name)
		}
	}
	if path == "" && len(colls) > 0 {
		path = colls[0]
	}
	if len(colls) > 0 {
		e.AddField("collections", strings.Join(colls, "\n"), false)
	}
	e.AddNotes(str(it.Notes))
	if it.Login != nil {
		l := it.Login
		e.Username = str(l.Username)
		e.Password = str(l.Password)
		for _, u := range l.URIs {
			e.AddURL(u.URI)
			if u.Match != nil {
				e.Drop("the URL match rule of %q", u.URI)
			}
		}
		e.SetOTP("TOTP", str(l.TOTP), false)
		for _, c := range l.Fido2Credentials {
			e.Drop("a passkey for %q (user %q)", c.RPID, c.UserName)
		}
	}
	addDetails(&e, it)
	for _, f := range it.Fields {
		switch f.Type {
		case fieldLinked:
			e.Drop("linked field %q (it shows another field of the item)", str(f.Name))
		case fieldHidden:
			e.AddField(str(f.Name), str(f.Value), true)
		default:
			e.AddField(str(f.Name), str(f.Value), false)
		}
	}
	addHistory(&e, it)
	e.SetPath(path, e.Title(it.Name))
	if it.CreationDate != nil {
		e.Created = it.CreationDate.UTC()
	}
	if it.RevisionDate != nil {
		e.Modified = it.RevisionDate.UTC()
	}
	if it.Favorite {
		e.Tags = append(e.Tags, "favorite")
	}
	if it.ArchivedDate != nil {
		e.Tags = append(e.Tags, "archived")
	}
	if it.Reprompt != 0 {
		e.Drop("the master-password re-prompt")
	}
	for _, a := range it.Attachments {
		e.Drop("attachment %q", a.FileName)
	}
	return e, true
}

func kindOf(t int) interop.Kind {
	switch t {
	case typeLogin:
		return interop.Login
	case typeSecureNote:
		return interop.SecureNote
	case typeCard:
		return interop.Card
	case typeIdentity:
		return interop.Identity
	case typeSSHKey:
		return interop.SSHKey
	case typeBankAccount:
		return "bank account"
	case typeDriversLicense:
		return "driver's license"
	case typePassport:
		return "passport"
	}
	return interop.Kind(fmt.Sprintf("item of type %d", t))
}

// label is a detail of a card, identity or SSH key: its JSON key, the
// field name passtea gives it, and whether it is concealed.
type label struct {
	key, name string
	concealed bool
}

var cardLabels = []label{{"cardholderName", "cardholder name", false}, {"brand", "brand", false},
	{"number", "number", true}, {"expMonth", "expiry month", false}, {"expYear", "expiry year", false},
	{"code", "security code", true}}

var identityLabels = []label{{"title", "title", false}, {"firstName", "first name", false},
	{"middleName", "middle name", false}, {"lastName", "last name", false}, {"company", "company", false},
	{"email", "email", false}, {"phone", "phone", false}, {"address1", "address 1", false},
	{"address2", "address 2", false}, {"address3", "address 3", false}, {"city", "city", false},
	{"state", "state", false}, {"postalCode", "postal code", false}, {"country", "country", false},
	{"ssn", "social security number", true}, {"passportNumber", "passport number", true},
	{"licenseNumber", "license number", true}}

var sshLabels = []label{{"privateKey", "private key", true}, {"publicKey", "public key", false},
	{"keyFingerprint", "fingerprint", false}}

// addDetails adds a card's, identity's, SSH key's or other typed item's
// values as custom fields.
func addDetails(e *interop.Entry, it item) {
	add := func(m map[string]*string, labels []label) {
		for _, l := range labels {
			if v := str(m[l.key]); v != "" {
				e.AddField(l.name, v, l.concealed)
			}
		}
		for _, k := range slices.Sorted(maps.Keys(m)) {
			if !slices.ContainsFunc(labels, func(l label) bool { return l.key == k }) && str(m[k]) != "" && k != "username" {
				e.AddField(k, str(m[k]), interop.Sensitive(k) || strings.Contains(strings.ToLower(k), "number"))
			}
		}
	}
	add(it.Card, cardLabels)
	add(it.Identity, identityLabels)
	if it.Identity != nil && e.Username == "" {
		e.Username = str(it.Identity["username"])
	}
	add(it.SSHKey, sshLabels)
	for _, raw := range []json.RawMessage{it.BankAccount, it.DriversLicense, it.Passport} {
		var m map[string]any
		if len(raw) == 0 || json.Unmarshal(raw, &m) != nil {
			continue
		}
		for _, k := range slices.Sorted(maps.Keys(m)) {
			switch v := m[k].(type) {
			case string:
				if v != "" {
					e.AddField(k, v, interop.Sensitive(k) || strings.Contains(strings.ToLower(k), "number"))
				}
			case float64, bool:
				e.AddField(k, fmt.Sprint(v), interop.Sensitive(k) || strings.Contains(strings.ToLower(k), "number"))
			}
		}
	}
}

// addHistory turns passwordHistory into earlier passwords: each replaced
// at its lastUsedDate and set when the one before it was replaced.
func addHistory(e *interop.Entry, it item) {
	hist := slices.Clone(it.PasswordHistory)
	slices.SortStableFunc(hist, func(a, b passwordHistory) int { return timeOf(a.LastUsedDate).Compare(timeOf(b.LastUsedDate)) })
	var prev time.Time
	if it.CreationDate != nil {
		prev = it.CreationDate.UTC()
	}
	for _, h := range hist {
		replaced := timeOf(h.LastUsedDate)
		set := prev
		if set.IsZero() || (!replaced.IsZero() && set.After(replaced)) {
			set = replaced
		}
		e.History = append(e.History, vault.OldValue{Kind: vault.KindPassword, Value: h.Password, Concealed: true, Set: set, Replaced: replaced})
		prev = replaced
	}
}

func timeOf(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.UTC()
}
