package tui

// Tests of one-time codes in the app: the live code of the entry screen
// against RFC 6238 on a clock the test moves, its tick (only while the
// screen is shown), o and its clear, HOTP counters, the form, and goldens.

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/binary"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/passtea/passtea/otp"
	"github.com/passtea/passtea/ui/clipboard"
	"github.com/passtea/passtea/vault"
)

// testOTPSecret is RFC 6238's SHA-1 seed, "12345678901234567890", in
// base32. It must not appear in a golden file (testSecrets).
const testOTPSecret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"

const (
	totpURI  = "otpauth://totp/Example:alice?secret=" + testOTPSecret + "&digits=8"
	totp6URI = "otpauth://totp/Example:alice?secret=" + testOTPSecret
	hotpURI  = "otpauth://hotp/RFC:4226?secret=" + testOTPSecret + "&counter=0"
)

// rfc6238 is the reference algorithm of RFC 6238 (SHA-1, 30 s steps),
// written out here so that the app is checked against something other
// than package otp.
func rfc6238(t time.Time, digits int) string {
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], uint64(t.Unix()/30))
	mac := hmac.New(sha1.New, []byte("12345678901234567890"))
	mac.Write(msg[:])
	sum := mac.Sum(nil)
	off := sum[len(sum)-1] & 0xf
	v := binary.BigEndian.Uint32(sum[off:]) & 0x7fffffff
	mod := uint32(1)
	for range digits {
		mod *= 10
	}
	return fmt.Sprintf("%0*d", digits, v%mod)
}

func TestRFC6238Reference(t *testing.T) {
	// RFC 6238 Appendix B, SHA-1 rows.
	for at, want := range map[int64]string{59: "94287082", 1111111109: "07081804", 1111111111: "14050471", 1234567890: "89005924", 2000000000: "69279037"} {
		if got := rfc6238(time.Unix(at, 0), 8); got != want {
			t.Errorf("T=%d: %s, want %s", at, got, want)
		}
	}
}

// otpEntries are entries with one-time codes, beside a plain one.
func otpEntries() []vault.NewEntry {
	return []vault.NewEntry{
		{Name: "totp", Username: "alice", Secret: vault.Secret{Password: testPassword, OTP: totpURI}},
		{Name: "site", Username: "bob", URLs: []string{"https://site.example"}, Tags: []string{"2fa"}, Secret: vault.Secret{Password: testPassword, OTP: totp6URI}},
		{Name: "counter", Username: "carol", Secret: vault.Secret{Password: testPassword, OTP: hotpURI}},
		{Name: "plain", Username: "dave", Secret: vault.Secret{Password: testPassword}},
	}
}

// ticks records the ticks the app asks for instead of starting them.
type ticks struct{ got []tea.Msg }

func (r *ticks) after(d time.Duration, msg tea.Msg) tea.Cmd {
	r.got = append(r.got, msg)
	return nil
}

// last is the last tick asked for, and how many were.
func (r *ticks) last() (tea.Msg, int) {
	if len(r.got) == 0 {
		return nil, 0
	}
	return r.got[len(r.got)-1], len(r.got)
}

// otpApp unlocks a vault of otpEntries on a clock the test moves, with the
// ticks recorded.
func otpApp(t *testing.T) (*App, *fakeClock, *ticks, *fakeClipboard) {
	t.Helper()
	cfg, cb := testConfig(t)
	clock := newFakeClock()
	cfg.Clock = clock.now
	cfg.Copier.Now = clock.now
	makeVault(t, cfg, otpEntries()...)
	a := unlockModel(t, cfg)
	tk := &ticks{}
	a.c.after = tk.after
	return a, clock, tk, cb
}

// open opens the entry named name from the list.
func open(t *testing.T, a *App, name string) *App {
	t.Helper()
	a = step(t, a, keys("esc", "/")...) // esc: the last filter goes
	a = step(t, a, typed(name)...)
	a = step(t, a, keys("enter")...)
	if a.active != screenEntry || a.entryS().e.Name != name {
		t.Fatalf("screen %s, want the entry %s", a.active, name)
	}
	return a
}

// TestOTPLive: the entry screen shows the RFC 6238 code of the moment and
// the seconds left, and follows the clock from tick to tick; the ticks
// stop once the screen is left, locked or auto-locked.
func TestOTPLive(t *testing.T) {
	a, clock, tk, _ := otpApp(t)
	clock.t.Store(time.Unix(1111111111, 0).UnixNano())
	a = open(t, a, "totp")
	f := plainFrame(a.render())
	if !strings.Contains(f, "1405 0471") || !strings.Contains(f, "29 s") || rfc6238(clock.now(), 8) != "14050471" {
		t.Fatalf("at T=1111111111 the frame does not show 1405 0471 with 29 s left:\n%s", f)
	}
	msg, n := tk.last()
	if n != 1 {
		t.Fatalf("%d ticks asked for on opening, want 1", n)
	}
	for _, d := range []time.Duration{time.Second, 27 * time.Second, time.Second, 1234567890*time.Second - 1111111140*time.Second} {
		clock.advance(d)
		a = step(t, a, msg)
		var m int
		if msg, m = tk.last(); m != n+1 {
			t.Fatalf("a tick on the entry screen asked for %d more, want 1", m-n)
		}
		n = m
		want := rfc6238(clock.now(), 8)
		left := 30 - clock.now().Unix()%30
		if f := plainFrame(a.render()); !strings.Contains(f, want[:4]+" "+want[4:]) || !strings.Contains(f, fmt.Sprintf("%2d s", left)) {
			t.Fatalf("at T=%d the frame does not show %s with %d s left:\n%s", clock.now().Unix(), want, left, f)
		}
	}
	if f := plainFrame(a.render()); !strings.Contains(f, "8900 5924") || !strings.Contains(f, "30 s") {
		t.Fatalf("at T=1234567890 the frame does not show 8900 5924 with 30 s left:\n%s", f)
	}

	for _, leave := range []struct {
		name string
		do   func(a *App) *App
	}{
		{"esc", func(a *App) *App { return step(t, a, keys("esc")...) }},
		{"edit", func(a *App) *App { return step(t, a, keys("e")...) }},
		{"generator", func(a *App) *App { return step(t, a, keys("g")...) }},
		{"lock", func(a *App) *App { return step(t, a, keys("L")...) }},
		{"auto-lock", func(a *App) *App {
			clock.advance(a.c.autoLock)
			return step(t, a, idleTickMsg{gen: a.idleGen})
		}},
	} {
		if a.c.vault == nil {
			a = step(t, a, typed(testMaster)...)
			a = step(t, a, keys("enter")...)
			a.c.after = tk.after
		}
		if a.active != screenEntries {
			a = step(t, a, keys("esc", "esc")...)
		}
		a = open(t, a, "totp")
		msg, n = tk.last()
		a = leave.do(a)
		if a.active == screenEntry {
			t.Fatalf("%s: still on the entry screen", leave.name)
		}
		a = step(t, a, msg)
		if _, m := tk.last(); m != n {
			t.Errorf("%s: a tick after leaving the entry asked for another", leave.name)
		}
	}
}

// TestOTPStaleTick: a tick of an entry screen left since does not start a
// second chain on the entry opened again.
func TestOTPStaleTick(t *testing.T) {
	a, _, tk, _ := otpApp(t)
	a = open(t, a, "totp")
	stale, _ := tk.last()
	a = step(t, a, keys("esc")...)
	a = open(t, a, "totp")
	fresh, n := tk.last()
	a = step(t, a, stale)
	if _, m := tk.last(); m != n {
		t.Fatal("a stale tick started a second chain")
	}
	step(t, a, fresh)
	if _, m := tk.last(); m != n+1 {
		t.Fatal("the screen's own tick did not go on")
	}
}

// TestOTPNoTick: an entry without a time-based code asks for no tick.
func TestOTPNoTick(t *testing.T) {
	a, _, tk, _ := otpApp(t)
	for _, name := range []string{"plain", "counter"} {
		a = open(t, a, name)
		a = step(t, a, keys("esc", "esc")...)
	}
	if _, n := tk.last(); n != 0 {
		t.Fatalf("%d ticks for entries without a time-based code", n)
	}
}

// TestOTPCopy: o copies the code of the moment, on the entry screen and in
// the list, and the copy is cleared when the code expires or after the
// clear delay, whichever comes first.
func TestOTPCopy(t *testing.T) {
	a, clock, _, cb := otpApp(t)
	a = open(t, a, "totp") // 15:09:26: 4 s left of the step
	a = step(t, a, keys("o")...)
	want := rfc6238(testTime, 8)
	if cb.get() != want {
		t.Fatalf("clipboard %q after o, want %q", cb.get(), want)
	}
	tk := cb.started()
	if len(tk) != 1 || !tk[0].Deadline.Equal(testTime.Add(4*time.Second)) {
		t.Fatalf("clear tickets %s, want one at the end of the step (4 s)", deadlines(tk))
	}
	if s := plainFrame(a.statusView()); !strings.Contains(s, "copied one-time code of totp — clears in 4 s") {
		t.Fatalf("status %q", s)
	}

	// A clear delay shorter than the code's life wins.
	a.c.clipClear = 2 * time.Second
	a = step(t, a, keys("o")...)
	if tk := cb.started(); len(tk) != 2 || !tk[1].Deadline.Equal(testTime.Add(2*time.Second)) {
		t.Fatalf("clear tickets %s, want the second at the delay (2 s)", deadlines(tk))
	}

	// The list: o on the highlighted entry, in the next time step.
	a.c.clipClear = 20 * time.Second
	clock.advance(20 * time.Second)
	a = step(t, a, keys("esc", "esc")...)
	a = step(t, a, keys("/")...)
	a = step(t, a, typed("site")...)
	a = step(t, a, keys("enter", "esc", "o")...)
	if a.active != screenEntries {
		t.Fatalf("screen %s, want the list", a.active)
	}
	if want := rfc6238(clock.now(), 6); cb.get() != want {
		t.Fatalf("clipboard %q after o in the list, want %q", cb.get(), want)
	}
	if tk := cb.started(); len(tk) != 3 || !tk[2].Deadline.Equal(clock.now().Add(14*time.Second)) {
		t.Fatalf("clear tickets %s, want the third at the end of the step (14 s)", deadlines(tk))
	}
	// o does nothing on an entry without a code: its binding is off.
	a = step(t, a, keys("esc", "/")...)
	a = step(t, a, typed("plain")...)
	a = step(t, a, keys("enter", "esc")...)
	if a.list().keys.CopyOTP.Enabled() {
		t.Fatal("o is on for an entry without a one-time code")
	}
	step(t, a, keys("o")...)
	if tk := cb.started(); len(tk) != 3 {
		t.Fatal("o copied something for an entry without a one-time code")
	}
}

// deadlines lists the deadlines of clear tickets.
func deadlines(tk []clipboard.Ticket) []string {
	var out []string
	for _, t := range tk {
		out = append(out, t.Deadline.Format(time.TimeOnly))
	}
	return out
}

// recordingStore records the edits made through it.
type recordingStore struct {
	Store
	edits []vault.Change
}

func (r *recordingStore) Edit(id vault.ID, c vault.Change) (vault.Entry, error) {
	r.edits = append(r.edits, c)
	return r.Store.Edit(id, c)
}

// TestOTPHOTP: viewing an HOTP entry uses no code; each o saves the
// counter once, with IfRevision, then shows and copies the code (RFC 4226
// Appendix D).
func TestOTPHOTP(t *testing.T) {
	a, _, _, cb := otpApp(t)
	rec := &recordingStore{Store: a.c.vault}
	a.c.vault = rec
	a = open(t, a, "counter")
	if f := plainFrame(a.render()); !strings.Contains(f, "press o to generate and copy the next code") {
		t.Fatalf("the HOTP entry does not say to press o:\n%s", f)
	}
	a = step(t, a, keys("esc", "esc")...)
	if len(rec.edits) != 0 {
		t.Fatal("viewing an HOTP entry saved something")
	}
	a = open(t, a, "counter")
	for i, want := range []string{"755224", "287082", "359152"} {
		before := a.entryS().e.Revision
		a = step(t, a, keys("o")...)
		if len(rec.edits) != i+1 {
			t.Fatalf("o %d: %d edits, want %d", i, len(rec.edits), i+1)
		}
		ch := rec.edits[i]
		if ch.IfRevision != before || ch.OTP == nil || !strings.Contains(*ch.OTP, fmt.Sprintf("counter=%d", i+1)) {
			t.Fatalf("o %d: the edit is not the counter's save with IfRevision %d", i, before)
		}
		if cb.get() != want {
			t.Fatalf("o %d: clipboard %q, want %q", i, cb.get(), want)
		}
		if f := plainFrame(a.render()); !strings.Contains(f, want[:3]+" "+want[3:]) || !strings.Contains(f, fmt.Sprintf("counter %d", i)) {
			t.Fatalf("o %d: the frame does not show %s:\n%s", i, want, f)
		}
	}
	// Another passtea issued a code meanwhile: the next o takes the one
	// after, never one issued already.
	other, _, _, err := vault.NextHOTP(rec.Store, a.entryS().e.ID)
	if err != nil || other != "969429" {
		t.Fatalf("the other process's code %q, %v", other, err)
	}
	step(t, a, keys("o")...)
	if cb.get() != "338314" {
		t.Fatalf("after another process's code, clipboard %q, want the next (338314)", cb.get())
	}
}

// setOTPFocus tabs the form's focus to the one-time code.
func setOTPFocus(t *testing.T, a *App) *App {
	t.Helper()
	for range 20 {
		if f := a.form(); f != nil && f.at().kind == stopOTP {
			return a
		}
		a = step(t, a, keys("tab")...)
	}
	t.Fatal("tab does not reach the one-time code")
	return a
}

// TestOTPForm: the form sets a code (a bare secret or a URI), keeps a
// stored one, removes it, and refuses what otp's parser refuses with one
// line that does not repeat the input.
func TestOTPForm(t *testing.T) {
	a, _, _, _ := otpApp(t)
	a = step(t, a, keys("n")...)
	a = step(t, a, typed("new")...)
	a = setOTPFocus(t, a)
	a = step(t, a, tea.PasteMsg{Content: "gezd gnbv gy3t qojq gezd gnbv gy3t qojq\n"})
	for _, k := range []string{"tab", "ctrl+r"} { // ctrl+r shows the password, not the code
		a = step(t, a, keys(k)...)
		if f := plainFrame(a.render()); strings.Contains(strings.ToUpper(f), "GEZD") {
			t.Fatalf("after %s the form shows the pasted secret:\n%s", k, f)
		}
	}
	a = step(t, a, keys("ctrl+s")...)
	want, err := otp.Parse(testOTPSecret)
	if err != nil {
		t.Fatal(err)
	}
	wantURI, _ := want.URI()
	if got := secretOf(t, a, "new").OTP; got != wantURI {
		t.Fatalf("stored %q, want %q", got, wantURI)
	}

	// Edit: the stored code is described, not drawn; a paste replaces it.
	a = step(t, a, keys("/")...)
	a = step(t, a, typed("new")...)
	a = step(t, a, keys("enter", "esc", "e")...)
	if f := plainFrame(a.render()); !strings.Contains(f, "TOTP, SHA1, 6 digits, every 30 s") {
		t.Fatalf("the form does not describe the stored code:\n%s", f)
	}
	a = setOTPFocus(t, a)
	a = step(t, a, tea.PasteMsg{Content: totpURI})
	a = step(t, a, keys("ctrl+s")...)
	if got := secretOf(t, a, "new").OTP; !strings.Contains(got, "digits=8") || !strings.Contains(got, "Example") {
		t.Fatalf("a pasted URI did not replace the code")
	}

	// Remove it with ctrl+x.
	a = step(t, a, keys("e")...)
	a = setOTPFocus(t, a)
	a = step(t, a, keys("ctrl+x", "ctrl+s")...)
	if e, err := a.c.vault.Get("new"); err != nil || e.HasOTP {
		t.Fatalf("after ctrl+x and save the entry has a code (%v)", err)
	}

	// Refused: nothing saved, one line, at the field.
	for _, bad := range []string{
		"not base32 at all!",
		"otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=11",
		"otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP",
		"https://example.com/?secret=JBSWY3DPEHPK3PXP",
		"otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&period=0",
	} {
		a = step(t, a, keys("e")...)
		a = setOTPFocus(t, a)
		a = step(t, a, tea.PasteMsg{Content: bad})
		before, _ := a.c.vault.Get("new")
		a = step(t, a, keys("ctrl+s")...)
		f := a.form()
		if f == nil || !strings.HasPrefix(f.err, "not saved: invalid one-time code") || strings.Contains(f.err, "\n") {
			t.Fatalf("%q: form error %q", bad, f.err)
		}
		if strings.Contains(f.err, "JBSWY3DP") || strings.Contains(plainFrame(a.render()), "JBSWY3DP") {
			t.Fatalf("%q: the error or the frame repeats the secret", bad)
		}
		if f.at().kind != stopOTP {
			t.Fatalf("%q: the focus is not on the code", bad)
		}
		if after, _ := a.c.vault.Get("new"); after.Revision != before.Revision {
			t.Fatalf("%q: the entry changed", bad)
		}
		a = step(t, a, keys("esc", "y")...)
	}
}

// secretOf reads the secret of the entry named name.
func secretOf(t *testing.T, a *App, name string) vault.Secret {
	t.Helper()
	e, err := a.c.vault.Get(name)
	if err != nil {
		t.Fatal(err)
	}
	s, err := a.c.vault.Secret(e.ID)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestOTPScreens: goldens of the codes at 60, 80 and 120 columns, at the
// tests' fixed time with RFC 6238's seed.
func TestOTPScreens(t *testing.T) {
	atWidths(t, func(t *testing.T, cfg Config) { makeVault(t, cfg, otpEntries()...) }, func(s *shooter) {
		s.unlock()
		s.want("◷")
		s.press("down")
		s.shot("list")
		s.press("/")
		s.typ("totp")
		s.press("enter")
		want := rfc6238(testTime, 8)
		s.want(want[:4]+" "+want[4:], "4 s")
		s.shot("totp")
		s.press("o")
		s.want("copied one-time code of totp — clears in 4 s")
		s.shot("copied")
		s.press("esc", "esc", "/")
		s.typ("counter")
		s.press("enter")
		s.shot("hotp")
		s.press("o")
		s.want("755 224", "counter 0")
		s.shot("hotp-issued")
		s.press("e")
		s.a = setOTPFocus(s.t, s.a)
		s.want("HOTP, SHA1, 6 digits, next counter 1")
		s.shot("form-stored")
		s.press("ctrl+x")
		s.send(tea.PasteMsg{Content: "not base32 at all!"})
		s.press("ctrl+s")
		s.want("not saved: invalid one-time code")
		s.shot("form-refused")
	})
}
