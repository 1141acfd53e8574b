// Tests of entry names: Unicode normalisation and invisible characters.

package vault

import (
	"errors"
	"testing"
)

// TestNamesNormalised: the precomposed and decomposed spellings of one name
// are one name (NFC on add, edit and lookup).
func TestNamesNormalised(t *testing.T) {
	t.Parallel()
	v, _ := newTestVault(t, nil)
	const nfd, nfc = "cafe\u0301/login", "caf\u00e9/login"
	e, err := v.Add(Fields{Name: nfd}, Secret{Password: "pw"})
	if err != nil {
		t.Fatal(err)
	}
	if e.Name != nfc {
		t.Fatalf("stored name %q, want the NFC form %q", e.Name, nfc)
	}
	if _, err := v.Add(Fields{Name: nfc}, Secret{Password: "pw"}); !errors.Is(err, ErrNameTaken) {
		t.Fatalf("adding the other spelling: %v, want ErrNameTaken", err)
	}
	for _, name := range []string{nfd, nfc} {
		if got, err := v.Get(name); err != nil || got.ID != e.ID {
			t.Fatalf("Get(%q) = %v, %v", name, got.Name, err)
		}
	}
	renamed := "re\u0301sume\u0301"
	if got, err := v.Edit(e.ID, Change{Name: &renamed}); err != nil || got.Name != "r\u00e9sum\u00e9" {
		t.Fatalf("Edit to an NFD name = %q, %v", got.Name, err)
	}
}

// TestNamesRefuseInvisible: direction overrides and zero-width characters
// would let one entry pose as another; they are refused with a typed error.
func TestNamesRefuseInvisible(t *testing.T) {
	t.Parallel()
	v, _ := newTestVault(t, nil)
	for _, name := range []string{
		"bank\u202egro.live", // right-to-left override: shows as "bankevil.org"
		"git\u200bhub",       // zero-width space
		"pay\u2066pal\u2069", // isolates
		"\ufeffmail",         // byte order mark
	} {
		_, err := v.Add(Fields{Name: name}, Secret{Password: "pw"})
		var inv *InvalidError
		if !errors.As(err, &inv) || inv.Field != "name" || !errors.Is(err, ErrInvalid) {
			t.Errorf("Add(%q) = %v, want an InvalidError for the name", name, err)
		}
	}
	if v.Len() != 0 {
		t.Fatalf("%d entries were added", v.Len())
	}
}
