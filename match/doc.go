// Package match ranks vault entries against what a person types to find
// them: `passtea ls QUERY`, the app's filter, and any later front end (the
// agent, the local API) call it, so that one query finds the same entries,
// in the same order, everywhere.
//
// # Why a package of its own
//
// The rule is shared by every front end, so it lives below them. It is not
// in vault: vault owns the file format and the entries' storage, and how a
// person's query is understood is a question of presentation that changes
// for other reasons (and vault is being rewritten for format 2). match
// depends on vault only for [vault.Entry]; nothing in vault or crypto
// depends on it.
//
// # What matches
//
// A query is split on spaces into terms; an entry matches when every term
// matches one of its fields (name, username, URL, tags). Letters are
// compared without regard to case, and the query is put in Unicode NFC like
// names are, so "Café" typed with a combining accent finds "café". A term
// matches a field:
//
//   - contiguously: the term appears in the field as is: exactly, as its
//     prefix, as the prefix of a word, or (in the name only) anywhere;
//   - or fuzzily, within limits: its letters appear in order, the first at
//     the start of a word, and each next one either right after the one
//     before, at the start of a word, or at most [MaxGap] bytes after it.
//     So "gh" finds "github" and "git-hub", and "wgh" finds "work/github",
//     but a "g" in one word and an "h" somewhere far later do not make a
//     match.
//
// In the username, URL and tags a term must start where a word starts
// ("docker" finds "hub.docker.com", "hq" does not find "datadoghq.com"):
// those fields are long and full of common fragments (every address at
// gmail.com holds "mail", many host names hold "gh"), which would bury the
// entries whose names say what they are. A URL is matched without its
// scheme ("https://"), and a fuzzy match never runs from one field into the
// next. The matcher passtea had before (an unlimited subsequence of all
// fields joined) matched 163 of the 512 entries of testdata/corpus.csv for
// "gh", nearly all through the "h" of "https"; the tests hold the figures
// now.
//
// Words start at the start of the field, after a separator (space, "/",
// "-", "_", ".", "@", ":" and a few more), at a capital after a small letter
// ("GitHub") and at a digit after a letter ("web01").
//
// # How matches rank
//
// Best first, by [Tier]:
//
//  1. the name is the term, or one of its "/" groups is ("work/zoom" for
//     "zoom");
//  2. the name or one of its groups starts with the term;
//  3. a word of the name starts with the term;
//  4. the name holds the term elsewhere;
//  5. the username, URL or tags hold the term at the start of a word;
//  6. the name matches fuzzily;
//  7. the username, URL or tags match fuzzily.
//
// Contiguous matches in any field beat scattered ones, and within each kind
// the name beats the username, URL and tags. With several terms the entry
// takes the tier of its worst term. Within a tier, tighter matches come
// first: a shorter field (closer to exact), a match nearer its start, fewer
// letters skipped; ties keep the entries' own order (names, sorted).
//
// # Speed
//
// [NewIndex] folds every field once; a search allocates nothing per entry
// it rejects. A search may be limited to the hits of a shorter query it
// extends ([Index.Search]'s within), which is how the app keeps a keystroke
// over 10,000 entries near a millisecond: every entry a longer query
// matches, its prefix matches too.
package match
