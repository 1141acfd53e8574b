package cli

import (
	"bytes"
	"strings"
	"testing"
)

// maskAll masks in in one write.
func maskAll(secrets []string, in string) string {
	var out bytes.Buffer
	m := newMasker(&out, secrets)
	m.Write([]byte(in))
	m.Flush()
	return out.String()
}

func TestMasker(t *testing.T) {
	const M = maskText
	for _, tc := range []struct {
		secrets []string
		in      string
		want    string
	}{
		{[]string{"s3cret"}, "token=s3cret\n", "token=" + M + "\n"},
		{[]string{"s3cret"}, "s3crets3cret", M + M},
		{[]string{"s3cret"}, "s3cre", "s3cre"},
		{[]string{"abc"}, "abc", "abc"}, // shorter than minMasked
		{[]string{"abcd", "abcdef"}, "xabcdefx abcdx", "x" + M + "x " + M + "x"},
		{[]string{"bcde", "abcdX"}, "abcde", "a" + M},
		{[]string{"line1\nline2"}, "<line1\nline2>", "<" + M + ">"},
		{[]string{"pässwört"}, "[pässwört]", "[" + M + "]"},
		{nil, "nothing to mask", "nothing to mask"},
		{[]string{""}, "empty secrets are ignored", "empty secrets are ignored"},
	} {
		if got := maskAll(tc.secrets, tc.in); got != tc.want {
			t.Errorf("%q in %q: %q, want %q", tc.secrets, tc.in, got, tc.want)
		}
	}
}

// TestMaskerHoldsBackOnlyWhatCouldBeASecret: text goes out at once,
// except a tail that could begin a secret, which waits for the next write.
func TestMaskerHoldsBackOnlyWhatCouldBeASecret(t *testing.T) {
	var out bytes.Buffer
	m := newMasker(&out, []string{"hunter2-x"})
	m.Write([]byte("Password: hunt"))
	if out.String() != "Password: " {
		t.Fatalf("after a write that ends in a secret's start: %q", out.String())
	}
	m.Write([]byte("ing season\n"))
	if out.String() != "Password: hunting season\n" {
		t.Fatalf("after the rest: %q", out.String())
	}
	m.Write([]byte("hunter2"))
	m.Write([]byte("-x!"))
	m.Write([]byte("hun"))
	m.Flush()
	if want := "Password: hunting season\n" + maskText + "!hun"; out.String() != want {
		t.Fatalf("%q, want %q", out.String(), want)
	}
}

// FuzzMasker: however the output is cut into writes, the masked result
// is the same as in one write, and no secret is left in it when the mask
// itself cannot make one.
func FuzzMasker(f *testing.F) {
	f.Add("token=s3cret-1 and s3cret-1s3cret-1", "s3cret-1", "cret-1s3", []byte{3, 1, 7})
	f.Add("aaaaaaaaab", "aaab", "aab", []byte{1, 1, 1, 1})
	f.Fuzz(func(t *testing.T, in, s1, s2 string, cuts []byte) {
		secrets := []string{s1, s2}
		whole := maskAll(secrets, in)
		var out bytes.Buffer
		m := newMasker(&out, secrets)
		rest := in
		for _, c := range cuts {
			n := min(int(c), len(rest))
			m.Write([]byte(rest[:n]))
			rest = rest[n:]
		}
		m.Write([]byte(rest))
		m.Flush()
		if out.String() != whole {
			t.Fatalf("cut %v: %q, in one write %q", cuts, out.String(), whole)
		}
		for _, s := range secrets {
			if len(s) >= minMasked && !strings.Contains(maskText, s) && !strings.ContainsAny(s, "<>") && strings.Contains(whole, s) {
				// The secret can still appear across a mask and its
				// neighbours only if it shares characters with the mask.
				if !overlapsMask(s) {
					t.Fatalf("%q left in %q", s, whole)
				}
			}
		}
	})
}

// overlapsMask reports whether s could be spelled partly by the mask.
func overlapsMask(s string) bool {
	for i := 1; i < len(s); i++ {
		if strings.HasSuffix(maskText, s[:i]) || strings.HasPrefix(maskText, s[i:]) {
			return true
		}
	}
	return false
}
