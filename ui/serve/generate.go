package serve

// This file serves GET /api/generate: it reads the query into generator
// options, generates, checks every value against the options, and answers
// with the values and their exact entropy.

import (
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/passtea/passtea/generator"
)

// SpecialChars is the set `special=true` adds: the well-known API's, a
// subset of [generator.SymbolChars].
const SpecialChars = "!@#$%^&*()_+-=[]{}|;:,.<>?"

// Parameters of /api/generate and their bounds.
const (
	defaultLength = 16
	minLength     = 4
	maxLength     = 128
	minWords      = 3
	maxWords      = 32
	minPIN        = 4
	maxPIN        = 32
	maxCount      = 100
	maxExclude    = 256 // bytes
)

// Parameter names by the mode they belong to.
var (
	charParams   = []string{"length", "lowercase", "uppercase", "digits", "special", "exclude", "require_each"}
	phraseParams = []string{"separator", "capitalize"}
	allParams    = append(append([]string{"words", "pin", "count"}, charParams...), phraseParams...)
)

// notSpecial is the part of generator.SymbolChars outside SpecialChars,
// always excluded.
var notSpecial = func() string {
	var b strings.Builder
	for _, r := range generator.SymbolChars {
		if !strings.ContainsRune(SpecialChars, r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}()

// genRequest is a parsed /api/generate query.
type genRequest struct {
	opts  generator.Options
	count int
	many  bool // count was given: answer with a list
}

// requestError is a 400 answer: what is wrong with the request.
type requestError struct{ msg string }

func (e *requestError) Error() string { return e.msg }

func badRequest(format string, args ...any) error {
	return &requestError{msg: fmt.Sprintf(format, args...)}
}

// parseGenerate reads a raw query into options, which may still be options
// nothing can satisfy (the generator says so). It appends the parameters it
// knows to e.params for the audit log.
func parseGenerate(rawQuery string, e *auditEntry) (genRequest, error) {
	q, err := url.ParseQuery(rawQuery)
	if err != nil {
		return genRequest{}, badRequest("the query string is malformed: escape special characters (e.g. %%23 for #) and separate parameters with &")
	}
	for name, vs := range q {
		if len(vs) > 1 || !slices.Contains(allParams, name) {
			return genRequest{}, nameProblem(q)
		}
	}
	for _, name := range allParams {
		if v, ok := q[name]; ok {
			e.params = append(e.params, param{name, v[0]})
		}
	}
	p := queryParams(q)
	req := genRequest{count: 1}
	o := generator.DefaultOptions()
	if p.has("count") {
		req.many = true
		if req.count, err = p.int("count", 1, 1, maxCount); err != nil {
			return req, err
		}
	}
	switch {
	case p.has("pin") && p.has("words"):
		return req, badRequest("pin and words don't mix: choose one")
	case p.has("pin"):
		if n := p.first(charParams, phraseParams); n != "" {
			return req, badRequest("%s does not apply to a PIN", n)
		}
		o.Mode = generator.PIN
		if o.Length, err = p.int("pin", 0, minPIN, maxPIN); err != nil {
			return req, err
		}
	case p.has("words"):
		if n := p.first(charParams); n != "" {
			return req, badRequest("%s does not apply to a passphrase (words)", n)
		}
		o.Mode = generator.Passphrase
		if o.Words, err = p.int("words", 0, minWords, maxWords); err != nil {
			return req, err
		}
		if p.has("separator") {
			o.Separator = p["separator"][0]
		}
		if o.Capitalize, err = p.bool("capitalize", false); err != nil {
			return req, err
		}
	default:
		if n := p.first(phraseParams); n != "" {
			return req, badRequest("%s applies only to passphrases: add words", n)
		}
		if o.Length, err = p.int("length", defaultLength, minLength, maxLength); err != nil {
			return req, err
		}
		for _, c := range []struct {
			name string
			def  bool
			dst  *bool
		}{{"lowercase", true, &o.Lower}, {"uppercase", true, &o.Upper}, {"digits", true, &o.Digits}, {"special", false, &o.Symbols}} {
			if *c.dst, err = p.bool(c.name, c.def); err != nil {
				return req, err
			}
		}
		// require_each defaults to true; it matters only with more than
		// one class.
		if o.RequireEach, err = p.bool("require_each", true); err != nil {
			return req, err
		}
		exclude := ""
		if p.has("exclude") {
			exclude = p["exclude"][0]
		}
		if len(exclude) > maxExclude {
			return req, badRequest("exclude is longer than %d characters", maxExclude)
		}
		o.Exclude = exclude + notSpecial
	}
	// The options are checked by the generator when the handler asks for
	// their entropy, from its cached plan.
	req.opts = o
	return req, nil
}

// nameProblem is the error for the first unknown or repeated parameter
// name of q in sorted order, so that a request gets the same error every
// time.
func nameProblem(q url.Values) error {
	for _, name := range slices.Sorted(maps.Keys(q)) {
		if !slices.Contains(allParams, name) {
			return badRequest("unknown parameter %q: see /api/openapi.json", truncate(name, 32))
		}
		if len(q[name]) > 1 {
			return badRequest("%s is given more than once", name)
		}
	}
	return nil
}

// queryParams reads typed values from a query known to hold each name at
// most once.
type queryParams url.Values

func (p queryParams) has(name string) bool { _, ok := p[name]; return ok }

// first returns the first name of the lists that p has, or "".
func (p queryParams) first(lists ...[]string) string {
	for _, l := range lists {
		for _, n := range l {
			if p.has(n) {
				return n
			}
		}
	}
	return ""
}

// int reads a whole number in [lo, hi], def when absent.
func (p queryParams) int(name string, def, lo, hi int) (int, error) {
	v, ok := p[name]
	if !ok {
		return def, nil
	}
	n, err := strconv.Atoi(v[0])
	if err != nil || n < lo || n > hi {
		return 0, badRequest("%s must be a whole number from %d to %d", name, lo, hi)
	}
	return n, nil
}

// bool reads true/false (also 1/0, yes/no, on/off, in any case), def when
// absent.
func (p queryParams) bool(name string, def bool) (bool, error) {
	v, ok := p[name]
	if !ok {
		return def, nil
	}
	switch strings.ToLower(v[0]) {
	case "true", "1", "yes", "on":
		return true, nil
	case "false", "0", "no", "off":
		return false, nil
	}
	return false, badRequest("%s must be true or false", name)
}

// bufs are scratch buffers for secrets and the responses that hold them;
// they are wiped before they go back.
var bufs = sync.Pool{New: func() any { b := make([]byte, 0, 1024); return &b }}

func getBuf() *[]byte { return bufs.Get().(*[]byte) }

func putBuf(bp *[]byte, b []byte) {
	clear(b[:cap(b)])
	*bp = b[:0]
	bufs.Put(bp)
}

func (s *service) generate(w http.ResponseWriter, r *http.Request, e *auditEntry) int {
	req, err := parseGenerate(r.URL.RawQuery, e)
	if err != nil {
		return writeError(w, http.StatusBadRequest, err.Error())
	}
	g := s.gens.Get().(*generator.Generator)
	defer s.gens.Put(g)
	bits, err := g.Entropy(req.opts)
	if err != nil {
		return writeError(w, http.StatusBadRequest, err.Error())
	}
	bp, sp := getBuf(), getBuf()
	// Room for the whole answer up front, so that no copy holding
	// passwords is left behind by a growing slice.
	most := maxSecretBytes(req.opts)
	body := slices.Grow((*bp)[:0], req.count*(2*most+3)+128)
	secret := slices.Grow((*sp)[:0], most)
	defer func() { putBuf(bp, body); putBuf(sp, secret) }()
	if req.many {
		body = append(body, `{"passwords":[`...)
	} else {
		body = append(body, `{"password":`...)
	}
	for i := range req.count {
		if i > 0 {
			body = append(body, ',')
		}
		clear(secret)
		secret, err = g.Append(secret[:0], req.opts)
		if err == nil {
			err = g.Check(req.opts, secret)
		}
		if err != nil {
			return writeError(w, http.StatusInternalServerError, "the server could not make a password: try again")
		}
		body = appendString(body, secret)
	}
	if req.many {
		body = append(body, ']')
	}
	if req.opts.Mode == generator.Passphrase {
		body = append(body, `,"words":`...)
		body = strconv.AppendInt(body, int64(req.opts.Words), 10)
	} else {
		body = append(body, `,"length":`...)
		body = strconv.AppendInt(body, int64(req.opts.Length), 10)
	}
	body = append(body, `,"entropy_bits":`...)
	body = appendBits(body, bits)
	body = append(body, "}\n"...)
	writeJSON(w, http.StatusOK, body)
	return http.StatusOK
}

// maxSecretBytes bounds the bytes of one secret made with o.
func maxSecretBytes(o generator.Options) int {
	if o.Mode == generator.Passphrase {
		return o.Words*(maxWordBytes+1+len(o.Separator)) + 1
	}
	return o.Length
}

// maxWordBytes is the length of the longest word of the EFF large list.
const maxWordBytes = 9
