// This file holds the encoding of a save: dirty groups partitioned and
// sealed, the root and header laid out, limits checked, and the whole file
// streamed to a writer, the bytes of unchanged pages reused from the vault
// file being replaced.

package vault

import (
	"bufio"
	"crypto/rand"
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/passtea/passtea/crypto"
)

// chunk is one part of a file to write: bytes, or a range of another file.
type chunk struct {
	data []byte
	src  readFile
	off  int64
	n    int64
}

// image is a whole vault file ready to be written.
type image struct {
	hdr    header
	r      *root
	chunks []chunk
	total  int64
}

// sealed is a group of a save, with its new pages when it was dirty.
type sealed struct {
	g        *group
	idx, sec []byte // nil for a clean group, whose pages are copied
}

// build seals the dirty groups of r and lays out the file. It checks every
// limit a reader enforces and decodes what it made with the reader's code:
// an error means nothing can be written.
func (v *Vault) build(h header, key []byte, r *root, prevHead [32]byte) (*image, []sealed, error) {
	out, err := v.sealGroups(key, r)
	if err != nil {
		return nil, nil, err
	}
	r.groups = make([]*group, len(out))
	var pages int64
	for i, s := range out {
		r.groups[i] = s.g
		pages += int64(s.g.idx.length + s.g.sec.length)
	}
	if nameClash(r.groups) {
		r.flags |= rootNameClash
	}
	if n, limit := r.entryCount(), v.opts.entryLimit(); n > limit {
		return nil, nil, &LimitError{What: "entries", Limit: int64(limit), Size: int64(n)}
	}
	r.prevHeader = prevHead
	// The root holds the file's total length, which depends on the root's
	// length: pad the root for the longest total first.
	r.total = 0
	content := encodeRoot(r)
	padLen := padded(len(content)+maxVarint, minPadded)
	rootLen := padLen + crypto.Overhead
	if rootLen > maxRoot {
		return nil, nil, &LimitError{What: "root", Limit: maxRoot, Size: int64(rootLen)}
	}
	t := int64(headerSize+rootLen) + pages
	r.total = max(minFileSize, int64(padme(int(t))))
	if limit := v.opts.fileLimit(); r.total > limit {
		return nil, nil, &LimitError{What: "file", Limit: limit, Size: r.total}
	}
	content = encodeRoot(r)
	plain := append(content, make([]byte, padLen-len(content))...)
	if _, err := decodeRoot(plain, r.total, int64(headerSize+rootLen)); err != nil {
		return nil, nil, fmt.Errorf("internal error: the root would not read back: %w", err)
	}
	if err := h.sealLocator(key, rootLen); err != nil {
		return nil, nil, err
	}
	sealedRoot, err := crypto.Seal(key, h.rootAAD(), plain)
	crypto.Wipe(plain)
	if err != nil {
		return nil, nil, err
	}
	img := &image{hdr: h, r: r, total: r.total}
	img.chunks = append(img.chunks, chunk{data: h.marshal()}, chunk{data: sealedRoot})
	for _, s := range out {
		if s.idx != nil {
			img.chunks = append(img.chunks, chunk{data: s.idx}, chunk{data: s.sec})
			continue
		}
		n := int64(s.g.idx.length + s.g.sec.length)
		if last := &img.chunks[len(img.chunks)-1]; last.src == s.g.src && last.src != nil && last.off+last.n == s.g.idx.offset {
			last.n += n // contiguous with the previous copy
			continue
		}
		img.chunks = append(img.chunks, chunk{src: s.g.src, off: s.g.idx.offset, n: n})
	}
	return img, out, nil
}

// nameClash reports whether the dirty groups (those a save seals) hold
// live entries that share a stored name (or have none), within a group or
// across the edge of one. A clash can only come in with them: local changes keep names
// unique, and merges leave their entries in dirty groups. A flag set before
// stays set (at worst, readers load every page).
func nameClash(groups []*group) bool {
	var prev *entry
	for _, g := range groups {
		if !g.dirty {
			prev = nil
			continue
		}
		for _, e := range g.entries {
			if e.live() && (e.name == "" || prev != nil && prev.name == e.name) {
				return true
			}
			if e.live() {
				prev = e
			}
		}
	}
	return false
}

// sealGroups seals the dirty groups of r, partitioned anew, and returns
// every group of the save in order. A dirty run of groups too small to
// stand alone takes in a clean neighbour.
func (v *Vault) sealGroups(key []byte, r *root) ([]sealed, error) {
	gs := r.groups
	var out []sealed
	pages := map[*group][][]byte{} // opened secret pages, by home group
	var opened [][]byte
	defer func() {
		for _, p := range opened {
			crypto.Wipe(p)
		}
	}()
	secretOf := func(e *entry) ([]byte, error) {
		if e.plain != nil {
			return e.plain, nil
		}
		if s, ok := pages[e.home]; ok {
			return s[e.pos], nil
		}
		p, err := readPage(e.home.src, e.home.sec, key, pageAAD(aadSecretPage, r.vaultID))
		if err != nil {
			return nil, withPath(v.opts.fsys(), v.path, err)
		}
		opened = append(opened, p)
		s, err := splitSecretPage(p, e.home.count)
		if err != nil {
			return nil, withPath(v.opts.fsys(), v.path, err)
		}
		pages[e.home] = s
		return s[e.pos], nil
	}
	for i := 0; i < len(gs); {
		if !gs[i].dirty {
			out = append(out, sealed{g: gs[i]})
			i++
			continue
		}
		j := i
		var run []*entry
		for j < len(gs) && gs[j].dirty {
			run = append(run, gs[j].entries...)
			j++
		}
		// Too few entries for a group of their own: take in a neighbour.
		if len(run) < groupMin {
			switch {
			case j < len(gs):
				if err := v.loadIn(gs[j], key, r.vaultID); err != nil {
					return nil, err
				}
				run = append(run, gs[j].entries...)
				j++
			case len(out) > 0 && out[len(out)-1].idx == nil:
				prev := out[len(out)-1].g
				if err := v.loadIn(prev, key, r.vaultID); err != nil {
					return nil, err
				}
				run = append(slices.Clone(prev.entries), run...)
				out = out[:len(out)-1]
			}
		}
		slices.SortFunc(run, compareEntries)
		made, err := sealRun(run, key, r.vaultID, secretOf)
		if err != nil {
			return nil, err
		}
		out = append(out, made...)
		i = j
	}
	return out, nil
}

// loadIn loads g's index page with key (which may differ from the vault's
// during a key rotation).
func (v *Vault) loadIn(g *group, key []byte, vaultID [16]byte) error {
	if g.entries != nil {
		return nil
	}
	plain, err := readPage(g.src, g.idx, key, pageAAD(aadIndexPage, vaultID))
	if err != nil {
		return withPath(v.opts.fsys(), v.path, err)
	}
	entries, err := decodeIndexPage(plain, g)
	if err != nil {
		return withPath(v.opts.fsys(), v.path, err)
	}
	for i, e := range entries {
		e.home, e.pos, e.display = g, i, e.storedName()
	}
	g.entries = entries
	return nil
}

// sealRun partitions sorted entries into groups of nearly equal size (at
// most groupTarget entries, closed early past groupSecretTarget bytes of
// secrets) and seals their pages.
func sealRun(run []*entry, key []byte, vaultID [16]byte, secretOf func(*entry) ([]byte, error)) ([]sealed, error) {
	if len(run) == 0 {
		return nil, nil
	}
	k := (len(run) + groupTarget - 1) / groupTarget
	per := (len(run) + k - 1) / k
	var out []sealed
	for start := 0; start < len(run); {
		var secrets [][]byte
		size := 0
		end := start
		index := 0
		for end < len(run) && end-start < per && (end == start || size < groupSecretTarget && index < groupIndexTarget) {
			s, err := secretOf(run[end])
			if err != nil {
				return nil, err
			}
			if len(s) > maxSecretLen {
				return nil, &LimitError{What: "entry secret", Limit: maxSecretLen, Size: int64(len(s))}
			}
			secrets = append(secrets, s)
			size += len(s)
			index += recordSize(run[end])
			end++
		}
		entries := run[start:end]
		g := &group{first: entries[0].storedName(), count: len(entries), entries: entries}
		s, err := sealGroup(g, secrets, key, vaultID)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
		start = end
	}
	return out, nil
}

// sealGroup seals the two pages of g, checking that the index page reads
// back and that both are within the reader's limits.
func sealGroup(g *group, secrets [][]byte, key []byte, vaultID [16]byte) (sealed, error) {
	idxPlain := encodeIndexPage(g.entries)
	defer crypto.Wipe(idxPlain)
	if _, err := decodeIndexPage(slices.Clone(idxPlain), g); err != nil {
		return sealed{}, fmt.Errorf("internal error: a page would not read back: %w", err)
	}
	secPlain := encodeSecretPage(secrets)
	defer crypto.Wipe(secPlain)
	idx, err := crypto.Seal(key, pageAAD(aadIndexPage, vaultID), idxPlain)
	if err != nil {
		return sealed{}, err
	}
	sec, err := crypto.Seal(key, pageAAD(aadSecretPage, vaultID), secPlain)
	if err != nil {
		return sealed{}, err
	}
	switch {
	case len(idx) > maxIndexPage:
		return sealed{}, &LimitError{What: "index page", Limit: maxIndexPage, Size: int64(len(idx))}
	case len(sec) > maxSecretPage:
		return sealed{}, &LimitError{What: "secret page", Limit: maxSecretPage, Size: int64(len(sec))}
	}
	g.idx = pageRef{length: len(idx)}
	copy(g.idx.nonce[:], idx)
	g.sec = pageRef{length: len(sec)}
	copy(g.sec.nonce[:], sec)
	g.dirty = true
	return sealed{g: g, idx: idx, sec: sec}, nil
}

// writeTo streams the image to w (a file being written), copying ranges of
// other files in the kernel where it can, then the random filler.
func (img *image) writeTo(w io.Writer) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	var n int64
	for _, c := range img.chunks {
		if c.src == nil {
			if _, err := bw.Write(c.data); err != nil {
				return err
			}
			n += int64(len(c.data))
			continue
		}
		if err := bw.Flush(); err != nil {
			return err
		}
		if err := copyRange(w, c.src, c.off, c.n); err != nil {
			return fmt.Errorf("copy unchanged pages: %w", err)
		}
		n += c.n
	}
	if _, err := io.CopyN(bw, rand.Reader, img.total-n); err != nil {
		return err
	}
	return bw.Flush()
}

// copyRange copies n bytes at off of src to w: with copy_file_range(2) when
// both are files on Linux, through a buffer otherwise.
func copyRange(w io.Writer, src readFile, off, n int64) error {
	if f, ok := src.(*os.File); ok {
		if _, err := f.Seek(off, io.SeekStart); err == nil {
			_, err = io.CopyN(w, f, n)
			return err
		}
	}
	_, err := io.Copy(w, io.NewSectionReader(src, off, n))
	return err
}

// place records where the groups of a written image are in it, and
// points every group and entry at the new file.
func (img *image) place(out []sealed, src readFile) {
	off := int64(headerSize + len(img.chunks[1].data))
	for _, s := range out {
		g := s.g
		g.src = src
		g.idx.offset = off
		off += int64(g.idx.length)
		g.sec.offset = off
		off += int64(g.sec.length)
		g.dirty = false
		for i, e := range g.entries {
			if e.plain != nil {
				crypto.Wipe(e.plain)
				e.plain = nil
			}
			e.home, e.pos = g, i
		}
	}
}
