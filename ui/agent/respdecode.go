// This file reads responses by hand when they hold what commands nearly
// always get: scalars, and a secret's texts. json.Unmarshal's first use
// in a process costs 0.25–0.35 ms (its decoder's code, response's
// fields), more than the rest of what `passtea ls` does between its
// requests. Anything else (another key, a list, whitespace, JSON this
// reader does not take) goes to json.Unmarshal, so that the result is
// the same either way (FuzzDecodeResponse).

package agent

import (
	"encoding/base64"
	"encoding/json"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// decodeResponse decodes a response's JSON into resp, which is zero.
func decodeResponse(b []byte, resp *response) error {
	if (&respReader{b: b}).response(resp) {
		return nil
	}
	*resp = response{}
	return json.Unmarshal(b, resp)
}

// respReader reads compact JSON; each method reports false for what it
// does not take, and the caller then leaves the whole response to
// json.Unmarshal.
type respReader struct {
	b []byte
	i int
}

func (r *respReader) response(resp *response) bool {
	return r.object(func(key string) bool {
		var ok bool
		switch key {
		case "ok":
			resp.OK, ok = r.bool()
		case "version":
			resp.Version, ok = r.int()
		case "pid":
			resp.PID, ok = r.int()
		case "path":
			resp.Path, ok = r.bytes()
		case "already":
			resp.Already, ok = r.bool()
		case "warning":
			resp.Warning, ok = r.str()
		case "tables":
			resp.Tables, ok = r.int()
		case "count":
			resp.Count, ok = r.int()
		case "value":
			resp.Value, ok = r.str()
		case "set":
			resp.Set, ok = r.bool()
		case "secret":
			// A second secret would be merged into the first.
			if resp.Secret == nil {
				resp.Secret = &secretJSON{}
				ok = r.secret(resp.Secret)
			}
		}
		return ok
	}) && r.i == len(r.b)
}

func (r *respReader) secret(s *secretJSON) bool {
	return r.object(func(key string) bool {
		var ok bool
		switch key {
		case "password":
			s.Password, ok = r.str()
		case "notes":
			s.Notes, ok = r.str()
		case "otp":
			s.OTP, ok = r.str()
		}
		return ok
	})
}

// object reads {"key":value,…}, value by value.
func (r *respReader) object(value func(key string) bool) bool {
	if !r.next('{') {
		return false
	}
	if r.next('}') {
		return true
	}
	for {
		key, ok := r.str()
		if !ok || !r.next(':') || !value(key) {
			return false
		}
		if !r.next(',') {
			return r.next('}')
		}
	}
}

// next reads c if it comes next.
func (r *respReader) next(c byte) bool {
	if r.i < len(r.b) && r.b[r.i] == c {
		r.i++
		return true
	}
	return false
}

// literal reads word if it comes next.
func (r *respReader) literal(word string) bool {
	if len(r.b)-r.i >= len(word) && string(r.b[r.i:r.i+len(word)]) == word {
		r.i += len(word)
		return true
	}
	return false
}

func (r *respReader) bool() (bool, bool) {
	switch {
	case r.literal("true"):
		return true, true
	case r.literal("false"):
		return false, true
	}
	return false, false
}

// int reads an integer: -?(0|[1-9][0-9]*).
func (r *respReader) int() (int, bool) {
	start := r.i
	r.next('-')
	digits := r.i
	for r.i < len(r.b) && r.b[r.i] >= '0' && r.b[r.i] <= '9' {
		r.i++
	}
	if r.i == digits || r.b[digits] == '0' && r.i > digits+1 {
		return 0, false
	}
	n, err := strconv.Atoi(string(r.b[start:r.i]))
	return n, err == nil
}

// bytes reads a []byte: base64 in a string, as encoding/json writes it.
func (r *respReader) bytes() ([]byte, bool) {
	s, ok := r.str()
	if !ok {
		return nil, false
	}
	b, err := base64.StdEncoding.DecodeString(s)
	return b, err == nil
}

// str reads a string of valid UTF-8 with the escapes encoding/json
// writes, but for surrogates (\ud800-\udfff).
func (r *respReader) str() (string, bool) {
	if !r.next('"') {
		return "", false
	}
	start := r.i
	for r.i < len(r.b) && r.b[r.i] != '"' && r.b[r.i] != '\\' && r.b[r.i] >= 0x20 {
		r.i++
	}
	if r.next('"') {
		s := r.b[start : r.i-1]
		return string(s), utf8.Valid(s)
	}
	out := append([]byte(nil), r.b[start:r.i]...)
	for r.i < len(r.b) {
		c := r.b[r.i]
		r.i++
		switch {
		case c == '"':
			return string(out), utf8.Valid(out)
		case c < 0x20:
			return "", false
		case c != '\\':
			out = append(out, c)
		case r.i >= len(r.b):
			return "", false
		default:
			e := r.b[r.i]
			r.i++
			switch e {
			case '"', '\\', '/':
				out = append(out, e)
			case 'b':
				out = append(out, '\b')
			case 'f':
				out = append(out, '\f')
			case 'n':
				out = append(out, '\n')
			case 'r':
				out = append(out, '\r')
			case 't':
				out = append(out, '\t')
			case 'u':
				if len(r.b)-r.i < 4 {
					return "", false
				}
				v, err := strconv.ParseUint(string(r.b[r.i:r.i+4]), 16, 16)
				if err != nil || utf16.IsSurrogate(rune(v)) {
					return "", false
				}
				r.i += 4
				out = utf8.AppendRune(out, rune(v))
			default:
				return "", false
			}
		}
	}
	return "", false
}
