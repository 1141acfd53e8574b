package cli

// This file holds the writer that masks secrets in what a command started
// by `passtea run` prints.
//
// Decisions: masking is on by default (a secret printed by a build script
// ends up in CI logs); it needs the command's output to go through pipes,
// so a command that checks for a terminal behaves as in a pipe (use
// --no-masking for interactive programs). Values shorter than minMasked
// are not masked. Bytes that could begin a secret wait for the next
// write rather than a timer: a timer would let a secret's start out
// unmasked when its end comes later.

import (
	"bytes"
	"cmp"
	"io"
	"slices"
	"sync"
)

// maskText replaces a secret in the output of `passtea run`.
const maskText = "<concealed by passtea>"

// minMasked is the shortest value masked: shorter ones (a PIN of three
// digits) would turn every number in the output into the mask.
const minMasked = 4

// masker copies what is written to it to w with every secret replaced by
// maskText. Writes may cut a secret anywhere: bytes that could begin one
// wait for the next write (or Flush), so the output is the same however
// the input was cut. Where secrets overlap, the longest that starts first
// is masked.
type masker struct {
	mu      sync.Mutex
	w       io.Writer
	secrets [][]byte // longest first
	first   [256]bool
	pending []byte
}

// newMasker masks secrets (those of at least minMasked bytes) in what it
// writes to w.
func newMasker(w io.Writer, secrets []string) *masker {
	m := &masker{w: w}
	for _, s := range secrets {
		if len(s) >= minMasked && !slices.ContainsFunc(m.secrets, func(b []byte) bool { return string(b) == s }) {
			m.secrets = append(m.secrets, []byte(s))
			m.first[s[0]] = true
		}
	}
	slices.SortFunc(m.secrets, func(a, b []byte) int { return cmp.Compare(len(b), len(a)) })
	return m
}

// Write masks p, holding back a tail that could begin a secret.
func (m *masker) Write(p []byte) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.pending = append(m.pending, p...)
	out, rest := m.mask(m.pending, false)
	m.pending = append(m.pending[:0], rest...)
	if len(out) > 0 {
		if _, err := m.w.Write(out); err != nil {
			return 0, err
		}
	}
	return len(p), nil
}

// Flush writes what was held back: nothing more is coming.
func (m *masker) Flush() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	out, _ := m.mask(m.pending, true)
	clear(m.pending)
	m.pending = m.pending[:0]
	if len(out) == 0 {
		return nil
	}
	_, err := m.w.Write(out)
	return err
}

// mask returns b with the secrets replaced, and (unless final) the tail of
// b that could begin a secret, which is not in out.
func (m *masker) mask(b []byte, final bool) (out, rest []byte) {
	last := 0
	i := 0
scan:
	for i < len(b) {
		if !m.first[b[i]] {
			i++
			continue
		}
		tail := b[i:]
		for _, s := range m.secrets {
			if !final && len(tail) < len(s) && bytes.HasPrefix(s, tail) {
				// A secret may start here: wait for more.
				break scan
			}
		}
		for _, s := range m.secrets {
			if bytes.HasPrefix(tail, s) {
				out = append(out, b[last:i]...)
				out = append(out, maskText...)
				i += len(s)
				last = i
				continue scan
			}
		}
		i++
	}
	out = append(out, b[last:i]...)
	return out, b[i:]
}
