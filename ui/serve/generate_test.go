package serve

import (
	"math"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/passtea/passtea/generator"
)

// classesOf returns which of the API's classes s holds, as a string of
// l, u, d, s.
func classesOf(s string) string {
	var out string
	for _, c := range []struct {
		set, tag string
	}{{generator.LowerChars, "l"}, {generator.UpperChars, "u"}, {generator.DigitChars, "d"}, {SpecialChars, "s"}} {
		if strings.ContainsAny(s, c.set) {
			out += c.tag
		}
	}
	return out
}

func allIn(s, set string) bool {
	for _, r := range s {
		if !strings.ContainsRune(set, r) {
			return false
		}
	}
	return true
}

// The well-known defaults: 16 characters of a-z, A-Z, 0-9, no specials,
// every class present, and the exact entropy of that.
func TestGenerateDefaults(t *testing.T) {
	ts := newTestServer(t, setup{})
	o := generator.DefaultOptions()
	o.Length, o.Symbols = 16, false
	want, _ := generator.Entropy(o)
	for range 200 {
		r := ts.get(t, "/api/generate")
		if r.status != 200 {
			t.Fatalf("status %d: %s", r.status, r.raw)
		}
		pw, _ := r.json["password"].(string)
		if len(pw) != 16 || !allIn(pw, generator.LowerChars+generator.UpperChars+generator.DigitChars) || classesOf(pw) != "lud" {
			t.Fatalf("default password %q: want 16 characters of a-z, A-Z, 0-9 with each", pw)
		}
		if r.json["length"] != 16.0 || math.Abs(r.json["entropy_bits"].(float64)-want) > 0.005 {
			t.Fatalf("length %v, entropy_bits %v, want 16 and %.2f", r.json["length"], r.json["entropy_bits"], want)
		}
		if len(r.json) != 3 {
			t.Fatalf("unexpected fields: %s", r.raw)
		}
	}
}

func TestGenerateParameters(t *testing.T) {
	ts := newTestServer(t, setup{})
	for _, tc := range []struct {
		query string
		check func(pw string) bool
		what  string
	}{
		{"length=4", func(pw string) bool { return len(pw) == 4 && classesOf(pw) == "lud" }, "4 characters, each class"},
		{"length=128", func(pw string) bool { return len(pw) == 128 }, "128 characters"},
		{"lowercase=false", func(pw string) bool { return classesOf(pw) == "ud" }, "no lowercase"},
		{"uppercase=false", func(pw string) bool { return classesOf(pw) == "ld" }, "no uppercase"},
		{"digits=false", func(pw string) bool { return classesOf(pw) == "lu" }, "no digits"},
		{"special=true", func(pw string) bool { return classesOf(pw) == "luds" }, "specials too"},
		{"special=true&lowercase=false&uppercase=false&digits=false&length=64", func(pw string) bool { return allIn(pw, SpecialChars) }, "only the special set"},
		{"special=TRUE&digits=0&uppercase=no&lowercase=off", func(pw string) bool { return allIn(pw, SpecialChars) }, "other spellings of booleans"},
		{"exclude=abcdefghijklmnopqrstuvwxy&length=40", func(pw string) bool {
			return !strings.ContainsAny(pw, "abcdefghijklmnopqrstuvwxy") && strings.Contains(pw, "z")
		}, "only z of the lowercase"},
		{"exclude=" + url.QueryEscape("!@#$%^&*()_+-=[]{}|;:,.<>") + "&special=true&lowercase=false&uppercase=false&digits=false", func(pw string) bool { return pw == strings.Repeat("?", 16) }, "exclusions spliced nowhere: only ? left"},
		{"lowercase=false&uppercase=false&special=false&length=8", func(pw string) bool { return allIn(pw, generator.DigitChars) && len(pw) == 8 }, "digits only"},
		{"require_each=false&length=4", func(pw string) bool { return len(pw) == 4 }, "4 characters, classes not required"},
		{"words=3", func(pw string) bool { return strings.Count(pw, "-") >= 2 && strings.ToLower(pw) == pw }, "3 words joined by -"},
		{"words=4&separator=.&capitalize=true", func(pw string) bool {
			w := strings.Split(pw, ".")
			return len(w) == 4 && w[0][0] >= 'A' && w[0][0] <= 'Z'
		}, "4 capitalized words joined by ."},
		{"words=3&separator=", func(pw string) bool { return !strings.ContainsAny(pw, " .") && strings.ToLower(pw) == pw }, "3 words, no separator"},
		{"pin=6", func(pw string) bool { return len(pw) == 6 && allIn(pw, generator.DigitChars) }, "6 digits"},
	} {
		t.Run(tc.query, func(t *testing.T) {
			for range 30 {
				r := ts.get(t, "/api/generate?"+tc.query)
				if r.status != 200 {
					t.Fatalf("status %d: %s", r.status, r.raw)
				}
				pw := r.json["password"].(string)
				if !tc.check(pw) {
					t.Fatalf("%q: want %s", pw, tc.what)
				}
			}
		})
	}
}

// The answer's length/words and entropy match the generator's for the same
// options.
func TestGenerateShapes(t *testing.T) {
	ts := newTestServer(t, setup{})
	r := ts.get(t, "/api/generate?words=5")
	want, _ := generator.Entropy(generator.Options{Mode: generator.Passphrase, Words: 5})
	if r.json["words"] != 5.0 || r.json["length"] != nil || math.Abs(r.json["entropy_bits"].(float64)-want) > 0.005 {
		t.Errorf("words=5: %s, want words 5, no length, entropy %.2f", r.raw, want)
	}
	r = ts.get(t, "/api/generate?pin=8")
	if r.json["length"] != 8.0 || r.json["entropy_bits"] != 26.58 {
		t.Errorf("pin=8: %s, want length 8, entropy 26.58", r.raw)
	}
	r = ts.get(t, "/api/generate?count=100&length=20")
	list := strs(t, r.json["passwords"])
	if len(list) != 100 || r.json["password"] != nil || r.json["length"] != 20.0 {
		t.Fatalf("count=100: %d passwords, %s", len(list), r.raw)
	}
	seen := map[string]bool{}
	for _, pw := range list {
		if len(pw) != 20 || seen[pw] {
			t.Fatalf("count=100: %q repeated or not 20 characters", pw)
		}
		seen[pw] = true
	}
	r = ts.get(t, "/api/generate?count=1")
	if len(strs(t, r.json["passwords"])) != 1 {
		t.Errorf("count=1: %s, want a list of one", r.raw)
	}
	r = ts.get(t, "/api/generate?count=3&words=3&separator=%22%5C")
	for _, pw := range strs(t, r.json["passwords"]) {
		if strings.Count(pw, `"\`) != 2 {
			t.Errorf("separator \"\\ lost in JSON: %q", pw)
		}
	}
}

func TestGenerateErrors(t *testing.T) {
	ts := newTestServer(t, setup{})
	for _, tc := range []struct{ query, want string }{
		{"length=3", "length must be a whole number from 4 to 128"},
		{"length=129", "length must be a whole number from 4 to 128"},
		{"length=-1", "from 4 to 128"},
		{"length=abc", "from 4 to 128"},
		{"length=", "from 4 to 128"},
		{"length=16.5", "from 4 to 128"},
		{"length=99999999999999999999", "from 4 to 128"},
		{"count=0", "count must be a whole number from 1 to 100"},
		{"count=101", "count must be a whole number from 1 to 100"},
		{"words=2", "words must be a whole number from 3 to 32"},
		{"words=33", "from 3 to 32"},
		{"pin=3", "pin must be a whole number from 4 to 32"},
		{"pin=33", "from 4 to 32"},
		{"special=maybe", "special must be true or false"},
		{"lowercase=", "lowercase must be true or false"},
		{"require_each=2", "require_each must be true or false"},
		{"capitalize=x&words=3", "capitalize must be true or false"},
		{"lowercase=false&uppercase=false&digits=false", "no character class is enabled"},
		{"exclude=" + generator.LowerChars + generator.UpperChars + generator.DigitChars, "every character is excluded"},
		{"exclude=0123456789", "every digit is excluded, so one cannot be required"},
		{"exclude=" + url.QueryEscape(SpecialChars) + "&special=true", "every symbol is excluded"},
		{"exclude=" + strings.Repeat("x", 257), "exclude is longer than 256 characters"},
		{"exclude=%FF", "not valid UTF-8"},
		{"pin=4&words=3", "pin and words don't mix"},
		{"pin=4&length=8", "length does not apply to a PIN"},
		{"pin=4&separator=-", "separator does not apply to a PIN"},
		{"words=3&special=true", "special does not apply to a passphrase"},
		{"words=3&exclude=a", "exclude does not apply to a passphrase"},
		{"separator=-", "separator applies only to passphrases: add words"},
		{"capitalize=true", "capitalize applies only to passphrases"},
		{"words=3&separator=" + strings.Repeat("-", 17), "separator is longer than 16 characters"},
		{"words=3&separator=%0A", "not printable"},
		{"lenght=20", `unknown parameter "lenght"`},
		{"password=x", `unknown parameter "password"`},
		{"length=8&length=9", "length is given more than once"},
		{"zz=1&yy=2&length=8&length=9", "length is given more than once"},
		{"zz=1&yy=2&xx=3", `unknown parameter "xx"`},
		{"length=8;special=true", "the query string is malformed"},
		{"length=%zz", "the query string is malformed"},
	} {
		t.Run(tc.query, func(t *testing.T) {
			wantError(t, ts.get(t, "/api/generate?"+tc.query), 400, tc.want)
		})
	}
}

// A parsed request always makes options the generator accepts, and the
// audit entry gets exactly the known parameters.
func TestParseGenerateAudit(t *testing.T) {
	var e auditEntry
	req, err := parseGenerate("length=20&special=true&exclude=%22", &e)
	if err != nil {
		t.Fatal(err)
	}
	if req.opts.Length != 20 || !req.opts.Symbols || !strings.Contains(req.opts.Exclude, `"`) || req.many {
		t.Errorf("options %+v", req.opts)
	}
	if len(e.params) != 3 || e.params[0] != (param{"length", "20"}) {
		t.Errorf("audit params %v", e.params)
	}
	for _, r := range generator.SymbolChars {
		if strings.ContainsRune(SpecialChars, r) == strings.ContainsRune(notSpecial, r) {
			t.Errorf("%q is in both or neither of the special set and the excluded symbols", r)
		}
	}
	if utf8.RuneCountInString(SpecialChars) != 26 {
		t.Errorf("the special set has %d characters, want the well-known 26", utf8.RuneCountInString(SpecialChars))
	}
}
