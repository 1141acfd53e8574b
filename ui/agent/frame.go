// This file holds the framing of the protocol: every message is a 4-byte
// big-endian length and that many bytes.

package agent

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"
)

// Limits of the protocol (see the package doc, "Protocol").
const (
	// MaxFrame is the largest frame either side accepts: a request or
	// response larger than this is split (AddMany, lists) or refused.
	MaxFrame = 64 << 20
	// MaxBatch bounds the frames of one AddMany together: the largest
	// vault file (1 GiB) cannot hold more.
	MaxBatch = 1 << 30
	// tableChunk is the size at which a list starts a new frame.
	tableChunk = 1 << 20
	// directRead is the largest frame read into a buffer of its announced
	// size: a table frame with its last record.
	directRead = 2 * tableChunk
)

// errFrameTooLarge is a frame whose length is above [MaxFrame]: the
// connection cannot be read further.
var errFrameTooLarge = fmt.Errorf("%w: a frame is larger than %d bytes", ErrProtocol, MaxFrame)

// readFrame reads one frame. A frame of up to directRead bytes (every
// table frame) is read into a buffer of its size; a larger one into a
// buffer that grows with the bytes that arrive, not with the length a peer
// claims, so that announcing 64 MiB and sending nothing costs nothing.
func readFrame(r io.Reader) ([]byte, error) {
	var hdr [4]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return nil, err
	}
	n := binary.BigEndian.Uint32(hdr[:])
	if n > MaxFrame {
		return nil, errFrameTooLarge
	}
	if n <= directRead {
		buf := make([]byte, n)
		if _, err := io.ReadFull(r, buf); err != nil {
			clear(buf)
			return nil, err
		}
		return buf, nil
	}
	var buf bytes.Buffer
	buf.Grow(directRead)
	got, err := buf.ReadFrom(io.LimitReader(r, int64(n)))
	if err == nil && got < int64(n) {
		err = io.ErrUnexpectedEOF
	}
	if err != nil {
		clear(buf.Bytes())
		return nil, err
	}
	return buf.Bytes(), nil
}

// writeFrames writes payloads as frames in one system call where it can.
func writeFrames(w io.Writer, payloads ...[]byte) error {
	bufs := make(net.Buffers, 0, 2*len(payloads))
	for _, p := range payloads {
		if len(p) > MaxFrame {
			return fmt.Errorf("%w: a frame of %d bytes is larger than %d", ErrProtocol, len(p), MaxFrame)
		}
		bufs = append(bufs, binary.BigEndian.AppendUint32(nil, uint32(len(p))), p)
	}
	_, err := bufs.WriteTo(w)
	return err
}

// isClosed reports whether err means the peer went away.
func isClosed(err error) bool {
	return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, net.ErrClosed) ||
		errors.Is(err, syscall.EPIPE) || errors.Is(err, syscall.ECONNRESET)
}
