// Tests of passtea otp: the RFC 6238 and RFC 4226 vectors, Steam and a QR
// screenshot end to end (set from standard input or an image, then the
// code --at a moment), HOTP counters across processes, and that no
// one-time secret reaches stderr.

package cli

import (
	"encoding/base32"
	"encoding/json"
	"fmt"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/passtea/passtea/otp"
	"github.com/passtea/passtea/vault"
)

// rfcSecret is the base32 of an RFC 6238 Appendix B seed: "1234567890"
// repeated to the hash's length.
func rfcSecret(n int) string {
	return base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString([]byte(strings.Repeat("1234567890", 7)[:n]))
}

// setOTP stores uri as the one-time code of name (created if need be).
func (v *testVault) setOTP(name, uri string) {
	v.t.Helper()
	v.secret(uri)
	if k, err := otp.Parse(uri); err == nil {
		v.secret(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(k.Secret()))
	}
	v.ok(uri+"\n", "otp", "set", name, "--create")
}

// TestOTPRFC6238 checks all 18 rows of RFC 6238 Appendix B through
// passtea otp --at: three algorithms with their seeds, 8 digits.
func TestOTPRFC6238(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	for alg, n := range map[string]int{"SHA1": 20, "SHA256": 32, "SHA512": 64} {
		v.setOTP("rfc/"+alg, fmt.Sprintf("otpauth://totp/RFC:%s?secret=%s&algorithm=%s&digits=8&period=30", alg, rfcSecret(n), alg))
	}
	rows := []struct {
		at   string
		want map[string]string
	}{
		{"59", map[string]string{"SHA1": "94287082", "SHA256": "46119246", "SHA512": "90693936"}},
		{"1111111109", map[string]string{"SHA1": "07081804", "SHA256": "68084774", "SHA512": "25091201"}},
		{"1111111111", map[string]string{"SHA1": "14050471", "SHA256": "67062674", "SHA512": "99943326"}},
		{"1234567890", map[string]string{"SHA1": "89005924", "SHA256": "91819424", "SHA512": "93441116"}},
		{"2000000000", map[string]string{"SHA1": "69279037", "SHA256": "90698825", "SHA512": "38618901"}},
		{"20000000000", map[string]string{"SHA1": "65353130", "SHA256": "77737706", "SHA512": "47863826"}},
	}
	for _, row := range rows {
		for alg, want := range row.want {
			r := v.ok("", "otp", "rfc/"+alg, "--at", row.at)
			if r.stdout != want+"\n" || r.stderr != "" {
				t.Errorf("%s at %s: stdout %q, stderr %q; want %q", alg, row.at, r.stdout, r.stderr, want)
			}
		}
	}
	// The same moment as RFC 3339, and as JSON: 1 second left at 59.
	if r := v.ok("", "otp", "rfc/SHA1", "--at", "2009-02-13T23:31:30Z"); r.stdout != "89005924\n" {
		t.Errorf("--at in RFC 3339: %q", r.stdout)
	}
	r := v.ok("", "otp", "rfc/SHA256", "--at", "59", "--json")
	var got map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatalf("--json: %q: %v", r.stdout, err)
	}
	if want := map[string]any{"code": "46119246", "expires_in": 1.0, "period": 30.0}; !mapsEqual(got, want) {
		t.Errorf("--json: %v, want %v", got, want)
	}
	if r := v.ok("", "otp", "code", "rfc/SHA512", "--at", "1111111111"); r.stdout != "99943326\n" {
		t.Errorf("otp code: %q", r.stdout)
	}
}

func mapsEqual(a, b map[string]any) bool {
	if len(a) != len(b) {
		return false
	}
	for k, x := range a {
		if y, ok := b[k]; !ok || x != y {
			return false
		}
	}
	return true
}

// TestOTPRFC4226 issues the ten codes of RFC 4226 Appendix D, one per run:
// each run saves the counter before it prints the code.
func TestOTPRFC4226(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	v.setOTP("hotp", "otpauth://hotp/RFC:4226?secret="+rfcSecret(20)+"&counter=0")
	want := []string{"755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"}
	for i, w := range want {
		args := []string{"otp", "hotp"}
		if i == 9 {
			args = append(args, "--json")
			w = `{"code":"520489","counter":9}`
		}
		if r := v.ok("", args...); r.stdout != w+"\n" {
			t.Errorf("code %d: %q, want %q", i, r.stdout, w)
		}
	}
	if r := v.ok("", "otp", "uri", "hotp"); !strings.Contains(r.stdout, "counter=10") {
		t.Errorf("the counter after ten codes: %q", r.stdout)
	}
	r := v.run("", "otp", "hotp", "--at", "59")
	wantOneLineError(t, r, 2)
	wantStderr(t, r, "--at is for time-based codes")
}

// TestOTPSteam uses the Steam Guard codes KeePassXC's tests publish
// (tests/TestTotp.cpp, testSteamTotp), from a URI in both forms.
func TestOTPSteam(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	v.setOTP("steam", "otpauth://totp/test:test@example.com?secret=63BEDWCQZKTQWPESARIERL5DTTQFCJTK&issuer=test&encoder=steam")
	v.setOTP("steam2", "otpauth://steam/Steam:test?secret=63BEDWCQZKTQWPESARIERL5DTTQFCJTK")
	for _, name := range []string{"steam", "steam2"} {
		for at, want := range map[string]string{"1511200518": "FR8RV", "1511200714": "9P3VP"} {
			if r := v.ok("", "otp", name, "--at", at); r.stdout != want+"\n" {
				t.Errorf("%s at %s: %q, want %q", name, at, r.stdout, want)
			}
		}
	}
}

// TestOTPSetFromQR reads the code from a screenshot of a setup page
// (otp/qr/testdata: RFC 6238's SHA-1 seed, 6 digits), and refuses a
// Google Authenticator export, which holds several codes.
func TestOTPSetFromQR(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	v.secret(rfcSecret(20))
	v.add("site", "site-Password-1")
	r := v.ok("", "otp", "set", "site", "--qr", filepath.Join("..", "..", "otp", "qr", "testdata", "setup-page.png"))
	if want := `one-time code of "site" set: TOTP, SHA1, 6 digits, every 30 s, for "Example Site:alice@example.com"` + "\n"; r.stderr != want {
		t.Errorf("stderr %q, want %q", r.stderr, want)
	}
	if r := v.ok("", "otp", "site", "--at", "59"); r.stdout != "287082\n" {
		t.Errorf("code %q, want 287082", r.stdout)
	}
	r = v.run("", "otp", "set", "site", "--qr", filepath.Join("..", "..", "otp", "qr", "testdata", "export-phone.png"))
	wantOneLineError(t, r, 1)
	wantStderr(t, r, "Google Authenticator export", "import it")
}

// TestOTPSetReplaceRemove: a new code replaces the old one (kept in the
// history), rm removes it, and set refuses bad input without echoing it.
func TestOTPSetReplaceRemove(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	v.add("mail", "mail-Password-1")
	r := v.run("", "otp", "mail")
	wantOneLineError(t, r, 1)
	wantStderr(t, r, `"mail" has no one-time code`)

	first := "JBSWY3DPEHPK3PXP"
	v.secret(first)
	r = v.ok(strings.ToLower(first)+"\n", "otp", "set", "mail")
	wantStderr(t, r, `one-time code of "mail" set: TOTP, SHA1, 6 digits, every 30 s`)
	r = v.ok(strings.ToLower(first)+"\n", "otp", "set", "mail")
	wantStderr(t, r, `"mail" already has this one-time code`)
	second := "otpauth://totp/Mail:me?secret=GEZDGNBVGY3TQOJQ&digits=7&period=60"
	v.secret(second, "GEZDGNBVGY3TQOJQ")
	r = v.ok(second+"\n", "otp", "set", "mail")
	wantStderr(t, r, "replaced (the old one is in its history): TOTP, SHA1, 7 digits, every 60 s")
	if r := v.ok("", "otp", "uri", "mail"); r.stdout != "otpauth://totp/Mail:me?secret=GEZDGNBVGY3TQOJQ&issuer=Mail&algorithm=SHA1&digits=7&period=60\n" {
		t.Errorf("uri: %q", r.stdout)
	}
	r = v.ok("", "otp", "rm", "mail")
	wantStderr(t, r, `removed the one-time code of "mail"`)
	wantOneLineError(t, v.run("", "otp", "mail"), 1)
	wantOneLineError(t, v.run("", "otp", "rm", "mail"), 1)
	var kept []string
	for _, h := range v.contents(testMaster)["mail"].History {
		if h.Kind == vault.KindOTP {
			kept = append(kept, h.Value)
		}
	}
	if len(kept) != 2 {
		t.Errorf("the history holds %d one-time codes, want 2", len(kept))
	}

	before := v.bytes()
	for _, bad := range []string{"not base32 at all!", "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=11", "otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP", "https://example.com/"} {
		v.secret(bad)
		r := v.run(bad+"\n", "otp", "set", "mail")
		wantOneLineError(t, r, 1)
		wantStderr(t, r, "one-time code: invalid one-time code: ")
	}
	wantOneLineError(t, v.run("", "otp", "set", "mail"), 2)
	r = v.run(first+"\n", "otp", "set", "nosuch")
	wantOneLineError(t, r, 1)
	wantStderr(t, r, `no entry named "nosuch"`, "--create")
	v.unchanged(before)
}

// TestOTPFlags: bad --at values and flag combinations are usage errors.
func TestOTPFlags(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	v.setOTP("a", "otpauth://totp/a?secret="+rfcSecret(20))
	for _, args := range [][]string{
		{"otp", "a", "--at", "yesterday"},
		{"otp", "a", "--at", "-5"},
		{"otp", "a", "--at", "59", "--copy"},
		{"otp", "a", "--copy", "--json"},
		{"otp", "a", "--clear-after", "5s"},
		{"otp"},
	} {
		wantOneLineError(t, v.run("", args...), 2)
	}
}

// TestOTPCopy copies the current code, cleared when the code expires if
// that is before the usual delay.
func TestOTPCopy(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	v.setOTP("a", "otpauth://totp/a?secret="+rfcSecret(20)+"&period=7")
	copier, mem := testCopier(t)
	start := time.Now()
	full := append([]string{"--vault", v.path, "--password-file", v.pwFile}, "otp", "a", "--copy")
	r := runCLI(t, cliEnv{copier: copier}, full...)
	wantCode(t, r, 0)
	noSecretsIn(t, "stderr", r.stderr, v.secrets...)
	k, err := otp.Parse("otpauth://totp/a?secret=" + rfcSecret(20) + "&period=7")
	if err != nil {
		t.Fatal(err)
	}
	got, _ := mem.Read()
	before, _ := k.Code(start)
	after, _ := k.Code(time.Now())
	if got != before && got != after {
		t.Errorf("clipboard %q, want %q or %q", got, before, after)
	}
	if r.stdout != "" {
		t.Errorf("--copy printed %q", r.stdout)
	}
	i := strings.Index(r.stderr, "clears in ")
	if i < 0 {
		t.Fatalf("stderr %q", r.stderr)
	}
	secs, err := strconv.Atoi(strings.Fields(r.stderr[i+len("clears in "):])[0])
	if err != nil || secs < 1 || secs > 7 {
		t.Errorf("clears in %q, want 1 to 7 s (the code's period)", r.stderr[i:])
	}
}

// TestOTPURIQR draws the URI: black on white by default, and with
// NO_COLOR into a file, dark modules without escape sequences.
func TestOTPURIQR(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	v.setOTP("a", "otpauth://totp/a?secret="+rfcSecret(20))
	r := v.ok("", "otp", "uri", "a", "--qr")
	if !strings.Contains(r.stdout, "\x1b[") || !strings.ContainsAny(r.stdout, "▀▄█") {
		t.Errorf("colour QR code: %q", r.stdout)
	}
	full := []string{"--vault", v.path, "--password-file", v.pwFile, "otp", "uri", "a", "--qr"}
	r = runCLI(t, cliEnv{vars: map[string]string{"NO_COLOR": "1"}}, full...)
	wantCode(t, r, 0)
	if strings.Contains(r.stdout, "\x1b") || !strings.ContainsAny(r.stdout, "▀▄█") {
		t.Errorf("NO_COLOR QR code: %q", r.stdout)
	}
	if strings.Contains(r.stdout, rfcSecret(20)) {
		t.Error("the drawing holds the secret as text")
	}
}

// TestHOTPTwoProcesses: two passtea processes ask for codes of one HOTP
// key at the same time; no counter is handed out twice, none is skipped.
func TestHOTPTwoProcesses(t *testing.T) {
	t.Parallel()
	v := newTestVault(t)
	v.setOTP("hotp", "otpauth://hotp/RFC:4226?secret="+rfcSecret(20)+"&counter=0")
	bin := passteaBin(t)
	const each = 8
	var mu sync.Mutex
	var codes []string
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			for range each {
				out, err := exec.Command(bin, "--vault", v.path, "--password-file", v.pwFile, "otp", "hotp", "--json").Output()
				if err != nil {
					t.Errorf("passtea otp: %v", err)
					return
				}
				var j struct {
					Code    string
					Counter uint64
				}
				if err := json.Unmarshal(out, &j); err != nil {
					t.Errorf("%q: %v", out, err)
					return
				}
				mu.Lock()
				codes = append(codes, fmt.Sprintf("%d:%s", j.Counter, j.Code))
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	k, err := otp.Parse("otpauth://hotp/RFC:4226?secret=" + rfcSecret(20) + "&counter=0")
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for i := range 2 * each {
		c, _ := k.Next()
		want = append(want, fmt.Sprintf("%d:%s", i, c))
	}
	slices.Sort(codes)
	slices.SortFunc(want, strings.Compare)
	if !slices.Equal(codes, want) {
		t.Errorf("codes handed out:\n%v\nwant each counter once:\n%v", codes, want)
	}
}
