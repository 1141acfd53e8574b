package serve

// This file serves POST /api/validate: it reads {"password", "policy"},
// rates the password, checks it against the policy and, when the server has
// one, the list of breached passwords.

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"slices"
	"strconv"

	"github.com/passtea/passtea/generator"
)

// Bounds of /api/validate.
const (
	maxBody         = 4 << 10 // bytes of a request body
	maxPolicyLength = 4096    // characters in min_length and max_length
)

// defaultPolicy applies when a request has no policy: NIST SP 800-63B
// §3.1.1.2's floor for passwords people choose, at least 8 characters
// (and no breached password, when the server has the list).
var defaultPolicy = generator.Policy{MinLength: 8}

// classNames are the names of policy.require, the parameter names of
// /api/generate.
var classNames = []string{"lowercase", "uppercase", "digits", "special"}

// validateRequest is a parsed /api/validate body.
type validateRequest struct {
	password      string
	policy        generator.Policy
	checkBreached bool
}

// parseValidate reads a body that must be one JSON object. It appends the
// policy, never the password, to e.params for the audit log.
func parseValidate(body []byte, e *auditEntry) (validateRequest, error) {
	req := validateRequest{policy: defaultPolicy, checkBreached: true}
	dec := json.NewDecoder(bytes.NewReader(body))
	havePassword := false
	err := readObject(dec, "the body", func(key string) error {
		switch key {
		case "password":
			var pw *string
			if err := decodeField(dec, "password", &pw, "a string"); err != nil {
				return err
			}
			if pw == nil || *pw == "" {
				return badRequest("password must be a non-empty string")
			}
			req.password, havePassword = *pw, true
			return nil
		case "policy":
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return syntaxOr(err, nil)
			}
			if string(raw) == "null" {
				return nil
			}
			req.policy = generator.Policy{}
			pd := json.NewDecoder(bytes.NewReader(raw))
			return readObject(pd, "policy", func(key string) error { return readPolicyField(pd, key, &req, e) })
		}
		return badRequest("unknown field %q: the body holds password and policy", truncate(key, 32))
	})
	if err != nil {
		return req, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return req, badRequest("the body must hold one JSON object and nothing after it")
	}
	if !havePassword {
		return req, badRequest("password is missing")
	}
	p := req.policy
	if p.MinLength > 0 && p.MaxLength > 0 && p.MaxLength < p.MinLength {
		return req, badRequest("policy.max_length is below policy.min_length")
	}
	return req, nil
}

// readPolicyField reads one field of the policy object.
func readPolicyField(dec *json.Decoder, key string, req *validateRequest, e *auditEntry) error {
	name := "policy." + key
	p := &req.policy
	switch key {
	case "min_length", "max_length", "min_score":
		hi, dst := maxPolicyLength, &p.MinLength
		switch key {
		case "max_length":
			dst = &p.MaxLength
		case "min_score":
			hi, dst = 4, &p.MinScore
		}
		var n *int
		if err := decodeField(dec, name, &n, "a whole number"); err != nil {
			return err
		}
		if n == nil || *n < 0 || *n > hi {
			return badRequest("%s must be a whole number from 0 to %d", name, hi)
		}
		*dst = *n
		e.params = append(e.params, param{name, strconv.Itoa(*n)})
	case "require":
		var classes []string
		if err := decodeField(dec, name, &classes, "a list of class names"); err != nil {
			return err
		}
		for _, c := range classes {
			switch c {
			case "lowercase":
				p.Lower = true
			case "uppercase":
				p.Upper = true
			case "digits":
				p.Digit = true
			case "special":
				p.Special = true
			default:
				return badRequest("%s: unknown class %q: use lowercase, uppercase, digits or special", name, truncate(c, 32))
			}
		}
		e.params = append(e.params, param{name, joinClasses(p)})
	case "check_breached":
		var b *bool
		if err := decodeField(dec, name, &b, "true or false"); err != nil {
			return err
		}
		if b == nil {
			return badRequest("%s must be true or false", name)
		}
		req.checkBreached = *b
		e.params = append(e.params, param{name, strconv.FormatBool(*b)})
	default:
		return badRequest("unknown field %q: see /api/openapi.json", truncate(name, 40))
	}
	return nil
}

func joinClasses(p *generator.Policy) string {
	var out []byte
	for i, on := range []bool{p.Lower, p.Upper, p.Digit, p.Special} {
		if on {
			if len(out) > 0 {
				out = append(out, ',')
			}
			out = append(out, classNames[i]...)
		}
	}
	return string(out)
}

// readObject reads a JSON object from dec, calling field for each key to
// read its value; a key given twice is an error. what names the object in
// errors.
func readObject(dec *json.Decoder, what string, field func(key string) error) error {
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return syntaxOr(err, badRequest("%s must be a JSON object", what))
	}
	var seen []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return syntaxOr(err, nil)
		}
		key := tok.(string) // keys of an object are strings
		if slices.Contains(seen, key) {
			return badRequest("field %q is given more than once", truncate(key, 32))
		}
		seen = append(seen, key)
		if err := field(key); err != nil {
			return err
		}
	}
	_, err := dec.Token() // the closing brace
	return syntaxOr(err, nil)
}

// decodeField decodes the next value into dst, which wants kind.
func decodeField(dec *json.Decoder, name string, dst any, kind string) error {
	err := dec.Decode(dst)
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return badRequest("%s must be %s", name, kind)
	}
	return syntaxOr(err, nil)
}

// syntaxOr is the answer to a JSON reading error: "not valid JSON" for a
// syntax error or a cut body, else other when err is nil.
func syntaxOr(err, other error) error {
	if err != nil {
		return badRequest("the body is not valid JSON")
	}
	return other
}

// readBody reads at most maxBody bytes of the body into a pooled buffer
// (the caller wipes it with putBuf). tooLarge reports a longer body.
func readBody(r *http.Request) (bp *[]byte, body []byte, tooLarge bool, err error) {
	bp = getBuf()
	buf := slices.Grow((*bp)[:0], maxBody+1)[:maxBody+1]
	if r.ContentLength > maxBody {
		return bp, buf[:0], true, nil
	}
	n, err := io.ReadFull(r.Body, buf)
	switch {
	case n > maxBody:
		return bp, buf, true, nil
	case err == io.EOF || err == io.ErrUnexpectedEOF:
		err = nil
	}
	return bp, buf[:n], false, err
}

func (s *service) validate(w http.ResponseWriter, r *http.Request, e *auditEntry) int {
	bp, body, tooLarge, err := readBody(r)
	defer func() { putBuf(bp, body) }()
	switch {
	case tooLarge:
		return writeError(w, http.StatusRequestEntityTooLarge, "the body is larger than "+strconv.Itoa(maxBody)+" bytes")
	case err != nil:
		return writeError(w, http.StatusBadRequest, "the body could not be read in full")
	}
	req, err := parseValidate(body, e)
	if err != nil {
		return writeError(w, http.StatusBadRequest, err.Error())
	}
	select {
	case s.estimating <- struct{}{}:
	case <-r.Context().Done():
		return writeError(w, http.StatusServiceUnavailable, "the server is busy: try again")
	}
	rt := estimate(req.password)
	<-s.estimating
	problems := req.policy.Violations(req.password, rt.score)
	checked, breached := false, false
	if req.checkBreached && s.breached != nil {
		if breached, err = s.breached.Breached(req.password); err != nil {
			return writeError(w, http.StatusInternalServerError, "the password could not be checked against the breached list: try again")
		}
		checked = true
		if breached {
			problems = append(problems, "found in a list of breached passwords")
		}
	}
	out := make([]byte, 0, 512)
	out = append(out, `{"valid":`...)
	out = strconv.AppendBool(out, len(problems) == 0)
	out = append(out, `,"errors":`...)
	out = appendStrings(out, problems)
	out = append(out, `,"score":`...)
	out = strconv.AppendInt(out, int64(rt.score), 10)
	out = append(out, `,"guesses_log10":`...)
	out = appendBits(out, rt.guessesLog10)
	out = append(out, `,"warning":`...)
	out = appendString(out, rt.warning)
	out = append(out, `,"suggestions":`...)
	out = appendStrings(out, rt.suggestions)
	if checked {
		out = append(out, `,"breached":`...)
		out = strconv.AppendBool(out, breached)
	}
	out = append(out, "}\n"...)
	writeJSON(w, http.StatusOK, out)
	return http.StatusOK
}

// appendStrings appends a JSON list of strings ([] when empty).
func appendStrings(dst []byte, list []string) []byte {
	dst = append(dst, '[')
	for i, s := range list {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendString(dst, s)
	}
	return append(dst, ']')
}
