package tui

// This file draws strength meters: the zxcvbn score of a typed password
// (create, form, settings) and the exact entropy of a generated one.

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/passtea/passtea/generator/strength"
)

// bar draws a meter of width cells filled to frac (0–1) in colour band.
func bar(s Styles, width int, frac float64, band int) string {
	width = max(width, 4)
	n := int(frac*float64(width) + 0.5)
	n = min(max(n, 0), width)
	full := lipgloss.NewStyle().Foreground(s.Bands[band]).Render(strings.Repeat(s.BarFull, n))
	empty := lipgloss.NewStyle().Foreground(s.Faint).Render(strings.Repeat(s.BarEmpty, width-n))
	return full + empty
}

// scoreBand maps a zxcvbn score to one of the four colour bands.
func scoreBand(score int) int {
	switch {
	case score <= 1:
		return 0
	case score == 2:
		return 1
	case score == 3:
		return 2
	}
	return 3
}

// strengthView is the meter of a typed password: score bar, crack times,
// zxcvbn's warning and suggestions. vaultLabel names the key derivation the
// vault crack time is computed against ("this vault").
func strengthView(s Styles, r strength.Report, width int, vaultLabel string) string {
	barW := min(max(width-22, 8), 24)
	band := scoreBand(r.Score)
	name := lipgloss.NewStyle().Foreground(s.Bands[band]).Bold(true).Render(strength.ScoreName(r.Score))
	lines := []string{s.Label.Render("strength  ") + bar(s, barW, float64(r.Score+1)/5, band) + " " + name}

	var crack string
	if r.VaultKnown() {
		crack = fmt.Sprintf("%s to crack against %s", strength.FormatCrackTime(r.CrackSecondsVault), vaultLabel)
		crack += s.Separator + fmt.Sprintf("%s at 10¹⁰ guesses/s", strength.FormatCrackTime(r.CrackSecondsFastHash))
	} else {
		crack = fmt.Sprintf("%s to crack at 10¹⁰ guesses/s", strength.FormatCrackTime(r.CrackSecondsFastHash))
	}
	lines = append(lines, s.Dim.Render(wrap(crack, width)))
	if r.Warning != "" {
		lines = append(lines, s.Warn.Render(wrap("⚠ "+r.Warning, width)))
	}
	for _, sg := range r.Suggestions {
		lines = append(lines, s.Dim.Render(wrap("· "+sg, width)))
	}
	return strings.Join(lines, "\n")
}

// entropyBand is the band of a generated secret's entropy, and its name in
// the words of the scores (strength.ScoreName): an offline attacker is
// assumed, so the bands are stricter than zxcvbn's scores.
func entropyBand(bits float64) (int, string) {
	var band int
	switch {
	case bits < 50:
		band = 0
	case bits < 80:
		band = 1
	case bits < 100:
		band = 2
	default:
		band = 3
	}
	return band, strength.ScoreName(band + 1)
}

// entropyView is the meter of a generated secret: bar, exact bits, band and
// the crack time at 10¹⁰ guesses/s.
func entropyView(s Styles, bits float64, width int) string {
	band, name := entropyBand(bits)
	barW := min(max(width-30, 8), 32)
	frac := min(bits/128, 1)
	r := strength.EntropyReport(bits, 0)
	head := s.Label.Render("entropy  ") + bar(s, barW, frac, band) + " " +
		lipgloss.NewStyle().Foreground(s.Bands[band]).Bold(true).Render(fmt.Sprintf("%.1f bits", bits)) +
		s.Dim.Render(" "+name)
	crack := s.Dim.Render(wrap(fmt.Sprintf("%s to crack at 10¹⁰ guesses/s", strength.FormatCrackTime(r.CrackSecondsFastHash)), width))
	return head + "\n" + crack
}
