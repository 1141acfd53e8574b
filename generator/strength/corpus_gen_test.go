package strength

// This file writes testdata/corpus.jsonl, the passwords the comparison
// test rates: go test ./generator/strength -run TestWriteCorpus -write-corpus
// (then testdata/zxcvbn442.mjs adds zxcvbn 4.4.2's own results). The seed is
// fixed: the same code writes the same file.

import (
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/trustelem/zxcvbn/frequency"
)

var writeCorpus = flag.Bool("write-corpus", false, "rewrite testdata/corpus.jsonl")

// corpusEntry is one line of testdata/corpus.jsonl.
type corpusEntry struct {
	Password string   `json:"pw"`
	Kind     string   `json:"kind"`
	User     []string `json:"user,omitempty"`
	// JS is zxcvbn 4.4.2's result (the npm package, under Node), added by
	// testdata/zxcvbn442.mjs.
	JS *struct {
		Guesses     float64  `json:"guesses"`
		Score       int      `json:"score"`
		Year        int      `json:"year"`
		Warning     string   `json:"warning"`
		Suggestions []string `json:"suggestions"`
	} `json:"js,omitempty"`
}

func TestWriteCorpus(t *testing.T) {
	if !*writeCorpus {
		t.Skip("run with -write-corpus to rewrite testdata/corpus.jsonl")
	}
	g := corpusGen{r: rand.New(rand.NewPCG(14, 4420))}
	var out []corpusEntry
	add := func(kind string, n int, f func() string) {
		seen := map[string]bool{}
		for tries := 0; len(seen) < n && tries < 20*n; tries++ {
			pw := f()
			if pw == "" || seen[pw] {
				continue
			}
			seen[pw] = true
			out = append(out, corpusEntry{Password: pw, Kind: kind})
		}
	}
	add("common", 1500, g.common)
	add("leaked", 2500, g.leaked)
	add("random", 1500, g.random)
	add("passphrase", 1300, g.passphrase)
	add("keyboard", 1000, g.keyboard)
	add("date", 1000, g.date)
	add("l33t", 1000, g.l33t)
	add("repeat-sequence", 800, g.repeatSequence)
	add("non-ascii", 700, g.nonASCII)
	for range 300 {
		pw, user := g.withUser()
		out = append(out, corpusEntry{Password: pw, Kind: "user-inputs", User: user})
	}
	f, err := os.Create("testdata/corpus.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	enc := json.NewEncoder(f)
	enc.SetEscapeHTML(false)
	for _, e := range out {
		if err := enc.Encode(e); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d passwords", len(out))
}

type corpusGen struct{ r *rand.Rand }

func (g corpusGen) pick(list []string) string { return list[g.r.IntN(len(list))] }

// word is a word of a list, its rank biased towards the common end.
func (g corpusGen) word(list string) string {
	l := frequency.FrequencyLists[list]
	n := len(l)
	switch g.r.IntN(3) {
	case 0:
		n = min(n, 500)
	case 1:
		n = min(n, 5000)
	}
	return l[g.r.IntN(n)]
}

func (g corpusGen) anyList() string {
	return g.pick([]string{"passwords", "passwords", "english_wikipedia", "female_names", "male_names", "surnames", "us_tv_and_film"})
}

func (g corpusGen) common() string { return g.word("passwords") }

func (g corpusGen) capitalise(w string) string {
	switch g.r.IntN(6) {
	case 0:
		return strings.ToUpper(w[:1]) + w[1:]
	case 1:
		return strings.ToUpper(w)
	case 2:
		b := []byte(w)
		for i := range b {
			if g.r.IntN(3) == 0 && b[i] >= 'a' && b[i] <= 'z' {
				b[i] -= 32
			}
		}
		return string(b)
	}
	return w
}

func (g corpusGen) suffix() string {
	switch g.r.IntN(9) {
	case 0:
		return fmt.Sprint(g.r.IntN(10))
	case 1:
		return fmt.Sprint(g.r.IntN(100))
	case 2:
		return fmt.Sprint(1950 + g.r.IntN(76))
	case 3:
		return g.pick([]string{"!", "!!", "?", ".", "@", "#", "$", "*", "123", "1!", "12", "69", "007"})
	case 4:
		return fmt.Sprint(g.r.IntN(10000))
	case 5:
		return fmt.Sprint(g.r.IntN(10)) + g.pick([]string{"!", "#", "$"})
	}
	return ""
}

func (g corpusGen) leaked() string {
	w := g.capitalise(g.word(g.anyList()))
	switch g.r.IntN(5) {
	case 0:
		w = g.suffix() + w
	case 1:
		w += g.capitalise(g.word(g.anyList()))
	case 2:
		w += g.pick([]string{"_", ".", "-", ""}) + g.word(g.anyList())
	}
	return w + g.suffix()
}

const (
	lowerChars  = "abcdefghijklmnopqrstuvwxyz"
	upperChars  = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	digitChars  = "0123456789"
	symbolChars = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~ "
)

func (g corpusGen) random() string {
	sets := []string{lowerChars, lowerChars + digitChars, lowerChars + upperChars + digitChars,
		lowerChars + upperChars + digitChars + symbolChars, digitChars, "0123456789abcdef"}
	set := g.pick(sets)
	n := 4 + g.r.IntN(21)
	b := make([]byte, n)
	for i := range b {
		b[i] = set[g.r.IntN(len(set))]
	}
	return string(b)
}

func (g corpusGen) passphrase() string {
	n := 2 + g.r.IntN(5)
	sep := g.pick([]string{" ", "-", "", ".", "_", " "})
	ws := make([]string, n)
	for i := range ws {
		ws[i] = g.word(g.pick([]string{"english_wikipedia", "us_tv_and_film", "english_wikipedia"}))
		if g.r.IntN(4) == 0 {
			ws[i] = g.capitalise(ws[i])
		}
	}
	pw := strings.Join(ws, sep)
	if g.r.IntN(3) == 0 {
		pw += g.suffix()
	}
	return pw
}

// keyboard walks a layout drawn as rows of characters, turning now and
// then, sometimes shifted, sometimes with a suffix.
func (g corpusGen) keyboard() string {
	layouts := [][]string{
		{"`1234567890-=", "qwertyuiop[]\\", "asdfghjkl;'", "zxcvbnm,./"},
		{"~!@#$%^&*()_+", "QWERTYUIOP{}|", "ASDFGHJKL:\"", "ZXCVBNM<>?"},
		{"`1234567890[]", "',.pyfgcrl/=\\", "aoeuidhtns-", ";qjkxbmwvz"},
		{"789", "456", "123"},
	}
	rows := layouts[g.r.IntN(len(layouts))]
	y, x := g.r.IntN(len(rows)), 0
	x = g.r.IntN(len(rows[y]))
	dirs := [][2]int{{1, 0}, {-1, 0}, {0, 1}, {0, -1}, {1, 1}, {-1, -1}}
	d := g.pick2(dirs)
	n := 3 + g.r.IntN(12)
	var b []byte
	for len(b) < n {
		b = append(b, rows[y][x])
		if g.r.IntN(4) == 0 {
			d = g.pick2(dirs)
		}
		for tries := 0; tries < 10; tries++ {
			ny, nx := y+d[1], x+d[0]
			if ny >= 0 && ny < len(rows) && nx >= 0 && nx < len(rows[ny]) {
				y, x = ny, nx
				break
			}
			d = g.pick2(dirs)
		}
	}
	pw := string(b)
	if g.r.IntN(4) == 0 {
		pw += g.suffix()
	}
	return pw
}

func (g corpusGen) pick2(l [][2]int) [2]int { return l[g.r.IntN(len(l))] }

func (g corpusGen) date() string {
	y := 1940 + g.r.IntN(90)
	m, d := 1+g.r.IntN(12), 1+g.r.IntN(28)
	sep := g.pick([]string{"", "", "/", "-", ".", "_", " ", "\\"})
	yy := fmt.Sprintf("%02d", y%100)
	yyyy := fmt.Sprint(y)
	pad := func(n int) string {
		if g.r.IntN(2) == 0 {
			return fmt.Sprintf("%02d", n)
		}
		return fmt.Sprint(n)
	}
	year := g.pick([]string{yy, yyyy})
	var s string
	switch g.r.IntN(4) {
	case 0:
		s = pad(d) + sep + pad(m) + sep + year
	case 1:
		s = pad(m) + sep + pad(d) + sep + year
	case 2:
		s = year + sep + pad(m) + sep + pad(d)
	default:
		s = yyyy
	}
	switch g.r.IntN(4) {
	case 0:
		s = g.capitalise(g.word(g.anyList())) + s
	case 1:
		s += g.suffix()
	}
	return s
}

func (g corpusGen) l33t() string {
	table := map[byte]string{'a': "4@", 'b': "8", 'c': "({[<", 'e': "3", 'g': "69", 'i': "1!|",
		'l': "1|7", 'o': "0", 's': "$5", 't': "+7", 'x': "%", 'z': "2"}
	w := []byte(g.word(g.anyList()))
	if g.r.IntN(3) == 0 {
		w = append(w, g.word(g.anyList())...)
	}
	for i, c := range w {
		if subs, ok := table[c]; ok && g.r.IntN(3) > 0 {
			w[i] = subs[g.r.IntN(len(subs))]
		}
	}
	return g.capitalise(string(w)) + g.suffix()
}

func (g corpusGen) repeatSequence() string {
	switch g.r.IntN(6) {
	case 0:
		c := g.pick([]string{"a", "z", "1", "0", "!", "x", "ab", "12", "abc", "xyz", "lol", "hi"})
		return strings.Repeat(c, 2+g.r.IntN(8))
	case 1:
		return strings.Repeat(g.word(g.anyList()), 2+g.r.IntN(2)) + g.suffix()
	case 2:
		start, step := g.r.IntN(20), 1+g.r.IntN(3)
		if g.r.IntN(2) == 0 {
			step = -step
			start += 6
		}
		set := g.pick([]string{lowerChars, upperChars, digitChars + digitChars})
		var b []byte
		for k := 0; k < 3+g.r.IntN(8); k++ {
			i := start + k*step
			if i < 0 || i >= len(set) {
				break
			}
			b = append(b, set[i])
		}
		return string(b) + g.suffix()
	case 3:
		return g.capitalise(g.word(g.anyList())) + g.pick([]string{"123", "1234", "12345", "abc", "987", "4321", "abcd", "xyz"})
	case 4:
		return strings.Repeat(g.random()[:2], 2+g.r.IntN(4))
	}
	return g.random() + strings.Repeat(g.pick([]string{"!", "1", "a", "."}), 3+g.r.IntN(5))
}

func (g corpusGen) nonASCII() string {
	words := []string{"contraseña", "mañana", "über", "straße", "passwört", "français", "café", "naïve",
		"пароль", "привет", "любовь", "σύνθημα", "αβγδε", "абвгд", "日本語", "パスワード", "密码", "사랑해",
		"Ελλάδα", "Москва", "smörgåsbord", "crème", "brûlée", "ĳzer", "İstanbul", "emoji😀", "🔑🔑🔑", "♥love♥", "€uro"}
	switch g.r.IntN(4) {
	case 0:
		return g.pick(words) + g.suffix()
	case 1:
		return g.capitalise(g.word(g.anyList())) + g.pick(words)
	case 2:
		return g.pick(words) + g.pick([]string{"", " ", "-"}) + g.pick(words)
	}
	rs := []rune(g.pick(words))
	g.r.Shuffle(len(rs), func(i, j int) { rs[i], rs[j] = rs[j], rs[i] })
	return string(rs) + g.suffix()
}

func (g corpusGen) withUser() (string, []string) {
	first := g.word(g.pick([]string{"female_names", "male_names"}))
	last := g.word("surnames")
	site := g.pick([]string{"github", "gmail", "amazon", "passtea", "bank", "work", "netflix"})
	user := []string{first, last, site}
	var pw string
	switch g.r.IntN(4) {
	case 0:
		pw = g.capitalise(first) + g.suffix()
	case 1:
		pw = site + g.suffix()
	case 2:
		pw = g.capitalise(last) + first + g.suffix()
	default:
		pw = g.leaked()
	}
	return pw, user
}
