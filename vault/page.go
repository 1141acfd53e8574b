// This file holds groups and their pages: runs of entries in name order
// whose plain fields (index page) and secrets (secret page) are sealed
// together (FORMAT.md, "Index page", "Secret page", "Padding").

package vault

import (
	"bytes"
	"fmt"
	"math/bits"

	"github.com/passtea/passtea/crypto"
)

// Writers put up to groupTarget entries in a group, and close a group
// early when its secrets pass groupSecretTarget bytes or its index records
// groupIndexTarget, so no page comes near the reader's limits.
const (
	groupTarget       = 128
	groupSecretTarget = 1 << 20
	groupIndexTarget  = 1 << 20
	groupMin          = groupTarget / 4 // a smaller group is merged with a neighbour
)

// pageRef locates a sealed page in a file.
type pageRef struct {
	offset int64
	length int
	nonce  [crypto.NonceSize]byte
}

// group is a run of entries in name order, sealed in two pages.
type group struct {
	src     readFile // the file its pages are in
	first   string   // the stored name of its first entry
	count   int
	idx     pageRef // where its pages are in the file the vault last read or wrote
	sec     pageRef
	entries []*entry // nil until the index page is loaded
	// dirty groups changed since that file: their pages are sealed anew at
	// the next save. A clean group's pages are copied byte for byte.
	dirty bool
}

// padded returns the padded plaintext length for content of length n:
// max(min, padmé(n)).
func padded(n, min int) int {
	return max(min, padme(n))
}

// padme rounds n up so that only O(log log n) bits of it show (Nikitin et
// al., PETS 2019).
func padme(n int) int {
	if n < 2 {
		return n
	}
	e := bits.Len(uint(n)) - 1 // ⌊log₂ n⌋
	s := bits.Len(uint(e))     // ⌊log₂ e⌋ + 1
	z := e - s
	if z <= 0 {
		return n
	}
	mask := 1<<z - 1
	return (n + mask) &^ mask
}

// minPadded is the smallest padded plaintext of a root or page.
const minPadded = 256

// pad extends content with zero bytes to its padded length.
func pad(content []byte) []byte {
	n := padded(len(content), minPadded)
	return append(content, make([]byte, n-len(content))...)
}

// checkPadding reports whether the rest of a plaintext is all zero.
func checkPadding(rest []byte) error {
	if len(bytes.TrimLeft(rest, "\x00")) != 0 {
		return fmt.Errorf("padding is not zero")
	}
	return nil
}

// AAD of pages.
const (
	aadIndexPage  = "passtea/v2/page/index\x00"
	aadSecretPage = "passtea/v2/page/secret\x00"
)

func pageAAD(prefix string, vaultID [16]byte) []byte {
	return append([]byte(prefix), vaultID[:]...)
}

// encodeIndexPage lays out the index page of entries, padded.
func encodeIndexPage(entries []*entry) []byte {
	size := maxVarint
	for _, e := range entries {
		size += recordSize(e)
	}
	enc := encoder{b: make([]byte, 0, padded(size, minPadded))}
	enc.uvarint(uint64(len(entries)))
	for _, e := range entries {
		encodeRecord(&enc, e)
	}
	return pad(enc.b)
}

// decodeIndexPage reads an opened index page strictly and checks it against
// its group in the root: count, first name, order. Its strings alias b.
func decodeIndexPage(b []byte, g *group) ([]*entry, error) {
	d := newStringDecoder(b)
	n := d.count(minRecordLen)
	if d.err == nil && n != g.count {
		return nil, damaged("a page holds %d entries where the root says %d", n, g.count)
	}
	entries := make([]*entry, 0, n)
	slab := make([]entry, n)
	writes := make([]write, 0, 4*n)
	for i := range n {
		e := &slab[i]
		decodeRecord(&d, e, &writes)
		if d.err != nil {
			break
		}
		if k := len(entries); k > 0 && compareEntries(entries[k-1], e) >= 0 {
			return nil, damaged("entries out of order in a page")
		}
		entries = append(entries, e)
	}
	if d.err != nil {
		return nil, damaged("index page: %v", d.err)
	}
	if err := checkPadding(d.b); err != nil {
		return nil, damaged("index page: %v", err)
	}
	if len(entries) == 0 || entries[0].storedName() != g.first {
		return nil, damaged("a page does not start where the root says")
	}
	return entries, nil
}

// encodeSecretPage lays out the secret page of the given encoded secrets.
func encodeSecretPage(secrets [][]byte) []byte {
	size := maxVarint
	for _, s := range secrets {
		size += maxVarint + len(s)
	}
	enc := encoder{b: make([]byte, 0, padded(size, minPadded))}
	enc.uvarint(uint64(len(secrets)))
	for _, s := range secrets {
		enc.uvarint(uint64(len(s)))
		enc.raw(s)
	}
	return pad(enc.b)
}

// splitSecretPage reads an opened secret page into its n secrets, which
// alias b.
func splitSecretPage(b []byte, n int) ([][]byte, error) {
	d := decoder{b: b}
	if m := d.count(1); d.err == nil && m != n {
		return nil, damaged("a secret page holds %d entries where its index page has %d", m, n)
	}
	out := make([][]byte, n)
	for i := range out {
		out[i] = d.bytes(maxSecretLen)
	}
	if d.err != nil {
		return nil, damaged("secret page: %v", d.err)
	}
	if err := checkPadding(d.b); err != nil {
		return nil, damaged("secret page: %v", err)
	}
	return out, nil
}

// compareEntries is the order of entries in a vault: by stored name
// (ASCII letters without regard to case, then bytes), then by id.
func compareEntries(a, b *entry) int {
	if c := CompareNames(a.storedName(), b.storedName()); c != 0 {
		return c
	}
	return bytes.Compare(a.id[:], b.id[:])
}

// CompareNames orders entry names as people expect: ASCII letters without
// regard to case ("alpha" before "Bank"), then byte order to break ties.
func CompareNames(a, b string) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		ca, cb := lowerASCII(a[i]), lowerASCII(b[i])
		if ca != cb {
			return int(ca) - int(cb)
		}
	}
	if len(a) != len(b) {
		return len(a) - len(b)
	}
	return bytes.Compare([]byte(a), []byte(b))
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
