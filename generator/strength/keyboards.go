package strength

// This file holds the keyboard layouts the spatial matcher walks, and builds
// their adjacency graphs from them on first use.

import (
	"strings"
	"sync"
)

// The layouts are facts about keyboards, drawn the way zxcvbn 4.4.2's
// data-scripts/build_keyboard_adjacency_graphs.py draws them: each key is a
// token of its unshifted and shifted character (one character on keypads),
// and a keyboard row starts one column further right than the row above it.
const (
	qwertyLayout = `
` + "`~" + ` 1! 2@ 3# 4$ 5% 6^ 7& 8* 9( 0) -_ =+
    qQ wW eE rR tT yY uU iI oO pP [{ ]} \|
     aA sS dD fF gG hH jJ kK lL ;: '"
      zZ xX cC vV bB nN mM ,< .> /?
`
	dvorakLayout = `
` + "`~" + ` 1! 2@ 3# 4$ 5% 6^ 7& 8* 9( 0) [{ ]}
    '" ,< .> pP yY fF gG cC rR lL /? =+ \|
     aA oO eE uU iI dD hH tT nN sS -_
      ;: qQ jJ kK xX bB mM wW vV zZ
`
	keypadLayout = `
  / * -
7 8 9 +
4 5 6
1 2 3
  0 .
`
	macKeypadLayout = `
  = / *
7 8 9 -
4 5 6 +
1 2 3
  0 .
`
)

// A graph maps each character of a keyboard to the keys around it, in a
// fixed clockwise order of directions; a key is the string of characters on
// it ("qQ"), "" where there is no key in that direction.
type graph struct {
	name string
	adj  map[rune][]string
	// slanted graphs are typewriter keyboards, whose shifted characters
	// count as shifted keys.
	slanted bool
}

// keyboards are the graphs in the order zxcvbn 4.4.2 tries them.
var keyboards = sync.OnceValue(func() []graph {
	return []graph{
		buildGraph("qwerty", qwertyLayout, true),
		buildGraph("dvorak", dvorakLayout, true),
		buildGraph("keypad", keypadLayout, false),
		buildGraph("mac_keypad", macKeypadLayout, false),
	}
})

// buildGraph reads a layout: a key's column is its offset in its line, less
// the row's slant, in units of a token and a space. A slanted key has six
// neighbours (left, the two above, right, the two below); an aligned keypad
// key has eight.
func buildGraph(name, layout string, slanted bool) graph {
	type pos struct{ x, y int }
	keys := map[pos]string{}
	var order []pos
	for y, line := range strings.Split(layout, "\n") {
		slant := 0
		if slanted {
			slant = y - 1
		}
		for off := 0; off < len(line); {
			if line[off] == ' ' {
				off++
				continue
			}
			end := off
			for end < len(line) && line[end] != ' ' {
				end++
			}
			unit := end - off + 1
			p := pos{(off - slant) / unit, y}
			keys[p] = line[off:end]
			order = append(order, p)
			off = end
		}
	}
	var around []pos
	if slanted {
		around = []pos{{-1, 0}, {0, -1}, {1, -1}, {1, 0}, {0, 1}, {-1, 1}}
	} else {
		around = []pos{{-1, 0}, {-1, -1}, {0, -1}, {1, -1}, {1, 0}, {1, 1}, {0, 1}, {-1, 1}}
	}
	g := graph{name: name, adj: map[rune][]string{}, slanted: slanted}
	for _, p := range order {
		next := make([]string, len(around))
		for d, a := range around {
			next[d] = keys[pos{p.x + a.x, p.y + a.y}]
		}
		for _, c := range keys[p] {
			g.adj[c] = next
		}
	}
	return g
}

// averageDegree is the mean number of neighbouring keys of a character of g.
func (g graph) averageDegree() float64 {
	n := 0
	for _, next := range g.adj {
		for _, k := range next {
			if k != "" {
				n++
			}
		}
	}
	return float64(n) / float64(len(g.adj))
}
