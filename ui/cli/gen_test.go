package cli

import (
	"encoding/json"
	"io"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/passtea/passtea/generator"
)

// genExec runs passtea with args, stdin piped (not a terminal), and returns
// the exit status and outputs.
func genExec(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	r := runCLI(t, cliEnv{stdin: stdin}, args...)
	return r.code, r.stdout, r.stderr
}

func lines(s string) []string { return strings.Split(strings.TrimSuffix(s, "\n"), "\n") }

func TestGenDefault(t *testing.T) {
	code, out, errOut := genExec(t, "", "gen")
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	ls := lines(out)
	if len(ls) != 1 || len(ls[0]) != 20 {
		t.Fatalf("output %q", out)
	}
	var seen [5]bool
	for _, r := range ls[0] {
		seen[generator.ClassOf(r)] = true
	}
	if !seen[generator.ClassLower] || !seen[generator.ClassUpper] || !seen[generator.ClassDigit] || !seen[generator.ClassSymbol] {
		t.Errorf("%q lacks a class", ls[0])
	}
}

func TestGenCount(t *testing.T) {
	code, out, _ := genExec(t, "", "gen", "--count", "1000", "--length", "12", "--no-symbols")
	ls := lines(out)
	if code != 0 || len(ls) != 1000 {
		t.Fatalf("exit %d, %d lines", code, len(ls))
	}
	seen := map[string]bool{}
	for _, l := range ls {
		if len(l) != 12 || strings.ContainsAny(l, generator.SymbolChars) || seen[l] {
			t.Fatalf("bad or repeated line %q", l)
		}
		seen[l] = true
	}
}

type genJSONLine struct {
	Password    string  `json:"password"`
	EntropyBits float64 `json:"entropy_bits"`
	Length      int     `json:"length"`
}

func TestGenJSON(t *testing.T) {
	for _, c := range []struct {
		args   []string
		bits   float64
		length int
	}{
		{[]string{"gen", "--json", "--count", "3"}, 130.9, 20},
		{[]string{"gen", "--json", "--no-require-each"}, 131.1, 20},
		{[]string{"gen", "--json", "--pin", "6"}, 19.9, 6},
		{[]string{"gen", "--json", "--words", "6"}, 77.5, -1},
		{[]string{"gen", "--json", "--charset", `"\`, "--length", "8"}, 8, 8},
		{[]string{"gen", "--json", "--charset", "äöü€", "--length", "5"}, 10, 5},
	} {
		code, out, errOut := genExec(t, "", c.args...)
		if code != 0 {
			t.Fatalf("%q: exit %d: %s", c.args, code, errOut)
		}
		for _, l := range lines(out) {
			if !strings.HasPrefix(l, `{"password": "`) || !strings.Contains(l, `", "entropy_bits": `) {
				t.Errorf("%q: line %s", c.args, l)
			}
			var v genJSONLine
			if err := json.Unmarshal([]byte(l), &v); err != nil {
				t.Fatalf("%q: %v in %s", c.args, err, l)
			}
			if v.EntropyBits != c.bits || v.Length != utf8.RuneCountInString(v.Password) || (c.length >= 0 && v.Length != c.length) {
				t.Errorf("%q: %+v", c.args, v)
			}
		}
	}
}

func TestGenModes(t *testing.T) {
	_, out, _ := genExec(t, "", "gen", "--words", "6")
	if w := strings.Split(strings.TrimSpace(out), "-"); len(w) < 6 { // a word may hold a hyphen
		t.Errorf("--words 6: %q", out)
	}
	_, out, _ = genExec(t, "", "gen", "--words", "4", "--separator", "", "--capitalize", "--with-number")
	caps, digits := 0, 0
	for _, r := range strings.TrimSpace(out) {
		switch generator.ClassOf(r) {
		case generator.ClassUpper:
			caps++
		case generator.ClassDigit:
			digits++
		}
	}
	if caps != 4 || digits != 1 {
		t.Errorf("capitalized with number: %q", out)
	}
	_, out, _ = genExec(t, "", "gen", "--pin", "8")
	if pin := strings.TrimSpace(out); len(pin) != 8 || strings.Trim(pin, generator.DigitChars) != "" {
		t.Errorf("--pin 8: %q", out)
	}
	_, out, _ = genExec(t, "", "gen", "--no-ambiguous", "--count", "200")
	if strings.ContainsAny(out, generator.AmbiguousChars) {
		t.Errorf("--no-ambiguous printed a look-alike")
	}
	_, out, _ = genExec(t, "", "gen", "--exclude", "aeiou", "--count", "200")
	if strings.ContainsAny(out, "aeiou") {
		t.Errorf("--exclude ignored")
	}
}

// Impossible or contradictory requests exit 2 with one line that says why.
func TestGenUsageErrors(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--length", "0"}, "length 0 is out of range: use 1 to 4096"},
		{[]string{"--length", "4097"}, "length 4097 is out of range"},
		{[]string{"--length", "3"}, "4 character classes are required but the length is only 3 (see --no-require-each)"},
		{[]string{"--no-lower", "--no-upper", "--no-digits", "--no-symbols"}, "no character class is enabled"},
		{[]string{"--charset", "abc", "--exclude", "abc"}, "every character is excluded"},
		{[]string{"--exclude", "0123456789"}, "every digit is excluded, so one cannot be required (see --no-require-each)"},
		{[]string{"--charset", "ab\x07"}, "not printable"},
		{[]string{"--charset", "abc", "--no-digits"}, "--charset replaces the character classes: drop --no-digits"},
		{[]string{"--pin", "4", "--words", "3"}, "--pin and --words don't mix"},
		{[]string{"--pin", "4", "--length", "8"}, "--length does not apply to --pin"},
		{[]string{"--pin", "4", "--capitalize"}, "--capitalize does not apply to --pin"},
		{[]string{"--words", "3", "--exclude", "x"}, "--exclude does not apply to --words"},
		{[]string{"--separator", "_"}, "--separator needs --words"},
		{[]string{"--with-number"}, "--with-number needs --words"},
		{[]string{"--words", "0"}, "0 words is out of range"},
		{[]string{"--words", "129"}, "129 words is out of range"},
		{[]string{"--words", "3", "--with-number", "--separator", "1"}, "may not contain digits"},
		{[]string{"--pin", "0"}, "PIN length 0"},
		{[]string{"--pin", "5000"}, "PIN length 5000"},
		{[]string{"--count", "0"}, "--count must be at least 1"},
		{[]string{"--copy", "--count", "2"}, "--copy takes a single password"},
		{[]string{"--copy", "--json"}, "--copy and --json don't mix"},
		{[]string{"--clear-after", "5s"}, "--clear-after needs --copy"},
		{[]string{"--copy", "--clear-after", "-1s"}, "--clear-after must not be negative"},
		{[]string{"--length", "twenty"}, "--length wants a whole number (see passtea gen --help)"},
		{[]string{"extra"}, "wrong number of arguments (1 given); usage: passtea gen [flags]"},
	} {
		code, out, errOut := genExec(t, "", append([]string{"gen"}, c.args...)...)
		if code != 2 || out != "" || !strings.HasPrefix(errOut, "passtea: ") || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, c.want) {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want exit 2 with %q", c.args, code, out, errOut, c.want)
		}
	}
}

// --copy prints nothing on stdout: the password goes to the clipboard only.
func TestGenCopyPrintsNoSecret(t *testing.T) {
	cp, mem := testCopier(t)
	r := runCLI(t, cliEnv{copier: cp}, "gen", "--copy")
	wantCode(t, r, 0)
	pw, _ := mem.Read()
	if r.stdout != "" || len(pw) != 20 || strings.Contains(r.stderr, pw) {
		t.Fatalf("stdout %q, stderr %q, clipboard %q", r.stdout, r.stderr, pw)
	}
	if r.stderr != "copied to the system clipboard; clears in 20 s\n" {
		t.Errorf("stderr %q", r.stderr)
	}
}

// The flags bind to any command, as passtea add NAME --generate uses them.
func TestGenFlagsReusable(t *testing.T) {
	for _, c := range []struct {
		args []string
		want func(*generator.Options)
	}{
		{nil, func(*generator.Options) {}},
		{[]string{"--length", "32", "--no-symbols", "--no-require-each"}, func(o *generator.Options) {
			o.Length, o.Symbols, o.RequireEach = 32, false, false
		}},
		{[]string{"--charset", "abc", "--exclude", "c", "--no-ambiguous"}, func(o *generator.Options) {
			o.Charset, o.Exclude, o.NoAmbiguous = "abc", "c", true
		}},
		{[]string{"--words", "5", "--separator", " ", "--capitalize", "--with-number"}, func(o *generator.Options) {
			o.Mode, o.Words, o.Separator, o.Capitalize, o.WithNumber = generator.Passphrase, 5, " ", true, true
		}},
		{[]string{"--pin", "6"}, func(o *generator.Options) { o.Mode, o.Length = generator.PIN, 6 }},
	} {
		var gf genFlags
		cmd := &cobra.Command{Use: "add", RunE: func(*cobra.Command, []string) error { return nil }}
		gf.bind(cmd.Flags())
		if err := cmd.ParseFlags(c.args); err != nil {
			t.Fatal(err)
		}
		got, err := gf.options(cmd)
		want := generator.DefaultOptions()
		c.want(&want)
		if err != nil || got != want {
			t.Errorf("%q: %+v, %v; want %+v", c.args, got, err, want)
		}
	}
}

func TestAppendJSONString(t *testing.T) {
	var all []byte
	for c := byte(0); c < 0x80; c++ {
		all = append(all, c)
	}
	for _, s := range []string{string(all), "äöü€😀", `"\`, ""} {
		var back string
		enc := appendJSONString(nil, []byte(s))
		if err := json.Unmarshal(enc, &back); err != nil || back != s {
			t.Errorf("%q: encoded %s, decoded %q, %v", s, enc, back, err)
		}
	}
}

// BenchmarkGenCommand runs passtea gen --count 100000 in process, output
// discarded: the cost of the command without process start-up.
func BenchmarkGenCommand(b *testing.B) {
	e := &env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard, getenv: func(string) string { return "" }, stdinIsTerminal: func() bool { return false }}
	for b.Loop() {
		if code := run(e, []string{"gen", "--count", "100000"}); code != 0 {
			b.Fatal(code)
		}
	}
	b.ReportMetric(float64(b.N)*100000/b.Elapsed().Seconds(), "passwords/s")
}

// BenchmarkGenOne runs passtea gen in process: what a `passtea gen` does
// after the packages are initialised (commands built, flags parsed, one
// password made and written).
func BenchmarkGenOne(b *testing.B) {
	e := &env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard, getenv: func(string) string { return "" }, stdinIsTerminal: func() bool { return false }}
	b.ReportAllocs()
	for b.Loop() {
		if code := run(e, []string{"gen"}); code != 0 {
			b.Fatal(code)
		}
	}
}
