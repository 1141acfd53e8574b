package cli

// This file draws the progress bar of long imports and exports on
// standard error, when standard error is a terminal.

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/passtea/passtea/ui/words"
)

// progressBar is one line of standard error redrawn in place: a label, a
// bar when the total is known, and the count. A nil *progressBar draws
// nothing, so that commands call it unconditionally.
type progressBar struct {
	mu    sync.Mutex
	w     io.Writer
	label string
	now   func() time.Time
	last  time.Time // when the line was last drawn
	drawn bool
}

// minRedraw is the least time between two redraws.
const minRedraw = 100 * time.Millisecond

// barWidth is the bar's width in cells.
const barWidth = 24

// newProgressBar returns a bar on standard error when it is a terminal,
// else nil.
func newProgressBar(e *env, label string) *progressBar {
	f, ok := e.stderr.(*os.File)
	if !ok || !isTerminal(f) {
		return nil
	}
	return &progressBar{w: f, label: label, now: time.Now}
}

// report shows that done of total items are done (total 0: unknown). It
// redraws at most every minRedraw, and always at the end.
func (p *progressBar) report(done, total int) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	if p.drawn && now.Sub(p.last) < minRedraw && (total == 0 || done < total) {
		return
	}
	p.last, p.drawn = now, true
	line := p.label + " " + words.Thousands(int64(done))
	if total > 0 {
		filled := min(barWidth, barWidth*done/total)
		line = fmt.Sprintf("%s ▕%s%s▏ %s of %s", p.label, strings.Repeat("█", filled), strings.Repeat(" ", barWidth-filled),
			words.Thousands(int64(done)), words.Thousands(int64(total)))
	}
	fmt.Fprintf(p.w, "\r\x1b[K%s", line)
}

// phase shows a step without a count ("saving the vault…").
func (p *progressBar) phase(label string) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.label, p.drawn, p.last = label, true, p.now()
	fmt.Fprintf(p.w, "\r\x1b[K%s", label)
}

// done clears the line, so that what is printed next starts clean.
func (p *progressBar) done() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.drawn {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.drawn = false
	}
}
