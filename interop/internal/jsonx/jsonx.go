// Package jsonx streams the large arrays of JSON exports one element at a
// time, so that a file's memory cost is bounded per record: each element
// is checked against interop.Limits (its bytes and its number of values)
// before it is decoded into structs, which is where a small hostile
// document ("[{},{},…]") would otherwise cost a hundred times its size.
package jsonx

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/passtea/passtea/interop"
)

// Decoder reads one JSON document.
type Decoder struct {
	dec *json.Decoder
	lim interop.Limits
}

// New returns a decoder of data under lim.
func New(data []byte, lim interop.Limits) *Decoder {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	return &Decoder{dec: dec, lim: lim.Or()}
}

// Object reads an object, calling fn with each key; fn must read the
// value (with [Decoder.Value], [Decoder.Array], [Decoder.Object] or
// [Decoder.Skip]). path names the object in errors ("$", "$.items[3]").
func (d *Decoder) Object(path string, fn func(key string) error) error {
	t, err := d.dec.Token()
	if err != nil {
		return syntax(path, err)
	}
	if t != json.Delim('{') {
		return interop.Recordf(path, "expected an object")
	}
	for d.dec.More() {
		t, err := d.dec.Token()
		if err != nil {
			return syntax(path, err)
		}
		key, ok := t.(string)
		if !ok {
			return interop.Recordf(path, "expected a key")
		}
		if err := fn(key); err != nil {
			return err
		}
	}
	if _, err := d.dec.Token(); err != nil {
		return syntax(path, err)
	}
	return nil
}

// Array reads an array, calling fn with each element's index and raw
// bytes after checking them against the limits. null is an empty array.
func (d *Decoder) Array(path string, fn func(i int, raw json.RawMessage) error) error {
	return d.Each(path, func(i int) error {
		var raw json.RawMessage
		if err := d.dec.Decode(&raw); err != nil {
			return syntax(fmt.Sprintf("%s[%d]", path, i), err)
		}
		if err := Check(raw, d.lim); err != nil {
			return interop.AtPlace(fmt.Sprintf("%s[%d]", path, i), err)
		}
		return fn(i, raw)
	})
}

// Each reads an array whose elements fn reads itself (with
// [Decoder.Object], [Decoder.Array], ...): for arrays whose elements are
// themselves large, like an account holding all its vaults. null is an
// empty array.
func (d *Decoder) Each(path string, fn func(i int) error) error {
	t, err := d.dec.Token()
	switch {
	case err != nil:
		return syntax(path, err)
	case t == nil:
		return nil
	case t != json.Delim('['):
		return interop.Recordf(path, "expected an array")
	}
	for i := 0; d.dec.More(); i++ {
		if i >= d.lim.Entries {
			return &interop.LimitError{What: "elements in " + path, Limit: int64(d.lim.Entries)}
		}
		if err := fn(i); err != nil {
			return err
		}
	}
	if _, err := d.dec.Token(); err != nil {
		return syntax(path, err)
	}
	return nil
}

// Value decodes the next value into v (a small value: a string, a
// number, a short list), checking it against the limits first.
func (d *Decoder) Value(path string, v any) error {
	var raw json.RawMessage
	if err := d.dec.Decode(&raw); err != nil {
		return syntax(path, err)
	}
	if err := Check(raw, d.lim); err != nil {
		return interop.AtPlace(path, err)
	}
	return Unmarshal(path, raw, v)
}

// Skip reads past the next value, whatever it is, checking it against
// the limits.
func (d *Decoder) Skip(path string) error {
	var raw json.RawMessage
	if err := d.dec.Decode(&raw); err != nil {
		return syntax(path, err)
	}
	return interop.AtPlace(path, Check(raw, d.lim))
}

// End checks that nothing but white space follows the document.
func (d *Decoder) End() error {
	if _, err := d.dec.Token(); !errors.Is(err, io.EOF) {
		return interop.Recordf("$", "data after the end of the JSON document")
	}
	return nil
}

// Check refuses a raw value above the limits: more than Record bytes or
// Values JSON values (counted as the structural characters outside
// strings).
func Check(raw []byte, lim interop.Limits) error {
	lim = lim.Or()
	if int64(len(raw)) > lim.Record {
		return &interop.LimitError{What: "bytes in one record", Limit: lim.Record}
	}
	n := 0
	var q quotes
	for _, c := range raw {
		switch q.step(c) {
		case opening:
			n++
		case outside:
			if c == '{' || c == '[' || c == ',' {
				n++
			}
		}
	}
	if n > lim.Values {
		return &interop.LimitError{What: "values in one record", Limit: int64(lim.Values)}
	}
	return nil
}

// Unmarshal decodes raw into v; errors name the JSON path of the value
// that did not fit, never its content.
func Unmarshal(path string, raw []byte, v any) error {
	if err := json.Unmarshal(raw, v); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			where := path
			if te.Field != "" {
				where += "." + te.Field
			}
			return interop.Recordf(where, "expected %s, found a JSON %s", te.Type, te.Value)
		}
		return syntax(path, err)
	}
	return nil
}

// UnmarshalStrict is Unmarshal refusing keys v does not have.
func UnmarshalStrict(path string, raw []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return Unmarshal(path, raw, v)
		}
		return interop.Recordf(path, "%v", err)
	}
	return nil
}

// syntax describes a JSON syntax error at path: encoding/json's messages
// name the offending character and offset, never the surrounding text.
func syntax(path string, err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return interop.Recordf(path, "the JSON ends early")
	}
	return interop.Recordf(path, "not valid JSON: %v", err)
}

// TopKeys returns the keys of the top-level object of data, scanning it
// once without decoding (at most limit keys; nil when data is not an
// object). Detection uses it to tell exports apart by their members.
func TopKeys(data []byte, limit int) []string {
	data = bytes.TrimLeft(data, " \t\r\n")
	if len(data) == 0 || data[0] != '{' {
		return nil
	}
	var keys []string
	depth, start := 0, -1
	var q quotes
	for i, c := range data {
		switch q.step(c) {
		case opening:
			start = i
		case closing:
			if depth == 1 && start >= 0 {
				rest := bytes.TrimLeft(data[i+1:], " \t\r\n")
				if len(rest) > 0 && rest[0] == ':' {
					var k string
					if json.Unmarshal(data[start:i+1], &k) == nil {
						keys = append(keys, k)
						if len(keys) >= limit {
							return keys
						}
					}
				}
			}
			start = -1
		case outside:
			switch c {
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return keys
				}
			}
		}
	}
	return keys
}

// quotes follows JSON text byte by byte to tell strings from the structure
// around them.
type quotes struct{ inString, escaped bool }

// Where a byte of JSON text stands, as quotes.step tells.
const (
	outside = iota // structure or white space
	inside         // a string's contents, escapes included
	opening        // the quote that opens a string
	closing        // the quote that closes a string
)

// step takes the next byte and says where it stands.
func (q *quotes) step(c byte) int {
	switch {
	case q.escaped:
		q.escaped = false
	case q.inString:
		switch c {
		case '\\':
			q.escaped = true
		case '"':
			q.inString = false
			return closing
		}
	case c == '"':
		q.inString = true
		return opening
	default:
		return outside
	}
	return inside
}
