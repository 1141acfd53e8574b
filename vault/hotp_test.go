package vault

import (
	"errors"
	"strings"
	"testing"
)

// rfc4226URI is the key of RFC 4226 Appendix D: the secret
// "12345678901234567890", counter 0.
const rfc4226URI = "otpauth://hotp/RFC:4226?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=0"

// RFC 4226 Appendix D: the codes for counters 0 to 3.
var rfc4226Codes = []string{"755224", "287082", "359152", "969429"}

// racingStore is a vault where another process issues a code (saves the
// counter) just before each of the first n edits.
type racingStore struct {
	*Vault
	n     int
	edits int
}

func (r *racingStore) Edit(id ID, c Change) (Entry, error) {
	r.edits++
	if r.n > 0 {
		r.n--
		if _, _, _, err := NextHOTP(r.Vault, id); err != nil {
			return Entry{}, err
		}
	}
	return r.Vault.Edit(id, c)
}

func TestNextHOTP(t *testing.T) {
	v, _ := newTestVault(t, nil)
	defer v.Lock() // a key left locked in memory would fail TestKeyIsLockedInMemory
	e, err := v.Add(NewEntry{Name: "hotp", Secret: Secret{OTP: rfc4226URI}})
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range rfc4226Codes[:2] {
		code, counter, saved, err := NextHOTP(v, e.ID)
		if err != nil || code != want || counter != uint64(i) {
			t.Fatalf("code %d: %q, counter %d, %v; want %q", i, code, counter, err, want)
		}
		if saved.Revision == e.Revision {
			t.Fatalf("code %d: the entry returned is not the one saved", i)
		}
		e = saved
	}
	s, err := v.Secret(e.ID)
	if err != nil || !strings.Contains(s.OTP, "counter=2") {
		t.Fatalf("stored key after two codes: counter not 2 (%v)", err)
	}

	// Another process issues code 2 between the read and the save: this
	// one's save fails its IfRevision and it issues code 3, never 2 twice.
	r := &racingStore{Vault: v, n: 1}
	code, counter, _, err := NextHOTP(r, e.ID)
	if err != nil || code != rfc4226Codes[3] || counter != 3 || r.edits != 2 {
		t.Fatalf("after a race: %q, counter %d, %d edits, %v; want %q, 3, 2", code, counter, r.edits, err, rfc4226Codes[3])
	}
}

func TestNextHOTPRefuses(t *testing.T) {
	v, _ := newTestVault(t, nil)
	defer v.Lock() // a key left locked in memory would fail TestKeyIsLockedInMemory
	none := mustAdd(t, v, "none", "pw")
	if _, _, _, err := NextHOTP(v, none.ID); !errors.Is(err, ErrNoOTP) {
		t.Errorf("no code: %v, want ErrNoOTP", err)
	}
	totp, err := v.Add(NewEntry{Name: "totp", Secret: Secret{OTP: "otpauth://totp/x?secret=GEZDGNBVGY3TQOJQ"}})
	if err != nil {
		t.Fatal(err)
	}
	before, _ := v.ByID(totp.ID)
	if _, _, _, err := NextHOTP(v, totp.ID); err == nil || !strings.Contains(err.Error(), "time-based") {
		t.Errorf("a TOTP key: %v, want a time-based error", err)
	}
	if after, _ := v.ByID(totp.ID); after.Revision != before.Revision {
		t.Error("a refused code changed the entry")
	}
	// Every try finds the entry changed: no code, and a clear error.
	r := &racingStore{Vault: v, n: 1000}
	h, err := v.Add(NewEntry{Name: "hotp", Secret: Secret{OTP: rfc4226URI}})
	if err != nil {
		t.Fatal(err)
	}
	if code, _, _, err := NextHOTP(r, h.ID); err == nil || code != "" || !strings.Contains(err.Error(), "kept changing") {
		t.Errorf("a counter that keeps moving: %q, %v", code, err)
	}
}
