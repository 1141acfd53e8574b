// Package hibp looks passwords up in Have I Been Pwned's Pwned Passwords
// lists of breached passwords: offline in a downloaded copy, or, only when
// the user asks, online through the k-anonymity range API.
//
// # Offline lists
//
// [Open] reads the SHA-1 lists as the Pwned Passwords downloader writes
// them, in either of its two layouts:
//
//   - one text file of lines "HASH:COUNT", HASH the 40 hexadecimal digits
//     of the SHA-1 of a password, sorted by hash, lines ending in CRLF or
//     LF (about 40 GB today);
//   - a directory of 16⁵ range files named after the first five hex digits
//     of the hashes ("ABCDE.txt"), each of lines "SUFFIX:COUNT" holding
//     the other 35 digits, sorted.
//
// A lookup is a binary search by file offset: it reads a few hundred bytes
// at about log₂(size / 100) places, and memory stays constant whatever the
// size of the list. Hex digits may be upper or lower case. Lines are at
// most 128 bytes: a longer one, a line that is not HASH:COUNT, or a
// missing range file is an error (a [*FormatError], errors.Is
// [ErrFormat]), never a silent "not found". A list that is not sorted
// gives wrong answers but no error: the search reads only a few lines.
//
// # Online lookups
//
// [Client] asks https://api.pwnedpasswords.com/range/ABCDE for the
// suffixes of all the breached hashes that start with the password's five
// hex digits: what leaves the machine is those 5 hex characters of the
// SHA-1 of each password looked up (20 of its 160 bits), never the
// password nor its whole hash. It asks for padding (Add-Padding: true) so
// that the size of the answer does not tell which prefix was asked, and
// ignores the padding's zero-count entries.
package hibp

import (
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// Hash is the SHA-1 of a password, which the lists hold in hex.
type Hash [sha1.Size]byte

// HashOf returns the SHA-1 of password's UTF-8 bytes.
func HashOf(password string) Hash { return sha1.Sum([]byte(password)) }

// String is the hash in 40 upper-case hex digits, as the lists write it.
func (h Hash) String() string { return strings.ToUpper(hex.EncodeToString(h[:])) }

// Prefix is the first 5 hex digits: the range the hash belongs to.
func (h Hash) Prefix() string { return h.String()[:prefixLen] }

// prefixLen is the length of a range's prefix in hex digits.
const prefixLen = 5

// ErrFormat is matched (with errors.Is) by a [*FormatError].
var ErrFormat = errors.New("not a Pwned Passwords list")

// FormatError says where a list is not in a format [Open] reads.
type FormatError struct {
	// Path is the file.
	Path string
	// Offset is where, in bytes, the problem is; -1 for the whole file.
	Offset int64
	// Reason says what is wrong.
	Reason string
}

// Error says which file, where, and what is wrong, in one line.
func (e *FormatError) Error() string {
	if e.Offset < 0 {
		return fmt.Sprintf("%s: %s", e.Path, e.Reason)
	}
	return fmt.Sprintf("%s: byte %d: %s (want lines of HASH:COUNT, sorted, as the Pwned Passwords downloader writes them)", e.Path, e.Offset, e.Reason)
}

// Is makes errors.Is(err, ErrFormat) true.
func (e *FormatError) Is(target error) bool { return target == ErrFormat }
