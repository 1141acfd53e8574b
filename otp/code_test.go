package otp

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// The seeds of RFC 6238 Appendix B: "12345678901234567890" repeated to the
// hash's block-friendly length (20, 32 and 64 bytes).
var rfcSeeds = map[Algorithm]string{
	SHA1:   "12345678901234567890",
	SHA256: "12345678901234567890123456789012",
	SHA512: "1234567890123456789012345678901234567890123456789012345678901234",
}

func TestRFC6238AppendixB(t *testing.T) {
	// RFC 6238 Appendix B, all 18 rows: 8 digits, 30-second steps, T0 = 0.
	tests := []struct {
		unix int64
		alg  Algorithm
		want string
	}{
		{59, SHA1, "94287082"},
		{59, SHA256, "46119246"},
		{59, SHA512, "90693936"},
		{1111111109, SHA1, "07081804"},
		{1111111109, SHA256, "68084774"},
		{1111111109, SHA512, "25091201"},
		{1111111111, SHA1, "14050471"},
		{1111111111, SHA256, "67062674"},
		{1111111111, SHA512, "99943326"},
		{1234567890, SHA1, "89005924"},
		{1234567890, SHA256, "91819424"},
		{1234567890, SHA512, "93441116"},
		{2000000000, SHA1, "69279037"},
		{2000000000, SHA256, "90698825"},
		{2000000000, SHA512, "38618901"},
		{20000000000, SHA1, "65353130"},
		{20000000000, SHA256, "77737706"},
		{20000000000, SHA512, "47863826"},
	}
	for _, tt := range tests {
		k := mustKey(t, TOTP, rfcSeeds[tt.alg])
		k.Algorithm, k.Digits = tt.alg, 8
		got, err := k.Code(time.Unix(tt.unix, 0))
		if err != nil || got != tt.want {
			t.Errorf("%s at %d = %q, %v; want %q", tt.alg, tt.unix, got, err, tt.want)
		}
	}
}

// RFC 4226 Appendix D: the secret "12345678901234567890", counters 0 to 9,
// with the 31-bit truncated values, so 7 to 10 digits are checked too.
var rfc4226 = []struct {
	truncated uint32
	hotp      string
}{
	{1284755224, "755224"},
	{1094287082, "287082"},
	{137359152, "359152"},
	{1726969429, "969429"},
	{1640338314, "338314"},
	{868254676, "254676"},
	{1918287922, "287922"},
	{82162583, "162583"},
	{673399871, "399871"},
	{645520489, "520489"},
}

func TestRFC4226AppendixD(t *testing.T) {
	k := mustKey(t, HOTP, "12345678901234567890")
	for i, tt := range rfc4226 {
		if k.Counter != uint64(i) {
			t.Fatalf("counter = %d before code %d", k.Counter, i)
		}
		got, err := k.Next()
		if err != nil || got != tt.hotp {
			t.Errorf("counter %d: %q, %v; want %q", i, got, err, tt.hotp)
		}
	}
	if k.Counter != 10 {
		t.Errorf("counter after 10 codes = %d", k.Counter)
	}
}

func TestDigits(t *testing.T) {
	for digits := MinDigits; digits <= MaxDigits; digits++ {
		for i, tt := range rfc4226 {
			k := mustKey(t, HOTP, "12345678901234567890")
			k.Digits, k.Counter = digits, uint64(i)
			full := strings.Repeat("0", 10) + itoa(tt.truncated)
			want := full[len(full)-digits:]
			if got, err := k.Next(); err != nil || got != want {
				t.Errorf("%d digits, counter %d: %q, %v; want %q", digits, i, got, err, want)
			}
		}
	}
}

func itoa(v uint32) string {
	var b []byte
	for {
		b = append([]byte{byte('0' + v%10)}, b...)
		if v /= 10; v == 0 {
			return string(b)
		}
	}
}

func TestSteam(t *testing.T) {
	// Codes the Steam mobile app showed for a throw-away account, published
	// in KeePassXC's tests/TestTotp.cpp (TestTotp::testSteamTotp).
	secret, err := decodeSecret("63BEDWCQZKTQWPESARIERL5DTTQFCJTK")
	if err != nil {
		t.Fatal(err)
	}
	k, err := NewKey(Steam, secret)
	if err != nil {
		t.Fatal(err)
	}
	for unix, want := range map[int64]string{1511200518: "FR8RV", 1511200714: "9P3VP"} {
		if got, err := k.Code(time.Unix(unix, 0)); err != nil || got != want {
			t.Errorf("at %d: %q, %v; want %q", unix, got, err, want)
		}
	}
	// The same key through KeePassXC's URI form.
	u, err := ParseURI("otpauth://totp/test:test@example.com?secret=63BEDWCQZKTQWPESARIERL5DTTQFCJTK&issuer=test&algorithm=SHA1&digits=5&period=30&encoder=steam")
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := u.Code(time.Unix(1511200518, 0)); got != "FR8RV" {
		t.Errorf("from the URI: %q, want FR8RV", got)
	}
}

func TestPeriods(t *testing.T) {
	// The RFC 6238 SHA-1 row at 1111111109 is counter 37037036; any period
	// that gives the same counter must give the same code.
	k := mustKey(t, TOTP, rfcSeeds[SHA1])
	k.Digits = 8
	for _, tt := range []struct {
		period int
		unix   int64
	}{
		{30, 1111111109},
		{1, 37037036},
		{60, 37037036 * 60},
		{MaxPeriod, 37037036 * MaxPeriod},
	} {
		k.Period = tt.period
		if got, err := k.Code(time.Unix(tt.unix, 0)); err != nil || got != "07081804" {
			t.Errorf("period %d at %d: %q, %v", tt.period, tt.unix, got, err)
		}
	}
}

func TestExpires(t *testing.T) {
	k := mustKey(t, TOTP, rfcSeeds[SHA1])
	tests := []struct {
		at      time.Time
		expires int64
		left    int
	}{
		{time.Unix(0, 0), 30, 30},
		{time.Unix(59, 0), 60, 1},
		{time.Unix(60, 0), 90, 30},
		{time.Unix(70, 300_000_000), 90, 20}, // 19.7 s left rounds up
		{time.Unix(89, 999_999_999), 90, 1},
	}
	for _, tt := range tests {
		if got := k.Expires(tt.at); !got.Equal(time.Unix(tt.expires, 0)) {
			t.Errorf("Expires(%v) = %v, want %d", tt.at.Unix(), got.Unix(), tt.expires)
		}
		if got := k.SecondsLeft(tt.at); got != tt.left {
			t.Errorf("SecondsLeft(%v) = %d, want %d", tt.at, got, tt.left)
		}
	}
	// The code changes exactly at Expires.
	at := time.Unix(1111111109, 0)
	c1, _ := k.Code(at)
	c2, _ := k.Code(k.Expires(at).Add(-time.Nanosecond))
	c3, _ := k.Code(k.Expires(at))
	if c1 != c2 || c1 == c3 {
		t.Errorf("codes around expiry: %s %s %s", c1, c2, c3)
	}

	h := mustKey(t, HOTP, rfcSeeds[SHA1])
	if !h.Expires(at).IsZero() || h.SecondsLeft(at) != 0 {
		t.Error("an HOTP code expires")
	}
	if !k.Expires(time.Unix(-1, 0)).IsZero() || k.SecondsLeft(time.Unix(-1, 0)) != 0 {
		t.Error("a code before 1970 expires")
	}
}

func TestCodeErrors(t *testing.T) {
	totp := mustKey(t, TOTP, rfcSeeds[SHA1])
	hotp := mustKey(t, HOTP, rfcSeeds[SHA1])
	if _, err := hotp.Code(time.Now()); !errors.Is(err, ErrCounterBased) {
		t.Errorf("Code on HOTP: %v", err)
	}
	if _, err := totp.Next(); !errors.Is(err, ErrTimeBased) {
		t.Errorf("Next on TOTP: %v", err)
	}
	if _, err := totp.Code(time.Unix(-1, 0)); !errors.Is(err, ErrTimeRange) {
		t.Errorf("Code before 1970: %v", err)
	}
	hotp.Counter = 1<<64 - 1
	if _, err := hotp.Next(); !errors.Is(err, ErrCounterExhausted) || hotp.Counter != 1<<64-1 {
		t.Errorf("Next at the last counter: %v, counter %d", err, hotp.Counter)
	}
	bad := totp
	bad.Digits = 11
	if _, err := bad.Code(time.Now()); !errors.Is(err, ErrInvalid) {
		t.Errorf("11 digits: %v", err)
	}
	var zero Key
	if _, err := zero.Code(time.Now()); !errors.Is(err, ErrInvalid) {
		t.Errorf("zero key: %v", err)
	}
}

func TestValidate(t *testing.T) {
	good := mustKey(t, TOTP, rfcSeeds[SHA1])
	tests := []struct {
		name   string
		change func(*Key)
		want   string
	}{
		{"no type", func(k *Key) { k.Type = 0 }, "type must be"},
		{"no algorithm", func(k *Key) { k.Algorithm = 0 }, "algorithm must be"},
		{"5 digits", func(k *Key) { k.Digits = 5 }, "digits must be 6 to 10"},
		{"11 digits", func(k *Key) { k.Digits = 11 }, "digits must be 6 to 10"},
		{"period 0", func(k *Key) { k.Period = 0 }, "period must be"},
		{"period too long", func(k *Key) { k.Period = MaxPeriod + 1 }, "period must be"},
		{"counter on TOTP", func(k *Key) { k.Counter = 1 }, "no counter"},
		{"period on HOTP", func(k *Key) { k.Type = HOTP }, "no period"},
		{"steam digits", func(k *Key) { k.Type = Steam }, "Steam codes"},
		{"steam algorithm", func(k *Key) { k.Type, k.Digits, k.Algorithm = Steam, 5, SHA256 }, "Steam codes"},
		{"steam period", func(k *Key) { k.Type, k.Digits, k.Period = Steam, 5, 60 }, "Steam codes"},
		{"empty secret", func(k *Key) { k.secret = nil }, "secret is empty"},
		{"long secret", func(k *Key) { k.secret = make([]byte, MaxSecretLen+1) }, "secret is longer"},
		{"issuer colon", func(k *Key) { k.Issuer = "a:b" }, "issuer must not contain ':'"},
		{"account colon", func(k *Key) { k.Account = "a:b" }, "needs an issuer"},
		{"control", func(k *Key) { k.Account = "a\x1b[2Jb" }, "control character"},
		{"bidi override", func(k *Key) { k.Issuer = "a\u202eb" }, "control character"},
		{"C1", func(k *Key) { k.Issuer = "a\u0085b" }, "control character"},
		{"bad UTF-8", func(k *Key) { k.Account = "a\xffb" }, "not valid UTF-8"},
		{"space", func(k *Key) { k.Account = " bob" }, "space"},
		{"long name", func(k *Key) { k.Account = strings.Repeat("a", MaxLabelLen+1) }, "longer than"},
	}
	for _, tt := range tests {
		k := good
		tt.change(&k)
		err := k.Validate()
		if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want %q", tt.name, err, tt.want)
		}
	}
	ok := good
	ok.Issuer, ok.Account = "Café ☕", "bob:smith@example.com"
	if err := ok.Validate(); err != nil {
		t.Errorf("valid names: %v", err)
	}
	if _, err := NewKey(Type(9), []byte("x")); err == nil {
		t.Error("NewKey accepted an unknown type")
	}
}

func TestSecretIsCopied(t *testing.T) {
	in := []byte(rfcSeeds[SHA1])
	k, err := NewKey(TOTP, in)
	if err != nil {
		t.Fatal(err)
	}
	before, _ := k.Code(time.Unix(59, 0))
	in[0] ^= 1
	out := k.Secret()
	out[1] ^= 1
	if after, _ := k.Code(time.Unix(59, 0)); after != before {
		t.Error("the key shares its secret with the caller")
	}
}

// mustKey returns a key of the type with a raw (not base32) secret.
func mustKey(t testing.TB, typ Type, secret string) Key {
	t.Helper()
	k, err := NewKey(typ, []byte(secret))
	if err != nil {
		t.Fatal(err)
	}
	return k
}
