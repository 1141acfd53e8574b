package tui

// This file draws the audit's badges in the list: after the name, a slot
// of three cells that shows B (breached), R (reused) and W (weak), each in
// its place, for the findings the last audit made and nobody accepted.
// The slot is always there, so columns do not move when an audit ends.
// Letters, not colour alone, tell the findings apart (NO_COLOR).

import (
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/passtea/passtea/audit"
)

// badge is a set of an entry's unaccepted findings that the list shows.
type badge uint8

const (
	badgeBreached badge = 1 << iota
	badgeReused
	badgeWeak
)

// badgeKinds are the badges in the order of their cells, with their
// letters.
var badgeKinds = [...]struct {
	bit    badge
	letter string
}{{badgeBreached, "B"}, {badgeReused, "R"}, {badgeWeak, "W"}}

// badgeCells is the width of the slot: a space, then a cell per kind.
const badgeCells = 1 + len(badgeKinds)

// badgeOf is the badge of r's unaccepted findings.
func badgeOf(r audit.Result) badge {
	var b badge
	for _, f := range r.Findings {
		switch f.Name {
		case audit.Breached:
			b |= badgeBreached
		case audit.Reused:
			b |= badgeReused
		case audit.Weak:
			b |= badgeWeak
		}
	}
	return b
}

// badgePaints are the paints of the letters, on a plain row and on the
// highlighted one.
type badgePaints struct {
	plain, selected [len(badgeKinds)]paint
}

func newBadgePaints(s Styles) badgePaints {
	var bp badgePaints
	for i, fg := range [len(badgeKinds)]lipgloss.Style{s.Error, s.Error, s.Warn.Bold(true)} {
		bp.plain[i] = paintOf(fg)
		bp.selected[i] = paintOf(s.Selected.Foreground(fg.GetForeground()))
	}
	return bp
}

// draw writes the slot for b; base paints the cells without a letter.
func (bp badgePaints) draw(sb *strings.Builder, b badge, selected bool, base paint) {
	ps := &bp.plain
	if selected {
		ps = &bp.selected
	}
	if b == 0 {
		base.draw(sb, "    "[:badgeCells])
		return
	}
	base.draw(sb, " ")
	for i, k := range badgeKinds {
		if b&k.bit != 0 {
			ps[i].draw(sb, k.letter)
		} else {
			base.draw(sb, " ")
		}
	}
}
