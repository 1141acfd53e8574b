package serve

// This file writes the audit log: one JSON line per request with its time,
// client, endpoint, parameters, status and duration. Never a password: the
// handlers hand over only the parameters they know, and none of them is a
// password.

import (
	"io"
	"strconv"
	"sync"
	"time"
)

// Caps on what one audit line copies from a request.
const (
	maxAuditValue = 64  // bytes of one parameter value
	maxAuditPath  = 128 // bytes of the path
)

// auditLog writes lines to w. With a delay, lines are gathered and written
// together at most delay after the first, or when auditFlushBytes have
// gathered: one write for many requests instead of one each, at the price
// of losing the last delay's lines if the process is killed (a shutdown
// writes them). Lines from concurrent requests never interleave. Write
// errors are ignored: a full disk must not stop the service.
type auditLog struct {
	w     io.Writer
	delay time.Duration // 0: each line is written at once

	mu      sync.Mutex
	buf     []byte
	timer   *time.Timer
	pending bool // timer is set to flush buf
}

// auditFlushBytes is how much the log gathers before writing regardless of
// the delay.
const auditFlushBytes = 32 << 10

// param is one request parameter, as the audit log shows it.
type param struct{ name, value string }

// auditEntry is one request.
type auditEntry struct {
	start    time.Time
	client   string
	method   string
	endpoint string
	params   []param
	status   int
}

var lineBufs = sync.Pool{New: func() any { b := make([]byte, 0, 512); return &b }}

func (a *auditLog) write(e *auditEntry, end time.Time) {
	bp := lineBufs.Get().(*[]byte)
	b := (*bp)[:0]
	b = append(b, `{"time":`...)
	b = appendString(b, e.start.UTC().Format(time.RFC3339Nano))
	b = append(b, `,"client":`...)
	b = appendString(b, e.client)
	b = append(b, `,"method":`...)
	b = appendString(b, truncate(e.method, 16))
	b = append(b, `,"endpoint":`...)
	b = appendString(b, truncate(e.endpoint, maxAuditPath))
	b = append(b, `,"params":{`...)
	for i, p := range e.params {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, p.name)
		b = append(b, ':')
		b = appendString(b, truncate(p.value, maxAuditValue))
	}
	b = append(b, `},"status":`...)
	b = strconv.AppendInt(b, int64(e.status), 10)
	b = append(b, `,"duration_ms":`...)
	b = strconv.AppendFloat(b, float64(end.Sub(e.start).Microseconds())/1000, 'f', -1, 64)
	b = append(b, "}\n"...)
	a.emit(b)
	*bp = b
	lineBufs.Put(bp)
}

func (a *auditLog) emit(line []byte) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.delay == 0 {
		a.w.Write(line) //nolint:errcheck // see auditLog
		return
	}
	a.buf = append(a.buf, line...)
	switch {
	case len(a.buf) >= auditFlushBytes:
		a.flushLocked()
	case !a.pending:
		a.pending = true
		if a.timer == nil {
			a.timer = time.AfterFunc(a.delay, a.flush)
		} else {
			a.timer.Reset(a.delay)
		}
	}
}

// flush writes what has gathered.
func (a *auditLog) flush() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.flushLocked()
}

func (a *auditLog) flushLocked() {
	if len(a.buf) > 0 {
		a.w.Write(a.buf) //nolint:errcheck // see auditLog
		a.buf = a.buf[:0]
	}
	if a.pending {
		a.timer.Stop()
		a.pending = false
	}
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}
