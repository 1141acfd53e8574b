package otp

import (
	"crypto/hmac"
	"encoding/binary"
	"math"
	"time"
)

// steamAlphabet is the 26 characters of Steam Guard codes: digits and upper
// case letters without those easily confused (0, 1, A, E, I, L, O, S, U, Z).
// The same alphabet is in KeePassXC's src/totp/totp.cpp and Aegis.
const steamAlphabet = "23456789BCDFGHJKMNPQRTVWXY"

// pow10 holds 10^n for the decimal code lengths.
var pow10 = [MaxDigits + 1]uint64{1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10}

// Code returns the code of a TOTP or Steam key for the time step holding
// at. For an HOTP key it returns [ErrCounterBased]; use [Key.Next].
func (k Key) Code(at time.Time) (string, error) {
	if err := k.checkParams(); err != nil {
		return "", err
	}
	if !k.Type.TimeBased() {
		return "", ErrCounterBased
	}
	step, err := k.step(at)
	if err != nil {
		return "", err
	}
	return k.code(step), nil
}

// Next returns the code for the key's counter and increments the counter.
// The caller must save the key (its new counter) durably before it shows
// the code, so that no code is ever issued twice. Next returns
// [ErrTimeBased] for TOTP and Steam keys.
func (k *Key) Next() (string, error) {
	if err := k.checkParams(); err != nil {
		return "", err
	}
	if k.Type != HOTP {
		return "", ErrTimeBased
	}
	if k.Counter == math.MaxUint64 {
		return "", ErrCounterExhausted
	}
	c := k.code(k.Counter)
	k.Counter++
	return c, nil
}

// Expires returns when the code for at stops being current: the end of its
// time step. It returns the zero Time for HOTP keys, whose codes do not
// expire, and for moments before 1970.
func (k Key) Expires(at time.Time) time.Time {
	if !k.Type.TimeBased() || k.Period < 1 || at.Unix() < 0 {
		return time.Time{}
	}
	p := int64(k.Period)
	start := at.Unix() - at.Unix()%p
	if start > math.MaxInt64-p {
		return time.Unix(math.MaxInt64, 0)
	}
	return time.Unix(start+p, 0)
}

// SecondsLeft returns the whole seconds until the code for at expires,
// rounded up: from Period (at the start of a step) down to 1. It is the
// "expires_in" of a JSON answer and the number beside a countdown. It
// returns 0 for HOTP keys and moments before 1970.
func (k Key) SecondsLeft(at time.Time) int {
	if !k.Type.TimeBased() || k.Period < 1 || at.Unix() < 0 {
		return 0
	}
	return k.Period - int(at.Unix()%int64(k.Period))
}

// step returns RFC 6238's T: whole periods since the Unix epoch.
func (k Key) step(at time.Time) (uint64, error) {
	sec := at.Unix()
	if sec < 0 {
		return 0, ErrTimeRange
	}
	return uint64(sec) / uint64(k.Period), nil
}

// code computes the code for a counter (RFC 4226 §5.3; RFC 6238 §4 with
// the counter T). The key must have passed checkParams.
func (k Key) code(counter uint64) string {
	mac := hmac.New(k.Algorithm.hash(), k.secret)
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], counter)
	mac.Write(msg[:])
	var buf [sha512Size]byte
	sum := mac.Sum(buf[:0])
	// Dynamic truncation: 31 bits at the offset the last nibble gives.
	off := sum[len(sum)-1] & 0x0f
	v := uint64(binary.BigEndian.Uint32(sum[off:]) & 0x7fffffff)

	out := make([]byte, k.Digits)
	if k.Type == Steam {
		// Steam writes the value in base 26, least significant first.
		for i := range out {
			out[i] = steamAlphabet[v%uint64(len(steamAlphabet))]
			v /= uint64(len(steamAlphabet))
		}
		return string(out)
	}
	v %= pow10[k.Digits]
	for i := len(out) - 1; i >= 0; i-- {
		out[i] = byte('0' + v%10)
		v /= 10
	}
	return string(out)
}

// sha512Size is the longest HMAC output: SHA-512's 64 bytes.
const sha512Size = 64
