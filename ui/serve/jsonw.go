package serve

// This file writes JSON by appending to byte slices, so that responses
// holding passwords live only in buffers the server wipes after use.

import (
	"math"
	"strconv"
	"unicode/utf8"

	"github.com/passtea/passtea/ui/term"
)

const hexDigits = "0123456789abcdef"

// appendString appends s as a JSON string. Invalid UTF-8 becomes U+FFFD;
// the characters a terminal acts on (term.Acts: C1 and bidirectional
// controls too, which JSON allows raw) are escaped, since the audit log
// goes to a terminal by default and its paths come from anyone who
// connects.
func appendString[S string | []byte](dst []byte, s S) []byte {
	dst = append(dst, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				dst = append(dst, '\\', c)
			case c < ' ' || c == 0x7f:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			default:
				dst = append(dst, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(string(s[i:min(i+utf8.UTFMax, len(s))]))
		switch {
		case r == utf8.RuneError && size == 1:
			dst = append(dst, `\ufffd`...)
		case term.Acts(r):
			dst = append(dst, '\\', 'u', hexDigits[r>>12], hexDigits[r>>8&0xf], hexDigits[r>>4&0xf], hexDigits[r&0xf])
		default:
			dst = append(dst, s[i:i+size]...)
		}
		i += size
	}
	return append(dst, '"')
}

// appendBits appends an entropy in bits, to two decimals.
func appendBits(dst []byte, bits float64) []byte {
	return strconv.AppendFloat(dst, math.Round(bits*100)/100, 'f', -1, 64)
}
