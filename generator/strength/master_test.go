package strength

import (
	"errors"
	"strings"
	"testing"
)

// breachSet is a BreachList of a few passwords.
type breachSet map[string]int64

func (b breachSet) Count(pw string) (int64, error) { return b[pw], nil }

type failingList struct{}

func (failingList) Count(string) (int64, error) { return 0, errors.New("read list: disk on fire") }

func TestCheckMaster(t *testing.T) {
	breached := breachSet{"correct horse battery staple": 3421}
	for _, c := range []struct {
		pw      string
		context []string
		ok      bool
		// the reason Error gives first
		tooShort, breached, fromContext bool
	}{
		{pw: "correct horse battery staple", ok: false, breached: true},
		{pw: "kX9#mQ2$vL7@pR4!", ok: true},
		{pw: "tangerine orbit quietly 42", ok: true},
		{pw: "kX9#mQ2$vL7", tooShort: true},
		{pw: "Password", tooShort: true},
		{pw: "Passwordpassword"},
		{pw: "123456789012345"},
		// Built from the context: strong without it, weak with it.
		{pw: "zorblaxquintessa2024", ok: true},
		{pw: "zorblaxquintessa2024", context: []string{"Zorblax Quintessa", "/home/zorblax/vault.pt"}, fromContext: true},
		{pw: "passteaglimmerwhirl", ok: true},
		{pw: "passteaglimmerwhirl", context: []string{"glimmer", "whirl"}, fromContext: true},
		// Context words inside a strong password do not matter.
		{pw: "tangerine orbit quietly 42 zorblax", context: []string{"zorblax"}, ok: true},
		{pw: "ZORBLAX-passtea-xalbroz", context: []string{"zorblax"}, fromContext: true},
	} {
		err := CheckMaster(c.pw, breached, c.context...)
		if c.ok {
			if err != nil {
				t.Errorf("%q (context %q) refused: %v", c.pw, c.context, err)
			}
			continue
		}
		var we *WeakPasswordError
		if !errors.As(err, &we) || !errors.Is(err, ErrWeakPassword) {
			t.Fatalf("%q: error %v", c.pw, err)
		}
		if we.TooShort != c.tooShort || we.Breached != c.breached || we.FromContext != c.fromContext {
			t.Errorf("%q (context %q): %+v", c.pw, c.context, we)
		}
		msg := err.Error()
		if strings.Contains(msg, c.pw) || strings.Contains(msg, "\n") || strings.HasSuffix(msg, ".") || !strings.HasPrefix(msg, "master password is ") {
			t.Errorf("%q: message %q", c.pw, msg)
		}
		t.Logf("%q: %s", c.pw, msg)
	}
	// Without a list nothing is breached; a failing list is an error of
	// its own, not a weak password.
	if err := CheckMaster("correct horse battery staple", nil); err != nil {
		t.Errorf("no list: %v", err)
	}
	err := CheckMaster("kX9#mQ2$vL7@pR4!", failingList{})
	if err == nil || errors.Is(err, ErrWeakPassword) || !strings.Contains(err.Error(), "disk on fire") {
		t.Errorf("failing list: %v", err)
	}
}

func TestCheckMasterBytes(t *testing.T) {
	for _, c := range []struct {
		pw string
		ok bool
	}{
		{"correct horse battery staple", true},
		{" leading and trailing spaces ", true},
		{"tab\tinside", true},
		{"naïve café 密码", true},
		{"e\u0301", true},         // decomposed: kept as it is
		{"\xff\xfe binary", true}, // invalid UTF-8 from a password file
		{"\x1b[31m", true},        // escape: typeable, and shown nowhere
		{"", false},
		{"nul\x00byte", false},
		{"two\nlines", false},
		{"carriage\rreturn", false},
	} {
		err := CheckMasterBytes([]byte(c.pw))
		if (err == nil) != c.ok || err != nil && (!errors.Is(err, ErrUnusableMaster) || c.pw != "" && strings.Contains(err.Error(), c.pw)) {
			t.Errorf("%q: %v", c.pw, err)
		}
	}
}
