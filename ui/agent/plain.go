// This file holds the encoding of the requests that carry no entry,
// change or edit (hello, open, get, secret, names, entries…): every
// command sends a few, and encoding/json would build the encoder of
// request's whole tree of types (entries, changes, edits) on its first
// use, and then encode by reflection: 0.15–0.2 ms a process, measured.
// They are written here instead, to the bytes encoding/json writes
// (TestMustFrameSameBytes, which sets every field).

package agent

import (
	"encoding/base64"
	"encoding/json"
	"strconv"
)

// encodePlain writes r, which carries no entry, change or edit, as
// encoding/json does, into a buffer made large enough at once: a password
// it carries is not left behind in buffers outgrown.
func (r *request) encodePlain() []byte {
	n := 160 + len(r.Op) + len(r.Name) + len(r.ID) + len(r.Key) + len(r.Value) +
		base64.StdEncoding.EncodedLen(len(r.Path)+len(r.Password)+len(r.KeyFile)+len(r.Other)+len(r.Into)+12)
	for _, t := range r.Trash {
		n += len(t) + 3
	}
	b := append(make([]byte, 0, n), `{"op":`...)
	b = appendJSONString(b, r.Op)
	if r.Version != 0 {
		b = strconv.AppendInt(append(b, `,"version":`...), int64(r.Version), 10)
	}
	b = appendBytes(b, "path", r.Path)
	b = appendBytes(b, "password", r.Password)
	b = appendBytes(b, "key_file", r.KeyFile)
	if r.TimeoutMS != 0 {
		b = strconv.AppendInt(append(b, `,"timeout_ms":`...), r.TimeoutMS, 10)
	}
	if r.Upgrade {
		b = append(b, `,"upgrade":true`...)
	}
	b = appendField(b, "name", r.Name)
	b = appendField(b, "id", r.ID)
	if r.More {
		b = append(b, `,"more":true`...)
	}
	if len(r.Trash) > 0 {
		b = append(b, `,"trash":[`...)
		for i, t := range r.Trash {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, t)
		}
		b = append(b, ']')
	}
	b = appendField(b, "key", r.Key)
	b = appendField(b, "value", r.Value)
	b = appendBytes(b, "other", r.Other)
	b = appendBytes(b, "into", r.Into)
	return append(b, '}')
}

// appendField appends a string field that is left out when empty.
func appendField(b []byte, name, s string) []byte {
	if s == "" {
		return b
	}
	return appendJSONString(append(append(append(b, `,"`...), name...), `":`...), s)
}

// appendBytes appends a []byte field (base64) that is left out when empty.
func appendBytes(b []byte, name string, p []byte) []byte {
	if len(p) == 0 {
		return b
	}
	b = append(append(append(b, `,"`...), name...), `":"`...)
	return append(base64.StdEncoding.AppendEncode(b, p), '"')
}

// appendJSONString appends s as a JSON string: as it is when encoding/json
// would escape none of its bytes (printable ASCII but " \ < > &), else
// as encoding/json writes it.
func appendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			q, _ := json.Marshal(s) // a string always encodes
			return append(b, q...)
		}
	}
	return append(append(append(b, '"'), s...), '"')
}
