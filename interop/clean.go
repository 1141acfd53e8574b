// This file holds the rules that make a source's values fit passtea's
// (vault/FORMAT.md, "Writes"): names, line breaks, tags, URLs.

package interop

import (
	"net/url"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/passtea/passtea/vault"
)

// Clean makes e fit the vault's rules where that can be done without
// losing information, recording each change in e.Changed:
//
//   - the name: kept if the vault takes it, else cleaned by [Name]; an
//     empty one is taken from the first URL's
//     host, else the username, else the kind;
//   - notes and visible fields: CR LF and lone CR become LF (values with
//     other control characters are left for the vault to refuse, naming
//     the record);
//   - tags: spaces and commas (which passtea's tags cannot hold) become
//     "-", duplicates go; more than vault.MaxTags and the rest are dropped;
//   - URLs: blank and repeated ones go; past vault.MaxURLs the rest are
//     dropped (and listed).
//
// Passwords, usernames and hidden fields are never changed.
func Clean(e *Entry) {
	e.Notes = Text(e.Notes)
	for i := range e.Fields {
		if !e.Fields[i].Concealed {
			e.Fields[i].Value = Text(e.Fields[i].Value)
		}
	}
	cleanTags(e)
	trimHistory(e)
	e.URLs = vault.NormalizeURLs(e.URLs)
	if len(e.URLs) > vault.MaxURLs {
		for _, u := range e.URLs[vault.MaxURLs:] {
			e.Drop("URL %q (passtea keeps %d URLs per entry)", u, vault.MaxURLs)
		}
		e.URLs = e.URLs[:vault.MaxURLs]
	}
	orig := e.Name
	if e.Name = vault.NormalizeName(e.Name); vault.ValidateName(e.Name) != nil {
		e.Name = Name(e.Name)
	}
	if e.Name == "" {
		e.Name = fallbackName(e)
		e.Change("has no name: named %q", e.Name)
	} else if e.Name != strings.TrimSpace(orig) {
		e.Change("name %q written %q", orig, e.Name)
	}
}

// SetPath names the entry after folder names and a title (see [Path]),
// and records a change when the name is not the parts as the source
// wrote them, joined by "/": a control character made a space, an empty
// level dropped, a name cut to length.
func (e *Entry) SetPath(parts ...string) {
	kept := make([]string, 0, len(parts))
	for _, p := range parts {
		if p != "" {
			kept = append(kept, p)
		}
	}
	raw := strings.Join(kept, "/")
	if e.Name = Path(parts...); e.Name != raw && e.Name != "" {
		e.Change("name %q written %q", raw, e.Name)
	}
}

// Title returns title, or for a blank one a name made from the entry's
// first URL's host, its username or its kind (recording the change). A
// reader that puts a folder path before the title calls it first:
// e.SetPath(folder, e.Title(title)).
func (e *Entry) Title(title string) string {
	if strings.TrimSpace(title) != "" {
		return title
	}
	name := fallbackName(e)
	e.Change("has no name: named %q", name)
	return name
}

// fallbackName names an entry without a name: its first URL's host, its
// username, or its kind.
func fallbackName(e *Entry) string {
	for _, u := range e.URLs {
		if h := Name(Host(u)); h != "" {
			return h
		}
	}
	if n := Name(strings.ReplaceAll(e.Username, "/", "-")); n != "" {
		return n
	}
	if e.Kind != "" {
		return string(e.Kind)
	}
	return "untitled"
}

// Host returns the host of an address ("https://www.example.com/x" and
// "example.com/x" give "example.com"), without "www.", or "".
func Host(addr string) string {
	addr = strings.TrimSpace(addr)
	if !strings.Contains(addr, "://") {
		addr = "https://" + addr
	}
	u, err := url.Parse(addr)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
}

// Name turns a source's name or path into a passtea name: segments split
// at "/", each trimmed, empty segments dropped; control and invisible
// format characters become spaces; Unicode NFC; cut to vault.MaxNameLen
// bytes on a character boundary. The result may be "" (no name).
func Name(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return ' '
		}
		return r
	}, vault.NormalizeName(s))
	parts := strings.Split(s, "/")
	out := parts[:0]
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	s = strings.Join(out, "/")
	if len(s) > vault.MaxNameLen {
		cut := vault.MaxNameLen
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = strings.TrimRight(s[:cut], " /")
	}
	return s
}

// Path joins folder names and a title into a name path ("work", "dev",
// "github" give "work/dev/github"), each part cleaned by [Name]; "/" in a
// part makes more levels, as in Bitwarden's nested folders.
func Path(parts ...string) string {
	kept := make([]string, 0, len(parts))
	for _, p := range parts {
		if p = Name(p); p != "" {
			kept = append(kept, p)
		}
	}
	return Name(strings.Join(kept, "/"))
}

// Text normalises line breaks: CR LF and lone CR become LF.
func Text(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

// fieldName makes a custom field's name acceptable: control characters
// become spaces, surrounding space goes, at most vault.MaxFieldNameLen
// bytes; an empty name is "field".
func fieldName(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.TrimSpace(strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s))
	if len(s) > vault.MaxFieldNameLen {
		cut := vault.MaxFieldNameLen
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut]
	}
	if s == "" {
		return "field"
	}
	return s
}

// cleanTags respells tags passtea cannot hold and drops the excess.
func cleanTags(e *Entry) {
	if len(e.Tags) > maxCollected {
		e.Drop("%d tags past the first %d", len(e.Tags)-maxCollected, maxCollected)
		e.Tags = e.Tags[:maxCollected]
	}
	var out []string
	for _, t := range e.Tags {
		orig := t
		t = strings.TrimSpace(strings.Map(func(r rune) rune {
			if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
				return -1
			}
			return r
		}, strings.ToValidUTF8(t, "")))
		t = strings.Join(strings.FieldsFunc(t, func(r rune) bool { return r == ',' || unicode.IsSpace(r) }), "-")
		if len(t) > vault.MaxTagLen {
			cut := vault.MaxTagLen
			for cut > 0 && !utf8.RuneStart(t[cut]) {
				cut--
			}
			t = t[:cut]
		}
		if t != orig && strings.TrimSpace(orig) != "" {
			e.Change("tag %q written %q", orig, t)
		}
		out = append(out, t)
	}
	out = vault.NormalizeTags(out)
	if len(out) > vault.MaxTags {
		for _, t := range out[vault.MaxTags:] {
			e.Drop("tag %q (passtea keeps %d tags per entry)", t, vault.MaxTags)
		}
		out = out[:vault.MaxTags]
	}
	e.Tags = out
}

// Sensitive guesses from a field's name whether its value is a secret to
// conceal (for sources that do not say): it names a PIN, password,
// passphrase, secret, token, key, CVV, code, answer, recovery code or
// private part.
func Sensitive(name string) bool {
	n := strings.ToLower(name)
	for _, s := range []string{"pin", "password", "passphrase", "secret", "token", "key", "cvv", "code", "answer", "recovery", "private", "ssn", "iban"} {
		if strings.Contains(n, s) {
			return true
		}
	}
	return false
}

// trimHistory keeps the newest vault.MaxHistory earlier values of each
// field (the vault keeps no more) and lists how many older ones go.
func trimHistory(e *Entry) {
	type key struct {
		kind vault.FieldKind
		name string
	}
	count := map[key]int{}
	for _, h := range e.History {
		count[key{h.Kind, h.Field}]++
	}
	over := false
	for _, n := range count {
		over = over || n > vault.MaxHistory
	}
	if !over {
		return
	}
	hist := slices.Clone(e.History)
	slices.SortStableFunc(hist, func(a, b vault.OldValue) int { return b.Set.Compare(a.Set) })
	kept := map[key]int{}
	out := hist[:0]
	for _, h := range hist {
		k := key{h.Kind, h.Field}
		if kept[k] < vault.MaxHistory {
			kept[k]++
			out = append(out, h)
		}
	}
	for k, n := range count {
		if n > vault.MaxHistory {
			e.Drop("the %d oldest earlier values of the %s (passtea keeps %d)", n-vault.MaxHistory, k.kind, vault.MaxHistory)
		}
	}
	slices.Reverse(out)
	e.History = out
}
