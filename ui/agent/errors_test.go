package agent

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/passtea/passtea/vault"
)

// TestErrorCodesRoundTrip sends every error the client must tell apart
// through the wire form and checks errors.Is, errors.As and the message.
func TestErrorCodesRoundTrip(t *testing.T) {
	typed := []error{
		&vault.DamagedError{Path: "/v", Reason: "checksum mismatch", HasBackup: true},
		&vault.NoVaultError{Path: "/v", Backup: "/v.bak"},
		&vault.InvalidError{Field: "name", Reason: "the name is empty"},
		&vault.LimitError{What: "entries", Limit: 10, Size: 11},
		&vault.BackoffError{Failures: 4, Wait: 3 * time.Second},
		&VersionError{Agent: 1, Client: 2},
	}
	var cases []error
	for _, c := range codes {
		cases = append(cases, c.err, fmt.Errorf("entry 3: %w: work/x", c.err))
	}
	for _, e := range typed {
		cases = append(cases, e, fmt.Errorf("save vault: %w", e))
	}
	cases = append(cases, errors.New("something else"))
	for _, sent := range cases {
		b, err := json.Marshal(toWire(sent))
		if err != nil {
			t.Fatal(err)
		}
		var w wireError
		if err := json.Unmarshal(b, &w); err != nil {
			t.Fatal(err)
		}
		got := w.err()
		if got.Error() != sent.Error() {
			t.Errorf("message %q came back as %q", sent, got)
		}
		for _, c := range codes {
			if errors.Is(sent, c.err) != errors.Is(got, c.err) {
				t.Errorf("%q: errors.Is(%v) is %v, was %v", sent, c.err, errors.Is(got, c.err), errors.Is(sent, c.err))
			}
		}
		for _, e := range typed {
			want := reflect.New(reflect.TypeOf(e)).Interface()
			have := reflect.New(reflect.TypeOf(e)).Interface()
			if errors.As(sent, want) != errors.As(got, have) {
				t.Errorf("%q: errors.As(%T) differs", sent, e)
				continue
			}
			if !reflect.DeepEqual(want, have) {
				t.Errorf("%q: errors.As(%T) gives %+v, was %+v", sent, e, have, want)
			}
		}
	}
}

// TestUnlockErrors checks the errors of unlocks through a running agent.
func TestUnlockErrors(t *testing.T) {
	path := newVaultFile(t, 1)
	s := serve(t, Config{})
	cl := dial(t, s.dir)
	bad := vault.Credentials{Password: []byte("wrong")}
	for i := range vault.FreeTries {
		if _, err := cl.Unlock(path, bad, UnlockOptions{}); !errors.Is(err, vault.ErrWrongPassword) {
			t.Fatalf("try %d: %v, want the wrong password", i+1, err)
		}
	}
	// The backoff is counted in a file beside the vault: the agent and
	// other processes share it.
	_, err := cl.Unlock(path, creds(), UnlockOptions{})
	var bo *vault.BackoffError
	if !errors.As(err, &bo) || bo.Failures != vault.FreeTries || bo.Wait <= 0 {
		t.Fatalf("the try after %d wrong ones: %v, want a backoff", vault.FreeTries, err)
	}
	if _, err := vault.Open(path, testCreds.Password, nil); !errors.Is(err, vault.ErrBackoff) {
		t.Fatalf("a direct open during the backoff: %v", err)
	}
	missing := filepath.Join(filepath.Dir(path), "none.passtea")
	var nv *vault.NoVaultError
	if _, err := cl.Unlock(missing, creds(), UnlockOptions{}); !errors.As(err, &nv) || nv.Path != missing {
		t.Fatalf("a missing vault: %v", err)
	}
	junk := filepath.Join(filepath.Dir(path), "junk")
	if err := os.WriteFile(junk, []byte("not a vault at all"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := cl.Unlock(junk, creds(), UnlockOptions{}); !errors.Is(err, vault.ErrNotVault) {
		t.Fatalf("not a vault: %v", err)
	}
	if _, err := cl.Open(path); !errors.Is(err, vault.ErrLocked) {
		t.Fatalf("open of a vault the agent does not hold: %v", err)
	}
	if _, err := cl.Names(path, ""); !errors.Is(err, vault.ErrLocked) {
		t.Fatalf("names of a vault the agent does not hold: %v", err)
	}
	if _, err := cl.Unlock(path, creds(), UnlockOptions{Timeout: MaxTimeout + time.Second}); err == nil {
		t.Fatal("a timeout above the maximum was accepted")
	}
}
