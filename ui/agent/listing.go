// This file holds the requests that list a whole vault (entries, and
// names for completion) and the listings the agent keeps for the next
// such request.

package agent

import "github.com/passtea/passtea/vault"

// listing is the tables made for a list of entries. The vault hands out
// the same slice of entries until they change (and a held slice cannot be
// freed and its memory reused), so the tables made for it serve the next
// request as long as the vault gives that slice: `passtea ls` and every
// tab of completion then cost the agent no encoding of 10,000 entries
// (0.65 ms for the names, here).
type listing struct {
	of     []vault.Entry
	tables [][]byte
}

// reply answers with the kept tables when they were made for es, else
// with those that build makes, kept for next time.
func (l *listing) reply(es []vault.Entry, build func([]vault.Entry) reply) reply {
	if len(es) > 0 && len(l.of) == len(es) && &l.of[0] == &es[0] {
		r := ok()
		r.tables, r.resp.Count = l.tables, len(es)
		return r
	}
	r := build(es)
	l.of, l.tables = es, r.tables
	return r
}

// listEntries lists the live entries.
func listEntries(h *held, _ *request) (reply, error) {
	es, err := h.v.Entries()
	if err != nil {
		return reply{}, err
	}
	return h.listed.reply(es, func(es []vault.Entry) reply {
		r, _ := entries(es, nil)
		return r
	}), nil
}

// names lists the names of the live entries or, given an entry, its custom
// fields' names.
func names(h *held, req *request) (reply, error) {
	if req.Name != "" {
		return fieldNames(h.v, req.Name)
	}
	es, err := h.v.Entries()
	if err != nil {
		return reply{}, err
	}
	return h.named.reply(es, func(es []vault.Entry) reply {
		tw := tableWriter{hint: len(es) * nameSize}
		for _, e := range es {
			tw.name(e.Name)
		}
		return tableReply(&tw)
	}), nil
}

// fieldNames lists the names of the custom fields of the entry called name.
func fieldNames(v *vault.Vault, name string) (reply, error) {
	e, err := v.Get(name)
	if err != nil {
		return reply{}, err
	}
	sec, err := v.Secret(e.ID)
	if err != nil {
		return reply{}, err
	}
	var tw tableWriter
	for _, f := range sec.Fields {
		tw.name(f.Name)
	}
	return tableReply(&tw), nil
}
