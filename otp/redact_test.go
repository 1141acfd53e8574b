package otp

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// leakSecret is distinctive enough that finding any of its forms in output
// can only mean a leak.
var leakSecret = []byte("correct horse battery staple!")

// secretForms returns the ways a secret could show up in text.
func secretForms(secret []byte) []string {
	b32 := b32.EncodeToString(secret)
	return []string{
		string(secret),
		b32, strings.ToLower(b32), b32[:16],
		hex.EncodeToString(secret), strings.ToUpper(hex.EncodeToString(secret)),
		base64.StdEncoding.EncodeToString(secret),
		strings.Trim(fmt.Sprint(secret), "[]"), // decimal bytes
		fmt.Sprintf("%q", secret),
	}
}

func TestKeyPrintsNoSecret(t *testing.T) {
	k, err := NewKey(HOTP, leakSecret)
	if err != nil {
		t.Fatal(err)
	}
	k.Issuer, k.Account, k.Counter = "Example", "alice", 7
	var out []string
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%T %v"} {
		out = append(out, fmt.Sprintf(verb, k), fmt.Sprintf(verb, &k), fmt.Sprintf(verb, []Key{k}),
			fmt.Sprintf(verb, struct{ K Key }{k}), fmt.Sprintf(verb, map[string]*Key{"k": &k}))
	}
	out = append(out, fmt.Sprint(k), fmt.Sprintln(&k), k.String(), k.GoString())
	j, err := json.Marshal(k)
	if err != nil {
		t.Fatal(err)
	}
	out = append(out, string(j))
	for _, o := range out {
		for _, form := range secretForms(leakSecret) {
			if strings.Contains(o, form) {
				t.Fatalf("output %q contains the secret as %q", o, form)
			}
		}
	}
	want := `otp.Key{Type: hotp, Issuer: "Example", Account: "alice", Algorithm: SHA1, Digits: 6, Period: 0, Counter: 7, Secret: redacted}`
	if got := fmt.Sprintf("%+v", k); got != want {
		t.Errorf("%%+v = %s\nwant  %s", got, want)
	}
}

func TestErrorsHoldNoSecret(t *testing.T) {
	b32 := b32.EncodeToString(leakSecret)
	lower := strings.ToLower(b32)
	// Each template makes a bad input around the secret; every parser's
	// error must hold none of the secret's forms.
	templates := []string{
		"otpauth://totp/x?secret=%s1",
		"otpauth://totp/x?secret=%s&secret=%s",
		"otpauth://totp/x?secret=%s&digits=5",
		"otpauth://totp/x?secret=%s&algorithm=%s",
		"otpauth://totp/%s?secret=%s&digits=%s",
		"otpauth://totp/x?secret=%s&period=%s",
		"otpauth://hotp/x?secret=%s&counter=%s",
		"otpauth://totp/x?secret=%s&encoder=%s",
		"otpauth://totp/Evil:x?secret=%s&issuer=%s",
		"otpauth://%s/x?secret=%s",
		"otpauth://totp/x?secret=%s%%zz",
		"otpauth://totp/x?secret=%s#frag",
		"otpauth://totp/x?secret=%s\x00",
		"otpauth://totp/x%%FF?secret=%s",
		"https://example.com/?secret=%s",
		"%s0",
		"%s:",
		"otpauth-migration://offline?data=%s",
		"otpauth-migration://offline?data=%s%%zz",
	}
	for _, tmpl := range templates {
		for _, s := range []string{b32, lower} {
			in := strings.ReplaceAll(tmpl, "%s", s)
			in = strings.ReplaceAll(in, "%%", "%")
			var errs []error
			_, err := Parse(in)
			errs = append(errs, err)
			_, err = ParseURI(in)
			errs = append(errs, err)
			_, err = ParseMigration(in)
			errs = append(errs, err)
			for _, err := range errs {
				if err == nil {
					t.Fatalf("%q parsed", in)
				}
				for _, form := range secretForms(leakSecret) {
					if strings.Contains(strings.ToLower(err.Error()), strings.ToLower(form)) {
						t.Fatalf("error %q for %q contains the secret", err, in)
					}
				}
			}
		}
	}
	// A migration export whose secret is fine but whose account is not.
	uri := exportURI(payload([][]byte{otpParams{secret: leakSecret, name: "a\x00", typ: 2}.encode()}))
	if _, err := ParseMigration(uri); err == nil || strings.Contains(err.Error(), string(leakSecret)) {
		t.Fatalf("export error %v", err)
	}
}
